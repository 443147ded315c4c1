/**
 * The reference deployment against Azure's own rules, each written here as data with its source
 * (issue "Deployable", review azure-review-e3fe400): not what the code does, what Azure accepts.
 */
import { referenceConfig, resourcesOf, synthStacks } from './helpers';

const stacks = synthStacks(referenceConfig());

/** `${type.name.attr}` -> the type of the referenced resource in the same stack. */
function referencedType(stack: any, value: unknown): string | undefined {
  const m = typeof value === 'string' ? /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}/.exec(value) : null;
  return m && stack.resource?.[m[1]]?.[m[2]] ? m[1] : undefined;
}

describe('F9: role definition IDs in the form ARM returns for the assignment scope', () => {
  // Azure's rule (azurerm v4.55.0 role_assignment_resource.go:310,316-318; GH#19847): an assignment at a
  // management group (or "/") reads back `/providers/Microsoft.Authorization/roleDefinitions/<guid>`;
  // one at a subscription, resource group or resource reads back
  // `/subscriptions/<that subscription>/providers/Microsoft.Authorization/roleDefinitions/<guid>`.
  // azurerm replaces the assignment whenever the configured value differs (ForceNew, case-only suppression).
  const TENANT_FORM = /^\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/;
  const subscriptionForm = (sub: string) => new RegExp(`^/subscriptions/${sub.replace(/[$.{}]/g, '\\$&')}/providers/Microsoft\\.Authorization/roleDefinitions/[0-9a-f-]{36}$`);

  const assignments = Object.entries(stacks).flatMap(([name, stack]) => resourcesOf(stack)
    .filter(([type]) => type === 'azurerm_role_assignment')
    .map(([, logical, body]) => ({ name, stack, address: `${name}/${logical}`, body })));

  it('covers the assignments of every stack', () => {
    expect(new Set(assignments.map((a) => a.name))).toEqual(new Set(['governance', 'workload-chat', 'workload-research']));
  });

  it.each(assignments.map((a) => [a.address, a] as const))('%s', (_address, { stack, body }) => {
    const atManagementGroup = /^\/providers\/Microsoft\.Management\/managementGroups\//i.test(body.scope) || body.scope === '/'
      || referencedType(stack, body.scope) === 'azurerm_management_group';
    const subscription = /^\/subscriptions\/([^/]+)/.exec(body.scope)?.[1] ?? stack.provider.azurerm[0].subscription_id;
    expect(body.role_definition_id).toMatch(atManagementGroup ? TENANT_FORM : subscriptionForm(subscription));
  });
});
