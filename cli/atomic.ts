/**
 * Atomic output: work happens in a temporary directory beside the output, which replaces the output
 * only when the work succeeded. On any error the output is untouched.
 */
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'fs';
import { basename, dirname, join, resolve } from 'path';
import { UserError } from './errors';

export { UserError } from './errors';

/**
 * Runs `work` against a fresh temporary directory next to `outDir`; if it returns without throwing,
 * the temporary directory replaces `outDir`. Refuses to replace a directory that is not a previous
 * synth output, so a mistyped `--out .` cannot wipe a checkout.
 */
export function writeAtomically(outDir: string, work: (tmpDir: string) => void): void {
  const target = resolve(outDir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new UserError(`--out ${outDir}: exists and is not a directory`, 2);
    const entries = readdirSync(target);
    if (entries.length > 0 && !entries.includes('manifest.json')) {
      throw new UserError(`--out ${outDir}: refusing to replace a non-empty directory that is not a synth output (no manifest.json)`, 2);
    }
  }
  const parent = dirname(target);
  if (!existsSync(parent)) throw new UserError(`--out ${outDir}: parent directory ${parent} does not exist`, 2);
  const tmp = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
  try {
    work(tmp);
    if (existsSync(target)) {
      const old = `${tmp}.old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
