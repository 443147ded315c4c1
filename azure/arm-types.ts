/**
 * ARM resource types ailz manages through the `Azure/azapi` provider, each with the API version it is
 * written against, in one place (issue "Deployable": azapi is the escape hatch where azurerm 4.55 cannot
 * express an ARM property). A type is added here, with the source that shows the API version has the
 * properties ailz sends, before a construct uses it; the guardrails read the same table to know which
 * azapi resources they judge.
 */
export interface ArmTypeFact {
  /** ARM resource type, e.g. `Microsoft.KeyVault/vaults/keys`. */
  readonly type: string;
  /** API version ailz sends (azapi `type = "<type>@<apiVersion>"`). */
  readonly apiVersion: string;
  /** Where the API version and its properties are documented. */
  readonly source: string;
}

/** The version of the Azure/azapi provider every stack that uses azapi pins (exactly). */
export const AZAPI_PROVIDER_VERSION = '2.12.0';

/** `<type>@<apiVersion>`, the azapi `type` argument. */
export function azapiType(fact: ArmTypeFact): string {
  return `${fact.type}@${fact.apiVersion}`;
}

/** Splits an azapi `type` argument into the ARM type and API version; undefined when it has no `@`. */
export function parseAzapiType(value: string): { type: string; apiVersion: string } | undefined {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return undefined;
  return { type: value.slice(0, at), apiVersion: value.slice(at + 1) };
}

const AZAPI_TYPES = 'Azure/terraform-provider-azapi v2.12.0 embedded schema internal/azure/generated';

/** Every ARM type ailz emits through azapi, by a short key. Entries are added with the constructs that use them. */
export const ARM_TYPES = {
  /**
   * VNet flow logs with a managed identity (review F13): azurerm 4.55 `azurerm_network_watcher_flow_log`
   * has no `identity` argument, the ARM type has a top-level `identity` since 2024-05-01.
   */
  flowLog: {
    type: 'Microsoft.Network/networkWatchers/flowLogs', apiVersion: '2025-01-01',
    source: `${AZAPI_TYPES}/network/microsoft.network/2025-01-01 (identity, properties.targetResourceId|storageId|enabled|format|retentionPolicy|flowAnalyticsConfiguration); `
      + 'Learn "Managed identity for virtual network flow logs" (network-watcher/vnet-flow-logs-managed-identity, ms.date 2025-11-18), read 2026-11-26',
  },
  /** Existence probe of the regional Network Watcher (review F24), and the list of a subscription's watchers. */
  networkWatcher: {
    type: 'Microsoft.Network/networkWatchers', apiVersion: '2025-01-01',
    source: `${AZAPI_TYPES}/network/microsoft.network/2025-01-01, read 2026-11-26`,
  },
  /** Existence probe of a hub-side peering a workload adopts from the platform stack (issue "Deployable" §2). */
  virtualNetworkPeering: {
    type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings', apiVersion: '2025-01-01',
    source: `${AZAPI_TYPES}/network/microsoft.network/2025-01-01 (the API azurerm 4.55 uses: vendor/.../network/2025-01-01/virtualnetworkpeerings), read 2026-11-26`,
  },
  /** Existence probe of a private DNS zone link a workload adopts from the platform stack. */
  privateDnsZoneVirtualNetworkLink: {
    type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks', apiVersion: '2024-06-01',
    source: `${AZAPI_TYPES}/privatedns/microsoft.network/2024-06-01 (the API azurerm 4.55 uses: vendor/.../privatedns/2024-06-01/virtualnetworklinks), read 2026-11-26`,
  },
  /** Existence probe (and location) of `NetworkWatcherRG` (review F24). */
  resourceGroup: {
    type: 'Microsoft.Resources/resourceGroups', apiVersion: '2024-03-01',
    source: `${AZAPI_TYPES}/resources_11/microsoft.resources/2024-03-01, read 2026-11-26`,
  },
  /**
   * A vended subscription's ID, looked up by its alias name at plan time (`properties.subscriptionId`):
   * azurerm 4.55 has no alias data source (website/docs/d/ has only subscription and subscriptions).
   * 2021-10-01 is the GA version azurerm's own azurerm_subscription uses (subscription_resource.go:20).
   */
  subscriptionAlias: {
    type: 'Microsoft.Subscription/aliases', apiVersion: '2021-10-01',
    source: `${AZAPI_TYPES}/subscription/microsoft.subscription/2021-10-01 (properties.subscriptionId, read-only), read 2026-11-26`,
  },
  /**
   * The platform workspace's customer ID (`properties.customerId`, read-only) for traffic analytics. Read
   * with azapi, not `data "azurerm_log_analytics_workspace"`, which also calls the shared-keys API and
   * stores both workspace keys in the reader's state (log_analytics_workspace_data_source.go:134-149).
   */
  logAnalyticsWorkspace: {
    type: 'Microsoft.OperationalInsights/workspaces', apiVersion: '2025-02-01',
    source: `${AZAPI_TYPES}/operationalinsights/microsoft.operationalinsights/2025-02-01, read 2026-11-26`,
  },
  /**
   * Key Vault keys through Azure Resource Manager (control plane), so creating a customer-managed key
   * needs no network path to a private vault (review F6). PUT is "create if not exist": it creates the
   * first version and never updates an existing key.
   */
  keyVaultKey: {
    type: 'Microsoft.KeyVault/vaults/keys',
    apiVersion: '2025-05-01',
    source: 'Azure/terraform-provider-azapi v2.12.0 internal/azure/generated/keyvault/microsoft.keyvault/2025-05-01/types.json '
      + '(KeyProperties: kty, keySize, keyOps, attributes, rotationPolicy.{attributes.expiryTime, lifetimeActions[].{trigger, action.type rotate|notify}}; read-only keyUri, keyUriWithVersion); '
      + '2026-02-01 is in the schema but azapi skips it as "not yet supported by Azure" (internal/azure/loader.go:44); '
      + 'Learn KeysOperations.createIfNotExist (@azure/arm-keyvault); read 2026-11-27',
  },
  /**
   * Azure OpenAI / AI Services accounts: the customer-managed key attached after creation, because the
   * account's system-assigned identity (the only one Azure OpenAI supports for CMK) exists only then (review F5).
   */
  cognitiveAccount: {
    type: 'Microsoft.CognitiveServices/accounts',
    apiVersion: '2025-06-01',
    source: 'the API azurerm 4.55.0 uses for azurerm_cognitive_account (internal/services/cognitive/cognitive_account_resource.go:21, cognitive/2025-06-01); '
      + 'azapi v2.12.0 internal/azure/generated/cognitiveservices/microsoft.cognitiveservices/2025-06-01/types.json '
      + '(properties.encryption.{keySource Microsoft.CognitiveServices|Microsoft.KeyVault, keyVaultProperties.{keyName, keyVersion, keyVaultUri, identityClientId}}); read 2026-11-27',
  },
  /**
   * Azure ML workspaces: `systemDatastoresAuthMode`, which azurerm 4.55 cannot set (review F8), so the
   * workspace reaches its key-less storage with its identity.
   */
  machineLearningWorkspace: {
    type: 'Microsoft.MachineLearningServices/workspaces',
    apiVersion: '2025-06-01',
    source: 'the API azurerm 4.55.0 uses for azurerm_machine_learning_workspace (internal/services/machinelearning/machine_learning_workspace_resource.go:20), '
      + 'which has no argument for it; azapi v2.12.0 internal/azure/generated/machinelearningservices/microsoft.machinelearningservices/2025-06-01/types.json '
      + '(properties.systemDatastoresAuthMode: AccessKey | Identity | UserDelegationSAS; absent from the earlier GA versions 2024-10-01 and 2025-04-01); read 2026-11-27',
  },
  /**
   * The AI gateway's system-assigned identity, read at plan time by the workload stacks that use the
   * shared gateway (`identity.principalId`): they grant it Cognitive Services OpenAI User on their account.
   * 2024-05-01 is the GA version with the v2 tiers (Learn "Azure API Management v2 tiers": "API version
   * 2024-05-01 or later").
   */
  apiManagementService: {
    type: 'Microsoft.ApiManagement/service', apiVersion: '2024-05-01',
    source: `${AZAPI_TYPES}/apimanagement/microsoft.apimanagement/2024-05-01 (identity.principalId, read-only), read 2026-11-26`,
  },
  /**
   * The instance's Azure Monitor logger (`loggerType: azureMonitor`), which API diagnostics reference to send
   * resource logs: azurerm 4.55's azurerm_api_management_logger offers only application_insights and
   * eventhub (website/docs/r/api_management_logger.html.markdown).
   */
  apiManagementLogger: {
    type: 'Microsoft.ApiManagement/service/loggers', apiVersion: '2024-05-01',
    source: `${AZAPI_TYPES}/apimanagement/microsoft.apimanagement/2024-05-01 (LoggerContractProperties.loggerType: azureEventHub | applicationInsights | azureMonitor, isBuffered), read 2026-11-26`,
  },
  /**
   * An API's Azure Monitor diagnostic with language-model logging (`properties.largeLanguageModel`: logs,
   * requests/responses.messages, maxSizeInBytes 1..262144). The property exists only from 2024-06-01-preview
   * on (absent from 2024-05-01); azurerm 4.55's azurerm_api_management_api_diagnostic has no equivalent.
   * Learn "Log token usage, prompts, and completions for LLM APIs" documents the setting ("Log LLM messages").
   */
  apiManagementApiDiagnostic: {
    type: 'Microsoft.ApiManagement/service/apis/diagnostics', apiVersion: '2024-10-01-preview',
    source: `${AZAPI_TYPES}/apimanagement/microsoft.apimanagement/2024-10-01-preview (DiagnosticContractProperties.largeLanguageModel: LLMDiagnosticSettings), read 2026-11-26`,
  },
  /**
   * Diagnostic settings written with azapi where azurerm 4.55 cannot express them: azurerm sends only enabled
   * log entries (v4.55.0 internal/services/monitor/monitor_diagnostic_setting_resource.go:629-667), while the
   * category-group DeployIfNotExists built-ins need a disabled `audit` entry next to `allLogs` (review F15).
   * 2021-05-01-preview: the latest API of the type (azapi v2.12.0 embedded schema
   * internal/azure/generated/monitor_1/microsoft.insights/2021-05-01-preview, `properties.logs[].{category,
   * categoryGroup, enabled}`), the one azurerm uses and the one the built-ins' own templates deploy.
   */
  diagnosticSettings: { type: 'Microsoft.Insights/diagnosticSettings', apiVersion: '2021-05-01-preview', source: 'azapi v2.12.0 embedded ARM schema (monitor_1/microsoft.insights/2021-05-01-preview); Azure/azure-policy 55d1f543 deployment template' },
} as const satisfies Record<string, ArmTypeFact>;
