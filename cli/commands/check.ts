/** `ailz check --dir DIR [--format text|json|markdown|sarif] [--policy [--policy-definitions PATH]]`: judge existing Terraform JSON (any tool's). */
import { evaluate, formatFindings, hasBlockingFindings, loadDocuments, FINDINGS_FORMATS, Finding, FindingsFormat, Suppression, TerraformDocument } from '../../guardrails';
import { catalogAgeWarning, todayUtc } from '../../azure/models';
import { lookupDefinitions } from '../policy-definitions';

export interface CheckIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface CheckOptions {
  dir: string;
  format: string;
  suppressions?: Suppression[];
  /** Also simulate the Azure Policy assignments of the governance stack against every stack. */
  policy?: boolean;
  /** A definitions directory or catalog file; default: `.ailz/policy-definitions` beside `config`. */
  policyDefinitions?: string;
  config?: string;
  /** YYYY-MM-DD for exemption expiry; default: today (UTC). */
  today?: string;
  /** The date model retirements are judged at (YYYY-MM-DD); default: today. */
  asOf?: string;
}

/** Exit code: 0 no unsuppressed error findings, 1 error findings, 2 usage (bad format, nothing to check, no policy definitions). */
export function runCheck(opts: CheckOptions, io: CheckIo): number {
  if (!(FINDINGS_FORMATS as readonly string[]).includes(opts.format)) {
    io.err(`ailz check: unknown --format "${opts.format}"; expected one of ${FINDINGS_FORMATS.join(', ')}\n`);
    return 2;
  }
  if (opts.policyDefinitions && !opts.policy) {
    io.err('ailz check: --policy-definitions needs --policy\n');
    return 2;
  }
  let docs: TerraformDocument[];
  try {
    docs = loadDocuments(opts.dir);
  } catch (e) {
    io.err(`ailz check: ${(e as Error).message}\n`);
    return 2;
  }
  let extraFindings: Finding[] = [];
  if (opts.policy) {
    const found = lookupDefinitions(opts.policyDefinitions, opts.config);
    if ('missing' in found) {
      io.err(`ailz check --policy: ${found.missing}\n`);
      return 2;
    }
    // Loaded here: the simulator is not needed by a plain `check`.
    const { simulateDocuments } = require('../../policy') as typeof import('../../policy');
    extraFindings = simulateDocuments(docs, found.store, { today: opts.today ?? todayUtc() }).findings;
  }
  const result = evaluate(docs, { suppressions: opts.suppressions, asOf: opts.asOf, extraFindings });
  // Model deployments were judged against the model catalog: say so when it is stale (stderr, so no format changes).
  const age = docs.some((d) => d.json?.resource?.azurerm_cognitive_deployment) ? catalogAgeWarning(opts.asOf ?? todayUtc()) : undefined;
  if (age) io.err(`warning: ${age}\n`);
  io.out(formatFindings(result, opts.format as FindingsFormat));
  return hasBlockingFindings(result) ? 1 : 0;
}
