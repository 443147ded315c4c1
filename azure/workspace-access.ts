/**
 * What an identity needs on a Log Analytics workspace to make it the destination of a diagnostic setting.
 * Azure Resource Manager checks "linked access" on the destination of the setting it writes: without these
 * actions on the workspace the write fails with LinkedAuthorizationFailed ("... does not have permission to
 * perform action 'Microsoft.OperationalInsights/workspaces/sharedKeys/action' on the linked scope(s) ...").
 *
 * Source: Microsoft Learn, "Manage access to Log Analytics workspaces" (azure-monitor/logs/manage-access.md):
 * `Microsoft.OperationalInsights/workspaces/read` to see the workspace and
 * `Microsoft.OperationalInsights/workspaces/sharedKeys/action` "read the workspace keys to allow sending logs to
 * this workspace". Read 2026-11-26. The built-ins that carry both (Log Analytics Contributor
 * `Microsoft.OperationalInsights/*`, Monitoring Contributor, Contributor, Owner) also carry far more (delete,
 * purge, saved searches), so ailz grants a custom role with exactly these two actions.
 */
export const DIAGNOSTICS_DESTINATION_ACTIONS: readonly string[] = [
  'Microsoft.OperationalInsights/workspaces/read',
  'Microsoft.OperationalInsights/workspaces/sharedKeys/action',
];

/**
 * Built-in roles that grant both actions (checked against the built-in role catalog by `npm run check:reference`):
 * Owner, Contributor, Log Analytics Contributor, Monitoring Contributor.
 */
export const DIAGNOSTICS_DESTINATION_BUILT_IN_ROLES: readonly string[] = [
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  'b24988ac-6180-42a0-ab88-20f7382dd24c',
  '92aaf0da-9dab-42b6-94a3-d43ce8d16293',
  '749f88d5-cbae-40b8-bcfc-e573ddc772fa',
];

/** Whether a list of RBAC action patterns (`*` wildcards, case-insensitive) grants an action. */
export function actionsGrant(patterns: readonly string[], action: string): boolean {
  return patterns.some((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i').test(action));
}
