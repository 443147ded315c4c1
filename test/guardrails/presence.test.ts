/**
 * "Must exist" rules (AILZ-GOV-003..005, AILZ-DEF-002/003, AILZ-MON-001..003) over whole landing zones:
 * the real synthesized reference deployment, cross-stack behaviour when stacks are missing from the
 * set, and the catalogs the rules derive their required sets from.
 */
import * as fs from 'fs';
import * as path from 'path';
import { evaluate, formatFindings, loadDocuments, TerraformDocument } from '../../guardrails';
import { REQUIRED_AI_POLICIES } from '../../guardrails/rules/governance-presence';
import { POLICY_CATALOG } from '../../azure/policy-catalog';
import { DETECTIONS } from '../../catalog/detections';
import { ailz, POLICY_GATE_OFF, tempDir } from '../cli/helpers';
import { golden, governanceJson, labJson, landingZone, platformJson } from './fixtures';
import { catalogAgeStderr, TEST_AS_OF } from '../as-of';

const PRESENCE = ['AILZ-GOV-003', 'AILZ-GOV-004', 'AILZ-GOV-005', 'AILZ-DEF-002', 'AILZ-DEF-003', 'AILZ-MON-001', 'AILZ-MON-002', 'AILZ-MON-003'];
const lines = (docs: TerraformDocument[]) => evaluate(docs, { asOf: TEST_AS_OF }).findings.map((f) => `${f.rule} ${f.severity} ${f.stack}/${f.address}`);

describe('the reference deployment', () => {
  const out = tempDir();
  let docs: TerraformDocument[];

  beforeAll(() => {
    const r = ailz(['synth', '--out', out, '--as-of', TEST_AS_OF]);
    // Without policy definitions beside the reference config (`.ailz/` is git-ignored) synth says the gate did not run.
    expect(r.stderr).toBe(catalogAgeStderr() + POLICY_GATE_OFF);
    expect(r.code).toBe(0);
    docs = loadDocuments(out);
  });

  test('synth prints no finding, and its output checks clean (zero errors and zero warnings)', () => {
    expect(docs.map((d) => d.stack)).toEqual(['governance', 'platform', 'workload-chat', 'workload-research']);
    expect(formatFindings(evaluate(docs, { asOf: TEST_AS_OF }), 'text')).toBe('0 error(s), 0 warning(s), 0 suppressed\n');
    // Both workloads export their subscription activity log (individual categories, no metrics: not judged as resource diagnostics by AILZ-DIAG-011/012).
    const activity = docs.filter((d) => d.stack.startsWith('workload-')).flatMap((d) => Object.values<any>(d.json.resource.azurerm_monitor_diagnostic_setting));
    expect(activity.map((s) => s.target_resource_id).filter((t) => t.startsWith('/subscriptions/'))).toEqual(['/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', '/subscriptions/${data.azapi_resource.VendedSubscription.output.properties.subscriptionId}']);
  });

  test('removing what must exist from the real output is reported, on the stack that must hold it', () => {
    const copy: TerraformDocument[] = JSON.parse(JSON.stringify(docs));
    const res = (stack: string) => copy.find((d) => d.stack === stack)!.json.resource;
    const drop = (stack: string, type: string, match: (body: any) => boolean) => {
      const all = res(stack)[type];
      const key = Object.keys(all).find((k) => match(all[k]));
      expect(key).toBeDefined();
      delete all[key!];
    };
    drop('governance', 'azurerm_management_group_policy_assignment', (a) => a.name === 'ai-disable-local-auth');
    drop('governance', 'azurerm_management_group_subscription_association', (a) => String(a.subscription_id).includes('azurerm_subscription.'));
    drop('governance', 'azurerm_consumption_budget_subscription', (b) => b.name === 'budget-chat-monthly');
    drop('platform', 'azurerm_sentinel_alert_rule_scheduled', (r) => r.name === 'ailz-det-009');
    drop('workload-chat', 'azurerm_security_center_subscription_pricing', (p) => p.resource_type === 'KeyVaults');
    drop('workload-research', 'azurerm_monitor_diagnostic_setting', () => true);
    expect(lines(copy)).toEqual([
      'AILZ-GOV-005 error governance/azurerm_consumption_budget_subscription[workload-chat]',
      'AILZ-GOV-003 error governance/azurerm_management_group_policy_assignment[ai-disable-local-auth]',
      'AILZ-GOV-004 error governance/azurerm_management_group_subscription_association[workload-research]',
      'AILZ-MON-003 error platform/azurerm_sentinel_alert_rule_scheduled[ailz-det-009]',
      'AILZ-DEF-002 error workload-chat/azurerm_security_center_subscription_pricing[KeyVaults]',
      'AILZ-MON-001 error workload-research/azurerm_monitor_diagnostic_setting[activity-log]',
    ]);
  });

  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));
});

describe('cross-stack rules', () => {
  test('a clean four-stack landing zone has no finding at all', () => {
    expect(formatFindings(evaluate(landingZone(), { asOf: TEST_AS_OF }), 'text')).toBe('0 error(s), 0 warning(s), 0 suppressed\n');
  });

  test('without the governance stack in the set (ailz check of one workload), placement and budget are not judged', () => {
    const docs = landingZone({ governance: (j) => { delete j.resource.azurerm_management_group_subscription_association; delete j.resource.azurerm_consumption_budget_subscription; } });
    expect(lines(docs).map((l) => l.split(' ')[0])).toEqual(['AILZ-GOV-005', 'AILZ-GOV-005', 'AILZ-GOV-004', 'AILZ-GOV-004']);
    expect(lines(docs.filter((d) => d.stack !== 'governance'))).toEqual([]);
    expect(lines([golden()])).toEqual([]);
  });

  test('only workload stacks in the set are judged: a governance stack alone reports nothing about workloads', () => {
    const gov = { stack: 'governance', json: governanceJson() };
    gov.json.resource.azurerm_management_group_subscription_association = {};
    expect(lines([gov])).toEqual([]);
    expect(lines([gov, { stack: 'workload-lab', json: labJson() }])).toEqual([
      'AILZ-GOV-004 error governance/azurerm_management_group_subscription_association[workload-lab]',
    ]);
  });

  test('findings scale with the number of workloads, one per missing association and budget', () => {
    const docs: TerraformDocument[] = [{ stack: 'governance', json: governanceJson() }, { stack: 'platform', json: platformJson() }];
    for (let i = 0; i < 100; i++) docs.push({ stack: `workload-w${i}`, json: labJson() });
    const found = evaluate(docs, { asOf: TEST_AS_OF }).findings;
    expect(found.filter((f) => f.rule === 'AILZ-GOV-004')).toHaveLength(100);
    expect(found.filter((f) => f.rule === 'AILZ-GOV-005')).toHaveLength(100);
    expect(found.filter((f) => f.rule !== 'AILZ-GOV-004' && f.rule !== 'AILZ-GOV-005')).toEqual([]);
  });
});

describe('required sets come from the catalogs', () => {
  test('AILZ-GOV-003 requires every unconditional ai-scope policy of POLICY_CATALOG, and no other', () => {
    const expected = POLICY_CATALOG.filter((e) => e.scope === 'ai' && e.onlyWith === undefined).map((e) => e.key);
    expect(REQUIRED_AI_POLICIES.map((e) => e.key)).toEqual(expected);
    expect(expected).toEqual(expect.arrayContaining(['ai-disable-local-auth', 'ai-restrict-network', 'defender-ai', 'kv-rbac', 'allowed-locations']));
    expect(expected).not.toContain('cmk-cognitive');
  });

  test('a missing control is reported once per control, naming its key and display name', () => {
    const docs = landingZone({ governance: (j) => {
      for (const key of ['ai-managed-identity', 'diag-cognitive']) delete j.resource.azurerm_management_group_policy_assignment[key];
    } });
    const f = evaluate(docs, { asOf: TEST_AS_OF }).findings.filter((x) => x.rule === 'AILZ-GOV-003');
    expect(f.map((x) => x.message)).toEqual(POLICY_CATALOG.filter((e) => ['ai-managed-identity', 'diag-cognitive'].includes(e.key))
      .map((e) => `AI policy "${e.key}" (${e.displayName}, ${e.policyDefinitionId}) is not assigned at management group "contoso-ai"`).sort());
  });

  test('AILZ-MON-003 requires every detection of DETECTIONS by id', () => {
    const docs = landingZone({ platform: (j) => { delete j.resource.azurerm_sentinel_alert_rule_scheduled; } });
    expect(evaluate(docs, { asOf: TEST_AS_OF }).findings.filter((f) => f.rule === 'AILZ-MON-003').map((f) => f.address))
      .toEqual(DETECTIONS.map((d) => `azurerm_sentinel_alert_rule_scheduled[${d.id}]`).sort());
    expect(DETECTIONS.length).toBe(18);
  });

  test('every presence rule is documented in docs/rules.md', () => {
    const doc = fs.readFileSync(path.resolve(__dirname, '../../docs/rules.md'), 'utf8');
    for (const id of PRESENCE) expect(doc).toContain(`| ${id} |`);
  });
});
