/**
 * `ailz review-plan PLAN.json`: the security review of a `terraform show -json` plan of any stack. The
 * work (and its heavy modules) is in cli/run/review-plan.ts, loaded on use.
 */
import { defineCommand, FailOn, failOnOption } from '../command';
import { asOfDate, asOfOption } from '../load-config';

interface ReviewPlanFlags {
  stack?: string;
  stackKind?: string;
  governance?: string;
  config?: string;
  format: string;
  failOn: FailOn;
  asOf?: string;
  policyDefinitions?: string;
  sarifBase?: string;
}

export default defineCommand<ReviewPlanFlags>({
  name: 'review-plan',
  description: 'security review of a Terraform plan (terraform show -json <planfile>) of any stack',
  configure: (cmd) => {
    cmd
      .argument('<plan>', 'the plan JSON')
      .option('--stack <name>', 'stack name in reports and intendedRemovals (default: the file name without .plan.json)')
      .option('--stack-kind <kind>', 'workload | platform | governance | generic (default: inferred as check infers it)')
      .option('--governance <dir>', 'a synth output whose governance stack holds the policy assignments (and other stacks for cross-stack rules)')
      .option('-c, --config <file>', 'apply the suppressions and intendedRemovals of this landing-zone config')
      .option('-f, --format <format>', 'text | markdown | json | sarif', 'text');
    asOfOption(cmd)
      .option('--policy-definitions <path>', 'policy definitions for the policy simulation: a directory (ailz policy pull) or a catalog file (default: .ailz/policy-definitions beside the config)')
      .option('--sarif-base <dir>', 'SARIF URIs are relative to this directory, the repository root (default: the current directory)');
    failOnOption(cmd, { allowNone: true });
  },
  run: (opts, { io, env }, [plan]) => {
    const asOf = asOfDate(opts.asOf, env);
    const { runReviewPlan } = require('../run/review-plan') as typeof import('../run/review-plan');
    return runReviewPlan({ ...opts, plan, asOf }, io);
  },
});
