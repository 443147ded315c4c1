/** `ailz plan`: terraform init and plan of each stack of a synth output, in dependency order (cli/run/deploy.ts). */
import { DEFAULT_OUT, defineCommand } from '../command';
import { DeployFlags, deployOptions } from '../deploy-options';

export default defineCommand<DeployFlags>({
  name: 'plan',
  description: 'terraform init and plan of each stack of the synth output, in dependency order; a stack whose predecessor is not applied yet waits',
  configure: (cmd) => deployOptions(cmd, 'plan', DEFAULT_OUT),
  run: (opts, ctx, args) => {
    const { runDeploy } = require('../run/deploy') as typeof import('../run/deploy');
    // commander hands a variadic argument over as one array: flat() gives the words after --.
    return runDeploy('plan', opts, args.flat(), ctx);
  },
});
