/**
 * `ailz diff BASE_DIR HEAD_DIR` and `ailz diff --base-ref REF [--config FILE]`: the security review of a
 * change between two synth outputs, or between the config at a git revision and the working tree's.
 * The work (and its heavy modules) is in cli/run/diff.ts, loaded on use.
 */
import { defineCommand, FailOn, failOnOption } from '../command';
import { asOfDate, asOfOption } from '../load-config';

interface DiffFlags {
  baseRef?: string;
  config?: string;
  format: string;
  failOn: FailOn;
  asOf?: string;
  policyDefinitions?: string;
}

export default defineCommand<DiffFlags>({
  name: 'diff',
  description: 'security review of a change: two synth output directories, or the config at a git revision (--base-ref) against the working tree',
  configure: (cmd) => {
    cmd
      .argument('[base_dir]', 'synth output before the change')
      .argument('[head_dir]', 'synth output after the change')
      .option('--base-ref <ref>', 'synthesize the config as it is at this git revision and compare it with the working tree config')
      .option('-c, --config <file>', 'the config: suppressions and intendedRemovals (with --base-ref: the config file compared, default $LANDING_ZONE_CONFIG or landing-zone.yaml)')
      .option('-f, --format <format>', 'text | markdown | json', 'text');
    asOfOption(cmd)
      .option('--policy-definitions <path>', 'policy definitions for the policy simulation: a directory (ailz policy pull) or a catalog file (default: .ailz/policy-definitions beside the config)');
    failOnOption(cmd, { allowNone: true });
  },
  run: (opts, { io, env }, [base, head]) => {
    const asOf = asOfDate(opts.asOf, env);
    // With --base-ref the config is the file compared, so $LANDING_ZONE_CONFIG applies as in synth; between two
    // directories a config is optional (it only adds suppressions and intendedRemovals).
    const config = opts.config ?? (opts.baseRef !== undefined ? env.LANDING_ZONE_CONFIG || undefined : undefined);
    const { runDiff } = require('../run/diff') as typeof import('../run/diff');
    return runDiff({ base, head, baseRef: opts.baseRef, config, format: opts.format, failOn: opts.failOn, asOf, policyDefinitions: opts.policyDefinitions }, io);
  },
});
