/** `ailz policy pull`: read the definitions of every ailz policy assignment from the tenant. */
import { azureOptions } from '../azure-options';
import { configOption, defineCommand } from '../command';
import type { PolicyPullFlags } from '../run/policy-pull';
import { POLICY_GROUP } from './policy-explain';

export default defineCommand<PolicyPullFlags>({
  name: 'policy pull',
  groupDescription: POLICY_GROUP,
  description: 'read the policy definitions of every ailz assignment from the tenant into .ailz/policy-definitions/ beside the config',
  configure: (cmd, ctx) => {
    configOption(azureOptions(cmd), ctx)
      .option('--scope <managementGroup>', 'also the effective assignments at this management group, and their definitions');
  },
  run: async (opts, { io, deps }) => {
    const { runPolicyPull } = require('../run/policy-pull') as typeof import('../run/policy-pull');
    return (await runPolicyPull(opts, io, deps));
  },
});
