/**
 * Output directories are safe (cli/atomic.ts): only what ailz wrote is ever replaced, never a
 * directory holding the config or the project; symlinks and the umask are honoured; a write is
 * atomic under SIGINT/SIGTERM at every step, recoverable after SIGKILL, and exclusive under
 * concurrency. Faults are injected at named steps (AILZ_TEST_FAULT), never by timed kills.
 */
import { spawn, spawnSync } from 'child_process';
import {
  chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync,
} from 'fs';
import { join } from 'path';
import { OUTPUT_FORMAT, OUTPUT_MARKER, WRITE_STEPS } from '../../cli/atomic';
import { EXIT } from '../../cli/exit-codes';
import { TEST_AS_OF } from '../as-of';
import { ailz, ailzUnprivileged, readTree, REFERENCE_CONFIG, ROOT, RunResult, sharedTempDir, tempDir } from './helpers';

const reference = readFileSync(REFERENCE_CONFIG, 'utf8');

/** A config whose output differs from the reference's (so old and new output can be told apart). */
function otherConfig(dir: string): string {
  const file = join(dir, 'other.yaml');
  writeFileSync(file, reference.replace('capacity: 30', 'capacity: 31'));
  return file;
}

/** Runs synth with a fault injected; returns the result with the signal that ended it, if any. */
function synthWithFault(config: string, out: string, fault: string, cwd = ROOT): RunResult & { signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'ailz.js'), 'synth', '-c', config, '-o', out], {
    cwd, encoding: 'utf8', env: { ...process.env, LANDING_ZONE_CONFIG: '', AILZ_AS_OF: TEST_AS_OF, AILZ_TEST_FAULT: fault }, timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** Entries of a directory other than the ones named: leftovers of a write (temporary dirs, locks). */
const leftovers = (dir: string, ...expected: string[]) => readdirSync(dir).filter((n) => !expected.includes(n));

/** Synthesized once: the reference output, and what `otherConfig` gives (what an uninterrupted run writes). */
let referenceOutput: string;
let otherTree: Record<string, string>;
beforeAll(() => {
  const dir = tempDir();
  referenceOutput = join(dir, 'reference');
  expect(ailz(['synth', '-c', REFERENCE_CONFIG, '-o', referenceOutput]).code).toBe(0);
  expect(ailz(['synth', '-c', otherConfig(dir), '-o', join(dir, 'other')]).code).toBe(0);
  otherTree = readTree(join(dir, 'other'));
});

/** An existing output of the reference config (a copy of one synth), and the tree it holds. */
function existingOutput(): { dir: string; out: string; before: Record<string, string> } {
  const dir = tempDir();
  const out = join(dir, 'out');
  cpSync(referenceOutput, out, { recursive: true });
  return { dir, out, before: readTree(out) };
}

describe('what synth may replace', () => {
  it('writes a marker with a format version, and replaces a directory holding it', () => {
    const { dir, out, before } = existingOutput();
    expect(JSON.parse(before[OUTPUT_MARKER])).toEqual({ format: 'ailz-synth-output', version: OUTPUT_FORMAT.version });
    const r = ailz(['synth', '-c', otherConfig(dir), '-o', out]);
    expect(r.code).toBe(0);
    expect(readTree(out)).not.toEqual(before);
    expect(leftovers(dir, 'out', 'other.yaml')).toEqual([]);
  });

  it('accepts an empty directory', () => {
    const out = join(tempDir(), 'empty');
    mkdirSync(out);
    expect(ailz(['synth', '-c', REFERENCE_CONFIG, '-o', out]).code).toBe(0);
    expect(existsSync(join(out, OUTPUT_MARKER))).toBe(true);
  });

  it.each([
    ['a directory that merely contains manifest.json', { 'manifest.json': '{}', 'main.tf': 'keep me' }, /not an ailz output \(no \.ailz-output\.json\)/],
    ['a marker that is not ailz\'s', { [OUTPUT_MARKER]: '{"format":"something-else","version":1}', 'x.txt': 'keep' }, /is not an ailz marker/],
    ['a marker that is not JSON', { [OUTPUT_MARKER]: 'garbage', 'x.txt': 'keep' }, /is not an ailz marker/],
    ['an output of a newer ailz', { [OUTPUT_MARKER]: JSON.stringify({ format: 'ailz-synth-output', version: OUTPUT_FORMAT.version + 1 }) }, /written by a newer ailz \(output format 2, this one writes 1\)/],
  ])('refuses %s (exit 2) and leaves it untouched', (_what, files, message) => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
    const r = ailz(['synth', '-c', REFERENCE_CONFIG, '-o', out]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(message);
    expect(readTree(out)).toEqual(files);
    expect(leftovers(dir, 'out')).toEqual([]);
  });

  it('refuses a file', () => {
    const file = join(tempDir(), 'out');
    writeFileSync(file, 'x');
    const r = ailz(['synth', '-c', REFERENCE_CONFIG, '-o', file]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/exists and is not a directory/);
  });
});

describe('where synth may write', () => {
  /** A project directory holding the config; synth runs in it. */
  function project(): { dir: string; config: string } {
    const dir = tempDir();
    const config = join(dir, 'landing-zone.yaml');
    writeFileSync(config, reference);
    return { dir, config };
  }

  it.each([
    ['--out .', () => ['-o', '.'], /refusing to write there: it is the config file|it is the current directory|contains the config file/],
    ['--out .. (contains the project)', () => ['-o', '..'], /contains the config file|contains the current directory/],
    ['--out / ', () => ['-o', '/'], /refusing to write there/],
    ['--out the project through a symlink', (p: { dir: string }) => {
      const link = join(tempDir(), 'link');
      symlinkSync(p.dir, link);
      return ['-o', link];
    }, /refusing to write there/],
  ])('refuses %s (exit 2) and changes nothing', (_what, outArgs, message) => {
    const p = project();
    const before = readTree(p.dir);
    const r = ailz(['synth', '-c', p.config, ...outArgs(p)], p.dir);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(message);
    expect(readTree(p.dir)).toEqual(before);
  });

  it('refuses a directory that contains the config even from elsewhere', () => {
    const p = project();
    const r = ailz(['synth', '-c', p.config, '-o', p.dir], tempDir());
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/it contains the config file/);
  });

  it('refuses an output that would contain the ailz installation', () => {
    const elsewhere = project();
    const r = ailz(['synth', '-c', elsewhere.config, '-o', join(ROOT, '..')], elsewhere.dir);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/contains the ailz installation/);
  });

  it('a missing parent directory is a usage error', () => {
    const r = ailz(['synth', '-c', REFERENCE_CONFIG, '-o', join(tempDir(), 'no', 'such', 'out')]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/parent directory .* does not exist/);
  });

  it('an unwritable parent is an environment error (3) naming the directory; nothing is written', () => {
    const parent = sharedTempDir();
    chmodSync(parent, 0o555);
    const r = ailzUnprivileged(['synth', '-c', REFERENCE_CONFIG, '-o', join(parent, 'out')]);
    expect(r.code).toBe(EXIT.ENVIRONMENT);
    expect(r.stderr).toMatch(new RegExp(`--out .*${parent}.*permission denied \\(EACCES\\)`));
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe('symlinks and modes', () => {
  it('--out through a symlink writes into the target and keeps the link', () => {
    const { dir, out, before } = existingOutput();
    const link = join(dir, 'link');
    symlinkSync('out', link);
    expect(ailz(['synth', '-c', otherConfig(dir), '-o', link]).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe('out');
    expect(readTree(out)).not.toEqual(before);
    expect(readTree(link)).toEqual(readTree(out));
    expect(leftovers(dir, 'out', 'link', 'other.yaml')).toEqual([]);
  });

  it('a dangling symlink: the target is created, the link kept', () => {
    const dir = tempDir();
    const link = join(dir, 'link');
    symlinkSync(join(dir, 'real'), link);
    expect(ailz(['synth', '-c', REFERENCE_CONFIG, '-o', link]).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(join(dir, 'real')).isDirectory()).toBe(true);
    expect(existsSync(join(dir, 'real', 'stacks', 'platform', 'cdk.tf.json'))).toBe(true);
  });

  it.each([['022', 0o755], ['027', 0o750], ['077', 0o700]])('created directories follow umask %s', (umask, mode) => {
    const out = join(tempDir(), 'out');
    const r = spawnSync('sh', ['-c', `umask ${umask} && exec "$0" "$@"`, process.execPath, join(ROOT, 'bin', 'ailz.js'), 'synth', '-c', REFERENCE_CONFIG, '-o', out, '--as-of', TEST_AS_OF], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(mode);
    expect(statSync(join(out, 'stacks', 'platform')).mode & 0o777).toBe(mode);
  });

  it('a replaced output keeps the mode it had', () => {
    const { dir, out } = existingOutput();
    chmodSync(out, 0o750);
    expect(ailz(['synth', '-c', otherConfig(dir), '-o', out]).code).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o750);
  });
});

describe('atomic under signals, crashes and errors (fault injection at each step)', () => {
  const BEFORE_SWAP = ['locked', 'recovered', 'work-done', 'marker-written'];
  const signalCases = WRITE_STEPS.flatMap((step) => (['sigint', 'sigterm'] as const).map((sig) => [step, sig] as const));

  it('names every step the write goes through', () => {
    expect(WRITE_STEPS).toEqual(['locked', 'recovered', 'work-done', 'marker-written', 'old-moved', 'new-moved', 'old-removed']);
  });

  it.each(signalCases)('%s + %s: the old output or the new one, nothing else, then exit by the signal', (step, sig) => {
    const { dir, out, before } = existingOutput();
    const r = synthWithFault(otherConfig(dir), out, `${step}:${sig}`);
    expect(r.signal).toBe(sig.toUpperCase());
    const after = readTree(out);
    if (BEFORE_SWAP.includes(step)) {
      expect(after).toEqual(before);
      expect(r.stderr).toMatch(new RegExp(`${sig.toUpperCase()} received; .*out is unchanged`));
    } else {
      expect(after).not.toEqual(before);
      expect(after[OUTPUT_MARKER]).toBeDefined();
      expect(r.stderr).toMatch(/received; the new output is complete/);
      expect(after).toEqual(otherTree); // exactly what an uninterrupted run writes
    }
    expect(leftovers(dir, 'out', 'other.yaml')).toEqual([]);
  });

  it.each(WRITE_STEPS.map((s) => [s]))('SIGKILL at %s: the next run recovers and leaves nothing behind', (step) => {
    const { dir, out, before } = existingOutput();
    const r = synthWithFault(otherConfig(dir), out, `${step}:sigkill`);
    expect(r.signal).toBe('SIGKILL');
    // The next run fails its guardrail gate after recovery: the output it finds is the old one, restored if the swap was cut.
    const warning = join(dir, 'warning.yaml');
    writeFileSync(warning, reference.replace('    machineLearning: false\n', '    machineLearning: false\n    deleteLock: false\n'));
    const next = ailz(['synth', '-c', warning, '-o', out, '--fail-on', 'warning']);
    expect(next.code).toBe(EXIT.FINDINGS);
    if (['locked', 'recovered', 'work-done', 'marker-written', 'old-moved'].includes(step)) expect(readTree(out)).toEqual(before);
    else expect(readTree(out)).not.toEqual(before);
    expect(leftovers(dir, 'out', 'other.yaml', 'warning.yaml')).toEqual([]);
  });

  it.each([['locked', 'EROFS', /read-only file system \(EROFS\)/], ['work-done', 'ENOSPC', /no space left on the device \(ENOSPC\)/], ['marker-written', 'EIO', /input\/output error \(EIO\)/]])(
    'a system error at %s (%s) is an environment error; the old output stays, nothing is left behind',
    (step, code, message) => {
      const { dir, out, before } = existingOutput();
      const r = synthWithFault(otherConfig(dir), out, `${step}:throw:${code}`);
      expect(r.code).toBe(EXIT.ENVIRONMENT);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/the previous output is unchanged/);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(readTree(out)).toEqual(before);
      expect(leftovers(dir, 'out', 'other.yaml')).toEqual([]);
    },
  );
});

describe('concurrent writers', () => {
  it('one wins, the other fails with a clear message (exit 3), nothing half-written', async () => {
    const { dir, out, before } = existingOutput();
    const barrier = join(dir, 'barrier');
    const first = spawn(process.execPath, [join(ROOT, 'bin', 'ailz.js'), 'synth', '-c', otherConfig(dir), '-o', out], {
      env: { ...process.env, LANDING_ZONE_CONFIG: '', AILZ_AS_OF: TEST_AS_OF, AILZ_TEST_FAULT: `work-done:hold:${barrier}` }, stdio: 'ignore',
    });
    const firstDone = new Promise<number | null>((res) => first.on('exit', (code) => res(code)));
    // Wait (on the file system, not a clock) until the first writer holds the lock mid-write.
    while (!existsSync(`${barrier}.reached`)) await new Promise((r) => setTimeout(r, 20));

    const second = ailz(['synth', '-c', REFERENCE_CONFIG, '-o', out]);
    expect(second.code).toBe(EXIT.ENVIRONMENT);
    expect(second.stderr).toMatch(new RegExp(`another ailz \\(pid ${first.pid}\\) is writing it; wait for it to finish`));
    expect(readTree(out)).toEqual(before);

    writeFileSync(barrier, '');
    expect(await firstDone).toBe(0);
    expect(readTree(out)).not.toEqual(before);
    expect(leftovers(dir, 'out', 'other.yaml', 'barrier', 'barrier.reached')).toEqual([]);
  });

  it('a stale lock (its process is gone) is recovered', () => {
    const { dir, out } = existingOutput();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(join(dir, '.out.ailz-lock'), JSON.stringify({ pid: dead, hostname: require('os').hostname(), nonce: 'deadbeef' }));
    const r = ailz(['synth', '-c', otherConfig(dir), '-o', out]);
    expect(r.code).toBe(0);
    expect(leftovers(dir, 'out', 'other.yaml')).toEqual([]);
  });

  it('an unreadable (half-written) lock counts as stale', () => {
    const { dir, out } = existingOutput();
    writeFileSync(join(dir, '.out.ailz-lock'), '');
    expect(ailz(['synth', '-c', REFERENCE_CONFIG, '-o', out]).code).toBe(0);
    expect(leftovers(dir, 'out')).toEqual([]);
  });

  it('a lock held on another host is not broken; the message says how to clear it', () => {
    const { dir, out, before } = existingOutput();
    const lock = join(dir, '.out.ailz-lock');
    writeFileSync(lock, JSON.stringify({ pid: 1, hostname: 'build-agent-7', nonce: 'cafe' }));
    const r = ailz(['synth', '-c', otherConfig(dir), '-o', out]);
    expect(r.code).toBe(EXIT.ENVIRONMENT);
    expect(r.stderr).toMatch(/another ailz \(pid 1 on build-agent-7\) is writing it; if none is running there, delete .*\.out\.ailz-lock/);
    expect(readTree(out)).toEqual(before);
  });
});

