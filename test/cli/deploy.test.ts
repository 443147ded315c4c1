/**
 * `ailz plan` and `ailz apply` as a user runs them: the real command (bin/ailz.js) in a project with a synth
 * output of the reference config, the stand-in terraform (test/deploy/fake-terraform) first on PATH.
 * Exit codes per cli/exit-codes.ts: 0 planned/applied/waiting, 2 usage, 3 terraform unusable, 5 terraform failed.
 */
import { spawn } from 'child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ailz, ROOT } from './helpers';
import { project, steps, synthOutput } from '../deploy/helpers';
import type { Project } from '../deploy/helpers';

jest.setTimeout(120_000);

beforeAll(() => {
  synthOutput('local');
});

/** The environment of a run: the stand-in first on PATH, no CI and no GitHub Actions unless a test says so. */
const envOf = (p: Project, extra: Record<string, string> = {}) => ({ ...(p.env(extra) as Record<string, string>), CI: '', GITHUB_ACTIONS: '', ...extra });

describe('ailz plan', () => {
  it('plans in order, prints each command before terraform\'s own output, and reports the workloads as waiting (exit 0)', () => {
    const p = project();
    const r = ailz(['plan'], p.root, envOf(p));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = r.stdout.split('\n');
    const at = (s: string) => out.findIndex((l) => l.includes(s));
    expect(at('+ TF_DATA_DIR=../../../.ailz/terraform/governance/data terraform -chdir=cdktf.out/stacks/governance init -input=false'))
      .toBeLessThan(at('Terraform has been successfully initialized! (governance)'));
    expect(at('Terraform has been successfully initialized! (governance)')).toBeLessThan(at('ailz: [1/4] governance: terraform plan'));
    expect(out).toContain('ailz: [3/4] workload-chat: waiting: platform is not applied yet (no state file at terraform.platform.tfstate); its plan would not find data.azapi_resource.PlatformWorkspace (Log Analytics workspace log-contoso-platform-sdc), data.azapi_resource.GatewayIdentity (AI gateway apim-contoso-platform-d52pq); apply platform first');
    expect(out).toContain('ailz plan: 2 planned, 2 waiting (workload-chat, workload-research)');
    expect(existsSync(join(p.root, '.ailz', 'plans', 'platform.plan.json'))).toBe(true);
  });

  it('says "run ailz synth first" without a synth output, and never synthesizes (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ailz-empty-'));
    const p = project();
    const r = ailz(['plan', '--out', join(dir, 'cdktf.out')], p.root, envOf(p));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`ailz: no synth output at ${join(dir, 'cdktf.out')}: run \`ailz synth\` first (plan and apply never synthesize)\n`);
    expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
    expect(p.calls()).toEqual([]);
  });

  it('rejects an unknown stack, naming the stacks there are, and a terraform argument before -- (exit 2)', () => {
    const p = project();
    const unknown = ailz(['plan', '--stack', 'workload-nope'], p.root, envOf(p));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('ailz: --stack workload-nope: no such stack in cdktf.out (stacks: governance, platform, workload-chat, workload-research)\n');
    const stray = ailz(['plan', 'governance'], p.root, envOf(p));
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain('unexpected argument "governance": terraform arguments go after --');
    const refused = ailz(['plan', '--', '-out=x.tfplan'], p.root, envOf(p));
    expect(refused.code).toBe(2);
    expect(p.calls()).toEqual([]);
  });

  it('passes the arguments after -- to terraform plan', () => {
    const p = project();
    const r = ailz(['plan', '--stack', 'governance', '--', '-lock=false', '-parallelism=4'], p.root, envOf(p));
    expect(r.code).toBe(0);
    const plan = p.calls().find((c) => c.argv.includes('plan'))!;
    expect(plan.argv.slice(-2)).toEqual(['-lock=false', '-parallelism=4']);
  });

  it('exits 5 when terraform fails, naming the command, the stack and terraform\'s exit code; later stacks are not run', () => {
    const p = project();
    const r = ailz(['plan'], p.root, envOf(p, { FAKE_TF_FAIL: 'plan:platform', FAKE_TF_FAIL_CODE: '7' }));
    expect(r.code).toBe(5);
    expect(r.stderr).toContain('ailz: terraform plan failed for stack platform (exit 7)\n');
    expect(r.stdout).toContain('ailz plan: 1 planned, 1 failed (platform), 2 not run (workload-chat, workload-research)');
    expect(steps(p.calls()).filter((s) => s.includes('workload'))).toEqual([]);
  });

  it('names the plan-time lookup that may have failed when a workload\'s plan fails (exit 5, one line)', () => {
    const p = project();
    p.applied('platform');
    const r = ailz(['plan', '--stack', 'workload-chat'], p.root, envOf(p, { FAKE_TF_FAIL: 'plan:workload-chat' }));
    expect(r.code).toBe(5);
    // Terraform's own error output comes first (inherited); ailz's is its one last line.
    expect(r.stderr.split('\n').filter((l) => l.startsWith('ailz:'))).toEqual(['ailz: terraform plan failed for stack workload-chat (exit 1): if terraform reported "not found" for '
      + 'data.azapi_resource.PlatformWorkspace (Log Analytics workspace log-contoso-platform-sdc, created by platform) or '
      + 'data.azapi_resource.GatewayIdentity (AI gateway apim-contoso-platform-d52pq, created by platform), '
      + 'that stack\'s apply did not complete: apply it again first']);
    expect(r.stderr.endsWith('apply it again first\n')).toBe(true);
  });

  it('says which predecessor\'s state it was reading when that init fails (azurerm backend, exit 5)', () => {
    const p = project('remote');
    const r = ailz(['plan', '--stack', 'workload-chat'], p.root, envOf(p, { FAKE_TF_FAIL: 'init:platform', FAKE_TF_FAIL_CODE: '3' }));
    expect(r.code).toBe(5);
    expect(r.stdout).toContain('ailz: [1/1] workload-chat: reading the state of platform through its azurerm backend');
    expect(r.stderr.split('\n').filter((l) => l.startsWith('ailz:'))).toEqual([
      'ailz: terraform init failed for stack workload-chat (exit 3): while reading the state of platform (its init, in its own data directory)',
    ]);
    expect(steps(p.calls())).toEqual(['version', 'init platform']);
  });

  it('exits 3 when terraform is not on PATH, or --terraform is not executable', () => {
    const p = project();
    const empty = mkdtempSync(join(tmpdir(), 'ailz-nopath-'));
    const missing = ailz(['plan'], p.root, { ...envOf(p), PATH: empty });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toBe('ailz: terraform not found on PATH: install Terraform 1.8.0 or later (it is not an ailz dependency), or pass --terraform PATH\n');
    writeFileSync(join(p.root, 'tf'), '#!/bin/sh\n');
    chmodSync(join(p.root, 'tf'), 0o644);
    const plain = ailz(['plan', '--terraform', './tf'], p.root, envOf(p));
    expect(plain.code).toBe(3);
    expect(plain.stderr).toMatch(/^ailz: --terraform \.\/tf: not executable/);
    const old = ailz(['plan'], p.root, envOf(p, { FAKE_TF_VERSION: '1.6.6' }));
    expect(old.code).toBe(3);
    expect(old.stderr).toMatch(/^ailz: terraform 1\.6\.6 \(.*\) is older than 1\.8\.0, which the stacks require/);
  });

  it('runs the terraform given by --terraform, printed as given', () => {
    const p = project();
    const r = ailz(['plan', '--stack', 'governance', '--terraform', join(ROOT, 'test', 'deploy', 'fake-terraform', 'terraform')], p.root, { ...envOf(p), PATH: process.env.PATH ?? '' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`+ TF_DATA_DIR=../../../.ailz/terraform/governance/data ${join(ROOT, 'test', 'deploy', 'fake-terraform', 'terraform')} -chdir=cdktf.out/stacks/governance init -input=false`);
  });

  it('groups each stack in the GitHub Actions log', () => {
    const p = project();
    const r = ailz(['plan', '--stack', 'governance'], p.root, envOf(p, { GITHUB_ACTIONS: 'true' }));
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::'))).toEqual(['::group::governance: plan', '::endgroup::']);
  });
});

describe('ailz apply', () => {
  it('applies every stack in order (exit 0), with -auto-approve when there is no terminal', () => {
    const p = project();
    const r = ailz(['apply', '--', '-auto-approve'], p.root, envOf(p));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ailz apply: 4 applied');
    expect(steps(p.calls()).filter((s) => s.startsWith('apply'))).toEqual(['apply governance', 'apply platform', 'apply workload-chat', 'apply workload-research']);
  });

  it('refuses to run without a terminal and without -auto-approve (exit 2), and local state in CI unless allowed', () => {
    const p = project();
    const noApproval = ailz(['apply'], p.root, envOf(p));
    expect(noApproval.code).toBe(2);
    expect(noApproval.stderr).toContain('pass `-- -auto-approve`');
    const ci = ailz(['apply', '--', '-auto-approve'], p.root, envOf(p, { CI: 'true' }));
    expect(ci.code).toBe(2);
    expect(ci.stderr).toContain('keep state locally, and CI is set');
    expect(p.calls()).toEqual([]);
    const allowed = ailz(['apply', '--stack', 'governance', '--allow-local-state', '--', '-auto-approve'], p.root, envOf(p, { CI: 'true' }));
    expect(allowed.code).toBe(0);
    // plan has no such flag: it never writes state.
    expect(ailz(['plan', '--allow-local-state'], p.root, envOf(p)).code).toBe(2);
  });

  it('passes SIGTERM on to terraform once, starts no further stack, and ends by the signal', async () => {
    const p = project();
    p.applied('governance');
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'ailz.js'), 'apply', '--stack', 'platform', '--stack', 'workload-chat', '--', '-auto-approve'], {
      cwd: p.root, env: { ...process.env, ...envOf(p, { FAKE_TF_HANG: 'apply:platform' }), LANDING_ZONE_CONFIG: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    for (let i = 0; i < 400 && !p.calls().some((c) => (c as { hanging?: boolean }).hanging); i++) await new Promise((r) => setTimeout(r, 25));
    child.kill('SIGTERM');
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => child.on('close', (c, s) => r([c, s])));
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    expect(p.calls().filter((c) => c.signal)).toEqual([expect.objectContaining({ signal: 'SIGTERM', stack: 'platform' })]);
    expect(stdout).toMatch(/ailz: SIGTERM received: passed to terraform \(pid \d+\)/);
    expect(stdout).toContain('ailz apply: 0 applied, 1 failed (platform), 1 not run (workload-chat); interrupted by SIGTERM');
    expect(stderr).toBe('ailz: apply interrupted by SIGTERM: terraform apply failed for stack platform (exit 1); no further stack was started\n');
    expect(steps(p.calls()).some((s) => s.endsWith('workload-chat'))).toBe(false);
  });
});
