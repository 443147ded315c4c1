/**
 * Loading Terraform JSON for the guardrails: files and directories as Terraform reads them
 * (`tfjson/files.ts`), each file through HCL's JSON syntax (`tfjson/reader.ts`), a directory's files
 * assembled into one configuration with override files merged (`tfjson/module.ts`), and the stack
 * kind decided from what the configuration holds (`stack-kind.ts`).
 */
import * as path from 'path';
import { StackKind, TerraformDocument } from './types';
import { JsonSyntaxError, JsonValueTree } from './tfjson/json';
import { Diagnostic, FileContent, formatDiagnostic, readFile, readTree } from './tfjson/reader';
import { assemble, Configuration, listSome } from './tfjson/module';
import { checkInputSize, discoverInputs, readText, StackInput, TerraformInputError } from './tfjson/files';
import { SourceText } from './tfjson/source';
import { decideStackKind, KindDecision, STACK_KINDS } from './stack-kind';

/** What loading adds to a document: the assembled configuration, its sources and the stack kind. */
export interface LoadedInternals {
  input: string;
  files: string[];
  sources: SourceText[];
  config: Configuration;
  kind: KindDecision;
  cdktfStackName?: string;
}

const internals = new WeakMap<TerraformDocument, LoadedInternals>();

/** The loaded form of a document (files read by {@link loadStacks}, or an in-memory document read now). */
export function loaded(doc: TerraformDocument): LoadedInternals {
  let l = internals.get(doc);
  if (!l) {
    l = readInMemory(doc);
    internals.set(doc, l);
  }
  return l;
}

/** `--stack-kind PATH=KIND`: PATH names an input (its directory, or one of its files). */
export interface StackKindOverride {
  path: string;
  kind: StackKind;
  /** As given, for the reason shown in the output. */
  given: string;
}

/** Parses `PATH=KIND` (the last `=` separates, so a path may contain `=`). */
export function parseStackKindOverride(text: string): StackKindOverride {
  const i = text.lastIndexOf('=');
  const p = i > 0 ? text.slice(0, i) : '';
  const kind = i > 0 ? text.slice(i + 1) : '';
  if (!p || !(STACK_KINDS as readonly string[]).includes(kind)) {
    throw new TerraformInputError([`--stack-kind ${JSON.stringify(text)}: expected PATH=KIND with KIND one of ${STACK_KINDS.join(', ')}`]);
  }
  return { path: p, kind: kind as StackKind, given: text };
}

export interface LoadOptions {
  stackKinds?: readonly StackKindOverride[];
}

/**
 * Loads every configuration under the given paths (see {@link discoverInputs}). Throws
 * {@link TerraformInputError} listing every problem (invalid JSON, what Terraform would reject, a plan
 * or state instead of configuration, nothing to check, an input over the size cap).
 */
export function loadStacks(paths: readonly string[], opts: LoadOptions = {}): TerraformDocument[] {
  const inputs: StackInput[] = [];
  for (const p of paths) inputs.push(...discoverInputs(p));
  const seen = new Map<string, string>();
  for (const i of inputs) {
    const prev = seen.get(i.stack);
    if (prev !== undefined) throw new TerraformInputError([`two inputs are both stack "${i.stack}": ${prev} and ${i.input}; check them in separate runs`]);
    seen.set(i.stack, i.input);
  }
  const overrides = matchOverrides(inputs, opts.stackKinds ?? []);
  checkInputSize(inputs);

  const problems: string[] = [];
  const docs: TerraformDocument[] = [];
  for (const input of inputs) {
    const before = problems.length;
    const read = (file: string): FileContent | undefined => {
      try {
        const source = new SourceText(file, readText(file));
        let content: FileContent;
        try {
          content = readFile(source);
        } catch (e) {
          if (!(e instanceof JsonSyntaxError)) throw e;
          const pos = source.position(Math.min(e.offset, source.text.length));
          problems.push(`${file}:${pos.line}:${pos.column}: not valid JSON: ${e.message}`);
          return undefined;
        }
        const notConfig = notConfiguration(content);
        if (notConfig) {
          problems.push(notConfig);
          return undefined;
        }
        return content;
      } catch (e) {
        if (e instanceof TerraformInputError) {
          problems.push(...e.problems);
          return undefined;
        }
        throw e;
      }
    };
    const primary = input.primary.map(read).filter((c): c is FileContent => c !== undefined);
    const over = input.overrides.map(read).filter((c): c is FileContent => c !== undefined);
    if (problems.length > before) continue;
    const config = assemble(primary, over, { nativeFiles: input.native.map((f) => path.basename(f)) });
    if (config.problems.length > 0) {
      problems.push(...sortDiagnostics(config.problems).map(formatDiagnostic));
      continue;
    }
    const sources = [...primary, ...over].map((c) => c.source).filter((s): s is SourceText => s !== undefined);
    const files = [...input.primary, ...input.overrides];
    const doc = makeDocument(input.stack, files[0], input, files, sources, config, overrides.get(input));
    docs.push(doc);
  }
  if (problems.length > 0) throw new TerraformInputError(problems);

  const empty = docs.filter((d) => loaded(d).config.resources.length === 0);
  if (empty.length === docs.length) {
    throw new TerraformInputError(empty.map((d) => `${loaded(d).input}: nothing to check: ${whatWasFound(d)}`));
  }
  for (const d of empty) {
    loaded(d).config.notices.push({ code: 'nothing-to-check', message: `stack ${d.stack} has nothing to check: ${whatWasFound(d)}` });
  }
  return docs;
}

/** Loads one path (kept for callers of the single-path API). */
export function loadDocuments(pathOrDir: string, opts: LoadOptions = {}): TerraformDocument[] {
  return loadStacks([pathOrDir], opts);
}

function matchOverrides(inputs: readonly StackInput[], given: readonly StackKindOverride[]): Map<StackInput, StackKindOverride> {
  const out = new Map<StackInput, StackKindOverride>();
  for (const o of given) {
    const target = path.resolve(o.path);
    const hits = inputs.filter((i) => [i.input, i.dir, ...i.primary, ...i.overrides].some((p) => p !== undefined && path.resolve(p) === target));
    if (hits.length === 0) {
      throw new TerraformInputError([`--stack-kind ${o.given}: ${o.path} is none of the inputs (${listSome(inputs.map((i) => i.input))})`]);
    }
    for (const h of hits) out.set(h, o);
  }
  return out;
}

/** A plan, a state, `null`, a string...: what the file is instead of configuration, or undefined. */
function notConfiguration(c: FileContent): string | undefined {
  const markers = new Set(c.outputMarkers);
  if (markers.size > 0 && c.blocks.length === 0) {
    if (markers.has('planned_values') || markers.has('resource_changes') || markers.has('prior_state')) {
      return `${c.file}: a Terraform plan (\`terraform show -json\` output), not configuration: ailz check reads Terraform JSON configuration (*.tf.json); review a plan with \`ailz review-plan ${c.file}\``;
    }
    if (markers.has('values')) {
      return `${c.file}: a Terraform state (\`terraform show -json\` of a state), not configuration: ailz check reads Terraform JSON configuration (*.tf.json)`;
    }
    if (markers.has('format_version')) {
      return `${c.file}: Terraform's machine-readable output (it has "format_version"), not configuration: ailz check reads Terraform JSON configuration (*.tf.json)`;
    }
  }
  const root = c.problems.find((p) => p.summary === 'Root value must be object');
  if (root) return `${c.file}: not Terraform configuration: ${root.detail}`;
  const extraneous = c.problems.filter((p) => p.summary === 'Extraneous JSON object property');
  if (extraneous.length > 0 && c.blocks.length === 0 && c.comment === undefined) {
    const keys = extraneous.map((p) => p.detail.match(/named "([^"]*)"/)?.[1] ?? '?');
    return `${c.file}: not Terraform configuration: none of its top-level properties (${listSome(keys.map((k) => `"${k}"`))}) is a Terraform block type`;
  }
  return undefined;
}

function whatWasFound(d: TerraformDocument): string {
  const l = loaded(d);
  const c = l.config;
  const parts: string[] = [];
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  if (c.data.length) parts.push(n(c.data.length, 'data source'));
  if (c.modules.length) parts.push(`${n(c.modules.length, 'module call')} (not evaluated)`);
  if (c.providers.length) parts.push(n(c.providers.length, 'provider configuration'));
  if (c.variables.length) parts.push(n(c.variables.length, 'variable'));
  if (c.outputs.length) parts.push(n(c.outputs.length, 'output'));
  if (c.locals.length) parts.push(n(c.locals.length, 'local value'));
  const others = new Map<string, number>();
  for (const o of c.others) others.set(o.type, (others.get(o.type) ?? 0) + 1);
  for (const [t, k] of others) parts.push(n(k, `${t} block`));
  if (parts.length === 0) {
    if (l.sources.length === 1) {
      const text = l.sources[0].text.trim();
      if (text === '{}' || text === '[]') return `${text === '{}' ? 'an empty object' : 'an empty array'} (valid Terraform JSON that declares nothing)`;
    }
    return 'valid Terraform JSON that declares no block';
  }
  return `no resource blocks; found ${parts.join(', ')}`;
}

function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.at - b.at));
}

/** The cdktf stack name from a root `"//": { "metadata": { "stackName" } }` comment. */
function cdktfStackName(comment: unknown): string | undefined {
  const name = (comment as { metadata?: { stackName?: unknown } } | undefined)?.metadata?.stackName;
  return typeof name === 'string' ? name : undefined;
}

function makeDocument(
  stack: string, file: string | undefined, input: StackInput, files: string[], sources: SourceText[], config: Configuration, override?: StackKindOverride,
): TerraformDocument {
  const firstOfType = new Map<string, string>();
  for (const r of config.resources) if (!firstOfType.has(r.labels[0])) firstOfType.set(r.labels[0], r.labels.join('.'));
  const name = cdktfStackName(config.comment);
  const kind = decideStackKind({ stack, firstOfType: (t) => firstOfType.get(t), cdktfStackName: name, override: override && { kind: override.kind, given: override.given } });
  let json: unknown;
  const doc = { stack } as TerraformDocument;
  if (file !== undefined) doc.path = file;
  // The plain JSON view, rebuilt on demand from the configuration (what Terraform would see after merging).
  Object.defineProperty(doc, 'json', { enumerable: true, configurable: true, get: () => (json ??= toJson(config)), set: (v) => { json = v; } });
  internals.set(doc, { input: input.input, files, sources, config, kind, cdktfStackName: name });
  return doc;
}

function toJson(c: Configuration): Record<string, unknown> {
  const out: Record<string, any> = {};
  if (c.comment !== undefined) out['//'] = c.comment;
  for (const [key, list] of [['resource', c.resources], ['data', c.data]] as const) {
    for (const r of list) {
      out[key] ??= {};
      out[key][r.labels[0]] ??= {};
      out[key][r.labels[0]][r.labels[1]] = r.attrs;
    }
  }
  for (const p of c.providers) {
    out.provider ??= {};
    (out.provider[p.labels[0]] ??= []).push(p.attrs);
  }
  // The state-moving blocks rules read (AILZ-DEF-004 reads the imports).
  for (const b of c.others) {
    if (b.labels.length === 0 && (b.type === 'import' || b.type === 'moved' || b.type === 'removed')) (out[b.type] ??= []).push(b.attrs);
  }
  return out;
}

/** Reads an in-memory document leniently: structural problems drop the malformed part (tests build partial documents). */
function readInMemory(doc: TerraformDocument): LoadedInternals {
  const tree = new JsonValueTree();
  const json = doc.json === undefined ? {} : doc.json;
  const file = doc.path ?? `<${doc.stack}>`;
  let content: FileContent;
  try {
    content = readTree(tree, json, file);
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e;
    content = { file, blocks: [], outputMarkers: [], problems: [], mayHaveDynamic: true };
  }
  content.problems = [];
  const config = assemble([content], []);
  config.problems = [];
  const firstOfType = new Map<string, string>();
  for (const r of config.resources) if (!firstOfType.has(r.labels[0])) firstOfType.set(r.labels[0], r.labels.join('.'));
  const name = cdktfStackName(config.comment);
  const kind: KindDecision = doc.kind
    ? { kind: doc.kind, reason: 'set by the caller' }
    : decideStackKind({ stack: doc.stack, firstOfType: (t) => firstOfType.get(t), cdktfStackName: name });
  return { input: file, files: doc.path ? [doc.path] : [], sources: [], config, kind, cdktfStackName: name };
}

export { TerraformInputError };
