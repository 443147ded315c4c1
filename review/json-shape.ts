/**
 * The finding JSON of `diff` and `review-plan`: the shared shape of README "Finding JSON"
 * (`FindingRecord` in guardrails/types.ts, built by guardrails' `findingRecord`), with the evidence a
 * review adds (the change that introduced a finding, the planned action). Reports carry
 * `schemaVersion` and extend `check`'s `summary`, `findings` and `unmatchedSuppressions`.
 */
import { findingRecord } from '../guardrails/format';
import { FINDINGS_SCHEMA_VERSION } from '../guardrails/types';
import type { Finding, FindingRecord } from '../guardrails/types';

export { FINDINGS_SCHEMA_VERSION };
export type JsonFinding = FindingRecord;

export function toJsonFinding(f: Finding, evidence?: Record<string, unknown>): JsonFinding {
  const r = findingRecord(f);
  if (evidence && Object.keys(evidence).length > 0) r.evidence = { ...r.evidence, ...evidence };
  return r;
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
