/**
 * `ailz check --dir PATH [--dir PATH...] [--format text|json|markdown|sarif] [--policy [--policy-definitions PATH]]`:
 * judge existing Terraform JSON (any tool's) as Terraform reads it: a synth output, a module directory or one file.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  ConfigRegion, evaluate, Finding, findingsChunks, FINDINGS_FORMATS, FindingsFormat, FormatOptions, loadStacks, parseStackKindOverride,
  StackKindOverride, Suppression, TerraformDocument, TerraformInputError,
} from '../../guardrails';
import { lookupDefinitions } from '../policy-definitions';
import { configLocator } from '../../config/source-map';
import { catalogAgeWarning, todayUtc } from '../../azure/models';
import { EXIT } from '../exit-codes';
import { errnoExitCode } from '../errors';
import { defineCommand, FailOn, failOnOption, findingsExitCode } from '../command';
import { asOfDate, asOfOption, loadConfig } from '../load-config';

export interface CheckIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Raw output, written as it is produced (large reports stream); without it the report goes to `out` at once. */
  write?: (chunk: string) => void;
}

export interface CheckOptions {
  /** One or more inputs. */
  dir: string | readonly string[];
  format: string;
  suppressions?: Suppression[];
  /** `PATH=KIND`, repeatable. */
  stackKinds?: readonly string[];
  /** SARIF URIs are relative to this directory (the repository root). Default: the current directory. */
  sarifBase?: string;
  /** The landing-zone config: points findings at the line that produced their resource, and locates the policy definitions cache. */
  config?: string;
  /** Also simulate the Azure Policy assignments of the governance stack against every stack. */
  policy?: boolean;
  /** A definitions directory or catalog file; default: `.ailz/policy-definitions` beside `config`. */
  policyDefinitions?: string;
  /** YYYY-MM-DD for exemption expiry; default: today (UTC). */
  today?: string;
  /** The date date-dependent rules judge on (YYYY-MM-DD); default today (UTC). */
  asOf?: string;
  /** Findings at or above this severity fail (exit 1); `none` reports only. @default 'error' */
  failOn?: FailOn;
}

/** Problems listed before "and N more". */
const MAX_PROBLEMS_SHOWN = 50;

/** Exit code: 0 no unsuppressed finding at or above `failOn`, 1 findings, 2 usage or input (bad flag, unreadable or non-Terraform input). */
export function runCheck(opts: CheckOptions, io: CheckIo): number {
  const usage = (msg: string) => {
    io.err(`ailz check: ${msg}\n`);
    return EXIT.USAGE;
  };
  if (!(FINDINGS_FORMATS as readonly string[]).includes(opts.format)) {
    return usage(`unknown --format "${opts.format}"; expected one of ${FINDINGS_FORMATS.join(', ')}`);
  }
  if (opts.policyDefinitions && !opts.policy) return usage('--policy-definitions needs --policy');
  const dirs = typeof opts.dir === 'string' ? [opts.dir] : [...opts.dir];
  if (dirs.length === 0) return usage('nothing to check: give --dir PATH');
  let kinds: StackKindOverride[];
  try {
    kinds = (opts.stackKinds ?? []).map(parseStackKindOverride);
  } catch (e) {
    if (e instanceof TerraformInputError) return usage(e.problems.join('\n'));
    throw e;
  }
  const sarifBase = opts.sarifBase ?? process.cwd();
  if (opts.sarifBase !== undefined && !isDirectory(opts.sarifBase)) return usage(`--sarif-base ${opts.sarifBase}: not a directory`);

  let docs: TerraformDocument[];
  try {
    docs = loadStacks(dirs, { stackKinds: kinds });
  } catch (e) {
    if (!(e instanceof TerraformInputError)) throw e;
    const shown = e.problems.slice(0, MAX_PROBLEMS_SHOWN);
    for (const p of shown) io.err(`ailz check: ${p}\n`);
    if (e.problems.length > shown.length) io.err(`ailz check: ... and ${e.problems.length - shown.length} more problems\n`);
    // A file the machine would not let us read (permission denied, I/O error) is an environment problem (exit 3),
    // the rest is input ailz cannot judge (exit 2): the loader names the errno code in "cannot be read (CODE)".
    const codes = e.problems.map((p) => /cannot be read \((E[A-Z]+)\)$/.exec(p)?.[1]);
    return codes.some((c) => errnoExitCode(c) === EXIT.ENVIRONMENT) ? EXIT.ENVIRONMENT : EXIT.USAGE;
  }
  let extraFindings: Finding[] = [];
  if (opts.policy) {
    const found = lookupDefinitions(opts.policyDefinitions, opts.config);
    if ('missing' in found) {
      io.err(`ailz check --policy: ${found.missing}\n`);
      return EXIT.USAGE;
    }
    // Loaded here: the simulator is not needed by a plain `check`.
    const { simulateDocuments } = require('../../policy') as typeof import('../../policy');
    extraFindings = simulateDocuments(docs, found.store, { today: opts.today ?? todayUtc() }).findings;
  }
  // Text and markdown print no finding position: the walk that finds them is skipped.
  const result = evaluate(docs, { suppressions: opts.suppressions, asOf: opts.asOf, extraFindings, locations: opts.format === 'json' || opts.format === 'sarif' });
  // Model deployments were judged against the model catalog: say so when it is stale (stderr, so no format changes).
  const age = docs.some((d) => d.json?.resource?.azurerm_cognitive_deployment) ? catalogAgeWarning(opts.asOf ?? todayUtc()) : undefined;
  if (age) io.err(`warning: ${age}\n`);

  const format: FormatOptions = { context: true, sarifBase, toolVersion: toolVersion() };
  if (opts.config) {
    let text: string;
    try {
      text = fs.readFileSync(opts.config, 'utf8');
    } catch (e) {
      return usage(`--config ${opts.config}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    const locator = configLocator(opts.config, text);
    const cache = new Map<string, ConfigRegion | undefined>();
    format.configLocation = (f) => {
      const key = `${f.stack}|${f.constructPath ?? ''}|${f.constructPath ? '' : f.address}`;
      if (!cache.has(key)) cache.set(key, locator.locate(f.stack, f.constructPath, f.address));
      return cache.get(key);
    };
  }
  writeChunks(findingsChunks(result, opts.format as FindingsFormat, format), io);
  return findingsExitCode(result.findings, opts.failOn ?? 'error');
}

/** Streams chunks in blocks of about 64 KiB (one write per block), or hands the whole report to `out`. */
function writeChunks(chunks: Iterable<string>, io: CheckIo): void {
  if (!io.write) {
    const all: string[] = [];
    for (const c of chunks) all.push(c);
    io.out(all.join(''));
    return;
  }
  let buf: string[] = [];
  let size = 0;
  for (const c of chunks) {
    buf.push(c);
    size += c.length;
    if (size >= 64 * 1024) {
      io.write(buf.join(''));
      buf = [];
      size = 0;
    }
  }
  if (buf.length > 0) io.write(buf.join(''));
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** ailz's version, from the package.json above this file (source checkout or installed dist/). */
function toolVersion(): string | undefined {
  for (let dir = __dirname, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'ailz') return pkg.version;
    } catch {
      // not here
    }
  }
  return undefined;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

interface CheckFlags {
  dir: string[];
  format: string;
  config?: string;
  asOf?: string;
  policy?: boolean;
  policyDefinitions?: string;
  stackKind: string[];
  sarifBase?: string;
  failOn: FailOn;
}

export default defineCommand<CheckFlags>({
  name: 'check',
  description: 'evaluate Terraform JSON as Terraform reads it (a synth output DIR/stacks/*/, a directory of *.tf.json files, or one .tf.json file) against the guardrail catalog',
  configure: (cmd) => {
    cmd
      .requiredOption('-d, --dir <path>', 'synth output, module directory or .tf.json file (repeatable)', collect, [])
      .option('-f, --format <format>', 'text | json | markdown | sarif', 'text')
      .option('-c, --config <file>', 'apply the suppressions of this landing-zone config, and point findings at its lines');
    asOfOption(cmd)
      .option('--policy', 'also simulate the Azure Policy assignments of the governance stack against every stack')
      .option('--policy-definitions <path>', 'with --policy: a definitions directory (ailz policy pull) or a catalog file (default: .ailz/policy-definitions beside the config)')
      .option('--stack-kind <path=kind>', 'judge the input at PATH as a workload, platform, governance or generic stack (repeatable)', collect, [])
      .option('--sarif-base <dir>', 'SARIF URIs are relative to this directory, the repository root (default: the current directory)');
    failOnOption(cmd, { allowNone: true });
  },
  run: (opts, { io, env }) => {
    const asOf = asOfDate(opts.asOf, env);
    // Only the suppressions are used: the guardrails judge the deployments of the Terraform itself.
    const suppressions = opts.config ? loadConfig(opts.config, { asOf, io, models: false }).suppressions : undefined;
    return runCheck({
      dir: opts.dir, format: opts.format, suppressions, asOf, today: asOf, policy: opts.policy, policyDefinitions: opts.policyDefinitions, config: opts.config,
      stackKinds: opts.stackKind, sarifBase: opts.sarifBase, failOn: opts.failOn,
    }, io);
  },
});
