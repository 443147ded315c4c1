import { readFileSync } from 'fs';
import { dirname, join } from 'path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { planLocator } from '../../plan/locate';
import { parsePlan, readPlan } from '../../plan/read';
import { formatPlanReport } from '../../review/format-plan';
import { GITHUB_COMMENT_LIMIT } from '../../review/markdown';
import { buildPlanReport, PlanReviewOptions } from '../../review/plan-report';

const FIXTURES = join(__dirname, '..', 'fixtures', 'plans');
const review = (name: string, opts: Partial<PlanReviewOptions> = {}) =>
  buildPlanReport(parsePlan(readFileSync(join(FIXTURES, name), 'utf8'), name), { stack: 'workload-chat', ...opts });

describe('review-plan: deletes and replaces', () => {
  it('reports a destroyed vault, its key and its lock as protected-resource errors', () => {
    const r = review('destroyed-vault.plan.json');
    expect(r.counts).toMatchObject({ delete: 3, create: 0, replace: 0, update: 0 });
    expect(r.findings.filter((f) => f.rule === 'AILZ-REV-001').map((f) => `${f.severity} ${f.address} ${f.message}`)).toEqual([
      'error azurerm_key_vault.Ai_KeyVault_889423B7 Key Vault destroyed',
      'error azurerm_key_vault_key.Ai_KeyVault_CmkKey_5CC87849 key destroyed',
      'error azurerm_management_lock.Ai_KeyVault_Lock_3D161E79 lock destroyed',
    ]);
    expect(r.changes.find((c) => c.type === 'azurerm_key_vault')!.actionReason).toBe('delete_because_no_resource_config');
  });

  it('accepts a removal the config records as intended, keeping it visible', () => {
    const intended = [{ resource: 'workload-chat/azurerm_key_vault.Ai_KeyVault_889423B7', justification: 'vault replaced by the platform HSM (CHG-1234)', expires: '2099-12-31' }];
    const r = review('destroyed-vault.plan.json', { intendedRemovals: intended });
    const vault = r.findings.find((f) => f.address === 'azurerm_key_vault.Ai_KeyVault_889423B7')!;
    expect(vault.suppressed).toEqual({ justification: intended[0].justification, expires: '2099-12-31' });
    expect(r.findings.filter((f) => f.rule === 'AILZ-REV-001' && !f.suppressed)).toHaveLength(2);
  });

  it('reports a replacement with the paths that force it (replace_paths), and the key replaced with the vault', () => {
    const r = review('replaced-vault.plan.json');
    expect(r.counts.replace).toBe(2);
    expect(r.changes.filter((c) => c.action === 'replace').map((c) => [c.address, c.replaceReasons])).toEqual([
      ['azurerm_key_vault.Ai_KeyVault_889423B7', ['name forces replacement']],
      ['azurerm_key_vault_key.Ai_KeyVault_CmkKey_5CC87849', ['key_vault_id forces replacement']],
    ]);
    const vault = r.changes.find((c) => c.type === 'azurerm_key_vault')!;
    expect(vault.attributes.map((a) => [a.path, a.before, a.after])).toEqual(expect.arrayContaining([['name', 'kv-contoso-chat-p-old01', 'kv-contoso-chat-p-ug6lc']]));
    expect(r.findings.filter((f) => f.rule === 'AILZ-REV-001').map((f) => f.message)).toEqual([
      'Key Vault replaced (name forces replacement)',
      'key replaced (key_vault_id forces replacement)',
    ]);
  });
});

describe('review-plan: access, exposure, guardrails, drift', () => {
  it('lists role assignments added and removed with role name, principal and scope, and fails the new Owner', () => {
    const r = review('new-owner.plan.json');
    expect(r.roleAssignments.map((a) => [a.action, a.address, a.view.role, a.view.principal, a.view.scope])).toEqual([
      ['removed', 'azurerm_role_assignment.Ai_KeyVault_SecretsUserApp_15A69C66', 'Key Vault Secrets User (4633458b-17de-408a-b874-0445c86b69e6)', expect.stringMatching(/^00000000-0000-4000-8000-/), '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/resourceGroups/rg-contoso-chat-prod-sdc/providers/Microsoft.KeyVault/vaults/kv-contoso-chat-p-ug6lc'],
      ['added', 'azurerm_role_assignment.BreakGlassOwner', 'Owner (8e3af657-a8ff-443c-a75c-2fe8c4bcb635, privileged)', '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f'],
    ]);
    expect(r.findings.find((f) => f.address === 'azurerm_role_assignment.BreakGlassOwner')).toMatchObject({ rule: 'AILZ-IAM-001', severity: 'error' });
  });

  it('reports a storage account turned public as exposure changes and guardrail errors on the planned values', () => {
    const r = review('storage-public.plan.json', { stack: 'workload-research' });
    expect(r.security.filter((i) => i.category === 'network').map((i) => [i.path, i.before, i.after])).toEqual([
      ['network_rules.default_action', 'Deny', 'Allow'],
      ['public_network_access_enabled', false, true],
    ]);
    const st = r.findings.filter((f) => f.address === 'azurerm_storage_account.Ai_MlStorage_460C830B').map((f) => `${f.severity} ${f.rule}`);
    expect(st).toEqual(expect.arrayContaining(['error AILZ-ST-004', 'warning AILZ-ST-011']));
  });

  it('shows unknown-after-apply values as unknown, never guessed', () => {
    const r = review('replaced-vault.plan.json');
    const key = r.changes.find((c) => c.type === 'azurerm_key_vault_key')!;
    // key_vault_id is unknown until the new vault exists; the configuration says which vault it will be.
    expect(key.attributes.find((a) => a.path === 'key_vault_id')!.after).toBe('${azurerm_key_vault.Ai_KeyVault_889423B7.id}');
    // The new vault's ID and URI exist only after apply: shown as such, in text and in json.
    const vault = r.changes.find((c) => c.type === 'azurerm_key_vault')!;
    expect(vault.attributes.filter((a) => a.path === 'id' || a.path === 'vault_uri').map((a) => a.path)).toEqual(['id', 'vault_uri']);
    expect(formatPlanReport(r, 'text')).toMatch(/vault_uri: https:\/\/kv-contoso-chat-p-ug6lc\.vault\.azure\.net\/ → \(known after apply\)/);
    const json = JSON.parse(formatPlanReport(r, 'json'));
    const id = json.changes.find((c: any) => c.type === 'azurerm_key_vault').attributes.find((a: any) => a.path === 'id');
    expect(id.after).toBe('(known after apply)');
  });

  it('reports drift: what changed or was deleted outside Terraform, security-relevant attributes named', () => {
    const r = review('drift.plan.json');
    expect(r.drift.map((d) => [d.address, d.kind, d.attributes.map((a) => a.path)])).toEqual([
      ['azurerm_key_vault.Ai_KeyVault_889423B7', 'changed', ['network_acls.default_action', 'public_network_access_enabled']],
      ['azurerm_role_assignment.Ai_KeyVault_SecretsUserApp_15A69C66', 'deleted', []],
    ]);
    expect(r.findings.filter((f) => f.rule === 'AILZ-REV-002').map((f) => `${f.severity} ${f.message}`)).toEqual([
      'warning changed outside Terraform: network_acls.default_action, public_network_access_enabled (security-relevant: network_acls.default_action, public_network_access_enabled)',
      'warning deleted outside Terraform',
    ]);
  });

  it('names module and count resources by their Terraform address in findings', () => {
    const r = review('module-indexed.plan.json', { stack: 'w' });
    expect(r.findings.find((f) => f.rule === 'AILZ-KV-002')!.address).toBe('module.vault.azurerm_key_vault.this');
    // The diagnostic setting in the same module targets the vault: no "no diagnostic setting" finding.
    expect(r.findings.some((f) => f.rule === 'AILZ-DIAG-003')).toBe(false);
  });

  it('uses the stack kind given instead of the file name', () => {
    // As a generic stack the workload presence rules (Defender plans, activity log) do not apply.
    const generic = review('storage-public.plan.json', { stack: 'tfplan', kind: 'generic' });
    const workload = review('storage-public.plan.json', { stack: 'tfplan', kind: 'workload' });
    expect(generic.kind).toBe('generic');
    expect(workload.findings.length).toBeGreaterThan(generic.findings.length);
  });

  it('says when the policy simulation did not run', () => {
    expect(review('storage-public.plan.json').notes).toEqual(['policy simulation: not run (no Azure Policy simulator given)']);
  });
});

describe('review-plan markdown for a pull-request comment', () => {
  /** The real workload-chat plan copied `copies` times under new names, every Key Vault destroyed and every storage account opened. */
  function scaledPlan(copies: number): string {
    const plan = JSON.parse(readFileSync(join(FIXTURES, 'workload-chat.plan.json'), 'utf8'));
    const names: string[] = plan.resource_changes.map((r: any) => r.name);
    const out: any[] = [];
    for (let k = 0; k < copies; k++) {
      const text = names.reduce((t, n) => t.split(`.${n}`).join(`.${n}_c${k}`), JSON.stringify(plan.resource_changes));
      for (const rc of JSON.parse(text)) {
        rc.name = rc.address.split('.')[1];
        if (rc.type === 'azurerm_key_vault') rc.change = { actions: ['delete'], before: rc.change.after, after: null, after_unknown: false, before_sensitive: false, after_sensitive: false };
        if (rc.type === 'azurerm_storage_account') {
          rc.change.actions = ['update'];
          rc.change.before = { ...rc.change.after, public_network_access_enabled: false };
          rc.change.after = { ...rc.change.after, public_network_access_enabled: true };
        }
        out.push(rc);
      }
    }
    plan.resource_changes = out;
    delete plan.planned_values;
    delete plan.configuration;
    delete plan.relevant_attributes;
    return JSON.stringify(plan);
  }

  it('keeps a large plan within GitHub\'s 65,536-character comment limit, errors first, detail folded, the rest counted', () => {
    const text = scaledPlan(40);
    const report = buildPlanReport(parsePlan(text, 'big.plan.json'), { stack: 'workload-big' });
    expect(report.changes.length).toBeGreaterThan(1500);
    const md = formatPlanReport(report, 'markdown');
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(md.length).toBeGreaterThan(GITHUB_COMMENT_LIMIT * 0.8);
    expect(md.startsWith('## ❌ ailz review-plan: `workload-big`')).toBe(true);
    expect(md.indexOf('### Errors')).toBeLessThan(md.indexOf('<details>'));
    expect(md).toMatch(/_… \d+ more not shown: run with `--format json` for everything\._/);
    expect((md.match(/<details/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
    // The json keeps every destroyed vault the comment had to count instead of list.
    const json = JSON.parse(formatPlanReport(report, 'json'));
    expect(json.findings.filter((f: any) => f.rule === 'AILZ-REV-001' && /^azurerm_key_vault\./.test(f.address))).toHaveLength(40);
  });
});

describe('review-plan output formats', () => {
  it('prints SARIF 2.1.0 (valid against the schema) through the shared writer, each result placed on its resource in the plan file', () => {
    const file = join(FIXTURES, 'destroyed-vault.plan.json');
    const text = readFileSync(file, 'utf8');
    const r = buildPlanReport(parsePlan(text, file), { stack: 'workload-chat', locate: planLocator(text, file) });
    const out = formatPlanReport(r, 'sarif', { sarifBase: join(__dirname, '..', '..') });
    const s = JSON.parse(out);
    const platform = dirname(require.resolve(`@microsoft/sarif-multitool-${process.platform}/package.json`));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(join(platform, 'sarif-2.1.0.json'), 'utf8')));
    expect(validate(s) ? [] : validate.errors).toEqual([]);
    const ids = s.runs[0].tool.driver.rules.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining(['AILZ-REV-001', 'AILZ-KV-001']));
    const res = s.runs[0].results.find((x: any) => x.ruleId === 'AILZ-REV-001' && x.message.text.startsWith('azurerm_key_vault.'));
    expect(res.level).toBe('error');
    expect(ids[res.ruleIndex]).toBe('AILZ-REV-001');
    const loc = res.locations[0].physicalLocation;
    expect(loc.artifactLocation).toEqual({ uri: 'test/fixtures/plans/destroyed-vault.plan.json', uriBaseId: '%SRCROOT%' });
    // The region is the vault's "address" in resource_changes.
    const lines = text.split('\n');
    const at = lines[loc.region.startLine - 1].slice(loc.region.startColumn - 1);
    expect(at.startsWith('"address": "azurerm_key_vault.Ai_KeyVault_889423B7"')).toBe(true);
    expect(text.indexOf('"resource_changes"')).toBeLessThan(lines.slice(0, loc.region.startLine - 1).join('\n').length + loc.region.startColumn);
  });

  it('prints json in the shared versioned finding shape', () => {
    const j = JSON.parse(formatPlanReport(review('destroyed-vault.plan.json'), 'json'));
    expect(j.schemaVersion).toBe(1);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['summary', 'findings', 'unmatchedSuppressions']));
    const f = j.findings.find((x: any) => x.rule === 'AILZ-REV-001');
    expect(Object.keys(f).sort()).toEqual(['address', 'area', 'evidence', 'fix', 'message', 'remediation', 'rule', 'severity', 'stack']);
    expect(f.evidence).toEqual({ source: 'plan', action: 'delete', actionReason: 'delete_because_no_resource_config' });
    expect(j.summary).toMatchObject({ delete: 3 });
  });
});

describe('review-plan: forget, imports, moves', () => {
  it('does not count a forgotten resource or a replacement that keeps the old object as a destroyed protected resource', () => {
    const plan = readPlan({ format_version: '1.2', resource_changes: [
      { address: 'azurerm_subscription.s', type: 'azurerm_subscription', name: 's', change: { actions: ['forget'], before: { alias: 'a' }, after: null }, action_reason: 'delete_because_no_resource_config' },
      { address: 'azurerm_key_vault.k', type: 'azurerm_key_vault', name: 'k', change: { actions: ['create', 'forget'], before: { name: 'kv-a' }, after: { name: 'kv-b' }, after_unknown: { id: true } } },
      { address: 'azurerm_resource_group.r', type: 'azurerm_resource_group', name: 'r', change: { actions: ['no-op'], before: { name: 'r' }, after: { name: 'r' }, importing: { id: '/subscriptions/x/resourceGroups/r' } } },
      { address: 'azapi_resource.fl', previous_address: 'azurerm_network_watcher_flow_log.fl', type: 'azapi_resource', name: 'fl', change: { actions: ['no-op'], before: { name: 'fl' }, after: { name: 'fl' } } },
    ] }, 'p.json');
    const r = buildPlanReport(plan, { stack: 'governance' });
    expect(r.counts).toMatchObject({ forget: 1, replace: 1, delete: 0, import: 1, unchanged: 2 });
    expect(r.findings.filter((f) => f.rule === 'AILZ-REV-001')).toEqual([]);
    expect(r.changes.map((c) => [c.address, c.action, c.notes ?? []])).toEqual([
      ['azurerm_subscription.s', 'forget', []],
      ['azurerm_key_vault.k', 'replace', ['the old object stays in Azure: Terraform forgets it instead of destroying it']],
      ['azurerm_resource_group.r', 'update', ['imports the existing /subscriptions/x/resourceGroups/r']],
      ['azapi_resource.fl', 'update', ['moved from azurerm_network_watcher_flow_log.fl']],
    ]);
  });
});
