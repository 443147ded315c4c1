/**
 * The deploy runner (deploy/) against real synth outputs of the reference config and a stand-in terraform
 * that records every call (test/deploy/fake-terraform/terraform): order, waiting, stopping at the first
 * failure, the exact commands, the files kept outside the output, signals.
 */
import { EventEmitter } from 'events';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync, cpSync } from 'fs';
import { join } from 'path';
import { project, run, steps, synthOutput } from './helpers';

jest.setTimeout(120_000);

const STACKS = ['governance', 'platform', 'workload-chat', 'workload-research'];

beforeAll(() => {
  synthOutput('local');
});

describe('ailz plan (runner)', () => {
  it('plans governance and platform of a new landing zone and reports the workloads as waiting for platform, without running terraform in them', async () => {
    const p = project();
    const { result, lines, error } = await run(p, 'plan');
    expect(error).toBeUndefined();
    expect(result!.stacks.map((s) => [s.stack, s.status])).toEqual([
      ['governance', 'planned'], ['platform', 'planned'], ['workload-chat', 'waiting'], ['workload-research', 'waiting'],
    ]);
    expect(result!.failed).toBeUndefined();
    expect(steps(p.calls())).toEqual([
      'version',
      'init governance', 'plan governance', 'show governance',
      'init platform', 'plan platform', 'show platform',
    ]);
    const chat = result!.stacks[2];
    expect(chat.detail).toBe('waiting: platform is not applied yet (no state file at terraform.platform.tfstate); its plan would not find '
      + 'data.azapi_resource.PlatformWorkspace (Log Analytics workspace log-contoso-platform-sdc), data.azapi_resource.GatewayIdentity (AI gateway apim-contoso-platform-d52pq); apply platform first');
    expect(lines).toContain(`ailz: [3/4] workload-chat: ${chat.detail}`);
    expect(lines[lines.length - 1]).toBe('ailz plan: 2 planned, 2 waiting (workload-chat, workload-research)');
  });

  it('prints each terraform command exactly as it runs: -chdir, TF_DATA_DIR and -out relative to the stack directory, -input=false without a terminal', async () => {
    const p = project();
    const { lines } = await run(p, 'plan', { stacks: ['governance'] });
    expect(lines[0]).toBe('ailz plan: 1 stack of cdktf.out in apply order: governance');
    expect(lines[2]).toMatch(/^ailz: terraform 1\.11\.4 \(.*fake-terraform\/terraform\)$/);
    const printed = lines.filter((l) => l.startsWith('+ '));
    expect(printed).toEqual([
      '+ terraform version -json',
      '+ TF_DATA_DIR=../../../.ailz/terraform/governance/data terraform -chdir=cdktf.out/stacks/governance init -input=false',
      '+ TF_DATA_DIR=../../../.ailz/terraform/governance/data terraform -chdir=cdktf.out/stacks/governance plan -input=false -out=../../../.ailz/plans/governance.tfplan',
      '+ TF_DATA_DIR=../../../.ailz/terraform/governance/data terraform -chdir=cdktf.out/stacks/governance show -json ../../../.ailz/plans/governance.tfplan > .ailz/plans/governance.plan.json',
    ]);
    // What ran is what was printed: argv and the environment, as the stand-in recorded them.
    const plan = p.calls().find((c) => c.argv.includes('plan'))!;
    expect(plan.argv).toEqual(['-chdir=cdktf.out/stacks/governance', 'plan', '-input=false', '-out=../../../.ailz/plans/governance.tfplan']);
    expect(plan.env.TF_DATA_DIR).toBe('../../../.ailz/terraform/governance/data');
    expect(plan.cwd).toBe(join(p.root, 'cdktf.out', 'stacks', 'governance'));
  });

  it('keeps the plan, its JSON (owner-only) and the data directory beside the output, where a synth cannot delete them', async () => {
    const p = project();
    const { result, lines } = await run(p, 'plan', { stacks: ['governance'] });
    const planFile = join(p.root, '.ailz', 'plans', 'governance.tfplan');
    const planJson = join(p.root, '.ailz', 'plans', 'governance.plan.json');
    expect(result!.stacks[0]).toMatchObject({ status: 'planned', planFile, planJson });
    expect(readFileSync(planFile, 'utf8')).toBe('fake plan of governance\n');
    expect(JSON.parse(readFileSync(planJson, 'utf8')).fake_stack).toBe('governance');
    expect(statSync(planJson).mode & 0o777).toBe(0o600);
    expect(statSync(planFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(p.root, '.ailz', 'plans')).mode & 0o777).toBe(0o700);
    expect(existsSync(join(p.root, '.ailz', 'terraform', 'governance', 'data', 'fake-init'))).toBe(true);
    expect(existsSync(join(p.root, 'cdktf.out', 'stacks', 'governance', '.terraform'))).toBe(false);
    // The stand-in plans 2 creates, 1 update and 1 replacement: Terraform counts the replacement as an add and a destroy.
    expect(lines).toContain('ailz: [1/1] governance: planned: 3 to add, 1 to change, 1 to destroy (plan .ailz/plans/governance.tfplan, JSON .ailz/plans/governance.plan.json)');
  });

  it('plans a workload once platform is applied, and a vended workload only once governance is applied too', async () => {
    const p = project();
    p.applied('platform');
    const first = await run(p, 'plan', { stacks: ['workload-research', 'workload-chat'] });
    expect(first.result!.stacks.map((s) => [s.stack, s.status])).toEqual([['workload-chat', 'planned'], ['workload-research', 'waiting']]);
    expect(first.result!.stacks[1].detail).toContain('governance is not applied yet');
    expect(first.result!.stacks[1].detail).toContain('data.azapi_resource.VendedSubscription (subscription alias sub-contoso-research)');
    p.applied('governance');
    const second = await run(p, 'plan', { stacks: ['workload-research'] });
    expect(second.result!.stacks.map((s) => s.status)).toEqual(['planned']);
  });

  it('plans platform even while governance is not applied (platform looks nothing up), but apply waits for every dependency', async () => {
    const p = project();
    const plan = await run(p, 'plan', { stacks: ['platform'] });
    expect(plan.result!.stacks[0].status).toBe('planned');
    const apply = await run(p, 'apply', { stacks: ['platform'] });
    expect(apply.result!.stacks[0]).toMatchObject({ status: 'waiting' });
    expect(apply.result!.stacks[0].detail).toBe('waiting: governance is not applied yet (no state file at terraform.governance.tfstate); apply governance first');
    expect(steps(p.calls()).filter((s) => s.startsWith('apply'))).toEqual([]);
  });

  it('stops at the first failure and runs nothing after it', async () => {
    const p = project();
    p.applied('platform');
    const { result, lines } = await run(p, 'plan', { env: { FAKE_TF_FAIL: 'plan:workload-chat', FAKE_TF_FAIL_CODE: '3' } });
    expect(result!.stacks.map((s) => [s.stack, s.status])).toEqual([
      ['governance', 'planned'], ['platform', 'planned'], ['workload-chat', 'failed'], ['workload-research', 'not-run'],
    ]);
    expect(result!.failed).toMatchObject({ stack: 'workload-chat', failedCommand: 'terraform plan', exitCode: 3 });
    expect(steps(p.calls()).some((s) => s.endsWith('workload-research'))).toBe(false);
    expect(result!.stacks[3].detail).toBe('not run: workload-chat failed');
    expect(lines[lines.length - 1]).toBe('ailz plan: 2 planned, 1 failed (workload-chat), 1 not run (workload-research)');
    expect(existsSync(join(p.root, '.ailz', 'plans', 'workload-chat.tfplan'))).toBe(false);
  });

  it('names the plan-time lookups when a workload fails after its predecessor was half applied', async () => {
    const p = project();
    p.applied('platform');
    const { result } = await run(p, 'plan', { stacks: ['workload-chat'], env: { FAKE_TF_NOT_FOUND: 'workload-chat' } });
    expect(result!.failed!.detail).toBe('failed: terraform plan (exit 1); if terraform reported "not found" for data.azapi_resource.PlatformWorkspace '
      + '(Log Analytics workspace log-contoso-platform-sdc, created by platform) or data.azapi_resource.GatewayIdentity (AI gateway apim-contoso-platform-d52pq, created by platform), that stack\'s apply did not complete: apply it again first');
  });

  it('removes a stack\'s previous plan before planning it again, so a failed plan leaves no stale one', async () => {
    const p = project();
    await run(p, 'plan', { stacks: ['governance'] });
    expect(existsSync(join(p.root, '.ailz', 'plans', 'governance.tfplan'))).toBe(true);
    const again = await run(p, 'plan', { stacks: ['governance'], env: { FAKE_TF_FAIL: 'plan:governance' } });
    expect(again.result!.failed!.stack).toBe('governance');
    expect(existsSync(join(p.root, '.ailz', 'plans', 'governance.tfplan'))).toBe(false);
    expect(existsSync(join(p.root, '.ailz', 'plans', 'governance.plan.json'))).toBe(false);
  });

  it('passes the arguments after -- to plan only, after its own; refuses -out and -chdir', async () => {
    const p = project();
    await run(p, 'plan', { stacks: ['governance'], args: ['-lock-timeout=5m', '-parallelism=4'] });
    const byStep = Object.fromEntries(p.calls().map((c) => [steps([c])[0], c.argv]));
    expect(byStep['plan governance'].slice(-2)).toEqual(['-lock-timeout=5m', '-parallelism=4']);
    expect(byStep['init governance']).toEqual(['-chdir=cdktf.out/stacks/governance', 'init', '-input=false']);
    expect(byStep['show governance']).not.toContain('-lock-timeout=5m');
    for (const bad of ['-out=x.tfplan', '-chdir=elsewhere']) {
      const q = project();
      const r = await run(q, 'plan', { args: [bad] });
      expect(r.error).toMatchObject({ kind: 'usage' });
      expect(q.calls()).toEqual([]);
    }
  });

  it('treats exit 2 of -detailed-exitcode as a plan with changes', async () => {
    const p = project();
    const { result } = await run(p, 'plan', { stacks: ['governance'], args: ['-detailed-exitcode'] });
    expect(result!.stacks[0].status).toBe('planned');
  });

  it('warns that a plan in CI with local state compares against no state', async () => {
    const { lines } = await run(project(), 'plan', { stacks: ['governance'], env: { CI: 'true' } });
    expect(lines).toContain('warning: governance keeps state locally and CI is set: this machine has no state of earlier applies, so the plans compare against nothing (configure `state:` in the config)');
    const remote = await run(project('remote'), 'plan', { stacks: ['governance'], env: { CI: 'true' } });
    expect(remote.lines.filter((l) => l.startsWith('warning:'))).toEqual([]);
  });

  it('lets terraform ask at a terminal: no -input=false when interactive', async () => {
    const p = project();
    await run(p, 'plan', { stacks: ['governance'], interactive: true });
    for (const c of p.calls().filter((x) => !x.argv.includes('version'))) expect(c.argv).not.toContain('-input=false');
  });

  it('groups each stack in the GitHub Actions log and annotates a failure', async () => {
    const p = project();
    const { lines } = await run(p, 'plan', { stacks: ['governance', 'platform'], githubActions: true, env: { FAKE_TF_FAIL: 'init:platform' } });
    expect(lines.filter((l) => l.startsWith('::'))).toEqual([
      '::group::governance: plan', '::endgroup::',
      '::group::platform: plan', '::error title=ailz plan::terraform init failed for stack platform (exit 1)', '::endgroup::',
    ]);
  });
});

describe('ailz apply (runner)', () => {
  it('applies every stack once, in order, and a plan afterwards finds every predecessor applied', async () => {
    const p = project();
    const { result, lines } = await run(p, 'apply');
    expect(result!.stacks.map((s) => s.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    expect(steps(p.calls())).toEqual(['version', ...STACKS.flatMap((s) => [`init ${s}`, `apply ${s}`])]);
    for (const c of p.calls().filter((x) => x.argv.includes('apply'))) expect(c.argv.slice(-2)).toEqual(['-input=false', '-auto-approve']);
    for (const s of STACKS) expect(existsSync(join(p.root, `terraform.${s}.tfstate`))).toBe(true);
    expect(lines[lines.length - 1]).toBe('ailz apply: 4 applied');
    const plan = await run(p, 'plan');
    expect(plan.result!.stacks.map((s) => s.status)).toEqual(['planned', 'planned', 'planned', 'planned']);
  });

  it('stops at the first failed apply: later stacks are not run', async () => {
    const p = project();
    const { result } = await run(p, 'apply', { env: { FAKE_TF_FAIL: 'apply:platform', FAKE_TF_FAIL_CODE: '1' } });
    expect(result!.stacks.map((s) => s.status)).toEqual(['applied', 'failed', 'not-run', 'not-run']);
    expect(result!.failed).toMatchObject({ stack: 'platform', failedCommand: 'terraform apply', exitCode: 1 });
    expect(existsSync(join(p.root, 'terraform.workload-chat.tfstate'))).toBe(false);
  });

  it('removes the saved plan of a stack it applied (it describes a state that no longer exists)', async () => {
    const p = project();
    await run(p, 'plan', { stacks: ['governance'] });
    await run(p, 'apply', { stacks: ['governance'] });
    expect(existsSync(join(p.root, '.ailz', 'plans', 'governance.tfplan'))).toBe(false);
  });

  it('refuses to apply without a terminal unless -auto-approve is given, before running anything', async () => {
    const p = project();
    const r = await run(p, 'apply', { args: [] });
    expect(r.error).toMatchObject({ kind: 'usage' });
    expect(r.error!.message).toContain('-- -auto-approve');
    expect(p.calls()).toEqual([]);
    const at = await run(project(), 'apply', { args: [], interactive: true, stacks: ['governance'] });
    expect(at.result!.stacks[0].status).toBe('applied');
  });

  it('refuses to apply local state in CI (it would be lost with the runner) unless told the machine is kept', async () => {
    const p = project();
    const r = await run(p, 'apply', { env: { CI: 'true' } });
    expect(r.error).toMatchObject({ kind: 'usage' });
    expect(r.error!.message).toMatch(/^stacks governance, platform, workload-chat, workload-research keep state locally, and CI is set/);
    expect(p.calls()).toEqual([]);
    const allowed = await run(p, 'apply', { env: { CI: 'true' }, stacks: ['governance'], allowLocalStateInCi: true });
    expect(allowed.result!.stacks[0].status).toBe('applied');
    const remote = await run(project('remote'), 'apply', { env: { CI: 'true' }, stacks: ['governance'] });
    expect(remote.result!.stacks[0].status).toBe('applied');
  });
});

describe('state of a predecessor behind the azurerm backend', () => {
  beforeAll(() => {
    synthOutput('remote');
  });

  it('is read through terraform: init of the predecessor in its own data directory, then state list', async () => {
    const p = project('remote');
    const waiting = await run(p, 'plan', { stacks: ['workload-chat'] });
    expect(waiting.result!.stacks[0]).toMatchObject({ status: 'waiting' });
    expect(waiting.result!.stacks[0].detail).toContain('platform is not applied yet (0 resources in its azurerm state)');
    expect(steps(p.calls())).toEqual(['version', 'init platform', 'state list platform']);
    expect(p.calls()[2].env.TF_DATA_DIR).toBe('../../../.ailz/terraform/platform/data');

    p.applied('platform');
    const planned = await run(p, 'plan', { stacks: ['workload-chat'] });
    expect(planned.result!.stacks[0].status).toBe('planned');
    expect(planned.lines).toContain('+ TF_DATA_DIR=../../../.ailz/terraform/platform/data terraform -chdir=cdktf.out/stacks/platform state list');
  });

  it('does not init a predecessor twice in one run, and reads its state once', async () => {
    const p = project('remote');
    p.applied('platform');
    p.applied('governance');
    await run(p, 'plan', { stacks: ['workload-chat', 'workload-research'] });
    const s = steps(p.calls());
    expect(s.filter((x) => x === 'init platform')).toHaveLength(1);
    expect(s.filter((x) => x === 'state list platform')).toHaveLength(1);
  });

  it('reports a state it cannot read as a failure of the stack that needed it, naming the predecessor', async () => {
    const p = project('remote');
    const { result } = await run(p, 'plan', { stacks: ['workload-chat'], env: { FAKE_TF_FAIL: 'state list:platform', FAKE_TF_FAIL_CODE: '1' } });
    expect(result!.failed).toMatchObject({ stack: 'workload-chat', failedCommand: 'terraform state list', exitCode: 1 });
    expect(result!.failed!.detail).toContain('reading the state of platform: Error: fake failure of terraform state list in platform');
  });
});

describe('the dependency lock across synths', () => {
  it('restores the lock of the last init into a freshly synthesized stack, so terraform reuses the installed providers', async () => {
    const p = project();
    await run(p, 'plan', { stacks: ['platform'] });
    expect(existsSync(join(p.root, '.ailz', 'terraform', 'platform', '.terraform.lock.hcl'))).toBe(true);
    // A synth replaces the output: the lock in the stack directory is gone.
    rmSync(join(p.root, 'cdktf.out'), { recursive: true });
    cpSync(synthOutput('local'), join(p.root, 'cdktf.out'), { recursive: true });
    const { lines } = await run(p, 'plan', { stacks: ['platform'] });
    const inits = p.calls().filter((c) => c.argv.includes('init'));
    expect(inits.map((c) => c.lockPresent)).toEqual([false, true]);
    expect(lines).toContain('ailz: [1/1] platform: dependency lock restored from .ailz/terraform/platform/.terraform.lock.hcl (the provider checksums of the last init)');
  });

  it('does not restore a lock of other provider versions (after an ailz upgrade), and says so', async () => {
    const p = project();
    await run(p, 'plan', { stacks: ['platform'] });
    const saved = join(p.root, '.ailz', 'terraform', 'platform', '.terraform.lock.hcl');
    writeFileSync(saved, readFileSync(saved, 'utf8').replace(/"4\.55\.0"/g, '"4.54.0"'));
    rmSync(join(p.root, 'cdktf.out', 'stacks', 'platform', '.terraform.lock.hcl'));
    const { lines } = await run(p, 'plan', { stacks: ['platform'] });
    expect(p.calls().filter((c) => c.argv.includes('init')).map((c) => c.lockPresent)).toEqual([false, false]);
    expect(lines).toContain('ailz: [1/1] platform: the saved dependency lock is for other provider versions; terraform init resolves them anew');
  });
});

describe('terraform itself', () => {
  it('is refused when older than the stacks require, before any stack runs', async () => {
    const p = project();
    const r = await run(p, 'plan', { env: { FAKE_TF_VERSION: '1.7.5' } });
    expect(r.error).toMatchObject({ kind: 'environment' });
    expect(r.error!.message).toMatch(/^terraform 1\.7\.5 \(.*\) is older than 1\.8\.0, which the stacks require/);
    expect(steps(p.calls())).toEqual(['version']);
  });

  it('is refused when it does not report a version', async () => {
    const r = await run(project(), 'plan', { env: { FAKE_TF_VERSION: 'garbage' } });
    expect(r.error).toMatchObject({ kind: 'environment' });
  });
});

describe('signals', () => {
  const waitFor = async (pred: () => boolean) => {
    for (let i = 0; i < 400 && !pred(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(pred()).toBe(true);
  };

  it('without a terminal: terraform runs in its own process group and gets the signal once; no further stack starts', async () => {
    const p = project();
    p.applied('governance');
    const signals = new EventEmitter();
    const running = run(p, 'apply', { stacks: ['platform', 'workload-chat'], signals, env: { FAKE_TF_HANG: 'apply:platform' } });
    await waitFor(() => p.calls().some((c) => c.hanging));
    signals.emit('SIGTERM', 'SIGTERM');
    const { result, lines } = await running;
    const calls = p.calls();
    const apply = calls.find((c) => c.argv?.includes('apply'))!;
    expect(apply.pgrp).toBe(apply.pid);
    expect(calls.filter((c) => c.signal)).toEqual([expect.objectContaining({ signal: 'SIGTERM', stack: 'platform' })]);
    expect(result!.interrupted).toBe('SIGTERM');
    expect(result!.stacks.map((s) => s.status)).toEqual(['failed', 'not-run']);
    expect(result!.stacks[1].detail).toBe('not run: platform failed');
    expect(lines.some((l) => /^ailz: SIGTERM received: passed to terraform \(pid \d+\), which stops gracefully; no further stack will start$/.test(l))).toBe(true);
  });

  it('at a terminal: Ctrl-C reaches terraform from the terminal, so ailz does not send a second interrupt', async () => {
    const p = project();
    p.applied('governance');
    const signals = new EventEmitter();
    const running = run(p, 'apply', { stacks: ['platform'], signals, interactive: true, env: { FAKE_TF_HANG: 'apply:platform' } });
    await waitFor(() => p.calls().some((c) => c.hanging));
    const apply = p.calls().find((c) => c.argv?.includes('apply'))!;
    expect(apply.pgrp).not.toBe(apply.pid);
    signals.emit('SIGINT', 'SIGINT');
    await new Promise((r) => setTimeout(r, 300));
    expect(p.calls().filter((c) => c.signal)).toEqual([]);
    // The terminal's own delivery, which the stand-in answers as Terraform does.
    process.kill(apply.pid, 'SIGINT');
    const { result, lines } = await running;
    expect(p.calls().filter((c) => c.signal)).toHaveLength(1);
    expect(result!.interrupted).toBe('SIGINT');
    expect(lines.some((l) => l.startsWith('ailz: SIGINT received: delivered by the terminal to terraform'))).toBe(true);
  });
});
