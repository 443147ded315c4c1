/**
 * Fixtures for the policy simulation: Terraform JSON in the shapes ailz synthesized at e3fe400 (the review
 * `azure-review-e3fe400.md` findings F1, F11, F12, F15, F16), each with the fixed shape beside it, and policy
 * definitions written for the tests in the documented language that encode the same rules as the built-ins the
 * reference assigns (storage public network access Deny, Defender plan DeployIfNotExists, diagnostic settings by
 * category group DeployIfNotExists).
 */
import { TerraformDocument } from '../../guardrails/types';
import { PolicyDefinition } from '../../policy/types';

export const TENANT_ROOT = '/providers/Microsoft.Management/managementGroups/tenant-root';
export const CHAT_SUB = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
export const PLATFORM_SUB = '0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e';
export const WORKSPACE_ID = `/subscriptions/${PLATFORM_SUB}/resourceGroups/rg-platform/providers/Microsoft.OperationalInsights/workspaces/log-platform`;
export const SECURITY_ADMIN = 'fb1c8493-542b-48eb-b624-b4c8fea62acd';
export const LOG_ANALYTICS_CONTRIBUTOR = '92aaf0da-9dab-42b6-94a3-d43ce8d16293';
export const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

const def = (name: string) => `/providers/Microsoft.Authorization/policyDefinitions/${name}`;

/** Deny (or audit) storage accounts whose public network access is not Disabled. */
export const STORAGE_PUBLIC: PolicyDefinition = {
  id: def('test-storage-public'), name: 'test-storage-public', displayName: 'Storage accounts should disable public network access (test)', mode: 'All', source: 'test',
  parameters: { effect: { type: 'String', defaultValue: 'Audit', allowedValues: ['Audit', 'Deny', 'Disabled'] } },
  policyRule: {
    if: { allOf: [{ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, { field: 'Microsoft.Storage/storageAccounts/publicNetworkAccess', notEquals: 'Disabled' }] },
    then: { effect: "[parameters('effect')]" },
  },
};

function defenderPlan(name: string, plan: string, subPlans: string[], extensions?: unknown): PolicyDefinition {
  return {
    id: def(name), name, displayName: `Configure Defender plan ${plan} (test)`, mode: 'All', source: 'test',
    parameters: {
      effect: { type: 'String', defaultValue: 'DeployIfNotExists', allowedValues: ['DeployIfNotExists', 'Disabled'] },
      subPlan: { type: 'String', defaultValue: subPlans[0], allowedValues: subPlans },
    },
    policyRule: {
      if: { field: 'type', equals: 'Microsoft.Resources/subscriptions' },
      then: {
        effect: "[parameters('effect')]",
        details: {
          type: 'Microsoft.Security/pricings', name: plan, existenceScope: 'subscription', deploymentScope: 'subscription',
          existenceCondition: { allOf: [
            { field: 'Microsoft.Security/pricings/pricingTier', equals: 'Standard' },
            { field: 'Microsoft.Security/pricings/subPlan', equals: "[parameters('subPlan')]" },
          ] },
          roleDefinitionIds: [`/providers/Microsoft.Authorization/roleDefinitions/${SECURITY_ADMIN}`],
          deployment: { properties: { mode: 'incremental', parameters: { subPlan: { value: "[parameters('subPlan')]" } }, template: {
            parameters: { subPlan: { type: 'String' } },
            resources: [{ type: 'Microsoft.Security/pricings', apiVersion: '2023-01-01', name: plan, properties: { pricingTier: 'Standard', subPlan: "[parameters('subPlan')]", ...(extensions ? { extensions } : {}) } }],
          } } },
        },
      },
    },
  };
}

export const DEFENDER_ARM = defenderPlan('test-defender-arm', 'Arm', ['PerApiCall', 'PerSubscription']);
export const DEFENDER_KEY_VAULT = defenderPlan('test-defender-kv', 'KeyVaults', ['PerTransaction', 'PerKeyVault']);
/** The "basic" Defender for Storage shape: its deployment switches malware scanning and sensitive data discovery off (F12). */
export const DEFENDER_STORAGE_BASIC = defenderPlan('test-defender-storage-basic', 'StorageAccounts', ['DefenderForStorageV2'], [
  { name: 'OnUploadMalwareScanning', isEnabled: 'False' }, { name: 'SensitiveDataDiscovery', isEnabled: 'False' },
]);
/** Defender for Storage with the extensions as parameters (the shape of the full built-in). */
export const DEFENDER_STORAGE_FULL: PolicyDefinition = (() => {
  const d = defenderPlan('test-defender-storage-full', 'StorageAccounts', ['DefenderForStorageV2'], [
    { name: 'OnUploadMalwareScanning', isEnabled: "[parameters('malwareScanning')]" }, { name: 'SensitiveDataDiscovery', isEnabled: "[parameters('sensitiveDataDiscovery')]" },
  ]);
  const details = d.policyRule.then.details;
  details.deployment.properties.parameters.malwareScanning = { value: "[parameters('isOnUploadMalwareScanningEnabled')]" };
  details.deployment.properties.parameters.sensitiveDataDiscovery = { value: "[parameters('isSensitiveDataDiscoveryEnabled')]" };
  details.deployment.properties.template.parameters.malwareScanning = { type: 'String' };
  details.deployment.properties.template.parameters.sensitiveDataDiscovery = { type: 'String' };
  return {
    ...d,
    parameters: { ...d.parameters, isOnUploadMalwareScanningEnabled: { type: 'String', defaultValue: 'true' }, isSensitiveDataDiscoveryEnabled: { type: 'String', defaultValue: 'true' } },
  };
})();

/** Diagnostic settings by category group: exactly one `audit` entry enabled iff the group is audit, one `allLogs` iff allLogs (F15). */
export const DIAG_CATEGORY_GROUP: PolicyDefinition = {
  id: def('test-diag-cognitive'), name: 'test-diag-cognitive', displayName: 'Enable logging by category group for Cognitive Services (test)', mode: 'Indexed', source: 'test',
  parameters: {
    effect: { type: 'String', defaultValue: 'DeployIfNotExists', allowedValues: ['DeployIfNotExists', 'AuditIfNotExists', 'Disabled'] },
    categoryGroup: { type: 'String', defaultValue: 'audit', allowedValues: ['audit', 'allLogs'] },
    logAnalytics: { type: 'String', metadata: { assignPermissions: true, strongType: 'omsWorkspace' } },
  },
  policyRule: {
    if: { field: 'type', equals: 'Microsoft.CognitiveServices/accounts' },
    then: {
      effect: "[parameters('effect')]",
      details: {
        type: 'Microsoft.Insights/diagnosticSettings',
        existenceCondition: { allOf: [
          { count: { field: 'Microsoft.Insights/diagnosticSettings/logs[*]', where: { allOf: [
            { field: 'Microsoft.Insights/diagnosticSettings/logs[*].enabled', equals: "[equals(parameters('categoryGroup'), 'audit')]" },
            { field: 'Microsoft.Insights/diagnosticSettings/logs[*].categoryGroup', equals: 'audit' },
          ] } }, equals: 1 },
          { count: { field: 'Microsoft.Insights/diagnosticSettings/logs[*]', where: { allOf: [
            { field: 'Microsoft.Insights/diagnosticSettings/logs[*].enabled', equals: "[equals(parameters('categoryGroup'), 'allLogs')]" },
            { field: 'Microsoft.Insights/diagnosticSettings/logs[*].categoryGroup', equals: 'allLogs' },
          ] } }, equals: 1 },
          { field: 'Microsoft.Insights/diagnosticSettings/workspaceId', equals: "[parameters('logAnalytics')]" },
        ] },
        roleDefinitionIds: [`/providers/Microsoft.Authorization/roleDefinitions/${LOG_ANALYTICS_CONTRIBUTOR}`],
        deployment: { properties: { mode: 'incremental', template: { resources: [] } } },
      },
    },
  },
};

export const ALL_DEFINITIONS = [STORAGE_PUBLIC, DEFENDER_ARM, DEFENDER_KEY_VAULT, DEFENDER_STORAGE_BASIC, DEFENDER_STORAGE_FULL, DIAG_CATEGORY_GROUP];

/** The definition each fixture assignment points to. */
export interface DefinitionIds {
  readonly storagePublic: string;
  readonly defenderArm: string;
  readonly defenderKeyVault: string;
  readonly defenderStorageBasic: string;
  readonly defenderStorageFull: string;
  readonly diagCognitive: string;
}

/** The definitions written for the tests (above). */
export const TEST_IDS: DefinitionIds = {
  storagePublic: STORAGE_PUBLIC.id, defenderArm: DEFENDER_ARM.id, defenderKeyVault: DEFENDER_KEY_VAULT.id,
  defenderStorageBasic: DEFENDER_STORAGE_BASIC.id, defenderStorageFull: DEFENDER_STORAGE_FULL.id, diagCognitive: DIAG_CATEGORY_GROUP.id,
};

/** The built-ins the reference deployment assigns (and the one the review recommends for F12), for `npm run check:reference`. */
export const BUILT_IN_IDS: DefinitionIds = {
  storagePublic: def('b2982f36-99f2-4db5-8eff-283140c09693'), defenderArm: def('b7021b2b-08fd-4dc0-9de7-3c6ece09faf9'),
  defenderKeyVault: def('1f725891-01c0-420a-9059-4fa46cb770b7'), defenderStorageBasic: def('17bc14a7-92e1-4551-8b8c-80f36953e166'),
  defenderStorageFull: def('cfdc5972-75b3-4418-8ae1-7f5c36839390'), diagCognitive: def('55d1f543-d1b0-4811-9663-d6d0dbc6326d'),
};

/** Which review findings to fix (true) or keep in their e3fe400 shape (false). */
export interface Fixes {
  F1?: false | 'not_scopes' | 'not_scopes_resource' | 'exemption' | 'private';
  F11?: boolean;
  F12?: boolean;
  F15?: boolean;
  F16?: boolean;
}

const ASSIGN = 'azurerm_management_group_policy_assignment';

function assignment(name: string, definitionId: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    name, display_name: name, enforce: true, management_group_id: '${azurerm_management_group.ai.id}', policy_definition_id: definitionId,
    parameters: JSON.stringify(Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }]))),
    ...extra,
  };
}

function remediationRole(assignmentKey: string, role: string, scope: string) {
  return {
    principal_id: `\${${ASSIGN}.${assignmentKey}.identity[0].principal_id}`, principal_type: 'ServicePrincipal',
    role_definition_id: `/providers/Microsoft.Authorization/roleDefinitions/${role}`, scope,
  };
}

/** The three stacks, in the e3fe400 shapes unless `fixes` says otherwise. */
export function landingZone(fixes: Fixes = {}, ids: DefinitionIds = TEST_IDS): TerraformDocument[] {
  const dine = { identity: [{ type: 'SystemAssigned' }], location: 'swedencentral' };
  const flowLogRg = `/subscriptions/${CHAT_SUB}/resourceGroups/rg-flowlogs`;
  const assignments: Record<string, any> = {
    st_public: assignment('st-no-public-network', ids.storagePublic, { effect: 'Deny' }, fixes.F1 === 'not_scopes' ? { not_scopes: [flowLogRg] }
      : fixes.F1 === 'not_scopes_resource' ? { not_scopes: [`${flowLogRg}/providers/Microsoft.Storage/storageAccounts/stchatflowlogs`] } : {}),
    defender_arm: assignment('defender-arm', ids.defenderArm, { subPlan: fixes.F11 ? 'PerSubscription' : 'PerApiCall' }, dine),
    defender_kv: assignment('defender-key-vault', ids.defenderKeyVault, { subPlan: fixes.F11 ? 'PerKeyVault' : 'PerTransaction' }, dine),
    defender_storage: fixes.F12
      ? assignment('defender-storage', ids.defenderStorageFull, { isOnUploadMalwareScanningEnabled: 'true', capGBPerMonthPerStorageAccount: 5000, isSensitiveDataDiscoveryEnabled: 'true' }, dine)
      : assignment('defender-storage', ids.defenderStorageBasic, { subPlan: 'DefenderForStorageV2' }, dine),
    diag_cognitive: assignment('diag-cognitive', ids.diagCognitive, { categoryGroup: 'allLogs', logAnalytics: WORKSPACE_ID }, dine),
  };
  const roles: Record<string, any> = {
    arm_remediation: remediationRole('defender_arm', SECURITY_ADMIN, '${azurerm_management_group.ai.id}'),
    kv_remediation: remediationRole('defender_kv', SECURITY_ADMIN, '${azurerm_management_group.ai.id}'),
    // The built-in full Defender for Storage definition (cfdc5972) names Owner in its roleDefinitionIds.
    storage_remediation: remediationRole('defender_storage', fixes.F12 && ids.defenderStorageFull === BUILT_IN_IDS.defenderStorageFull ? OWNER : SECURITY_ADMIN, '${azurerm_management_group.ai.id}'),
    diag_remediation: remediationRole('diag_cognitive', LOG_ANALYTICS_CONTRIBUTOR, '${azurerm_management_group.ai.id}'),
  };
  // F16 fix: the diagnostic remediation identity may send to the workspace in the platform subscription.
  if (fixes.F16) roles.diag_remediation_workspace = remediationRole('diag_cognitive', LOG_ANALYTICS_CONTRIBUTOR, WORKSPACE_ID);
  const governance = {
    provider: { azurerm: [{ features: [{}], subscription_id: PLATFORM_SUB }] },
    resource: {
      azurerm_management_group: {
        ai: { name: 'contoso-ai', display_name: 'contoso AI', parent_management_group_id: TENANT_ROOT },
        production: { name: 'contoso-ai-production', display_name: 'contoso AI production', parent_management_group_id: '${azurerm_management_group.ai.id}' },
        platform: { name: 'contoso-platform', display_name: 'contoso platform', parent_management_group_id: TENANT_ROOT },
      },
      azurerm_management_group_subscription_association: {
        chat: { management_group_id: '${azurerm_management_group.production.id}', subscription_id: `/subscriptions/${CHAT_SUB}` },
        platform: { management_group_id: '${azurerm_management_group.platform.id}', subscription_id: `/subscriptions/${PLATFORM_SUB}` },
      },
      [ASSIGN]: assignments,
      azurerm_role_assignment: roles,
    },
  };
  const platform = {
    provider: { azurerm: [{ features: [{}], subscription_id: PLATFORM_SUB }] },
    resource: {
      azurerm_resource_group: { rg: { name: 'rg-platform', location: 'swedencentral' } },
      azurerm_log_analytics_workspace: { log: { name: 'log-platform', location: 'swedencentral', resource_group_name: '${azurerm_resource_group.rg.name}', sku: 'PerGB2018' } },
    },
  };
  const flowLogStorage: any = {
    name: 'stchatflowlogs', resource_group_name: '${azurerm_resource_group.flowlogs.name}', location: '${azurerm_resource_group.flowlogs.location}',
    account_tier: 'Standard', account_replication_type: 'ZRS', shared_access_key_enabled: false, min_tls_version: 'TLS1_2',
    allow_nested_items_to_be_public: false, public_network_access_enabled: fixes.F1 !== 'private',
    network_rules: [{ default_action: 'Deny', bypass: ['AzureServices'] }],
  };
  const workloadResources: Record<string, any> = {
    azurerm_resource_group: {
      rg: { name: 'rg-chat', location: 'swedencentral' },
      flowlogs: { name: 'rg-flowlogs', location: 'swedencentral' },
    },
    azurerm_storage_account: { flowlogs: flowLogStorage },
    azurerm_security_center_subscription_pricing: {
      arm: { resource_type: 'Arm', tier: 'Standard', subplan: 'PerSubscription', extension: [] },
      kv: { resource_type: 'KeyVaults', tier: 'Standard', subplan: 'PerKeyVault', extension: [] },
      storage: {
        resource_type: 'StorageAccounts', tier: 'Standard', subplan: 'DefenderForStorageV2',
        extension: [{ name: 'OnUploadMalwareScanning', additional_extension_properties: { CapGBPerMonthPerStorageAccount: '5000' } }, { name: 'SensitiveDataDiscovery' }],
      },
    },
    azurerm_cognitive_account: {
      oai: {
        name: 'oai-chat', kind: 'OpenAI', sku_name: 'S0', location: 'swedencentral', resource_group_name: '${azurerm_resource_group.rg.name}',
        custom_subdomain_name: 'oai-chat', local_auth_enabled: false, public_network_access_enabled: false,
        network_acls: [{ default_action: 'Deny' }], identity: [{ type: 'UserAssigned', identity_ids: ['${azurerm_user_assigned_identity.id.id}'] }],
      },
    },
    azurerm_user_assigned_identity: { id: { name: 'id-chat', location: 'swedencentral', resource_group_name: '${azurerm_resource_group.rg.name}' } },
  };
  if (fixes.F15) {
    // F15 fix: a diagnostic setting with the audit group present but disabled and allLogs enabled, through azapi (azurerm 4.55 `enabled_log` sends only enabled entries).
    workloadResources.azapi_resource = {
      oai_diagnostics: {
        type: 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview', name: 'diag-ailz-to-log-analytics', parent_id: '${azurerm_cognitive_account.oai.id}',
        body: { properties: { workspaceId: WORKSPACE_ID, logs: [{ categoryGroup: 'audit', enabled: false }, { categoryGroup: 'allLogs', enabled: true }], metrics: [{ category: 'AllMetrics', enabled: true }] } },
      },
    };
  } else {
    workloadResources.azurerm_monitor_diagnostic_setting = {
      oai_diagnostics: {
        name: 'diag-ailz-to-log-analytics', target_resource_id: '${azurerm_cognitive_account.oai.id}', log_analytics_workspace_id: WORKSPACE_ID,
        enabled_log: [{ category_group: 'allLogs' }], enabled_metric: [{ category: 'AllMetrics' }],
      },
    };
  }
  if (fixes.F1 === 'exemption') {
    workloadResources.azurerm_resource_group_policy_exemption = {
      flowlogs: {
        name: 'exempt-st-no-public-network', resource_group_id: '${azurerm_resource_group.flowlogs.id}', exemption_category: 'Mitigated',
        policy_assignment_id: '/providers/Microsoft.Management/managementGroups/contoso-ai/providers/Microsoft.Authorization/policyAssignments/st-no-public-network',
        expires_on: '2099-01-01T23:59:59Z',
      },
    };
  }
  const workload = { provider: { azurerm: [{ features: [{}], subscription_id: CHAT_SUB }] }, resource: workloadResources };
  return [
    { stack: 'governance', json: governance },
    { stack: 'platform', json: platform },
    { stack: 'workload-chat', json: workload },
  ];
}

/** Every review finding in its fixed shape. */
export const ALL_FIXED: Fixes = { F1: 'not_scopes', F11: true, F12: true, F15: true, F16: true };
