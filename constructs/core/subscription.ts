/**
 * The subscription a construct deploys into, the way aws-cdk constructs read `Stack.of(this).account`:
 * a stack marks itself once, every construct below it can ask. Constructs need it where Azure writes
 * the subscription into a value Terraform compares (role definition IDs, azure/roles.ts
 * `roleDefinitionId`), so the stack's own `subscription_id` is the single source.
 */
import { IConstruct } from 'constructs';

const SUBSCRIPTION = Symbol.for('ailz.subscriptionId');

/** Marks `scope` (a stack) as deploying into `subscriptionId` (a GUID or a Terraform expression for one). */
export function setSubscription(scope: IConstruct, subscriptionId: string): void {
  Object.defineProperty(scope, SUBSCRIPTION, { value: subscriptionId, enumerable: false, configurable: true });
}

/** The subscription of the nearest enclosing scope marked with `setSubscription`, if any. */
export function subscriptionOf(scope: IConstruct): string | undefined {
  const scopes = scope.node.scopes;
  for (let i = scopes.length - 1; i >= 0; i--) {
    const value = (scopes[i] as unknown as Record<symbol, unknown>)[SUBSCRIPTION];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
