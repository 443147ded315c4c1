/**
 * `ailz policy explain --assignment NAME --resource <stack>/<address> [--dir DIR] [--policy-definitions PATH]`:
 * the evaluation trace of one assignment on one resource, condition by condition.
 */
import { loadDocuments } from '../../guardrails';
import { lookupDefinitions } from '../policy-definitions';
import { CheckIo } from './check';

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
