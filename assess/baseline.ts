/**
 * `--baseline FILE`: a previous JSON report. Only what is new since, and what the baseline had that is
 * gone, is reported; `--fail-on` then judges the new findings only, so a scheduled run fails on change.
 * A finding's identity is its rule, resource and evidence property (messages may reword).
 */
import { readFileSync } from 'fs';
import { AssessReport } from './assess';
import { LiveFinding } from './model';

export const findingKey = (f: Pick<LiveFinding, 'rule' | 'resourceId' | 'evidence'>) => `${f.rule}|${f.resourceId.toLowerCase()}|${f.evidence?.property ?? ''}`;

export class BaselineError extends Error {}

export function readBaseline(file: string): LiveFinding[] {
  let data: any;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BaselineError(`--baseline ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `not a JSON report (${(e as Error).message})`}`);
  }
  if (!data || data.tool !== 'ailz assess' || !Array.isArray(data.findings)) {
    throw new BaselineError(`--baseline ${file}: not an ailz assess JSON report (expected "tool": "ailz assess" and a "findings" array)`);
  }
  return data.findings as LiveFinding[];
}

export function applyBaseline(report: AssessReport, baseline: readonly LiveFinding[]): AssessReport {
  const before = new Set(baseline.map(findingKey));
  const now = new Set(report.findings.map(findingKey));
  const fresh = report.findings.filter((f) => !before.has(findingKey(f)));
  const resolved = baseline.filter((f) => !now.has(findingKey(f)));
  return {
    ...report,
    findings: fresh,
    resolved,
    summary: {
      ...report.summary,
      errors: fresh.filter((f) => f.severity === 'error').length,
      warnings: fresh.filter((f) => f.severity === 'warning').length,
      new: fresh.length,
      resolved: resolved.length,
    },
  };
}
