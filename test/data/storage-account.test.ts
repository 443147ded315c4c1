import { StorageAccount } from '../../constructs/data/storage-account';
import { ROLES } from '../../azure/roles';
import { BASE, LAW, PE, TAGS, only, refTo, resources, synth, zoneId, roleIdOf } from './helpers';

const props = { name: 'stcontosochatmlpabcde', ...BASE, logAnalyticsWorkspaceId: LAW, privateEndpoint: PE };

describe('StorageAccount secure defaults', () => {
  const json = synth((s) => { new StorageAccount(s, 'St', props); });
  const st = only(json, 'azurerm_storage_account');

  it('accepts Entra ID only: no shared keys, OAuth default, no local users or SFTP', () => {
    expect(st.shared_access_key_enabled).toBe(false);
    expect(st.default_to_oauth_authentication).toBe(true);
    expect(st.local_user_enabled).toBe(false);
    expect(st.sftp_enabled).toBe(false);
  });
  it('encrypts in transit and twice at rest', () => {
    expect(st.min_tls_version).toBe('TLS1_2');
    expect(st.https_traffic_only_enabled).toBe(true);
    expect(st.infrastructure_encryption_enabled).toBe(true);
  });
  it('allows no anonymous blobs, no public network, no cross-tenant replication; firewall denies', () => {
    expect(st.allow_nested_items_to_be_public).toBe(false);
    expect(st.public_network_access_enabled).toBe(false);
    expect(st.cross_tenant_replication_enabled).toBe(false);
    expect(st.network_rules).toEqual({ default_action: 'Deny', bypass: ['AzureServices'], ip_rules: [], virtual_network_subnet_ids: [] });
  });
  it('keeps the evidence trail: versioning, 30-day blob and container soft delete, change feed', () => {
    expect(st.blob_properties.versioning_enabled).toBe(true);
    expect(st.blob_properties.change_feed_enabled).toBe(true);
    expect(st.blob_properties.change_feed_retention_in_days).toBe(90);
    expect(st.blob_properties.delete_retention_policy).toEqual({ days: 30 });
    expect(st.blob_properties.container_delete_retention_policy).toEqual({ days: 30 });
  });
  it('is zone-redundant, tagged, and has no CMK or identity unless asked', () => {
    expect(st.account_replication_type).toBe('ZRS');
    expect(st.tags).toEqual(TAGS);
    expect(st.customer_managed_key).toBeUndefined();
    expect(st.identity).toBeUndefined();
  });
  it('has one blob private endpoint by default', () => {
    const pe = only(json, 'azurerm_private_endpoint');
    expect(pe.private_service_connection.subresource_names).toEqual(['blob']);
    expect(pe.private_service_connection.private_connection_resource_id).toBe(refTo(json, 'azurerm_storage_account'));
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toEqual([zoneId('privatelink.blob.core.windows.net')]);
  });
  it('sends account metrics, and allLogs + AllMetrics of every service (in use or not), to Log Analytics', () => {
    // Every service: the storage-service diagnostics DeployIfNotExists built-ins (blob, file, queue, table) judge
    // every account and would deploy the missing settings themselves, outside Terraform (review F15).
    const diags = resources(json, 'azurerm_monitor_diagnostic_setting');
    const id = refTo(json, 'azurerm_storage_account');
    expect(diags.map((d) => d.target_resource_id).sort()).toEqual([id, ...['blob', 'file', 'queue', 'table'].map((s) => `${id}/${s}Services/default`)].sort());
    const account = diags.find((d) => d.target_resource_id === id);
    expect(account.enabled_log).toEqual([]);
    expect(account.enabled_metric).toEqual([{ category: 'AllMetrics' }]);
    for (const d of diags.filter((x) => x !== account)) {
      expect(d.enabled_log).toEqual([{ category_group: 'allLogs' }]);
      expect(d.enabled_metric).toEqual([{ category: 'AllMetrics' }]);
    }
    for (const d of diags) expect(d.log_analytics_workspace_id).toBe(LAW);
  });
});

describe('StorageAccount options', () => {
  it('creates an endpoint for each subresource in use; service diagnostics stay on every service', () => {
    const json = synth((s) => { new StorageAccount(s, 'St', { ...props, privateEndpointSubresources: ['file', 'blob', 'queue'] }); });
    const subs = resources(json, 'azurerm_private_endpoint').map((p) => p.private_service_connection.subresource_names[0]).sort();
    expect(subs).toEqual(['blob', 'file', 'queue']);
    const id = refTo(json, 'azurerm_storage_account');
    const targets = resources(json, 'azurerm_monitor_diagnostic_setting').map((d) => d.target_resource_id).sort();
    expect(targets).toEqual([id, `${id}/blobServices/default`, `${id}/fileServices/default`, `${id}/queueServices/default`, `${id}/tableServices/default`].sort());
  });
  it('encrypts with a customer-managed key through the given user-assigned identity', () => {
    const json = synth((s) => { new StorageAccount(s, 'St', { ...props, customerManagedKey: { keyVaultKeyId: '${key.versionless_id}', userAssignedIdentityId: '${uai.id}' } }); });
    const st = only(json, 'azurerm_storage_account');
    expect(st.identity).toEqual({ type: 'UserAssigned', identity_ids: ['${uai.id}'] });
    expect(st.customer_managed_key).toEqual({ key_vault_key_id: '${key.versionless_id}', user_assigned_identity_id: '${uai.id}' });
    expect(st.queue_encryption_key_type).toBe('Account');
    expect(st.table_encryption_key_type).toBe('Account');
  });
  it('changes soft delete and bypass only when asked', () => {
    const json = synth((s) => { new StorageAccount(s, 'St', { ...props, softDeleteRetentionDays: 7, networkBypass: ['None'] }); });
    const st = only(json, 'azurerm_storage_account');
    expect(st.blob_properties.delete_retention_policy.days).toBe(7);
    expect(st.network_rules.bypass).toEqual(['None']);
    expect(() => synth((s) => { new StorageAccount(s, 'St', { ...props, softDeleteRetentionDays: 3 }); })).toThrow(/softDeleteRetentionDays is 3/);
  });
});

describe('StorageAccount grants', () => {
  const cases = [
    ['grantBlobDataReader', ROLES.storageBlobDataReader],
    ['grantBlobDataContributor', ROLES.storageBlobDataContributor],
    ['grantFileDataPrivilegedContributor', ROLES.storageFileDataPrivilegedContributor],
  ] as const;
  it.each(cases)('%s assigns exactly one %o at the account', (method, role) => {
    const json = synth((s) => { new StorageAccount(s, 'St', props)[method]({ name: 'Team', principalId: 'g-1', principalType: 'Group' }); });
    const ra = only(json, 'azurerm_role_assignment');
    expect(ra.role_definition_id).toBe(roleIdOf(role));
    expect(ra.scope).toBe(refTo(json, 'azurerm_storage_account'));
    expect(ra.principal_type).toBe('Group');
    expect(ra.skip_service_principal_aad_check).toBeUndefined();
  });
});
