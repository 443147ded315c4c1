/**
 * The existence conditions of the built-in AuditIfNotExists / DeployIfNotExists policies whose related
 * resources ailz writes with Terraform: diagnostic settings and Defender for Cloud plans. A DINE/AINE
 * assignment is compliant only when its existence condition holds on the related resource Terraform
 * writes; otherwise the resource is non-compliant for ever and a remediation fights Terraform (review
 * azure-review-e3fe400 F11, F12, F15). The guardrails (AILZ-DIAG-013, AILZ-DEF-008) and the tests evaluate
 * these conditions on the synthesized Terraform with `guardrails/policy-condition.ts`.
 *
 * Source: Azure/azure-policy built-in definitions at f4a50bac (`../shared/reference/azure-policy-rules.json`),
 * `policyRule.then.details` (`type`, `name`, `existenceCondition`) and the parameters' defaults, copied
 * verbatim; `npm run check:reference` (test-reference/policy-existence.ref.test.ts) checks every entry
 * against that file. Read 2026-11-26.
 *
 * `relatedName`: when the definition names its related resource (`details.name`), only that one counts:
 * the storage-service definitions look for the diagnostic setting named by their `profileName` parameter
 * (default e.g. `blobServicesDiagnosticsLogsToWorkspace`), so ailz passes its own setting name.
 */

export interface ExistenceFact {
  /** Definition name (GUID). */
  readonly id: string;
  readonly version: string;
  readonly displayName: string;
  /** The resource type the policy applies to (`if: field type equals ...`), whose related resource is checked. */
  readonly resourceType: string;
  /** `details.type`: the related resource type the existence condition is evaluated on. */
  readonly relatedType: string;
  /** `details.name` (a literal or a parameter expression), when only the related resource of that name counts. */
  readonly relatedName?: string;
  /** Default values of the definition's parameters (the effect excluded). */
  readonly parameterDefaults: Readonly<Record<string, unknown>>;
  /** `details.existenceCondition`, verbatim. */
  readonly existenceCondition: unknown;
}

export const EXISTENCE_CONDITIONS: readonly ExistenceFact[] = [
  // Diagnostic settings by category group (Cognitive Services, Key Vault, ML workspaces)
  {
    id: '55d1f543-d1b0-4811-9663-d6d0dbc6326d', resourceType: 'microsoft.cognitiveservices/accounts', version: '1.1.0',
    displayName: 'Enable logging by category group for Cognitive Services (microsoft.cognitiveservices/accounts) to Log Analytics',
    relatedType: 'Microsoft.Insights/diagnosticSettings',
    parameterDefaults: { categoryGroup: 'audit', diagnosticSettingName: 'setByPolicy-LogAnalytics', resourceLocationList: ['*'] },
    existenceCondition: { allOf: [{ count: { field: 'Microsoft.Insights/diagnosticSettings/logs[*]', where: { allOf: [{ equals: "[equals(parameters('categoryGroup'), 'audit')]", field: 'Microsoft.Insights/diagnosticSettings/logs[*].enabled' }, { equals: 'audit', field: 'microsoft.insights/diagnosticSettings/logs[*].categoryGroup' }] } }, equals: 1 }, { count: { field: 'Microsoft.Insights/diagnosticSettings/logs[*]', where: { allOf: [{ equals: "[equals(parameters('categoryGroup'), 'allLogs')]", field: 'Microsoft.Insights/diagnosticSettings/logs[*].enabled' }, { equals: 'allLogs', field: 'microsoft.insights/diagnosticSettings/logs[*].categoryGroup' }] } }, equals: 1 }, { equals: "[parameters('logAnalytics')]", field: 'Microsoft.Insights/diagnosticSettings/workspaceId' }] },
  },
  {
    id: '6b359d8f-f88d-4052-aa7c-32015963ecc1', resourceType: 'microsoft.keyvault/vaults', version: '1.1.0',
    displayName: 'Enable logging by category group for Key vaults (microsoft.keyvault/vaults) to Log Analytics',
    relatedType: 'Microsoft.Insights/diagnosticSettings',
    parameterDefaults: { categoryGroup: 'audit', diagnosticSettingName: 'setByPolicy-LogAnalytics', resourceLocationList: ['*'] },
    existenceCondition: { allOf: [{ count: { field: 'Microsoft.Insights/diagnosticSettings/logs[*]', where: { allOf: [{ equals: "[equals(parameters('categoryGroup'), 'audit')]", field: 'Microsoft.Insights/diagnosticSettings/logs[*].enabled' }, { equals: 'audit', field: 'microsoft.insights/diagnosticSettings/logs[*].categoryGroup' }] } }, equals: 1 }, { count: { field: 'Microsoft.Insights/diagnosticSettings/logs[*]', where: { allOf: [{ equals: "[equals(parameters('categoryGroup'), 'allLogs')]", field: 'Microsoft.Insights/diagnosticSettings/logs[*].enabled' }, { equals: 'allLogs', field: 'microsoft.insights/diagnosticSettings/logs[*].categoryGroup' }] } }, equals: 1 }, { equals: "[parameters('logAnalytics')]", field: 'Microsoft.Insights/diagnosticSettings/workspaceId' }] },
  },
  {
    id: '90c90eda-bfe7-4c67-bf26-410420ed1047', resourceType: 'microsoft.machinelearningservices/workspaces', version: '1.1.0',
    displayName: 'Enable logging by category group for Azure Machine Learning (microsoft.machinelearningservices/workspaces) to Log Analytics',
    relatedType: 'Microsoft.Insights/diagnosticSettings',
    parameterDefaults: { categoryGroup: 'audit', diagnosticSettingName: 'setByPolicy-LogAnalytics', resourceLocationList: ['*'] },
    existenceCondition: { allOf: [{ count: { field: 'Microsoft.Insights/diagnosticSettings/logs[*]', where: { allOf: [{ equals: "[equals(parameters('categoryGroup'), 'audit')]", field: 'Microsoft.Insights/diagnosticSettings/logs[*].enabled' }, { equals: 'audit', field: 'microsoft.insights/diagnosticSettings/logs[*].categoryGroup' }] } }, equals: 1 }, { count: { field: 'Microsoft.Insights/diagnosticSettings/logs[*]', where: { allOf: [{ equals: "[equals(parameters('categoryGroup'), 'allLogs')]", field: 'Microsoft.Insights/diagnosticSettings/logs[*].enabled' }, { equals: 'allLogs', field: 'microsoft.insights/diagnosticSettings/logs[*].categoryGroup' }] } }, equals: 1 }, { equals: "[parameters('logAnalytics')]", field: 'Microsoft.Insights/diagnosticSettings/workspaceId' }] },
  },
  // Diagnostic settings of the storage services: only the setting named profileName counts
  {
    id: 'b4fe1a3b-0715-4c6c-a5ea-ffc33cf823cb', resourceType: 'Microsoft.Storage/storageAccounts/blobServices', version: '4.0.0',
    displayName: 'Configure diagnostic settings for Blob Services to Log Analytics workspace',
    relatedType: 'Microsoft.Insights/diagnosticSettings', relatedName: "[parameters('profileName')]",
    parameterDefaults: { logsEnabled: true, metricsEnabled: true, profileName: 'blobServicesDiagnosticsLogsToWorkspace' },
    existenceCondition: { allOf: [{ equals: "[parameters('logsEnabled')]", field: 'Microsoft.Insights/diagnosticSettings/logs.enabled' }, { equals: "[parameters('metricsEnabled')]", field: 'Microsoft.Insights/diagnosticSettings/metrics.enabled' }, { equals: "[parameters('logAnalytics')]", field: 'Microsoft.Insights/diagnosticSettings/workspaceId' }] },
  },
  {
    id: '25a70cc8-2bd4-47f1-90b6-1478e4662c96', resourceType: 'Microsoft.Storage/storageAccounts/fileServices', version: '4.0.0',
    displayName: 'Configure diagnostic settings for File Services to Log Analytics workspace',
    relatedType: 'Microsoft.Insights/diagnosticSettings', relatedName: "[parameters('profileName')]",
    parameterDefaults: { logsEnabled: true, metricsEnabled: true, profileName: 'fileServicesDiagnosticsLogsToWorkspace' },
    existenceCondition: { allOf: [{ equals: "[parameters('logsEnabled')]", field: 'Microsoft.Insights/diagnosticSettings/logs.enabled' }, { equals: "[parameters('metricsEnabled')]", field: 'Microsoft.Insights/diagnosticSettings/metrics.enabled' }, { equals: "[parameters('logAnalytics')]", field: 'Microsoft.Insights/diagnosticSettings/workspaceId' }] },
  },
  {
    id: '7bd000e3-37c7-4928-9f31-86c4b77c5c45', resourceType: 'Microsoft.Storage/storageAccounts/queueServices', version: '4.0.1',
    displayName: 'Configure diagnostic settings for Queue Services to Log Analytics workspace',
    relatedType: 'Microsoft.Insights/diagnosticSettings', relatedName: "[parameters('profileName')]",
    parameterDefaults: { logsEnabled: true, metricsEnabled: false, profileName: 'queueServicesDiagnosticsLogsToWorkspace' },
    existenceCondition: { allOf: [{ equals: "[parameters('logsEnabled')]", field: 'Microsoft.Insights/diagnosticSettings/logs.enabled' }, { equals: "[parameters('metricsEnabled')]", field: 'Microsoft.Insights/diagnosticSettings/metrics.enabled' }, { equals: "[parameters('logAnalytics')]", field: 'Microsoft.Insights/diagnosticSettings/workspaceId' }] },
  },
  {
    id: '2fb86bf3-d221-43d1-96d1-2434af34eaa0', resourceType: 'Microsoft.Storage/storageAccounts/tableServices', version: '4.0.1',
    displayName: 'Configure diagnostic settings for Table Services to Log Analytics workspace',
    relatedType: 'Microsoft.Insights/diagnosticSettings', relatedName: "[parameters('profileName')]",
    parameterDefaults: { logsEnabled: true, metricsEnabled: false, profileName: 'tableServicesDiagnosticsLogsToWorkspace' },
    existenceCondition: { allOf: [{ equals: "[parameters('logsEnabled')]", field: 'Microsoft.Insights/diagnosticSettings/logs.enabled' }, { equals: "[parameters('metricsEnabled')]", field: 'Microsoft.Insights/diagnosticSettings/metrics.enabled' }, { equals: "[parameters('logAnalytics')]", field: 'Microsoft.Insights/diagnosticSettings/workspaceId' }] },
  },
  // Defender for Cloud plans (subscription pricings)
  {
    id: 'c2c0c6d8-007b-4a48-8d9b-3539bddd8e87', resourceType: 'Microsoft.Resources/subscriptions', version: '1.0.0',
    displayName: 'Microsoft Defender for AI Services should be enabled',
    relatedType: 'Microsoft.Security/pricings', relatedName: 'AI',
    parameterDefaults: {},
    existenceCondition: { equals: 'Standard', field: 'Microsoft.Security/pricings/pricingTier' },
  },
  {
    id: 'c3d20c29-b36d-48fe-808b-99a87530ad99', resourceType: 'Microsoft.Resources/subscriptions', version: '1.0.0',
    displayName: 'Azure Defender for Resource Manager should be enabled',
    relatedType: 'Microsoft.Security/pricings', relatedName: 'Arm',
    parameterDefaults: {},
    existenceCondition: { equals: 'Standard', field: 'Microsoft.Security/pricings/pricingTier' },
  },
  {
    id: '0e6763cc-5078-4e64-889d-ff4d9a839047', resourceType: 'Microsoft.Resources/subscriptions', version: '1.0.3',
    displayName: 'Azure Defender for Key Vault should be enabled',
    relatedType: 'Microsoft.Security/pricings', relatedName: 'KeyVaults',
    parameterDefaults: {},
    existenceCondition: { equals: 'Standard', field: 'Microsoft.Security/pricings/pricingTier' },
  },
  {
    id: '640d2586-54d2-465f-877f-9ffc1d2109f4', resourceType: 'Microsoft.Resources/subscriptions', version: '1.0.0',
    displayName: 'Microsoft Defender for Storage should be enabled',
    relatedType: 'Microsoft.Security/pricings', relatedName: 'StorageAccounts',
    parameterDefaults: {},
    existenceCondition: { allOf: [{ equals: 'Standard', field: 'Microsoft.Security/pricings/pricingTier' }, { equals: 'DefenderForStorageV2', field: 'Microsoft.Security/pricings/subPlan' }, { count: { field: 'Microsoft.Security/pricings/extensions[*]', where: { allOf: [{ field: 'Microsoft.Security/pricings/extensions[*].name', in: ['OnUploadMalwareScanning', 'SensitiveDataDiscovery'] }, { equals: 'true', field: 'Microsoft.Security/pricings/extensions[*].isEnabled' }] } }, equals: 2 }] },
  },
  {
    id: '1f90fc71-a595-4066-8974-d4d0802e8ef0', resourceType: 'Microsoft.Resources/subscriptions', version: '1.0.0',
    displayName: 'Microsoft Defender CSPM should be enabled',
    relatedType: 'Microsoft.Security/pricings', relatedName: 'CloudPosture',
    parameterDefaults: {},
    existenceCondition: { equals: 'Standard', field: 'Microsoft.Security/pricings/pricingTier' },
  },
  {
    id: '1c988dd6-ade4-430f-a608-2a3e5b0a6d38', resourceType: 'Microsoft.Resources/subscriptions', version: '1.0.0',
    displayName: 'Microsoft Defender for Containers should be enabled',
    relatedType: 'Microsoft.Security/pricings', relatedName: 'Containers',
    parameterDefaults: {},
    existenceCondition: { equals: 'Standard', field: 'Microsoft.Security/pricings/pricingTier' },
  },
  {
    id: 'b7021b2b-08fd-4dc0-9de7-3c6ece09faf9', resourceType: 'Microsoft.Resources/subscriptions', version: '1.1.0',
    displayName: 'Configure Azure Defender for Resource Manager to be enabled',
    relatedType: 'Microsoft.Security/pricings', relatedName: 'Arm',
    parameterDefaults: { subPlan: 'PerApiCall' },
    existenceCondition: { allOf: [{ equals: 'Standard', field: 'Microsoft.Security/pricings/pricingTier' }, { equals: "[parameters('subPlan')]", field: 'Microsoft.Security/pricings/subPlan' }] },
  },
  {
    id: '1f725891-01c0-420a-9059-4fa46cb770b7', resourceType: 'Microsoft.Resources/subscriptions', version: '1.1.0',
    displayName: 'Configure Microsoft Defender for Key Vault plan',
    relatedType: 'Microsoft.Security/pricings', relatedName: 'KeyVaults',
    parameterDefaults: { subPlan: 'PerTransaction' },
    existenceCondition: { allOf: [{ equals: 'Standard', field: 'Microsoft.Security/pricings/pricingTier' }, { equals: "[parameters('subPlan')]", field: 'Microsoft.Security/pricings/subPlan' }] },
  },
  {
    id: '17bc14a7-92e1-4551-8b8c-80f36953e166', resourceType: 'Microsoft.Resources/subscriptions', version: '2.0.0',
    displayName: 'Configure basic Microsoft Defender for Storage to be enabled (Activity Monitoring only)',
    relatedType: 'Microsoft.Security/pricings', relatedName: 'StorageAccounts',
    parameterDefaults: { subPlan: 'DefenderForStorageV2' },
    existenceCondition: { allOf: [{ equals: 'Standard', field: 'Microsoft.Security/pricings/pricingTier' }, { equals: "[parameters('subPlan')]", field: 'Microsoft.Security/pricings/subPlan' }] },
  },
];

const byId = new Map(EXISTENCE_CONDITIONS.map((f) => [f.id.toLowerCase(), f]));

/** The existence fact of a definition, by its resource ID or GUID (case-insensitive). */
export function existenceFact(definitionId: string): ExistenceFact | undefined {
  return byId.get(definitionId.split('/').pop()!.toLowerCase());
}
