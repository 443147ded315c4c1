import { KeyVault, KEY_ROTATION_POLICY } from '../../constructs/data/key-vault';
import { ROLES } from '../../azure/roles';
import { BASE, LAW, PE, TAGS, only, onlyAzapi, refTo, resources, synth, zoneId, roleIdOf } from './helpers';

const props = { name: 'kv-contoso-chat-p-abcde', ...BASE, tenantId: '8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93', logAnalyticsWorkspaceId: LAW, privateEndpoint: PE };

describe('KeyVault secure defaults', () => {
  const json = synth((s) => { new KeyVault(s, 'Kv', props); });
  const kv = only(json, 'azurerm_key_vault');

  it('authorizes with RBAC only, no access policies', () => {
    expect(kv.rbac_authorization_enabled).toBe(true);
    expect(kv.enable_rbac_authorization).toBeUndefined();
    expect(kv.access_policy).toBeUndefined();
  });
  it('has purge protection and 90-day soft delete', () => {
    expect(kv.purge_protection_enabled).toBe(true);
    expect(kv.soft_delete_retention_days).toBe(90);
  });
  it('is closed to public networks with a Deny firewall that lets only trusted services through', () => {
    expect(kv.public_network_access_enabled).toBe(false);
    expect(kv.network_acls).toEqual({ default_action: 'Deny', bypass: 'AzureServices', ip_rules: [], virtual_network_subnet_ids: [] });
  });
  it('uses the standard SKU, is not usable by VM deployment features, and is tagged', () => {
    expect(kv.sku_name).toBe('standard');
    expect(kv.enabled_for_deployment).toBe(false);
    expect(kv.enabled_for_template_deployment).toBe(false);
    expect(kv.enabled_for_disk_encryption).toBe(false);
    expect(kv.tags).toEqual(TAGS);
  });
  it('has a vault private endpoint in the vaultcore zone', () => {
    const pe = only(json, 'azurerm_private_endpoint');
    expect(pe.private_service_connection.private_connection_resource_id).toBe(refTo(json, 'azurerm_key_vault'));
    expect(pe.private_service_connection.subresource_names).toEqual(['vault']);
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toEqual([zoneId('privatelink.vaultcore.azure.net')]);
    expect(pe.tags).toEqual(TAGS);
  });
  it('sends allLogs and AllMetrics to Log Analytics', () => {
    // Written in the shape the category-group DeployIfNotExists deploys (audit off, allLogs on), through azapi (review F15).
    const diags = Object.values<any>(json.resource.azapi_resource ?? {}).filter((x) => x.type === 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview');
    expect(diags).toHaveLength(1);
    expect(json.resource.azurerm_monitor_diagnostic_setting).toBeUndefined();
    const d = diags[0];
    expect(d.parent_id).toBe(refTo(json, 'azurerm_key_vault'));
    expect(d.body.properties.workspaceId).toBe(LAW);
    expect(d.body.properties.logs).toEqual([{ categoryGroup: 'audit', enabled: false }, { categoryGroup: 'allLogs', enabled: true }]);
    expect(d.body.properties.metrics).toEqual([{ category: 'AllMetrics', enabled: true }]);
  });
  it('has no lock (delete protection is a denyAction policy of the governance stack, review F22)', () => {
    expect(resources(json, 'azurerm_management_lock')).toHaveLength(0);
  });
});

describe('KeyVault options', () => {
  it('changes soft delete only when asked, and rejects values Azure does not allow', () => {
    const json = synth((s) => { new KeyVault(s, 'Kv', { ...props, softDeleteRetentionDays: 7 }); });
    expect(only(json, 'azurerm_key_vault').soft_delete_retention_days).toBe(7);
    expect(() => synth((s) => { new KeyVault(s, 'Kv', { ...props, softDeleteRetentionDays: 6 }); })).toThrow(/softDeleteRetentionDays is 6; Azure allows whole days from 7 to 90/);
    expect(() => synth((s) => { new KeyVault(s, 'Kv', { ...props, softDeleteRetentionDays: 91 }); })).toThrow(/7 to 90/);
  });
  it('drops the trusted-services bypass only when asked', () => {
    const json = synth((s) => { new KeyVault(s, 'Kv', { ...props, networkBypass: 'None' }); });
    expect(only(json, 'azurerm_key_vault').network_acls.bypass).toBe('None');
    expect(only(json, 'azurerm_key_vault').network_acls.default_action).toBe('Deny');
  });
});

describe('KeyVault keys', () => {
  it('creates an RSA 2048 wrap/unwrap key with the rotation policy through Azure Resource Manager (no data-plane call to the private vault)', () => {
    const json = synth((s) => { new KeyVault(s, 'Kv', props).addKey('CmkKey', { name: 'cmk' }); });
    expect(json.resource.azurerm_key_vault_key).toBeUndefined();
    const key = onlyAzapi(json, 'Microsoft.KeyVault/vaults/keys');
    expect(key.type).toBe('Microsoft.KeyVault/vaults/keys@2025-05-01');
    expect(key.name).toBe('cmk');
    expect(key.parent_id).toBe(refTo(json, 'azurerm_key_vault'));
    expect(key.body.properties).toEqual({
      kty: 'RSA', keySize: 2048, keyOps: ['unwrapKey', 'wrapKey'], attributes: { enabled: true },
      rotationPolicy: {
        attributes: { expiryTime: 'P1Y' },
        lifetimeActions: [
          { trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'rotate' } },
          { trigger: { timeBeforeExpiry: 'P29D' }, action: { type: 'notify' } },
        ],
      },
    });
    expect(KEY_ROTATION_POLICY.expireAfter).toBe('P1Y');
    expect(key.tags).toEqual(TAGS);
    expect(key.response_export_values).toEqual(['properties.keyUri', 'properties.keyUriWithVersion']);
  });
  it('turns any change ARM cannot apply to an existing key into a replacement, and never destroys the key', () => {
    // ARM's PUT is "create if not exist": it neither updates an existing key nor creates new versions
    // (Learn KeysOperations.createIfNotExist); a silent no-op would leave config and vault disagreeing.
    const json = synth((s) => { new KeyVault(s, 'Kv', props).addKey('CmkKey', { name: 'cmk' }); });
    const key = onlyAzapi(json, 'Microsoft.KeyVault/vaults/keys');
    expect(key.replace_triggers_refs).toEqual(['properties.kty', 'properties.keySize', 'properties.keyOps', 'properties.rotationPolicy']);
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
  });
  it('creates RSA-HSM keys on a premium vault, and refuses them on a standard one', () => {
    const json = synth((s) => { new KeyVault(s, 'Kv', { ...props, premium: true }).addKey('CmkKey', { name: 'cmk', hsm: true }); });
    expect(only(json, 'azurerm_key_vault').sku_name).toBe('premium');
    expect(onlyAzapi(json, 'Microsoft.KeyVault/vaults/keys').body.properties.kty).toBe('RSA-HSM');
    expect(() => synth((s) => { new KeyVault(s, 'Kv', props).addKey('CmkKey', { name: 'cmk', hsm: true }); })).toThrow(/HSM-protected; set premium: true/);
  });
});

describe('KeyVault grants', () => {
  const cases = [
    ['grantSecretsRead', ROLES.keyVaultSecretsUser],
    ['grantSecretsManage', ROLES.keyVaultSecretsOfficer],
    ['grantCryptoServiceEncryption', ROLES.keyVaultCryptoServiceEncryptionUser],
  ] as const;
  it.each(cases)('%s assigns exactly one %o at the vault', (method, role) => {
    const json = synth((s) => { new KeyVault(s, 'Kv', props)[method]({ name: 'App', principalId: '${uai.principal_id}', principalType: 'ServicePrincipal' }); });
    const ra = only(json, 'azurerm_role_assignment');
    expect(ra.role_definition_id).toBe(roleIdOf(role));
    expect(ra.scope).toBe(refTo(json, 'azurerm_key_vault'));
    expect(ra.principal_id).toBe('${uai.principal_id}');
    expect(ra.principal_type).toBe('ServicePrincipal');
  });
});
