import { readFileSync } from 'fs';
import { join } from 'path';
import { evaluate } from '../../guardrails';
import { planDocument, SENSITIVE_VALUE, UNKNOWN_AFTER_APPLY } from '../../plan/document';
import { changeKind, parsePlan, PlanFormatError, readPlan } from '../../plan/read';

const FIXTURES = join(__dirname, '..', 'fixtures', 'plans');
const fixture = (name: string) => parsePlan(readFileSync(join(FIXTURES, name), 'utf8'), name);

/** A minimal plan with one resource change (values and expressions given per test). */
function onePlan(rc: Record<string, unknown>, expressions: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) {
  const address = (rc.address as string) ?? 'azurerm_key_vault.kv';
  const [type, name] = address.split('.');
  return readPlan({
    format_version: '1.2',
    resource_changes: [{ address, mode: 'managed', type, name, ...rc }],
    configuration: expressions ? { root_module: { resources: [{ address, mode: 'managed', type, name, expressions }] } } : { root_module: {} },
    ...extra,
  }, 'test.plan.json');
}

describe('plan JSON reader', () => {
  it('reads the real plan (format 1.2, Terraform 1.11.4)', () => {
    const p = fixture('workload-chat.plan.json');
    expect(p.formatVersion).toBe('1.2');
    expect(p.terraformVersion).toBe('1.11.4');
    expect(p.resourceChanges).toHaveLength(65);
    expect(p.resourceChanges.every((r) => changeKind(r.actions) === 'create')).toBe(true);
  });

  it('rejects another major format version with a message naming the version and the supported one', () => {
    expect(() => fixture('unsupported-format.plan.json')).toThrow(PlanFormatError);
    expect(() => fixture('unsupported-format.plan.json')).toThrow(/format_version "2\.0" is not supported; ailz reads Terraform's plan JSON format 1\.x/);
    expect(() => readPlan({ format_version: 1.2, resource_changes: [] }, 'x.json')).toThrow(/format_version 1\.2 is not supported/);
  });

  it('tells a state, a non-Terraform file and broken JSON apart', () => {
    expect(() => readPlan({ format_version: '1.0', values: { root_module: {} } }, 's.json')).toThrow(/this is a state .*terraform show -json <planfile>/);
    expect(() => readPlan({ resources: [] }, 'x.json')).toThrow(/no format_version: this is not Terraform's plan JSON/);
    expect(() => parsePlan('{"format_version":', 'x.json')).toThrow(/x\.json: not valid JSON/);
    expect(() => readPlan([], 'x.json')).toThrow(/expected a JSON object/);
  });

  it('names the entry and field of a malformed resource change', () => {
    expect(() => readPlan({ format_version: '1.2', resource_changes: [{ address: 'a.b', type: 'a', name: 'b', change: { actions: ['explode'] } }] }, 'p.json'))
      .toThrow(/p\.json: resource_changes\[0\]\.change\.actions: expected a list of no-op, create, read, update, delete/);
  });

  it('tells replace from update from the action list (create-before-destroy included)', () => {
    expect(changeKind(['delete', 'create'])).toBe('replace');
    expect(changeKind(['create', 'delete'])).toBe('replace');
    expect(changeKind(['update'])).toBe('update');
    expect(changeKind(['no-op'])).toBe('no-op');
  });
});

describe('plan adapter: the planned state as the document the guardrails judge', () => {
  it('gives the real plan the same guardrail verdicts as the synth output it was planned from', () => {
    // workload-chat.e3fe400.cdk.tf.json is the input of workload-chat.plan.json (ailz at e3fe400).
    const synth = JSON.parse(readFileSync(join(FIXTURES, 'workload-chat.e3fe400.cdk.tf.json'), 'utf8'));
    const fromPlan = planDocument(fixture('workload-chat.plan.json'), { stack: 'workload-chat' }).document;
    const key = (f: { rule: string; severity: string; address: string; message: string }) => `${f.severity} ${f.rule} ${f.address} ${f.message}`;
    const a = evaluate([fromPlan]).findings.map(key);
    const b = evaluate([{ stack: 'workload-chat', json: synth }]).findings.map(key);
    expect(a).toEqual(b);
    expect(a.length).toBeGreaterThan(0); // the provider-spelling error of that commit is found in both
  });

  it('leaves out what the provider computes and the configuration never set, as a synth output does', () => {
    const { document } = planDocument(onePlan({ change: { actions: ['create'], before: null, after: { name: 'kv' }, after_unknown: { id: true, vault_uri: true } } }, { name: { constant_value: 'kv' } }), { stack: 's' });
    expect(document.json.resource.azurerm_key_vault.kv).toEqual({ name: 'kv' });
  });

  it('writes an unknown value as the configuration template (cdktf JSON), re-pointed at document names', () => {
    const tpl = '${azurerm_storage_account.st.id}/blobServices/default';
    const plan = readPlan({
      format_version: '1.2',
      resource_changes: [
        { address: 'azurerm_storage_account.st', mode: 'managed', type: 'azurerm_storage_account', name: 'st', change: { actions: ['create'], after: { name: 'st1' }, after_unknown: { id: true } } },
        { address: 'azurerm_monitor_diagnostic_setting.d', mode: 'managed', type: 'azurerm_monitor_diagnostic_setting', name: 'd', change: { actions: ['create'], after: {}, after_unknown: { target_resource_id: true } } },
      ],
      configuration: { root_module: { resources: [
        { address: 'azurerm_monitor_diagnostic_setting.d', mode: 'managed', type: 'azurerm_monitor_diagnostic_setting', name: 'd', expressions: { target_resource_id: { constant_value: tpl, references: ['azurerm_storage_account.st.id', 'azurerm_storage_account.st'] } } },
      ] } },
    }, 'p.json');
    expect(planDocument(plan, { stack: 's' }).document.json.resource.azurerm_monitor_diagnostic_setting.d.target_resource_id).toBe(tpl);
  });

  it('writes an unknown value from an HCL expression over one resource as a reference to it, anything else as the unknown marker', () => {
    const plan = readPlan({
      format_version: '1.2',
      resource_changes: [
        { address: 'azurerm_key_vault.kv', mode: 'managed', type: 'azurerm_key_vault', name: 'kv', change: { actions: ['create'], after: {}, after_unknown: { id: true } } },
        { address: 'azurerm_role_assignment.ra', mode: 'managed', type: 'azurerm_role_assignment', name: 'ra', change: { actions: ['create'], after: {}, after_unknown: { scope: true, principal_id: true } } },
      ],
      configuration: { root_module: { resources: [
        { address: 'azurerm_role_assignment.ra', mode: 'managed', type: 'azurerm_role_assignment', name: 'ra', expressions: {
          scope: { references: ['azurerm_key_vault.kv.id', 'azurerm_key_vault.kv'] },
          principal_id: { references: ['var.principal', 'azurerm_key_vault.kv.id'] },
        } },
      ] } },
    }, 'p.json');
    const attrs = planDocument(plan, { stack: 's' }).document.json.resource.azurerm_role_assignment.ra;
    expect(attrs.scope).toBe('${azurerm_key_vault.kv.id}');
    expect(attrs.principal_id).toBe(UNKNOWN_AFTER_APPLY);
  });

  it('turns a known value back into the reference it equals, so rules still follow links (HCL plans of existing resources)', () => {
    const vaultId = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv1';
    const plan = readPlan({
      format_version: '1.2',
      resource_changes: [
        { address: 'azurerm_key_vault.kv', mode: 'managed', type: 'azurerm_key_vault', name: 'kv', change: { actions: ['no-op'], before: { id: vaultId }, after: { id: vaultId, name: 'kv1' } } },
        { address: 'azurerm_monitor_diagnostic_setting.d', mode: 'managed', type: 'azurerm_monitor_diagnostic_setting', name: 'd', change: { actions: ['no-op'], before: {}, after: { target_resource_id: `${vaultId}/extra` } } },
      ],
      configuration: { root_module: { resources: [
        { address: 'azurerm_monitor_diagnostic_setting.d', mode: 'managed', type: 'azurerm_monitor_diagnostic_setting', name: 'd', expressions: { target_resource_id: { references: ['azurerm_key_vault.kv.id', 'azurerm_key_vault.kv'] } } },
      ] } },
    }, 'p.json');
    const doc = planDocument(plan, { stack: 's' }).document;
    expect(doc.json.resource.azurerm_monitor_diagnostic_setting.d.target_resource_id).toBe('${azurerm_key_vault.kv.id}/extra');
  });

  it('never carries a sensitive value into the document or the views', () => {
    const secret = 'hunter2-very-secret';
    const pd = planDocument(onePlan({
      change: { actions: ['update'], before: { name: 'kv', password: secret }, after: { name: 'kv', password: secret }, after_unknown: {}, before_sensitive: { password: true }, after_sensitive: { password: true } },
    }, { name: { constant_value: 'kv' }, password: { constant_value: secret } }), { stack: 's' });
    const all = JSON.stringify([pd.document, pd.resources]);
    expect(all).not.toContain(secret);
    expect(pd.document.json.resource.azurerm_key_vault.kv.password).toBe(SENSITIVE_VALUE);
  });

  it('leaves deleted resources out of the planned state', () => {
    const pd = planDocument(fixture('destroyed-vault.plan.json'), { stack: 'workload-chat' });
    expect(pd.document.json.resource.azurerm_key_vault).toBeUndefined();
    expect(pd.resources.find((r) => r.address.startsWith('azurerm_key_vault.'))?.before?.name).toBe('kv-contoso-chat-p-ug6lc');
  });

  it('names module and count resources so references resolve, and maps them back to Terraform addresses', () => {
    const pd = planDocument(fixture('module-indexed.plan.json'), { stack: 'w' });
    expect([...pd.addresses.entries()]).toEqual([
      ['azurerm_key_vault.module_vault_this', 'module.vault.azurerm_key_vault.this'],
      ['azurerm_monitor_diagnostic_setting.module_vault_diag_0', 'module.vault.azurerm_monitor_diagnostic_setting.diag[0]'],
    ]);
    // The module-relative template of the setting points at the vault's document name.
    expect(pd.document.json.resource.azurerm_monitor_diagnostic_setting.module_vault_diag_0.target_resource_id).toBe('${azurerm_key_vault.module_vault_this.id}');
  });

  it('takes the stack kind when given, instead of deriving it from the name', () => {
    const pd = planDocument(fixture('storage-public.plan.json'), { stack: 'tfplan', kind: 'workload' });
    expect(pd.document.kind).toBe('workload');
  });
});

describe('plan actions of Terraform 1.7+', () => {
  it('reads forget and create-then-forget, and the ID an import adopts', () => {
    const p = readPlan({ format_version: '1.2', resource_changes: [
      { address: 'azurerm_subscription.s', type: 'azurerm_subscription', name: 's', change: { actions: ['forget'], before: { alias: 'a' }, after: null } },
      { address: 'azurerm_key_vault.k', type: 'azurerm_key_vault', name: 'k', change: { actions: ['create', 'forget'], before: { name: 'a' }, after: { name: 'b' } } },
      { address: 'azurerm_resource_group.r', type: 'azurerm_resource_group', name: 'r', change: { actions: ['no-op'], before: { name: 'r' }, after: { name: 'r' }, importing: { id: '/subscriptions/x/resourceGroups/r' } } },
    ] }, 'p.json');
    expect(p.resourceChanges.map((r) => changeKind(r.actions))).toEqual(['forget', 'replace', 'no-op']);
    expect(p.resourceChanges[2].importingId).toBe('/subscriptions/x/resourceGroups/r');
  });
});
