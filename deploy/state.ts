/**
 * Is a stack applied? "Applied" means its state holds at least one managed resource: the stacks' plan-time
 * lookups read objects the predecessor creates, and those exist once its first apply created anything.
 *
 * - Local backend (the default): the state file is read directly, at the path the stack's backend names,
 *   resolved from the stack directory as Terraform resolves it. No init, no provider download, nothing
 *   written; a predecessor that was never initialized here simply has no file.
 * - Any other backend (azurerm with `state:` in the config): only Terraform can read it, through the
 *   backend's own authentication. The runner initializes the predecessor (its own data directory) and runs
 *   `terraform state list`; Terraform answers "No state file was found!" (exit 1) when the backend has no
 *   state at all (terraform v1.11.4 internal/command/state_list.go, errStateNotFound), and prints nothing
 *   for an empty one. The azurerm backend never says the former: opening a state that does not exist
 *   writes an empty one under a lease (v1.11.4 internal/backend/remote-state/azure/backend_state.go,
 *   StateMgr), so its answer for a never-applied predecessor is an empty list.
 *
 * A predecessor whose apply failed half-way counts as applied when it created anything: its successor's
 * plan then fails on the missing object, and ailz reports that plan's failure with a hint naming the lookup.
 */
import { existsSync, readFileSync } from 'fs';
import { relative, resolve } from 'path';
import type { DeployStack } from './synth-output';

export interface StateReport {
  readonly applied: boolean;
  /** What was found, for the progress line: `57 resources in terraform.platform.tfstate`. */
  readonly evidence: string;
}

/** Terraform's own "no state" answer to `state list`. */
export const NO_STATE_FILE = 'No state file was found!';

/**
 * The local state of `stack`, or undefined when it must be asked through Terraform: another backend, a
 * workspace other than `default` (TF_WORKSPACE), or a file that is not state JSON.
 */
export function readLocalState(stack: DeployStack, env: NodeJS.ProcessEnv, cwd: string): StateReport | undefined {
  if (stack.backend.type !== 'local' || stack.backend.path === undefined) return undefined;
  if (env.TF_WORKSPACE && env.TF_WORKSPACE !== 'default') return undefined;
  const file = resolve(stack.dir, stack.backend.path);
  const shown = relative(cwd, file) || file;
  if (!existsSync(file)) return { applied: false, evidence: `no state file at ${shown}` };
  let doc: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    if (text.trim() === '') return { applied: false, evidence: `${shown} is empty` };
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  const managed = managedInstances(doc);
  if (managed === undefined) return undefined;
  return { applied: managed > 0, evidence: `${managed} resource${managed === 1 ? '' : 's'} in ${shown}` };
}

/** Managed resource instances in a state document (format version 4), or undefined when it is not one. */
export function managedInstances(doc: unknown): number | undefined {
  const resources = (doc as { resources?: unknown })?.resources;
  if (resources === undefined) return (doc as { version?: unknown })?.version !== undefined ? 0 : undefined;
  if (!Array.isArray(resources)) return undefined;
  let n = 0;
  for (const r of resources as { mode?: unknown; instances?: unknown }[]) {
    if (r?.mode === 'managed' && Array.isArray(r.instances)) n += r.instances.length;
  }
  return n;
}

/**
 * Reads `terraform state list`: applied when a managed resource is listed (data sources are in the state
 * too: `data.x.y`, `module.m.data.x.y`); not applied on Terraform's "No state file was found!". Anything
 * else is a failure the caller reports.
 */
export function readStateList(result: { code: number | null; stdout: string; stderr: string }, backendType: string): StateReport | undefined {
  if (result.code === 0) {
    const managed = result.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !/(^|\.)data\./.test(l)).length;
    return { applied: managed > 0, evidence: `${managed} resource${managed === 1 ? '' : 's'} in its ${backendType} state` };
  }
  if (result.code === 1 && result.stderr.includes(NO_STATE_FILE)) {
    return { applied: false, evidence: `no state in its ${backendType} backend` };
  }
  return undefined;
}
