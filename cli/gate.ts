/** The synth guardrail gate: judges a freshly synthesized directory before it replaces the output. */
import { writeFileSync } from 'fs';
import { join } from 'path';
import type { LandingZoneConfig } from '../config/load';
import { todayUtc } from '../azure/models';
import { evaluate, Finding, findingLine, formatFindings, loadDocuments } from '../guardrails';
import type { DefinitionsLookup } from './policy-definitions';
import { failsOn, FailOn } from './command';
import { CliIo, UserError } from './errors';
import { EXIT } from './exit-codes';

/** Where synth writes every finding, suppressed ones included (the audit trail reviewers need). */
export const FINDINGS_FILE = 'ailz-findings.json';

/**
 * Evaluates a synthesized directory and prints every finding (with policy definitions, the policy
 * simulation's too: its Deny findings cannot be suppressed; without, it says the policy gate did not run); throws (exit 1) when an unsuppressed
 * finding reaches `failOn`, else writes DIR/ailz-findings.json.
 */
export function gate(
  dir: string, config: Pick<LandingZoneConfig, 'suppressions'>, io: CliIo,
  opts: { failOn?: FailOn; asOf?: string; definitions?: DefinitionsLookup } = {},
): void {
  const failOn = opts.failOn ?? 'error';
  const docs = loadDocuments(dir);
  let extraFindings: Finding[] = [];
  const defs = opts.definitions;
  if (defs && 'missing' in defs) {
    io.err(`warning: policy gate did not run: ${defs.missing}`);
  } else if (defs) {
    const { simulateDocuments } = require('../policy') as typeof import('../policy');
    // Exemptions expire as suppressions do: judged on the --as-of date.
    extraFindings = simulateDocuments(docs, defs.store, { today: opts.asOf ?? todayUtc() }).findings;
    io.err(`ailz: policy simulation against ${defs.store.description}: ${extraFindings.length} finding(s)`);
  }
  const result = evaluate(docs, { suppressions: config.suppressions, asOf: opts.asOf, extraFindings });
  for (const f of result.findings) io.err(`${f.severity}: ${findingLine(f)}`);
  for (const s of result.unmatchedSuppressions) io.err(`warning: suppression of ${s.rule} for ${s.resource} matches no finding; remove it from the config`);
  if (failsOn(result.findings, failOn)) {
    const n = result.findings.filter((f) => !f.suppressed && (failOn === 'warning' || f.severity === 'error')).length;
    const what = failOn === 'warning' ? 'guardrail finding' : 'guardrail error';
    throw new UserError(`${n} ${what}${n === 1 ? '' : 's'} (--fail-on ${failOn}): fix them or add a justified suppression (an Azure Policy Deny needs a policyExemptions entry); nothing was written`, EXIT.FINDINGS);
  }
  writeFileSync(join(dir, FINDINGS_FILE), `${formatFindings(result, 'json', { relativeTo: dir }).trimEnd()}\n`);
}
