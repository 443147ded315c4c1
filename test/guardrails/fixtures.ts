/**
 * A hardened workload stack as Terraform JSON (the shape cdktf synthesizes: snake_case attributes, nested
 * blocks as arrays, `${type.name.attr}` references). Every rule passes on it; rule tests mutate a copy.
 */
import { TerraformDocument } from '../../guardrails';
import { DIAGNOSTIC_SETTING_NAME, POLICY_CATALOG, WORKSPACE_DESTINATION_ENTRIES, resolvePolicyCatalog } from '../../azure/policy-catalog';
import { DIAGNOSTICS_DESTINATION_ACTIONS } from '../../azure/workspace-access';
import { DETECTIONS } from '../../catalog/detections';
import { gatewayPolicyXml } from '../../constructs/ai/gateway-policy';
import { DEFENDER_PLANS, defenderPricingId } from '../../azure/defender-plans';

export const LAW = '${azurerm_log_analytics_workspace.law.id}';
/** The platform workspace every workload setting (and the governance diagnostics policies) sends to. */
export const PLATFORM_WORKSPACE = '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-platform/providers/Microsoft.OperationalInsights/workspaces/log-platform';
const ref = (address: string, attr = 'id') => `\${${address}.${attr}}`;

const ZONES: Record<string, string> = {
  openai: 'privatelink.openai.azure.com',
  cognitive: 'privatelink.cognitiveservices.azure.com',
  servicesai: 'privatelink.services.ai.azure.com',
  azureml: 'privatelink.api.azureml.ms',
  notebooks: 'privatelink.notebooks.azure.net',
  vault: 'privatelink.vaultcore.azure.net',
  blob: 'privatelink.blob.core.windows.net',
  acr: 'privatelink.azurecr.io',
  search: 'privatelink.search.windows.net',
};

const zoneIds = (...keys: string[]) => keys.map((k) => ref(`azurerm_private_dns_zone.${k}`));

function endpoint(target: string, subresource: string, zones: string[]) {
  return {
    name: `pe-${subresource}`,
    location: 'swedencentral',
    resource_group_name: 'rg',
    subnet_id: ref('azurerm_subnet.pe'),
    private_service_connection: [{ name: 'psc', is_manual_connection: false, private_connection_resource_id: ref(target), subresource_names: [subresource] }],
    private_dns_zone_group: [{ name: 'default', private_dns_zone_ids: zoneIds(...zones) }],
  };
}

function diag(target: string, opts: { logs?: boolean; metrics?: boolean; suffix?: string } = {}) {
  const d: any = { name: DIAGNOSTIC_SETTING_NAME, target_resource_id: ref(target) + (opts.suffix ?? ''), log_analytics_workspace_id: PLATFORM_WORKSPACE };
  if (opts.logs !== false) d.enabled_log = [{ category_group: 'allLogs' }];
  if (opts.metrics !== false) d.enabled_metric = [{ category: 'AllMetrics' }];
  return d;
}

/**
 * A diagnostic setting in the shape the category-group DeployIfNotExists built-ins deploy (audit present but
 * off, allLogs on), written with azapi because azurerm cannot send a disabled entry (review F15).
 */
export function policyShapedDiag(target: string) {
  return {
    type: 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview', name: DIAGNOSTIC_SETTING_NAME, parent_id: ref(target),
    body: { properties: { workspaceId: PLATFORM_WORKSPACE, logs: [{ categoryGroup: 'audit', enabled: false }, { categoryGroup: 'allLogs', enabled: true }], metrics: [{ category: 'AllMetrics', enabled: true }] } },
  };
}

const filter = (name: string, source: string, threshold?: string) => ({
  name, source, filter_enabled: true, block_enabled: true, ...(threshold ? { severity_threshold: threshold } : {}),
});

/** The subscription the golden workload (`workload-demo`, production) deploys into. */
export const DEMO_SUBSCRIPTION = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

const ext = (plan: { extensions: readonly { name: string; properties?: Record<string, string> }[] }) =>
  plan.extensions.map((e) => ({ name: e.name, ...(e.properties ? { additional_extension_properties: { ...e.properties } } : {}) }));

/** Defender plans a workload needs (Containers because the golden stack has an ML workspace), every extension listed. */
function defenderPlans(): Record<string, any> {
  return {
    ai: { tier: 'Standard', resource_type: 'AI', extension: ext(DEFENDER_PLANS.ai) },
    storage: { tier: 'Standard', resource_type: 'StorageAccounts', subplan: 'DefenderForStorageV2', extension: ext(DEFENDER_PLANS.storage) },
    kv: { tier: 'Standard', resource_type: 'KeyVaults', subplan: 'PerKeyVault' },
    arm: { tier: 'Standard', resource_type: 'Arm', subplan: 'PerSubscription' },
    cspm: { tier: 'Standard', resource_type: 'CloudPosture', extension: ext(DEFENDER_PLANS.cloudPosture) },
    containers: { tier: 'Standard', resource_type: 'Containers', extension: ext(DEFENDER_PLANS.containers) },
  };
}

/** The import blocks adopting each pricing of `plans` (AILZ-DEF-004). */
function pricingImports(plans: Record<string, any>, subscription: string): any[] {
  return Object.entries(plans).map(([name, p]) => ({ to: `azurerm_security_center_subscription_pricing.${name}`, id: defenderPricingId(subscription, p.resource_type) }));
}

function activityLog(target: string, workspace = LAW) {
  return {
    name: 'ailz-activity-log', target_resource_id: target, log_analytics_workspace_id: workspace,
    enabled_log: ['Administrative', 'Alert', 'Autoscale', 'Policy', 'Recommendation', 'ResourceHealth', 'Security', 'ServiceHealth'].map((category) => ({ category })),
  };
}

export function goldenJson(): any {
  return {
    terraform: { required_providers: { azurerm: { source: 'hashicorp/azurerm', version: '4.55.0' } } },
    provider: { azurerm: [{ features: [{ storage: [{ data_plane_available: false }] }], subscription_id: DEMO_SUBSCRIPTION, resource_provider_registrations: 'none', resource_providers_to_register: ['Microsoft.KeyVault', 'microsoft.insights'] }] },
    data: { azurerm_client_config: { current: {} } },
    output: { openai_endpoint: { value: ref('azurerm_cognitive_account.oai', 'endpoint') } },
    import: pricingImports(defenderPlans(), DEMO_SUBSCRIPTION),
    resource: {
      azurerm_log_analytics_workspace: {
        law: { name: 'log-demo', location: 'swedencentral', resource_group_name: 'rg', sku: 'PerGB2018', retention_in_days: 90, local_authentication_enabled: false },
      },
      azurerm_user_assigned_identity: { app: { name: 'id-app', location: 'swedencentral', resource_group_name: 'rg' } },
      azurerm_cognitive_account: {
        oai: {
          name: 'oai-demo', kind: 'OpenAI', sku_name: 'S0', location: 'swedencentral', resource_group_name: 'rg',
          custom_subdomain_name: 'oai-demo-1a2b', public_network_access_enabled: false, local_auth_enabled: false,
          outbound_network_access_restricted: true, fqdns: ['srch-demo.search.windows.net'],
          network_acls: [{ default_action: 'Deny', bypass: 'None' }],
          // Azure OpenAI takes a customer-managed key only through its system-assigned identity: attached below.
          identity: [{ type: 'SystemAssigned, UserAssigned', identity_ids: [ref('azurerm_user_assigned_identity.app')] }],
          lifecycle: { ignore_changes: ['customer_managed_key'] },
          tags: { environment: 'production' },
        },
      },
      // The customer-managed key, created through ARM (no data-plane call to the private vault), and its attach.
      azapi_resource: {
        cmk: {
          type: 'Microsoft.KeyVault/vaults/keys@2025-05-01', name: 'cmk', parent_id: ref('azurerm_key_vault.kv'),
          body: { properties: {
            kty: 'RSA', keySize: 2048, keyOps: ['unwrapKey', 'wrapKey'],
            rotationPolicy: { attributes: { expiryTime: 'P1Y' }, lifetimeActions: [{ trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'rotate' } }] },
          } },
          response_export_values: ['properties.keyUriWithVersion'],
        },
        oai_diag: policyShapedDiag('azurerm_cognitive_account.oai'),
        mlw_diag: policyShapedDiag('azurerm_machine_learning_workspace.mlw'),
        kv_diag: policyShapedDiag('azurerm_key_vault.kv'),
      },
      azapi_update_resource: {
        // The workspace reaches its key-less storage with identities (azurerm 4.55 cannot set this).
        mlw_datastores: { type: 'Microsoft.MachineLearningServices/workspaces@2025-06-01', resource_id: ref('azurerm_machine_learning_workspace.mlw'), body: { properties: { systemDatastoresAuthMode: 'Identity' } } },
        oai_cmk: {
          type: 'Microsoft.CognitiveServices/accounts@2025-06-01', resource_id: ref('azurerm_cognitive_account.oai'),
          body: { properties: { encryption: { keySource: 'Microsoft.KeyVault', keyVaultProperties: { keyName: 'cmk', keyVaultUri: ref('azurerm_key_vault.kv', 'vault_uri'), keyVersion: '${element(split("/", azapi_resource.cmk.output.properties.keyUriWithVersion), 5)}' } } } },
        },
      },
      azurerm_cognitive_account_rai_policy: {
        rai: {
          name: 'ailz-strict', cognitive_account_id: ref('azurerm_cognitive_account.oai'), base_policy_name: 'Microsoft.DefaultV2',
          content_filter: [
            ...['Hate', 'Sexual', 'Violence', 'SelfHarm'].flatMap((n) => [filter(n, 'Prompt', 'Medium'), filter(n, 'Completion', 'Medium')]),
            filter('Jailbreak', 'Prompt'), filter('Indirect Attack', 'Prompt'),
            filter('Protected Material Text', 'Completion'), filter('Protected Material Code', 'Completion'),
          ],
        },
      },
      azurerm_cognitive_deployment: {
        gpt: {
          name: 'chat', cognitive_account_id: ref('azurerm_cognitive_account.oai'),
          rai_policy_name: ref('azurerm_cognitive_account_rai_policy.rai', 'name'), version_upgrade_option: 'NoAutoUpgrade',
          model: [{ format: 'OpenAI', name: 'gpt-5.5', version: '2026-04-24' }], sku: [{ name: 'DataZoneStandard', capacity: 10 }],
        },
      },
      azurerm_machine_learning_workspace: {
        mlw: {
          name: 'mlw-demo', location: 'swedencentral', resource_group_name: 'rg', public_network_access_enabled: false,
          high_business_impact: true, primary_user_assigned_identity: ref('azurerm_user_assigned_identity.app'),
          identity: [{ type: 'UserAssigned', identity_ids: [ref('azurerm_user_assigned_identity.app')] }],
          managed_network: [{ isolation_mode: 'AllowOnlyApprovedOutbound' }],
          key_vault_id: ref('azurerm_key_vault.kv'), storage_account_id: ref('azurerm_storage_account.st'),
          container_registry_id: ref('azurerm_container_registry.acr'),
        },
      },
      azurerm_machine_learning_compute_cluster: {
        cc: { name: 'cc', location: 'swedencentral', machine_learning_workspace_id: ref('azurerm_machine_learning_workspace.mlw'), vm_size: 'Standard_DS3_v2', vm_priority: 'Dedicated', node_public_ip_enabled: false, local_auth_enabled: false, ssh_public_access_enabled: false, scale_settings: [{ min_node_count: 0, max_node_count: 2, scale_down_nodes_after_idle_duration: 'PT5M' }] },
      },
      azurerm_machine_learning_compute_instance: {
        ci: { name: 'ci', machine_learning_workspace_id: ref('azurerm_machine_learning_workspace.mlw'), virtual_machine_size: 'Standard_DS3_v2', node_public_ip_enabled: false, local_auth_enabled: false },
      },
      azurerm_key_vault: {
        kv: {
          name: 'kv-demo', location: 'swedencentral', resource_group_name: 'rg', sku_name: 'standard', tenant_id: ref('data.azurerm_client_config.current', 'tenant_id'),
          rbac_authorization_enabled: true, purge_protection_enabled: true, soft_delete_retention_days: 90, public_network_access_enabled: false,
          network_acls: [{ default_action: 'Deny', bypass: 'AzureServices' }],
        },
      },
      azurerm_storage_account: {
        st: {
          name: 'stdemo', location: 'swedencentral', resource_group_name: 'rg', account_tier: 'Standard', account_replication_type: 'ZRS',
          shared_access_key_enabled: false, min_tls_version: 'TLS1_2', allow_nested_items_to_be_public: false, public_network_access_enabled: false,
          https_traffic_only_enabled: true, infrastructure_encryption_enabled: true, default_to_oauth_authentication: true,
          local_user_enabled: false, cross_tenant_replication_enabled: false,
          network_rules: [{ default_action: 'Deny', bypass: ['AzureServices'] }],
          blob_properties: [{ versioning_enabled: true, change_feed_enabled: true, delete_retention_policy: [{ days: 14 }], container_delete_retention_policy: [{ days: 14 }] }],
        },
      },
      azurerm_container_registry: {
        acr: { name: 'crdemo', location: 'swedencentral', resource_group_name: 'rg', sku: 'Premium', admin_enabled: false, public_network_access_enabled: false, anonymous_pull_enabled: false, export_policy_enabled: false, network_rule_bypass_option: 'AzureServices' },
      },
      azurerm_application_insights: {
        appi: { name: 'appi-demo', location: 'swedencentral', resource_group_name: 'rg', application_type: 'web', workspace_id: LAW, local_authentication_disabled: true, internet_ingestion_enabled: true, internet_query_enabled: true },
      },
      azurerm_search_service: {
        srch: { name: 'srch-demo', location: 'swedencentral', resource_group_name: 'rg', sku: 'standard', public_network_access_enabled: false, local_authentication_enabled: false, identity: [{ type: 'SystemAssigned' }] },
      },
      azurerm_virtual_network: {
        vnet: { name: 'vnet-demo', location: 'swedencentral', resource_group_name: 'rg', address_space: ['10.1.0.0/22'] },
      },
      azurerm_subnet: {
        pe: { name: 'snet-pe', resource_group_name: 'rg', virtual_network_name: ref('azurerm_virtual_network.vnet', 'name'), address_prefixes: ['10.1.0.0/24'], private_endpoint_network_policies: 'Enabled', default_outbound_access_enabled: false },
      },
      azurerm_network_security_group: {
        nsg: {
          name: 'nsg-pe', location: 'swedencentral', resource_group_name: 'rg',
          security_rule: [
            { name: 'allow-vnet', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', destination_port_range: '443', source_address_prefix: 'VirtualNetwork', destination_address_prefix: '*' },
            { name: 'deny-internet', priority: 4000, direction: 'Inbound', access: 'Deny', protocol: '*', source_port_range: '*', destination_port_range: '*', source_address_prefix: 'Internet', destination_address_prefix: '*' },
          ],
        },
      },
      azurerm_subnet_network_security_group_association: {
        pe: { subnet_id: ref('azurerm_subnet.pe'), network_security_group_id: ref('azurerm_network_security_group.nsg') },
      },
      azurerm_virtual_network_peering: {
        to_hub: { name: 'to-hub', resource_group_name: 'rg', virtual_network_name: ref('azurerm_virtual_network.vnet', 'name'), remote_virtual_network_id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub', allow_forwarded_traffic: false, allow_gateway_transit: false, use_remote_gateways: false },
      },
      azurerm_private_dns_zone: Object.fromEntries(Object.entries(ZONES).map(([k, name]) => [k, { name, resource_group_name: 'rg' }])),
      azurerm_private_endpoint: {
        oai: endpoint('azurerm_cognitive_account.oai', 'account', ['openai', 'cognitive', 'servicesai']),
        mlw: endpoint('azurerm_machine_learning_workspace.mlw', 'amlworkspace', ['azureml', 'notebooks']),
        kv: endpoint('azurerm_key_vault.kv', 'vault', ['vault']),
        st: endpoint('azurerm_storage_account.st', 'blob', ['blob']),
        acr: endpoint('azurerm_container_registry.acr', 'registry', ['acr']),
        srch: endpoint('azurerm_search_service.srch', 'searchService', ['search']),
      },
      azurerm_monitor_diagnostic_setting: {
        st: diag('azurerm_storage_account.st', { logs: false }),
        st_blob: diag('azurerm_storage_account.st', { suffix: '/blobServices/default' }),
        acr: diag('azurerm_container_registry.acr'),
        srch: diag('azurerm_search_service.srch'),
        nsg: diag('azurerm_network_security_group.nsg', { metrics: false }),
        vnet: diag('azurerm_virtual_network.vnet'),
        law: { ...diag('azurerm_log_analytics_workspace.law'), log_analytics_workspace_id: LAW },
        activity: activityLog(`/subscriptions/${DEMO_SUBSCRIPTION}`),
      },
      // The account is published on the AI gateway (AILZ-PRD-007); the gateway's own objects are in gatewayJson().
      azurerm_api_management_backend: {
        oai: { name: 'oai-demo', api_management_name: 'apim-demo', resource_group_name: 'rg', protocol: 'http', url: '${azurerm_cognitive_account.oai.endpoint}openai' },
      },
      azurerm_role_assignment: {
        app_oai: { scope: ref('azurerm_cognitive_account.oai'), role_definition_id: `/subscriptions/${DEMO_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd`, principal_id: ref('azurerm_user_assigned_identity.app', 'principal_id'), principal_type: 'ServicePrincipal' },
        // The workspace identity approves its managed network's private endpoints on each dependency.
        ...Object.fromEntries(['storage_account.st', 'key_vault.kv', 'container_registry.acr'].map((t) => [`approve_${t.split('.')[1]}`, {
          scope: ref(`azurerm_${t}`), role_definition_id: `/subscriptions/${DEMO_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/b556d68e-0be0-4f35-a333-ad7ee1ce17ea`,
          principal_id: ref('azurerm_user_assigned_identity.app', 'principal_id'), principal_type: 'ServicePrincipal',
        }])),
      },
      azurerm_pim_active_role_assignment: {
        reader: { scope: '/subscriptions/00000000-0000-0000-0000-000000000000', role_definition_id: '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7', principal_id: '11111111-1111-1111-1111-111111111111' },
      },
      azurerm_security_center_subscription_pricing: defenderPlans(),
      azurerm_security_center_contact: { contact: { name: 'default1', email: 'secops@contoso.example', alert_notifications: true, alerts_to_admins: true } },
      azurerm_management_group_policy_assignment: { ai: { name: 'ai-deny', management_group_id: '/providers/Microsoft.Management/managementGroups/ailz-ai', policy_definition_id: '/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc', enforce: true } },
      azurerm_management_group_policy_exemption: { waiver: { name: 'waiver', management_group_id: '/providers/Microsoft.Management/managementGroups/ailz-ai', policy_assignment_id: ref('azurerm_management_group_policy_assignment.ai'), exemption_category: 'Waiver', expires_on: '2027-01-01T00:00:00Z' } },
    },
  };
}

export const GOLDEN_STACK = 'workload-demo';

/** The AI gateway's policy as ailz generates it (tokens limited, Entra callers, managed identity to the backend). */
export const GATEWAY_POLICY = gatewayPolicyXml({
  tenantId: '8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93', audienceAppId: '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d',
  appRoles: ['Invoke.demo'], backendId: 'oai-demo', tokensPerMinute: 10000,
});

/** A hardened AI gateway (stack `platform-gw`): internal VNet mode, keyless, prompts in their own workspace. */
export function gatewayJson(): any {
  const apim = 'azurerm_api_management.apim';
  const LAW = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log-sec';
  return {
    resource: {
      azurerm_api_management: {
        apim: {
          name: 'apim-demo', location: 'swedencentral', resource_group_name: 'rg', publisher_name: 'demo', publisher_email: 'secops@contoso.example',
          sku_name: 'Premium_1', identity: [{ type: 'SystemAssigned' }], virtual_network_type: 'Internal',
          virtual_network_configuration: [{ subnet_id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-hub/subnets/snet-apim' }],
          public_network_access_enabled: true, security: [{ frontend_tls10_enabled: false, frontend_tls11_enabled: false, backend_tls10_enabled: false }],
        },
      },
      azurerm_api_management_api: {
        api: { name: 'demo-openai', api_management_name: 'apim-demo', resource_group_name: 'rg', revision: '1', path: 'demo/openai', protocols: ['https'], subscription_required: false },
      },
      azurerm_api_management_api_policy: {
        api: { api_name: '${azurerm_api_management_api.api.name}', api_management_name: 'apim-demo', resource_group_name: 'rg', xml_content: GATEWAY_POLICY },
      },
      azurerm_api_management_backend: {
        oai: { name: 'oai-demo', api_management_name: 'apim-demo', resource_group_name: 'rg', protocol: 'http', url: 'https://oai-demo.openai.azure.com/openai' },
      },
      azapi_resource: {
        api_diag: {
          type: 'Microsoft.ApiManagement/service/apis/diagnostics@2024-10-01-preview', name: 'azuremonitor',
          parent_id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.ApiManagement/service/apim-demo/apis/demo-openai',
          body: { properties: { loggerId: 'x', largeLanguageModel: { logs: 'enabled', requests: { messages: 'all', maxSizeInBytes: 262144 }, responses: { messages: 'all', maxSizeInBytes: 262144 } } } },
        },
      },
      azurerm_log_analytics_workspace: {
        prompts: { name: 'log-prompts', location: 'swedencentral', resource_group_name: 'rg-prompts', sku: 'PerGB2018', retention_in_days: 90, local_authentication_enabled: false },
      },
      azurerm_monitor_diagnostic_setting: {
        apim: { name: 'diag', target_resource_id: ref(apim), log_analytics_workspace_id: LAW, log_analytics_destination_type: 'Dedicated', enabled_log: [{ category: 'GatewayLogs' }, { category: 'WebSocketConnectionLogs' }], enabled_metric: [{ category: 'AllMetrics' }] },
        apim_prompts: { name: 'diag-prompts', target_resource_id: ref(apim), log_analytics_workspace_id: ref('azurerm_log_analytics_workspace.prompts'), log_analytics_destination_type: 'Dedicated', enabled_log: [{ category: 'GatewayLlmLogs' }] },
        prompts: { name: 'diag', target_resource_id: ref('azurerm_log_analytics_workspace.prompts'), log_analytics_workspace_id: LAW, enabled_log: [{ category_group: 'allLogs' }], enabled_metric: [{ category: 'AllMetrics' }] },
      },
    },
  };
}

export function golden(stack = GOLDEN_STACK): TerraformDocument {
  return { stack, json: goldenJson() };
}

/** A golden copy changed by `mutate` (which edits the JSON in place). */
export function variant(mutate: (json: any) => void, stack = GOLDEN_STACK): TerraformDocument {
  const json = goldenJson();
  mutate(json);
  return { stack, json };
}

/** Shorthand: the attributes of `resource.<type>.<name>` in a JSON document. */
export const r = (json: any, type: string, name: string): any => json.resource[type][name];

const meta = (path: string) => ({ '//': { metadata: { path, uniqueId: path.replace(/\//g, '_') } } });

/**
 * A second workload on a subscription the governance stack vends: the provider takes it as a variable,
 * so cross-stack rules match it by name (the vended subscription's `workload` tag, the construct path).
 */
export function labJson(): any {
  const plans = Object.fromEntries(Object.entries(defenderPlans()).filter(([k]) => k !== 'containers'));
  return {
    provider: { azurerm: [{ features: [{}], subscription_id: '${var.subscription_id}' }] },
    import: pricingImports(plans, '${var.subscription_id}'),
    variable: { subscription_id: { type: 'string' } },
    resource: {
      azurerm_resource_group: { rg: { name: 'rg-lab', location: 'westeurope', tags: { environment: 'experimentation', workload: 'lab' } } },
      azurerm_security_center_subscription_pricing: plans,
      azurerm_security_center_contact: { contact: { name: 'default1', email: 'secops@contoso.example', alert_notifications: true, alerts_to_admins: true } },
      azurerm_monitor_diagnostic_setting: { activity: activityLog('/subscriptions/${var.subscription_id}', PLATFORM_WORKSPACE) },
    },
  };
}

const MG_REF = (name: string) => `\${azurerm_management_group.${name}.id}`;
const budget = (path: string, subscription: string) => ({
  ...meta(path), name: 'budget', amount: 100, time_grain: 'Monthly', subscription_id: subscription,
  time_period: { start_date: '2026-01-01T00:00:00Z' },
  notification: [
    { enabled: true, operator: 'GreaterThanOrEqualTo', threshold: 80, threshold_type: 'Actual', contact_emails: ['owners@contoso.example'] },
    { enabled: true, operator: 'GreaterThanOrEqualTo', threshold: 100, threshold_type: 'Actual', contact_emails: ['owners@contoso.example'] },
    { enabled: true, operator: 'GreaterThanOrEqualTo', threshold: 110, threshold_type: 'Forecasted', contact_emails: ['owners@contoso.example'] },
  ],
});

const contributorAt = (scope: string) => `${scope}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`;
const pimPolicy = (scope: string, maximumDuration: string, expireAfter: string, approvers?: string) => ({
  scope, role_definition_id: contributorAt(scope),
  activation_rules: {
    maximum_duration: maximumDuration, require_justification: true, require_multifactor_authentication: true,
    ...(approvers ? { require_approval: true, approval_stage: { primary_approver: [{ type: 'Group', object_id: approvers }] } } : { require_approval: false }),
  },
  eligible_assignment_rules: { expiration_required: true, expire_after: expireAfter },
});

/**
 * The governance stack for `workload-demo` (production, literal subscription) and `workload-lab`
 * (experimentation, vended): the management group tree, every catalog policy at its scope, placement
 * and budgets, in the shape cdktf synthesizes.
 */
export function governanceJson(): any {
  const scopes: Record<string, string> = { ai: 'ai', production: 'prod', experimentation: 'exp' };
  const parameters = new Map(resolvePolicyCatalog({ allowedLocations: ['swedencentral'], logAnalyticsWorkspaceId: PLATFORM_WORKSPACE })
    .map((x) => [x.entry.key, JSON.stringify(Object.fromEntries(Object.entries(x.parameters).map(([k, v]) => [k, { value: v }])))]));
  return {
    provider: { azurerm: [{ features: [{ subscription: [{ prevent_cancellation_on_destroy: true }] }] }] },
    resource: {
      azurerm_management_group: {
        ai: { ...meta('governance/ManagementGroups/Resource'), name: 'contoso-ai', display_name: 'contoso AI', parent_management_group_id: '/providers/Microsoft.Management/managementGroups/root' },
        prod: { ...meta('governance/ManagementGroups/Production'), name: 'contoso-ai-production', display_name: 'contoso AI production', parent_management_group_id: MG_REF('ai') },
        exp: { ...meta('governance/ManagementGroups/Experimentation'), name: 'contoso-ai-experimentation', display_name: 'contoso AI experimentation', parent_management_group_id: MG_REF('ai') },
      },
      azurerm_management_group_policy_assignment: Object.fromEntries(POLICY_CATALOG.map((e) => [e.key, {
        ...meta(`governance/Policies/${e.key}`), name: e.key, display_name: e.displayName, enforce: true,
        management_group_id: MG_REF(scopes[e.scope]), policy_definition_id: e.policyDefinitionId,
        ...(parameters.has(e.key) ? { parameters: parameters.get(e.key) } : {}),
        ...(e.roleDefinitionIds.length > 0 ? { identity: [{ type: 'SystemAssigned' }], location: 'swedencentral' } : {}),
      }])),
      azurerm_subscription: {
        lab: { ...meta('governance/Workload-lab/Subscription'), alias: 'sub-lab', subscription_name: 'sub-lab', billing_scope_id: '/providers/Microsoft.Billing/billingAccounts/1/enrollmentAccounts/2', tags: { workload: 'lab', environment: 'experimentation' } },
      },
      azurerm_management_group_subscription_association: {
        demo: { ...meta('governance/Workload-demo/Resource'), management_group_id: MG_REF('prod'), subscription_id: `/subscriptions/${DEMO_SUBSCRIPTION}` },
        lab: { ...meta('governance/Workload-lab/Resource'), management_group_id: MG_REF('exp'), subscription_id: '/subscriptions/${azurerm_subscription.lab.subscription_id}' },
      },
      // Just-in-time Contributor for each workload's admins, under the role's management policy (review F21).
      azurerm_pim_eligible_role_assignment: {
        demo: { scope: `/subscriptions/${DEMO_SUBSCRIPTION}`, role_definition_id: contributorAt(`/subscriptions/${DEMO_SUBSCRIPTION}`), principal_id: '4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c', schedule: { expiration: { duration_days: 90 } } },
        lab: { scope: '/subscriptions/${azurerm_subscription.lab.subscription_id}', role_definition_id: contributorAt('/subscriptions/${azurerm_subscription.lab.subscription_id}'), principal_id: '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e', schedule: { expiration: { duration_days: 180 } } },
      },
      azurerm_role_management_policy: {
        demo: pimPolicy(`/subscriptions/${DEMO_SUBSCRIPTION}`, 'PT4H', 'P90D', '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f'),
        lab: pimPolicy('/subscriptions/${azurerm_subscription.lab.subscription_id}', 'PT8H', 'P180D'),
      },
      // Delete protection of the production workload's vaults (denyAction, review F22).
      azurerm_policy_definition: {
        deny_delete: {
          ...meta('governance/WorkloadDeleteProtection/Definition'), name: 'ailz-deny-delete', policy_type: 'Custom', mode: 'Indexed', display_name: 'deny delete',
          management_group_id: MG_REF('ai'),
          policy_rule: JSON.stringify({ if: { field: 'type', in: "[parameters('resourceTypes')]" }, then: { effect: 'denyAction', details: { actionNames: ['delete'], cascadeBehaviors: { resourceGroup: 'deny' } } } }),
          parameters: JSON.stringify({ resourceTypes: { type: 'Array' } }),
        },
      },
      azurerm_subscription_policy_assignment: {
        demo_vaults: {
          ...meta('governance/WorkloadDeleteProtection/Assignment-demo'), name: 'ailz-deny-delete', subscription_id: `/subscriptions/${DEMO_SUBSCRIPTION}`,
          policy_definition_id: '${azurerm_policy_definition.deny_delete.id}', enforce: true,
          parameters: JSON.stringify({ resourceTypes: { value: ['Microsoft.KeyVault/vaults'] } }),
        },
      },
      azurerm_consumption_budget_subscription: {
        demo: budget('governance/Workload-demo/Budget', `/subscriptions/${DEMO_SUBSCRIPTION}`),
        lab: budget('governance/Workload-lab/Budget', '/subscriptions/${azurerm_subscription.lab.subscription_id}'),
      },
    },
  };
}

export const PLATFORM_SUBSCRIPTION = '0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e';

/**
 * The platform stack: workspace, Sentinel onboarding and every catalog detection, and the linked access of
 * the governance diagnostics identities to the workspace (a two-action custom role, identities looked up by name).
 */
export function platformJson(): any {
  const rg = `/subscriptions/${PLATFORM_SUBSCRIPTION}/resourceGroups/rg-platform`;
  return {
    provider: { azurerm: [{ features: [{}], subscription_id: PLATFORM_SUBSCRIPTION }] },
    data: {
      azurerm_policy_assignment: Object.fromEntries(WORKSPACE_DESTINATION_ENTRIES.map((e) => [e.key, { name: e.key, scope_id: '/providers/Microsoft.Management/managementGroups/contoso-ai' }])),
    },
    resource: {
      azurerm_monitor_diagnostic_setting: {
        activity: activityLog(`/subscriptions/${PLATFORM_SUBSCRIPTION}`),
        ...Object.fromEntries(['contoso-ai', 'contoso-ai-production', 'contoso-ai-experimentation'].map((mg) => [mg.replace(/-/g, '_'), {
          name: 'ailz-activity-log', target_resource_id: `/providers/Microsoft.Management/managementGroups/${mg}`, log_analytics_workspace_id: LAW,
          enabled_log: [{ category: 'Administrative' }, { category: 'Policy' }],
        }])),
      },
      azurerm_role_definition: { dest: { name: 'ailz contoso diagnostics destination', scope: rg, assignable_scopes: [rg], permissions: [{ actions: [...DIAGNOSTICS_DESTINATION_ACTIONS] }] } },
      azurerm_role_assignment: Object.fromEntries(WORKSPACE_DESTINATION_ENTRIES.map((e) => [`dest_${e.key.replace(/-/g, '_')}`, {
        scope: PLATFORM_WORKSPACE, role_definition_id: '${azurerm_role_definition.dest.role_definition_resource_id}',
        principal_id: `\${data.azurerm_policy_assignment.${e.key}.identity[0].principal_id}`, principal_type: 'ServicePrincipal',
      }])),
      azurerm_log_analytics_workspace: { law: { name: 'log-platform', location: 'swedencentral', resource_group_name: 'rg-platform', sku: 'PerGB2018', retention_in_days: 90, local_authentication_enabled: false } },
      azurerm_sentinel_log_analytics_workspace_onboarding: { sentinel: { workspace_id: '${azurerm_log_analytics_workspace.law.id}' } },
      azurerm_sentinel_alert_rule_scheduled: Object.fromEntries(DETECTIONS.map((d) => [d.id.replace(/-/g, '_'), {
        name: d.id, display_name: d.displayName, enabled: true, severity: d.severity, query: d.query, techniques: [...d.techniques],
        log_analytics_workspace_id: '${azurerm_sentinel_log_analytics_workspace_onboarding.sentinel.workspace_id}',
      }])),
    },
  };
}

/** The four stacks of a clean deployment: golden workload, vended lab workload, governance, platform. */
export function landingZone(mutate: { demo?: (j: any) => void; lab?: (j: any) => void; governance?: (j: any) => void; platform?: (j: any) => void } = {}): TerraformDocument[] {
  const docs: [string, any, ((j: any) => void) | undefined][] = [
    [GOLDEN_STACK, goldenJson(), mutate.demo], ['workload-lab', labJson(), mutate.lab], ['governance', governanceJson(), mutate.governance], ['platform', platformJson(), mutate.platform],
  ];
  return docs.map(([stack, json, m]) => { m?.(json); return { stack, json }; });
}

/**
 * A VNet flow log as ailz writes it (azapi, review F13/F14/F24): a keyless destination account in the
 * flow-log shape, the writer identity with Storage Blob Data Contributor on it, the account's lifecycle
 * policy owning retention, and the regional Network Watcher managed in the same document.
 */
export function flowLogJson(): any {
  return {
    provider: { azurerm: [{ features: [{ storage: [{ data_plane_available: false }] }], subscription_id: DEMO_SUBSCRIPTION }] },
    resource: {
      azurerm_virtual_network: { vnet: { name: 'vnet-demo', location: 'swedencentral', resource_group_name: 'rg-demo', address_space: ['10.9.0.0/24'] } },
      azurerm_network_watcher: { nw: { name: 'NetworkWatcher_swedencentral', location: 'swedencentral', resource_group_name: 'NetworkWatcherRG' } },
      azurerm_storage_account: {
        flow: {
          name: 'stdemoflow', location: 'swedencentral', resource_group_name: 'rg-demo', account_tier: 'Standard', account_replication_type: 'LRS',
          shared_access_key_enabled: false, public_network_access_enabled: true,
          network_rules: [{ default_action: 'Deny', bypass: ['AzureServices'], ip_rules: [], virtual_network_subnet_ids: [] }],
        },
      },
      azurerm_storage_management_policy: {
        flow: { storage_account_id: ref('azurerm_storage_account.flow'), rule: [{ name: 'expire', enabled: true, filters: [{ blob_types: ['blockBlob'] }], actions: [{ base_blob: [{ delete_after_days_since_modification_greater_than: 90 }] }] }] },
      },
      azurerm_user_assigned_identity: { flowlog: { name: 'id-flowlog', location: 'swedencentral', resource_group_name: 'rg-demo' } },
      azurerm_role_assignment: {
        flowlog: { scope: ref('azurerm_storage_account.flow'), role_definition_id: `/subscriptions/${DEMO_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/ba92f5b4-2d11-453d-a403-e96b0029c9fe`, principal_id: ref('azurerm_user_assigned_identity.flowlog', 'principal_id'), principal_type: 'ServicePrincipal' },
      },
      azapi_resource: {
        flowlog: {
          type: 'Microsoft.Network/networkWatchers/flowLogs@2025-01-01', name: 'flog-demo', location: 'swedencentral', parent_id: ref('azurerm_network_watcher.nw'),
          identity: [{ type: 'UserAssigned', identity_ids: [ref('azurerm_user_assigned_identity.flowlog')] }],
          body: { properties: { targetResourceId: ref('azurerm_virtual_network.vnet'), storageId: ref('azurerm_storage_account.flow'), enabled: true, format: { type: 'JSON', version: 2 }, retentionPolicy: { enabled: false, days: 0 } } },
        },
      },
    },
  };
}

/** The same flow log written with azurerm 4.55 (wave 1): no identity possible, retention on, watcher only named. */
export function azurermFlowLogJson(): any {
  const j = flowLogJson();
  delete j.resource.azapi_resource;
  delete j.resource.azurerm_network_watcher;
  j.resource.azurerm_network_watcher_flow_log = {
    flowlog: {
      name: 'flog-demo', network_watcher_name: 'NetworkWatcher_swedencentral', resource_group_name: 'NetworkWatcherRG', location: 'swedencentral',
      target_resource_id: ref('azurerm_virtual_network.vnet'), storage_account_id: ref('azurerm_storage_account.flow'), enabled: true, version: 2,
      retention_policy: [{ enabled: true, days: 90 }],
    },
  };
  return j;
}

