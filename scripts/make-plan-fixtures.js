#!/usr/bin/env node
'use strict';
/**
 * Builds the edited plan fixtures of test/fixtures/plans/ from the real plans of ../shared/fixtures/plans
 * (Terraform 1.11.4, azurerm 4.55.0, every change a create on an empty state; see that README):
 *
 *   node scripts/make-plan-fixtures.js ../shared/fixtures/plans
 *
 * Each fixture keeps a small set of real resource changes (values, after_unknown, after_sensitive and
 * configuration expressions as Terraform wrote them) and edits only what its case needs; how each was
 * made is in test/fixtures/plans/README.md. The output is deterministic: re-running it rewrites the same bytes.
 */
const fs = require('fs');
const path = require('path');

const src = process.argv[2];
if (!src) {
  console.error('usage: node scripts/make-plan-fixtures.js <dir with workload-chat.plan.json and workload-research.plan.json>');
  process.exit(2);
}
const out = path.resolve(__dirname, '..', 'test', 'fixtures', 'plans');
const read = (name) => JSON.parse(fs.readFileSync(path.join(src, name), 'utf8'));
const clone = (v) => JSON.parse(JSON.stringify(v));
const write = (name, plan) => {
  fs.writeFileSync(path.join(out, name), `${JSON.stringify(plan, null, 1)}\n`);
  console.log(`wrote test/fixtures/plans/${name}`);
};

const SUB = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const OWNER = '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

/** A trimmed plan: the selected resource changes and their configuration, provider config and variables. */
function trimmed(plan, keep) {
  const rcs = plan.resource_changes.filter((r) => keep(r.address));
  // The plans were made at e3fe400, before F28: spell the namespace as ARM returns it, as ailz now does,
  // so the edited copies carry only the finding their case is about.
  const providerConfig = JSON.parse(JSON.stringify(plan.configuration.provider_config).replace(/"Microsoft\.Insights"/g, '"microsoft.insights"'));
  return {
    format_version: plan.format_version,
    terraform_version: plan.terraform_version,
    variables: plan.variables,
    resource_changes: clone(rcs),
    configuration: {
      provider_config: providerConfig,
      root_module: { resources: clone(plan.configuration.root_module.resources.filter((r) => keep(r.address))) },
    },
    timestamp: plan.timestamp,
    applyable: true,
    complete: true,
    errored: false,
  };
}

/** Deterministic stand-ins for values Azure assigns at create time (what a state would hold). */
function stateValue(rc, attr) {
  const a = rc.change.after || {};
  const rg = a.resource_group_name || 'rg-contoso-chat-prod-sdc';
  const name = a.name || rc.name;
  const ns = {
    azurerm_key_vault: `Microsoft.KeyVault/vaults/${name}`,
    azurerm_resource_group: null,
    azurerm_user_assigned_identity: `Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
    azurerm_storage_account: `Microsoft.Storage/storageAccounts/${name}`,
  }[rc.type];
  const rgId = `/subscriptions/${SUB}/resourceGroups/${rc.type === 'azurerm_resource_group' ? name : rg}`;
  if (attr === 'id') return ns === null ? rgId : ns ? `${rgId}/providers/${ns}` : `${rgId}/providers/ailz.test/${rc.type}/${rc.name}`;
  if (/principal_id|client_id|tenant_id$/.test(attr)) {
    let h = 0;
    for (const ch of `${rc.address}.${attr}`) h = (h * 31 + ch.charCodeAt(0)) % 0xffffffffff;
    return `00000000-0000-4000-8000-${h.toString(16).padStart(12, '0')}`;
  }
  if (attr === 'vault_uri') return `https://${name}.vault.azure.net/`;
  return undefined;
}

/**
 * `after` with every unknown filled as a state would hold it after apply: a configuration template
 * (`${azurerm_key_vault.x.id}/keys`) from the other resources' state, an ID or principal from stateValue,
 * any other constant from the configuration. Two passes, so references between resources resolve.
 */
function fillStates(plan) {
  const cfg = new Map(plan.configuration.root_module.resources.map((r) => [r.address, r.expressions || {}]));
  const states = new Map();
  const lookup = (ref) => {
    const m = /^((?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+)\.(.+)$/.exec(ref);
    if (!m) return undefined;
    let cur = states.get(m[1]);
    for (const part of m[2].split('.')) {
      const seg = /^([^[]+)(?:\[(\d+)\])?$/.exec(part);
      if (!seg || cur === undefined || cur === null) return undefined;
      cur = cur[seg[1]];
      if (seg[2] !== undefined) cur = Array.isArray(cur) ? cur[Number(seg[2])] : undefined;
      else if (Array.isArray(cur) && cur.length === 1 && typeof cur[0] === 'object') cur = cur[0];
    }
    return cur;
  };
  const fromTemplate = (t) => {
    if (typeof t === 'string') {
      let ok = true;
      const v = t.replace(/\$\{([^}]*)\}/g, (_w, ref) => {
        const x = lookup(ref.trim());
        if (typeof x !== 'string') ok = false;
        return typeof x === 'string' ? x : '';
      });
      return ok ? v : undefined;
    }
    if (Array.isArray(t)) {
      const xs = t.map(fromTemplate);
      return xs.every((x) => x !== undefined) ? xs : undefined;
    }
    return t;
  };
  const fill = (rc, value, unknown, expr, top) => {
    if (unknown === true) {
      if (expr && expr.constant_value !== undefined) return fromTemplate(expr.constant_value);
      return top ? stateValue(rc, top) : undefined;
    }
    if (Array.isArray(unknown)) {
      const a = Array.isArray(value) ? value.slice() : [];
      unknown.forEach((u, i) => { const r = fill(rc, a[i], u, Array.isArray(expr) ? expr[i] : undefined, undefined); if (r !== undefined) a[i] = r; });
      return a;
    }
    if (unknown && typeof unknown === 'object') {
      const o = value && typeof value === 'object' ? { ...value } : {};
      for (const [k, u] of Object.entries(unknown)) {
        const r = fill(rc, o[k], u, expr && !Array.isArray(expr) && !('constant_value' in expr) ? expr[k] : undefined, top === null ? k : undefined);
        if (r !== undefined) o[k] = r;
      }
      return o;
    }
    return value;
  };
  for (let pass = 0; pass < 2; pass++) {
    for (const rc of plan.resource_changes) {
      states.set(rc.address, fill(rc, clone(rc.change.after || {}), rc.change.after_unknown || {}, cfg.get(rc.address), null));
    }
  }
  return states;
}

/** Makes every change a no-op on an existing resource (before = after = the state). */
function existing(plan) {
  const states = fillStates(plan);
  for (const rc of plan.resource_changes) {
    const st = states.get(rc.address);
    rc.change = { actions: ['no-op'], before: st, after: clone(st), after_unknown: {}, before_sensitive: rc.change.after_sensitive || {}, after_sensitive: rc.change.after_sensitive || {} };
  }
  return plan;
}

const find = (plan, re) => plan.resource_changes.find((r) => re.test(r.address));
const chat = read('workload-chat.plan.json');
const research = read('workload-research.plan.json');
const VAULT_SET = (a) => /KeyVault|ResourceGroup_|CmkIdentity|AppIdentity/.test(a) && !/Defender/.test(a);

// 1. A destroyed vault: the vault, its key and its lock are gone from the configuration.
{
  const p = existing(trimmed(chat, VAULT_SET));
  for (const re of [/azurerm_key_vault\.Ai_KeyVault_/, /azurerm_key_vault_key\./, /azurerm_management_lock\./]) {
    const rc = find(p, re);
    rc.change = { actions: ['delete'], before: rc.change.before, after: null, after_unknown: false, before_sensitive: rc.change.before_sensitive, after_sensitive: false };
    rc.action_reason = 'delete_because_no_resource_config';
    p.configuration.root_module.resources = p.configuration.root_module.resources.filter((r) => r.address !== rc.address);
  }
  write('destroyed-vault.plan.json', p);
}

// 2. A replaced vault: its name changed (force-new), which replaces the key that lives in it.
{
  const p = existing(trimmed(chat, VAULT_SET));
  const vault = find(p, /azurerm_key_vault\.Ai_KeyVault_/);
  const newAfter = clone(vault.change.after);
  vault.change.before.name = 'kv-contoso-chat-p-old01';
  vault.change.before.id = vault.change.before.id.replace(/vaults\/.*/, 'vaults/kv-contoso-chat-p-old01');
  delete newAfter.id;
  delete newAfter.vault_uri;
  vault.change = { ...vault.change, actions: ['delete', 'create'], after: newAfter, after_unknown: { id: true, vault_uri: true }, replace_paths: [['name']] };
  vault.action_reason = 'replace_because_cannot_update';
  const key = find(p, /azurerm_key_vault_key\./);
  const keyAfter = clone(key.change.after);
  delete keyAfter.key_vault_id;
  delete keyAfter.id;
  key.change = { ...key.change, actions: ['delete', 'create'], after: keyAfter, after_unknown: { key_vault_id: true, id: true }, replace_paths: [['key_vault_id']] };
  key.action_reason = 'replace_because_cannot_update';
  write('replaced-vault.plan.json', p);
}

// 3. A new Owner role assignment at the subscription, and a removed Key Vault Secrets User grant.
{
  const p = existing(trimmed(chat, VAULT_SET));
  const gone = find(p, /azurerm_role_assignment\.Ai_KeyVault_SecretsUserApp/);
  gone.change = { actions: ['delete'], before: gone.change.before, after: null, after_unknown: false, before_sensitive: gone.change.before_sensitive, after_sensitive: false };
  gone.action_reason = 'delete_because_no_resource_config';
  p.configuration.root_module.resources = p.configuration.root_module.resources.filter((r) => r.address !== gone.address);
  const address = 'azurerm_role_assignment.BreakGlassOwner';
  const after = { condition: null, delegated_managed_identity_resource_id: null, description: null, principal_id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', principal_type: 'User', role_definition_id: OWNER, scope: `/subscriptions/${SUB}`, skip_service_principal_aad_check: null, timeouts: null };
  p.resource_changes.push({
    address, mode: 'managed', type: 'azurerm_role_assignment', name: 'BreakGlassOwner', provider_name: 'registry.terraform.io/hashicorp/azurerm',
    change: { actions: ['create'], before: null, after, after_unknown: { condition_version: true, id: true, name: true, role_definition_name: true }, before_sensitive: false, after_sensitive: {} },
  });
  p.configuration.root_module.resources.push({
    address, mode: 'managed', type: 'azurerm_role_assignment', name: 'BreakGlassOwner', provider_config_key: 'azurerm',
    expressions: { principal_id: { constant_value: after.principal_id }, principal_type: { constant_value: 'User' }, role_definition_id: { constant_value: OWNER }, scope: { constant_value: after.scope } },
    schema_version: 0,
  });
  write('new-owner.plan.json', p);
}

// 4. The ML storage account of workload-research turned public: public network access on, firewall default Allow.
{
  const p = existing(trimmed(research, (a) => /Ai_MlStorage_460C830B$|ResourceGroup_/.test(a)));
  const st = find(p, /azurerm_storage_account\.Ai_MlStorage_/);
  st.change.actions = ['update'];
  st.change.after.public_network_access_enabled = true;
  st.change.after.network_rules[0].default_action = 'Allow';
  const cfg = p.configuration.root_module.resources.find((r) => r.address === st.address);
  cfg.expressions.public_network_access_enabled = { constant_value: true };
  cfg.expressions.network_rules[0].default_action = { constant_value: 'Allow' };
  write('storage-public.plan.json', p);
}

// 5. Drift: the vault firewall opened in the portal and a role assignment deleted outside Terraform; the plan puts both back.
{
  const p = existing(trimmed(chat, VAULT_SET));
  const vault = find(p, /azurerm_key_vault\.Ai_KeyVault_/);
  const drifted = clone(vault.change.before);
  drifted.network_acls[0].default_action = 'Allow';
  drifted.public_network_access_enabled = true;
  p.resource_drift = [
    { address: vault.address, mode: 'managed', type: vault.type, name: vault.name, provider_name: vault.provider_name, change: { actions: ['update'], before: clone(vault.change.before), after: drifted, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } },
  ];
  const ra = find(p, /azurerm_role_assignment\.Ai_KeyVault_SecretsUserApp/);
  p.resource_drift.push({ address: ra.address, mode: 'managed', type: ra.type, name: ra.name, provider_name: ra.provider_name, change: { actions: ['delete'], before: clone(ra.change.before), after: null, after_unknown: {}, before_sensitive: {}, after_sensitive: false } });
  vault.change = { ...vault.change, actions: ['update'], before: drifted };
  ra.change = { ...ra.change, actions: ['create'], before: null, after_unknown: { id: true } };
  write('drift.plan.json', p);
}

// 6. Resources in a module, with count: the vault in module.vault and its diagnostic setting as diag[0],
//    with purge protection off (a guardrail error that must name the real module address).
{
  const p = trimmed(chat, (a) => /azurerm_key_vault\.Ai_KeyVault_|Ai_KeyVault_Diagnostics/.test(a));
  const vault = find(p, /azurerm_key_vault\./);
  const diag = find(p, /Ai_KeyVault_Diagnostics/);
  vault.change.after.purge_protection_enabled = false;
  Object.assign(vault, { address: 'module.vault.azurerm_key_vault.this', module_address: 'module.vault', name: 'this' });
  Object.assign(diag, { address: 'module.vault.azurerm_monitor_diagnostic_setting.diag[0]', module_address: 'module.vault', name: 'diag', index: 0 });
  const cfgs = p.configuration.root_module.resources;
  const vc = cfgs.find((r) => r.type === 'azurerm_key_vault');
  const dc = cfgs.find((r) => r.type === 'azurerm_monitor_diagnostic_setting');
  vc.address = 'azurerm_key_vault.this';
  vc.name = 'this';
  vc.expressions.purge_protection_enabled = { constant_value: false };
  dc.address = 'azurerm_monitor_diagnostic_setting.diag';
  dc.name = 'diag';
  dc.count_expression = { constant_value: 1 };
  dc.expressions.target_resource_id = { constant_value: '${azurerm_key_vault.this.id}', references: ['azurerm_key_vault.this.id', 'azurerm_key_vault.this'] };
  p.configuration.root_module = { module_calls: { vault: { source: './vault', module: { resources: cfgs } } } };
  write('module-indexed.plan.json', p);
}

// 7. A plan JSON of a future major format version.
write('unsupported-format.plan.json', { format_version: '2.0', terraform_version: '2.0.0', resource_changes: [] });
