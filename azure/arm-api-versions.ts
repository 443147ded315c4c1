/**
 * The ARM REST API versions `ailz assess` and `ailz policy pull` call, one per operation, each the
 * stable version whose response format the code reads (and the fake server in the tests serves).
 *
 * Source: the REST API specifications (github.com/Azure/azure-rest-api-specs, read 2026-09-01):
 * - Resource Graph `resources` query: resourcegraph/.../stable/2022-10-01 (ResourcesNextPageQuery.json: `$skipToken`, `data`).
 * - Role assignment / eligibility schedule instances: authorization/.../stable/2020-10-01
 *   (GetRoleAssignmentScheduleInstancesByScope.json, GetRoleEligibilityScheduleInstancesByScope.json).
 * - Diagnostic settings: monitor/.../preview/2021-05-01-preview (listDiagnosticSettings.json; the
 *   version with `categoryGroup`, which `allLogs` needs).
 * - Cognitive Services deployments and RAI policies: cognitiveservices/.../stable/2024-10-01
 *   (ListDeployments.json, ListRaiPolicies.json).
 * - Sentinel analytics rules: securityinsights/.../stable/2024-09-01 (AlertRules list).
 * - Subscriptions: resources/.../stable/2022-12-01 (subscriptions list).
 * - Management group descendants: managementgroups/.../stable/2020-05-01 (GetDescendants).
 * - A management group's place in the hierarchy: managementgroups/.../stable/2021-04-01 (GetManagementGroupWithPath.json:
 *   `$expand=path` gives `properties.details.path`, the groups from the root down to the parent, without the group itself).
 * - Policy definitions, set definitions and assignments: resources/.../policy/stable/2023-04-01.
 */
export const ARM_API_VERSIONS = {
  resourceGraph: '2022-10-01',
  roleScheduleInstances: '2020-10-01',
  diagnosticSettings: '2021-05-01-preview',
  cognitiveServices: '2024-10-01',
  sentinelAlertRules: '2024-09-01',
  subscriptions: '2022-12-01',
  managementGroups: '2020-05-01',
  managementGroupPath: '2021-04-01',
  policy: '2023-04-01',
} as const;
