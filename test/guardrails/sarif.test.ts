/**
 * SARIF that GitHub code scanning can place: valid against the SARIF 2.1.0 JSON schema (the file
 * Microsoft's SARIF SDK ships in @microsoft/sarif-multitool, validated with ajv), clean under that
 * SDK's own validator, and meeting GitHub's documented minimum (docs.github.com "SARIF support for
 * code scanning": required properties, 25,000 results per run, 10 MB gzip per upload, 20 runs).
 */
import { spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gzipSync } from 'zlib';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { evaluate, EvaluationResult, Finding, formatFindings, GITHUB_SARIF_LIMITS, loadStacks, RULES } from '../../guardrails';
import { runCheck } from '../../cli/commands/check';
import { ailz, REFERENCE_CONFIG, ROOT, tempDir } from '../cli/helpers';
import { goldenJson } from './fixtures';
import { TEST_AS_OF } from '../as-of';

const platformPackage = path.dirname(require.resolve(`@microsoft/sarif-multitool-${process.platform}/package.json`));
const schema = JSON.parse(fs.readFileSync(path.join(platformPackage, 'sarif-2.1.0.json'), 'utf8'));
// strict: false: the schema uses annotations (e.g. "deprecated") that ajv's strict mode rejects as unknown.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateSchema = ajv.compile(schema);

/** GitHub's documented minimum for code scanning, property by property (the "Required" column of each table). */
function githubProblems(log: any, text: string): string[] {
  const p: string[] = [];
  const need = (cond: unknown, what: string) => { if (!cond) p.push(what); };
  const nonEmpty = (s: unknown) => typeof s === 'string' && s.length > 0;
  need(nonEmpty(log.$schema), 'sarifLog.$schema');
  need(log.version === '2.1.0', 'sarifLog.version 2.1.0');
  need(Array.isArray(log.runs) && log.runs.length >= 1 && log.runs.length <= GITHUB_SARIF_LIMITS.runsPerFile, 'runs: 1 to 20');
  need(gzipSync(Buffer.from(text)).length <= GITHUB_SARIF_LIMITS.gzipBytes, 'at most 10 MB gzipped');
  for (const run of log.runs ?? []) {
    const d = run.tool?.driver;
    need(nonEmpty(d?.name), 'toolComponent.name');
    need(nonEmpty(d?.version), 'toolComponent.version (to track results across tool versions)');
    need(Array.isArray(d?.rules), 'toolComponent.rules[]');
    const ids = new Set<string>();
    for (const r of d?.rules ?? []) {
      ids.add(r.id);
      need(nonEmpty(r.id), 'reportingDescriptor.id');
      need(nonEmpty(r.shortDescription?.text) && r.shortDescription.text.length <= 1024, `${r.id}: shortDescription.text, at most 1024 characters`);
      need(nonEmpty(r.fullDescription?.text) && r.fullDescription.text.length <= 1024, `${r.id}: fullDescription.text, at most 1024 characters`);
      need(nonEmpty(r.help?.text), `${r.id}: help.text`);
      need(!r.name || r.name.length <= 255, `${r.id}: name at most 255 characters`);
      need((r.properties?.tags ?? []).length <= 20, `${r.id}: at most 20 tags`);
    }
    need(Array.isArray(run.results) && run.results.length <= GITHUB_SARIF_LIMITS.resultsPerRun, 'results[]: at most 25,000 per run');
    for (const [i, res] of (run.results ?? []).entries()) {
      const at = `results[${i}]`;
      need(nonEmpty(res.message?.text), `${at}.message.text`);
      need(ids.has(res.ruleId), `${at}.ruleId names a rule`);
      need(res.partialFingerprints && Object.keys(res.partialFingerprints).length > 0, `${at}.partialFingerprints`);
      need(Array.isArray(res.locations) && res.locations.length >= 1 && res.locations.length <= 10, `${at}.locations: 1 to 10`);
      for (const loc of [...(res.locations ?? []), ...(res.relatedLocations ?? [])]) {
        const pl = loc.physicalLocation;
        need(nonEmpty(pl?.artifactLocation?.uri), `${at}: artifactLocation.uri`);
        const uri: string = pl?.artifactLocation?.uri ?? '';
        if (pl?.artifactLocation?.uriBaseId) need(!uri.startsWith('/') && !uri.split('/').includes('..'), `${at}: ${uri} is relative to its uriBaseId`);
        else need(uri.startsWith('file:///'), `${at}: ${uri} without uriBaseId is an absolute file URI`);
        const r = pl?.region ?? {};
        for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) need(Number.isInteger(r[k]) && r[k] >= 1, `${at}: region.${k}`);
        need(r.endLine >= r.startLine, `${at}: region ends after it starts`);
      }
    }
  }
  return p;
}

function expectValid(text: string) {
  const log = JSON.parse(text);
  const ok = validateSchema(log);
  expect(ok ? [] : validateSchema.errors!.slice(0, 5).map((e) => `${e.instancePath} ${e.message}`)).toEqual([]);
  expect(githubProblems(log, text)).toEqual([]);
  return log;
}

const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

function runSarif(dirs: string[], extra: { config?: string; sarifBase?: string } = {}): string {
  const out: string[] = [];
  const err: string[] = [];
  runCheck({ dir: dirs, format: 'sarif', asOf: TEST_AS_OF, ...extra }, { out: (s) => out.push(s), err: (s) => err.push(s) });
  // Warnings (the model catalog's age) may come; a usage or input error may not.
  expect(err.filter((e) => !e.startsWith('warning: '))).toEqual([]);
  return out.join('');
}

describe('SARIF from the real synthesized landing zone', () => {
  const out = tempDir();
  const files: Record<string, string> = {};
  beforeAll(() => {
    const r = ailz(['synth', '--out', out]);
    expect(r.code).toBe(0);
    // One finding with a line (the chat OpenAI account), one must-exist finding (the chat budget).
    const chat = path.join(out, 'stacks', 'workload-chat', 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(chat, 'utf8'));
    Object.values<any>(json.resource.azurerm_cognitive_account)[0].local_auth_enabled = true;
    fs.writeFileSync(chat, JSON.stringify(json, null, 2));
    const gov = path.join(out, 'stacks', 'governance', 'cdk.tf.json');
    const g = JSON.parse(fs.readFileSync(gov, 'utf8'));
    for (const [k, b] of Object.entries<any>(g.resource.azurerm_consumption_budget_subscription)) if (b.name === 'budget-chat-monthly') delete g.resource.azurerm_consumption_budget_subscription[k];
    fs.writeFileSync(gov, JSON.stringify(g, null, 2));
  });
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  test('without --config: each result points at its line in the Terraform JSON, relative to the SARIF base', () => {
    files.plain = runSarif([out], { sarifBase: out });
    const log = expectValid(files.plain);
    const run = log.runs[0];
    expect(run.tool.driver.version).toBe(version);
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${out}/`);
    const oai = run.results.find((r: any) => r.ruleId === 'AILZ-OAI-002');
    expect(oai.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'stacks/workload-chat/cdk.tf.json', uriBaseId: '%SRCROOT%' });
    const line = fs.readFileSync(path.join(out, 'stacks', 'workload-chat', 'cdk.tf.json'), 'utf8').split('\n')[oai.locations[0].physicalLocation.region.startLine - 1];
    expect(line).toContain('"local_auth_enabled": true');
    const budget = run.results.find((r: any) => r.ruleId === 'AILZ-GOV-005');
    expect(budget.locations[0].physicalLocation.artifactLocation.uri).toBe('stacks/governance/cdk.tf.json');
  });

  test('with --config: the primary location is the line of landing-zone.yaml that produced the resource', () => {
    files.config = runSarif([out], { config: REFERENCE_CONFIG, sarifBase: ROOT });
    const log = expectValid(files.config);
    const yaml = fs.readFileSync(REFERENCE_CONFIG, 'utf8').split('\n');
    const results = log.runs[0].results;
    const oai = results.find((r: any) => r.ruleId === 'AILZ-OAI-002');
    const primary = oai.locations[0].physicalLocation;
    expect(primary.artifactLocation).toEqual({ uri: 'landing-zone.yaml', uriBaseId: '%SRCROOT%' });
    // The chat workload's openai section.
    const chatAt = yaml.findIndex((l) => l.includes('- name: chat'));
    const openaiAt = yaml.findIndex((l, i) => i > chatAt && l.trim().startsWith('openai:'));
    expect(primary.region.startLine).toBe(openaiAt + 1);
    expect(oai.locations[0].message.text).toBe('workloads[0].openai in the landing-zone config');
    // The Terraform JSON stays as a related location (outside the SARIF base: an absolute file URI).
    expect(oai.relatedLocations[0].physicalLocation.artifactLocation.uri).toBe(`file://${out}/stacks/workload-chat/cdk.tf.json`);
    expect(oai.message.text).toContain('[Terraform JSON](1)');
    // A must-exist finding points at the config section that owns it: the chat workload's budget.
    const budget = results.find((r: any) => r.ruleId === 'AILZ-GOV-005').locations[0].physicalLocation;
    expect(yaml[budget.region.startLine - 1].trim()).toMatch(/^budget:/);
    expect(budget.region.startLine).toBeGreaterThan(chatAt + 1);
  });

  test('Microsoft\'s SARIF validator (the SDK GitHub points to) reports no error and no warning', () => {
    const dir = tempDir();
    const inputs = Object.entries(files).map(([name, text]) => {
      const p = path.join(dir, `${name}.sarif`);
      fs.writeFileSync(p, text);
      return p;
    });
    expect(inputs.length).toBe(2);
    const tool = path.join(platformPackage, process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
    const report = path.join(dir, 'validation.sarif');
    const r = spawnSync(tool, ['validate', ...inputs, '--rule-kind', 'Sarif', '--output', report, '--log', 'ForceOverwrite'], { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
    expect(r.status).toBe(0);
    const results = JSON.parse(fs.readFileSync(report, 'utf8')).runs[0].results as any[];
    expect(results.filter((x) => x.level === 'error' || x.level === 'warning').map((x) => `${x.ruleId}: ${x.message.text ?? JSON.stringify(x.message)}`)).toEqual([]);
  });
});

describe('GitHub limits', () => {
  const finding = (i: number, rule: string, severity: 'error' | 'warning', message = 'x'): Finding => ({
    rule, severity, stack: 'workload-big', address: `azurerm_storage_account.s${i}`, message, remediation: 'fix it', area: 'data',
    location: { file: path.join(ROOT, 'x.tf.json'), startLine: i + 1, startColumn: 3, endLine: i + 1, endColumn: 20 },
  });

  test('beyond 25,000 results per run, the rest of each rule is one result saying how many were left out; errors are kept first', () => {
    const findings: Finding[] = [];
    for (let i = 0; i < 20_000; i++) findings.push(finding(i, 'AILZ-ST-001', 'warning'));
    for (let i = 0; i < 10_000; i++) findings.push(finding(20_000 + i, 'AILZ-ST-002', 'error'));
    const result: EvaluationResult = { findings, unmatchedSuppressions: [] };
    const text = formatFindings(result, 'sarif', { sarifBase: ROOT, toolVersion: version });
    const log = expectValid(text);
    const results = log.runs[0].results as any[];
    expect(results.length).toBeLessThanOrEqual(GITHUB_SARIF_LIMITS.resultsPerRun);
    expect(results.filter((r) => r.ruleId === 'AILZ-ST-002' && !r.properties.omitted)).toHaveLength(10_000);
    const kept = results.filter((r) => r.ruleId === 'AILZ-ST-001' && !r.properties.omitted).length;
    const aggregate = results.find((r) => r.properties.omitted);
    expect(aggregate.ruleId).toBe('AILZ-ST-001');
    expect(aggregate.properties.omitted).toBe(20_000 - kept);
    expect(aggregate.message.text).toMatch(new RegExp(`^${20_000 - kept} more findings of AILZ-ST-001 left out of this SARIF file: GitHub code scanning accepts 25000 results per run`));
    expect(kept).toBe(GITHUB_SARIF_LIMITS.resultsPerRun - RULES.length - 10_000);
  });

  test('beyond 10 MB gzipped, results are aggregated too, and the file stays under the limit', () => {
    // Messages that hardly compress (8,192 pseudo-random hex digits), 3,000 of them: about 12 MB of entropy, over 10 MB gzipped.
    const random = (i: number) => Array.from({ length: 64 }, (_, k) => createHash('sha512').update(`${i}:${k}`).digest('hex')).join('');
    const findings: Finding[] = [];
    for (let i = 0; i < 3_000; i++) findings.push(finding(i, 'AILZ-ST-001', 'error', random(i)));
    const text = formatFindings({ findings, unmatchedSuppressions: [] }, 'sarif', { sarifBase: ROOT, toolVersion: version });
    const log = expectValid(text);
    const aggregate = log.runs[0].results.find((r: any) => r.properties.omitted);
    expect(aggregate.properties.omitted).toBeGreaterThan(0);
    expect(gzipSync(Buffer.from(text)).length).toBeGreaterThan(8 * 1024 * 1024);
  });
});

describe('SARIF base and file URIs', () => {
  test('a single-file input is named by its real path; outside the base it is an absolute file URI', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ailz sarif '));
    const json = goldenJson();
    json.resource.azurerm_cognitive_account.oai.local_auth_enabled = true;
    const file = path.join(dir, 'my stack.tf.json');
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
    const inside = JSON.parse(runSarif([file], { sarifBase: dir })).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(inside).toEqual({ uri: 'my%20stack.tf.json', uriBaseId: '%SRCROOT%' });
    const outside = JSON.parse(runSarif([file], { sarifBase: ROOT })).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(outside).toEqual({ uri: `file://${dir.split(path.sep).map(encodeURIComponent).join('/')}/my%20stack.tf.json` });
  });

  test('a --sarif-base that is not a directory is a usage error', () => {
    const err: string[] = [];
    expect(runCheck({ dir: ROOT, format: 'sarif', sarifBase: path.join(ROOT, 'nope') }, { out: () => undefined, err: (s) => err.push(s) })).toBe(2);
    expect(err.join('')).toMatch(/--sarif-base .*nope: not a directory/);
  });

  test('notices (what was not evaluated) are tool execution notifications', () => {
    const json: any = goldenJson();
    json.module = { m: { source: './m' } };
    const file = path.join(tempDir(), 'workload-demo.tf.json');
    fs.writeFileSync(file, JSON.stringify(json));
    const log = expectValid(formatFindings(evaluate(loadStacks([file])), 'sarif', { toolVersion: version }));
    expect(log.runs[0].invocations[0].toolExecutionNotifications).toEqual([expect.objectContaining({ level: 'note', descriptor: { id: 'module-call' }, message: { text: expect.stringMatching(/module "m"/) } })]);
  });
});
