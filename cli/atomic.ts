/**
 * Safe, atomic output directories (README "Output directories").
 *
 * - Only ailz output is ever replaced: a directory is an ailz output when it holds the marker ailz
 *   writes (`.ailz-output.json`, with a format version), never because some file happens to exist.
 * - The output never contains the config file or the project (`--out .` is refused).
 * - `--out` through a symlink writes into the link's target and keeps the link.
 * - One writer at a time: a lock file beside the output, with stale-lock recovery (a lock whose
 *   process is gone is broken; one held by a live process fails the second writer with a message).
 * - The new output is built in `.<name>.ailz-new` beside the target, synced to disk, and swapped in by
 *   two renames. SIGINT, SIGTERM and SIGHUP are deferred while they run: an interrupted run leaves the
 *   old output or the new one and no temporary directory. After a SIGKILL or power loss, the next
 *   run (under the lock) restores the old output if the swap was cut in half and removes leftovers.
 * - Directories ailz creates follow the umask; a replaced output keeps the mode it had.
 */
import { randomBytes } from 'crypto';
import {
  closeSync, existsSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync,
  realpathSync, renameSync, rmSync, statSync, chmodSync, writeFileSync,
} from 'fs';
import { hostname } from 'os';
import { basename, dirname, join, relative, resolve, sep, isAbsolute } from 'path';
import { describeErrno, errnoExitCode, isErrnoError, UserError } from './errors';
import { EXIT } from './exit-codes';

export { UserError } from './errors';

/** The marker that makes a directory an ailz output. Bump `version` when the layout changes incompatibly. */
export const OUTPUT_MARKER = '.ailz-output.json';
export const OUTPUT_FORMAT = { format: 'ailz-synth-output', version: 1 } as const;

/** The named points of a write, in order; fault injection (tests) and the README refer to them. */
export const WRITE_STEPS = ['locked', 'recovered', 'work-done', 'marker-written', 'old-moved', 'new-moved', 'old-removed'] as const;
export type WriteStep = (typeof WRITE_STEPS)[number];

export interface AtomicWriteOptions {
  /** Paths the output directory must not be or contain, each with what it is (`the config file`). */
  readonly protect?: readonly { readonly path: string; readonly what: string }[];
  /**
   * Called at each step; tests use it to crash, signal or fail at a precise point. Default: the
   * `AILZ_TEST_FAULT` environment variable (see `faultsFromEnv`).
   */
  readonly fault?: (step: WriteStep) => void;
}

export interface WriteResult {
  /** The directory written (the symlink's target when `--out` is a symlink). */
  readonly dir: string;
  readonly replaced: boolean;
}

const DEFERRED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Raised inside a write when a deferred signal arrived before the swap; the write is rolled back. */
class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

/**
 * Runs `work` against a fresh directory beside `outDir`; if it succeeds, that directory replaces
 * `outDir`. On any error or interrupting signal before the swap the output is untouched and nothing
 * is left behind. Throws UserError for a refused location or a held lock.
 */
export async function writeAtomically(outDir: string, work: (tmpDir: string) => void | Promise<void>, opts: AtomicWriteOptions = {}): Promise<WriteResult> {
  const fault = opts.fault ?? faultsFromEnv(process.env);
  const target = resolveTarget(outDir);
  refuseProtected(outDir, target, opts.protect ?? []);
  checkReplaceable(outDir, target);

  const pending: NodeJS.Signals[] = [];
  const onSignal = (sig: NodeJS.Signals) => { pending.push(sig); };
  for (const s of DEFERRED_SIGNALS) process.on(s, onSignal);
  const checkpoint = async () => {
    // Signal handlers run from the event loop: yield once so a signal that arrived during
    // synchronous work is seen here, where the write can still be rolled back.
    await new Promise((r) => setImmediate(r));
    if (pending.length > 0) throw new Interrupted(pending[0]);
  };

  const paths = workPaths(target);
  let lock: Lock | undefined;
  let committed = false;
  let oldMoved = false;
  let replaced = false;
  try {
    lock = acquireLock(paths.lock, outDir);
    fault('locked');
    recoverLeftovers(paths, target);
    fault('recovered');
    await checkpoint();

    mkdirSync(paths.next); // the umask applies
    await work(paths.next);
    fault('work-done');
    await checkpoint();
    // A re-check after the work: another tool may have filled the directory meanwhile.
    checkReplaceable(outDir, target);
    writeFileSync(join(paths.next, OUTPUT_MARKER), `${JSON.stringify(OUTPUT_FORMAT)}\n`);
    syncTree(paths.next);
    fault('marker-written');
    await checkpoint();
    lock.assertHeld();

    // The swap: signals are only recorded from here on, and acted on once it is complete.
    replaced = existsSync(target);
    if (replaced) {
      chmodSync(paths.next, statSync(target).mode & 0o7777);
      renameSync(target, paths.old);
      oldMoved = true;
      fault('old-moved');
    }
    renameSync(paths.next, target);
    committed = true;
    syncDir(paths.parent);
    fault('new-moved');
    if (replaced) rmSync(paths.old, { recursive: true, force: true });
    fault('old-removed');
    return { dir: target, replaced };
  } catch (e) {
    if (!committed && lock?.held) {
      if (oldMoved) renameSync(paths.old, target); // the second rename failed: the old output goes back
      rmSync(paths.next, { recursive: true, force: true });
    }
    throw asUserError(e, target);
  } finally {
    lock?.release();
    // A signal that arrived during the (synchronous) swap is delivered by the event loop: let it in
    // before the handlers go, or it would be lost.
    await new Promise((r) => setImmediate(r));
    for (const s of DEFERRED_SIGNALS) process.removeListener(s, onSignal);
    if (pending.length > 0) {
      process.stderr.write(`ailz: ${pending[0]} received; ${committed ? `the new output is complete in ${outDir}` : `${outDir} is unchanged`}\n`);
      process.kill(process.pid, pending[0]); // the default action now: exit as killed by the signal
    }
  }
}

function asUserError(e: unknown, target: string): unknown {
  if (isErrnoError(e)) return new UserError(`--out ${target}: ${describeErrno(e)}; the previous output is unchanged`, errnoExitCode(e.code));
  return e;
}

interface WorkPaths {
  readonly parent: string;
  readonly next: string;
  readonly old: string;
  readonly lock: string;
}

function workPaths(target: string): WorkPaths {
  const parent = dirname(target);
  const name = basename(target);
  return { parent, next: join(parent, `.${name}.ailz-new`), old: join(parent, `.${name}.ailz-old`), lock: join(parent, `.${name}.ailz-lock`) };
}

/** The real directory to write: symlinks (also dangling ones, and chains) are followed; the link stays. */
function resolveTarget(outDir: string): string {
  let p = resolve(outDir);
  for (let hops = 0; ; hops++) {
    let st;
    try {
      st = lstatSync(p);
    } catch (e) {
      if (isErrnoError(e) && e.code === 'ENOENT') break;
      throw asUserError(e, p);
    }
    if (!st.isSymbolicLink()) break;
    if (hops >= 40) throw new UserError(`--out ${outDir}: too many levels of symbolic links`, EXIT.USAGE);
    p = resolve(dirname(p), readlinkSync(p));
  }
  const parent = dirname(p);
  let realParent: string;
  try {
    realParent = realpathSync(parent);
  } catch (e) {
    if (isErrnoError(e) && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) {
      throw new UserError(`--out ${outDir}: parent directory ${parent} does not exist`, EXIT.USAGE);
    }
    throw asUserError(e, parent);
  }
  return join(realParent, basename(p));
}

/** `true` when `inner` is `outer` or inside it. */
function isWithin(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

function realOrResolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Refuses an output directory that is or contains a protected path, naming every one it would contain. */
function refuseProtected(outDir: string, target: string, protect: readonly { path: string; what: string }[]): void {
  const hits = protect.flatMap(({ path, what }) => {
    const real = realOrResolved(path);
    return isWithin(target, real) ? [`${real === target ? 'is' : 'contains'} ${what} (${real})`] : [];
  });
  if (hits.length > 0) {
    throw new UserError(`--out ${outDir}: refusing to write there: it ${hits.join(', and it ')}; choose a directory of its own, e.g. cdktf.out`, EXIT.USAGE);
  }
}

/** The parsed marker of `dir`, or a reason it is not an ailz output. */
function readMarker(dir: string): { version: number } | string {
  let text: string;
  try {
    text = readFileSync(join(dir, OUTPUT_MARKER), 'utf8');
  } catch {
    return `no ${OUTPUT_MARKER}`;
  }
  try {
    const m = JSON.parse(text) as { format?: unknown; version?: unknown };
    if (m.format === OUTPUT_FORMAT.format && Number.isInteger(m.version)) return { version: m.version as number };
  } catch {
    // fall through
  }
  return `${OUTPUT_MARKER} is not an ailz marker`;
}

/** Refuses to replace anything that is not an empty directory or an ailz output this version understands. */
function checkReplaceable(outDir: string, target: string): void {
  let st;
  try {
    st = statSync(target);
  } catch (e) {
    if (isErrnoError(e) && e.code === 'ENOENT') return;
    throw asUserError(e, target);
  }
  if (!st.isDirectory()) throw new UserError(`--out ${outDir}: exists and is not a directory`, EXIT.USAGE);
  let entries: string[];
  try {
    entries = readdirSync(target);
  } catch (e) {
    throw asUserError(e, target);
  }
  if (entries.length === 0) return;
  const marker = readMarker(target);
  if (typeof marker === 'string') {
    throw new UserError(
      `--out ${outDir}: refusing to replace a non-empty directory that is not an ailz output (${marker}); ` +
      'choose another --out, or empty it yourself if it is an output of an earlier ailz', EXIT.USAGE);
  }
  if (marker.version > OUTPUT_FORMAT.version) {
    throw new UserError(`--out ${outDir}: written by a newer ailz (output format ${marker.version}, this one writes ${OUTPUT_FORMAT.version}); upgrade ailz or choose another --out`, EXIT.USAGE);
  }
}

/**
 * After a crash: `.ailz-old` without the target means the swap was cut between its two renames, so
 * the old output goes back; anything else left over is removed. Runs only while holding the lock.
 */
function recoverLeftovers(paths: WorkPaths, target: string): void {
  if (existsSync(paths.old)) {
    if (!existsSync(target) && typeof readMarker(paths.old) !== 'string') renameSync(paths.old, target);
    else rmSync(paths.old, { recursive: true, force: true });
  }
  rmSync(paths.next, { recursive: true, force: true });
  const lockName = basename(paths.lock);
  for (const name of readdirSync(paths.parent)) {
    const m = new RegExp(`^${escapeRegExp(lockName)}\\.(\\d+)\\.[0-9a-f]+$`).exec(name);
    if (m && !isAlive(Number(m[1]))) rmSync(join(paths.parent, name), { force: true });
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------------------------------------
// The lock: `.<name>.ailz-lock` holding { pid, hostname, nonce }. It is created complete (written to
// a private file, then hard-linked into place, which fails if a lock exists), so a reader never
// sees a half-written lock of a live writer.

interface LockInfo { pid: number; hostname: string; nonce: string }

interface Lock {
  readonly held: boolean;
  /** Throws if another process broke the lock (it judged us dead): the swap must not happen. */
  assertHeld(): void;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(file, 'utf8')) as LockInfo;
    return Number.isInteger(info.pid) && typeof info.hostname === 'string' && typeof info.nonce === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

function acquireLock(file: string, outDir: string): Lock {
  const me: LockInfo = { pid: process.pid, hostname: hostname(), nonce: randomBytes(8).toString('hex') };
  const mine = `${file}.${me.pid}.${me.nonce}`;
  writeFileSync(mine, `${JSON.stringify(me)}\n`, { flag: 'wx' });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(mine, file);
        return heldLock(file, me);
      } catch (e) {
        if (!isErrnoError(e) || e.code !== 'EEXIST') throw e;
      }
      const other = readLock(file);
      if (other && other.hostname !== me.hostname) {
        throw new UserError(`--out ${outDir}: another ailz (pid ${other.pid} on ${other.hostname}) is writing it; if none is running there, delete ${file}`, EXIT.ENVIRONMENT);
      }
      if (other && isAlive(other.pid)) {
        throw new UserError(`--out ${outDir}: another ailz (pid ${other.pid}) is writing it; wait for it to finish (lock ${file})`, EXIT.ENVIRONMENT);
      }
      breakStaleLock(file, other);
    }
    throw new UserError(`--out ${outDir}: could not take the lock ${file}; another ailz keeps taking it`, EXIT.ENVIRONMENT);
  } finally {
    rmSync(mine, { force: true });
  }
}

/**
 * Removes a lock whose owner is gone. The lock is first renamed to a private name, so of several
 * processes breaking it at once only one gets it; if what it got is not the stale lock it judged
 * (someone broke it and took it in between), it is put back.
 */
function breakStaleLock(file: string, stale: LockInfo | undefined): void {
  const aside = `${file}.${process.pid}.${randomBytes(8).toString('hex')}`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if (isErrnoError(e) && e.code === 'ENOENT') return; // someone else broke it: try again
    throw e;
  }
  const got = readLock(aside);
  if (got && (!stale || got.nonce !== stale.nonce) && isAlive(got.pid)) {
    try {
      linkSync(aside, file); // a live writer's lock: give it back
    } catch {
      // a third writer took the free slot; the live writer notices in assertHeld()
    }
  }
  rmSync(aside, { force: true });
}

function heldLock(file: string, me: LockInfo): Lock {
  let held = true;
  return {
    get held() {
      return held;
    },
    assertHeld() {
      const now = readLock(file);
      if (!now || now.nonce !== me.nonce) throw new UserError(`the lock ${file} was taken over by another ailz; nothing was written`, EXIT.ENVIRONMENT);
    },
    release() {
      if (!held) return;
      held = false;
      const now = readLock(file);
      if (now && now.nonce === me.nonce) rmSync(file, { force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Durability: the new tree reaches the disk before it is swapped in, and the swap itself is synced.

function syncFile(p: string): void {
  const fd = openSync(p, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncDir(dir: string): void {
  try {
    syncFile(dir);
  } catch (e) {
    // Some file systems cannot fsync a directory (EINVAL/EISDIR); the data itself was synced.
    if (!isErrnoError(e) || !['EINVAL', 'EISDIR', 'EPERM', 'EBADF'].includes(e.code!)) throw e;
  }
}

function syncTree(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) syncTree(p);
    else if (entry.isFile()) syncFile(p);
  }
  syncDir(dir);
}

// ---------------------------------------------------------------------------------------------
// Fault injection, for tests only: AILZ_TEST_FAULT="<step>:<action>[,<step>:<action>...]" where
// action is sigint | sigterm | sighup | sigkill (the process signals itself at that step),
// throw:<ERRNO> (a system error with that code, e.g. throw:ENOSPC), or hold:<file> (creates
// <file>.reached, then waits until <file> exists: a barrier for concurrency tests, no timers).

export function faultsFromEnv(env: NodeJS.ProcessEnv): (step: WriteStep) => void {
  const spec = env.AILZ_TEST_FAULT;
  if (!spec) return () => undefined;
  const faults = new Map<string, string>();
  for (const part of spec.split(',')) {
    const i = part.indexOf(':');
    faults.set(part.slice(0, i), part.slice(i + 1));
  }
  return (step) => {
    const action = faults.get(step);
    if (!action) return;
    if (/^sig(int|term|hup|kill)$/.test(action)) process.kill(process.pid, action.toUpperCase() as NodeJS.Signals);
    else if (action.startsWith('throw:')) {
      const code = action.slice('throw:'.length);
      throw Object.assign(new Error(`${code}: injected at ${step}`), { code, syscall: 'write', path: `(injected at ${step})` });
    } else if (action.startsWith('hold:')) {
      const file = action.slice('hold:'.length);
      writeFileSync(`${file}.reached`, String(process.pid));
      const sleeper = new Int32Array(new SharedArrayBuffer(4));
      while (!existsSync(file)) Atomics.wait(sleeper, 0, 0, 20);
    }
  };
}
