/**
 * `ailz review-plan PLAN.json`: the security review of a `terraform show -json` plan of any stack:
 * deletes and replaces (protected resources are errors unless intended), role assignments, exposure
 * changes, the guardrails on the planned values, drift.
 */
import { readFileSync } from 'fs';
import { basename, resolve } from 'path';
import type { StackKind, TerraformDocument } from '../../guardrails';
import { STACK_KINDS } from '../../guardrails/stack-kind';
import { planLocator } from '../../plan/locate';
import { parsePlan, PlanFormatError, TerraformPlan } from '../../plan/read';
import { formatPlanReport, PLAN_FORMATS, PlanFormat } from '../../review/format-plan';
import { buildPlanReport } from '../../review/plan-report';
import { UserError } from '../atomic';
import { EXIT, ExitCode } from '../exit-codes';
import { FailOn, FAIL_ON, failsOn, ioError, loadConfigForReview, policySimulationFor, readDocuments } from './review-common';


export interface ReviewPlanOptions {
  readonly plan: string;
  readonly stack?: string;
  readonly stackKind?: string;
  readonly governance?: string;
  readonly config?: string;
  readonly format: string;
  readonly failOn: string;
  /** YYYY-MM-DD: expiries and model lifecycle are judged on this date (default today, UTC). */
  readonly asOf?: string;
  /** Policy definitions for the simulation: a directory or catalog file (default: `.ailz/policy-definitions` beside the config). */
  readonly policyDefinitions?: string;
  /** SARIF: URIs relative to this directory (the repository root); default the working directory. */
  readonly sarifBase?: string;
  readonly cwd?: string;
}

/** `workload-chat.plan.json` -> `workload-chat`; `tfplan.json` -> `tfplan`. */
export function stackFromFile(file: string): string {
  return basename(file).replace(/\.json$/i, '').replace(/\.(tf)?plan$/i, '') || 'plan';
}

export function runReviewPlan(opts: ReviewPlanOptions, io: { out(t: string): void; err(t: string): void }): ExitCode {
  if (!(PLAN_FORMATS as readonly string[]).includes(opts.format)) {
    throw new UserError(`review-plan: unknown --format "${opts.format}"; expected one of ${PLAN_FORMATS.join(', ')}`, EXIT.USAGE);
  }
  if (!(FAIL_ON as readonly string[]).includes(opts.failOn)) throw new UserError(`review-plan: unknown --fail-on "${opts.failOn}"; expected one of ${FAIL_ON.join(', ')}`, EXIT.USAGE);
  if (opts.stackKind !== undefined && !(STACK_KINDS as readonly string[]).includes(opts.stackKind)) {
    throw new UserError(`review-plan: unknown --stack-kind "${opts.stackKind}"; expected one of ${STACK_KINDS.join(', ')}`, EXIT.USAGE);
  }
  const cwd = opts.cwd ?? process.cwd();
  let text: string;
  try {
    text = readFileSync(resolve(cwd, opts.plan), 'utf8');
  } catch (e) {
    throw ioError(e, 'read', opts.plan);
  }
  let plan: TerraformPlan;
  try {
    plan = parsePlan(text, opts.plan);
  } catch (e) {
    if (e instanceof PlanFormatError) throw new UserError(e.message, EXIT.USAGE);
    throw e;
  }
  const config = opts.config ? loadConfigForReview(resolve(cwd, opts.config), opts.config, opts.asOf) : undefined;
  const governance: TerraformDocument[] | undefined = opts.governance ? readDocuments(resolve(cwd, opts.governance), opts.governance) : undefined;
  const stack = opts.stack ?? stackFromFile(opts.plan);
  if (!/^[A-Za-z0-9._-]+$/.test(stack)) throw new UserError(`review-plan: --stack ${JSON.stringify(stack)}: use letters, digits, '.', '_' and '-'`, EXIT.USAGE);
  const today = opts.asOf ?? new Date().toISOString().slice(0, 10);
  const policy = policySimulationFor(opts.policyDefinitions && resolve(cwd, opts.policyDefinitions), resolve(cwd, opts.config ?? 'landing-zone.yaml'), today);
  const report = buildPlanReport(plan, {
    ...('simulate' in policy ? { policy: policy.simulate } : { policyMissing: policy.missing }),
    stack,
    kind: opts.stackKind as StackKind | undefined,
    suppressions: config?.suppressions,
    intendedRemovals: config?.intendedRemovals,
    governance,
    asOf: opts.asOf,
    locate: opts.format === 'sarif' ? planLocator(text, resolve(cwd, opts.plan)) : undefined,
  });
  io.out(formatPlanReport(report, opts.format as PlanFormat, { sarifBase: opts.sarifBase ? resolve(cwd, opts.sarifBase) : cwd, toolVersion: (require('../../package.json') as { version: string }).version }));
  return failsOn(report.findings, opts.failOn as FailOn) ? EXIT.FINDINGS : EXIT.OK;
}
