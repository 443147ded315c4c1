/**
 * A hardened workload stack as Terraform JSON (the shape cdktf synthesizes: snake_case attributes, nested
 * blocks as arrays, `${type.name.attr}` references). Every rule passes on it; rule tests mutate a copy.
 */
import { TerraformDocument } from '../../guardrails';

export const LAW = '${azurerm_log_analytics_workspace.law.id}';
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
  const d: any = { name: 'diag', target_resource_id: ref(target) + (opts.suffix ?? ''), log_analytics_workspace_id: LAW };
  if (opts.logs !== false) d.enabled_log = [{ category_group: 'allLogs' }];
  if (opts.metrics !== false) d.enabled_metric = [{ category: 'AllMetrics' }];
  return d;
}

const filter = (name: string, source: string, threshold?: string) => ({
  name, source, filter_enabled: true, block_enabled: true, ...(threshold ? { severity_threshold: threshold } : {}),
});

export function goldenJson(): any {
  return {
    terraform: { required_providers: { azurerm: { source: 'hashicorp/azurerm', version: '4.55.0' } } },
    provider: { azurerm: [{ features: [{}] }] },
    data: { azurerm_client_config: { current: {} } },
    output: { openai_endpoint: { value: ref('azurerm_cognitive_account.oai', 'endpoint') } },
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
          identity: [{ type: 'UserAssigned', identity_ids: [ref('azurerm_user_assigned_identity.app')] }],
          tags: { environment: 'production' },
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
          name: 'gpt-4o', cognitive_account_id: ref('azurerm_cognitive_account.oai'),
          rai_policy_name: ref('azurerm_cognitive_account_rai_policy.rai', 'name'), version_upgrade_option: 'NoAutoUpgrade',
          model: [{ format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }], sku: [{ name: 'DataZoneStandard', capacity: 10 }],
        },
      },
      azurerm_machine_learning_workspace: {
        mlw: {
          name: 'mlw-demo', location: 'swedencentral', resource_group_name: 'rg', public_network_access_enabled: false,
          high_business_impact: true, primary_user_assigned_identity: ref('azurerm_user_assigned_identity.app'),
          identity: [{ type: 'UserAssigned', identity_ids: [ref('azurerm_user_assigned_identity.app')] }],
          managed_network: [{ isolation_mode: 'AllowOnlyApprovedOutbound' }],
          key_vault_id: ref('azurerm_key_vault.kv'), storage_account_id: ref('azurerm_storage_account.st'),
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
        acr: { name: 'crdemo', location: 'swedencentral', resource_group_name: 'rg', sku: 'Premium', admin_enabled: false, public_network_access_enabled: false, anonymous_pull_enabled: false, export_policy_enabled: false },
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
        oai: diag('azurerm_cognitive_account.oai'),
        mlw: diag('azurerm_machine_learning_workspace.mlw'),
        kv: diag('azurerm_key_vault.kv'),
        st: diag('azurerm_storage_account.st', { logs: false }),
        st_blob: diag('azurerm_storage_account.st', { suffix: '/blobServices/default' }),
        acr: diag('azurerm_container_registry.acr'),
        srch: diag('azurerm_search_service.srch'),
        nsg: diag('azurerm_network_security_group.nsg', { metrics: false }),
        vnet: diag('azurerm_virtual_network.vnet'),
        law: diag('azurerm_log_analytics_workspace.law'),
      },
      azurerm_role_assignment: {
        app_oai: { scope: ref('azurerm_cognitive_account.oai'), role_definition_id: '/providers/Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd', principal_id: ref('azurerm_user_assigned_identity.app', 'principal_id'), principal_type: 'ServicePrincipal' },
      },
      azurerm_pim_active_role_assignment: {
        reader: { scope: '/subscriptions/00000000-0000-0000-0000-000000000000', role_definition_id: '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7', principal_id: '11111111-1111-1111-1111-111111111111' },
      },
      azurerm_security_center_subscription_pricing: { ai: { tier: 'Standard', resource_type: 'AI' } },
      azurerm_management_group_policy_assignment: { ai: { name: 'ai-deny', management_group_id: '/providers/Microsoft.Management/managementGroups/ailz-ai', policy_definition_id: '/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc', enforce: true } },
      azurerm_management_group_policy_exemption: { waiver: { name: 'waiver', management_group_id: '/providers/Microsoft.Management/managementGroups/ailz-ai', policy_assignment_id: ref('azurerm_management_group_policy_assignment.ai'), exemption_category: 'Waiver', expires_on: '2027-01-01T00:00:00Z' } },
    },
  };
}

export const GOLDEN_STACK = 'workload-demo';

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
