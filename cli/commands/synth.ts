/** `ailz synth`: validate the config, build every stack, guardrail-check it, write the output atomically. */
import { readFileSync, rmSync, writeFileSync } from 'fs';
import { join, resolve } from 'path';
import { loadDocuments } from '../../guardrails';
import { configOption, defineCommand, DEFAULT_OUT, FailOn, failOnOption } from '../command';
import { writeAtomically } from '../atomic';
import { UserError } from '../errors';
import { EXIT } from '../exit-codes';
import { FINDINGS_FILE, gate } from '../gate';
import { asOfDate, asOfOption, loadConfig } from '../load-config';
import { warnReplacements } from '../replacements';
import { lookupDefinitions } from '../policy-definitions';
import { refuseStateInOutput } from '../state-files';

/** The ailz installation (or checkout): never inside an output directory. */
const ROOT = resolve(__dirname, '..', '..');

interface SynthOptions {
  config: string;
  out: string;
  hcl?: boolean;
  policyDefinitions?: string;
  asOf?: string;
  failOn: FailOn;
  /** A directory, `false` for --no-previous, undefined for the default (--out). */
  previous?: string | false;
}

export default defineCommand<SynthOptions>({
  name: 'synth',
  description: 'validate the config, build every stack, check it against the guardrails and write DIR/stacks/<stack>/cdk.tf.json (atomic: nothing is written on error)',
  configure: (cmd, ctx) => {
    configOption(cmd, ctx)
      .option('-o, --out <dir>', 'output directory', DEFAULT_OUT)
      .option('--hcl', 'write HCL (stacks/<stack>/cdk.tf) instead of JSON; the guardrails still judge the JSON form first')
      .option('--policy-definitions <path>', 'policy definitions for the policy gate: a directory (ailz policy pull) or a catalog file (default: .ailz/policy-definitions beside the config)')
      .option('--previous <dir>', 'warn about resources this synth would replace or destroy compared with the output in <dir> (default: --out)')
      .option('--no-previous', 'do not compare with a previous output');
    asOfOption(cmd);
    failOnOption(cmd, { allowNone: false });
  },
  run: async (opts, { io, env }) => {
    const asOf = asOfDate(opts.asOf, env);
    const config = loadConfig(opts.config, { asOf, io });
    // State written inside the output by ailz 0.1 would be deleted with it.
    refuseStateInOutput(opts.out);
    const definitions = lookupDefinitions(opts.policyDefinitions, opts.config);
    // Loaded here, not at the top: cdktf and the provider classes cost most of a process start.
    const { synthesizeTo } = require('../synth') as typeof import('../synth');
    const protect = [
      { path: opts.config, what: 'the config file' },
      { path: process.cwd(), what: 'the current directory' },
      { path: ROOT, what: 'the ailz installation' },
    ];
    await writeAtomically(opts.out, (tmp) => {
      synthesizeTo(config, tmp);
      // Compared before the swap: the previous output is still in place.
      const destroyed = warnReplacements(opts.previous, opts.out, () => loadDocuments(tmp), io);
      gate(tmp, config, io, { failOn: opts.failOn, asOf, definitions });
      if (destroyed > 0 && opts.failOn === 'warning') {
        throw new UserError(`${destroyed} resource${destroyed === 1 ? '' : 's'} would be replaced or destroyed (--fail-on warning); nothing was written`, EXIT.FINDINGS);
      }
      if (opts.hcl) {
        const findings = readFileSync(join(tmp, FINDINGS_FILE), 'utf8');
        rmSync(tmp, { recursive: true, force: true });
        synthesizeTo(config, tmp, 'hcl');
        writeFileSync(join(tmp, FINDINGS_FILE), findings);
      }
    }, { protect });
    io.out(`ailz: synthesized ${2 + config.workloads.length} stacks to ${opts.out}/stacks`);
    return EXIT.OK;
  },
});
