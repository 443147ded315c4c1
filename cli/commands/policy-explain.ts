/**
 * `ailz policy explain --assignment NAME --resource <stack>/<address> [--dir DIR] [--policy-definitions PATH]`:
 * the evaluation trace of one assignment on one resource, condition by condition.
 */
import { loadDocuments } from '../../guardrails';
import { defineCommand, DEFAULT_OUT } from '../command';
import { asOfDate, asOfOption } from '../load-config';
import { lookupDefinitions } from '../policy-definitions';
import { CheckIo } from './check';

/** The description of the `policy` group (`policy pull` and `policy explain` share it). */
export const POLICY_GROUP = 'Azure Policy: pull definitions from the tenant; explain the simulation';

export interface ExplainOptions {
  assignment: string;
  resource: string;
  dir: string;
  policyDefinitions?: string;
  config?: string;
  today?: string;
}

/** Exit code: 0 trace printed; 2 usage (unknown assignment or resource, no definitions, bad input). */
export function runPolicyExplain(opts: ExplainOptions, io: CheckIo): number {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(opts.resource);
  if (!m) {
    io.err(`ailz policy explain: --resource must be <stack>/<terraform address>, got ${JSON.stringify(opts.resource)}\n`);
    return 2;
  }
  let docs;
  try {
    docs = loadDocuments(opts.dir);
  } catch (e) {
    io.err(`ailz policy explain: ${(e as Error).message}\n`);
    return 2;
  }
  const found = lookupDefinitions(opts.policyDefinitions, opts.config);
  if ('missing' in found) {
    io.err(`ailz policy explain: ${found.missing}\n`);
    return 2;
  }
  const { armViewOfDocuments, explain, ExplainError, todayUtc } = require('../../policy') as typeof import('../../policy');
  try {
    const lines = explain(armViewOfDocuments(docs), found.store, opts.assignment, m[1], m[2], opts.today ?? todayUtc());
    io.out(`${lines.join('\n')}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ExplainError) {
      io.err(`ailz policy explain: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

export default defineCommand<ExplainOptions & { asOf?: string }>({
  name: 'policy explain',
  groupDescription: POLICY_GROUP,
  description: 'print the evaluation trace of one assignment on one resource, condition by condition',
  configure: (cmd) => {
    cmd
      .requiredOption('--assignment <name>', 'policy assignment name (as in AZPOLICY-<EFFECT>:<name>)')
      .requiredOption('--resource <stack/address>', 'the resource: <stack>/<terraform address>')
      .option('-d, --dir <path>', 'synth output directory', DEFAULT_OUT)
      .option('--policy-definitions <path>', 'a definitions directory (ailz policy pull) or a catalog file (default: .ailz/policy-definitions beside the config)')
      .option('-c, --config <file>', 'landing-zone config (locates the definitions cache)');
    asOfOption(cmd);
  },
  run: (opts, { io, env }) => runPolicyExplain({ ...opts, today: asOfDate(opts.asOf, env) }, io),
});
