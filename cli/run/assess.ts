/**
 * `ailz assess` and `ailz assess export`: what is in the tenant, what is at risk, how to fix it.
 *
 *   ailz assess [--management-group ID | --subscription ID ...] [--config FILE] [--against DIR]
 *               [--format html|markdown|json|sarif] [--out FILE] [--baseline FILE] [--fail-on error|warning|none]
 *   ailz assess --from-export DIR ...        assess a saved export, offline
 *   ailz assess export --out DIR [scope]     save the raw responses (the export contract: assess/snapshot.ts)
 *
 * Exit codes (cli/exit-codes.ts): 0 ok; 1 findings at or above --fail-on; 2 bad input (flags, config,
 * a broken export); 3 authentication or network; 4 a scope could not be read (the report is still written).
 */
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, renameSync, rmSync, statSync, writeSync } from 'fs';
import { basename, dirname, extname, join, resolve } from 'path';
import { assess, AssessReport } from '../../assess/assess';
import { applyBaseline, BaselineError, readBaseline } from '../../assess/baseline';
import { collect, Progress } from '../../assess/collect';
import { landingZoneFromConfig, LandingZoneView, mergeSynthOutput } from '../../assess/landing-zone';
import { ASSESS_FORMATS, AssessFormat, formatReport, reportChunks } from '../../assess/report';
import { ExportFormatError, readSnapshot, Snapshot, writeSnapshot } from '../../assess/snapshot';
import { loadDocuments } from '../../guardrails';
import { loadConfigFile } from '../../config/load';
import { failsOn, parseFailOn } from '../command';
import { errnoCause, errnoExitCode, UserError } from '../errors';
import { EXIT } from '../exit-codes';
import { cliValidationOptions } from '../load-config';
import { armClient, AzureDeps, AzureFlags, azureUserError, cloudOf, graphClient } from './azure';

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export interface ScopeFlags extends AzureFlags {
  managementGroup?: string[];
  subscription?: string[];
  graph?: boolean;
}

export interface AssessFlags extends ScopeFlags {
  config?: string;
  against?: string;
  format?: string;
  out?: string;
  baseline?: string;
  failOn?: string;
  fromExport?: string;
  /** YYYY-MM-DD, already resolved by the CLI (`--as-of`, else `$AILZ_AS_OF`, else today). @default the snapshot's read date */
  asOf?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function scopeOf(flags: ScopeFlags) {
  const mgs = flags.managementGroup ?? [];
  const subs = flags.subscription ?? [];
  if (mgs.length && subs.length) throw new UserError('--management-group and --subscription are exclusive: give one scope kind', EXIT.USAGE);
  for (const s of subs) if (!GUID.test(s)) throw new UserError(`--subscription ${s}: not a subscription ID (a GUID)`, EXIT.USAGE);
  for (const m of mgs) if (!/^[a-zA-Z0-9._()-]{1,90}$/.test(m)) throw new UserError(`--management-group ${m}: not a management group ID`, EXIT.USAGE);
  return mgs.length ? { managementGroups: mgs } : subs.length ? { subscriptions: subs.map((s) => s.toLowerCase()) } : {};
}

/** A progress line on a terminal, nothing otherwise. */
function progressLine(tty: boolean) {
  if (!tty) return { update: (_p: Progress) => undefined, done: () => undefined };
  let last = 0;
  return {
    update: (p: Progress) => {
      const now = Date.now();
      if (now - last < 200 && p.phase !== 'done') return;
      last = now;
      process.stderr.write(`\railz assess: ${p.phase}: ${p.resources} resources read, ${p.subscriptionsDone}/${p.subscriptionsTotal} subscriptions done, ${p.requests} requests\x1b[K`);
    },
    done: () => process.stderr.write('\r\x1b[K'),
  };
}

async function read(flags: ScopeFlags, deps: AzureDeps): Promise<Snapshot> {
  const scope = scopeOf(flags);
  const cloud = cloudOf(flags);
  const arm = armClient(flags, deps);
  const graph = flags.graph === false ? undefined : graphClient(flags, deps);
  const progress = progressLine(deps.tty ?? !!process.stderr.isTTY);
  try {
    return await collect({ arm, graph, scope, cloud: cloud.name, progress: progress.update });
  } catch (e) {
    throw azureUserError(e);
  } finally {
    progress.done();
    arm.close();
    graph?.close();
  }
}

function unreadableNote(s: Snapshot, io: Io): boolean {
  const u = s.manifest.subscriptions.unreadable;
  const errors = s.manifest.errors ?? [];
  for (const x of u) io.err(`ailz assess: subscription ${x.subscriptionId}${x.displayName ? ` (${x.displayName})` : ''} could not be read: ${x.reason}`);
  if (errors.length) io.err(`ailz assess: ${errors.length} read(s) failed; the report lists them (AILZ-LIVE-002)`);
  return u.length > 0 || errors.length > 0;
}

export async function runAssessExport(flags: ScopeFlags & { out?: string }, io: Io, deps: AzureDeps = {}): Promise<number> {
  if (!flags.out) throw new UserError('assess export: --out DIR is required', EXIT.USAGE);
  const target = resolve(flags.out);
  if (existsSync(target) && (!statSync(target).isDirectory() || readdirSync(target).length > 0)) {
    throw new UserError(`--out ${flags.out}: exists and is not an empty directory; choose a new directory`, EXIT.USAGE);
  }
  if (!existsSync(dirname(target))) throw new UserError(`--out ${flags.out}: parent directory ${dirname(target)} does not exist`, EXIT.USAGE);
  const snapshot = await read(flags, deps);
  const tmp = mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
  try {
    writeSnapshot(tmp, snapshot);
    if (existsSync(target)) rmSync(target, { recursive: true });
    renameSync(tmp, target);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const partial = unreadableNote(snapshot, io);
  io.out(`ailz assess: exported ${snapshot.tables.resources.length} resources from ${snapshot.manifest.subscriptions.seen.length} subscriptions to ${flags.out}`);
  return partial ? EXIT.PARTIAL : EXIT.OK;
}

/** Writes the pieces in ~1 MB writes: a 70 MB report is never one string. */
function writeChunks(file: string, chunks: Iterable<string>): void {
  const fd = openSync(file, 'w');
  try {
    let buf = '';
    for (const c of chunks) {
      buf += c;
      if (buf.length >= 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    if (buf) writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
}

function formatFor(flags: AssessFlags): AssessFormat {
  if (flags.format) {
    if (!(ASSESS_FORMATS as readonly string[]).includes(flags.format)) throw new UserError(`--format ${flags.format}: expected one of ${ASSESS_FORMATS.join(', ')}`, EXIT.USAGE);
    return flags.format as AssessFormat;
  }
  const ext = flags.out ? extname(flags.out).toLowerCase() : '';
  return ext === '.html' || ext === '.htm' ? 'html' : ext === '.json' ? 'json' : ext === '.sarif' ? 'sarif' : 'markdown';
}

function landingZone(flags: AssessFlags): { view?: LandingZoneView; against?: ReturnType<typeof loadDocuments> } {
  let view: LandingZoneView | undefined;
  // The config as validate and synth accept it (cli/load-config.ts); assess reads only its structure.
  if (flags.config) view = landingZoneFromConfig(loadConfigFile(flags.config, cliValidationOptions()));
  let against: ReturnType<typeof loadDocuments> | undefined;
  if (flags.against) {
    try {
      against = loadDocuments(flags.against);
    } catch (e) {
      throw new UserError(`--against ${flags.against}: ${(e as Error).message}`, EXIT.USAGE);
    }
    view = mergeSynthOutput(view, against);
  }
  return { view, against };
}

export async function runAssess(flags: AssessFlags, io: Io, deps: AzureDeps = {}): Promise<number> {
  const format = formatFor(flags);
  const failOn = parseFailOn(flags.failOn ?? 'error');
  if (flags.fromExport && (flags.managementGroup?.length || flags.subscription?.length)) {
    throw new UserError('--from-export assesses the export\'s own scope: drop --management-group/--subscription', EXIT.USAGE);
  }
  if (flags.out && !existsSync(dirname(resolve(flags.out)))) throw new UserError(`--out ${flags.out}: directory ${dirname(resolve(flags.out))} does not exist`, EXIT.USAGE);
  const lz = landingZone(flags);
  let baseline;
  try {
    baseline = flags.baseline ? readBaseline(flags.baseline) : undefined;
  } catch (e) {
    if (e instanceof BaselineError) throw new UserError(e.message, EXIT.USAGE);
    throw e;
  }

  let snapshot: Snapshot;
  if (flags.fromExport) {
    try {
      snapshot = readSnapshot(flags.fromExport);
    } catch (e) {
      if (e instanceof ExportFormatError) throw new UserError(`--from-export: ${e.message}`, EXIT.USAGE);
      throw e;
    }
  } else {
    snapshot = await read(flags, deps);
  }

  let report: AssessReport = assess(snapshot, { landingZone: lz.view, against: lz.against, asOf: flags.asOf });
  const age = report.coverage.find((c) => c.startsWith('Model lifecycle (AILZ-OAI-013): '));
  if (age) io.err(`warning: ${age.slice('Model lifecycle (AILZ-OAI-013): '.length)}`);
  if (baseline) report = applyBaseline(report, baseline);
  if (flags.out) {
    const tmp = `${resolve(flags.out)}.tmp-${process.pid}`;
    try {
      writeChunks(tmp, reportChunks(report, format));
      renameSync(tmp, resolve(flags.out));
    } catch (e) {
      rmSync(tmp, { force: true });
      // The contract's table (cli/errors.ts): permissions or a full disk exit 3, a path that cannot be a file 2.
      // By its code, not `instanceof Error`: fs errors cross realms under a test runner's vm.
      const code = (e as NodeJS.ErrnoException)?.code;
      if (typeof code === 'string') throw new UserError(`cannot write the report to ${flags.out}: ${errnoCause(code)}`, errnoExitCode(code));
      throw e;
    }
    io.err(`ailz assess: ${report.summary.errors} error(s), ${report.summary.warnings} warning(s)${baseline ? ' new since the baseline' : ''}; report written to ${flags.out}`);
  } else {
    io.out(formatReport(report, format));
  }
  const partial = unreadableNote(snapshot, io);
  if (partial) return EXIT.PARTIAL;
  return failsOn(report.findings, failOn) ? EXIT.FINDINGS : EXIT.OK;
}
