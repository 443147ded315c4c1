import { OpenAiAccount, CONTENT_FILTER_POLICY_NAME } from '../../constructs/ai/openai-account';
import { ROLES } from '../../azure/roles';
import { KeyVault } from '../../constructs/data/key-vault';
import { BASE, LAW, PE, TAGS, azapiRef, only, refTo, resources, synth, zoneId, roleIdOf } from '../data/helpers';

const deployments = [
  { name: 'gpt-4o', model: 'gpt-4o', version: '2024-11-20', sku: 'DataZoneStandard', capacity: 30 },
  { name: 'embeddings', model: 'text-embedding-3-large', version: '1', sku: 'Standard', capacity: 50 },
];
const props = { name: 'oai-contoso-chat-p-abcde', ...BASE, userAssignedIdentityIds: ['${uai.id}'], logAnalyticsWorkspaceId: LAW, privateEndpoint: PE, deployments };

describe('OpenAiAccount secure defaults', () => {
  const json = synth((s) => { new OpenAiAccount(s, 'Oai', props); });
  const acct = only(json, 'azurerm_cognitive_account');

  it('is an S0 OpenAI account with a custom subdomain', () => {
    expect(acct.kind).toBe('OpenAI');
    expect(acct.sku_name).toBe('S0');
    expect(acct.custom_subdomain_name).toBe(props.name);
  });
  it('is keyless and private: local auth off, public access off, ACL Deny without IP or VNet rules or bypass', () => {
    expect(acct.local_auth_enabled).toBe(false);
    expect(acct.public_network_access_enabled).toBe(false);
    expect(acct.network_acls).toEqual({ default_action: 'Deny', bypass: 'None', ip_rules: [] });
    expect(acct.network_acls.virtual_network_rules).toBeUndefined();
  });
  it('restricts outbound access with an empty allow-list by default', () => {
    expect(acct.outbound_network_access_restricted).toBe(true);
    expect(acct.fqdns).toEqual([]);
  });
  it('uses the user-assigned identity, has no CMK unless asked, and is tagged', () => {
    expect(acct.identity).toEqual({ type: 'UserAssigned', identity_ids: ['${uai.id}'] });
    expect(acct.customer_managed_key).toBeUndefined();
    expect(acct.tags).toEqual(TAGS);
  });
  it('has a private endpoint in all three AI zones', () => {
    const pe = only(json, 'azurerm_private_endpoint');
    expect(pe.private_service_connection.subresource_names).toEqual(['account']);
    expect(pe.private_service_connection.private_connection_resource_id).toBe(refTo(json, 'azurerm_cognitive_account'));
    expect(pe.private_dns_zone_group.private_dns_zone_ids).toEqual(
      ['privatelink.cognitiveservices.azure.com', 'privatelink.openai.azure.com', 'privatelink.services.ai.azure.com'].map(zoneId));
  });
  it('sends allLogs (RequestResponse, Trace, usage) and AllMetrics to Log Analytics', () => {
    // Written in the shape the category-group DeployIfNotExists deploys (audit off, allLogs on), through azapi (review F15).
    const diags = Object.values<any>(json.resource.azapi_resource ?? {}).filter((x) => x.type === 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview');
    expect(diags).toHaveLength(1);
    expect(json.resource.azurerm_monitor_diagnostic_setting).toBeUndefined();
    const d = diags[0];
    expect(d.parent_id).toBe(refTo(json, 'azurerm_cognitive_account'));
    expect(d.body.properties.logs).toEqual([{ categoryGroup: 'audit', enabled: false }, { categoryGroup: 'allLogs', enabled: true }]);
    expect(d.body.properties.metrics).toEqual([{ category: 'AllMetrics', enabled: true }]);
  });
  it('has a content filter with prompt shields, protected material and blocking harm filters on prompts and completions', () => {
    const rai = only(json, 'azurerm_cognitive_account_rai_policy');
    expect(rai.name).toBe(CONTENT_FILTER_POLICY_NAME);
    expect(rai.base_policy_name).toBe('Microsoft.DefaultV2');
    expect(rai.cognitive_account_id).toBe(refTo(json, 'azurerm_cognitive_account'));
    const f = (name: string, source: string) => rai.content_filter.find((x: any) => x.name === name && x.source === source);
    for (const name of ['Hate', 'Sexual', 'Violence', 'Selfharm']) {
      for (const source of ['Prompt', 'Completion']) {
        expect(f(name, source)).toEqual({ name, source, filter_enabled: true, block_enabled: true, severity_threshold: 'Medium' });
      }
    }
    for (const [name, source] of [['Jailbreak', 'Prompt'], ['Indirect Attack', 'Prompt'], ['Protected Material Text', 'Completion'], ['Protected Material Code', 'Completion']]) {
      expect(f(name, source)).toMatchObject({ filter_enabled: true, block_enabled: true });
    }
    expect(rai.content_filter).toHaveLength(12);
  });
  it('deploys each model pinned, with the content filter attached, one after the other', () => {
    const deps = json.resource.azurerm_cognitive_deployment;
    const list: any[] = Object.values(deps);
    expect(list.map((d) => d.name).sort()).toEqual(['embeddings', 'gpt-4o']);
    const raiRef = refTo(json, 'azurerm_cognitive_account_rai_policy', 'name');
    for (const d of list) {
      expect(d.rai_policy_name).toBe(raiRef);
      expect(d.version_upgrade_option).toBe('NoAutoUpgrade');
      expect(d.model.format).toBe('OpenAI');
      expect(d.cognitive_account_id).toBe(refTo(json, 'azurerm_cognitive_account'));
    }
    const gpt = list.find((d) => d.name === 'gpt-4o');
    expect(gpt.model).toEqual({ format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' });
    expect(gpt.sku).toEqual({ name: 'DataZoneStandard', capacity: 30 });
    const embKey = Object.keys(deps).find((k) => deps[k].name === 'embeddings');
    expect(gpt.depends_on).toEqual([`azurerm_cognitive_deployment.${embKey}`]);
  });
});

describe('OpenAiAccount options', () => {
  it('auto-upgrades model versions only when pinVersions is false', () => {
    const json = synth((s) => { new OpenAiAccount(s, 'Oai', { ...props, pinVersions: false }); });
    for (const d of resources(json, 'azurerm_cognitive_deployment')) expect(d.version_upgrade_option).toBe('OnceNewDefaultVersionAvailable');
  });
  it('lists outbound FQDNs (sorted) and keeps outbound restricted', () => {
    const json = synth((s) => { new OpenAiAccount(s, 'Oai', { ...props, outboundFqdns: ['srch-b.search.windows.net', 'srch-a.search.windows.net'] }); });
    const acct = only(json, 'azurerm_cognitive_account');
    expect(acct.outbound_network_access_restricted).toBe(true);
    expect(acct.fqdns).toEqual(['srch-a.search.windows.net', 'srch-b.search.windows.net']);
  });
  it('lets trusted Azure services bypass the ACL only when asked', () => {
    const json = synth((s) => { new OpenAiAccount(s, 'Oai', { ...props, allowTrustedAzureServices: true }); });
    expect(only(json, 'azurerm_cognitive_account').network_acls).toEqual({ default_action: 'Deny', bypass: 'AzureServices', ip_rules: [] });
  });
  it('uses the given harm severity threshold', () => {
    const json = synth((s) => { new OpenAiAccount(s, 'Oai', { ...props, contentFilterSeverity: 'Low' }); });
    const hate = only(json, 'azurerm_cognitive_account_rai_policy').content_filter.filter((x: any) => x.name === 'Hate');
    expect(hate.map((x: any) => x.severity_threshold)).toEqual(['Low', 'Low']);
  });
  it('creates an AI Services account when asked', () => {
    const json = synth((s) => { new OpenAiAccount(s, 'Oai', { ...props, kind: 'AIServices' }); });
    expect(only(json, 'azurerm_cognitive_account').kind).toBe('AIServices');
  });
  it('encrypts with a customer-managed key in two steps through its system-assigned identity (the only one Azure OpenAI accepts for CMK)', () => {
    const json = synth((s) => {
      const kv = new KeyVault(s, 'Kv', { name: 'kv-x', ...BASE, tenantId: 't', logAnalyticsWorkspaceId: LAW, privateEndpoint: PE });
      new OpenAiAccount(s, 'Oai', { ...props, customerManagedKey: { key: kv.addKey('Cmk', { name: 'cmk' }) } });
    });
    const acct = only(json, 'azurerm_cognitive_account');
    const acctKey = Object.keys(json.resource.azurerm_cognitive_account)[0];
    expect(acct.identity).toEqual({ type: 'SystemAssigned, UserAssigned', identity_ids: ['${uai.id}'] });
    expect(acct.customer_managed_key).toBeUndefined();
    expect(acct.lifecycle).toEqual({ ignore_changes: ['customer_managed_key'] });

    const keyRef = azapiRef(json, 'Microsoft.KeyVault/vaults/keys');
    const access = resources(json, 'azurerm_role_assignment').find((r) => r.scope === keyRef)!;
    expect(access).toMatchObject({ role_definition_id: roleIdOf(ROLES.keyVaultCryptoServiceEncryptionUser), principal_type: 'ServicePrincipal', principal_id: `\${azurerm_cognitive_account.${acctKey}.identity[0].principal_id}` });

    const attach = only(json, 'azapi_update_resource');
    const attachKey = Object.keys(json.resource.azapi_update_resource)[0];
    const keyName = Object.keys(json.resource.azapi_resource)[0];
    expect(attach.type).toBe('Microsoft.CognitiveServices/accounts@2025-06-01');
    expect(attach.resource_id).toBe(refTo(json, 'azurerm_cognitive_account'));
    expect(attach.body.properties.encryption).toEqual({
      keySource: 'Microsoft.KeyVault',
      keyVaultProperties: {
        keyName: 'cmk',
        keyVersion: `\${element(split("/", azapi_resource.${keyName}.output.properties.keyUriWithVersion), 5)}`,
        keyVaultUri: refTo(json, 'azurerm_key_vault', 'vault_uri'),
      },
    });
    expect(attach.depends_on).toEqual(expect.arrayContaining([`azapi_resource.${keyName}`]));
    expect(attach.depends_on.some((d: string) => d.startsWith('azurerm_role_assignment.'))).toBe(true);
    expect(attach.retry.error_message_regex).toContain('(?i)forbidden');
    for (const dep of [...resources(json, 'azurerm_cognitive_deployment'), only(json, 'azurerm_cognitive_account_rai_policy')]) {
      expect(dep.depends_on).toContain(`azapi_update_resource.${attachKey}`);
    }
  });
  it('rejects duplicate or invalid deployment names and bad capacity', () => {
    expect(() => synth((s) => { new OpenAiAccount(s, 'Oai', { ...props, deployments: [deployments[0], deployments[0]] }); })).toThrow(/"gpt-4o" is used twice/);
    expect(() => synth((s) => { new OpenAiAccount(s, 'Oai', { ...props, deployments: [{ ...deployments[0], name: 'a b' }] }); })).toThrow(/deployment name "a b"/);
    expect(() => synth((s) => { new OpenAiAccount(s, 'Oai', { ...props, deployments: [{ ...deployments[0], capacity: 0 }] }); })).toThrow(/capacity is 0/);
    expect(() => synth((s) => { new OpenAiAccount(s, 'Oai', { ...props, userAssignedIdentityIds: [] }); })).toThrow(/needs a user-assigned identity/);
  });
});

describe('OpenAiAccount grants', () => {
  it('grantInference assigns exactly one Cognitive Services OpenAI User at the account', () => {
    const json = synth((s) => { new OpenAiAccount(s, 'Oai', props).grantInference({ name: 'Developers', principalId: 'g', principalType: 'Group' }); });
    const ra = only(json, 'azurerm_role_assignment');
    expect(ra.role_definition_id).toBe(roleIdOf(ROLES.cognitiveServicesOpenAiUser));
    expect(ra.scope).toBe(refTo(json, 'azurerm_cognitive_account'));
    expect(ra.principal_type).toBe('Group');
  });
});
