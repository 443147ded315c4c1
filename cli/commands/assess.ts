/** `ailz assess`: assess a live tenant, read-only (the work is in cli/run/assess.ts, loaded on use). */
import { scopeOptions } from '../azure-options';
import { defineCommand, failOnOption } from '../command';
import { asOfDate } from '../load-config';
import type { AssessFlags } from '../run/assess';

export default defineCommand<AssessFlags>({
  name: 'assess',
  description: 'assess a live tenant: inventory of AI resources, shadow AI, posture under the guardrail rule IDs, access, governance, drift (read-only)',
  configure: (cmd) => {
    scopeOptions(cmd)
      .option('-c, --config <file>', 'landing-zone config: its AI management groups and workload subscriptions (shadow AI, production)')
      .option('--against <dir>', 'a synth output: workload subscriptions, and drift between it and what runs')
      .option('-f, --format <format>', 'html | markdown | json | sarif (default: from --out\'s extension, else markdown)')
      .option('-o, --out <file>', 'write the report here instead of stdout')
      .option('--baseline <file>', 'a previous JSON report: report only what is new or resolved')
      .option('--from-export <dir>', 'assess a saved export (ailz assess export) instead of the tenant')
      .option('--as-of <date>', 'judge model lifecycle as of this date, YYYY-MM-DD (default: $AILZ_AS_OF, else today, UTC)');
    failOnOption(cmd, { allowNone: true });
    // `assess export --out DIR`: options after the subcommand are the subcommand's, not assess's --out.
    cmd.enablePositionalOptions();
  },
  run: async (opts, { io, env, deps }) => {
    const { runAssess } = require('../run/assess') as typeof import('../run/assess');
    return (await runAssess({ ...opts, asOf: asOfDate(opts.asOf, env) }, io, deps));
  },
});
