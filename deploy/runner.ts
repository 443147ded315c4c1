/**
 * `ailz plan` and `ailz apply`: `terraform init` and `plan` or `apply` for each stack of a synth output, in
 * dependency order, one progress line per step, each terraform command printed exactly as it runs, stopping
 * at the first failure. A stack whose predecessor is not applied yet is reported as waiting, not run and not
 * failed (README "Plan and apply").
 */
import type { ChildProcess } from 'child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'fs';
import { relative } from 'path';
import { DeployError } from './errors';
import { readLocalState, readStateList, StateReport } from './state';
import type { DeployStack, SynthOutput } from './synth-output';
import {
  minimumRequired, renderCommand, runTerraform, TerraformBinary, TerraformInvocation, TerraformOutput, versionAtLeast,
} from './terraform';
import { fromStack, restoreLock, saveLock, workArea, WorkArea } from './work-area';

export type DeployMode = 'plan' | 'apply';

export type StackStatus = 'planned' | 'applied' | 'waiting' | 'failed' | 'not-run';

export interface StackResult {
  readonly stack: string;
  readonly status: StackStatus;
  /** One line: the plan's summary, what it waits for, what failed. */
  readonly detail: string;
  /** For `planned`: the saved plan and its JSON (absolute). */
  readonly planFile?: string;
  readonly planJson?: string;
  /** For `failed`: the terraform subcommand and its exit code (null: ended by a signal). */
  readonly failedCommand?: string;
  readonly exitCode?: number | null;
}

export interface DeployResult {
  readonly mode: DeployMode;
  readonly terraformVersion: string;
  readonly stacks: readonly StackResult[];
  /** The stack that failed, if one did (the run stopped there). */
  readonly failed?: StackResult;
  /** The first signal that arrived during the run (no further stack was started after it). */
  readonly interrupted?: NodeJS.Signals;
}

/** Where signals come from: the process, or a test's emitter. */
export interface SignalSource {
  on(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
  off(signal: NodeJS.Signals, listener: (signal: NodeJS.Signals) => void): unknown;
}

export interface DeployOptions {
  readonly mode: DeployMode;
  readonly synth: SynthOutput;
  /** The stacks to run (selectStacks), in apply order. */
  readonly stacks: readonly DeployStack[];
  readonly terraform: TerraformBinary;
  /** Arguments after `--`, given to `plan` or `apply` (never to init). */
  readonly terraformArgs: readonly string[];
  /**
   * A person at a terminal: terraform may ask (apply's approval, init's state migration). Otherwise every
   * command gets `-input=false` and `apply` needs `-auto-approve` among the terraform arguments.
   */
  readonly interactive: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Progress lines and printed commands. */
  readonly report: (line: string) => void;
  /** Terraform's own output: the terminal (`inherit`) or callbacks. */
  readonly terraformOutput: TerraformOutput;
  readonly signals?: SignalSource;
  /** Group each stack's output in the GitHub Actions log (`::group::`), and annotate a failure. */
  readonly githubActions?: boolean;
  /**
   * Apply with local state where CI is set (`CI`): the state would be written on a machine that is thrown
   * away after the run. Off by default: configure `state:` (the azurerm backend) instead.
   */
  readonly allowLocalStateInCi?: boolean;
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Checks the terraform arguments and the run's preconditions before anything runs. */
export function checkDeployOptions(opts: Pick<DeployOptions, 'mode' | 'terraformArgs' | 'interactive' | 'env' | 'stacks' | 'allowLocalStateInCi' | 'cwd'>): void {
  for (const a of opts.terraformArgs) {
    if (/^--?chdir(=|$)/.test(a)) throw new DeployError(`terraform argument ${a}: ailz runs each stack with its own -chdir; pass --out to choose the synth output`, 'usage');
    if (opts.mode === 'plan' && /^--?out(=|$)/.test(a)) {
      throw new DeployError(`terraform argument ${a}: ailz plan saves each stack's plan itself (.ailz/plans/<stack>.tfplan beside the output)`, 'usage');
    }
  }
  if (opts.mode === 'apply' && !opts.interactive && !opts.terraformArgs.some((a) => /^--?auto-approve(=true)?$/.test(a))) {
    throw new DeployError(
      'ailz apply without a terminal (CI, or standard input is not a terminal): terraform cannot ask for approval; '
      + 'pass `-- -auto-approve` once the plan was reviewed (in a pipeline, behind a protected environment)',
      'usage',
    );
  }
  if (opts.mode === 'apply' && truthy(opts.env.CI) && !opts.allowLocalStateInCi) {
    const local = opts.stacks.filter((s) => s.backend.type === 'local');
    if (local.length > 0) {
      throw new DeployError(
        `stack${local.length === 1 ? '' : 's'} ${local.map((s) => s.name).join(', ')} keep${local.length === 1 ? 's' : ''} state locally, and CI is set: `
        + 'the state would be lost with the runner. Configure `state:` in the config (azurerm backend) and synth again, '
        + 'or pass --allow-local-state if this machine is kept',
        'usage',
      );
    }
  }
}

/** Runs the stacks; resolves to what happened to each. Throws DeployError for what stops the run before terraform does. */
export async function deploy(opts: DeployOptions): Promise<DeployResult> {
  checkDeployOptions(opts);
  const area = workArea(opts.synth);
  const run = new Run(opts, area);
  return run.go();
}

class Run {
  private readonly results = new Map<string, StackResult>();
  private readonly initialized = new Set<string>();
  private readonly stateCache = new Map<string, StateReport>();
  private child?: ChildProcess;
  private interrupted?: NodeJS.Signals;
  private readonly signals: SignalSource;
  private readonly byName: ReadonlyMap<string, DeployStack>;

  constructor(private readonly opts: DeployOptions, private readonly area: WorkArea) {
    this.signals = opts.signals ?? process;
    this.byName = new Map(opts.synth.stacks.map((s) => [s.name, s]));
  }

  async go(): Promise<DeployResult> {
    const { opts } = this;
    const onSignal = (sig: NodeJS.Signals) => this.onSignal(sig);
    for (const s of FORWARDED) this.signals.on(s, onSignal);
    try {
      opts.report(`ailz ${opts.mode}: ${opts.stacks.length} stack${opts.stacks.length === 1 ? '' : 's'} of ${opts.synth.outArg} in apply order: ${opts.stacks.map((s) => s.name).join(', ')}`);
      const version = await this.version();
      opts.report(`ailz: terraform ${version} (${opts.terraform.path})`);
      const local = opts.stacks.filter((s) => s.backend.type === 'local');
      if (opts.mode === 'plan' && truthy(opts.env.CI) && local.length > 0) {
        opts.report(`warning: ${local.map((s) => s.name).join(', ')} keep${local.length === 1 ? 's' : ''} state locally and CI is set: `
          + 'this machine has no state of earlier applies, so the plans compare against nothing (configure `state:` in the config)');
      }
      let failed: StackResult | undefined;
      for (const [i, stack] of opts.stacks.entries()) {
        const tag = `[${i + 1}/${opts.stacks.length}] ${stack.name}`;
        if (failed || this.interrupted) {
          this.results.set(stack.name, { stack: stack.name, status: 'not-run', detail: failed ? `not run: ${failed.stack} failed` : `not run: interrupted by ${this.interrupted}` });
          continue;
        }
        const result = await this.runStack(stack, tag);
        this.results.set(stack.name, result);
        if (result.status === 'failed') failed = result;
      }
      const stacks = opts.stacks.map((s) => this.results.get(s.name)!);
      opts.report(summary(opts.mode, stacks, this.interrupted));
      return { mode: opts.mode, terraformVersion: version, stacks, failed, interrupted: this.interrupted };
    } finally {
      for (const s of FORWARDED) this.signals.off(s, onSignal);
    }
  }

  /**
   * A signal stops the run after the command in flight: no further stack starts. Without a terminal,
   * terraform runs in its own process group and gets each signal ailz gets, once (Terraform counts SIGINT
   * and SIGTERM alike; a second one makes it exit at once, "Two interrupts received. Exiting immediately",
   * terraform v1.11.4 signal_unix.go and internal/command/views/operation.go, so it is never sent twice for
   * one). At a terminal terraform shares the foreground group: Ctrl-C and a hang-up reach it directly, and
   * only SIGTERM, which is sent to one process, is passed on.
   */
  private onSignal(sig: NodeJS.Signals): void {
    this.interrupted ??= sig;
    const child = this.child;
    const forward = child && child.exitCode === null && (!this.opts.interactive || sig === 'SIGTERM');
    if (forward) child.kill(sig);
    this.opts.report(`ailz: ${sig} received: ${child && child.exitCode === null
      ? `${forward ? 'passed to' : 'delivered by the terminal to'} terraform (pid ${child.pid}), which stops gracefully; no further stack will start`
      : 'no further stack will start'}`);
  }

  private async version(): Promise<string> {
    const { opts } = this;
    const inv: TerraformInvocation = { args: ['version', '-json'], env: {} };
    opts.report(`+ ${renderCommand(opts.terraform, inv)}`);
    const r = await runTerraform(opts.terraform, inv, { cwd: opts.cwd, env: opts.env, output: opts.terraformOutput, capture: true });
    let version: unknown;
    try {
      version = (JSON.parse(r.stdout) as { terraform_version?: unknown }).terraform_version;
    } catch {
      version = undefined;
    }
    if (r.code !== 0 || typeof version !== 'string') {
      throw new DeployError(`${opts.terraform.shown} version -json did not report a version (exit ${r.code ?? r.signal}): is ${opts.terraform.path} Terraform ${minimumRequired([])} or later?`, 'environment');
    }
    const min = minimumRequired(opts.stacks.map((s) => s.requiredVersion));
    if (!versionAtLeast(version, min)) {
      throw new DeployError(`terraform ${version} (${opts.terraform.path}) is older than ${min}, which the stacks require (required_version); install a newer Terraform or pass --terraform PATH`, 'environment');
    }
    return version;
  }

  private async runStack(stack: DeployStack, tag: string): Promise<StackResult> {
    const { opts } = this;
    const waiting = await this.waitingFor(stack, tag);
    if (waiting) return waiting;

    this.group(`${stack.name}: ${opts.mode}`);
    try {
      const init = await this.init(stack, tag);
      if (init) return init;
      if (this.interrupted) return { stack: stack.name, status: 'not-run', detail: `not run: interrupted by ${this.interrupted}` };

      if (opts.mode === 'plan') return await this.plan(stack, tag);
      return await this.apply(stack, tag);
    } finally {
      this.endGroup();
    }
  }

  /**
   * The predecessors a stack cannot do without: for a plan, the stacks whose objects it looks up at plan time
   * (ailz-stacks.json; every dependency when the output has no such file); for an apply, every dependency,
   * because the apply order is the contract (governance's policies before the platform's resources).
   */
  private predecessors(stack: DeployStack): { stack: string; lookups: string[] }[] {
    const names = this.opts.mode === 'plan' && stack.predecessorLookups !== undefined
      ? [...new Set(stack.predecessorLookups.map((l) => l.stack))]
      : [...stack.dependsOn];
    return names.map((n) => ({
      stack: n,
      lookups: (stack.predecessorLookups ?? []).filter((l) => l.stack === n).map((l) => `${l.dataSource} (${l.what})`),
    }));
  }

  private async waitingFor(stack: DeployStack, tag: string): Promise<StackResult | undefined> {
    for (const pred of this.predecessors(stack)) {
      const earlier = this.results.get(pred.stack);
      if (earlier?.status === 'applied') continue;
      let why: string;
      if (earlier?.status === 'waiting') {
        why = `${pred.stack} is waiting too`;
      } else {
        const state = await this.applied(pred.stack, tag);
        if ('failed' in state) return state.failed;
        if (state.applied) continue;
        why = `${pred.stack} is not applied yet (${state.evidence})`;
      }
      const reads = pred.lookups.length > 0 ? `; its plan would not find ${pred.lookups.join(', ')}` : '';
      const detail = `waiting: ${why}${reads}; apply ${pred.stack} first`;
      this.opts.report(`ailz: ${tag}: ${detail}`);
      return { stack: stack.name, status: 'waiting', detail };
    }
    return undefined;
  }

  private async applied(name: string, tag: string): Promise<StateReport | { failed: StackResult }> {
    const cached = this.stateCache.get(name);
    if (cached) return cached;
    const pred = this.byName.get(name)!;
    let report = readLocalState(pred, this.opts.env, this.opts.cwd);
    if (!report) {
      // Another backend: Terraform reads the state through it, in the predecessor's own working directory.
      if (!this.initialized.has(name)) {
        this.opts.report(`ailz: ${tag}: reading the state of ${name} through its ${pred.backend.type} backend`);
        const failed = await this.init(pred, tag);
        if (failed) return { failed: { ...failed, stack: this.currentStackOf(tag), detail: `${failed.detail}; while reading the state of ${name} (its init, in its own data directory)` } };
      }
      const inv = this.invocation(pred, ['state', 'list']);
      this.opts.report(`+ ${renderCommand(this.opts.terraform, inv)}`);
      const r = await this.spawn(inv, true);
      report = readStateList(r, pred.backend.type);
      if (!report) {
        const reason = r.stderr.trim().split('\n').filter(Boolean).slice(-3).join(' ');
        this.passOn(r.stderr);
        return {
          failed: this.failure(this.currentStackOf(tag), 'terraform state list', r.code, `reading the state of ${name}${reason ? `: ${reason}` : ''}`),
        };
      }
    }
    this.stateCache.set(name, report);
    return report;
  }

  private currentStackOf(tag: string): string {
    return tag.replace(/^\[\d+\/\d+\] /, '');
  }

  private async init(stack: DeployStack, tag: string): Promise<StackResult | undefined> {
    const { opts } = this;
    const lock = restoreLock(stack, this.area);
    if (lock.restored) {
      opts.report(`ailz: ${tag}: dependency lock restored from ${this.shown(this.area.savedLock(stack.name))} (the provider checksums of the last init)`);
    } else if (lock.why === 'versions-differ') {
      opts.report(`ailz: ${tag}: the saved dependency lock is for other provider versions; terraform init resolves them anew`);
    }
    const inv = this.invocation(stack, ['init', ...this.inputFlag()]);
    opts.report(`ailz: ${tag}: terraform init`);
    opts.report(`+ ${renderCommand(opts.terraform, inv)}`);
    const r = await this.spawn(inv, false);
    if (r.code !== 0) return this.failure(stack.name, 'terraform init', r.code, undefined, r.signal);
    saveLock(stack, this.area);
    this.initialized.add(stack.name);
    return undefined;
  }

  private async plan(stack: DeployStack, tag: string): Promise<StackResult> {
    const { opts, area } = this;
    const planFile = area.planFile(stack.name);
    const planJson = area.planJson(stack.name);
    // A plan that fails must not leave the previous one looking current.
    rmSync(planFile, { force: true });
    rmSync(planJson, { force: true });
    // Plans hold every planned value, sensitive ones included: the directory and the files are the owner's only.
    mkdirSync(area.plansDir(), { recursive: true, mode: 0o700 });
    const inv = this.invocation(stack, ['plan', ...this.inputFlag(), `-out=${fromStack(stack, planFile)}`, ...opts.terraformArgs]);
    opts.report(`ailz: ${tag}: terraform plan`);
    opts.report(`+ ${renderCommand(opts.terraform, inv)}`);
    const r = await this.spawn(inv, false);
    // -detailed-exitcode: 2 means "succeeded, with changes".
    const detailed = opts.terraformArgs.some((a) => /^--?detailed-exitcode(=true)?$/.test(a));
    if (r.code !== 0 && !(detailed && r.code === 2)) return this.failure(stack.name, 'terraform plan', r.code, this.lookupHint(stack), r.signal);
    chmodSync(planFile, 0o600);

    const show: TerraformInvocation = { ...this.invocation(stack, ['show', '-json', fromStack(stack, planFile)]), stdoutTo: this.shown(planJson) };
    opts.report(`+ ${renderCommand(opts.terraform, show)}`);
    const s = await this.spawn(show, true);
    this.passOn(s.stderr);
    if (s.code !== 0) return this.failure(stack.name, 'terraform show', s.code, undefined, s.signal);
    writeFileSync(planJson, s.stdout, { mode: 0o600 });
    const changes = planSummary(s.stdout);
    const detail = `planned: ${changes} (plan ${this.shown(planFile)}, JSON ${this.shown(planJson)})`;
    opts.report(`ailz: ${tag}: ${detail}`);
    return { stack: stack.name, status: 'planned', detail, planFile, planJson };
  }

  private async apply(stack: DeployStack, tag: string): Promise<StackResult> {
    const { opts, area } = this;
    const inv = this.invocation(stack, ['apply', ...this.inputFlag(), ...opts.terraformArgs]);
    opts.report(`ailz: ${tag}: terraform apply`);
    opts.report(`+ ${renderCommand(opts.terraform, inv)}`);
    const r = await this.spawn(inv, false);
    if (r.code !== 0) return this.failure(stack.name, 'terraform apply', r.code, this.lookupHint(stack), r.signal);
    // A saved plan of this stack describes a state that no longer exists.
    rmSync(area.planFile(stack.name), { force: true });
    rmSync(area.planJson(stack.name), { force: true });
    this.stateCache.delete(stack.name);
    opts.report(`ailz: ${tag}: applied`);
    return { stack: stack.name, status: 'applied', detail: 'applied' };
  }

  private lookupHint(stack: DeployStack): string | undefined {
    const lookups = stack.predecessorLookups ?? [];
    if (lookups.length === 0) return undefined;
    return `if terraform reported "not found" for ${lookups.map((l) => `${l.dataSource} (${l.what}, created by ${l.stack})`).join(' or ')}, that stack's apply did not complete: apply it again first`;
  }

  private failure(stack: string, command: string, code: number | null, hint?: string, signal?: NodeJS.Signals | null): StackResult {
    const how = code === null ? `ended by ${signal ?? 'a signal'}` : `exit ${code}`;
    const detail = `failed: ${command} (${how})${hint ? `; ${hint}` : ''}`;
    this.opts.report(`ailz: ${stack}: ${detail}`);
    if (this.opts.githubActions) this.opts.report(`::error title=ailz ${this.opts.mode}::${command} failed for stack ${stack} (${how})`);
    return { stack, status: 'failed', detail, failedCommand: command, exitCode: code };
  }

  private invocation(stack: DeployStack, args: string[]): TerraformInvocation {
    return {
      chdir: relative(this.opts.cwd, stack.dir).split('\\').join('/') || '.',
      args,
      env: { TF_DATA_DIR: fromStack(stack, this.area.dataDir(stack.name)) },
    };
  }

  private inputFlag(): string[] {
    return this.opts.interactive ? [] : ['-input=false'];
  }

  private spawn(inv: TerraformInvocation, capture: boolean) {
    const { opts } = this;
    return runTerraform(opts.terraform, inv, {
      cwd: opts.cwd,
      env: opts.env,
      output: opts.terraformOutput,
      capture,
      detached: !opts.interactive,
      onSpawn: (c) => { this.child = c; },
    }).finally(() => { this.child = undefined; });
  }

  /** Standard error of a captured command, passed on where terraform's output goes. */
  private passOn(stderr: string): void {
    if (!stderr) return;
    if (this.opts.terraformOutput === 'inherit') process.stderr.write(stderr);
    else this.opts.terraformOutput.stderr(stderr);
  }

  private shown(abs: string): string {
    return relative(this.opts.cwd, abs) || abs;
  }

  private group(title: string): void {
    if (this.opts.githubActions) this.opts.report(`::group::${title}`);
  }

  private endGroup(): void {
    if (this.opts.githubActions) this.opts.report('::endgroup::');
  }
}

/**
 * "3 to add, 1 to change, 0 to destroy" as Terraform counts them (a replacement is one add and one destroy),
 * plus imports and forgets when there are any; "no changes" when nothing happens.
 */
export function planSummary(planJson: string): string {
  let plan: { resource_changes?: { change?: { actions?: string[]; importing?: unknown } }[] };
  try {
    plan = JSON.parse(planJson) as typeof plan;
  } catch {
    return 'plan JSON unreadable';
  }
  let add = 0; let change = 0; let destroy = 0; let imported = 0; let forget = 0;
  for (const rc of plan.resource_changes ?? []) {
    const actions = rc.change?.actions ?? [];
    if (rc.change?.importing) imported++;
    if (actions.includes('create')) add++;
    if (actions.includes('delete')) destroy++;
    if (actions.length === 1 && actions[0] === 'update') change++;
    if (actions.includes('forget')) forget++;
  }
  if (add + change + destroy + imported + forget === 0) return 'no changes';
  const extra = [imported ? `${imported} to import` : '', forget ? `${forget} to forget` : ''].filter(Boolean);
  return [`${add} to add, ${change} to change, ${destroy} to destroy`, ...extra].join(', ');
}

function summary(mode: DeployMode, results: readonly StackResult[], interrupted?: NodeJS.Signals): string {
  const count = (s: StackStatus) => results.filter((r) => r.status === s);
  const parts: string[] = [];
  const done = count(mode === 'plan' ? 'planned' : 'applied');
  parts.push(`${done.length} ${mode === 'plan' ? 'planned' : 'applied'}`);
  const waiting = count('waiting');
  if (waiting.length) parts.push(`${waiting.length} waiting (${waiting.map((r) => r.stack).join(', ')})`);
  const failed = count('failed');
  if (failed.length) parts.push(`${failed.length} failed (${failed.map((r) => r.stack).join(', ')})`);
  const notRun = count('not-run');
  if (notRun.length) parts.push(`${notRun.length} not run (${notRun.map((r) => r.stack).join(', ')})`);
  return `ailz ${mode}: ${parts.join(', ')}${interrupted ? `; interrupted by ${interrupted}` : ''}`;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

