/**
 * The built-in Azure RBAC roles ailz uses or forbids, by GUID.
 *
 * Source: `../shared/reference/azure-builtin-roles.json` (az role definition list, 2026-08-22);
 * `test/core/roles.test.ts` checks every name and GUID against it. GUIDs are stable across renames
 * (e.g. "Azure AI User" became "Foundry User"), so assignments always use the GUID.
 */
export interface BuiltInRole {
  /** The role's display name as Azure reports it. */
  readonly name: string;
  /** The role definition GUID (the last segment of its ID). */
  readonly id: string;
  /** What the role can reach: `data` roles act inside one resource, `control` roles manage resources, `privileged` roles can grant access or do anything. */
  readonly plane: 'data' | 'control' | 'privileged';
}

function role(name: string, id: string, plane: BuiltInRole['plane']): BuiltInRole {
  return { name, id, plane };
}

export const ROLES = {
  // Privileged: never granted by a construct; only PIM-eligible (governance) or forbidden.
  owner: role('Owner', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'privileged'),
  contributor: role('Contributor', 'b24988ac-6180-42a0-ab88-20f7382dd24c', 'privileged'),
  userAccessAdministrator: role('User Access Administrator', '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', 'privileged'),
  rbacAdministrator: role('Role Based Access Control Administrator', 'f58310d9-a9f6-439a-9e8d-f62e7b41a168', 'privileged'),
  keyVaultAdministrator: role('Key Vault Administrator', '00482a5a-887f-4fb3-b363-3b7fe8e74483', 'privileged'),

  // Azure OpenAI / AI Services data plane.
  cognitiveServicesOpenAiUser: role('Cognitive Services OpenAI User', '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd', 'data'),
  cognitiveServicesOpenAiContributor: role('Cognitive Services OpenAI Contributor', 'a001fd3d-188f-4b5d-821b-7da978bf7442', 'data'),
  cognitiveServicesUser: role('Cognitive Services User', 'a97b65f3-24c7-4388-baec-2e87135dc908', 'data'),

  // Key Vault data plane.
  keyVaultSecretsUser: role('Key Vault Secrets User', '4633458b-17de-408a-b874-0445c86b69e6', 'data'),
  keyVaultSecretsOfficer: role('Key Vault Secrets Officer', 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7', 'data'),
  keyVaultCryptoUser: role('Key Vault Crypto User', '12338af0-0e69-4776-bea7-57ae8d297424', 'data'),
  keyVaultCryptoServiceEncryptionUser: role('Key Vault Crypto Service Encryption User', 'e147488a-f6f5-4113-8e2d-b22465e65bf6', 'data'),
  keyVaultReader: role('Key Vault Reader', '21090545-7ca7-4776-b22c-e363652d74d2', 'control'),

  // Storage data plane.
  storageBlobDataReader: role('Storage Blob Data Reader', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', 'data'),
  storageBlobDataContributor: role('Storage Blob Data Contributor', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe', 'data'),
  storageFileDataPrivilegedContributor: role('Storage File Data Privileged Contributor', '69566ab7-960f-475b-8e7c-b3118f30c6bd', 'data'),
  storageQueueDataContributor: role('Storage Queue Data Contributor', '974c5e8b-45b9-4653-ba55-5f855dd0fb88', 'data'),
  storageTableDataContributor: role('Storage Table Data Contributor', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3', 'data'),

  // Container registry data plane.
  acrPull: role('AcrPull', '7f951dda-4ed3-4680-a7ca-43fe172d538d', 'data'),
  acrPush: role('AcrPush', '8311e382-0749-4cb8-b61a-304f252e45ec', 'data'),

  // Azure Machine Learning.
  azureMlDataScientist: role('AzureML Data Scientist', 'f6c7c914-8db3-469d-8ca1-694a8f32e121', 'data'),
  azureMlComputeOperator: role('AzureML Compute Operator', 'e503ece1-11d0-4e8e-8e2c-7a6c3bf38815', 'control'),
  // Approves private endpoint connections (and reads the resource) on storage, Key Vault, ML, Cognitive
  // Services, Search, AMPLS...; no data access. What an ML workspace's user-assigned identity needs for its
  // managed network (azure/machine-learning.ts).
  aiEnterpriseNetworkConnectionApprover: role('Azure AI Enterprise Network Connection Approver', 'b556d68e-0be0-4f35-a333-ad7ee1ce17ea', 'control'),

  // AI Search data plane.
  searchIndexDataReader: role('Search Index Data Reader', '1407120a-92aa-4202-b7e9-c0e197c71c8f', 'data'),

  // Monitoring / policy remediation identities.
  reader: role('Reader', 'acdd72a7-3385-48ef-bd42-f606fba81ae7', 'control'),
  /** Query the logs of one workspace (the granular-RBAC data role); no workspace settings. */
  logAnalyticsDataReader: role('Log Analytics Data Reader', '3b03c2da-16b3-4a49-8834-0f8130efdd3b', 'data'),
  logAnalyticsContributor: role('Log Analytics Contributor', '92aaf0da-9dab-42b6-94a3-d43ce8d16293', 'control'),
  monitoringContributor: role('Monitoring Contributor', '749f88d5-cbae-40b8-bcfc-e573ddc772fa', 'control'),
  securityAdmin: role('Security Admin', 'fb1c8493-542b-48eb-b624-b4c8fea62acd', 'control'),

  // Event Hubs: what Microsoft's diagnostic-settings DeployIfNotExists definitions name for an Event Hubs destination
  // (azure/policy-linked-access.ts).
  eventHubsDataOwner: role('Azure Event Hubs Data Owner', 'f526a384-b230-433a-b45c-95f59c4a2dec', 'data'),
} as const;

export type RoleKey = keyof typeof ROLES;

/** Roles no workload identity may hold (standing or scoped): they can take over or re-grant access. */
export const PRIVILEGED_ROLES: readonly BuiltInRole[] = Object.values(ROLES).filter((r) => r.plane === 'privileged');

/**
 * Where a role assignment is made, as far as the form of its role definition ID is concerned: at a
 * management group (or the tenant root), or somewhere in one subscription (the subscription itself, a
 * resource group or a resource). `subscriptionId` is the GUID, or a Terraform expression for one.
 */
export type RoleDefinitionScope = { readonly tenant: true } | { readonly subscriptionId: string };

/**
 * The role definition ID of a built-in role in the form Azure Resource Manager returns for an
 * assignment at `at`, so the value Terraform stores equals the value it reads back.
 *
 * Azure's rule (read 2026-11-27): ARM returns `properties.roleDefinitionId` without a scope
 * (`/providers/Microsoft.Authorization/roleDefinitions/<guid>`) for assignments at a management group or
 * the tenant, and as `/subscriptions/<subscription of the assignment>/providers/Microsoft.Authorization/roleDefinitions/<guid>`
 * for assignments at a subscription, resource group or resource. azurerm 4.55 stores what it reads
 * (`role_assignment_resource.go:310`), compares case-insensitively only (`:87`) and replaces the
 * assignment when the value differs (`ForceNew`, `:85`): the wrong form is a replacement on every plan,
 * and a failed apply where a delete lock covers the scope. Sources: hashicorp/terraform-provider-azurerm
 * v4.55.0 `internal/services/authorization/role_assignment_resource.go:81-88,310,316-318` ("The role
 * definition id returned does not contain scope when the role definition was on tenant level
 * (management group or tenant)"); issues hashicorp/terraform-provider-azurerm#19847 and #4258.
 */
export function roleDefinitionId(role: BuiltInRole | string, at: RoleDefinitionScope): string {
  const guid = typeof role === 'string' ? role : role.id;
  const tail = `/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
  return 'tenant' in at ? tail : `/subscriptions/${at.subscriptionId}${tail}`;
}

/** One segment of an ARM ID: literal text or a single Terraform expression. */
const SEGMENT = String.raw`(?:\$\{[^}]+\}|[^/$]+)`;

/**
 * The role definition scope of a literal assignment scope (`/`, a management group ID, or any ID under
 * `/subscriptions/<id>`); undefined for anything else (e.g. a reference to a resource's `id`).
 */
export function roleDefinitionScopeOf(assignmentScope: string): RoleDefinitionScope | undefined {
  const s = assignmentScope.trim();
  if (s === '/' || new RegExp(`^/providers/Microsoft\\.Management/managementGroups/${SEGMENT}/?$`, 'i').test(s)) return { tenant: true };
  const m = new RegExp(`^/subscriptions/(${SEGMENT})(?:/.*)?$`, 'i').exec(s);
  return m ? { subscriptionId: m[1] } : undefined;
}
