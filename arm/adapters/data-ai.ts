/**
 * Key Vault, Cognitive Services / AI Services, Azure Machine Learning, Container Registry, Application Insights.
 * Provider source: hashicorp/terraform-provider-azurerm @ v4.55.0, `internal/services/...` (cited per adapter).
 */
import { ArmValue, UNKNOWN, isUnknown } from '../resource';
import { Adapter, AdapterContext, compact, enabledDisabled, negate } from '../adapter';

/**
 * azurerm_key_vault: keyvault/key_vault_resource.go:266-400 resourceKeyVaultCreate. Soft delete is always sent
 * true (:353); purge protection only when true (:374-376); RBAC only when set true (`GetOk`, :358-364);
 * network ACLs only with a block (:913-952); createMode `default` (:382). Defaults: public access true (:188-191),
 * soft_delete_retention_days 90 (sent only when not 90, :378-380).
 */
export const KEY_VAULT: Adapter = {
  terraformType: 'azurerm_key_vault',
  source: 'keyvault/key_vault_resource.go:266-400,913-952',
  build: (c) => {
    const acls = c.block('network_acls');
    const rbac = c.bool('rbac_authorization_enabled', false);
    const legacyRbac = c.bool('enable_rbac_authorization', false);
    const purge = c.bool('purge_protection_enabled', false);
    const retention = c.value('soft_delete_retention_days', 90);
    const rbacValue = rbac === true || legacyRbac === true ? true : isUnknown(rbac) || isUnknown(legacyRbac) ? UNKNOWN : undefined;
    return {
      drafts: [{
        type: 'Microsoft.KeyVault/vaults',
        name: c.nameOf(),
        placement: c.inResourceGroup(),
        location: c.location(),
        tags: c.tags(),
        properties: compact({
          tenantId: c.value('tenant_id'),
          sku: { family: 'A', name: c.value('sku_name') ?? UNKNOWN },
          // keyvault/access_policy_schema.go:221-248 expandAccessPolicies: one entry per block; the permission names go
          // through expand*Permissions (normalised), which the view does not model.
          accessPolicies: c.unknownBlock('access_policy') ? UNKNOWN : c.blocks('access_policy').map((p) => compact({
            tenantId: c.resolve(p.tenant_id) ?? UNKNOWN,
            objectId: c.resolve(p.object_id) ?? UNKNOWN,
            applicationId: p.application_id ? c.resolve(p.application_id) : undefined,
            permissions: UNKNOWN,
          })),
          enabledForDeployment: c.bool('enabled_for_deployment', false),
          enabledForDiskEncryption: c.bool('enabled_for_disk_encryption', false),
          enabledForTemplateDeployment: c.bool('enabled_for_template_deployment', false),
          networkAcls: c.unknownBlock('network_acls') ? UNKNOWN : acls ? {
            bypass: c.resolve(acls.bypass) ?? UNKNOWN,
            defaultAction: c.resolve(acls.default_action) ?? UNKNOWN,
            ipRules: ((c.resolve(acls.ip_rules, []) as ArmValue[]) ?? []).map((v) => ({ value: v })),
            virtualNetworkRules: ((c.resolve(acls.virtual_network_subnet_ids, []) as ArmValue[]) ?? []).map((id) => ({ id })),
          } : undefined,
          enableSoftDelete: true,
          enableRbacAuthorization: rbacValue,
          publicNetworkAccess: enabledDisabled(c.bool('public_network_access_enabled', true)),
          enablePurgeProtection: purge === true ? true : isUnknown(purge) ? UNKNOWN : undefined,
          softDeleteRetentionInDays: retention === 90 ? undefined : retention,
          createMode: 'default',
        }),
        modelled: 'all',
      }],
    };
  },
};

/**
 * azurerm_key_vault_key: created through the Key Vault data plane (keyvault/key_vault_key_resource.go:37 imports
 * the 7.4 data-plane SDK; :280 resourceKeyVaultKeyCreate). ARM-mode policies see no create request; the ARM view
 * exists for compliance scans and Microsoft.KeyVault.Data, whose component shape ailz does not model.
 */
export const KEY_VAULT_KEY: Adapter = {
  terraformType: 'azurerm_key_vault_key',
  source: 'keyvault/key_vault_key_resource.go:280',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.KeyVault/vaults/keys',
      name: c.nameOf(),
      placement: { kind: 'child', parentId: c.resolved('key_vault_id') },
      tags: c.tags(),
      properties: compact({ kty: c.value('key_type'), keySize: c.value('key_size'), keyOps: c.value('key_opts') }),
      modelled: { properties: ['kty', 'keySize', 'keyOps'] },
      viaDataPlane: true,
    }],
  }),
};

/**
 * azurerm_cognitive_account: cognitive/cognitive_account_resource.go:410-497 resourceCognitiveAccountCreate
 * (payload :468-488; publicNetworkAccess :454-456; network ACLs :821-867; CMK :994-1021). Defaults:
 * local_auth_enabled true (:170-173), public_network_access_enabled true (:294-297),
 * outbound_network_access_restricted false (:288-291), project_management_enabled false (:121-124).
 */
export const COGNITIVE_ACCOUNT: Adapter = {
  terraformType: 'azurerm_cognitive_account',
  source: 'cognitive/cognitive_account_resource.go:410-497,821-867,994-1021',
  build: (c) => {
    const acls = c.block('network_acls');
    const cmk = c.block('customer_managed_key');
    const fqdns = c.value('fqdns');
    return {
      drafts: [{
        type: 'Microsoft.CognitiveServices/accounts',
        name: c.nameOf(),
        placement: c.inResourceGroup(),
        kind: c.value('kind') ?? UNKNOWN,
        location: c.location(),
        sku: { name: c.value('sku_name') ?? UNKNOWN },
        identity: c.identity(false),
        tags: c.tags(),
        properties: compact({
          apiProperties: apiProperties(c),
          networkAcls: c.unknownBlock('network_acls') ? UNKNOWN : acls ? compact({
            defaultAction: c.resolve(acls.default_action) ?? UNKNOWN,
            ipRules: ((c.resolve(acls.ip_rules, []) as ArmValue[]) ?? []).map((v) => ({ value: v })),
            virtualNetworkRules: c.blocks('virtual_network_rules', acls).map((r) => ({
              id: c.resolve(r.subnet_id) ?? UNKNOWN,
              ignoreMissingVnetServiceEndpoint: c.resolve(r.ignore_missing_vnet_service_endpoint, false) ?? false,
            })),
            bypass: acls.bypass ? c.resolve(acls.bypass) : undefined,
          }) : undefined,
          customSubDomainName: c.value('custom_subdomain_name', ''),
          allowedFqdnList: Array.isArray(fqdns) && fqdns.length > 0 ? fqdns : fqdns === undefined ? undefined : fqdns,
          publicNetworkAccess: enabledDisabled(c.bool('public_network_access_enabled', true)),
          userOwnedStorage: c.blocks('storage').length > 0 ? UNKNOWN : undefined,
          restrictOutboundNetworkAccess: c.bool('outbound_network_access_restricted', false),
          disableLocalAuth: negate(c.bool('local_auth_enabled', true)),
          dynamicThrottlingEnabled: c.bool('dynamic_throttling_enabled', false),
          allowProjectManagement: c.bool('project_management_enabled', false),
          networkInjections: c.blocks('network_injection').length > 0 ? UNKNOWN : undefined,
          // A customer_managed_key block always yields keySource Microsoft.KeyVault (:1008); the key itself is a reference.
          encryption: c.unknownBlock('customer_managed_key') ? UNKNOWN : cmk ? { keySource: 'Microsoft.KeyVault', keyVaultProperties: UNKNOWN } : undefined,
        }),
        modelled: 'all',
      }],
    };
  },
};

function apiProperties(c: AdapterContext): ArmValue | undefined {
  // expandCognitiveAccountAPIProperties (:884-938): only the Metrics Advisor / QnA / custom question answering
  // settings; ailz sets none of them. Present settings are modelled as unknown rather than guessed.
  const keys = ['custom_question_answering_search_service_id', 'metrics_advisor_aad_client_id', 'qna_runtime_endpoint', 'custom_question_answering_search_service_key', 'metrics_advisor_website_name'];
  return keys.some((k) => c.raw(k) !== undefined) ? UNKNOWN : undefined;
}

/**
 * azurerm_cognitive_deployment: cognitive/cognitive_deployment_resource.go:191-260 Create
 * (`properties.model`, `raiPolicyName`, `versionUpgradeOption`, `sku`).
 */
export const COGNITIVE_DEPLOYMENT: Adapter = {
  terraformType: 'azurerm_cognitive_deployment',
  source: 'cognitive/cognitive_deployment_resource.go:191-260',
  build: (c) => {
    const model = c.block('model');
    const sku = c.block('sku');
    return {
      drafts: [{
        type: 'Microsoft.CognitiveServices/accounts/deployments',
        name: c.nameOf(),
        placement: { kind: 'child', parentId: c.resolved('cognitive_account_id') },
        sku: sku ? compact({ name: c.resolve(sku.name) ?? UNKNOWN, capacity: c.resolve(sku.capacity, 1) }) : undefined,
        properties: compact({
          model: model ? compact({ format: c.resolve(model.format), name: c.resolve(model.name), version: c.resolve(model.version) }) : undefined,
          raiPolicyName: c.value('rai_policy_name'),
          versionUpgradeOption: c.value('version_upgrade_option'),
          dynamicThrottlingEnabled: c.raw('rai_policy_name') !== undefined ? c.bool('dynamic_throttling_enabled', false) : undefined,
        }),
        modelled: { properties: ['model', 'raiPolicyName', 'versionUpgradeOption', 'dynamicThrottlingEnabled'] },
      }],
    };
  },
};

/** azurerm_cognitive_account_rai_policy: cognitive/cognitive_account_rai_policy_resource.go:125 Create. */
export const COGNITIVE_RAI_POLICY: Adapter = {
  terraformType: 'azurerm_cognitive_account_rai_policy',
  source: 'cognitive/cognitive_account_rai_policy_resource.go:125-170',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.CognitiveServices/accounts/raiPolicies',
      name: c.nameOf(),
      placement: { kind: 'child', parentId: c.resolved('cognitive_account_id') },
      tags: c.tags(),
      properties: compact({
        basePolicyName: c.value('base_policy_name'),
        mode: c.value('mode'),
        contentFilters: c.blocks('content_filter').map((f) => compact({
          name: c.resolve(f.name),
          enabled: c.resolve(f.filter_enabled),
          blocking: c.resolve(f.block_enabled),
          severityThreshold: c.resolve(f.severity_threshold),
          source: c.resolve(f.source),
        })),
      }),
      modelled: { properties: ['basePolicyName', 'mode', 'contentFilters'] },
    }],
  }),
};

/**
 * azurerm_machine_learning_workspace: machinelearning/machine_learning_workspace_resource.go:274-380
 * (payload :308-330; publicNetworkAccess :301-305; encryption :677-699 `status: Enabled`). Defaults: kind Default
 * (:96-104), sku Basic (:218-221), public_network_access_enabled true (:144-147), v1_legacy_mode_enabled false.
 */
export const ML_WORKSPACE: Adapter = {
  terraformType: 'azurerm_machine_learning_workspace',
  source: 'machinelearning/machine_learning_workspace_resource.go:274-380,677-699',
  build: (c) => {
    const enc = c.block('encryption');
    const managedNetwork = c.block('managed_network');
    const sku = c.value('sku_name', 'Basic');
    return {
      drafts: [{
        type: 'Microsoft.MachineLearningServices/workspaces',
        name: c.nameOf(),
        placement: c.inResourceGroup(),
        location: c.location(),
        kind: c.value('kind', 'Default'),
        sku: { name: sku ?? UNKNOWN, tier: sku ?? UNKNOWN },
        identity: c.identity(false),
        tags: c.tags(),
        properties: compact({
          applicationInsights: c.value('application_insights_id', ''),
          encryption: c.unknownBlock('encryption') ? UNKNOWN : enc ? {
            status: 'Enabled',
            keyVaultProperties: { keyVaultArmId: c.resolve(enc.key_vault_id) ?? UNKNOWN, keyIdentifier: c.resolve(enc.key_id) ?? UNKNOWN },
            identity: { userAssignedIdentity: c.resolve(enc.user_assigned_identity_id) ?? null },
          } : undefined,
          keyVault: c.value('key_vault_id', ''),
          // :788-798 expandMachineLearningWorkspaceManagedNetwork: { isolationMode } from the block; isolation_mode is
          // Optional + Computed, so an unset one is Azure's choice (unknown).
          managedNetwork: c.unknownBlock('managed_network') ? UNKNOWN : managedNetwork ? { isolationMode: c.resolve(managedNetwork.isolation_mode) ?? UNKNOWN } : undefined,
          publicNetworkAccess: enabledDisabled(c.bool('public_network_access_enabled', true)),
          enableServiceSideCMKEncryption: c.bool('service_side_encryption_enabled', false),
          storageAccount: c.value('storage_account_id', ''),
          v1LegacyMode: c.bool('v1_legacy_mode_enabled', false),
          serverlessComputeSettings: c.blocks('serverless_compute').length > 0 ? UNKNOWN : undefined,
          description: c.value('description'),
          friendlyName: c.value('friendly_name'),
          containerRegistry: c.value('container_registry_id'),
          hbiWorkspace: c.bool('high_business_impact', false) === true ? true : undefined,
          imageBuildCompute: c.value('image_build_compute_name'),
          primaryUserAssignedIdentity: c.value('primary_user_assigned_identity'),
          featureStoreSettings: c.blocks('feature_store').length > 0 ? UNKNOWN : undefined,
          provisionNetworkNow: c.unknownBlock('managed_network') ? UNKNOWN : managedNetwork ? c.resolve(managedNetwork.provision_on_creation_enabled, false) ?? UNKNOWN : false,
        }),
        modelled: 'all',
      }],
    };
  },
};

/**
 * azurerm_machine_learning_compute_cluster: machinelearning/machine_learning_compute_cluster_resource.go:165-260
 * (AmlCompute body :212-240: `disableLocalAuth = !local_auth_enabled`, `properties.properties` = AmlComputeProperties;
 * the location and sku are the workspace's, :244-250).
 */
export const ML_COMPUTE_CLUSTER: Adapter = {
  terraformType: 'azurerm_machine_learning_compute_cluster',
  source: 'machinelearning/machine_learning_compute_cluster_resource.go:165-260',
  build: (c) => {
    const ws = c.world.referencedResource(c.res.stack, c.raw('machine_learning_workspace_id'));
    const wsLocation = ws ? c.world.resolveValue(ws.resource.stack, ws.resource.attrs.location) : UNKNOWN;
    const scale = c.block('scale_settings');
    return {
      drafts: [{
        type: 'Microsoft.MachineLearningServices/workspaces/computes',
        name: c.nameOf(),
        placement: { kind: 'child', parentId: c.resolved('machine_learning_workspace_id') },
        location: typeof wsLocation === 'string' ? wsLocation.replace(/\s+/g, '').toLowerCase() : UNKNOWN,
        identity: c.identity(false),
        tags: c.tags(),
        sku: UNKNOWN,
        properties: compact({
          computeType: 'AmlCompute',
          computeLocation: c.value('location') ?? UNKNOWN,
          description: c.value('description', ''),
          disableLocalAuth: negate(c.bool('local_auth_enabled', true)),
          properties: compact({
            vmSize: c.value('vm_size') ?? UNKNOWN,
            vmPriority: c.value('vm_priority') ?? UNKNOWN,
            scaleSettings: scale ? compact({
              maxNodeCount: c.resolve(scale.max_node_count) ?? UNKNOWN,
              minNodeCount: c.resolve(scale.min_node_count) ?? UNKNOWN,
              nodeIdleTimeBeforeScaleDown: c.resolve(scale.scale_down_nodes_after_idle_duration) ?? UNKNOWN,
            }) : undefined,
            userAccountCredentials: c.blocks('ssh').length > 0 ? UNKNOWN : undefined,
            enableNodePublicIP: c.bool('node_public_ip_enabled', true),
            remoteLoginPortPublicAccess: enabledDisabled(c.bool('ssh_public_access_enabled', false)),
            subnet: c.raw('subnet_resource_id') ? { id: c.value('subnet_resource_id') ?? UNKNOWN } : undefined,
          }),
        }),
        modelled: 'all',
      }],
    };
  },
};

/**
 * azurerm_container_registry: containers/container_registry_resource.go:353-470 resourceContainerRegistryCreate
 * (payload :432-456). Defaults: admin_enabled false (:84-87), public_network_access_enabled true (:116-119),
 * export_policy_enabled true (:223-226), network_rule_bypass_option AzureServices (:254-262).
 */
export const CONTAINER_REGISTRY: Adapter = {
  terraformType: 'azurerm_container_registry',
  source: 'containers/container_registry_resource.go:353-470',
  build: (c) => {
    const sku = c.value('sku');
    const rules = c.block('network_rule_set');
    return {
      drafts: [{
        type: 'Microsoft.ContainerRegistry/registries',
        name: c.nameOf(),
        placement: c.inResourceGroup(),
        location: c.location(),
        sku: { name: sku ?? UNKNOWN, tier: sku ?? UNKNOWN },
        identity: c.identity(false),
        tags: c.tags(),
        properties: compact({
          adminUserEnabled: c.bool('admin_enabled', false),
          encryption: c.blocks('encryption').length > 0 ? UNKNOWN : undefined,
          networkRuleSet: c.unknownBlock('network_rule_set') ? UNKNOWN : rules ? {
            defaultAction: c.resolve(rules.default_action, 'Allow') ?? 'Allow',
            ipRules: c.blocks('ip_rule', rules).map((r) => ({ action: c.resolve(r.action) ?? UNKNOWN, value: c.resolve(r.ip_range) ?? UNKNOWN })),
          } : undefined,
          policies: {
            quarantinePolicy: { status: c.bool('quarantine_policy_enabled', false) === true ? 'enabled' : 'disabled' },
            exportPolicy: { status: c.bool('export_policy_enabled', true) === false ? 'disabled' : 'enabled' },
            retentionPolicy: c.value('retention_policy_in_days') ? { days: c.value('retention_policy_in_days') ?? UNKNOWN, status: 'enabled' } : undefined,
            trustPolicy: c.bool('trust_policy_enabled', false) === true ? { status: 'enabled', type: 'Notary' } : undefined,
          } as ArmValue,
          publicNetworkAccess: enabledDisabled(c.bool('public_network_access_enabled', true)),
          zoneRedundancy: enabledDisabled(c.bool('zone_redundancy_enabled', false)),
          anonymousPullEnabled: c.bool('anonymous_pull_enabled', false),
          dataEndpointEnabled: c.bool('data_endpoint_enabled', false),
          networkRuleBypassOptions: c.value('network_rule_bypass_option', 'AzureServices'),
        }),
        modelled: 'all',
      }],
    };
  },
};

/** azurerm_application_insights: applicationinsights/application_insights_resource.go:177-260 resourceApplicationInsightsCreate. */
export const APPLICATION_INSIGHTS: Adapter = {
  terraformType: 'azurerm_application_insights',
  source: 'applicationinsights/application_insights_resource.go:177-260',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Insights/components',
      name: c.nameOf(),
      placement: c.inResourceGroup(),
      location: c.location(),
      kind: c.value('application_type') ?? UNKNOWN,
      tags: c.tags(),
      properties: compact({
        Application_Type: c.value('application_type') ?? UNKNOWN,
        WorkspaceResourceId: c.value('workspace_id'),
        DisableIpMasking: c.bool('disable_ip_masking', false),
        DisableLocalAuth: c.bool('local_authentication_disabled', false),
        publicNetworkAccessForIngestion: enabledDisabled(c.bool('internet_ingestion_enabled', true)),
        publicNetworkAccessForQuery: enabledDisabled(c.bool('internet_query_enabled', true)),
        ForceCustomerStorageForProfiler: c.bool('force_customer_storage_for_profiler', false),
        SamplingPercentage: c.value('sampling_percentage', 100),
      }),
      modelled: { properties: ['Application_Type', 'WorkspaceResourceId', 'DisableIpMasking', 'DisableLocalAuth', 'publicNetworkAccessForIngestion', 'publicNetworkAccessForQuery', 'ForceCustomerStorageForProfiler', 'SamplingPercentage'] },
    }],
  }),
};
