/**
 * What Azure Machine Learning requires of a workspace's identity and dependencies, as documented by
 * Microsoft (review azure-review-e3fe400 F7, F8, F23). Read 2026-11-27.
 */
import { BuiltInRole, ROLES } from './roles';

/**
 * A workspace with a user-assigned identity and a managed network: the managed network creates private
 * endpoints to the workspace's storage, key vault and container registry and approves them as the
 * workspace identity, which therefore holds the approver role on each (and on the workspace).
 *
 * Source: MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-managed-network.md`: "If you are
 * using UAI workspace please make sure to add the Azure AI Enterprise Network Connection Approver role to
 * your identity" (an earlier version of the page named Network Contributor). The role's actions
 * (`../shared/reference/azure-builtin-roles.json`, checked by `npm run check:reference`) include
 * `vaults/read` and `storageAccounts/read` but no `registries/read`, hence Reader on the registry.
 */
export const ML_MANAGED_NETWORK_IDENTITY = {
  approverRole: ROLES.aiEnterpriseNetworkConnectionApprover as BuiltInRole,
  /** Dependencies whose private endpoint connections the workspace identity approves. */
  dependencies: ['storage', 'keyVault', 'containerRegistry', 'workspace'] as const,
  /** Roles beyond the approver role, per dependency. */
  extra: { containerRegistry: [ROLES.reader] as readonly BuiltInRole[] },
  source: 'Microsoft Learn "Workspace managed network isolation" (azure-ai-docs articles/machine-learning/how-to-managed-network.md), read 2026-11-27',
};

/**
 * A workspace whose default storage account has shared keys disabled: the workspace must reach its system
 * datastores with Entra ID (`systemDatastoresAuthMode = identity`; ARM enum `AccessKey | Identity |
 * UserDelegationSAS`, from API 2025-06-01 GA), and the people who use the default datastores (studio,
 * notebooks) need these data roles on the storage account.
 *
 * Source: MicrosoftDocs/azure-ai-docs `articles/machine-learning/how-to-disable-local-auth-storage.md` and
 * its hub variant `articles/ai-foundry/how-to/disable-local-auth.md`: "These users must be assigned the
 * Storage Blob Data Contributor and Storage File Data Privileged Contributor roles ... for the storage
 * account." The feature is marked preview on those pages.
 */
export const ML_IDENTITY_DATASTORES = {
  property: 'properties.systemDatastoresAuthMode',
  value: 'Identity',
  userRoles: [ROLES.storageBlobDataContributor, ROLES.storageFileDataPrivilegedContributor] as readonly BuiltInRole[],
  source: 'Microsoft Learn "Disable shared key access for your workspace\'s storage account" (azure-ai-docs how-to-disable-local-auth-storage.md), read 2026-11-27',
};

/**
 * Azure Machine Learning reaches a network-restricted container registry as a trusted service ("deploy or
 * train a model in a Machine Learning workspace using a custom Docker container image") only when the
 * registry allows trusted services (`networkRuleBypassOptions = AzureServices`).
 *
 * Source: MicrosoftDocs/azure-docs `articles/container-registry/allow-access-trusted-services.md`
 * (ms.date 02/28/2025), read 2026-11-27.
 */
export const ACR_TRUSTED_SERVICES: readonly string[] = [
  'Azure Container Instances', 'Microsoft Defender for Cloud', 'Machine Learning', 'Azure Container Registry',
];
