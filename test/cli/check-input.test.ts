/**
 * `ailz check` against inputs that are not what it expects: each is exit 2 (cli/exit-codes.ts: usage
 * or invalid input) with a message naming the file and what was found; and the stack kind, which
 * never hangs on a file name alone.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCheck } from '../../cli/commands/check';
import { EXIT } from '../../cli/exit-codes';
import { MAX_CHECK_INPUT_BYTES } from '../../guardrails';
import { goldenJson } from '../guardrails/fixtures';
import { ailz } from './helpers';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) } };
}

function file(name: string, content: string | Buffer | object): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ailz-input-'));
  const p = path.join(d, name);
  fs.writeFileSync(p, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
  return p;
}

const check = (dir: string | string[], extra: { format?: string; stackKinds?: string[] } = {}) => {
  const c = io();
  const code = runCheck({ dir, format: extra.format ?? 'text', stackKinds: extra.stackKinds }, c.io);
  return { code, out: c.out.join(''), err: c.err.join('') };
};

const PLAN = {
  format_version: '1.2', terraform_version: '1.11.0', variables: {},
  planned_values: { root_module: { resources: [] } }, resource_changes: [], configuration: { root_module: {} },
};

describe('input that is not Terraform configuration, or has nothing to check: exit 2, saying what was found', () => {
  test.each<[string, string | object, RegExp]>([
    ['an empty object', '{}', /empty\.tf\.json: nothing to check: an empty object \(valid Terraform JSON that declares nothing\)/],
    ['an empty array', '[]', /empty\.tf\.json: nothing to check: an empty array \(valid Terraform JSON that declares nothing\)/],
    ['null', 'null', /empty\.tf\.json: not Terraform configuration: The root value in a JSON-based configuration must be either a JSON object or a JSON array of objects; found null\./],
    ['a string', '"resource"', /found a string\./],
    ['a number', '42', /found a number\./],
    ['an array of strings', '["a"]', /empty\.tf\.json:1:2: Incorrect JSON value type: A JSON object is required here, at the root of a configuration file; found a string\./],
    ['a plan (terraform show -json)', PLAN, /empty\.tf\.json: a Terraform plan \(`terraform show -json` output\), not configuration: ailz check reads Terraform JSON configuration \(\*\.tf\.json\); review a plan with `ailz review-plan .*empty\.tf\.json`/],
    ['a state (terraform show -json of a state)', { format_version: '1.0', terraform_version: '1.11.0', values: { root_module: {} } }, /a Terraform state/],
    ['other JSON', { name: 'x', version: 1 }, /not Terraform configuration: none of its top-level properties \("name", "version"\) is a Terraform block type/],
    ['variables and outputs only', { variable: { a: {} }, output: { o: { value: 1 } } }, /nothing to check: no resource blocks; found 1 variable, 1 output/],
    ['module calls only', { module: { net: { source: './net' } } }, /nothing to check: no resource blocks; found 1 module call \(not evaluated\)/],
    ['invalid JSON', '{\n  "resource": {,\n}', /empty\.tf\.json:2:16: not valid JSON: expected a property name in double quotes, found ","/],
  ])('%s', (_what, content, message) => {
    const r = check(file('empty.tf.json', content));
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(message);
    expect(r.out).toBe('');
  });

  test('a plan is recognised under any file name, e.g. plan.json', () => {
    const r = check(file('plan.json', PLAN));
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/plan\.json: a Terraform plan .* `ailz review-plan .*plan\.json`/);
  });

  test('invalid UTF-8 is refused, not read as U+FFFD', () => {
    const bytes = Buffer.concat([Buffer.from('{"resource": {"azurerm_resource_group": {"rg": {"name": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}}}')]);
    const r = check(file('bad.tf.json', bytes));
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/bad\.tf\.json: not valid UTF-8/);
  });

  test('a real U+FFFD character is valid UTF-8 and read', () => {
    const r = check(file('ok.tf.json', { resource: { azurerm_resource_group: { rg: { name: 'rg', location: 'swedencentral', tags: { note: '\uFFFD' } } } } }));
    expect(r.err).toBe('');
  });

  test.each([
    ['main.tf', 'resource "x" "y" {}', /main\.tf: HCL native syntax, which ailz check does not read/],
    ['override.tf.json', '{}', /override\.tf\.json: an override file: Terraform merges it into the other files of its directory and never reads it alone/],
    ['x_override.tf.json', '{}', /an override file/],
    ['config.yaml', 'a: 1', /config\.yaml: expected a Terraform JSON file \(\*\.tf\.json\)/],
  ])('%s given alone', (name, content, message) => {
    const r = check(file(name, content));
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(message);
  });

  test('a directory of .tf files only', () => {
    const d = path.dirname(file('main.tf', ''));
    fs.writeFileSync(path.join(d, 'vars.tf'), '');
    const r = check(d);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/no Terraform JSON found: main\.tf, vars\.tf are HCL native syntax/);
  });

  test(`input over ${MAX_CHECK_INPUT_BYTES / 1024 / 1024} MiB is refused before it is read`, () => {
    const p = file('huge.tf.json', '');
    fs.truncateSync(p, MAX_CHECK_INPUT_BYTES + 1); // sparse: nothing is written or read
    const start = Date.now();
    const r = check(p);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/the Terraform JSON to check is 128\.0 MiB, over the 128\.0 MiB ailz check reads in one run/);
    expect(Date.now() - start).toBeLessThan(2000);
  });

  test('two inputs with one stack name', () => {
    const a = file('workload-x.tf.json', goldenJson());
    const b = file('workload-x.tf.json', goldenJson());
    const r = check([a, b]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(/two inputs are both stack "workload-x"/);
  });

  test('several inputs are checked together', () => {
    const r = check([file('workload-a.tf.json', goldenJson()), file('workload-b.tf.json', goldenJson())], { format: 'json' });
    expect(JSON.parse(r.out).stacks.map((s: { stack: string }) => s.stack)).toEqual(['workload-a', 'workload-b']);
  });
});

describe('the stack kind comes from the content, is shown with its reason, and can be set per input', () => {
  const workloadOnly = (name: string) => file(name, goldenJson());

  test('a workload stack saved under any name is judged as a workload (its stack-level rules apply)', () => {
    const named = check(workloadOnly('workload-demo.tf.json'), { format: 'json' });
    const anon = check(workloadOnly('export-2026.tf.json'), { format: 'json' });
    const a = JSON.parse(anon.out);
    expect(a.stacks[0]).toMatchObject({ stack: 'export-2026', kind: 'workload', kindReason: expect.stringMatching(/^its resources: azurerm_cognitive_account\.\S+ belongs in a workload stack$/) });
    const rules = (j: { findings: { rule: string }[] }) => j.findings.map((f) => f.rule).sort();
    expect(rules(a)).toEqual(rules(JSON.parse(named.out)));
  });

  test('--stack-kind PATH=KIND overrides it, and the output says so', () => {
    const p = workloadOnly('export.tf.json');
    const r = check(p, { stackKinds: [`${p}=generic`] });
    expect(r.out).toMatch(new RegExp(`^stack export: judged as generic \\(--stack-kind ${p.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}=generic\\)$`, 'm'));
  });

  test.each([
    ['an unknown kind', (p: string) => `${p}=hub`, /--stack-kind ".*=hub": expected PATH=KIND with KIND one of workload, platform, governance, generic/],
    ['no kind', (p: string) => p, /expected PATH=KIND/],
    ['a path that is none of the inputs', () => '/nowhere/x.tf.json=workload', /--stack-kind \/nowhere\/x\.tf\.json=workload: \/nowhere\/x\.tf\.json is none of the inputs/],
  ])('%s is a usage error', (_what, arg, message) => {
    const p = workloadOnly('w.tf.json');
    const r = check(p, { stackKinds: [arg(p)] });
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.err).toMatch(message);
  });

  test('cdktf metadata names the stack when the resources do not tell', () => {
    const r = check(file('x.tf.json', { '//': { metadata: { stackName: 'platform' } }, resource: { azurerm_resource_group: { rg: { name: 'rg' } } } }), { format: 'json' });
    expect(JSON.parse(r.out).stacks[0]).toMatchObject({ kind: 'platform', kindReason: 'cdktf metadata names the stack "platform"' });
  });

  test('nothing identifies it: generic, and the reason says how to set it', () => {
    const r = check(file('x.tf.json', { resource: { azurerm_resource_group: { rg: { name: 'rg' } } } }));
    expect(r.out).toMatch(/^stack x: judged as generic \(no resource, cdktf metadata or name identifies a workload, platform or governance stack: no stack-level rule applies; set the kind with --stack-kind PATH=KIND\)$/m);
  });
});

describe('reports', () => {
  test('JSON is the shared finding shape: schemaVersion, today\'s keys, evidence, fix, location; streamed byte-identical to one JSON.stringify', () => {
    const json = goldenJson();
    json.resource.azurerm_cognitive_account.oai.local_auth_enabled = true;
    const p = file('workload-demo.tf.json', json);
    const r = check(p, { format: 'json' });
    expect(r.code).toBe(EXIT.FINDINGS);
    const parsed = JSON.parse(r.out);
    expect(r.out).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'summary', 'findings', 'unmatchedSuppressions', 'stacks', 'notices']);
    expect(parsed.schemaVersion).toBe(1);
    const f = parsed.findings.find((x: { rule: string }) => x.rule === 'AILZ-OAI-002');
    expect(Object.keys(f)).toEqual(['rule', 'severity', 'stack', 'address', 'message', 'remediation', 'area', 'evidence', 'fix', 'location']);
    expect(f).toMatchObject({
      stack: 'workload-demo', address: 'azurerm_cognitive_account.oai', evidence: { attribute: 'local_auth_enabled', value: true, expected: 'false' },
      fix: f.remediation, location: { file: p, startColumn: 9 },
    });
    const lines = fs.readFileSync(p, 'utf8').split('\n');
    expect(lines[f.location.startLine - 1]).toContain('"local_auth_enabled": true');
  });

  test('text names each stack\'s kind and the notices; the real command streams the same report', () => {
    const json = goldenJson();
    json.module = { extra: { source: './extra' } };
    const p = file('workload-demo.tf.json', json);
    const r = check(p);
    expect(r.out).toMatch(/^stack workload-demo: judged as workload \(its resources: azurerm_cognitive_account\.oai belongs in a workload stack\)$/m);
    expect(r.out).toMatch(/^note: workload-demo: module "extra" \(source \.\/extra\) is not evaluated: the resources it declares are not checked \[.*workload-demo\.tf\.json:\d+:\d+\]$/m);
    const real = ailz(['check', '--dir', p]);
    expect(real.stdout).toBe(r.out);
    expect(real.code).toBe(r.code);
  });
});
