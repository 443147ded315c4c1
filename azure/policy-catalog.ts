/**
 * The built-in Azure Policy definitions ailz assigns to the AI management groups: pure data.
 *
 * Every ID, display name, parameter name, effect and `roleDefinitionIds` entry below is taken from
 * `../shared/reference/azure-policy-definitions.json` (Azure/azure-policy, built-in release
 * 3.2026.0417.1); `test/governance/policy-catalog.test.ts` checks each one against that file, and that
 * no definition is deprecated or preview.
 *
 * Choices that are not obvious from the data:
 * - Individual definitions, no initiatives: the built-in initiatives that cover these controls
 *   (MCSB, "Enable allLogs category group ...") drag in hundreds of unrelated policies.
 * - Effect: `Deny` where the definition allows it, else the strongest allowed effect.
 * - No definition whose remediation needs a privileged role (Owner, Contributor, User Access
 *   Administrator): a standing privileged grant to a policy identity at management-group scope is the
 *   exact risk PIM removes for humans. This excludes the Modify twins of the Deny policies (Contributor),
 *   "Configure Microsoft Defender threat protection for AI Services" (359a48a3, Owner) and "Configure
 *   Microsoft Defender for Storage to be enabled" (cfdc5972, Owner).
 * - Defender for Cloud plans have one owner, Terraform (`DefenderPlans`, every extension listed, each pricing
 *   adopted by an import block); policy only audits them with the AuditIfNotExists built-ins, whose existence
 *   conditions check the tier (Storage: also V2 with malware scanning and sensitive data discovery on), so they
 *   hold on what Terraform sets. A DeployIfNotExists twin would be a second owner: its sub-plan parameter
 *   fights Terraform's (review F11), and the "basic" Storage one (17bc14a7) deploys malware scanning off
 *   (review F12). Containers is not audited here: only workloads with an ML workspace run that plan.
 * - VNet peering: Azure has no built-in that restricts the remote end of a peering, and denying the
 *   peering type (`Microsoft.Network/virtualNetworks/virtualNetworkPeerings`) would also block the
 *   spoke-to-hub peering every workload needs. The experimentation group therefore denies the
 *   resource types that create hybrid connectivity (gateways, connections, ExpressRoute, Virtual WAN)
 *   with "Not allowed resource types"; a peering-target restriction needs a custom definition
 *   (as Azure Landing Zones' Deny-VNET-Peering-To-Non-Approved-VNETs does).
 */

/** Which AI management group an assignment is made at. */
export type PolicyScope = 'ai' | 'production' | 'experimentation';

/** A value supplied at assignment time rather than fixed in the catalog. */
export type PolicyInput =
  | 'allowedLocations'
  | 'logAnalyticsWorkspaceId'
  | 'approvedModelAssetIds'
  | 'customerManagedKeysEffect';

/** A parameter value: a literal, or a reference to an assignment-time input. */
export type PolicyParameterValue = string | number | boolean | readonly string[] | { readonly input: PolicyInput };

export interface PolicyCatalogEntry {
  /**
   * The policy assignment name (Azure allows at most 24 characters for management-group assignments)
   * and the key exemptions refer to. Stable: renaming one recreates the assignment everywhere.
   */
  readonly key: string;
  /** The management group the assignment is made at. */
  readonly scope: PolicyScope;
  /** The control from issue 6 this entry implements, in words. */
  readonly control: string;
  /** The built-in definition's resource ID. */
  readonly policyDefinitionId: string;
  /** The definition's display name, exactly as Azure shows it. */
  readonly displayName: string;
  /** The definition's effect parameter, or null when the effect is fixed in the definition. */
  readonly effectParameter: string | null;
  /** The effect assigned (passed via `effectParameter`), or the fixed effect. */
  readonly effect: string | { readonly input: 'customerManagedKeysEffect' };
  /** Parameters other than the effect. */
  readonly parameters: Readonly<Record<string, PolicyParameterValue>>;
  /** Role definition GUIDs the assignment's managed identity needs to remediate (DeployIfNotExists/Modify). */
  readonly roleDefinitionIds: readonly string[];
  /** What the user must do when a resource is non-compliant. */
  readonly nonComplianceMessage: string;
  /** Assigned only when this input is non-empty. */
  readonly onlyWith?: PolicyInput;
}

const def = (guid: string): string => `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;

// Role GUIDs named by the definitions' roleDefinitionIds (checked against the reference in the tests).
const LOG_ANALYTICS_CONTRIBUTOR = '92aaf0da-9dab-42b6-94a3-d43ce8d16293';
const MONITORING_CONTRIBUTOR = '749f88d5-cbae-40b8-bcfc-e573ddc772fa';

/**
 * Kinds excluded from the AI Services CMK policy (67121cc7). The built-in default excludes
 * `AIServices`, which is the kind Azure AI Foundry accounts use; ailz narrows the default list by that
 * one kind so Foundry and OpenAI accounts are both held to customer-managed keys in production.
 */
export const CMK_EXCLUDED_COGNITIVE_KINDS: readonly string[] = [
  'CognitiveServices', 'ContentSafety', 'ImmersiveReader', 'HealthInsights', 'LUIS.Authoring', 'LUIS', 'QnAMaker',
  'QnAMaker.V2', 'MetricsAdvisor', 'SpeechTranslation', 'Internal.AllInOne', 'ConversationalLanguageUnderstanding',
  'knowledge', 'TranscriptionIntelligence', 'HealthDecisionSupport',
];

/**
 * Resource types that create hybrid connectivity or a second transit path; denied in experimentation so
 * a sandbox reaches other networks only through the hub.
 */
export const HYBRID_CONNECTIVITY_RESOURCE_TYPES: readonly string[] = [
  'Microsoft.Network/connections',
  'Microsoft.Network/expressRouteCircuits',
  'Microsoft.Network/expressRouteGateways',
  'Microsoft.Network/expressRoutePorts',
  'Microsoft.Network/localNetworkGateways',
  'Microsoft.Network/p2sVpnGateways',
  'Microsoft.Network/virtualHubs',
  'Microsoft.Network/virtualNetworkGateways',
  'Microsoft.Network/virtualWans',
  'Microsoft.Network/vpnGateways',
  'Microsoft.Network/vpnSites',
];

const deny = (
  key: string, scope: PolicyScope, control: string, guid: string, displayName: string, nonComplianceMessage: string,
  parameters: Record<string, PolicyParameterValue> = {},
): PolicyCatalogEntry => ({
  key, scope, control, policyDefinitionId: def(guid), displayName, effectParameter: 'effect', effect: 'Deny',
  parameters, roleDefinitionIds: [], nonComplianceMessage,
});

const diagnostics = (
  key: string, control: string, guid: string, displayName: string, parameters: Record<string, PolicyParameterValue>,
  roleDefinitionIds: readonly string[], what: string,
): PolicyCatalogEntry => ({
  key, scope: 'ai', control, policyDefinitionId: def(guid), displayName, effectParameter: 'effect', effect: 'DeployIfNotExists',
  parameters, roleDefinitionIds,
  nonComplianceMessage: `${what} must send all logs to the platform Log Analytics workspace. Run a remediation task for this assignment, or add the diagnostic setting in your workload stack.`,
});

const defenderAudit = (
  key: string, control: string, guid: string, displayName: string, plan: string, resourceType: string,
): PolicyCatalogEntry => ({
  key, scope: 'ai', control, policyDefinitionId: def(guid), displayName, effectParameter: 'effect', effect: 'AuditIfNotExists',
  parameters: {}, roleDefinitionIds: [],
  nonComplianceMessage: `Turn on Microsoft Defender for ${plan} for this subscription in its workload stack (azurerm_security_center_subscription_pricing, resource_type "${resourceType}", tier "Standard"; constructs/monitoring DefenderPlans), then apply it.`,
});

/**
 * The name ailz gives every diagnostic setting it writes (names are unique per monitored resource). The
 * storage-service DeployIfNotExists built-ins look only at the setting named by their `profileName`
 * parameter (`then.details.name`, azure/policy-existence.ts), so the assignments pass this name: the policy
 * then judges ailz's own setting instead of deploying a second one to the same workspace.
 */
export const DIAGNOSTIC_SETTING_NAME = 'diag-ailz-to-log-analytics';

const CATEGORY_ALL_LOGS = { categoryGroup: 'allLogs', logAnalytics: { input: 'logAnalyticsWorkspaceId' } } as const;
const STORAGE_LOGS = { logAnalytics: { input: 'logAnalyticsWorkspaceId' }, logsEnabled: true, metricsEnabled: true, profileName: DIAGNOSTIC_SETTING_NAME } as const;

/** Every policy ailz assigns, in assignment order. Keys are unique across all scopes. */
export const POLICY_CATALOG: readonly PolicyCatalogEntry[] = [
  // --- <prefix>-ai: Azure AI Services / Cognitive Services ---
  deny('ai-restrict-network', 'ai', 'Cognitive Services / AI Services: restrict network access',
    '037eea7a-bd0a-46c5-9a66-03aea78705d3', 'Azure AI Services resources should restrict network access',
    'Disable public network access on the AI Services account (public_network_access_enabled = false, network_acls default_action = Deny) and reach it through a private endpoint.'),
  deny('ai-disable-local-auth', 'ai', 'Cognitive Services / AI Services: disable local (key) auth',
    '71ef260a-8f18-47b7-abcb-62d0673d94dc', 'Azure AI Services resources should have key access disabled (disable local authentication)',
    'Set local_auth_enabled = false on the AI Services account and call it with Microsoft Entra ID tokens (grant "Cognitive Services OpenAI User" to the caller).'),
  deny('ai-managed-identity', 'ai', 'Cognitive Services / AI Services: require a managed identity',
    'fe3fd216-4f83-4fc1-8984-2bbec80a3418', 'Cognitive Services accounts should use a managed identity',
    'Give the Cognitive Services account a system- or user-assigned managed identity (identity block).'),

  // --- <prefix>-ai: Azure Machine Learning ---
  deny('mlw-disable-public', 'ai', 'Azure ML: workspaces disable public access',
    '438c38d2-3772-465a-a9cc-7a6666a275ce', 'Azure Machine Learning Workspaces should disable public network access',
    'Set public_network_access_enabled = false on the Azure Machine Learning workspace and use its private endpoint.'),
  deny('mlc-disable-local-auth', 'ai', 'Azure ML: computes disable local auth',
    'e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f', 'Azure Machine Learning Computes should have local authentication methods disabled',
    'Set local_auth_enabled = false on the Azure Machine Learning compute and use Microsoft Entra ID (managed identity) access.'),

  // --- <prefix>-ai: Key Vault ---
  deny('kv-purge-protection', 'ai', 'Key Vault: purge protection',
    '0b60c0b2-2dc2-4e1c-b5c9-abbed971de53', 'Key vaults should have deletion protection enabled',
    'Set purge_protection_enabled = true on the key vault (it cannot be turned off again).'),
  deny('kv-soft-delete', 'ai', 'Key Vault: soft delete',
    '1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d', 'Key vaults should have soft delete enabled',
    'Keep soft delete on for the key vault (soft_delete_retention_days 7-90).'),
  deny('kv-rbac', 'ai', 'Key Vault: RBAC permission model',
    '12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5', 'Azure Key Vault should use RBAC permission model',
    'Set rbac_authorization_enabled = true on the key vault and grant data-plane roles instead of access policies.'),

  // --- <prefix>-ai: Storage ---
  deny('st-no-shared-key', 'ai', 'Storage: no shared key',
    '8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54', 'Storage accounts should prevent shared key access',
    'Set shared_access_key_enabled = false on the storage account and use Microsoft Entra ID (storage_use_azuread) with data-plane roles.'),
  deny('st-secure-transfer', 'ai', 'Storage: secure transfer',
    '404c3081-a854-4457-ae30-26a93ef643f9', 'Secure transfer to storage accounts should be enabled',
    'Set https_traffic_only_enabled = true on the storage account.'),
  deny('st-min-tls', 'ai', 'Storage: minimum TLS',
    'fe83a0eb-a853-422d-aac2-1bffd182c5d0', 'Storage accounts should have the specified minimum TLS version',
    'Set min_tls_version = "TLS1_2" on the storage account.', { minimumTlsVersion: 'TLS1_2' }),
  deny('st-no-public-network', 'ai', 'Storage: no public access (network)',
    'b2982f36-99f2-4db5-8eff-283140c09693', 'Storage accounts should disable public network access',
    'Set public_network_access_enabled = false on the storage account and reach it through private endpoints.'),
  deny('st-no-blob-public', 'ai', 'Storage: no public access (anonymous blob)',
    '4fa4b6c0-31ca-4c0d-b10d-24b96f62a751', 'Storage account public access should be disallowed',
    'Set allow_nested_items_to_be_public = false on the storage account.'),

  // --- <prefix>-ai: Container Registry ---
  deny('acr-no-public', 'ai', 'Container registry: no public access',
    '0fdf0491-d080-4575-b627-ad0e843cba0f', 'Public network access should be disabled for Container registries',
    'Set public_network_access_enabled = false on the container registry (Premium SKU) and use its private endpoint.'),
  deny('acr-no-admin', 'ai', 'Container registry: admin user off',
    'dc921057-6b28-4fbe-9b83-f7bec05db6c2', 'Container registries should have local admin account disabled.',
    'Set admin_enabled = false on the container registry and pull with a managed identity holding AcrPull.'),

  // --- <prefix>-ai: network exposure and locations ---
  deny('deny-public-ip', 'ai', 'No public IPs (not-allowed resource types: Microsoft.Network/publicIPAddresses)',
    '6c112d4e-5bc7-47ae-a041-ea2d9dccd749', 'Not allowed resource types',
    'Public IP addresses are not allowed in AI subscriptions. Publish through the hub (private endpoints, Application Gateway or Front Door in the platform subscription).',
    { listOfResourceTypesNotAllowed: ['Microsoft.Network/publicIPAddresses'] }),
  {
    key: 'nic-no-public-ip', scope: 'ai', control: 'Network interfaces without public IPs',
    policyDefinitionId: def('83a86a26-fd1f-447c-b59d-e51f44264114'), displayName: 'Network interfaces should not have public IPs',
    effectParameter: null, effect: 'deny', parameters: {}, roleDefinitionIds: [],
    nonComplianceMessage: 'Remove the public IP from the network interface; reach the machine through the hub (Bastion in the platform subscription) or a private endpoint.',
  },
  deny('allowed-locations', 'ai', 'Allowed locations = organization.allowedLocations',
    'e56962a6-4747-49cd-b67b-bf8b01975c4c', 'Allowed locations',
    'Deploy only to the regions listed in organization.allowedLocations of landing-zone.yaml.',
    { listOfAllowedLocations: { input: 'allowedLocations' } }),
  deny('allowed-locations-rg', 'ai', 'Allowed locations for resource groups = organization.allowedLocations',
    'e765b5de-1225-4ba3-bd56-1ac6695af988', 'Allowed locations for resource groups',
    'Create resource groups only in the regions listed in organization.allowedLocations of landing-zone.yaml.',
    { listOfAllowedLocations: { input: 'allowedLocations' } }),

  // --- <prefix>-ai: diagnostic settings deployed if not exists (allLogs -> platform workspace) ---
  diagnostics('diag-cognitive', 'Diagnostic settings (allLogs) for Cognitive Services', '55d1f543-d1b0-4811-9663-d6d0dbc6326d',
    'Enable logging by category group for Cognitive Services (microsoft.cognitiveservices/accounts) to Log Analytics',
    CATEGORY_ALL_LOGS, [LOG_ANALYTICS_CONTRIBUTOR], 'The Cognitive Services account'),
  diagnostics('diag-ml-workspace', 'Diagnostic settings (allLogs) for ML workspaces', '90c90eda-bfe7-4c67-bf26-410420ed1047',
    'Enable logging by category group for Azure Machine Learning (microsoft.machinelearningservices/workspaces) to Log Analytics',
    CATEGORY_ALL_LOGS, [LOG_ANALYTICS_CONTRIBUTOR], 'The Azure Machine Learning workspace'),
  diagnostics('diag-key-vault', 'Diagnostic settings (allLogs) for Key Vault', '6b359d8f-f88d-4052-aa7c-32015963ecc1',
    'Enable logging by category group for Key vaults (microsoft.keyvault/vaults) to Log Analytics',
    CATEGORY_ALL_LOGS, [LOG_ANALYTICS_CONTRIBUTOR], 'The key vault'),
  // Storage accounts have no log categories of their own: logs live on the blob/file/queue/table services.
  diagnostics('diag-storage-blob', 'Diagnostic settings for storage (blob service logs)', 'b4fe1a3b-0715-4c6c-a5ea-ffc33cf823cb',
    'Configure diagnostic settings for Blob Services to Log Analytics workspace',
    STORAGE_LOGS, [MONITORING_CONTRIBUTOR, LOG_ANALYTICS_CONTRIBUTOR], 'The storage account\'s blob service'),
  diagnostics('diag-storage-file', 'Diagnostic settings for storage (file service logs)', '25a70cc8-2bd4-47f1-90b6-1478e4662c96',
    'Configure diagnostic settings for File Services to Log Analytics workspace',
    STORAGE_LOGS, [MONITORING_CONTRIBUTOR, LOG_ANALYTICS_CONTRIBUTOR], 'The storage account\'s file service'),
  diagnostics('diag-storage-queue', 'Diagnostic settings for storage (queue service logs)', '7bd000e3-37c7-4928-9f31-86c4b77c5c45',
    'Configure diagnostic settings for Queue Services to Log Analytics workspace',
    STORAGE_LOGS, [MONITORING_CONTRIBUTOR, LOG_ANALYTICS_CONTRIBUTOR], 'The storage account\'s queue service'),
  diagnostics('diag-storage-table', 'Diagnostic settings for storage (table service logs)', '2fb86bf3-d221-43d1-96d1-2434af34eaa0',
    'Configure diagnostic settings for Table Services to Log Analytics workspace',
    STORAGE_LOGS, [MONITORING_CONTRIBUTOR, LOG_ANALYTICS_CONTRIBUTOR], 'The storage account\'s table service'),

  // --- <prefix>-ai: Microsoft Defender for Cloud plans ---
  {
    key: 'defender-ai', scope: 'ai', control: 'Defender for Cloud: AI services plan',
    policyDefinitionId: def('c2c0c6d8-007b-4a48-8d9b-3539bddd8e87'), displayName: 'Microsoft Defender for AI Services should be enabled',
    effectParameter: 'effect', effect: 'AuditIfNotExists', parameters: {}, roleDefinitionIds: [],
    nonComplianceMessage: 'Turn on the Microsoft Defender for AI Services plan for this subscription (azurerm_security_center_subscription_pricing, resource_type "AI", tier "Standard").',
  },
  defenderAudit('defender-storage', 'Defender for Cloud: Storage plan (V2, malware scanning and sensitive data discovery on)',
    '640d2586-54d2-465f-877f-9ffc1d2109f4', 'Microsoft Defender for Storage should be enabled', 'Storage', 'StorageAccounts'),
  defenderAudit('defender-key-vault', 'Defender for Cloud: Key Vault plan', '0e6763cc-5078-4e64-889d-ff4d9a839047',
    'Azure Defender for Key Vault should be enabled', 'Key Vault', 'KeyVaults'),
  defenderAudit('defender-arm', 'Defender for Cloud: Resource Manager plan', 'c3d20c29-b36d-48fe-808b-99a87530ad99',
    'Azure Defender for Resource Manager should be enabled', 'Resource Manager', 'Arm'),
  defenderAudit('defender-cspm', 'Defender for Cloud: Defender CSPM plan', '1f90fc71-a595-4066-8974-d4d0802e8ef0',
    'Microsoft Defender CSPM should be enabled', 'CSPM', 'CloudPosture'),

  // --- <prefix>-ai-production ---
  {
    // Audit, never Deny: Azure OpenAI accepts a customer-managed key only through the account's
    // system-assigned identity (azure/customer-managed-keys.ts AZURE_OPENAI_CMK), which exists only after
    // the account is created, so the key is attached in a second request. The creating request has no
    // encryption.keySource, which this definition's rule (`encryption.keySource notEquals Microsoft.KeyVault`)
    // would deny. Production CMK is checked at synth time instead (guardrail AILZ-PRD-002 reports every production
    // account without a key attached, whatever the Terraform form), and audited in Azure by this assignment.
    key: 'cmk-cognitive', scope: 'production', control: 'Production: customer-managed keys for Cognitive Services / AI Services (audited; enforced by guardrail AILZ-PRD-002)',
    policyDefinitionId: def('67121cc7-ff39-4ab8-b7e3-95b84dab487d'),
    displayName: 'Azure AI Services resources should encrypt data at rest with a customer-managed key (CMK)',
    effectParameter: 'effect', effect: 'Audit',
    parameters: { excludedKinds: CMK_EXCLUDED_COGNITIVE_KINDS }, roleDefinitionIds: [],
    nonComplianceMessage: 'Production AI accounts must encrypt with a customer-managed key: set workloads[].encryption.customerManagedKeys in landing-zone.yaml (the key is attached through the account\'s system-assigned identity right after creation).',
  },
  {
    key: 'cmk-ml-workspace', scope: 'production', control: 'Production: customer-managed keys for ML workspaces',
    policyDefinitionId: def('ba769a63-b8cc-4b2d-abf6-ac33c7204be8'),
    displayName: 'Azure Machine Learning workspaces should be encrypted with a customer-managed key',
    effectParameter: 'effect', effect: { input: 'customerManagedKeysEffect' }, parameters: {}, roleDefinitionIds: [],
    nonComplianceMessage: 'Production ML workspaces must encrypt with a customer-managed key: set workloads[].encryption.customerManagedKeys in landing-zone.yaml (encryption block with a Key Vault key).',
  },
  {
    // The definition allows Audit or Disabled only.
    key: 'cmk-storage', scope: 'production', control: 'Production: customer-managed keys for storage',
    policyDefinitionId: def('6fac406b-40ca-413b-bf8e-0bf964659c25'), displayName: 'Storage accounts should use customer-managed key for encryption',
    effectParameter: 'effect', effect: 'Audit', parameters: {}, roleDefinitionIds: [],
    nonComplianceMessage: 'Production storage accounts should encrypt with a customer-managed key: set workloads[].encryption.customerManagedKeys in landing-zone.yaml.',
  },
  {
    key: 'approved-models', scope: 'production', control: 'Production: approved model deployments only',
    policyDefinitionId: def('aafe3651-cb78-4f68-9f81-e7e41509110f'), displayName: 'Cognitive Services Deployments should only use approved Registry Models',
    effectParameter: 'effect', effect: 'Deny',
    parameters: { allowedAssetIds: { input: 'approvedModelAssetIds' } }, roleDefinitionIds: [], onlyWith: 'approvedModelAssetIds',
    nonComplianceMessage: 'Only reviewed models may be deployed in production: add the model and version to the workload\'s openai.deployments in landing-zone.yaml and have it approved.',
  },

  // --- <prefix>-ai-experimentation ---
  deny('deny-hybrid-network', 'experimentation', 'Experimentation: no hybrid connectivity (gateways, ExpressRoute, Virtual WAN); reach other networks only through the hub',
    '6c112d4e-5bc7-47ae-a041-ea2d9dccd749', 'Not allowed resource types',
    'Experimentation subscriptions may not create VPN/ExpressRoute gateways, connections or Virtual WAN hubs. Connect through the platform hub instead.',
    { listOfResourceTypesNotAllowed: HYBRID_CONNECTIVITY_RESOURCE_TYPES }),
  deny('mlci-idle-shutdown', 'experimentation', 'Experimentation: ML compute instances shut down when idle',
    '679ddf89-ab8f-48a5-9029-e76054077449', 'Azure Machine Learning Compute Instance should have idle shutdown.',
    'Set an idle shutdown time (idle_time_before_shutdown) on the compute instance so sandboxes do not run up cost.'),
];

/**
 * The DeployIfNotExists entries whose remediation writes a diagnostic setting to the platform workspace: their
 * identities need linked access there (review F16; constructs/governance/diagnostics-destination-access.ts).
 */
export const WORKSPACE_DESTINATION_ENTRIES: readonly PolicyCatalogEntry[] = POLICY_CATALOG.filter((e) => e.roleDefinitionIds.length > 0
  && Object.values(e.parameters).some((v) => typeof v === 'object' && v !== null && 'input' in v && v.input === 'logAnalyticsWorkspaceId'));

/** Every assignment name ailz may create (exemptions must name one of these). */
export const POLICY_ASSIGNMENT_NAMES: readonly string[] = POLICY_CATALOG.map((e) => e.key);

/** Values for the catalog's assignment-time inputs. */
export interface PolicyInputs {
  /** Regions resources and resource groups may be created in (`organization.allowedLocations`). */
  readonly allowedLocations: readonly string[];
  /** Resource ID of the platform Log Analytics workspace diagnostic settings are sent to. */
  readonly logAnalyticsWorkspaceId: string;
  /**
   * Model asset IDs production may deploy, e.g. `azureml://registries/azure-openai/models/gpt-4o/versions/2024-11-20`.
   * @default [] - the approved-models assignment is not created
   */
  readonly approvedModelAssetIds?: readonly string[];
  /**
   * Effect of the customer-managed-key policy for ML workspaces in production (the AI Services one is
   * always Audit: see the `cmk-cognitive` entry).
   * @default 'Deny' - a production ML workspace without CMK cannot be created
   */
  readonly customerManagedKeysEffect?: 'Deny' | 'Audit';
}

/** A catalog entry with its inputs filled in, ready to assign. */
export interface ResolvedPolicy {
  readonly entry: PolicyCatalogEntry;
  readonly effect: string;
  /** All parameters passed to the assignment, the effect included, as `{ name: value }`, keys sorted. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

function inputValue(input: PolicyInput, inputs: PolicyInputs): unknown {
  switch (input) {
    case 'allowedLocations': return [...inputs.allowedLocations];
    case 'logAnalyticsWorkspaceId': return inputs.logAnalyticsWorkspaceId;
    case 'approvedModelAssetIds': return [...(inputs.approvedModelAssetIds ?? [])];
    case 'customerManagedKeysEffect': return inputs.customerManagedKeysEffect ?? 'Deny';
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
}

/** Fills the catalog's inputs; drops entries whose `onlyWith` input is empty. */
export function resolvePolicyCatalog(inputs: PolicyInputs, catalog: readonly PolicyCatalogEntry[] = POLICY_CATALOG): ResolvedPolicy[] {
  const resolved: ResolvedPolicy[] = [];
  for (const entry of catalog) {
    if (entry.onlyWith && isEmpty(inputValue(entry.onlyWith, inputs))) continue;
    const effect = typeof entry.effect === 'string' ? entry.effect : (inputValue(entry.effect.input, inputs) as string);
    const params: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(entry.parameters)) {
      params[name] = typeof value === 'object' && value !== null && 'input' in value
        ? inputValue((value as { input: PolicyInput }).input, inputs)
        : Array.isArray(value) ? [...value] : value;
    }
    if (entry.effectParameter) params[entry.effectParameter] = effect;
    const sorted: Record<string, unknown> = {};
    for (const name of Object.keys(params).sort()) sorted[name] = params[name];
    resolved.push({ entry, effect, parameters: sorted });
  }
  return resolved;
}
