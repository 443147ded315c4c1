import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LIVE_ONLY_RULES } from '../../guardrails/live-rules';
import { REVIEW_ONLY_RULES } from '../../guardrails/review-rules';
import {
  evaluate, formatFindings, formatRules, hasBlockingFindings, loadDocuments, RULES, RULE_IDS, stackKind, Suppression, validateSuppressions, findingLine,
} from '../../guardrails';
import { POLICY_RULE_FAMILIES } from '../../policy/report';
import { golden, r, variant } from './fixtures';
import { TEST_AS_OF } from '../as-of';

const kvDoc = (kv: any, extra: any = {}) => ({ stack: 'generic-kv', json: { resource: { azurerm_key_vault: { workload_kv_Resource_1A2B3C4D: kv }, ...extra } } });
const HARD_KV = { rbac_authorization_enabled: true, purge_protection_enabled: true, public_network_access_enabled: false, network_acls: { default_action: 'Deny', bypass: 'AzureServices' } };

describe('stack kinds', () => {
  test.each([
    ['workload-chat', 'workload'], ['platform', 'platform'], ['governance', 'governance'], ['workloads', 'generic'], ['my-stack', 'generic'],
  ])('%s is %s', (name, kind) => expect(stackKind(name)).toBe(kind));
});

describe('reference resolution', () => {
  test('a reference to a literal attribute of another resource is judged as that literal', () => {
    const ok = variant((j) => { r(j, 'azurerm_storage_account', 'st').public_network_access_enabled = '${azurerm_key_vault.kv.public_network_access_enabled}'; });
    expect(evaluate([ok]).findings.filter((f) => f.rule === 'AILZ-ST-004')).toEqual([]);
    const bad = variant((j) => {
      r(j, 'azurerm_key_vault', 'kv').public_network_access_enabled = true;
      r(j, 'azurerm_storage_account', 'st').public_network_access_enabled = '${azurerm_key_vault.kv.public_network_access_enabled}';
    });
    const f = evaluate([bad]).findings.filter((x) => x.rule === 'AILZ-ST-004');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('error');
  });

  test('relationship rules follow ${type.name.id} references (cdktf-style addresses)', () => {
    const diag = { azurerm_monitor_diagnostic_setting: { kv_Diagnostics_9F8E7D6C: {
      target_resource_id: '${azurerm_key_vault.workload_kv_Resource_1A2B3C4D.id}',
      log_analytics_workspace_id: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log',
      enabled_log: [{ category_group: 'allLogs' }], enabled_metric: [{ category: 'AllMetrics' }],
    } } };
    expect(evaluate([kvDoc(HARD_KV, diag)]).findings.filter((f) => f.rule === 'AILZ-DIAG-003')).toEqual([]);
    const other = { azurerm_monitor_diagnostic_setting: { x: { ...diag.azurerm_monitor_diagnostic_setting.kv_Diagnostics_9F8E7D6C, target_resource_id: '${azurerm_key_vault.another.id}' } } };
    const f = evaluate([kvDoc(HARD_KV, other)]).findings.filter((x) => x.rule === 'AILZ-DIAG-003');
    expect(f.map((x) => x.address)).toEqual(['azurerm_key_vault.workload_kv_Resource_1A2B3C4D']);
  });

  test('nested blocks written as objects are read like arrays', () => {
    expect(evaluate([kvDoc(HARD_KV)]).findings.filter((f) => f.rule === 'AILZ-KV-005')).toEqual([]);
    const open = evaluate([kvDoc({ ...HARD_KV, network_acls: { default_action: 'Allow' } })]).findings.filter((f) => f.rule === 'AILZ-KV-005');
    expect(open.map((f) => f.message)).toEqual(['network_acls.default_action is "Allow"; expected "Deny"']);
  });
});

describe('unresolvable values are warnings, never silent passes', () => {
  test.each([
    ['a variable', '${var.public_access}'],
    ['a function call', '${tobool(var.x)}'],
    ['a reference to a resource not in the document', '${azurerm_key_vault.elsewhere.public_network_access_enabled}'],
    ['a computed attribute', '${azurerm_storage_account.st.primary_blob_endpoint}'],
    ['a remote state output', '${data.terraform_remote_state.cross-stack-reference-input-platform.outputs.cross-stack-output-x}'],
  ])('%s', (_what, value) => {
    const f = evaluate([kvDoc({ ...HARD_KV, public_network_access_enabled: value })]).findings.filter((x) => x.rule === 'AILZ-KV-004');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('warning');
    expect(f[0].message).toContain('cannot be verified');
    expect(f[0].message).toContain(JSON.stringify(value));
  });
});

describe('evaluation', () => {
  test('output is deterministic and independent of input order', () => {
    const docs = [variant((j) => { delete r(j, 'azurerm_key_vault', 'kv').purge_protection_enabled; }, 'workload-b'), kvDoc({}), variant(() => undefined, 'workload-a')];
    const a = formatFindings(evaluate(docs, { asOf: TEST_AS_OF }), 'json');
    const b = formatFindings(evaluate([...docs].reverse(), { asOf: TEST_AS_OF }), 'json');
    expect(a).toBe(b);
    const stacks = evaluate(docs, { asOf: TEST_AS_OF }).findings.map((f) => f.stack);
    expect(stacks).toEqual([...stacks].sort());
  });

  test('resources only (no cdktf metadata) are enough: foreign Terraform JSON is judged', () => {
    const doc = { stack: 'foreign', json: { resource: { azurerm_container_registry: { acr: [{ sku: 'Basic', admin_enabled: true }] } } } };
    const ids = evaluate([doc]).findings.map((f) => f.rule);
    expect(ids).toEqual(expect.arrayContaining(['AILZ-ACR-001', 'AILZ-ACR-002', 'AILZ-ACR-003', 'AILZ-PE-005', 'AILZ-DIAG-006']));
  });

  test('an empty document has no findings, except what a workload stack must contain', () => {
    expect(evaluate([{ stack: 'generic-empty', json: {} }]).findings).toEqual([]);
    // "Must exist" rules: an empty workload stack lacks its Defender plans, security contact and activity log export.
    const workload = evaluate([{ stack: 'workload-empty', json: {} }]).findings.map((f) => `${f.rule} ${f.address}`);
    expect(workload).toEqual([
      'AILZ-MON-001 azurerm_monitor_diagnostic_setting[activity-log]',
      'AILZ-DEF-003 azurerm_security_center_contact[subscription]',
      'AILZ-DEF-002 azurerm_security_center_subscription_pricing[AI]',
      'AILZ-DEF-002 azurerm_security_center_subscription_pricing[Arm]',
      'AILZ-DEF-002 azurerm_security_center_subscription_pricing[CloudPosture]',
      'AILZ-DEF-002 azurerm_security_center_subscription_pricing[KeyVaults]',
      'AILZ-DEF-002 azurerm_security_center_subscription_pricing[StorageAccounts]',
    ]);
  });
});

describe('suppressions', () => {
  const doc = variant((j) => { r(j, 'azurerm_key_vault', 'kv').purge_protection_enabled = false; });
  const sup: Suppression = { rule: 'AILZ-KV-002', resource: 'workload-demo/azurerm_key_vault.kv', justification: 'Sandbox vault, recreated nightly by the lab pipeline', expires: '2099-12-31' };

  test('a matching suppression marks the finding, keeps it in the report and unblocks', () => {
    const unsuppressed = evaluate([doc], { asOf: TEST_AS_OF });
    expect(hasBlockingFindings(unsuppressed)).toBe(true);
    const result = evaluate([doc], { asOf: TEST_AS_OF, suppressions: [sup] });
    const f = result.findings.filter((x) => x.rule === 'AILZ-KV-002');
    expect(f).toHaveLength(1);
    expect(f[0].suppressed).toEqual({ justification: sup.justification, expires: sup.expires });
    expect(hasBlockingFindings(result)).toBe(false);
    expect(result.unmatchedSuppressions).toEqual([]);
    expect(formatFindings(result, 'text')).toContain(`[suppressed: ${sup.justification}, expires 2099-12-31]`);
    expect(formatFindings(result, 'markdown')).toContain(sup.justification);
    expect(JSON.parse(formatFindings(result, 'json')).findings[0].suppressed.justification).toBe(sup.justification);
  });

  test('suppressions match rule and stack/address exactly; the rest are unmatched', () => {
    const wrongStack = { ...sup, resource: 'workload-other/azurerm_key_vault.kv' };
    const wrongRule = { ...sup, rule: 'AILZ-KV-001' };
    const result = evaluate([doc], { asOf: TEST_AS_OF, suppressions: [wrongStack, wrongRule] });
    expect(hasBlockingFindings(result)).toBe(true);
    expect(result.findings.some((f) => f.suppressed)).toBe(false);
    expect(result.unmatchedSuppressions).toEqual([wrongStack, wrongRule]);
    expect(formatFindings(result, 'text')).toContain('warning: suppression of AILZ-KV-001 for workload-demo/azurerm_key_vault.kv matches no finding');
  });

  test('warnings are never blocking', () => {
    const result = evaluate([variant((j) => { r(j, 'azurerm_log_analytics_workspace', 'law').retention_in_days = 30; })], { asOf: TEST_AS_OF });
    expect(result.findings.map((f) => [f.rule, f.severity])).toEqual([['AILZ-LOG-002', 'warning']]);
    expect(hasBlockingFindings(result)).toBe(false);
  });

  test('validateSuppressions reports unknown rules, short justifications, bad resources and past or malformed dates', () => {
    const errors = validateSuppressions([
      { rule: 'AILZ-XYZ-999', resource: 'workload-a/azurerm_key_vault.kv', justification: 'a justification long enough here', expires: '2030-01-01' },
      { rule: 'AILZ-KV-002', resource: 'workload-a/azurerm_key_vault.kv', justification: 'too short', expires: '2030-01-01' },
      { rule: 'AILZ-KV-002', resource: 'workload-a/azurerm_key_vault.kv', justification: 'a justification long enough here', expires: '2020-01-01' },
      { rule: 'AILZ-KV-002', resource: 'azurerm_key_vault.kv', justification: 'a justification long enough here', expires: '2030-02-30' },
      { rule: 'AILZ-KV-002', resource: 'workload-a/azurerm_key_vault.kv', justification: 'a justification long enough here', expires: '2026-11-23' },
    ], '2026-11-23');
    expect(errors).toEqual([
      'suppressions[0].rule: unknown rule "AILZ-XYZ-999"',
      'suppressions[1].justification: must be at least 20 characters',
      'suppressions[2].expires: 2020-01-01 is in the past',
      'suppressions[3].resource: expected "<stack>/<terraform address>", got "azurerm_key_vault.kv"',
      'suppressions[3].expires: "2030-02-30" is not a YYYY-MM-DD date',
    ]);
    expect(RULE_IDS.has('AILZ-KV-002')).toBe(true);
  });
});

describe('formats', () => {
  const result = evaluate([variant((j) => {
    r(j, 'azurerm_key_vault', 'kv').purge_protection_enabled = false;
    r(j, 'azurerm_log_analytics_workspace', 'law').retention_in_days = 30;
  })], { asOf: TEST_AS_OF, suppressions: [{ rule: 'AILZ-LOG-002', resource: 'workload-demo/azurerm_log_analytics_workspace.law', justification: 'Costs approved for a 30-day sandbox', expires: '2099-01-01' }] });

  test('text: one line per finding in the documented format, then a summary', () => {
    const text = formatFindings(result, 'text');
    const kv = RULES.find((x) => x.id === 'AILZ-KV-002')!;
    expect(text).toContain(`AILZ-KV-002 workload-demo/azurerm_key_vault.kv purge_protection_enabled is false; expected true (fix: ${kv.remediation})\n`);
    expect(findingLine(result.findings[0])).toMatch(/^AILZ-[A-Z]+-\d{3} workload-demo\/\S+ .+ \(fix: .+\)/);
    expect(text.trimEnd().split('\n').pop()).toBe('1 error(s), 0 warning(s), 1 suppressed');
  });

  test('json parses and carries summary, findings and unmatched suppressions', () => {
    const parsed = JSON.parse(formatFindings(result, 'json'));
    expect(parsed.summary).toEqual({ errors: 1, warnings: 0, suppressed: 1 });
    expect(parsed.findings).toHaveLength(2);
    expect(parsed.unmatchedSuppressions).toEqual([]);
  });

  test('sarif 2.1.0 with rules, results, locations and external suppressions', () => {
    const sarif = JSON.parse(formatFindings(result, 'sarif'));
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-2\.1\.0/);
    const run = sarif.runs[0];
    expect(run.tool.driver.rules.map((x: any) => x.id)).toEqual(RULES.map((x) => x.id));
    const kv = run.results.find((x: any) => x.ruleId === 'AILZ-KV-002');
    expect(kv.level).toBe('error');
    expect(run.tool.driver.rules[kv.ruleIndex].id).toBe('AILZ-KV-002');
    expect(kv.locations[0].physicalLocation.artifactLocation.uri).toBe('stacks/workload-demo/cdk.tf.json');
    expect(kv.suppressions).toBeUndefined();
    const law = run.results.find((x: any) => x.ruleId === 'AILZ-LOG-002');
    expect(law.level).toBe('warning');
    expect(law.suppressions).toEqual([{ kind: 'external', justification: 'Costs approved for a 30-day sandbox (expires 2099-01-01)' }]);
  });

  test('markdown: summary counts and a findings table', () => {
    const md = formatFindings(result, 'markdown');
    expect(md).toContain('**1** error(s), **0** warning(s), **1** suppressed.');
    expect(md).toContain('| Severity | Rule | Resource | Finding | Fix | Suppressed |');
    expect(md).toContain('| error | AILZ-KV-002 | `workload-demo/azurerm_key_vault.kv` |');
  });

  test('rules: json array with id/severity/title, text and markdown list every rule', () => {
    const json = JSON.parse(formatRules('json'));
    // The Terraform catalog and the live-only rules (AILZ-LIVE-*) in one list, with where each applies.
    const families = POLICY_RULE_FAMILIES.map((f) => ({ id: `${f.prefix}:{${f.key}}`, severity: f.severity }));
    const all = [...RULES, ...LIVE_ONLY_RULES, ...families, ...REVIEW_ONLY_RULES].sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(json.map((x: any) => [x.id, x.severity, typeof x.title])).toEqual(all.map((x) => [x.id, x.severity, 'string']));
    expect(json.find((x: any) => x.id === 'AZPOLICY-DENY:{assignment}').appliesTo).toEqual(['terraform']);
    expect(json[0].check).toBeUndefined();
    expect(json.find((x: any) => x.id === 'AILZ-KV-004').appliesTo).toEqual(['terraform', 'live']);
    expect(json.find((x: any) => x.id === 'AILZ-NET-001').appliesTo).toEqual(['terraform']);
    expect(json.find((x: any) => x.id === 'AILZ-LIVE-001').appliesTo).toEqual(['live']);
    expect(json.find((x: any) => x.id === 'AILZ-REV-001').appliesTo).toEqual(['change']);
    expect(formatRules('text').trim().split('\n')).toHaveLength(all.length);
    expect(formatRules('markdown').trim().split('\n')).toHaveLength(all.length + 2);
  });
});

describe('loadDocuments', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'ailz-guardrails-'));

  test('reads DIR/stacks/*/cdk.tf.json sorted by stack', () => {
    const dir = tmp();
    for (const s of ['workload-b', 'platform', 'workload-a']) {
      fs.mkdirSync(path.join(dir, 'stacks', s), { recursive: true });
      fs.writeFileSync(path.join(dir, 'stacks', s, 'cdk.tf.json'), JSON.stringify(golden(s).json));
    }
    const docs = loadDocuments(dir);
    expect(docs.map((d) => d.stack)).toEqual(['platform', 'workload-a', 'workload-b']);
    expect(docs[0].path).toBe(path.join(dir, 'stacks', 'platform', 'cdk.tf.json'));
  });

  test('reads a single .tf.json file, stack name = file stem', () => {
    const dir = tmp();
    const file = path.join(dir, 'workload-x.tf.json');
    fs.writeFileSync(file, '{"resource":{"azurerm_resource_group":{"rg":{"name":"rg","location":"westeurope"}}}}');
    expect(loadDocuments(file).map((d) => d.stack)).toEqual(['workload-x']);
  });

  test('clear errors for a missing path, an empty dir and invalid JSON', () => {
    const dir = tmp();
    expect(() => loadDocuments(path.join(dir, 'nope'))).toThrow(/no such file or directory/);
    expect(() => loadDocuments(dir)).toThrow(/no Terraform JSON found/);
    const bad = path.join(dir, 'bad.tf.json');
    fs.writeFileSync(bad, '{');
    expect(() => loadDocuments(bad)).toThrow(/bad\.tf\.json:1:2: not valid JSON: expected a property name in double quotes, found the end of the file/);
  });
});
