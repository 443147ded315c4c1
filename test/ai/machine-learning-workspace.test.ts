import { MachineLearningWorkspace } from '../../constructs/ai/machine-learning-workspace';
import { ApplicationInsights } from '../../constructs/ai/application-insights';
import { ROLES } from '../../azure/roles';
import { BASE, LAW, PE, TAGS, only, refTo, resources, synth, zoneId, roleIdOf } from '../data/helpers';

const props = {
  name: 'mlw-contoso-research-exp-weu', ...BASE,
  identity: { id: '${uai_ws.id}', principalId: '${uai_ws.principal_id}' },
  keyVaultId: '/kv', storageAccountId: '/st', containerRegistryId: '/cr', applicationInsightsId: '/appi',
  logAnalyticsWorkspaceId: LAW, privateEndpoint: PE,
};

describe('MachineLearningWorkspace secure defaults', () => {
  const json = synth((s) => { new MachineLearningWorkspace(s, 'Mlw', props); });
  const ws = only(json, 'azurerm_machine_learning_workspace');

  it('is private with approved-outbound managed network and high business impact', () => {
    expect(ws.public_network_access_enabled).toBe(false);
    expect(ws.managed_network).toEqual({ isolation_mode: 'AllowOnlyApprovedOutbound' });
    expect(ws.high_business_impact).toBe(true);
  });
  it('uses the user-assigned identity as primary identity and its own dependencies', () => {
    expect(ws.identity).toEqual({ type: 'UserAssigned', identity_ids: ['${uai_ws.id}'] });
    expect(ws.primary_user_assigned_identity).toBe('${uai_ws.id}');
    expect([ws.key_vault_id, ws.storage_account_id, ws.container_registry_id, ws.application_insights_id]).toEqual(['/kv', '/st', '/cr', '/appi']);
    expect(ws.encryption).toBeUndefined();
    expect(ws.tags).toEqual(TAGS);
  });
  it('builds images on its private compute cluster', () => {
    expect(ws.image_build_compute_name).toBe('cpu-cluster');
  });
  it('has an amlworkspace private endpoint in both ML zones and diagnostics', () => {
    const pe = only(json, 'azurerm_private_endpoint');
    expect(pe.private_service_connection.subresource_names).toEqual(['amlworkspace']);
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toEqual(['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'].map(zoneId));
    // Written in the shape the category-group DeployIfNotExists deploys (audit off, allLogs on), through azapi (review F15).
    const diags = Object.values<any>(json.resource.azapi_resource ?? {}).filter((x) => x.type === 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview');
    expect(diags).toHaveLength(1);
    expect(json.resource.azurerm_monitor_diagnostic_setting).toBeUndefined();
    const d = diags[0];
    expect(d.parent_id).toBe(refTo(json, 'azurerm_machine_learning_workspace'));
    expect(d.body.properties.logs).toEqual([{ categoryGroup: 'audit', enabled: false }, { categoryGroup: 'allLogs', enabled: true }]);
    expect(d.body.properties.metrics).toEqual([{ category: 'AllMetrics', enabled: true }]);
  });
  it('has a compute cluster without public IP, local auth or SSH that scales to zero', () => {
    const c = only(json, 'azurerm_machine_learning_compute_cluster');
    expect(c.node_public_ip_enabled).toBe(false);
    expect(c.local_auth_enabled).toBe(false);
    expect(c.ssh_public_access_enabled).toBe(false);
    expect(c.ssh).toBeUndefined();
    expect(c.scale_settings).toEqual({ min_node_count: 0, max_node_count: 4, scale_down_nodes_after_idle_duration: 'PT15M' });
    expect(c.vm_size).toBe('Standard_DS3_v2');
    expect(c.identity).toEqual({ type: 'UserAssigned', identity_ids: ['${uai_ws.id}'] });
    expect(c.subnet_resource_id).toBeUndefined();
    expect(c.machine_learning_workspace_id).toBe(refTo(json, 'azurerm_machine_learning_workspace'));
  });
});

describe('MachineLearningWorkspace options', () => {
  it('wires a customer-managed key and adds its identity', () => {
    const json = synth((s) => { new MachineLearningWorkspace(s, 'Mlw', { ...props, customerManagedKey: { keyId: '${key.id}', keyVaultId: '/kv-cmk', identityId: '${cmk.id}' } }); });
    const ws = only(json, 'azurerm_machine_learning_workspace');
    expect(ws.encryption).toEqual({ key_id: '${key.id}', key_vault_id: '/kv-cmk', user_assigned_identity_id: '${cmk.id}' });
    expect(ws.identity.identity_ids).toEqual(['${uai_ws.id}', '${cmk.id}']);
    expect(ws.primary_user_assigned_identity).toBe('${uai_ws.id}');
  });
  it('uses the given compute identity, size, node limit and subnet', () => {
    const json = synth((s) => { new MachineLearningWorkspace(s, 'Mlw', { ...props, computeCluster: { identity: { id: '${c.id}', principalId: 'x' }, vmSize: 'Standard_D4s_v5', maxNodes: 2, subnetId: '/snet' } }); });
    const c = only(json, 'azurerm_machine_learning_compute_cluster');
    expect(c.identity.identity_ids).toEqual(['${c.id}']);
    expect(c.vm_size).toBe('Standard_D4s_v5');
    expect(c.scale_settings.max_node_count).toBe(2);
    expect(c.subnet_resource_id).toBe('/snet');
    expect(c.node_public_ip_enabled).toBe(false);
  });
  it('rejects an invalid compute name', () => {
    expect(() => synth((s) => { new MachineLearningWorkspace(s, 'Mlw', { ...props, computeCluster: { name: 'x' } }); })).toThrow(/compute cluster name "x"/);
  });
});

describe('MachineLearningWorkspace managed network and datastores', () => {
  const json = synth((s) => { new MachineLearningWorkspace(s, 'Mlw', props); });
  const cluster = only(json, 'azurerm_machine_learning_compute_cluster');

  it('lets its identity approve the managed network\'s private endpoint to the workspace itself, before the first compute', () => {
    const approval = Object.entries<any>(json.resource.azurerm_role_assignment).find(([, r]) => r.role_definition_id === roleIdOf(ROLES.aiEnterpriseNetworkConnectionApprover))!;
    expect(approval[1]).toMatchObject({ scope: refTo(json, 'azurerm_machine_learning_workspace'), principal_id: props.identity.principalId, principal_type: 'ServicePrincipal' });
    expect(cluster.depends_on).toContain(`azurerm_role_assignment.${approval[0]}`);
  });
  it('reaches its default storage with identities (systemDatastoresAuthMode, which azurerm 4.55 cannot set), before the first compute', () => {
    const update = only(json, 'azapi_update_resource');
    expect(update.type).toBe('Microsoft.MachineLearningServices/workspaces@2025-06-01');
    expect(update.resource_id).toBe(refTo(json, 'azurerm_machine_learning_workspace'));
    expect(update.body).toEqual({ properties: { systemDatastoresAuthMode: 'Identity' } });
    expect(cluster.depends_on).toContain(`azapi_update_resource.${Object.keys(json.resource.azapi_update_resource)[0]}`);
  });
  it('keeps key-based datastore access only when asked', () => {
    const keys = synth((s) => { new MachineLearningWorkspace(s, 'Mlw', { ...props, datastoreAuth: 'accessKey' }); });
    expect(only(keys, 'azapi_update_resource').body.properties.systemDatastoresAuthMode).toBe('AccessKey');
  });
});

describe('MachineLearningWorkspace grants', () => {
  it('grantDataScientist assigns exactly one AzureML Data Scientist at the workspace', () => {
    const json = synth((s) => { new MachineLearningWorkspace(s, 'Mlw', props).grantDataScientist({ name: 'Developers', principalId: 'g', principalType: 'Group' }); });
    const ra = resources(json, 'azurerm_role_assignment').find((r) => r.principal_id === 'g');
    expect(ra.role_definition_id).toBe(roleIdOf(ROLES.azureMlDataScientist));
    expect(ra.scope).toBe(refTo(json, 'azurerm_machine_learning_workspace'));
    expect(ra.principal_type).toBe('Group');
  });
});

describe('ApplicationInsights', () => {
  it('is workspace-based, Entra ID only (local auth off), reachable for ingestion and query without a private link scope', () => {
    const json = synth((s) => { new ApplicationInsights(s, 'Appi', { name: 'appi-x', ...BASE, logAnalyticsWorkspaceId: LAW }); });
    const a = only(json, 'azurerm_application_insights');
    expect(a.workspace_id).toBe(LAW);
    expect(a.local_authentication_disabled).toBe(true);
    expect(a.internet_ingestion_enabled).toBe(true);
    expect(a.internet_query_enabled).toBe(true);
    expect(a.tags).toEqual(TAGS);
  });
  it('closes public ingestion and query only when asked (for a component linked to an AMPLS)', () => {
    const json = synth((s) => { new ApplicationInsights(s, 'Appi', { name: 'appi-x', ...BASE, logAnalyticsWorkspaceId: LAW, internetIngestion: false, internetQuery: false }); });
    const a = only(json, 'azurerm_application_insights');
    expect([a.internet_ingestion_enabled, a.internet_query_enabled, a.local_authentication_disabled]).toEqual([false, false, true]);
  });
});
