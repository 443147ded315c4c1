/**
 * `ailz review-plan PLAN.json`: the security review of a `terraform show -json` plan of any stack:
 * deletes and replaces (protected resources are errors unless intended), role assignments, exposure
 * changes, the guardrails on the planned values, drift.
 */
import { readFileSync, statSync } from 'fs';
import { basename, resolve } from 'path';
import type { StackKind, TerraformDocument } from '../../guardrails';
import { STACK_KINDS } from '../../guardrails/stack-kind';
import { planLocator } from '../../plan/locate';
import { parsePlan, PlanFormatError, TerraformPlan } from '../../plan/read';
import { formatPlanReport, PLAN_FORMATS, PlanFormat } from '../../review/format-plan';
import { buildPlanReport } from '../../review/plan-report';
import { DEFAULT_CONFIG, FailOn, findingsExitCode } from '../command';
import { CliIo, fileError, UserError } from '../errors';
import { EXIT, ExitCode } from '../exit-codes';
import { loadConfigForReview, policySimulationFor, readDocuments } from './review-common';

export interface ReviewPlanOptions {
  readonly plan: string;
  readonly stack?: string;
  readonly stackKind?: string;
  readonly governance?: string;
  readonly config?: string;
  readonly format: string;
  /** Findings at or above this severity fail (exit 1). @default 'error' */
  readonly failOn?: FailOn;
  /** YYYY-MM-DD: expiries and model lifecycle are judged on this date. */
  readonly asOf: string;
  /** Policy definitions for the simulation: a directory or catalog file (default: `.ailz/policy-definitions` beside the config). */
  readonly policyDefinitions?: string;
  /** SARIF: URIs relative to this directory (the repository root); default the working directory. */
  readonly sarifBase?: string;
}

/** The largest plan JSON review-plan reads (as `check` caps its input: MAX_CHECK_INPUT_BYTES). */
export const MAX_PLAN_BYTES = 256 * 1024 * 1024;

/** `workload-chat.plan.json` -> `workload-chat`; `tfplan.json` -> `tfplan`. */
export function stackFromFile(file: string): string {
  return basename(file).replace(/\.json$/i, '').replace(/\.(tf)?plan$/i, '') || 'plan';
}

/**
 * The plan file's text. Only a regular file is read (a pipe or /dev/zero never ends), and at most
 * MAX_PLAN_BYTES of it: the 5,005-resource plan of bench/review.js is 10.8 MB.
 */
function readPlanText(file: string): string {
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UserError(`cannot read ${file}: not a regular file (give the file \`terraform show -json <planfile> > plan.json\` wrote)`, EXIT.USAGE);
    if (st.size > MAX_PLAN_BYTES) {
      throw new UserError(`${file} is ${(st.size / 1024 / 1024).toFixed(1)} MiB, over the ${MAX_PLAN_BYTES / 1024 / 1024} MiB review-plan reads: review the stacks' plans separately`, EXIT.USAGE);
    }
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw fileError(e, 'read', file);
  }
  return text;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Exit code: 0, or 1 when a finding at or above `failOn` remains; everything else throws (cli/errors.ts). */
export function runReviewPlan(opts: ReviewPlanOptions, io: CliIo): ExitCode {
  if (!(PLAN_FORMATS as readonly string[]).includes(opts.format)) {
    throw new UserError(`review-plan: unknown --format "${opts.format}"; expected one of ${PLAN_FORMATS.join(', ')}`, EXIT.USAGE);
  }
  if (opts.stackKind !== undefined && !(STACK_KINDS as readonly string[]).includes(opts.stackKind)) {
    throw new UserError(`review-plan: unknown --stack-kind "${opts.stackKind}"; expected one of ${STACK_KINDS.join(', ')}`, EXIT.USAGE);
  }
  const stack = opts.stack ?? stackFromFile(opts.plan);
  if (!/^[A-Za-z0-9._-]+$/.test(stack)) throw new UserError(`review-plan: --stack ${JSON.stringify(stack)}: use letters, digits, '.', '_' and '-'`, EXIT.USAGE);
  if (opts.sarifBase !== undefined && !isDirectory(opts.sarifBase)) throw new UserError(`--sarif-base ${opts.sarifBase}: not a directory`, EXIT.USAGE);
  const text = readPlanText(opts.plan);
  let plan: TerraformPlan;
  try {
    plan = parsePlan(text, opts.plan);
  } catch (e) {
    if (e instanceof PlanFormatError) throw new UserError(e.message, EXIT.USAGE);
    throw e;
  }
  const config = opts.config ? loadConfigForReview(opts.config, opts.asOf, io) : undefined;
  const governance: TerraformDocument[] | undefined = opts.governance ? readDocuments(resolve(opts.governance), opts.governance) : undefined;
  const policy = policySimulationFor(opts.policyDefinitions && resolve(opts.policyDefinitions), resolve(opts.config ?? DEFAULT_CONFIG), opts.asOf);
  const report = buildPlanReport(plan, {
    ...('simulate' in policy ? { policy: policy.simulate } : { policyMissing: policy.missing }),
    stack,
    kind: opts.stackKind as StackKind | undefined,
    suppressions: config?.suppressions,
    intendedRemovals: config?.intendedRemovals,
    governance,
    asOf: opts.asOf,
    locate: opts.format === 'sarif' ? planLocator(text, resolve(opts.plan)) : undefined,
  });
  const sarifBase = resolve(opts.sarifBase ?? '.');
  io.out(formatPlanReport(report, opts.format as PlanFormat, { sarifBase, toolVersion: (require('../../package.json') as { version: string }).version }));
  return findingsExitCode(report.findings, opts.failOn ?? 'error');
}
