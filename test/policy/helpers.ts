/**
 * Test helpers for the policy evaluator: ARM resources and policy definitions written for the tests, in the
 * documented policy language (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule).
 */
import { ArmResource, ArmValue, Modelled } from '../../arm/resource';
import { EvalContext, evaluateCondition } from '../../policy/conditions';
import { PolicyDefinition, Tri } from '../../policy/types';

export function arm(partial: {
  type: string;
  name?: string;
  properties?: Record<string, ArmValue>;
  location?: ArmValue;
  tags?: ArmValue;
  kind?: ArmValue;
  sku?: ArmValue;
  identity?: ArmValue;
  id?: string;
  apiVersion?: string;
  modelled?: Modelled;
  subscription?: string;
}): ArmResource {
  const name = partial.name ?? 'res1';
  const id = partial.id ?? `/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1/providers/${partial.type}/${name}`;
  return {
    type: partial.type,
    name,
    fullName: name,
    id,
    scopeId: id.toLowerCase(),
    apiVersion: partial.apiVersion ?? '2023-05-01',
    location: partial.location,
    tags: partial.tags,
    kind: partial.kind,
    sku: partial.sku,
    identity: partial.identity,
    properties: partial.properties ?? {},
    modelled: partial.modelled ?? 'all',
    subscription: partial.subscription ?? '00000000-0000-0000-0000-000000000001',
    source: { stack: 'test', address: `test.${name}`, origin: 'terraform' },
  };
}

export function definition(policyRule: any, parameters: Record<string, any> = {}, extra: Partial<PolicyDefinition> = {}): PolicyDefinition {
  return {
    id: '/providers/Microsoft.Authorization/policyDefinitions/test-definition',
    name: 'test-definition',
    displayName: 'Test definition',
    mode: 'All',
    parameters,
    policyRule,
    source: 'test',
    ...extra,
  };
}

/** Evaluates a condition on a resource with parameter values. */
export function evalOn(condition: unknown, r: ArmResource, parameters: Record<string, ArmValue> = {}, trace = false): Tri {
  return evaluateCondition(condition, ctx(r, parameters, trace)).result;
}

export function ctx(r: ArmResource, parameters: Record<string, ArmValue> = {}, trace = false): EvalContext {
  return { resource: r, ifResource: r, parameters, definition: definition({ if: {}, then: { effect: 'audit' } }), now: '2026-11-26T00:00:00Z', trace };
}
