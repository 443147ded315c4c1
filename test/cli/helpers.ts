import { spawnSync } from 'child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { TEST_AS_OF } from '../as-of';

export const ROOT = join(__dirname, '..', '..');
export const REFERENCE_CONFIG = join(ROOT, 'landing-zone.yaml');

export interface RunResult { code: number; stdout: string; stderr: string }

/**
 * Runs the real `ailz` command (bin/ailz.js) in `cwd`. Model lifecycle is judged on TEST_AS_OF
 * (`AILZ_AS_OF`), never the clock, unless a test passes `--as-of` or its own `AILZ_AS_OF`.
 */
export function ailz(args: string[], cwd: string = ROOT, env: Record<string, string> = {}): RunResult {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'ailz.js'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LANDING_ZONE_CONFIG: '', AILZ_AS_OF: TEST_AS_OF, ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ailz-test-'));
}

/** Every file under `dir` with its bytes, for byte-identical comparisons. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p, `${rel}${name}/`);
      else out[`${rel}${name}`] = readFileSync(p, 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

export const RUNNING_AS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Runs `ailz` so that file permissions apply to it. As root (containers, CI) it runs as root without
 * the capabilities that bypass them (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, via util-linux `setpriv`):
 * the checkout stays readable (root owns it), a file or directory the test made mode 000 or 555 does not.
 */
export function ailzUnprivileged(args: string[], cwd: string = ROOT, env: Record<string, string> = {}): RunResult {
  const command = [process.execPath, join(ROOT, 'bin', 'ailz.js'), ...args];
  const argv = RUNNING_AS_ROOT ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--', ...command] : command;
  const r = spawnSync(argv[0], argv.slice(1), {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, LANDING_ZONE_CONFIG: '', AILZ_AS_OF: TEST_AS_OF, ...env },
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary directory for `ailzUnprivileged` runs (kept for readability of the tests). */
export function sharedTempDir(): string {
  return tempDir();
}

/**
 * What synth prints when there are no policy definitions beside the reference config (`.ailz/` is git-ignored, so a
 * clean checkout has none): the policy gate did not run.
 */
export const POLICY_GATE_OFF = `warning: policy gate did not run: no policy definitions: ${join(ROOT, '.ailz', 'policy-definitions')} does not exist (run \`ailz policy pull\`, or pass --policy-definitions <directory or catalog file>)\n`;
