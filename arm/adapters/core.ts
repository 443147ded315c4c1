/**
 * Adapters for the resources that hold everything else: resource groups, and governance resources that define
 * scopes rather than being judged by them.
 * Provider source: hashicorp/terraform-provider-azurerm @ v4.55.0, `internal/services/...`.
 */
import { Adapter, compact } from '../adapter';
import { UNKNOWN, isUnknown } from '../resource';

/** resource/resource_group_resource.go:66 resourceResourceGroupCreate: `{ location: Normalize(location), tags }`. */
export const RESOURCE_GROUP: Adapter = {
  terraformType: 'azurerm_resource_group',
  source: 'resource/resource_group_resource.go:66-110',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Resources/subscriptions/resourceGroups',
      name: c.nameOf(),
      placement: { kind: 'isResourceGroup' },
      location: c.location(),
      tags: c.tags(),
      properties: compact({ managedBy: c.value('managed_by') }),
      modelled: 'all',
    }],
  }),
};

const scopeOnly = (terraformType: string, why: string): Adapter => ({
  terraformType,
  source: 'defines a scope or an assignment: read by policy/assignments.ts, not judged',
  build: () => ({ notJudged: why }),
});

/** managementgroup/management_group_resource.go: ID `/providers/Microsoft.Management/managementGroups/<name>`. */
const MANAGEMENT_GROUP: Adapter = {
  ...scopeOnly('azurerm_management_group', 'management group (a scope)'),
  id: (c) => {
    const name = c.nameOf();
    return { value: typeof name.value === 'string' ? `/providers/Microsoft.Management/managementGroups/${name.value}` : name.value, scope: `/providers/microsoft.management/managementgroups/${name.scope}` };
  },
};

/**
 * policy/policy_definition_resource.go:89-192 (v4.55.0): created at `management_group_id` when set
 * (CreateOrUpdateAtManagementGroup), otherwise at the provider's subscription (CreateOrUpdate); the ID is the one
 * ARM returns, `{scope}/providers/Microsoft.Authorization/policyDefinitions/{name}`. policy/assignments.ts reads the
 * definition itself (`policy_rule`, `parameters`, `mode`) for the assignments that reference it.
 */
const POLICY_DEFINITION: Adapter = {
  ...scopeOnly('azurerm_policy_definition', 'policy definition'),
  id: (c) => {
    const mg = c.raw('management_group_id') !== undefined ? c.resolved('management_group_id') : undefined;
    const at = mg ?? { value: isUnknown(c.subscription.value) ? UNKNOWN : `/subscriptions/${c.subscription.value}`, scope: `/subscriptions/${c.subscription.scope}` };
    const name = c.nameOf();
    const tail = '/providers/Microsoft.Authorization/policyDefinitions/';
    return {
      value: isUnknown(at.value) || isUnknown(name.value) ? UNKNOWN : `${at.value}${tail}${name.value}`,
      scope: `${at.scope}${tail.toLowerCase()}${name.scope}`,
    };
  },
};

/** Governance resources: they are the scopes and assignments, at management-group or tenant level. */
export const GOVERNANCE_SCOPE_ADAPTERS: readonly Adapter[] = [
  MANAGEMENT_GROUP,
  scopeOnly('azurerm_management_group_subscription_association', 'places a subscription in a management group (a scope)'),
  scopeOnly('azurerm_subscription', 'vends a subscription; its Microsoft.Resources/subscriptions resource is judged through the placement'),
  scopeOnly('azurerm_management_group_policy_assignment', 'policy assignment'),
  scopeOnly('azurerm_subscription_policy_assignment', 'policy assignment'),
  scopeOnly('azurerm_resource_group_policy_assignment', 'policy assignment'),
  scopeOnly('azurerm_resource_policy_assignment', 'policy assignment'),
  scopeOnly('azurerm_management_group_policy_exemption', 'policy exemption'),
  scopeOnly('azurerm_subscription_policy_exemption', 'policy exemption'),
  scopeOnly('azurerm_resource_group_policy_exemption', 'policy exemption'),
  scopeOnly('azurerm_resource_policy_exemption', 'policy exemption'),
  POLICY_DEFINITION,
  scopeOnly('azurerm_policy_set_definition', 'policy set definition'),
  scopeOnly('azurerm_management_group_policy_set_definition', 'policy set definition'),
];
