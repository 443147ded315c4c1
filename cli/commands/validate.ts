/** `ailz validate`: the config only, with the same messages and exit codes as synth. */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { loadDocuments } from '../../guardrails';
import { configOption, defineCommand, DEFAULT_OUT, FailOn, failOnOption } from '../command';
import { EXIT } from '../exit-codes';
import { asOfDate, asOfOption, loadConfig } from '../load-config';
import { readPrevious, warnReplacements } from '../replacements';

interface ValidateOptions {
  config: string;
  asOf?: string;
  failOn: FailOn;
  previous?: string | false;
}

export default defineCommand<ValidateOptions>({
  name: 'validate',
  description: 'validate the config only (and warn about resources it would replace compared with the last synth output)',
  configure: (cmd, ctx) => {
    configOption(cmd, ctx)
      .option('--previous <dir>', `warn about resources this config would replace or destroy compared with the output in <dir> (default: ${DEFAULT_OUT} when it exists)`)
      .option('--no-previous', 'do not compare with a previous output');
    asOfOption(cmd);
    failOnOption(cmd, { allowNone: true });
  },
  run: (opts, { io, env }) => {
    const config = loadConfig(opts.config, { asOf: asOfDate(opts.asOf, env), io });
    let destroyed = 0;
    // Names are only known after synthesis, so synthesis (and cdktf) is paid only when there is an output to compare with.
    if (opts.previous !== false && (opts.previous !== undefined || readPrevious(DEFAULT_OUT) !== undefined)) {
      const { synthesizeTo } = require('../synth') as typeof import('../synth');
      const scratch = mkdtempSync(join(tmpdir(), 'ailz-validate-'));
      try {
        destroyed = warnReplacements(opts.previous, DEFAULT_OUT, () => {
          synthesizeTo(config, scratch);
          return loadDocuments(scratch);
        }, io);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    }
    io.out(`ailz: ${opts.config} is valid (${config.workloads.length} workloads)`);
    return destroyed > 0 && opts.failOn === 'warning' ? EXIT.FINDINGS : EXIT.OK;
  },
});
