/**
 * The exit-code contract (cli/exit-codes.ts, README "Exit codes"), pinned through the real command
 * for every command and every failure class that applies to it: a CI script must be able to tell a
 * broken config (2) from a security finding (1) from a broken runner (3).
 */
import { spawnSync } from 'child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { EXIT } from '../../cli/exit-codes';
import { ailz, ailzUnprivileged, REFERENCE_CONFIG, ROOT, RunResult, sharedTempDir, tempDir } from './helpers';
import { goldenJson } from '../guardrails/fixtures';
import { project } from '../deploy/helpers';

const reference = readFileSync(REFERENCE_CONFIG, 'utf8');

/** A config with one change of the reference. */
function configFile(edit: (text: string) => string = (t) => t): string {
  const file = join(sharedTempDir(), 'lz.yaml');
  writeFileSync(file, edit(reference));
  return file;
}

/** The reference config with the production workload's delete protection off: AILZ-PRD-006, a warning. */
const warningConfig = () => configFile((t) => t.replace('    machineLearning: false\n', '    machineLearning: false\n    deleteLock: false\n'));
const invalidConfig = () => configFile((t) => t.replace('prefix: contoso', 'prefix: Contoso'));
const unreadableConfig = () => {
  const file = configFile();
  chmodSync(file, 0o000);
  return file;
};
const danglingConfig = () => {
  const file = join(tempDir(), 'lz.yaml');
  symlinkSync(join(tempDir(), 'gone.yaml'), file);
  return file;
};

const aliasBomb = () => {
  const file = join(tempDir(), 'bomb.yaml');
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(9).fill(i === 1 ? '*a' : `*l${i - 1}`).join(',')}]`);
  writeFileSync(file, `${levels.join('\n')}\n`); // 9^9 strings once expanded, from 700 bytes
  return file;
};
const hugeConfig = () => {
  const file = join(tempDir(), 'huge.yaml');
  writeFileSync(file, `${reference}${'#'.repeat(1024 * 1024)}\n`);
  return file;
};
const deepConfig = () => {
  const file = join(tempDir(), 'deep.yaml');
  writeFileSync(file, `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
  return file;
};

/** A Terraform JSON directory with the given stack document. */
function terraformDir(json: unknown = goldenJson()): string {
  const dir = sharedTempDir();
  mkdirSync(join(dir, 'stacks', 'workload-demo'), { recursive: true });
  writeFileSync(join(dir, 'stacks', 'workload-demo', 'cdk.tf.json'), JSON.stringify(json));
  return dir;
}
const withError = () => {
  const json = goldenJson();
  json.resource.azurerm_cognitive_account.oai.local_auth_enabled = true;
  return terraformDir(json);
};
const unreadableDir = () => {
  const dir = terraformDir();
  chmodSync(join(dir, 'stacks', 'workload-demo', 'cdk.tf.json'), 0o000);
  return dir;
};
const notTerraform = () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'notes.tf.json'), 'this is not JSON');
  return join(dir, 'notes.tf.json');
};
const out = () => join(sharedTempDir(), 'out');

/**
 * `ailz plan` / `ailz apply` in a project holding a synth output of the reference config (local state), the
 * stand-in terraform (test/deploy/fake-terraform) first on PATH, neither CI nor GitHub Actions set.
 */
function deployRun(args: string[], extra: Record<string, string> = {}, dir?: (root: string) => void): RunResult {
  const p = project();
  dir?.(p.root);
  return ailz(args, p.root, { ...(p.env() as Record<string, string>), CI: '', GITHUB_ACTIONS: '', ...extra });
}

// diff and review-plan
const PLANS = join(ROOT, 'test', 'fixtures', 'plans');
/** A plan with nothing to do, written by hand in Terraform's plan JSON format 1.2. */
const emptyPlan = () => {
  const file = join(sharedTempDir(), 'empty.plan.json');
  writeFileSync(file, JSON.stringify({ format_version: '1.2', terraform_version: '1.11.4', planned_values: { root_module: {} }, resource_changes: [], configuration: { root_module: {} } }));
  return file;
};
const unreadablePlan = () => {
  const file = join(tempDir(), 'destroyed-vault.plan.json');
  copyFileSync(join(PLANS, 'destroyed-vault.plan.json'), file);
  chmodSync(file, 0o000);
  return file;
};
/** A synth output whose stack file is not JSON. */
const brokenOutput = () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'stacks', 'workload-demo'), { recursive: true });
  writeFileSync(join(dir, 'stacks', 'workload-demo', 'cdk.tf.json'), 'this is not JSON');
  return dir;
};
/** A git repository with the reference config committed. */
const gitRepo = () => {
  const dir = tempDir();
  copyFileSync(REFERENCE_CONFIG, join(dir, 'landing-zone.yaml'));
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  for (const args of [['init', '-q'], ['add', 'landing-zone.yaml'], ['commit', '-qm', 'base']]) {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(r.stderr);
  }
  return dir;
};
/** A directory holding a `git` that fails as git does on a corrupt repository (exit 128). */
const failingGit = () => {
  const dir = tempDir();
  writeFileSync(join(dir, 'git'), '#!/bin/sh\necho "fatal: unable to read tree 0123abcd" >&2\nexit 128\n', { mode: 0o755 });
  return dir;
};

/** [command, failure class, run, expected exit code, expected in stdout or stderr] */
type Case = [command: string, failure: string, run: () => RunResult, code: number, output?: RegExp];


const cases: Case[] = [
  // synth
  ['synth', 'ok', () => ailz(['synth', '-c', REFERENCE_CONFIG, '-o', out()]), EXIT.OK],
  ['synth', 'a warning, default --fail-on error', () => ailz(['synth', '-c', warningConfig(), '-o', out()]), EXIT.OK, /warning: AILZ-PRD-006/],
  ['synth', 'a warning with --fail-on warning', () => ailz(['synth', '-c', warningConfig(), '-o', out(), '--fail-on', 'warning']), EXIT.FINDINGS, /1 guardrail finding \(--fail-on warning\)/],
  ['synth', 'unknown flag', () => ailz(['synth', '--bogus']), EXIT.USAGE, /unknown option '--bogus'/],
  ['synth', 'bad --fail-on value', () => ailz(['synth', '--fail-on', 'none']), EXIT.USAGE, /--fail-on <severity>' argument 'none' is invalid/],
  ['synth', 'invalid config', () => ailz(['synth', '-c', invalidConfig(), '-o', out()]), EXIT.USAGE, /organization\.prefix: must match/],
  ['synth', 'missing config', () => ailz(['synth', '-c', '/nonexistent/lz.yaml', '-o', out()]), EXIT.USAGE, /\/nonexistent\/lz\.yaml: \(root\): file not found/],
  ['synth', 'dangling symlink as config', () => ailz(['synth', '-c', danglingConfig(), '-o', out()]), EXIT.USAGE, /lz\.yaml: \(root\): is a dangling symbolic link \(to .*gone\.yaml, which does not exist\)/],
  ['synth', 'a YAML alias bomb', () => ailz(['synth', '-c', aliasBomb(), '-o', out()]), EXIT.USAGE, /bomb\.yaml: \(root\): YAML aliases expand too far/],
  ['synth', 'a config over the size cap', () => ailz(['synth', '-c', hugeConfig(), '-o', out()]), EXIT.USAGE, /huge\.yaml: \(root\): is larger than 1 MiB, the limit for a config file/],
  ['synth', 'an endless config (/dev/zero)', () => ailz(['synth', '-c', '/dev/zero', '-o', out()]), EXIT.USAGE, /\/dev\/zero: \(root\): is larger than 1 MiB/],
  ['synth', 'a config nested too deeply', () => ailz(['synth', '-c', deepConfig(), '-o', out()]), EXIT.USAGE, /deep\.yaml: line 1, column \d+: YAML syntax error: nested too deeply/],
  ['synth', 'a directory as config', () => ailz(['synth', '-c', tempDir(), '-o', out()]), EXIT.USAGE, /\(root\): is a directory, not a config file/],
  ['synth', 'unreadable config (permission denied)', () => ailzUnprivileged(['synth', '-c', unreadableConfig(), '-o', out()]), EXIT.ENVIRONMENT, /lz\.yaml: \(root\): cannot read the file: permission denied \(EACCES\)/],
  // validate
  ['validate', 'ok', () => ailz(['validate', '-c', REFERENCE_CONFIG]), EXIT.OK],
  ['validate', 'unknown flag', () => ailz(['validate', '--out', 'x']), EXIT.USAGE, /unknown option '--out'/],
  ['validate', 'invalid config', () => ailz(['validate', '-c', invalidConfig()]), EXIT.USAGE, /organization\.prefix: must match/],
  ['validate', 'missing config', () => ailz(['validate', '-c', '/nonexistent/lz.yaml']), EXIT.USAGE, /file not found/],
  ['validate', 'unreadable config (permission denied)', () => ailzUnprivileged(['validate', '-c', unreadableConfig()]), EXIT.ENVIRONMENT, /permission denied \(EACCES\)/],
  // schema
  ['schema', 'ok', () => ailz(['schema']), EXIT.OK],
  ['schema', 'unexpected argument', () => ailz(['schema', 'extra']), EXIT.USAGE, /too many arguments/],
  // check
  ['check', 'ok', () => ailz(['check', '--dir', terraformDir()]), EXIT.OK],
  ['check', 'an error finding', () => ailz(['check', '--dir', withError()]), EXIT.FINDINGS, /AILZ-OAI-002/],
  ['check', 'an error finding with --fail-on none', () => ailz(['check', '--dir', withError(), '--fail-on', 'none']), EXIT.OK],
  ['check', 'missing --dir', () => ailz(['check']), EXIT.USAGE, /nothing to check: give --dir PATH/],
  ['check', 'bad --fail-on value', () => ailz(['check', '--dir', terraformDir(), '--fail-on', 'critical']), EXIT.USAGE, /argument 'critical' is invalid/],
  ['check', 'bad --format', () => ailz(['check', '--dir', terraformDir(), '--format', 'yaml']), EXIT.USAGE, /unknown --format "yaml"/],
  ['check', 'missing input', () => ailz(['check', '--dir', '/nonexistent/out']), EXIT.USAGE, /no such file or directory/],
  ['check', 'non-Terraform input', () => ailz(['check', '--dir', notTerraform()]), EXIT.USAGE, /notes\.tf\.json/],
  ['check', 'invalid --config', () => ailz(['check', '--dir', terraformDir(), '--config', invalidConfig()]), EXIT.USAGE, /organization\.prefix/],
  ['check', 'unreadable --config (permission denied)', () => ailzUnprivileged(['check', '--dir', terraformDir(), '--config', unreadableConfig()]), EXIT.ENVIRONMENT, /permission denied/],
  // diff
  ['diff', 'ok (no change)', () => { const d = terraformDir(); return ailz(['diff', d, d]); }, EXIT.OK],
  ['diff', 'the change introduces an error finding', () => ailz(['diff', terraformDir(), withError()]), EXIT.FINDINGS, /AILZ-OAI-002/],
  ['diff', 'an introduced error finding with --fail-on none', () => ailz(['diff', terraformDir(), withError(), '--fail-on', 'none']), EXIT.OK],
  ['diff', 'one directory', () => ailz(['diff', terraformDir()]), EXIT.USAGE, /give two synth output directories \(BASE_DIR HEAD_DIR\), or --base-ref REF/],
  ['diff', 'bad --fail-on value', () => ailz(['diff', terraformDir(), terraformDir(), '--fail-on', 'critical']), EXIT.USAGE, /argument 'critical' is invalid/],
  ['diff', 'bad --format', () => ailz(['diff', terraformDir(), terraformDir(), '--format', 'sarif']), EXIT.USAGE, /unknown --format "sarif"/],
  ['diff', 'missing input', () => ailz(['diff', '/nonexistent/out', terraformDir()]), EXIT.USAGE, /\/nonexistent\/out: no such file or directory/],
  ['diff', 'non-Terraform input', () => ailz(['diff', terraformDir(), brokenOutput()]), EXIT.USAGE, /cdk\.tf\.json/],
  ['diff', 'invalid --config', () => ailz(['diff', terraformDir(), terraformDir(), '--config', invalidConfig()]), EXIT.USAGE, /organization\.prefix/],
  ['diff', 'unreadable --config (permission denied)', () => ailzUnprivileged(['diff', terraformDir(), terraformDir(), '--config', unreadableConfig()]), EXIT.ENVIRONMENT, /permission denied/],
  ['diff', 'unreadable input (permission denied)', () => ailzUnprivileged(['diff', terraformDir(), unreadableDir()]), EXIT.ENVIRONMENT, /cdk\.tf\.json: cannot be read \(EACCES\)/],
  ['diff', 'an unknown --base-ref revision', () => ailz(['diff', '--base-ref', 'no-such-branch'], gitRepo()), EXIT.USAGE, /--base-ref: fatal: .*no-such-branch/],
  ['diff', '--base-ref without git', () => ailz(['diff', '--base-ref', 'HEAD'], gitRepo(), { PATH: '/nonexistent' }), EXIT.ENVIRONMENT, /git is not installed or not on PATH/],
  ['diff', '--base-ref when git fails', () => ailz(['diff', '--base-ref', 'HEAD'], gitRepo(), { PATH: failingGit() }), EXIT.EXTERNAL, /git show failed \(exit 128\): fatal: unable to read tree/],
  // review-plan
  ['review-plan', 'ok (nothing to do)', () => ailz(['review-plan', emptyPlan()]), EXIT.OK],
  ['review-plan', 'a destroyed Key Vault', () => ailz(['review-plan', join(PLANS, 'destroyed-vault.plan.json')]), EXIT.FINDINGS, /AILZ-REV-001/],
  ['review-plan', 'a destroyed Key Vault with --fail-on none', () => ailz(['review-plan', join(PLANS, 'destroyed-vault.plan.json'), '--fail-on', 'none']), EXIT.OK],
  ['review-plan', 'missing argument', () => ailz(['review-plan']), EXIT.USAGE, /missing required argument 'plan'/],
  ['review-plan', 'bad --fail-on value', () => ailz(['review-plan', emptyPlan(), '--fail-on', 'critical']), EXIT.USAGE, /argument 'critical' is invalid/],
  ['review-plan', 'bad --format', () => ailz(['review-plan', emptyPlan(), '--format', 'html']), EXIT.USAGE, /unknown --format "html"/],
  ['review-plan', 'bad --stack-kind', () => ailz(['review-plan', emptyPlan(), '--stack-kind', 'hub']), EXIT.USAGE, /unknown --stack-kind "hub"/],
  ['review-plan', 'missing plan', () => ailz(['review-plan', '/nonexistent/plan.json']), EXIT.USAGE, /cannot read \/nonexistent\/plan\.json: no such file or directory/],
  ['review-plan', 'not a plan (Terraform JSON)', () => ailz(['review-plan', join(PLANS, 'workload-chat.e3fe400.cdk.tf.json')]), EXIT.USAGE, /no format_version: this is not Terraform's plan JSON/],
  ['review-plan', 'plan format 2.0', () => ailz(['review-plan', join(PLANS, 'unsupported-format.plan.json')]), EXIT.USAGE, /format_version "2\.0" is not supported/],
  ['review-plan', 'an endless plan (/dev/zero)', () => ailz(['review-plan', '/dev/zero']), EXIT.USAGE, /cannot read \/dev\/zero: not a regular file/],
  ['review-plan', 'invalid --config', () => ailz(['review-plan', emptyPlan(), '--config', invalidConfig()]), EXIT.USAGE, /organization\.prefix/],
  ['review-plan', 'missing --governance', () => ailz(['review-plan', emptyPlan(), '--governance', '/nonexistent/out']), EXIT.USAGE, /\/nonexistent\/out: no such file or directory/],
  ['review-plan', 'unreadable plan (permission denied)', () => ailzUnprivileged(['review-plan', unreadablePlan()]), EXIT.ENVIRONMENT, /cannot read .*destroyed-vault\.plan\.json: permission denied \(EACCES\)/],
  // rules
  ['rules', 'ok', () => ailz(['rules']), EXIT.OK],
  ['rules', 'bad --format', () => ailz(['rules', '--format', 'sarif']), EXIT.USAGE, /unknown --format "sarif"/],
  ['rules', 'unknown flag', () => ailz(['rules', '--bogus']), EXIT.USAGE, /unknown option/],
  // plan and apply
  ['plan', 'ok: two stacks planned, the workloads waiting for platform', () => deployRun(['plan']), EXIT.OK, /ailz plan: 2 planned, 2 waiting/],
  ['plan', 'no synth output', () => deployRun(['plan', '--out', 'nowhere']), EXIT.USAGE, /no synth output at nowhere: run `ailz synth` first/],
  ['plan', 'unknown --stack', () => deployRun(['plan', '--stack', 'workload-nope']), EXIT.USAGE, /--stack workload-nope: no such stack/],
  ['plan', 'a terraform flag before --', () => deployRun(['plan', '-lock=false']), EXIT.USAGE, /unknown option '-lock=false'/],
  ['plan', 'a word before --', () => deployRun(['plan', 'governance']), EXIT.USAGE, /unexpected argument "governance": terraform arguments go after --/],
  ['plan', 'terraform not on PATH', () => deployRun(['plan'], { PATH: tempDir() }), EXIT.ENVIRONMENT, /terraform not found on PATH/],
  ['plan', 'terraform fails', () => deployRun(['plan'], { FAKE_TF_FAIL: 'plan:platform', FAKE_TF_FAIL_CODE: '7' }), EXIT.EXTERNAL, /ailz: terraform plan failed for stack platform \(exit 7\)/],
  ['plan', 'terraform init fails', () => deployRun(['plan'], { FAKE_TF_FAIL: 'init:governance' }), EXIT.EXTERNAL, /ailz: terraform init failed for stack governance \(exit 1\)/],
  ['apply', 'ok: every stack applied in order', () => deployRun(['apply', '--', '-auto-approve']), EXIT.OK, /ailz apply: 4 applied/],
  ['apply', 'no terminal and no -auto-approve', () => deployRun(['apply']), EXIT.USAGE, /pass `-- -auto-approve`/],
  ['apply', 'local state in CI', () => deployRun(['apply', '--', '-auto-approve'], { CI: 'true' }), EXIT.USAGE, /keep state locally, and CI is set/],
  ['apply', 'terraform fails', () => deployRun(['apply', '--', '-auto-approve'], { FAKE_TF_FAIL: 'apply:governance' }), EXIT.EXTERNAL, /ailz: terraform apply failed for stack governance \(exit 1\)/],
  // the program itself
  ['(none)', 'unknown command', () => ailz(['frobnicate']), EXIT.USAGE, /unknown command 'frobnicate'/],
  ['(none)', '--help', () => ailz(['--help']), EXIT.OK],
  ['(none)', '--version', () => ailz(['--version']), EXIT.OK],
  ['check', 'unreadable input (permission denied)', () => ailzUnprivileged(['check', '--dir', unreadableDir()]), EXIT.ENVIRONMENT, /^ailz check: \/.*\/cdk\.tf\.json: cannot be read \(EACCES\)$/m],
];

describe('exit codes', () => {
  // Each row as [command, failure, row]: jest passes a `done` callback for rows shorter than the function.
  it.each(cases.map((c) => [c[0], c[1], c] as const))('%s: %s', (_command, _failure, [, , run, code, output]) => {
    const r = run();
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code, stderr: expect.anything() });
    if (output) expect(`${r.stdout}${r.stderr}`).toMatch(output);
    // never a stack trace, never "internal error", for anything the user or the machine caused
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

});
