/**
 * `--as-of YYYY-MM-DD` on validate, synth and check: the date model lifecycle is judged on. It never
 * changes the Terraform output; a bad date is a usage error with nothing written.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ailz, readTree, REFERENCE_CONFIG, tempDir } from './helpers';
import { catalogAgeStderr, TEST_AS_OF } from '../as-of';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The reference config with wave 1's models (review F4): gpt-4o 2024-11-20 (legacy) and gpt-4o-mini Standard in westeurope (retired). */
function wave1Config(): string {
  const file = join(dir, 'wave1.yaml');
  writeFileSync(file, readFileSync(REFERENCE_CONFIG, 'utf8')
    .replace(/\{ name: chat, model: gpt-5\.5, version: "2026-04-24"/, '{ name: gpt-4o, model: gpt-4o, version: "2024-11-20"')
    .replace(/\{ name: research, model: gpt-5\.4, version: "2026-03-05", sku: DataZoneStandard/, '{ name: gpt-4o-mini, model: gpt-4o-mini, version: "2024-07-18", sku: Standard'));
  return file;
}

test.each([['validate'], ['synth'], ['check']])('%s: an invalid --as-of is a usage error (exit 2), no stack trace, nothing written', (command) => {
  const out = join(dir, `out-${command}`);
  const args = command === 'check' ? ['check', '--dir', REFERENCE_CONFIG] : [command, '--config', REFERENCE_CONFIG, ...(command === 'synth' ? ['--out', out] : [])];
  for (const bad of ['2026-02-30', '26-11-2026', 'today']) {
    const r = ailz([...args, '--as-of', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ailz: --as-of "${bad}": expected a date YYYY-MM-DD, e.g. 2026-11-26\n`);
    expect(r.stdout).toBe('');
  }
  expect(existsSync(out)).toBe(false);
});

test('validate: a retired model fails with its path, date and source; a legacy one is a warning; the stale catalog is said', () => {
  const r = ailz(['validate', '--config', wave1Config(), '--as-of', TEST_AS_OF]);
  // Exit code of an invalid config: cli/exit-codes.ts (the command restructuring settles 1 vs 2).
  expect(r.code).not.toBe(0);
  const lines = r.stderr.trim().split('\n');
  expect(lines[0]).toMatch(/^warning: .*wave1\.yaml: workloads\[0\]\.openai\.deployments\[0\]: gpt-4o 2024-11-20 is a legacy model/);
  expect(r.stderr).toContain(catalogAgeStderr());
  expect(lines).toContainEqual(expect.stringMatching(/wave1\.yaml: workloads\[1\]\.openai\.deployments\[0\]: gpt-4o-mini 2024-07-18 is retired for Standard deployments since 2026-03-31 \(Microsoft's model retirement table, ms\.date 2025-12-16\)/));
  expect(lines[lines.length - 1]).toBe('ailz: 1 problem in the config; nothing was written');
  // The day before its Standard retirement it was still only not offered in westeurope as Standard.
  const before = ailz(['validate', '--config', wave1Config(), '--as-of', '2026-01-15']);
  expect(before.stderr).toMatch(/gpt-4o-mini 2024-07-18 is not offered as Standard in westeurope/);
});

test('synth: the Terraform output does not depend on --as-of', () => {
  const a = ailz(['synth', '--config', REFERENCE_CONFIG, '--out', join(dir, 'a'), '--as-of', TEST_AS_OF]);
  const b = ailz(['synth', '--config', REFERENCE_CONFIG, '--out', join(dir, 'b'), '--as-of', '2027-08-10']);
  expect([a.code, b.code]).toEqual([0, 0]);
  // On 2027-08-10 both chat and research models retire within 90 days: warnings, not errors.
  expect(b.stderr).toMatch(/gpt-5\.4 2026-03-05 retires on 2027-09-02, in 23 days/);
  const stacks = (t: Record<string, string>) => Object.fromEntries(Object.entries(t).filter(([k]) => k.startsWith('stacks/')));
  expect(stacks(readTree(join(dir, 'b')))).toEqual(stacks(readTree(join(dir, 'a'))));
});

test('check: the guardrail judges the synthesized deployments on the as-of date (retired on D fails on D, passes on D-1)', () => {
  const out = join(dir, 'ref');
  expect(ailz(['synth', '--config', REFERENCE_CONFIG, '--out', out, '--as-of', TEST_AS_OF]).code).toBe(0);
  const dayBefore = ailz(['check', '--dir', out, '--as-of', '2027-10-25']);
  expect(dayBefore.code).toBe(1); // gpt-5.4 (research) retired 2027-09-02
  expect(dayBefore.stdout).toMatch(/^AILZ-OAI-013 workload-research\/azurerm_cognitive_deployment\.Ai_OpenAi_Deployment-research_\w+ gpt-5\.4 2026-03-05 is retired since 2027-09-02/m);
  expect(dayBefore.stdout).toMatch(/AILZ-OAI-013 workload-chat\/\S+ gpt-5\.5 2026-04-24 retires on 2027-10-26, in 1 day/);
  const onTheDay = ailz(['check', '--dir', out, '--as-of', '2027-10-26', '--format', 'json']);
  const errors = JSON.parse(onTheDay.stdout).findings.filter((f: any) => f.severity === 'error').map((f: any) => `${f.rule} ${f.stack}`);
  expect(errors).toEqual(['AILZ-OAI-013 workload-chat', 'AILZ-OAI-013 workload-research']);
  const clean = ailz(['check', '--dir', out, '--as-of', TEST_AS_OF]);
  // The report also names each stack's kind (`stack <name>: judged as ...`): only the findings matter here.
  const report = clean.stdout.split('\n').filter((l) => !l.startsWith('stack ')).join('\n');
  expect([clean.code, report, clean.stderr]).toEqual([0, '0 error(s), 0 warning(s), 0 suppressed\n', catalogAgeStderr()]);
});

test('AILZ_AS_OF is the default of --as-of (a pipeline pins its runs); --as-of wins; a bad value names the variable', () => {
  const file = wave1Config();
  expect(ailz(['validate', '--config', file], undefined, { AILZ_AS_OF: '2026-01-15' }).stderr).toMatch(/gpt-4o-mini 2024-07-18 is not offered as Standard in westeurope/);
  expect(ailz(['validate', '--config', file, '--as-of', TEST_AS_OF], undefined, { AILZ_AS_OF: '2026-01-15' }).stderr).toMatch(/gpt-4o-mini 2024-07-18 is retired for Standard deployments/);
  const bad = ailz(['validate', '--config', REFERENCE_CONFIG], undefined, { AILZ_AS_OF: 'yesterday' });
  expect([bad.code, bad.stderr]).toEqual([2, 'ailz: AILZ_AS_OF "yesterday": expected a date YYYY-MM-DD, e.g. 2026-11-26\n']);
});
