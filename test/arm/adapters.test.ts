/**
 * The ARM view of Terraform resources: what the azurerm 4.55.0 provider sends (its create functions and schema
 * defaults, cited in arm/adapters/), what azapi sends (its body), and how references resolve before apply.
 */
import { UNKNOWN, isUnknown } from '../../arm/resource';
import { armViewOfDocuments, armViewOfPlans } from '../../policy';
import { TerraformDocument } from '../../guardrails/types';

const SUB = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const doc = (stack: string, resource: Record<string, any>, extra: Record<string, any> = {}): TerraformDocument =>
  ({ stack, json: { provider: { azurerm: [{ features: [{}], subscription_id: SUB }] }, resource, ...extra } });
const viewOf = (resource: Record<string, any>) => armViewOfDocuments([doc('workload-x', resource)]);
const RG = { azurerm_resource_group: { rg: { name: 'rg-x', location: 'West Europe' } } };

describe('azurerm_storage_account (storage_account_resource.go:1345-1502)', () => {
  const view = viewOf({ ...RG, azurerm_storage_account: { st: { name: 'stx', resource_group_name: '${azurerm_resource_group.rg.name}', location: '${azurerm_resource_group.rg.location}', account_tier: 'Standard', account_replication_type: 'LRS' } } });
  const [account, ...children] = view.of('workload-x', 'azurerm_storage_account.st');

  test('schema defaults are what the provider sends when the attribute is not set', () => {
    expect(account.properties).toMatchObject({
      allowBlobPublicAccess: true, allowSharedKeyAccess: true, publicNetworkAccess: 'Enabled', minimumTlsVersion: 'TLS1_2',
      supportsHttpsTrafficOnly: true, allowCrossTenantReplication: false, accessTier: 'Hot',
      networkAcls: { bypass: 'AzureServices', defaultAction: 'Allow', ipRules: [], resourceAccessRules: [], virtualNetworkRules: [] },
      encryption: { keySource: 'Microsoft.Storage', services: { queue: { keyType: 'Service' }, table: { keyType: 'Service' } } },
    });
    expect(account).toMatchObject({ kind: 'StorageV2', sku: { name: 'Standard_LRS', tier: 'Standard' }, location: 'westeurope', apiVersion: '2023-05-01' });
  });

  test('the ID is built from the resolved resource group; Azure creates the service children with the account', () => {
    expect(account.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.Storage/storageAccounts/stx`);
    expect(children.map((c) => [c.type, c.id, c.source.origin])).toEqual(['blobServices', 'fileServices', 'queueServices', 'tableServices'].map((s) =>
      [`Microsoft.Storage/storageAccounts/${s}`, `${account.id}/${s}/default`, 'implied']));
    expect(children[0].fullName).toBe('stx/default');
  });
});

test('azurerm_key_vault: soft delete always sent, purge protection and RBAC only when true (key_vault_resource.go:353-385)', () => {
  const mk = (attrs: Record<string, any>) => viewOf({ ...RG, azurerm_key_vault: { kv: { name: 'kv-x', resource_group_name: 'rg-x', location: 'westeurope', sku_name: 'standard', tenant_id: 't', ...attrs } } }).of('workload-x', 'azurerm_key_vault.kv')[0].properties;
  const plain = mk({});
  expect(plain).toMatchObject({ enableSoftDelete: true, publicNetworkAccess: 'Enabled', createMode: 'default' });
  expect('enablePurgeProtection' in plain).toBe(false);
  expect('enableRbacAuthorization' in plain).toBe(false);
  expect(mk({ purge_protection_enabled: true, rbac_authorization_enabled: true, public_network_access_enabled: false })).toMatchObject({ enablePurgeProtection: true, enableRbacAuthorization: true, publicNetworkAccess: 'Disabled' });
});

test('azurerm_cognitive_account: disableLocalAuth is the negation of local_auth_enabled; a CMK block means keySource Microsoft.KeyVault', () => {
  const a = viewOf({ azurerm_cognitive_account: { oai: { name: 'oai', kind: 'OpenAI', sku_name: 'S0', location: 'westeurope', resource_group_name: 'rg-x', local_auth_enabled: false, customer_managed_key: [{ key_vault_key_id: '${azurerm_key_vault_key.k.id}' }] } } }).of('workload-x', 'azurerm_cognitive_account.oai')[0];
  expect(a.properties).toMatchObject({ disableLocalAuth: true, publicNetworkAccess: 'Enabled', encryption: { keySource: 'Microsoft.KeyVault' } });
  expect(isUnknown((a.properties.encryption as any).keyVaultProperties)).toBe(true);
  expect(a.kind).toBe('OpenAI');
});

test('azurerm_monitor_diagnostic_setting: enabled_log entries are sent enabled, without metrics the list is null; an extension of its target', () => {
  const view = viewOf({
    ...RG,
    azurerm_key_vault: { kv: { name: 'kv-x', resource_group_name: 'rg-x', location: 'westeurope', sku_name: 'standard', tenant_id: 't' } },
    azurerm_monitor_diagnostic_setting: { d: { name: 'diag', target_resource_id: '${azurerm_key_vault.kv.id}', log_analytics_workspace_id: '/subscriptions/p/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w', enabled_log: [{ category_group: 'allLogs' }, { category: 'AuditEvent' }] } },
  });
  const d = view.of('workload-x', 'azurerm_monitor_diagnostic_setting.d')[0];
  expect(d.properties).toEqual({ logs: [{ categoryGroup: 'allLogs', enabled: true }, { category: 'AuditEvent', enabled: true }], metrics: null, workspaceId: '/subscriptions/p/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w' });
  expect(d.scopeOf).toBe(`/subscriptions/${SUB}/resourcegroups/rg-x/providers/microsoft.keyvault/vaults/kv-x`);
  expect(d.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.KeyVault/vaults/kv-x/providers/Microsoft.Insights/diagnosticSettings/diag`);
});

test('azurerm_security_center_subscription_pricing: a subscription-level resource named by the plan, configured extensions enabled', () => {
  const p = viewOf({ azurerm_security_center_subscription_pricing: { s: { resource_type: 'StorageAccounts', tier: 'Standard', subplan: 'DefenderForStorageV2', extension: [{ name: 'OnUploadMalwareScanning', additional_extension_properties: { CapGBPerMonthPerStorageAccount: '5000' } }] } } }).of('workload-x', 'azurerm_security_center_subscription_pricing.s')[0];
  expect(p.id).toBe(`/subscriptions/${SUB}/providers/Microsoft.Security/pricings/StorageAccounts`);
  expect(p.properties).toEqual({ pricingTier: 'Standard', subPlan: 'DefenderForStorageV2', extensions: [{ name: 'OnUploadMalwareScanning', isEnabled: 'True', additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: '5000' } }] });
});

test('references to computed values are UNKNOWN, not guessed', () => {
  const a = viewOf({ azurerm_storage_account: { st: { name: '${random_string.x.result}', resource_group_name: 'rg', location: 'westeurope', account_tier: 'Standard', account_replication_type: 'LRS', min_tls_version: '${var.tls}' } } }).of('workload-x', 'azurerm_storage_account.st')[0];
  expect(a.name).toBe(UNKNOWN);
  expect(a.id).toBe(UNKNOWN);
  expect(a.properties.minimumTlsVersion).toBe(UNKNOWN);
  expect(a.scopeId).toBe(`/subscriptions/${SUB}/resourcegroups/rg/providers/microsoft.storage/storageaccounts/{workload-x:random_string.x.result}`);
});

test('a vended subscription is the same symbol in the governance association and in the workload that deploys into it', () => {
  const governance: TerraformDocument = {
    stack: 'governance',
    json: {
      resource: {
        azurerm_subscription: { vend: { subscription_name: 'sub-x', alias: 'sub-x' } },
        azurerm_management_group: { mg: { name: 'mg-x' } },
        azurerm_management_group_subscription_association: { a: { management_group_id: '${azurerm_management_group.mg.id}', subscription_id: '/subscriptions/${azurerm_subscription.vend.subscription_id}' } },
      },
      output: { workload_x_subscription_id: { value: '${azurerm_subscription.vend.subscription_id}' } },
    },
  };
  const workload: TerraformDocument = { stack: 'workload-x', json: { provider: { azurerm: [{ subscription_id: '${var.subscription_id}' }] }, variable: { subscription_id: { type: 'string' } }, resource: RG } };
  const view = armViewOfDocuments([governance, workload]);
  const sub = view.stackSubscriptions.get('workload-x')!;
  expect(sub.value).toBe(UNKNOWN);
  expect(sub.scope).toBe('{governance:azurerm_subscription.vend.subscription_id}');
  expect(view.of('workload-x', 'azurerm_resource_group.rg')[0].scopeId).toBe('/subscriptions/{governance:azurerm_subscription.vend.subscription_id}/resourcegroups/rg-x');
});

test('a workload that looks its subscription up by alias (data azapi_resource Microsoft.Subscription/aliases) is linked to the stack that creates the alias', () => {
  const governance: TerraformDocument = {
    stack: 'governance',
    json: {
      resource: {
        azurerm_subscription: { vend: { subscription_name: 'sub-x', alias: 'sub-x' } },
        azurerm_management_group: { mg: { name: 'mg-x' } },
        azurerm_management_group_subscription_association: { a: { management_group_id: '${azurerm_management_group.mg.id}', subscription_id: '/subscriptions/${azurerm_subscription.vend.subscription_id}' } },
      },
    },
  };
  const workload: TerraformDocument = {
    stack: 'workload-x',
    json: {
      provider: { azurerm: [{ subscription_id: '${data.azapi_resource.Vended.output.properties.subscriptionId}' }] },
      data: { azapi_resource: { Vended: { type: 'Microsoft.Subscription/aliases@2021-10-01', name: 'sub-x', parent_id: '/' } } },
      resource: RG,
    },
  };
  const view = armViewOfDocuments([governance, workload]);
  expect(view.stackSubscriptions.get('workload-x')!.scope).toBe('{governance:azurerm_subscription.vend.subscription_id}');
  expect(view.of('workload-x', 'azurerm_resource_group.rg')[0].scopeId).toBe('/subscriptions/{governance:azurerm_subscription.vend.subscription_id}/resourcegroups/rg-x');
});

describe('azapi (the body is the request)', () => {
  test('azapi_resource: type@apiVersion, id under the parent (extension type under a resource), body as properties', () => {
    const view = viewOf({
      ...RG,
      azurerm_cognitive_account: { oai: { name: 'oai', kind: 'OpenAI', sku_name: 'S0', location: 'westeurope', resource_group_name: 'rg-x' } },
      azapi_resource: {
        diag: { type: 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview', name: 'd', parent_id: '${azurerm_cognitive_account.oai.id}', body: { properties: { logs: [{ categoryGroup: 'audit', enabled: false }] } } },
        fl: { type: 'Microsoft.Network/networkWatchers/flowLogs@2024-05-01', name: 'fl', parent_id: `/subscriptions/${SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/nw`, location: 'westeurope', body: { properties: { enabled: true } } },
      },
    });
    const d = view.of('workload-x', 'azapi_resource.diag')[0];
    expect(d).toMatchObject({ type: 'Microsoft.Insights/diagnosticSettings', apiVersion: '2021-05-01-preview', properties: { logs: [{ categoryGroup: 'audit', enabled: false }] } });
    expect(d.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.CognitiveServices/accounts/oai/providers/Microsoft.Insights/diagnosticSettings/d`);
    expect(view.of('workload-x', 'azapi_resource.fl')[0].id).toBe(`/subscriptions/${SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/nw/flowLogs/fl`);
  });

  test('azapi_update_resource merges its body into the request of the resource it updates', () => {
    const view = viewOf({
      azurerm_storage_account: { st: { name: 'stx', resource_group_name: 'rg', location: 'westeurope', account_tier: 'Standard', account_replication_type: 'LRS' } },
      azapi_update_resource: { up: { type: 'Microsoft.Storage/storageAccounts@2023-05-01', resource_id: '${azurerm_storage_account.st.id}', body: { properties: { publicNetworkAccess: 'Disabled' } } } },
    });
    expect(view.of('workload-x', 'azurerm_storage_account.st')[0].properties).toMatchObject({ publicNetworkAccess: 'Disabled', minimumTlsVersion: 'TLS1_2' });
  });

  test('azapi_resource_action PUT to a resource ID is that resource\'s request; another method or an action is not judged', () => {
    const view = viewOf({
      ...RG,
      azapi_resource_action: {
        logger: { type: 'Microsoft.ApiManagement/service/loggers@2024-05-01', method: 'PUT', resource_id: `/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.ApiManagement/service/apim/loggers/azuremonitor`, body: { properties: { loggerType: 'azureMonitor', isBuffered: true } } },
        keys: { type: 'Microsoft.CognitiveServices/accounts@2024-10-01', action: 'listKeys', resource_id: `/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.CognitiveServices/accounts/oai` },
        dyn: { type: 'Microsoft.ApiManagement/service/loggers@2024-05-01', method: '${var.m}', resource_id: `/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.ApiManagement/service/apim/loggers/x` },
      },
    });
    const l = view.of('workload-x', 'azapi_resource_action.logger')[0];
    expect(l).toMatchObject({ type: 'Microsoft.ApiManagement/service/loggers', name: 'azuremonitor', apiVersion: '2024-05-01', properties: { loggerType: 'azureMonitor' } });
    expect(l.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.ApiManagement/service/apim/loggers/azuremonitor`);
    expect(view.of('workload-x', 'azapi_resource_action.keys')).toEqual([]);
    expect(view.notSimulated.map((n) => n.reason)).toEqual(['azapi_resource_action whose method or action is not a literal']);
  });

  test('an azapi_update_resource of something outside the stack is not simulated', () => {
    const view = viewOf({ azapi_update_resource: { up: { type: 'Microsoft.Storage/storageAccounts@2023-05-01', resource_id: '/subscriptions/x/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/other', body: { properties: {} } } } });
    expect(view.notSimulated.map((n) => n.reason)).toEqual(['azapi_update_resource of a resource outside this stack (its current body is not known offline)']);
  });
});

test('azurerm_subnet_network_security_group_association is a change to the subnet request (subnet_network_security_group_association_resource.go:58)', () => {
  const view = viewOf({
    ...RG,
    azurerm_virtual_network: { v: { name: 'vnet', resource_group_name: 'rg-x', location: 'westeurope', address_space: ['10.0.0.0/16'] } },
    azurerm_subnet: { s: { name: 'app', resource_group_name: 'rg-x', virtual_network_name: '${azurerm_virtual_network.v.name}', address_prefixes: ['10.0.1.0/24'] } },
    azurerm_network_security_group: { n: { name: 'nsg', resource_group_name: 'rg-x', location: 'westeurope' } },
    azurerm_subnet_network_security_group_association: { a: { subnet_id: '${azurerm_subnet.s.id}', network_security_group_id: '${azurerm_network_security_group.n.id}' } },
  });
  const subnet = view.of('workload-x', 'azurerm_subnet.s')[0];
  expect(subnet.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app`);
  expect(subnet.properties).toMatchObject({ addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: `/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.Network/networkSecurityGroups/nsg` } });
});

test('azurerm_network_watcher: location and tags only (network_watcher_resource.go:75-78); its flow log is its child', () => {
  const view = viewOf({
    azurerm_resource_group: { nw: { name: 'NetworkWatcherRG', location: 'westeurope' } },
    azurerm_network_watcher: { w: { name: 'NetworkWatcher_westeurope', resource_group_name: '${azurerm_resource_group.nw.name}', location: 'westeurope', tags: { owner: 'ailz' } } },
    azurerm_network_watcher_flow_log: { f: { name: 'fl', network_watcher_name: '${azurerm_network_watcher.w.name}', resource_group_name: '${azurerm_resource_group.nw.name}', target_resource_id: 'x', storage_account_id: 'y', enabled: true, version: 2 } },
  });
  const w = view.of('workload-x', 'azurerm_network_watcher.w')[0];
  expect(w).toMatchObject({ type: 'Microsoft.Network/networkWatchers', location: 'westeurope', tags: { owner: 'ailz' }, properties: {}, apiVersion: '2025-01-01' });
  expect(w.id).toBe(`/subscriptions/${SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_westeurope`);
  expect(view.of('workload-x', 'azurerm_network_watcher_flow_log.f')[0].id).toBe(`${w.id}/flowLogs/fl`);
  expect(view.notSimulated).toEqual([]);
});

test('terraform show -json: planned values, unknowns as UNKNOWN, unknown references linked through the configuration', () => {
  const plan = {
    format_version: '1.2',
    variables: { subscription_id: { value: SUB } },
    configuration: {
      provider_config: { azurerm: { expressions: { subscription_id: { references: ['var.subscription_id'] } } } },
      root_module: { resources: [{ address: 'azurerm_monitor_diagnostic_setting.d', expressions: { target_resource_id: { references: ['azurerm_key_vault.kv.id', 'azurerm_key_vault.kv'] } } }] },
    },
    resource_changes: [
      { address: 'azurerm_key_vault.kv', mode: 'managed', type: 'azurerm_key_vault', name: 'kv', change: { actions: ['create'], after: { name: 'kv-x', resource_group_name: 'rg-x', location: 'westeurope', sku_name: 'standard', purge_protection_enabled: true, public_network_access_enabled: false, tenant_id: 't' }, after_unknown: { id: true, vault_uri: true } } },
      { address: 'azurerm_monitor_diagnostic_setting.d', mode: 'managed', type: 'azurerm_monitor_diagnostic_setting', name: 'd', change: { actions: ['create'], after: { name: 'diag', enabled_log: [{ category_group: 'allLogs' }] }, after_unknown: { id: true, target_resource_id: true } } },
      { address: 'azurerm_storage_account.gone', mode: 'managed', type: 'azurerm_storage_account', name: 'gone', change: { actions: ['delete'], after: null, after_unknown: {} } },
    ],
  };
  const view = armViewOfPlans([{ stack: 'workload-x', json: plan }]);
  const kv = view.of('workload-x', 'azurerm_key_vault.kv')[0];
  expect(kv.id).toBe(`/subscriptions/${SUB}/resourceGroups/rg-x/providers/Microsoft.KeyVault/vaults/kv-x`);
  expect(kv.properties).toMatchObject({ enablePurgeProtection: true, publicNetworkAccess: 'Disabled' });
  expect(view.of('workload-x', 'azurerm_monitor_diagnostic_setting.d')[0].scopeOf).toBe(kv.scopeId);
  expect(view.of('workload-x', 'azurerm_storage_account.gone')).toEqual([]);
});
