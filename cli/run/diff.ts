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
import { loadDocuments, TerraformDocument } from '../../guardrails';
import { buildDiffReport } from '../../review/diff-report';
import { DIFF_FORMATS, DiffFormat, formatDiff } from '../../review/format-diff';
import { DEFAULT_CONFIG, FailOn, findingsExitCode } from '../command';
import { CliIo, UserError } from '../errors';
import { EXIT, ExitCode } from '../exit-codes';
import { cliValidationOptions } from '../load-config';
import { loadConfigForReview, policySimulationFor, readDocuments } from './review-common';

export interface DiffOptions {
  readonly base?: string;
  readonly head?: string;
  readonly baseRef?: string;
  /** The config: suppressions and intendedRemovals; with `baseRef`, the file compared (default landing-zone.yaml). */
  readonly config?: string;
  readonly format: string;
  /** Findings the change introduces at or above this severity fail (exit 1). @default 'error' */
  readonly failOn?: FailOn;
  /** YYYY-MM-DD: expiries and model lifecycle are judged on this date. */
  readonly asOf: string;
  /** Policy definitions for the simulation: a directory or catalog file (default: `.ailz/policy-definitions` beside the config). */
  readonly policyDefinitions?: string;
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
    throw new UserError(`git ${args[0]} failed (exit ${r.status ?? 'signal'}): ${msg}`, EXIT.EXTERNAL);
  }
  return r.stdout;
}

function validated(text: string, file: string, asOf: string): LandingZoneConfig {
  return parseConfigText(text, file, { ...cliValidationOptions(), today: asOf });
}

/** The config at REF and in the working tree, both synthesized into temporary directories (always removed). */
function synthesizeBoth(ref: string, configPath: string, asOf: string, io: CliIo): { base: TerraformDocument[]; head: TerraformDocument[]; baseConfig: LandingZoneConfig; headConfig: LandingZoneConfig } {
  if (ref.startsWith('-') || /\s/.test(ref)) throw new UserError(`--base-ref: ${JSON.stringify(ref)} is not a git revision`, EXIT.USAGE);
  const abs = resolve(configPath);
  const headConfig = loadConfigForReview(configPath, asOf, io);
  const text = git(['show', `${ref}:./${basename(abs)}`], dirname(abs));
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

/** Exit code: 0, or 1 when the change introduces a finding at or above `failOn`; everything else throws (cli/errors.ts). */
export function runDiff(opts: DiffOptions, io: CliIo): ExitCode {
  if (!(DIFF_FORMATS as readonly string[]).includes(opts.format)) {
    throw new UserError(`diff: unknown --format "${opts.format}"; expected one of ${DIFF_FORMATS.join(', ')}`, EXIT.USAGE);
  }
  let base: TerraformDocument[];
  let head: TerraformDocument[];
  let config: LandingZoneConfig | undefined;
  let baseConfig: LandingZoneConfig | undefined;
  let labels: { baseLabel: string; headLabel: string };
  if (opts.baseRef !== undefined) {
    if (opts.base !== undefined || opts.head !== undefined) throw new UserError('diff: give either BASE_DIR HEAD_DIR or --base-ref REF, not both', EXIT.USAGE);
    const configPath = opts.config ?? DEFAULT_CONFIG;
    const both = synthesizeBoth(opts.baseRef, configPath, opts.asOf, io);
    ({ base, head } = both);
    config = both.headConfig;
    baseConfig = both.baseConfig;
    labels = { baseLabel: `${opts.baseRef}:${configPath}`, headLabel: `${configPath} (working tree)` };
  } else {
    if (opts.base === undefined || opts.head === undefined) throw new UserError('diff: give two synth output directories (BASE_DIR HEAD_DIR), or --base-ref REF', EXIT.USAGE);
    base = readDocuments(resolve(opts.base), opts.base);
    head = readDocuments(resolve(opts.head), opts.head);
    config = opts.config ? loadConfigForReview(opts.config, opts.asOf, io) : undefined;
    labels = { baseLabel: opts.base, headLabel: opts.head };
  }
  const policy = policySimulationFor(opts.policyDefinitions && resolve(opts.policyDefinitions), resolve(opts.config ?? DEFAULT_CONFIG), opts.asOf);
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
  return findingsExitCode(report.findings, opts.failOn ?? 'error');
}
