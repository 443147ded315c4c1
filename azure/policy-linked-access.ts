/**
 * What a DeployIfNotExists remediation identity needs on a resource its deployment links to but does not
 * deploy (the destination of a diagnostic setting, ...). Azure Resource Manager checks "linked access" on such
 * IDs: without rights there the deployment fails with `LinkedAuthorizationFailed` ("has permission to perform
 * action ... however, it does not have permission to perform action
 * 'Microsoft.OperationalInsights/workspaces/sharedKeys/action' on the linked scope(s) ...").
 *
 * Sources, read 2026-11-26:
 * - Azure Policy parameters with `metadata.assignPermissions: true` are exactly these links: "useful in case you
 *   wish to assign permissions outside the assignment scope. There's one role assignment per role definition in
 *   the policy" (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-parameters#strongtype);
 *   the roles are the definition's own `roleDefinitionIds`.
 * - Log Analytics workspace as destination: `Microsoft.OperationalInsights/workspaces/read` and
 *   `.../sharedKeys/action` on the workspace (MicrosoftDocs azure-docs `articles/azure-monitor/logs/manage-access.md`,
 *   custom role example "send data to the workspace"); Log Analytics Contributor grants both.
 * - Storage account and Event Hubs destinations: the roles Microsoft's own built-in DeployIfNotExists definitions
 *   for those destinations name (Azure/azure-policy @ f4a50bac, `../shared/reference/azure-policy-rules.json`:
 *   140 definitions whose existence condition checks `diagnosticSettings/storageAccountId` name Log Analytics
 *   Contributor; 140 checking `eventHubAuthorizationRuleId` name Log Analytics Contributor and Azure Event Hubs
 *   Data Owner).
 */
import { ROLES } from './roles';

export interface LinkedAccessRule {
  /** Existence-condition alias suffix (after the type) or parameter `strongType` that marks the link. */
  readonly match: { readonly aliasSuffix?: string; readonly strongType?: string };
  /** What the link points to, in words. */
  readonly what: string;
  /** Actions the linked-access check requires on that resource. */
  readonly actions: readonly string[];
  /** Built-in role GUIDs that grant those actions (any one suffices). */
  readonly roles: readonly string[];
}

const ROLE = {
  OWNER: ROLES.owner.id,
  CONTRIBUTOR: ROLES.contributor.id,
  LOG_ANALYTICS_CONTRIBUTOR: ROLES.logAnalyticsContributor.id,
  EVENT_HUBS_DATA_OWNER: ROLES.eventHubsDataOwner.id,
} as const;

export const LINKED_ACCESS_RULES: readonly LinkedAccessRule[] = [
  {
    match: { aliasSuffix: 'workspaceId', strongType: 'omsWorkspace' },
    what: 'Log Analytics workspace (diagnostic-setting destination)',
    actions: ['Microsoft.OperationalInsights/workspaces/read', 'Microsoft.OperationalInsights/workspaces/sharedKeys/action'],
    roles: [ROLE.LOG_ANALYTICS_CONTRIBUTOR, ROLE.CONTRIBUTOR, ROLE.OWNER],
  },
  {
    match: { strongType: 'Microsoft.OperationalInsights/workspaces' },
    what: 'Log Analytics workspace',
    actions: ['Microsoft.OperationalInsights/workspaces/read', 'Microsoft.OperationalInsights/workspaces/sharedKeys/action'],
    roles: [ROLE.LOG_ANALYTICS_CONTRIBUTOR, ROLE.CONTRIBUTOR, ROLE.OWNER],
  },
  {
    match: { aliasSuffix: 'storageAccountId', strongType: 'Microsoft.Storage/storageAccounts' },
    what: 'storage account (diagnostic-setting destination)',
    actions: ['Microsoft.Storage/storageAccounts/read', 'Microsoft.Storage/storageAccounts/listKeys/action'],
    roles: [ROLE.LOG_ANALYTICS_CONTRIBUTOR, ROLE.CONTRIBUTOR, ROLE.OWNER],
  },
  {
    match: { aliasSuffix: 'eventHubAuthorizationRuleId', strongType: 'Microsoft.EventHub/Namespaces/AuthorizationRules' },
    what: 'Event Hubs authorization rule (diagnostic-setting destination)',
    actions: ['Microsoft.EventHub/namespaces/authorizationRules/listKeys/action'],
    roles: [ROLE.EVENT_HUBS_DATA_OWNER, ROLE.CONTRIBUTOR, ROLE.OWNER],
  },
];

/** The linked-access rule for an existence-condition alias (`Microsoft.Insights/diagnosticSettings/workspaceId`) or a parameter strongType. */
export function linkedAccessRule(by: { alias?: string; strongType?: string }): LinkedAccessRule | undefined {
  const suffix = by.alias?.split('/').pop()?.toLowerCase();
  const st = by.strongType?.toLowerCase();
  return LINKED_ACCESS_RULES.find((r) =>
    (suffix !== undefined && r.match.aliasSuffix?.toLowerCase() === suffix) || (st !== undefined && r.match.strongType?.toLowerCase() === st));
}
