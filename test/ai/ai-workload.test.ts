import { AiWorkload, AiWorkloadProps } from '../../constructs/ai/ai-workload';
import { Namer } from '../../constructs/core/naming';
import { ROLES } from '../../azure/roles';
import { evaluate } from '../../guardrails';
import { LAW, PRIVILEGED_IDS, SUBNET, TAGS, allStrings, only, resources, synth, zoneId, roleIdOf } from '../data/helpers';
import { TEST_AS_OF } from '../as-of';

const namer = new Namer({ prefix: 'contoso', tenantId: '8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93', workload: 'research', environment: 'experimentation', location: 'westeurope' });
const base: AiWorkloadProps = {
  namer, tags: TAGS, location: 'westeurope', resourceGroupName: 'rg-contoso-research-exp-weu', resourceGroupId: '/subscriptions/s/resourceGroups/rg',
  tenantId: '8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93', logAnalyticsWorkspaceId: LAW, privateEndpointSubnetId: SUBNET, dnsZoneId: zoneId,
  appIdentity: { id: '${app.id}', principalId: '${app.principal_id}', clientId: '${app.client_id}' },
  developersGroupObjectId: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
  openai: { kind: 'OpenAI', deployments: [{ name: 'research', model: 'gpt-5.4', version: '2026-03-05', sku: 'DataZoneStandard', capacity: 20 }] },
  pinModelVersions: true, machineLearning: false, customerManagedKeys: false,
};

/** Error findings of the guardrail catalog on what the construct synthesized. */
function guardrailErrors(json: any): string[] {
  const result = evaluate([{ stack: 'workload-research', json }], { asOf: TEST_AS_OF });
  // Only findings on resources this construct synthesized: stack-level "must exist" rules (Defender
  // plans, activity log export) judge the lead's stack composition, not the AI workload.
  const created = new Set(Object.entries<any>(json.resource).flatMap(([type, rs]) => Object.keys(rs).map((k) => `${type}.${k}`)));
  return result.findings
    .filter((f: any) => f.severity === 'error' && created.has(f.address))
    .map((f: any) => `${f.rule} ${f.address} ${f.message}`);
}

/** Role assignments as `<role name> -> <scope resource type>` for principal `p`. */
function grantsOf(json: any, principal: string): string[] {
  const byId = new Map(Object.values(ROLES).map((r) => [roleIdOf(r), r.name]));
  const types = new Map<string, string>();
  for (const [type, rs] of Object.entries<any>(json.resource)) for (const key of Object.keys(rs)) types.set(`\${${type}.${key}.id}`, type);
  return resources(json, 'azurerm_role_assignment')
    .filter((ra) => ra.principal_id === principal)
    .map((ra) => `${byId.get(ra.role_definition_id) ?? ra.role_definition_id} -> ${types.get(ra.scope) ?? ra.scope}`)
    .sort();
}
const uaiRef = (json: any, qualifier: string, attr: string) => {
  const key = Object.keys(json.resource.azurerm_user_assigned_identity).find((k) => json.resource.azurerm_user_assigned_identity[k].name === namer.name('managedIdentity', qualifier));
  return `\${azurerm_user_assigned_identity.${key}.${attr}}`;
};

describe('AiWorkload without ML or CMK', () => {
  const json = synth((s) => { new AiWorkload(s, 'Ai', base); });

  it('grants the app identity OpenAI User on the account and Secrets User on the vault, nothing else', () => {
    expect(grantsOf(json, '${app.principal_id}')).toEqual(['Cognitive Services OpenAI User -> azurerm_cognitive_account', 'Key Vault Secrets User -> azurerm_key_vault']);
  });
  it('grants the developers group OpenAI User as a Group', () => {
    expect(grantsOf(json, base.developersGroupObjectId)).toEqual(['Cognitive Services OpenAI User -> azurerm_cognitive_account']);
    const ra = resources(json, 'azurerm_role_assignment').find((r) => r.principal_id === base.developersGroupObjectId);
    expect(ra.principal_type).toBe('Group');
  });
  it('creates no ML resources, no key and no lock', () => {
    for (const t of ['azurerm_machine_learning_workspace', 'azurerm_storage_account', 'azurerm_container_registry', 'azapi_update_resource', 'azurerm_management_lock']) {
      expect(resources(json, t)).toHaveLength(0);
    }
    // azapi only for the diagnostic settings in the shape the diagnostics policies accept (review F15).
    expect(resources(json, 'azapi_resource').map((r) => r.type.split('@')[0])).toEqual(['Microsoft.Insights/diagnosticSettings', 'Microsoft.Insights/diagnosticSettings']);
    expect(only(json, 'azurerm_cognitive_account').identity.identity_ids).toEqual([uaiRef(json, 'oai', 'id')]);
  });
  it('passes the guardrail catalog (outbound restricted with an empty allow-list is the strictest setting)', () => {
    expect(guardrailErrors(json)).toEqual([]);
  });
});

describe('AiWorkload with CMK, without ML (the production chat shape)', () => {
  const json = synth((s) => { new AiWorkload(s, 'Ai', { ...base, customerManagedKeys: true }); });

  it('encrypts Azure OpenAI through its system identity only: no user-assigned CMK identity exists', () => {
    expect(resources(json, 'azurerm_user_assigned_identity').map((u) => u.name)).toEqual([namer.name('managedIdentity', 'oai')]);
    const acct = only(json, 'azurerm_cognitive_account');
    expect(acct.identity.type).toBe('SystemAssigned, UserAssigned');
    const access = resources(json, 'azurerm_role_assignment').filter((r) => r.role_definition_id === roleIdOf(ROLES.keyVaultCryptoServiceEncryptionUser));
    expect(access.map((r) => [r.principal_id, r.scope])).toEqual([[`\${azurerm_cognitive_account.${Object.keys(json.resource.azurerm_cognitive_account)[0]}.identity[0].principal_id}`, `\${azapi_resource.${Object.keys(json.resource.azapi_resource)[0]}.id}`]]);
  });
  it('passes the guardrail catalog (CMK limits of Azure OpenAI included)', () => {
    expect(guardrailErrors(json)).toEqual([]);
  });
});

describe('AiWorkload with ML and CMK', () => {
  const json = synth((s) => { new AiWorkload(s, 'Ai', { ...base, machineLearning: true, customerManagedKeys: true }); });
  const kvKey = Object.keys(json.resource.azurerm_key_vault).find((k) => json.resource.azurerm_key_vault[k].name === namer.name('keyVault'))!;
  const kvRef = `\${azurerm_key_vault.${kvKey}.id}`;

  it('assigns no Owner, Contributor, User Access Administrator, RBAC Administrator or Key Vault Administrator', () => {
    const all = resources(json, 'azurerm_role_assignment');
    expect(all.length).toBeGreaterThan(10);
    for (const ra of all) {
      expect(PRIVILEGED_IDS).not.toContain(ra.role_definition_id);
      expect(ra.role_definition_name).toBeUndefined();
      expect(['ServicePrincipal', 'Group']).toContain(ra.principal_type);
      expect(ra.scope).toMatch(/^\$\{(azurerm_[a-z_]+|azapi_resource)\.[A-Za-z0-9_-]+\.id\}$/);
    }
  });
  it('gives the CMK identity only Crypto Service Encryption User on the workload vault', () => {
    expect(grantsOf(json, uaiRef(json, 'cmk', 'principal_id'))).toEqual(['Key Vault Crypto Service Encryption User -> azurerm_key_vault']);
    const ra = resources(json, 'azurerm_role_assignment').find((r) => r.principal_id === uaiRef(json, 'cmk', 'principal_id'));
    expect(ra.scope).toBe(kvRef);
  });
  it('gives the workspace identity the narrow data roles on its own storage, vault and registry, and the approver role its managed network needs', () => {
    expect(grantsOf(json, uaiRef(json, 'mlw', 'principal_id'))).toEqual([
      'AcrPush -> azurerm_container_registry',
      'Azure AI Enterprise Network Connection Approver -> azurerm_container_registry',
      'Azure AI Enterprise Network Connection Approver -> azurerm_key_vault',
      'Azure AI Enterprise Network Connection Approver -> azurerm_machine_learning_workspace',
      'Azure AI Enterprise Network Connection Approver -> azurerm_storage_account',
      'Key Vault Secrets Officer -> azurerm_key_vault',
      'Reader -> azurerm_container_registry',
      'Storage Blob Data Contributor -> azurerm_storage_account',
      'Storage File Data Privileged Contributor -> azurerm_storage_account',
    ]);
    const ws = only(json, 'azurerm_machine_learning_workspace');
    const officer = resources(json, 'azurerm_role_assignment').find((r) => r.principal_id === uaiRef(json, 'mlw', 'principal_id') && r.role_definition_id === roleIdOf(ROLES.keyVaultSecretsOfficer));
    expect(officer.scope).toBe(ws.key_vault_id);
    expect(officer.scope).not.toBe(kvRef);
  });
  it('gives the compute identity pull, blob and secret-read only', () => {
    expect(grantsOf(json, uaiRef(json, 'mlc', 'principal_id'))).toEqual([
      'AcrPull -> azurerm_container_registry', 'Key Vault Secrets User -> azurerm_key_vault', 'Storage Blob Data Contributor -> azurerm_storage_account',
    ]);
  });
  it('gives developers AzureML Data Scientist on the workspace, and the data roles identity-based datastores need on its storage', () => {
    expect(grantsOf(json, base.developersGroupObjectId)).toEqual([
      'AzureML Data Scientist -> azurerm_machine_learning_workspace',
      'Cognitive Services OpenAI User -> azurerm_cognitive_account',
      'Storage Blob Data Contributor -> azurerm_storage_account',
      'Storage File Data Privileged Contributor -> azurerm_storage_account',
    ]);
  });
  it('lets Azure ML through the registry firewall as a trusted service (public access stays off)', () => {
    const acr = only(json, 'azurerm_container_registry');
    expect([acr.network_rule_bypass_option, acr.public_network_access_enabled]).toEqual(['AzureServices', false]);
  });
  it('encrypts OpenAI through its system identity, ML storage and the workspace through the CMK identity, all with the one rotating key', () => {
    const keyKey = Object.keys(json.resource.azapi_resource).find((k) => json.resource.azapi_resource[k].type.startsWith('Microsoft.KeyVault/vaults/keys@'))!;
    const key = json.resource.azapi_resource[keyKey];
    expect(key.parent_id).toBe(kvRef);
    expect(key.body.properties.rotationPolicy.lifetimeActions[0]).toEqual({ trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'rotate' } });
    const oai = only(json, 'azurerm_cognitive_account');
    expect(oai.customer_managed_key).toBeUndefined();
    expect(oai.identity).toEqual({ type: 'SystemAssigned, UserAssigned', identity_ids: [uaiRef(json, 'oai', 'id')] });
    const attach = resources(json, 'azapi_update_resource').find((u) => u.type.startsWith('Microsoft.CognitiveServices/accounts@'));
    expect(attach.body.properties.encryption.keyVaultProperties.keyName).toBe(key.name);
    const keyOut = (path: string) => `\${azapi_resource.${keyKey}.output.properties.${path}}`;
    expect(only(json, 'azurerm_storage_account').customer_managed_key).toEqual({ key_vault_key_id: keyOut('keyUri'), user_assigned_identity_id: uaiRef(json, 'cmk', 'id') });
    const ws = only(json, 'azurerm_machine_learning_workspace');
    expect(ws.encryption).toEqual({ key_id: keyOut('keyUriWithVersion'), key_vault_id: kvRef, user_assigned_identity_id: uaiRef(json, 'cmk', 'id') });
    expect(ws.lifecycle).toEqual({ ignore_changes: ['encryption'] });
    // The workspace and storage wait for the CMK identity's role assignment.
    const cmkRa = Object.keys(json.resource.azurerm_role_assignment).find((k) => json.resource.azurerm_role_assignment[k].principal_id === uaiRef(json, 'cmk', 'principal_id'));
    for (const r of [ws, only(json, 'azurerm_storage_account')]) {
      // cdktf renders depends_on entries as `type.name` or `${type.name}`; both mean the same to Terraform.
      expect(r.depends_on.map((d: string) => d.replace(/^\$\{(.*)\}$/, '$1'))).toContain(`azurerm_role_assignment.${cmkRa}`);
    }
  });
  it('locks nothing: delete protection is a governance policy that spares the role assignments under the vaults (review F22)', () => {
    expect(resources(json, 'azurerm_management_lock')).toEqual([]);
  });
  it('tags every taggable resource', () => {
    for (const t of ['azurerm_key_vault', 'azurerm_storage_account', 'azurerm_container_registry', 'azurerm_cognitive_account', 'azurerm_machine_learning_workspace',
      'azurerm_machine_learning_compute_cluster', 'azurerm_application_insights', 'azurerm_user_assigned_identity', 'azurerm_private_endpoint', 'azapi_resource', 'azurerm_cognitive_account_rai_policy']) {
      // azapi extension resources (diagnostic settings) have neither location nor tags.
      for (const r of resources(json, t).filter((x) => t !== 'azapi_resource' || x.location !== undefined)) expect(r.tags).toEqual(TAGS);
    }
  });
  it('synthesizes no key, secret or connection string and no outputs', () => {
    expect(json.output).toBeUndefined();
    const text = allStrings(json).join('\n');
    for (const secret of ['primary_access_key', 'secondary_access_key', 'connection_string', 'instrumentation_key', 'primary_key', 'admin_password', 'primary_blob_connection_string']) {
      expect(text).not.toContain(secret);
    }
  });
  it('passes the guardrail catalog (outbound restricted with an empty allow-list is the strictest setting)', () => {
    expect(guardrailErrors(json)).toEqual([]);
  });
});

describe('AiWorkload options', () => {
  it('unpins model versions only when pinModelVersions is false', () => {
    const json = synth((s) => { new AiWorkload(s, 'Ai', { ...base, pinModelVersions: false }); });
    expect(only(json, 'azurerm_cognitive_deployment').version_upgrade_option).toBe('OnceNewDefaultVersionAvailable');
  });
  it('creates an AI Services account when kind is AIServices', () => {
    const json = synth((s) => { new AiWorkload(s, 'Ai', { ...base, openai: { ...base.openai, kind: 'AIServices' } }); });
    const acct = only(json, 'azurerm_cognitive_account');
    expect(acct.kind).toBe('AIServices');
    expect(acct.name).toBe(namer.name('aiServices'));
  });
  it('puts ML compute in the given subnet', () => {
    const json = synth((s) => { new AiWorkload(s, 'Ai', { ...base, machineLearning: true, mlComputeSubnetId: '/snet-ml' }); });
    expect(only(json, 'azurerm_machine_learning_compute_cluster').subnet_resource_id).toBe('/snet-ml');
  });
  it('exposes endpoint, deployment names, vault URI and workspace ID', () => {
    let w: AiWorkload | undefined;
    synth((s) => { w = new AiWorkload(s, 'Ai', { ...base, machineLearning: true }); });
    expect(w!.deploymentNames).toEqual(['research']);
    expect(w!.openAiEndpoint).toMatch(/TfToken|\$\{/);
    expect(w!.keyVaultUri).toMatch(/TfToken|\$\{/);
    expect(w!.mlWorkspaceId).toBeDefined();
  });
});
