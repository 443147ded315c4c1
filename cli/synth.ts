/**
 * Synthesis of the landing zone. Loaded only by `ailz synth` (it pulls in cdktf and the provider
 * classes); `check`, `rules`, `validate` and `schema` start without it.
 */
import { writeFileSync } from 'fs';
import { join } from 'path';
import { App } from 'cdktf';
import type { LandingZoneConfig } from '../config/load';
import { buildLandingZone, stackOrder } from '../stacks/landing-zone';

/** The stack order file synth writes beside manifest.json (README "Plan and apply"). */
export const STACK_ORDER_FILE = 'ailz-stacks.json';

/**
 * Synthesizes every stack of `config` into `dir` (cdktf layout: `dir/manifest.json`,
 * `dir/stacks/<stack>/cdk.tf.json`, or `cdk.tf` with `format: 'hcl'`), and `dir/ailz-stacks.json`: the
 * apply order, each stack's dependencies and the plan-time lookups that fail while they are missing.
 */
export function synthesizeTo(config: LandingZoneConfig, dir: string, format: 'json' | 'hcl' = 'json'): void {
  // cdktf's stack synthesizer reads SYNTH_HCL_OUTPUT itself; pin it to the format asked for, so the
  // JSON the guardrails judge is JSON even when cdktf-cli runs us with --hcl.
  const saved = process.env.SYNTH_HCL_OUTPUT;
  process.env.SYNTH_HCL_OUTPUT = format === 'hcl' ? 'true' : 'false';
  const restoreStackTraces = withoutTokenStackTraces();
  try {
    const app = new App({ outdir: dir, stackTraces: false, skipValidation: false, hclOutput: format === 'hcl' });
    const lz = buildLandingZone(app, config);
    app.synth();
    writeFileSync(join(dir, STACK_ORDER_FILE), `${JSON.stringify(stackOrder(lz), null, 2)}\n`);
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
