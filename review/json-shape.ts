/**
 * The one versioned JSON finding shape that `check`, `diff`, `review-plan` (and later `assess`)
 * print with `--format json` (README "Finding JSON"). A finding names its rule, severity, stack, and
 * either the Terraform address or, for a live resource, the ARM resource ID; says what is wrong
 * (`message`) and how to fix it (`fix`); and carries `evidence`: the values the verdict rests on.
 * Reports extend today's `check --format json` document (`summary`, `findings`,
 * `unmatchedSuppressions`) with their own sections.
 */
import type { ControlArea, Finding, Severity } from '../guardrails/types';

/** Bumped on any incompatible change of the finding shape or of a report's top-level fields. */
export const FINDINGS_SCHEMA_VERSION = 1;

/**
 * One finding as every command's JSON prints it: the fields of `FindingRecord` in the "check-input"
 * work (guardrails/types.ts) and `schemaVersion` on each finding as `assess` writes it (assess/model.ts
 * LiveFinding), so a finding taken out of its report still says which shape it is. The report carries
 * `schemaVersion` too.
 */
export interface JsonFinding {
  readonly schemaVersion: typeof FINDINGS_SCHEMA_VERSION;
  readonly rule: string;
  readonly severity: Severity;
  readonly stack: string;
  /** Terraform address (synth output, plan). */
  readonly address?: string;
  /** ARM resource ID (live assessment). */
  readonly resourceId?: string;
  readonly message: string;
  /** What the verdict rests on (values, plan actions, the change that introduced it); `{}` when nothing more. */
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly fix: string;
  /** Same text as `fix` (the key of the first JSON shape, kept for existing readers). */
  readonly remediation: string;
  readonly area: ControlArea;
  /** Present when a config entry accepted the finding. */
  readonly suppressed?: { readonly justification: string; readonly expires: string };
}

export function toJsonFinding(f: Finding, evidence?: Record<string, unknown>): JsonFinding {
  const own = (f as Finding & { evidence?: Record<string, unknown> }).evidence;
  return {
    schemaVersion: FINDINGS_SCHEMA_VERSION,
    rule: f.rule,
    severity: f.severity,
    stack: f.stack,
    address: f.address,
    message: f.message,
    evidence: { ...(own ?? {}), ...(evidence ?? {}) },
    fix: f.remediation,
    remediation: f.remediation,
    area: f.area,
    ...(f.suppressed ? { suppressed: f.suppressed } : {}),
  };
}

/** `summary` counts, as in `check --format json`. */
export function findingCounts(findings: readonly Finding[]): { errors: number; warnings: number; suppressed: number } {
  const open = findings.filter((f) => !f.suppressed);
  return {
    errors: open.filter((f) => f.severity === 'error').length,
    warnings: open.filter((f) => f.severity === 'warning').length,
    suppressed: findings.length - open.length,
  };
}
