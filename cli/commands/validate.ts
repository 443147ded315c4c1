/** `ailz validate`: the config only, with the same messages and exit codes as synth. */
import { configOption, defineCommand } from '../command';
import { EXIT } from '../exit-codes';
import { asOfDate, asOfOption, loadConfig } from '../load-config';

export default defineCommand<{ config: string; asOf?: string }>({
  name: 'validate',
  description: 'validate the config only',
  configure: (cmd, ctx) => asOfOption(configOption(cmd, ctx)),
  run: (opts, { io, env }) => {
    const config = loadConfig(opts.config, { asOf: asOfDate(opts.asOf, env), io });
    io.out(`ailz: ${opts.config} is valid (${config.workloads.length} workloads)`);
    return EXIT.OK;
  },
});
