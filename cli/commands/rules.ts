/** `ailz rules [--format text|json|markdown]`: print the guardrail catalog. */
import { formatRules, RULES_FORMATS, RulesFormat } from '../../guardrails';
import { CheckIo } from './check';

export function runRules(opts: { format: string }, io: CheckIo): number {
  if (!(RULES_FORMATS as readonly string[]).includes(opts.format)) {
    io.err(`ailz rules: unknown --format "${opts.format}"; expected one of ${RULES_FORMATS.join(', ')}\n`);
    return 2;
  }
  io.out(formatRules(opts.format as RulesFormat));
  return 0;
}
