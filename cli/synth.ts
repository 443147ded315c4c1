/**
 * Atomic synthesis: validate, build and synthesize into a temporary directory beside the output,
 * evaluate, and only then replace the output directory. On any error the output is untouched.
 */
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'fs';
import { basename, dirname, join, resolve } from 'path';
import { App } from 'cdktf';
import type { LandingZoneConfig } from '../config/load';
import { buildLandingZone } from '../stacks/landing-zone';

/** A problem the user must fix (bad input, refused output location): printed without a stack trace. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 = 1) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * Synthesizes every stack of `config` into `dir` (cdktf layout: `dir/manifest.json`,
 * `dir/stacks/<stack>/cdk.tf.json`, or `cdk.tf` with `format: 'hcl'`).
 */
export function synthesizeTo(config: LandingZoneConfig, dir: string, format: 'json' | 'hcl' = 'json'): void {
  // cdktf's stack synthesizer reads SYNTH_HCL_OUTPUT itself; pin it to the format asked for, so the
  // JSON the guardrails judge is JSON even when cdktf-cli runs us with --hcl.
  const saved = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = format === 'hcl' ? 'true' : 'false';
  const restoreStackTraces = withoutTokenStackTraces();
  try {
    const app = new App({ outdir: dir, stackTraces: false, skipValidation: false, hclOutput: format === 'hcl' });
    buildLandingZone(app, config);
    app.synth();
  } finally {
    restoreStackTraces();
    if (saved === undefined) delete process.env.SYNTH_HCL_OUTPUT;
    else process.env.SYNTH_HCL_OUTPUT = saved;
  }
}

/**
 * cdktf records a complete stack trace (with an unlimited depth) for every token it creates, only to
 * print it if that token is later misused; with thousands of attribute references that is a quarter
 * of synth time for large landing zones (bench/: 100 workloads). ailz never prints those traces
 * (user errors never show stack traces), so synthesis runs with `Error.captureStackTrace` answering
 * an empty trace; the original is restored afterwards. Only the creation traces of cdktf tokens are
 * affected: thrown errors still carry their own stack.
 */
function withoutTokenStackTraces(): () => void {
  const original = Error.captureStackTrace;
  const noTrace = (target: object) => {
    Object.defineProperty(target, 'stack', { value: '', configurable: true, writable: true });
  };
  Error.captureStackTrace = noTrace as typeof Error.captureStackTrace;
  return () => {
    Error.captureStackTrace = original;
  };
}

/**
 * Runs `work` against a fresh temporary directory next to `outDir`; if it returns without throwing,
 * the temporary directory replaces `outDir`. Refuses to replace a directory that is not a previous
 * synth output, so a mistyped `--out .` cannot wipe a checkout.
 */
export function writeAtomically(outDir: string, work: (tmpDir: string) => void): void {
  const target = resolve(outDir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new UserError(`--out ${outDir}: exists and is not a directory`, 2);
    const entries = readdirSync(target);
    if (entries.length > 0 && !entries.includes('manifest.json')) {
      throw new UserError(`--out ${outDir}: refusing to replace a non-empty directory that is not a synth output (no manifest.json)`, 2);
    }
  }
  const parent = dirname(target);
  if (!existsSync(parent)) throw new UserError(`--out ${outDir}: parent directory ${parent} does not exist`, 2);
  const tmp = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
  try {
    work(tmp);
    if (existsSync(target)) {
      const old = `${tmp}.old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
