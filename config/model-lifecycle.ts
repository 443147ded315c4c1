/**
 * Config-level model lifecycle check: every `workloads[i].openai.deployments[j]` judged against the
 * model catalog (`azure/models.ts`) on an as-of date, in the workload's region and the deployment's SKU.
 * The guardrail AILZ-OAI-013 applies the same judgement to Terraform JSON (any tool's output).
 */
import { judgeModelDeployment } from '../azure/models';

export interface ModelLifecycleProblems {
  /** Retired on the as-of date, or not offered in the region as that SKU: the config is invalid. */
  readonly errors: { path: string; message: string }[];
  /** Retiring in less than 90 days, deprecated, legacy, preview in production, or not judgeable. */
  readonly warnings: { path: string; message: string }[];
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads the raw document (it runs even when the schema failed); skips deployments whose fields are not strings yet. */
export function modelLifecycleProblems(raw: unknown, asOf: string): ModelLifecycleProblems {
  const errors: ModelLifecycleProblems['errors'] = [];
  const warnings: ModelLifecycleProblems['warnings'] = [];
  if (!isObj(raw) || !Array.isArray(raw.workloads)) return { errors, warnings };
  raw.workloads.forEach((w, i) => {
    if (!isObj(w) || !isObj(w.openai) || !Array.isArray(w.openai.deployments)) return;
    const region = str(w.location);
    w.openai.deployments.forEach((d, j) => {
      if (!isObj(d)) return;
      const model = str(d.model);
      const version = str(d.version);
      const sku = str(d.sku);
      if (!model || !version || !sku) return;
      const path = `workloads[${i}].openai.deployments[${j}]`;
      for (const f of judgeModelDeployment({ model, version, sku, region, production: w.environment === 'production' }, asOf)) {
        (f.severity === 'error' ? errors : warnings).push({ path, message: f.message });
      }
    });
  });
  return { errors, warnings };
}
