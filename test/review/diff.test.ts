import { readFileSync } from 'fs';
import { join } from 'path';
import type { TerraformDocument } from '../../guardrails';
import { diffStack } from '../../review/diff';
import { buildDiffReport } from '../../review/diff-report';
import { securityItems } from '../../review/changes';

/** A stack document from `{ "<type>.<name>": attrs }`. */
function doc(resources: Record<string, Record<string, unknown>>, extra: Record<string, unknown> = {}, stack = 'workload-demo'): TerraformDocument {
  const resource: Record<string, Record<string, unknown>> = {};
  for (const [address, attrs] of Object.entries(resources)) {
    const [type, name] = address.split('.');
    (resource[type] ??= {})[name] = attrs;
  }
  return { stack, json: { resource, ...extra } };
}

const RG = '${azurerm_resource_group.rg.name}';
const vault = (over: Record<string, unknown> = {}) => ({ name: 'kv-demo', location: 'swedencentral', resource_group_name: RG, purge_protection_enabled: true, public_network_access_enabled: false, ...over });
const key = (vaultAddress: string) => ({ name: 'cmk', key_vault_id: `\${${vaultAddress}.id}`, key_type: 'RSA', key_size: 3072, key_opts: ['wrapKey', 'unwrapKey'] });
const rg = { name: 'rg-demo', location: 'swedencentral' };

describe('diff of two synth outputs: what Terraform will do', () => {
  it('reports created and destroyed resources', () => {
    const d = diffStack('s', doc({ 'azurerm_resource_group.rg': rg, 'azurerm_key_vault.kv': vault() }), doc({ 'azurerm_resource_group.rg': rg, 'azurerm_user_assigned_identity.id': { name: 'id-app' } }));
    expect(d.changes.map((c) => [c.action, c.address])).toEqual([
      ['delete', 'azurerm_key_vault.kv'],
      ['create', 'azurerm_user_assigned_identity.id'],
    ]);
  });

  it('treats a changed construct id of the same Azure resource as a replacement, and what depends on it as replaced too', () => {
    const base = doc({ 'azurerm_resource_group.rg': rg, 'azurerm_key_vault.Ai_KeyVault_1': vault(), 'azurerm_key_vault_key.k': key('azurerm_key_vault.Ai_KeyVault_1') });
    const head = doc({ 'azurerm_resource_group.rg': rg, 'azurerm_key_vault.Ai_Vault_2': vault(), 'azurerm_key_vault_key.k': key('azurerm_key_vault.Ai_Vault_2') });
    const d = diffStack('s', base, head);
    const v = d.changes.find((c) => c.type === 'azurerm_key_vault')!;
    expect(v).toMatchObject({ action: 'replace', address: 'azurerm_key_vault.Ai_Vault_2', previousAddress: 'azurerm_key_vault.Ai_KeyVault_1' });
    expect(v.replaceReasons[0]).toMatch(/^construct id changed: Terraform destroys azurerm_key_vault\.Ai_KeyVault_1 and creates azurerm_key_vault\.Ai_Vault_2/);
    const k = d.changes.find((c) => c.type === 'azurerm_key_vault_key')!;
    expect(k.action).toBe('replace');
    expect(k.replaceReasons).toEqual(['key_vault_id references azurerm_key_vault.Ai_KeyVault_1.id, which is replaced (known only after apply)']);
    expect(k.mayReplace).toEqual([]);
  });

  it('pairs renamed resources without a name by their attributes once references are renamed', () => {
    const ra = (vaultAddress: string) => ({ principal_id: 'p1', role_definition_id: '/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6', scope: `\${${vaultAddress}.id}`, principal_type: 'ServicePrincipal' });
    const base = doc({ 'azurerm_key_vault.a': vault(), 'azurerm_role_assignment.old': ra('azurerm_key_vault.a') });
    const head = doc({ 'azurerm_key_vault.b': vault(), 'azurerm_role_assignment.new': ra('azurerm_key_vault.b') });
    const d = diffStack('s', base, head);
    expect(d.changes.map((c) => [c.action, c.previousAddress, c.address])).toEqual([
      ['replace', 'azurerm_key_vault.a', 'azurerm_key_vault.b'],
      ['replace', 'azurerm_role_assignment.old', 'azurerm_role_assignment.new'],
    ]);
  });

  it('keeps a resource whose move a moved block records: no replacement, references compared under the new address', () => {
    const base = doc({ 'azurerm_key_vault.a': vault(), 'azurerm_key_vault_key.k': key('azurerm_key_vault.a') });
    const head = doc({ 'azurerm_key_vault.b': vault(), 'azurerm_key_vault_key.k': key('azurerm_key_vault.b') }, { moved: [{ from: 'azurerm_key_vault.a', to: 'azurerm_key_vault.b' }] });
    expect(diffStack('s', base, head).changes).toEqual([]);
  });

  it('says "may replace" when a force-new attribute changes from one expression to another (they may evaluate alike)', () => {
    const diag = (target: string) => ({ name: 'activity', target_resource_id: target, log_analytics_workspace_id: '/subscriptions/p/law' });
    const d = diffStack('s', doc({ 'azurerm_monitor_diagnostic_setting.a': diag('/subscriptions/${var.subscription_id}') }), doc({ 'azurerm_monitor_diagnostic_setting.a': diag('/subscriptions/${data.azapi_resource.sub.output.id}') }));
    expect(d.changes[0]).toMatchObject({ action: 'update', replaceReasons: [] });
    expect(d.changes[0].mayReplace.map((m) => m.path)).toEqual(['target_resource_id']);
  });

  it('replaces on a force-new attribute, updates in place otherwise', () => {
    const d = diffStack('s', doc({ 'azurerm_key_vault.kv': vault() }), doc({ 'azurerm_key_vault.kv': vault({ name: 'kv-other', public_network_access_enabled: true }) }));
    expect(d.changes[0].action).toBe('replace');
    expect(d.changes[0].replaceReasons).toEqual(['name changed (forces replacement)']);
    const u = diffStack('s', doc({ 'azurerm_key_vault.kv': vault() }), doc({ 'azurerm_key_vault.kv': vault({ soft_delete_retention_days: 7 }) }));
    expect(u.changes[0].action).toBe('update');
  });

  it('follows the plugin SDK for force-new blocks: adding or removing the block replaces, changing inside it does not', () => {
    const dep = (model: unknown) => ({ name: 'gpt', cognitive_account_id: '${azurerm_cognitive_account.oai.id}', model, sku: { name: 'DataZoneStandard', capacity: 10 } });
    const up = diffStack('s', doc({ 'azurerm_cognitive_deployment.d': dep({ format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' }) }), doc({ 'azurerm_cognitive_deployment.d': dep({ format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }) }));
    expect(up.changes[0].action).toBe('update');
    expect(securityItems(up.changes[0]).map((i) => [i.category, i.path])).toEqual([['model-risk', 'model.version']]);
    const swap = diffStack('s', doc({ 'azurerm_cognitive_deployment.d': dep({ format: 'OpenAI', name: 'gpt-4o', version: '1' }) }), doc({ 'azurerm_cognitive_deployment.d': dep({ format: 'OpenAI', name: 'gpt-4.1', version: '1' }) }));
    expect(swap.changes[0].replaceReasons).toEqual(['model.name changed (forces replacement)']);
  });

  it('does not replace when an Optional+Computed force-new attribute is left to the provider', () => {
    const ra = { principal_id: 'p', scope: '/subscriptions/x', role_definition_id: '/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6', name: '00000000-0000-0000-0000-000000000001' };
    const { name: _n, ...withoutName } = ra;
    const d = diffStack('s', doc({ 'azurerm_role_assignment.r': ra }), doc({ 'azurerm_role_assignment.r': withoutName }));
    expect(d.changes[0].action).toBe('update');
  });

  it('reports what the provider may replace in CustomizeDiff with its source', () => {
    const oai = (sub: string) => ({ name: 'oai', kind: 'OpenAI', custom_subdomain_name: sub, location: 'swedencentral', resource_group_name: RG, sku_name: 'S0' });
    const d = diffStack('s', doc({ 'azurerm_cognitive_account.o': oai('a') }), doc({ 'azurerm_cognitive_account.o': oai('b') }));
    expect(d.changes[0].action).toBe('update');
    expect(d.changes[0].mayReplace).toEqual([expect.objectContaining({ path: 'custom_subdomain_name', source: 'internal/services/cognitive/cognitive_account_resource.go:400' })]);
  });

  it('judges azapi resources by their replacement rules: name replaces, an api-version does not, a new ARM type may', () => {
    const az = (type: string, name = 'x') => ({ type, name, parent_id: '/subscriptions/s', body: { properties: { a: 1 } } });
    const name = diffStack('s', doc({ 'azapi_resource.r': az('Microsoft.KeyVault/vaults@2024-11-01') }), doc({ 'azapi_resource.r': az('Microsoft.KeyVault/vaults@2024-11-01', 'y') }));
    expect(name.changes[0].replaceReasons).toEqual(['name changed (azapi: forces replacement)']);
    const api = diffStack('s', doc({ 'azapi_resource.r': az('Microsoft.KeyVault/vaults@2023-07-01') }), doc({ 'azapi_resource.r': az('Microsoft.KeyVault/vaults@2024-11-01') }));
    expect(api.changes[0]).toMatchObject({ action: 'update', mayReplace: [] });
    const kind = diffStack('s', doc({ 'azapi_resource.r': az('Microsoft.KeyVault/vaults@2024-11-01') }), doc({ 'azapi_resource.r': az('Microsoft.KeyVault/managedHSMs@2024-11-01') }));
    expect(kind.changes[0].mayReplace.map((m) => m.path)).toEqual(['type']);
  });
});

describe('security classification of changes', () => {
  it('classifies exposure, access, data protection, monitoring, governance and model risk, azapi by ARM type', () => {
    const base = doc({
      'azurerm_storage_account.st': { name: 'st', public_network_access_enabled: false, network_rules: { default_action: 'Deny' }, min_tls_version: 'TLS1_2' },
      'azurerm_monitor_diagnostic_setting.d': { name: 'diag', target_resource_id: '${azurerm_storage_account.st.id}' },
      'azurerm_management_group_policy_assignment.p': { name: 'p', enforce: true, management_group_id: 'mg', policy_definition_id: '/providers/x' },
      'azurerm_cognitive_account_rai_policy.f': { name: 'f', content_filter: [{ name: 'Hate', severity_threshold: 'Low' }] },
    });
    const head = doc({
      'azurerm_storage_account.st': { name: 'st', public_network_access_enabled: true, network_rules: { default_action: 'Allow' }, min_tls_version: 'TLS1_0', tags: { a: 'b' } },
      'azurerm_management_group_policy_assignment.p': { name: 'p', enforce: false, management_group_id: 'mg', policy_definition_id: '/providers/x' },
      'azurerm_cognitive_account_rai_policy.f': { name: 'f', content_filter: [{ name: 'Hate', severity_threshold: 'High' }] },
      'azapi_resource.ra': { type: 'Microsoft.Authorization/roleAssignments@2022-04-01', name: 'g', parent_id: '/subscriptions/s', body: { properties: { roleDefinitionId: '/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', principalId: 'p9', principalType: 'User' } } },
    });
    const items = diffStack('s', base, head).changes.flatMap(securityItems);
    const seen = items.map((i) => `${i.category} ${i.address} ${i.path ?? i.label}`).sort();
    expect(seen).toEqual([
      'data azurerm_storage_account.st min_tls_version',
      'governance azurerm_management_group_policy_assignment.p enforce',
      'identity azapi_resource.ra added',
      'model-risk azurerm_cognitive_account_rai_policy.f content_filter.severity_threshold',
      'monitoring azurerm_monitor_diagnostic_setting.d removed',
      'network azurerm_storage_account.st network_rules.default_action',
      'network azurerm_storage_account.st public_network_access_enabled',
    ]);
    // The azapi role assignment is shown with the privileged role's name, principal and scope.
    expect(items.find((i) => i.address === 'azapi_resource.ra')!.summary).toBe('User Access Administrator (18d7d88d-d35e-4fb5-a5c3-7773c20a72d9, privileged) for User p9 at /subscriptions/s');
  });

  it('shows a role GUID ailz does not know as the bare GUID', () => {
    const head = doc({ 'azurerm_role_assignment.r': { principal_id: 'p', scope: '/subscriptions/x', role_definition_id: '/providers/Microsoft.Authorization/roleDefinitions/aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee' } });
    expect(diffStack('s', doc({}), head).changes[0].summary).toBe('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee for p at /subscriptions/x');
  });
});

describe('diff report: findings and protected resources', () => {
  const ok = doc({ 'azurerm_resource_group.rg': rg, 'azurerm_key_vault.kv': vault() });

  it('reports guardrail findings that appear, disappear or change, renamed resources compared under their new address', () => {
    const base = doc({ 'azurerm_resource_group.rg': rg, 'azurerm_key_vault.kv': vault({ purge_protection_enabled: false }), 'azurerm_key_vault.old': vault({ name: 'kv-2', public_network_access_enabled: true }) });
    const head = doc({ 'azurerm_resource_group.rg': rg, 'azurerm_key_vault.kv': vault(), 'azurerm_key_vault.new': vault({ name: 'kv-2', public_network_access_enabled: true }), 'azurerm_key_vault.third': vault({ name: 'kv-3', soft_delete_retention_days: 7 }) });
    const r = buildDiffReport([base], [head]);
    const kv002 = r.findingChanges.filter((c) => (c.before ?? c.after)!.rule === 'AILZ-KV-002');
    expect(kv002.map((c) => [c.change, (c.before ?? c.after)!.address])).toEqual([['disappeared', 'azurerm_key_vault.kv']]);
    // The public vault's findings moved with the rename: nothing appears or disappears for it.
    expect(r.findingChanges.filter((c) => /azurerm_key_vault\.(old|new)$/.test((c.after ?? c.before)!.address))).toEqual([]);
    expect(r.findings.some((f) => f.address === 'azurerm_key_vault.third')).toBe(true);
  });

  it('fails a destroyed or replaced protected resource unless the config records the removal as intended', () => {
    const gone = doc({ 'azurerm_resource_group.rg': rg });
    const r = buildDiffReport([ok], [gone]);
    expect(r.findings.filter((f) => f.rule === 'AILZ-REV-001').map((f) => [f.severity, f.address, f.message, !!f.suppressed])).toEqual([
      ['error', 'azurerm_key_vault.kv', 'Key Vault destroyed', false],
    ]);
    const intended = { resource: 'workload-demo/azurerm_key_vault.kv', justification: 'vault moves to the shared platform stack', expires: '2099-01-01' };
    const accepted = buildDiffReport([ok], [gone], { intendedRemovals: [intended, { ...intended, resource: 'workload-demo/azurerm_key_vault.other' }] });
    expect(accepted.findings.find((f) => f.rule === 'AILZ-REV-001')!.suppressed).toEqual({ justification: intended.justification, expires: intended.expires });
    expect(accepted.unmatchedIntendedRemovals.map((x) => x.resource)).toEqual(['workload-demo/azurerm_key_vault.other']);
  });

  it('says when the policy simulation did not run, and passes the changed stacks (and the unchanged ones as context) to the diagram', () => {
    const r = buildDiffReport([ok], [ok]);
    expect(r.notes).toEqual(['policy simulation: not run (no Azure Policy simulator given)']);
    expect(r.diagram).toBeUndefined(); // nothing changed, nothing to draw
    const seen: unknown[] = [];
    const other = doc({ 'azurerm_resource_group.rg': rg }, {}, 'workload-other');
    const withDiagram = buildDiffReport([ok, other], [doc({ 'azurerm_resource_group.rg': rg }), other], { diagram: (input, context) => { seen.push([input, context.map((d) => d.stack)]); return { mermaid: 'graph TD; kv-->x' }; } });
    expect(withDiagram.diagram).toEqual({ mermaid: 'graph TD; kv-->x' });
    expect(seen).toEqual([[{ stacks: [expect.objectContaining({ stack: 'workload-demo', changed: [{ address: 'azurerm_key_vault.kv', action: 'delete' }] })] }, ['workload-other']]]);
  });

  it('embeds the ailz diagram of the change (diagram/change.ts), the removed vault marked', () => {
    const CHAT = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'plans', 'workload-chat.e3fe400.cdk.tf.json'), 'utf8'));
    const head = JSON.parse(JSON.stringify(CHAT));
    head.resource.azurerm_storage_account.Network_FlowLogStorage_0AB7F5E1.network_rules.default_action = 'Allow';
    const r = buildDiffReport([{ stack: 'workload-chat', json: CHAT }], [{ stack: 'workload-chat', json: head }]);
    expect(r.diagram?.mermaid).toMatch(/^flowchart LR\n/);
    expect(r.diagram!.mermaid.length).toBeLessThanOrEqual(20_000);
    expect(r.notes.some((n) => n.startsWith('diagram'))).toBe(false);
  });

  it('compares policy-simulation findings through the seam when a simulator is given', () => {
    const sim = (docs: readonly TerraformDocument[]) => docs.flatMap((d) => (d.json.resource.azurerm_key_vault?.kv?.public_network_access_enabled ? [{ rule: 'AZPOLICY-DENY:kv-no-public', severity: 'error' as const, stack: d.stack, address: 'azurerm_key_vault.kv', message: 'denied', remediation: 'r', area: 'network' as const }] : []));
    const r = buildDiffReport([ok], [doc({ 'azurerm_resource_group.rg': rg, 'azurerm_key_vault.kv': vault({ public_network_access_enabled: true }) })], { policy: sim });
    expect(r.policyChanges!.map((c) => [c.change, c.after?.rule])).toEqual([['appeared', 'AZPOLICY-DENY:kv-no-public']]);
    expect(r.findings.map((f) => f.rule)).toContain('AZPOLICY-DENY:kv-no-public');
  });
});

describe('provider configuration changes', () => {
  it('shows a provider setting that makes a destroy purge Key Vaults as a data-protection change', () => {
    const p = (features: unknown) => ({ azurerm: [{ features: [features], subscription_id: 's' }] });
    const base = doc({ 'azurerm_key_vault.kv': vault() }, { provider: p({}) });
    const head = doc({ 'azurerm_key_vault.kv': vault() }, { provider: p({ key_vault: [{ purge_soft_delete_on_destroy: true }] }) });
    const items = diffStack('s', base, head).changes.flatMap(securityItems);
    expect(items.map((i) => [i.category, i.address, i.path, i.after])).toEqual([
      ['data', 'provider.azurerm', 'features.key_vault.purge_soft_delete_on_destroy', true],
    ]);
  });
});

describe('azapi resources in reviews', () => {
  const azVault = { type: 'Microsoft.KeyVault/vaults@2024-11-01', name: 'kv-az', parent_id: '/subscriptions/s/resourceGroups/rg', body: { properties: { enablePurgeProtection: true } } };
  it('treats a destroyed azapi Key Vault as a protected removal, but not a removed azapi_update_resource', () => {
    const r = buildDiffReport([doc({ 'azapi_resource.kv': azVault, 'azapi_update_resource.kvProps': azVault })], [doc({})]);
    expect(r.findings.filter((f) => f.rule === 'AILZ-REV-001').map((f) => [f.address, f.message])).toEqual([['azapi_resource.kv', 'Key Vault destroyed']]);
  });

  it('summarizes an azapi model deployment with its model, capacity and content filter', () => {
    const dep = { type: 'Microsoft.CognitiveServices/accounts/deployments@2025-06-01', name: 'gpt', parent_id: '${azurerm_cognitive_account.oai.id}', body: { sku: { name: 'DataZoneStandard', capacity: 10 }, properties: { model: { format: 'OpenAI', name: 'gpt-4.1', version: '2025-04-14' }, raiPolicyName: 'strict' } } };
    const c = diffStack('s', doc({}), doc({ 'azapi_resource.dep': dep })).changes[0];
    expect(c.category).toBe('model-risk');
    expect(c.summary).toBe('Microsoft.CognitiveServices/accounts/deployments gpt: model gpt-4.1 2025-04-14, DataZoneStandard capacity 10, content filter strict');
  });
});

describe('removed, import and moved blocks (Terraform 1.7/1.8)', () => {
  it('reports a resource a removed block forgets (destroy = false) as no longer managed, not destroyed, and not as a protected removal', () => {
    const base = doc({ 'azurerm_subscription.vended': { subscription_name: 'sub', alias: 'a' } });
    const head = doc({}, { removed: [{ from: 'azurerm_subscription.vended', lifecycle: { destroy: false } }] });
    const r = buildDiffReport([base], [head]);
    const c = r.stacks[0].changes[0];
    expect(c.action).toBe('forget');
    expect(r.counts).toMatchObject({ deleted: 0, forgotten: 1 });
    expect(r.findings.filter((f) => f.rule === 'AILZ-REV-001')).toEqual([]);
    // destroy = true (the default) is a destruction.
    const destroyed = buildDiffReport([base], [doc({}, { removed: [{ from: 'azurerm_subscription.vended', lifecycle: [{ destroy: true }] }] })]);
    expect(destroyed.findings.map((f) => [f.rule, f.message])).toEqual([['AILZ-REV-001', 'subscription destroyed']]);
  });

  it('notes that an import block adopts an existing resource', () => {
    const head = doc({ 'azurerm_resource_group.nw': { name: 'NetworkWatcherRG', location: 'swedencentral' } }, { import: [{ to: 'azurerm_resource_group.nw', id: '/subscriptions/s/resourceGroups/NetworkWatcherRG' }] });
    expect(diffStack('s', doc({}), head).changes[0].notes).toEqual(['an import block adopts the existing /subscriptions/s/resourceGroups/NetworkWatcherRG']);
  });

  it('reports a move between resource types as a move the provider converts, without judging force-new attributes across schemas', () => {
    const base = doc({ 'azurerm_network_watcher_flow_log.fl': { name: 'fl', network_watcher_name: 'nw', resource_group_name: 'rg', enabled: true } });
    const head = doc({ 'azapi_resource.fl': { type: 'Microsoft.Network/networkWatchers/flowLogs@2024-05-01', name: 'fl', parent_id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkWatchers/nw', body: { properties: { enabled: true } } } }, { moved: [{ from: 'azurerm_network_watcher_flow_log.fl', to: 'azapi_resource.fl' }] });
    const d = diffStack('s', base, head);
    expect(d.changes.map((c) => [c.action, c.previousAddress, c.address])).toEqual([['update', 'azurerm_network_watcher_flow_log.fl', 'azapi_resource.fl']]);
    expect(d.changes[0].replaceReasons).toEqual([]);
    expect(d.changes[0].notes![0]).toMatch(/^moved from azurerm_network_watcher_flow_log to azapi_resource: the azapi provider converts the state/);
  });
});
