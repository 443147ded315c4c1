/** `ailz apply`: terraform init and apply of each stack of a synth output, in dependency order (cli/run/deploy.ts). */
import { DEFAULT_OUT, defineCommand } from '../command';
import { DeployFlags, deployOptions } from '../deploy-options';

export default defineCommand<DeployFlags>({
  name: 'apply',
  description: 'terraform init and apply of each stack of the synth output, in dependency order, stopping at the first failure',
  configure: (cmd) => deployOptions(cmd, 'apply', DEFAULT_OUT),
  run: (opts, ctx, args) => {
    const { runDeploy } = require('../run/deploy') as typeof import('../run/deploy');
    // commander hands a variadic argument over as one array: flat() gives the words after --.
    return runDeploy('apply', opts, args.flat(), ctx);
  },
});
