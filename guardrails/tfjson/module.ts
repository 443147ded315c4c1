/**
 * Assembles the files of one directory into one configuration, as Terraform builds a module
 * (hashicorp/terraform `internal/configs/module.go` `appendFile` and `mergeFile`,
 * `module_merge.go`, `module_merge_body.go`; the "Override Files" documentation):
 *
 * - primary files are read in lexical order; an address declared twice is an error
 *   ("Duplicate resource ... configuration", and likewise providers, variables, outputs, locals, modules);
 * - override files (`override.tf.json`, `*_override.tf.json`) are merged afterwards, in lexical order:
 *   each block merges into the block with the same header; an argument replaces the argument, a nested
 *   block type replaces every block of that type (dynamic blocks included); `lifecycle` merges argument
 *   by argument; `depends_on` may not be overridden; an override with no base is an error;
 *   `moved` and `import` blocks may not appear in override files.
 *
 * What is not evaluated is said in notices, never skipped silently.
 */
import { Block, BlockOrigin, Diagnostic, FileContent, resolveOrigin } from './reader';

/** One definition layer of a block: the primary definition, then each override in order. */
export interface BlockLayer {
  origin: BlockOrigin;
  attrs: Record<string, unknown>;
}

export interface ConfigBlock {
  type: string;
  labels: string[];
  /** The merged attributes. */
  attrs: Record<string, unknown>;
  layers: BlockLayer[];
}

export type NoticeCode =
  | 'module-call' | 'count-for-each' | 'dynamic-block' | 'not-evaluated-block' | 'override-merged'
  | 'native-syntax-file' | 'override-without-base' | 'nothing-to-check' | 'stack-kind';

/** Something the check could not evaluate, or did as Terraform does but a reader should know. */
export interface Notice {
  code: NoticeCode;
  message: string;
  file?: string;
  /** The block it is about, for a position. */
  origin?: BlockOrigin;
}

export interface Configuration {
  resources: ConfigBlock[];
  data: ConfigBlock[];
  providers: ConfigBlock[];
  modules: ConfigBlock[];
  variables: ConfigBlock[];
  outputs: ConfigBlock[];
  locals: string[];
  /** ephemeral, action, check, moved, removed, import, terraform blocks. */
  others: ConfigBlock[];
  /** The first root `"//"` comment of the primary files. */
  comment?: unknown;
  problems: Diagnostic[];
  notices: Notice[];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Bodies of a nested block value (an object or an array of objects). */
function bodies(v: unknown): Record<string, unknown>[] {
  if (isObject(v)) return [v];
  if (Array.isArray(v)) return v.filter(isObject);
  return [];
}

function where(o: BlockOrigin): string {
  resolveOrigin(o);
  if (!o.source || o.labelAt < 0) return ` in ${o.file}`;
  const p = o.source.position(o.labelAt);
  return ` at ${o.file}:${p.line}:${p.column}`;
}

const addressOf = (b: Block | ConfigBlock) => (b.type === 'data' ? `data.${b.labels[0]}.${b.labels[1]}` : b.labels.length === 2 ? `${b.labels[0]}.${b.labels[1]}` : b.labels.join('.'));

function toConfigBlock(b: Block): ConfigBlock {
  return { type: b.type, labels: b.labels, attrs: b.attrs, layers: [{ origin: b.origin, attrs: b.attrs }] };
}

/** The alias of a provider block, or '' for the default configuration. */
function providerKey(b: Block | ConfigBlock): string {
  const alias = b.attrs.alias;
  return `${b.labels[0]}.${typeof alias === 'string' ? alias : ''}`;
}

interface Registry { kind: string; key: (b: Block) => string; duplicate: (b: Block, existing: ConfigBlock) => { summary: string; detail: string } }

const REGISTRIES: Record<string, Registry> = {
  resource: {
    kind: 'resources', key: addressOf,
    duplicate: (b, e) => ({ summary: `Duplicate resource "${b.labels[0]}" configuration`, detail: `A ${b.labels[0]} resource named "${b.labels[1]}" was already declared${where(e.layers[0].origin)}. Resource names must be unique per type in each module.` }),
  },
  data: {
    kind: 'data', key: addressOf,
    duplicate: (b, e) => ({ summary: `Duplicate data "${b.labels[0]}" configuration`, detail: `A ${b.labels[0]} data resource named "${b.labels[1]}" was already declared${where(e.layers[0].origin)}. Resource names must be unique per type in each module.` }),
  },
  provider: {
    kind: 'providers', key: providerKey,
    duplicate: (b, e) => ({
      summary: 'Duplicate provider configuration',
      detail: typeof b.attrs.alias === 'string'
        ? `A provider configuration for "${b.labels[0]}" with alias "${b.attrs.alias}" was already given${where(e.layers[0].origin)}. Each configuration for the same provider must have a distinct alias.`
        : `A default (non-aliased) provider configuration for "${b.labels[0]}" was already given${where(e.layers[0].origin)}. If multiple configurations are required, set the "alias" argument for alternative configurations.`,
    }),
  },
  variable: {
    kind: 'variables', key: (b) => b.labels[0],
    duplicate: (b, e) => ({ summary: 'Duplicate variable declaration', detail: `A variable named "${b.labels[0]}" was already declared${where(e.layers[0].origin)}. Variable names must be unique within a module.` }),
  },
  output: {
    kind: 'outputs', key: (b) => b.labels[0],
    duplicate: (b, e) => ({ summary: 'Duplicate output definition', detail: `An output named "${b.labels[0]}" was already defined${where(e.layers[0].origin)}. Output names must be unique within a module.` }),
  },
  module: {
    kind: 'modules', key: (b) => b.labels[0],
    duplicate: (b, e) => ({ summary: 'Duplicate module call', detail: `A module call named "${b.labels[0]}" was already defined${where(e.layers[0].origin)}. Module calls must have unique names within a module.` }),
  },
};

/** Meta-arguments of `lifecycle` that an override merges one by one (terraform `Resource.merge`). */
const LIFECYCLE_MERGED = ['create_before_destroy', 'prevent_destroy', 'ignore_changes'];

/** `[label, body]` pairs of a `dynamic` value (`{ "<block type>": { for_each, content } }`, or a list of such objects). */
function dynamicEntries(v: unknown): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const b of bodies(v)) for (const k of Object.keys(b)) out.push([k, b[k]]);
  return out;
}

/**
 * Merges an override body into a base body, shallowly, as `MergeBodies` does: an argument replaces the
 * argument, a nested block type replaces all blocks of that type, including dynamic blocks generating it.
 */
export function mergeBody(base: Record<string, unknown>, over: Record<string, unknown>, resource: boolean): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  let dynamic = dynamicEntries(base.dynamic);
  let dynamicTouched = false;
  for (const key of Object.keys(over)) {
    const v = over[key];
    if (key === '//' || (resource && key === 'depends_on')) continue;
    if (resource && key === 'lifecycle') {
      const b = bodies(base.lifecycle)[0] ?? {};
      const o = bodies(v)[0] ?? {};
      const merged: Record<string, unknown> = { ...b };
      for (const m of LIFECYCLE_MERGED) if (m in o) merged[m] = o[m];
      result.lifecycle = [merged];
      continue;
    }
    if (key === 'dynamic') {
      const overridden = dynamicEntries(v);
      const types = new Set(overridden.map(([t]) => t));
      for (const t of types) delete result[t];
      dynamic = [...dynamic.filter(([t]) => !types.has(t)), ...overridden];
      dynamicTouched = true;
      continue;
    }
    result[key] = v;
    if (dynamic.some(([t]) => t === key)) {
      dynamic = dynamic.filter(([t]) => t !== key);
      dynamicTouched = true;
    }
  }
  if (dynamicTouched) {
    if (dynamic.length === 0) delete result.dynamic;
    else result.dynamic = dynamic.map(([t, body]) => ({ [t]: body }));
  }
  return result;
}

/** True when a body (or a nested block body) holds a `dynamic` block. */
export function hasDynamicBlock(attrs: unknown, depth = 0): boolean {
  if (depth > 20) return false;
  for (const b of bodies(attrs)) {
    for (const k of Object.keys(b)) {
      if (k === '//') continue;
      const v = b[k];
      if (k === 'dynamic' && bodies(v).length > 0) return true;
      if ((isObject(v) || Array.isArray(v)) && hasDynamicBlock(v, depth + 1)) return true;
    }
  }
  return false;
}

const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;

/** Up to `n` items, then "and N more". */
export function listSome(items: readonly string[], n = 5): string {
  if (items.length <= n) return items.join(', ');
  return `${items.slice(0, n).join(', ')} and ${items.length - n} more`;
}

export interface AssembleOptions {
  /** `.tf` files of the same directory: Terraform reads them; ailz does not (HCL native syntax). */
  nativeFiles?: readonly string[];
}

/** Builds one configuration from the primary files, then merges the override files, as Terraform does. */
export function assemble(primary: readonly FileContent[], overrides: readonly FileContent[], opts: AssembleOptions = {}): Configuration {
  const cfg: Configuration = { resources: [], data: [], providers: [], modules: [], variables: [], outputs: [], locals: [], others: [], problems: [], notices: [] };
  const maps: Record<string, Map<string, ConfigBlock>> = {};
  for (const r of Object.values(REGISTRIES)) maps[r.kind] = new Map();
  const locals = new Map<string, BlockOrigin>();
  const problem = (o: BlockOrigin, summary: string, detail: string) => cfg.problems.push({ file: o.file, at: resolveOrigin(o).labelAt, source: o.source, summary, detail });

  for (const f of primary) {
    if (cfg.comment === undefined && f.comment !== undefined) cfg.comment = f.comment;
    cfg.problems.push(...f.problems);
    for (const b of f.blocks) {
      const reg = REGISTRIES[b.type];
      if (reg) {
        const key = reg.key(b);
        const existing = maps[reg.kind].get(key);
        if (existing) {
          const d = reg.duplicate(b, existing);
          problem(b.origin, d.summary, d.detail);
          continue;
        }
        const cb = toConfigBlock(b);
        maps[reg.kind].set(key, cb);
        (cfg[reg.kind as 'resources'] as ConfigBlock[]).push(cb);
      } else if (b.type === 'locals') {
        for (const name of Object.keys(b.attrs)) {
          if (name === '//') continue;
          const e = locals.get(name);
          if (e) problem(b.origin, 'Duplicate local value definition', `A local value named "${name}" was already defined${where(e)}. Local value names must be unique within a module.`);
          else locals.set(name, b.origin);
        }
      } else {
        cfg.others.push(toConfigBlock(b));
      }
    }
  }

  const native = opts.nativeFiles ?? [];
  for (const f of overrides) {
    cfg.problems.push(...f.problems);
    let merged = 0;
    for (const b of f.blocks) {
      if (b.type === 'moved' || b.type === 'import') {
        problem(b.origin, `Cannot override '${b.type}' blocks`, b.type === 'moved'
          ? 'Records of moved objects can appear only in normal files, not in override files.'
          : 'Import blocks can appear only in normal files, not in override files.');
        continue;
      }
      if (b.type === 'locals') {
        for (const name of Object.keys(b.attrs)) {
          if (name === '//') continue;
          if (!locals.has(name)) {
            if (native.length > 0) continue;
            problem(b.origin, 'Missing base local value definition to override', `There is no local value named "${name}". An override file can only override a local value that was already defined in a primary configuration file.`);
          } else merged++;
        }
        continue;
      }
      const reg = REGISTRIES[b.type];
      if (!reg) continue;
      const existing = maps[reg.kind].get(reg.key(b));
      if (!existing) {
        if (b.type === 'provider' && typeof b.attrs.alias !== 'string') {
          // An absent default provider configuration is an empty one: the override becomes it.
          const cb = toConfigBlock(b);
          maps[reg.kind].set(reg.key(b), cb);
          cfg.providers.push(cb);
          merged++;
          continue;
        }
        if (native.length > 0) {
          cfg.notices.push({
            code: 'override-without-base', file: b.origin.file, origin: b.origin,
            message: `${b.type} ${b.labels.map((l) => `"${l}"`).join(' ')} in override file ${baseName(f.file)} has no base in the JSON files (it may be in ${listSome(native)}, which are not read): not evaluated`,
          });
          continue;
        }
        problem(b.origin, missingBase(b).summary, missingBase(b).detail);
        continue;
      }
      if ((b.type === 'resource' || b.type === 'data' || b.type === 'output' || b.type === 'module') && b.attrs.depends_on !== undefined) {
        problem(b.origin, 'Unsupported override', 'The depends_on argument may not be overridden.');
      }
      existing.attrs = mergeBody(existing.attrs, b.attrs, b.type === 'resource' || b.type === 'data');
      existing.layers.push({ origin: b.origin, attrs: b.attrs });
      merged++;
    }
    cfg.notices.push({ code: 'override-merged', file: f.file, message: `override file ${baseName(f.file)} merged into ${merged} block${merged === 1 ? '' : 's'}, as Terraform merges override files` });
  }
  cfg.locals = [...locals.keys()];

  if (native.length > 0) {
    cfg.notices.push({ code: 'native-syntax-file', message: `${listSome(native)}: HCL native syntax is not read; blocks declared there are not checked (run the check on Terraform JSON, e.g. \`terraform show -json\` of a plan with \`ailz review-plan\`)` });
  }
  for (const m of cfg.modules) {
    const src = typeof m.attrs.source === 'string' ? ` (source ${m.attrs.source})` : '';
    const o = m.layers[0].origin;
    cfg.notices.push({ code: 'module-call', file: o.file, origin: o, message: `module "${m.labels[0]}"${src} is not evaluated: the resources it declares are not checked` });
  }
  const counted = [...cfg.resources, ...cfg.data].filter((r) => r.attrs.count !== undefined || r.attrs.for_each !== undefined).map((r) => addressOf(r));
  if (counted.length > 0) {
    cfg.notices.push({ code: 'count-for-each', message: `count/for_each is not expanded on ${counted.length} block${counted.length === 1 ? '' : 's'} (${listSome(counted)}): each is judged once, as written` });
  }
  const anyDynamic = [...primary, ...overrides].some((f) => f.mayHaveDynamic);
  const dynamic = (anyDynamic ? [...cfg.resources, ...cfg.data, ...cfg.providers] : []).filter((r) => hasDynamicBlock(r.attrs)).map((r) => (r.type === 'provider' ? `provider.${r.labels[0]}` : addressOf(r)));
  if (dynamic.length > 0) {
    cfg.notices.push({ code: 'dynamic-block', message: `dynamic blocks are not expanded in ${dynamic.length} block${dynamic.length === 1 ? '' : 's'} (${listSome(dynamic)}): the nested blocks they generate are not judged, so rules that need them report them missing` });
  }
  const skipped = new Map<string, string[]>();
  for (const o of cfg.others) {
    if (o.type === 'ephemeral' || o.type === 'action' || o.type === 'check') {
      const list = skipped.get(o.type) ?? [];
      list.push(o.labels.join('.'));
      skipped.set(o.type, list);
    }
  }
  for (const [type, names] of skipped) {
    cfg.notices.push({ code: 'not-evaluated-block', message: `${names.length} ${type} block${names.length === 1 ? '' : 's'} (${listSome(names)}) not evaluated` });
  }
  return cfg;
}

function missingBase(b: Block): { summary: string; detail: string } {
  switch (b.type) {
    case 'resource': return { summary: 'Missing resource to override', detail: `There is no ${b.labels[0]} resource named "${b.labels[1]}". An override file can only override a resource block defined in a primary configuration file.` };
    case 'data': return { summary: 'Missing data resource to override', detail: `There is no ${b.labels[0]} data resource named "${b.labels[1]}". An override file can only override a data block defined in a primary configuration file.` };
    case 'provider': return { summary: 'Missing base provider configuration for override', detail: `There is no ${b.labels[0]} provider configuration with the alias "${String(b.attrs.alias)}". An override file can only override an aliased provider configuration that was already defined in a primary configuration file.` };
    case 'variable': return { summary: 'Missing base variable declaration to override', detail: `There is no variable named "${b.labels[0]}". An override file can only override a variable that was already declared in a primary configuration file.` };
    case 'output': return { summary: 'Missing base output definition to override', detail: `There is no output named "${b.labels[0]}". An override file can only override an output that was already defined in a primary configuration file.` };
    default: return { summary: 'Missing module call to override', detail: `There is no module call named "${b.labels[0]}". An override file can only override a module call that was defined in a primary configuration file.` };
  }
}
