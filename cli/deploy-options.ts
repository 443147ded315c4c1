/**
 * The flags `ailz plan` and `ailz apply` share (cli/commands/plan.ts, apply.ts). Arguments for terraform come
 * only after `--`: a stray word before it is a mistake, not a terraform argument.
 */
import type { Command } from 'commander';
import { UserError } from './errors';
import { EXIT } from './exit-codes';

import type { DeployMode } from '../deploy';

export type { DeployMode };

export interface DeployFlags {
  stack: string[];
  out: string;
  terraform?: string;
  allowLocalState?: boolean;
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** `--stack`, `--out`, `--terraform` (and `--allow-local-state` for apply); `[terraformArgs...]` after `--`. */
export function deployOptions(cmd: Command, mode: DeployMode, defaultOut: string): Command {
  cmd
    .option('--stack <name>', 'only this stack (repeatable); stacks run in apply order whatever the order of the flags', collect, [])
    .option('-o, --out <dir>', 'the synth output (ailz synth --out); never synthesized here', defaultOut)
    .option('--terraform <path>', 'the terraform to run (default: terraform on PATH)')
    .argument('[terraformArgs...]', `after --: arguments for terraform ${mode} (not for init)`);
  if (mode === 'apply') {
    cmd.option('--allow-local-state', 'apply stacks with local state although CI is set (the machine is kept)');
  }
  cmd.hook('preAction', (_self, action) => {
    let root: Command = action;
    while (root.parent) root = root.parent;
    const raw = (root as Command & { rawArgs?: string[] }).rawArgs ?? [];
    const dashes = raw.indexOf('--');
    const afterDashes = dashes < 0 ? 0 : raw.length - dashes - 1;
    const extra = action.args.length - afterDashes;
    if (extra > 0) {
      throw new UserError(`unexpected argument ${JSON.stringify(action.args[0])}: terraform arguments go after -- (ailz ${mode} -- -lock-timeout=5m)`, EXIT.USAGE);
    }
  });
  return cmd;
}
