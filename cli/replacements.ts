/**
 * Changes that destroy: which resources of an existing output a new synthesis would replace or drop.
 *
 * Azure cannot rename a resource or move it to another region or resource group: azurerm marks
 * `name`, `location` and `resource_group_name` ForceNew, so Terraform destroys the resource and
 * creates a new one (a Key Vault with its secrets, an OpenAI account with its deployments). Changing
 * a workload's `environment` or `location` changes every name of it (`rg-contoso-chat-prod-sdc`).
 * `validate` and `synth` compare the synthesized names with those of the previous output and warn.
 */
import { existsSync } from 'fs';
import { join } from 'path';
import { loadDocuments, TerraformDocument } from '../guardrails';
import { CliIo, UserError } from './errors';
import { EXIT } from './exit-codes';

/** Arguments whose change makes Terraform replace an azurerm resource (ForceNew). */
export const REPLACING_ARGUMENTS = ['name', 'location', 'resource_group_name'] as const;

export interface Replacement {
  readonly stack: string;
  /** `<type>.<name>` */
  readonly address: string;
  /** `replaced`: a ForceNew argument changes; `removed`: the resource is no longer synthesized. */
  readonly kind: 'replaced' | 'removed';
  /** For `replaced`: each changed argument with its old and new value. */
  readonly changes: readonly { readonly argument: string; readonly before: unknown; readonly after: unknown }[];
}

export interface ReplacementReport {
  readonly replacements: readonly Replacement[];
  /** Stacks of the previous output that are no longer synthesized (a workload removed or renamed). */
  readonly removedStacks: readonly { readonly stack: string; readonly resources: number }[];
}

function resourcesOf(doc: TerraformDocument): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const [type, byName] of Object.entries<Record<string, Record<string, unknown>>>(doc.json?.resource ?? {})) {
    if (!byName || typeof byName !== 'object') continue;
    for (const [name, body] of Object.entries(byName)) out.set(`${type}.${name}`, body ?? {});
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const REFERENCE = /^\$\{([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}$/;

/**
 * A value with same-stack references to a literal argument resolved (`${azurerm_resource_group.rg.name}`
 * becomes the group's name), so a dependent whose group is renamed shows as changed too.
 */
function resolve(resources: Map<string, Record<string, unknown>>, value: unknown, depth = 0): unknown {
  const m = typeof value === 'string' ? REFERENCE.exec(value) : null;
  if (!m || depth > 8) return value;
  const target = resources.get(`${m[1]}.${m[2]}`);
  return target && m[3] in target ? resolve(resources, target[m[3]], depth + 1) : value;
}

/** What replacing `previous` by `next` destroys. Deterministic: sorted by stack, then address. */
export function predictReplacements(previous: readonly TerraformDocument[], next: readonly TerraformDocument[]): ReplacementReport {
  const nextByStack = new Map(next.map((d) => [d.stack, d]));
  const replacements: Replacement[] = [];
  const removedStacks: { stack: string; resources: number }[] = [];
  for (const prev of [...previous].sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0))) {
    const before = resourcesOf(prev);
    const nextDoc = nextByStack.get(prev.stack);
    if (!nextDoc) {
      if (before.size > 0) removedStacks.push({ stack: prev.stack, resources: before.size });
      continue;
    }
    const after = resourcesOf(nextDoc);
    for (const address of [...before.keys()].sort()) {
      const b = before.get(address)!;
      const a = after.get(address);
      if (!a) {
        replacements.push({ stack: prev.stack, address, kind: 'removed', changes: [] });
        continue;
      }
      const changes = REPLACING_ARGUMENTS
        .map((argument) => ({ argument, before: resolve(before, b[argument]), after: resolve(after, a[argument]) }))
        .filter((c) => c.argument in b && !same(c.before, c.after));
      if (changes.length > 0) replacements.push({ stack: prev.stack, address, kind: 'replaced', changes });
    }
  }
  return { replacements, removedStacks };
}

/** The previous output's Terraform JSON, or why it cannot be compared (undefined: nothing there). */
export function readPrevious(dir: string): TerraformDocument[] | string | undefined {
  if (!existsSync(join(dir, 'stacks'))) return undefined;
  try {
    return loadDocuments(dir);
  } catch (e) {
    return (e as Error).message;
  }
}

const show = (v: unknown) => (v === undefined ? '(unset)' : typeof v === 'string' ? v : JSON.stringify(v));

/** Warning lines for a report, grouped by stack; empty when nothing is destroyed. */
export function replacementLines(report: ReplacementReport, previousDir: string): string[] {
  const lines: string[] = [];
  const byStack = new Map<string, Replacement[]>();
  for (const r of report.replacements) byStack.set(r.stack, [...(byStack.get(r.stack) ?? []), r]);
  for (const [stack, list] of byStack) {
    const replaced = list.filter((r) => r.kind === 'replaced').length;
    const removed = list.length - replaced;
    const what = [replaced > 0 ? `replace ${replaced}` : '', removed > 0 ? `destroy ${removed}` : ''].filter(Boolean).join(' and ');
    lines.push(`warning: ${stack}: applying this would ${what} resource${list.length === 1 ? '' : 's'} of the output in ${previousDir} (Azure cannot rename or move them):`);
    for (const r of list) {
      lines.push(r.kind === 'removed'
        ? `  ${r.address}: no longer synthesized (destroyed)`
        : `  ${r.address}: ${r.changes.map((c) => `${c.argument} ${show(c.before)} -> ${show(c.after)}`).join(', ')}`);
    }
  }
  for (const s of report.removedStacks) {
    lines.push(`warning: stack ${s.stack} of ${previousDir} is no longer synthesized: its ${s.resources} resources stay in Azure until that stack is destroyed (a workload removed or renamed?)`);
  }
  return lines;
}

/**
 * `--previous DIR` / `--no-previous` of validate and synth: compares `next` with the output in the
 * previous directory (default `defaultDir`), prints a warning per destroyed resource, and returns
 * how many there are. A default directory that holds no output is nothing to compare; an explicit
 * one is a usage error.
 */
export function warnReplacements(previous: string | false | undefined, defaultDir: string, next: () => readonly TerraformDocument[], io: CliIo): number {
  if (previous === false) return 0;
  const dir = previous ?? defaultDir;
  const docs = readPrevious(dir);
  if (docs === undefined) {
    if (previous !== undefined) throw new UserError(`--previous ${dir}: no synth output there (expected ${join(dir, 'stacks', '<stack>', 'cdk.tf.json')})`, EXIT.USAGE);
    return 0;
  }
  if (typeof docs === 'string') {
    io.err(`warning: --previous ${dir}: cannot compare the names with this output (${docs})`);
    return 0;
  }
  const report = predictReplacements(docs, next());
  for (const line of replacementLines(report, dir)) io.err(line);
  return report.replacements.length + report.removedStacks.length;
}
