/** `ailz rules [--format text|json|markdown]`: print the guardrail catalog. */
import { formatRules, RULES_FORMATS, RulesFormat } from '../../guardrails';
import { defineCommand } from '../command';
import { CliIo } from '../errors';
import { EXIT, ExitCode } from '../exit-codes';

export function runRules(opts: { format: string }, io: CliIo): ExitCode {
  if (!(RULES_FORMATS as readonly string[]).includes(opts.format)) {
    io.err(`ailz rules: unknown --format "${opts.format}"; expected one of ${RULES_FORMATS.join(', ')}\n`);
    return EXIT.USAGE;
  }
  io.out(formatRules(opts.format as RulesFormat));
  return EXIT.OK;
}

export default defineCommand<{ format: string }>({
  name: 'rules',
  description: 'list the guardrail rule catalog',
  configure: (cmd) => cmd.option('-f, --format <format>', 'text | json | markdown', 'text'),
  run: (opts, { io }) => runRules(opts, io),
});
