/**
 * Terraform state must never live inside a synth output directory: `ailz synth` replaces that directory
 * as a whole. ailz 0.1 configured the local backend with `terraform.<stack>.tfstate` relative to the
 * stack directory, i.e. inside `<out>/stacks/<stack>/`, so the next synth deleted it (CHANGELOG 0.2.0).
 * Since 0.2.0 local state lives beside the output directory (stacks/base-stack.ts `localStatePath`);
 * synth refuses to replace an output that still holds state files, and says where to move them.
 */
import { existsSync, readdirSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import { UserError } from './atomic';
import { EXIT } from './exit-codes';

const STATE_FILE = /\.tfstate(\.backup)?$|^\.terraform\.tfstate\.lock\.info$/;

/** State files anywhere under `outDir/stacks/*` (sorted), or none when the directory does not exist. */
export function stateFilesInOutput(outDir: string): string[] {
  const stacks = join(outDir, 'stacks');
  if (!existsSync(stacks) || !statSync(stacks).isDirectory()) return [];
  const found: string[] = [];
  for (const stack of readdirSync(stacks).sort()) {
    const dir = join(stacks, stack);
    if (!statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir).sort()) if (STATE_FILE.test(name)) found.push(join(dir, name));
  }
  return found;
}

/** Throws a UserError (usage) naming each state file in `outDir` and where it belongs now. */
export function refuseStateInOutput(outDir: string): void {
  const files = stateFilesInOutput(outDir);
  if (files.length === 0) return;
  const beside = dirname(resolve(outDir));
  const moves = files.map((f) => {
    const name = f.split(/[\\/]/).pop()!;
    return `  mv ${f} ${relative(process.cwd(), join(beside, name)) || name}`;
  });
  throw new UserError(
    `--out ${outDir} holds Terraform state, which synth would delete with the old output:\n${moves.join('\n')}\n`
    + 'Local state now lives beside the output directory (README "Plan and apply", CHANGELOG 0.2.0): move the files as shown '
    + '(and run terraform init again in each stack), then synth again. Nothing was written.',
    EXIT.USAGE,
  );
}
