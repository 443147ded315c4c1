/**
 * Shared set-up of the deploy tests: real synth outputs of the reference config (local state, and the
 * azurerm backend), copied into a fresh project directory per test, and the stand-in terraform
 * (test/deploy/fake-terraform/terraform) on PATH, recording each call.
 */
import { EventEmitter } from 'events';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { delimiter, join } from 'path';
import { synthesizeTo } from '../../cli/synth';
import { configWith, referenceConfig } from '../stacks/helpers';
import {
  deploy, DeployMode, DeployResult, locateTerraform, readSynthOutput, selectStacks,
} from '../../deploy';

export const FAKE_TERRAFORM_DIR = join(__dirname, 'fake-terraform');

let outputs: { local?: string; remote?: string } = {};

/** A synth output of the reference config (synthesized once per test file). */
export function synthOutput(kind: 'local' | 'remote'): string {
  if (!outputs[kind]) {
    const dir = join(mkdtempSync(join(tmpdir(), `ailz-deploy-${kind}-`)), 'cdktf.out');
    const config = kind === 'local' ? referenceConfig() : configWith((doc) => {
      doc.state = { resourceGroupName: 'rg-tfstate', storageAccountName: 'sttfstatecontoso', containerName: 'tfstate' };
    });
    synthesizeTo(config, dir);
    outputs = { ...outputs, [kind]: dir };
  }
  return outputs[kind]!;
}

export interface Project {
  /** The project directory (the cwd of the run); the output is `cdktf.out` inside it. */
  readonly root: string;
  readonly log: string;
  readonly remote: string;
  /** Environment for the stand-in: PATH with it first, its log and remote-state directory. */
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** Every recorded call (signal records included). */
  calls(): FakeCall[];
  /** Writes a state with one managed resource for `stack`, as an apply would. */
  applied(stack: string): void;
}

export interface FakeCall {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
  lockPresent: boolean;
  pid: number;
  pgrp?: number;
  signal?: string;
  /** The stand-in waits for a signal (FAKE_TF_HANG) and can now answer it. */
  hanging?: boolean;
}

export function project(kind: 'local' | 'remote' = 'local'): Project {
  const root = mkdtempSync(join(tmpdir(), 'ailz-project-'));
  cpSync(synthOutput(kind), join(root, 'cdktf.out'), { recursive: true });
  const log = join(root, 'fake-terraform.log');
  const remote = mkdtempSync(join(tmpdir(), 'ailz-remote-state-'));
  return {
    root,
    log,
    remote,
    env: (extra = {}) => ({
      PATH: `${FAKE_TERRAFORM_DIR}${delimiter}${process.env.PATH ?? ''}`,
      FAKE_TF_LOG: log,
      FAKE_TF_REMOTE_DIR: remote,
      ...extra,
    }),
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as FakeCall) : []),
    applied: (stack) => {
      const state = JSON.stringify({ version: 4, resources: [{ mode: 'managed', type: 'azurerm_resource_group', name: 'x', instances: [{}] }] });
      if (kind === 'local') writeFileSync(join(root, `terraform.${stack}.tfstate`), state);
      else writeFileSync(join(remote, `${stack}.tfstate`), state);
    },
  };
}

export interface Outcome {
  result?: DeployResult;
  error?: Error & { kind?: string };
  lines: string[];
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stacks?: string[];
  args?: string[];
  env?: Record<string, string>;
  interactive?: boolean;
  githubActions?: boolean;
  allowLocalStateInCi?: boolean;
  signals?: EventEmitter;
  out?: string;
}

/** Runs the deploy runner as the CLI does, with terraform's output captured. */
export async function run(p: Project, mode: DeployMode, opts: RunOptions = {}): Promise<Outcome> {
  const lines: string[] = [];
  let stdout = '';
  let stderr = '';
  const env = p.env(opts.env);
  try {
    const synth = readSynthOutput(opts.out ?? 'cdktf.out', p.root);
    const stacks = selectStacks(synth, opts.stacks ?? []);
    const terraform = locateTerraform(undefined, env, p.root);
    const result = await deploy({
      mode,
      synth,
      stacks,
      terraform,
      terraformArgs: opts.args ?? (mode === 'apply' && !opts.interactive ? ['-auto-approve'] : []),
      interactive: opts.interactive ?? false,
      env,
      cwd: p.root,
      report: (l) => lines.push(l),
      terraformOutput: { stdout: (c) => { stdout += c; }, stderr: (c) => { stderr += c; } },
      signals: opts.signals ?? new EventEmitter(),
      githubActions: opts.githubActions,
      allowLocalStateInCi: opts.allowLocalStateInCi,
    });
    return { result, lines, stdout, stderr };
  } catch (e) {
    return { error: e as Error & { kind?: string }, lines, stdout, stderr };
  }
}

/** The terraform subcommand and stack of each recorded call: `init governance`, `state list platform`. */
export function steps(calls: FakeCall[]): string[] {
  return calls.filter((c) => c.argv).map((c) => {
    const stack = c.cwd.split(/[\\/]/).pop();
    const args = c.argv.filter((a) => !a.startsWith('-chdir='));
    const sub = args[0] === 'state' ? `state ${args[1]}` : args[0];
    return sub === 'version' ? 'version' : `${sub} ${stack}`;
  });
}
