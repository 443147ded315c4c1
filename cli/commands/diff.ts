/**
 * `ailz diff BASE_DIR HEAD_DIR` and `ailz diff --base-ref REF [--config FILE]`: the security review of a
 * change between two synth outputs, or between the config at a git revision and the working tree's.
 */
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { basename, dirname, join, resolve } from 'path';
import type { LandingZoneConfig } from '../../config/load';
import { ConfigError, parseConfigText } from '../../config/load';
import { loadDocuments, RULE_IDS, TerraformDocument } from '../../guardrails';
import { POLICY_ASSIGNMENT_NAMES } from '../../azure/policy-catalog';
import { buildDiffReport } from '../../review/diff-report';
import { DIFF_FORMATS, DiffFormat, formatDiff } from '../../review/format-diff';
import { UserError } from '../atomic';
import { EXIT, ExitCode } from '../exit-codes';
import { FailOn, FAIL_ON, failsOn, loadConfigForReview, policySimulationFor, readDocuments } from './review-common';

export interface DiffIo {
  out(text: string): void;
  err(text: string): void;
}

export interface DiffOptions {
  readonly base?: string;
  readonly head?: string;
  readonly baseRef?: string;
  readonly config?: string;
  readonly format: string;
  readonly failOn: string;
  /** YYYY-MM-DD: expiries and model lifecycle are judged on this date (default today, UTC). */
  readonly asOf?: string;
  /** Policy definitions for the simulation: a directory or catalog file (default: `.ailz/policy-definitions` beside the config). */
  readonly policyDefinitions?: string;
  /** Where git runs and relative paths resolve (tests). */
  readonly cwd?: string;
}

/** Runs `git` with `args`; maps its failures to the exit-code table. */
function git(args: string[], cwd: string): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError('git is not installed or not on PATH; --base-ref needs git (or diff two synth output directories instead)', EXIT.ENVIRONMENT);
    throw new UserError(`cannot run git: ${r.error.message}`, EXIT.ENVIRONMENT);
  }
  if (r.status !== 0) {
    const msg = (r.stderr || '').trim().split('\n')[0] ?? '';
    if (/not a git repository/i.test(msg)) throw new UserError(`${cwd} is not inside a git repository: --base-ref needs one (${msg})`, EXIT.USAGE);
    if (/invalid object name|unknown revision|bad revision|does not exist in|exists on disk, but not in|ambiguous argument|not a valid object name/i.test(msg)) {
      throw new UserError(`--base-ref: ${msg}`, EXIT.USAGE);
    }
    throw new UserError(`git ${args[0] === '-C' ? args[2] : args[0]} failed (exit ${r.status ?? 'signal'}): ${msg}`, EXIT.EXTERNAL);
  }
  return r.stdout;
}

function validated(text: string, file: string, asOf?: string): LandingZoneConfig {
  return parseConfigText(text, file, { knownRuleIds: RULE_IDS, knownPolicyAssignments: new Set(POLICY_ASSIGNMENT_NAMES), ...(asOf ? { today: asOf } : {}) });
}

/** The config at REF and in the working tree, both synthesized into temporary directories (always removed). */
function synthesizeBoth(ref: string, configPath: string, cwd: string, asOf?: string): { base: TerraformDocument[]; head: TerraformDocument[]; baseConfig: LandingZoneConfig; headConfig: LandingZoneConfig } {
  if (ref.startsWith('-') || /\s/.test(ref)) throw new UserError(`--base-ref: ${JSON.stringify(ref)} is not a git revision`, EXIT.USAGE);
  const abs = resolve(cwd, configPath);
  const headConfig = loadConfigForReview(abs, configPath, asOf);
  const text = git(['-C', dirname(abs), 'show', `${ref}:./${basename(abs)}`], cwd);
  let baseConfig: LandingZoneConfig;
  try {
    baseConfig = validated(text, `${ref}:${configPath}`, asOf);
  } catch (e) {
    if (e instanceof ConfigError) {
      throw new UserError(`the config at ${ref} does not validate with this ailz, so it cannot be synthesized for the comparison:\n${e.problems.join('\n')}`, EXIT.USAGE);
    }
    throw e;
  }
  // Loaded here, not at the top: cdktf and the provider classes cost most of a process start.
  const { synthesizeTo } = require('../synth') as typeof import('../synth');
  const tmp = mkdtempSync(join(tmpdir(), 'ailz-diff-'));
  try {
    synthesizeTo(baseConfig, join(tmp, 'base'));
    synthesizeTo(headConfig, join(tmp, 'head'));
    return { base: loadDocuments(join(tmp, 'base')), head: loadDocuments(join(tmp, 'head')), baseConfig, headConfig };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function runDiff(opts: DiffOptions, io: DiffIo): Promise<ExitCode> {
  if (!(DIFF_FORMATS as readonly string[]).includes(opts.format)) {
    throw new UserError(`diff: unknown --format "${opts.format}"; expected one of ${DIFF_FORMATS.join(', ')}`, EXIT.USAGE);
  }
  if (!(FAIL_ON as readonly string[]).includes(opts.failOn)) throw new UserError(`diff: unknown --fail-on "${opts.failOn}"; expected one of ${FAIL_ON.join(', ')}`, EXIT.USAGE);
  const cwd = opts.cwd ?? process.cwd();
  let base: TerraformDocument[];
  let head: TerraformDocument[];
  let config: LandingZoneConfig | undefined;
  let baseConfig: LandingZoneConfig | undefined;
  let labels: { baseLabel: string; headLabel: string };
  if (opts.baseRef !== undefined) {
    if (opts.base !== undefined || opts.head !== undefined) throw new UserError('diff: give either BASE_DIR HEAD_DIR or --base-ref REF, not both', EXIT.USAGE);
    const configPath = opts.config ?? 'landing-zone.yaml';
    const both = synthesizeBoth(opts.baseRef, configPath, cwd, opts.asOf);
    ({ base, head } = both);
    config = both.headConfig;
    baseConfig = both.baseConfig;
    labels = { baseLabel: `${opts.baseRef}:${configPath}`, headLabel: `${configPath} (working tree)` };
  } else {
    if (opts.base === undefined || opts.head === undefined) throw new UserError('diff: give two synth output directories (BASE_DIR HEAD_DIR), or --base-ref REF', EXIT.USAGE);
    base = readDocuments(resolve(cwd, opts.base), opts.base);
    head = readDocuments(resolve(cwd, opts.head), opts.head);
    config = opts.config ? loadConfigForReview(resolve(cwd, opts.config), opts.config, opts.asOf) : undefined;
    labels = { baseLabel: opts.base, headLabel: opts.head };
  }
  const today = opts.asOf ?? new Date().toISOString().slice(0, 10);
  const configFile = opts.config ? resolve(cwd, opts.config) : resolve(cwd, 'landing-zone.yaml');
  const policy = policySimulationFor(opts.policyDefinitions && resolve(cwd, opts.policyDefinitions), configFile, today);
  const report = buildDiffReport(base, head, {
    ...('simulate' in policy ? { policy: policy.simulate } : { policyMissing: policy.missing }),
    drawDiagram: opts.format !== 'text',
    ...labels,
    suppressions: config?.suppressions,
    baseSuppressions: baseConfig?.suppressions ?? config?.suppressions,
    intendedRemovals: config?.intendedRemovals,
    asOf: opts.asOf,
  });
  io.out(formatDiff(report, opts.format as DiffFormat));
  return failsOn(report.findings, opts.failOn as FailOn) ? EXIT.FINDINGS : EXIT.OK;
}
