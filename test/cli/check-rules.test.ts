import { LIVE_ONLY_RULES } from '../../guardrails/live-rules';
import { REVIEW_ONLY_RULES } from '../../guardrails/review-rules';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCheck } from '../../cli/commands/check';
import { runRules } from '../../cli/commands/rules';
import { RULES } from '../../guardrails';
import { goldenJson } from '../guardrails/fixtures';
import { catalogAgeStderr, TEST_AS_OF } from '../as-of';
import { POLICY_RULE_FAMILIES } from '../../policy/report';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
}

function synthDir(stacks: Record<string, any>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ailz-check-'));
  for (const [name, json] of Object.entries(stacks)) {
    fs.mkdirSync(path.join(dir, 'stacks', name), { recursive: true });
    fs.writeFileSync(path.join(dir, 'stacks', name, 'cdk.tf.json'), JSON.stringify(json));
  }
  return dir;
}

describe('ailz check', () => {
  test('clean output: exit 0 and a summary line', () => {
    const c = io();
    expect(runCheck({ dir: synthDir({ 'workload-demo': goldenJson() }), format: 'text', asOf: TEST_AS_OF }, c.io)).toBe(0);
    expect(c.out.join('')).toBe('stack workload-demo: judged as workload (its resources: azurerm_cognitive_account.oai belongs in a workload stack)\n0 error(s), 0 warning(s), 0 suppressed\n');
    // The golden stack has a model deployment, judged against the model catalog: its age is reported when stale.
    expect(c.err.join('')).toBe(catalogAgeStderr());
  });

  test('an error finding: exit 1 and the finding line', () => {
    const json = goldenJson();
    json.resource.azurerm_cognitive_account.oai.local_auth_enabled = true;
    const c = io();
    expect(runCheck({ dir: synthDir({ 'workload-demo': json }), format: 'text' }, c.io)).toBe(1);
    expect(c.out.join('')).toMatch(/^AILZ-OAI-002 workload-demo\/azurerm_cognitive_account\.oai local_auth_enabled is true; expected false \(fix: .+\)$/m);
  });

  test('a suppressed error does not fail, and stays in the report', () => {
    const json = goldenJson();
    json.resource.azurerm_cognitive_account.oai.local_auth_enabled = true;
    const c = io();
    const code = runCheck({
      dir: synthDir({ 'workload-demo': json }), format: 'json', asOf: TEST_AS_OF,
      suppressions: [{ rule: 'AILZ-OAI-002', resource: 'workload-demo/azurerm_cognitive_account.oai', justification: 'Legacy client needs keys until 2027 migration', expires: '2099-01-01' }],
    }, c.io);
    expect(code).toBe(0);
    const parsed = JSON.parse(c.out.join(''));
    expect(parsed.findings.map((f: any) => [f.rule, !!f.suppressed])).toEqual([['AILZ-OAI-002', true]]);
  });

  test('sarif and markdown formats', () => {
    const dir = synthDir({ 'workload-demo': goldenJson() });
    const s = io();
    expect(runCheck({ dir, format: 'sarif', asOf: TEST_AS_OF }, s.io)).toBe(0);
    expect(JSON.parse(s.out.join('')).version).toBe('2.1.0');
    const m = io();
    expect(runCheck({ dir, format: 'markdown', asOf: TEST_AS_OF }, m.io)).toBe(0);
    expect(m.out.join('')).toContain('## ailz guardrails');
  });

  test('usage errors exit 2 with a message on stderr and nothing on stdout', () => {
    const bad = io();
    expect(runCheck({ dir: synthDir({ 'workload-demo': goldenJson() }), format: 'yaml' }, bad.io)).toBe(2);
    expect(bad.err.join('')).toMatch(/unknown --format "yaml"; expected one of text, json, markdown, sarif/);
    expect(bad.out).toEqual([]);
    const missing = io();
    expect(runCheck({ dir: path.join(os.tmpdir(), 'ailz-does-not-exist-7f3a'), format: 'text' }, missing.io)).toBe(2);
    expect(missing.err.join('')).toMatch(/no such file or directory/);
    const empty = io();
    expect(runCheck({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'ailz-empty-')), format: 'text' }, empty.io)).toBe(2);
    expect(empty.err.join('')).toMatch(/no Terraform JSON found/);
  });
});

describe('ailz rules', () => {
  test('json: an array of every rule with id, severity and title', () => {
    const c = io();
    expect(runRules({ format: 'json' }, c.io)).toBe(0);
    const parsed = JSON.parse(c.out.join(''));
    // The Terraform catalog, the live-only AILZ-LIVE-* rules of `ailz assess`, the policy simulation's families and the change rules (AILZ-REV-*), one list sorted by id.
    expect(parsed.map((x: any) => x.id)).toEqual([...RULES.map((x) => x.id), ...LIVE_ONLY_RULES.map((x) => x.id), ...POLICY_RULE_FAMILIES.map((f) => `${f.prefix}:{${f.key}}`), ...REVIEW_ONLY_RULES.map((x) => x.id)].sort());
    for (const x of parsed) {
      expect(typeof x.severity).toBe('string');
      expect(typeof x.title).toBe('string');
    }
  });

  test('text and markdown', () => {
    const t = io();
    expect(runRules({ format: 'text' }, t.io)).toBe(0);
    expect(t.out.join('')).toMatch(/^AILZ-ACR-001 error network \[terraform, live\] Container registry uses the Premium SKU$/m);
    const m = io();
    expect(runRules({ format: 'markdown' }, m.io)).toBe(0);
    expect(m.out.join('')).toMatch(/^\| Rule \| Severity \| Area \| Applies to \| Checks \| References \|$/m);
  });

  test('unknown format exits 2', () => {
    const c = io();
    expect(runRules({ format: 'sarif' }, c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/unknown --format "sarif"/);
  });
});
