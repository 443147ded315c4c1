/** `ailz check --dir DIR [--format text|json|markdown|sarif]`: judge existing Terraform JSON (any tool's). */
import { evaluate, formatFindings, hasBlockingFindings, loadDocuments, FINDINGS_FORMATS, FindingsFormat, Suppression, TerraformDocument } from '../../guardrails';
import { catalogAgeWarning, todayUtc } from '../../azure/models';

export interface CheckIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Exit code: 0 no unsuppressed error findings, 1 error findings, 2 usage (bad format, nothing to check). */
export function runCheck(opts: { dir: string; format: string; suppressions?: Suppression[]; asOf?: string }, io: CheckIo): number {
  if (!(FINDINGS_FORMATS as readonly string[]).includes(opts.format)) {
    io.err(`ailz check: unknown --format "${opts.format}"; expected one of ${FINDINGS_FORMATS.join(', ')}\n`);
    return 2;
  }
  let docs: TerraformDocument[];
  try {
    docs = loadDocuments(opts.dir);
  } catch (e) {
    io.err(`ailz check: ${(e as Error).message}\n`);
    return 2;
  }
  const result = evaluate(docs, { suppressions: opts.suppressions, asOf: opts.asOf });
  // Model deployments were judged against the model catalog: say so when it is stale (stderr, so no format changes).
  const age = docs.some((d) => d.json?.resource?.azurerm_cognitive_deployment) ? catalogAgeWarning(opts.asOf ?? todayUtc()) : undefined;
  if (age) io.err(`warning: ${age}\n`);
  io.out(formatFindings(result, opts.format as FindingsFormat));
  return hasBlockingFindings(result) ? 1 : 0;
}
