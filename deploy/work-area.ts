/**
 * What `ailz plan` and `ailz apply` keep between runs, outside the synth output (which every synth replaces
 * as a whole), in `.ailz/` beside it, next to the local state files (README "Plan and apply"):
 *
 *   <root>/.ailz/terraform/<stack>/data/                 TF_DATA_DIR: providers, the backend settings
 *   <root>/.ailz/terraform/<stack>/.terraform.lock.hcl   the dependency lock of the last successful init
 *   <root>/.ailz/plans/<stack>.tfplan                    the saved plan of `ailz plan`
 *   <root>/.ailz/plans/<stack>.plan.json                 `terraform show -json` of it (`ailz review-plan`'s input)
 *
 * `<root>` is the directory that holds the output (the project root for `cdktf.out`). Terraform reads
 * relative paths after `-chdir` from the stack directory, so commands name these files relative to it
 * (`../../../.ailz/...`), exactly as the stacks name their local state (`../../../terraform.<stack>.tfstate`).
 *
 * Why the lock is kept: Terraform reuses a provider already installed in the data directory only when the
 * dependency lock file lists a matching checksum (terraform v1.11.4 internal/providercache/installer.go,
 * "If our target directory already has the provider version that fulfills the lock file, carry on"). The
 * lock file lives in the stack directory, inside the output, so each synth deletes it; without it every
 * init after a synth downloads every provider again, data directory or not.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'fs';
import { dirname, join, relative } from 'path';
import type { DeployStack, SynthOutput } from './synth-output';

export const WORK_DIR = '.ailz';
export const LOCK_FILE = '.terraform.lock.hcl';

export interface WorkArea {
  readonly root: string;
  /** TF_DATA_DIR of a stack (absolute). */
  dataDir(stack: string): string;
  /** The saved dependency lock of a stack (absolute). */
  savedLock(stack: string): string;
  plansDir(): string;
  planFile(stack: string): string;
  planJson(stack: string): string;
}

export function workArea(output: Pick<SynthOutput, 'root'>): WorkArea {
  const base = join(output.root, WORK_DIR);
  return {
    root: output.root,
    dataDir: (s) => join(base, 'terraform', s, 'data'),
    savedLock: (s) => join(base, 'terraform', s, LOCK_FILE),
    plansDir: () => join(base, 'plans'),
    planFile: (s) => join(base, 'plans', `${s}.tfplan`),
    planJson: (s) => join(base, 'plans', `${s}.plan.json`),
  };
}

/** `abs` as Terraform reads a relative path inside `stack`'s directory (after `-chdir`). */
export function fromStack(stack: Pick<DeployStack, 'dir'>, abs: string): string {
  return relative(stack.dir, abs).split('\\').join('/');
}

/** Provider address -> version of each `provider "..." { version = "..." }` block of a lock file. */
export function lockedVersions(lockText: string): Record<string, string> {
  const out: Record<string, string> = {};
  const block = /provider\s+"([^"]+)"\s*\{([^}]*)\}/g;
  for (const m of lockText.matchAll(block)) {
    const v = /\bversion\s*=\s*"([^"]+)"/.exec(m[2]);
    if (v) out[m[1].toLowerCase()] = v[1];
  }
  return out;
}

export type LockRestore =
  | { readonly restored: true }
  | { readonly restored: false; readonly why: 'present' | 'none-saved' | 'versions-differ' | 'providers-unknown' };

/**
 * Puts the saved dependency lock back into a freshly synthesized stack directory, only when it locks exactly
 * the provider versions the stack pins (after an ailz upgrade that pins others, init resolves them anew
 * rather than failing on a stale lock).
 */
export function restoreLock(stack: DeployStack, area: WorkArea): LockRestore {
  const target = join(stack.dir, LOCK_FILE);
  if (existsSync(target)) return { restored: false, why: 'present' };
  const saved = area.savedLock(stack.name);
  if (!existsSync(saved)) return { restored: false, why: 'none-saved' };
  if (!stack.providersKnown) return { restored: false, why: 'providers-unknown' };
  const locked = lockedVersions(readFileSync(saved, 'utf8'));
  const pins = stack.providerPins;
  const same = Object.keys(pins).length === Object.keys(locked).length
    && Object.entries(pins).every(([addr, v]) => v !== '' && locked[addr] === v);
  if (!same) return { restored: false, why: 'versions-differ' };
  copyFileSync(saved, target);
  return { restored: true };
}

/** Keeps the lock a successful init wrote (or confirmed), for the next init after a synth. */
export function saveLock(stack: DeployStack, area: WorkArea): boolean {
  const source = join(stack.dir, LOCK_FILE);
  if (!existsSync(source)) return false;
  mkdirSync(dirname(area.savedLock(stack.name)), { recursive: true });
  copyFileSync(source, area.savedLock(stack.name));
  return true;
}
