/**
 * Reads one Terraform JSON file into its top-level blocks, following HCL's JSON syntax
 * (hashicorp/hcl `json/spec.md`, `json/structure.go`) and Terraform's top-level schema
 * (hashicorp/terraform `internal/configs/parser_config.go`, `configFileSchema`):
 *
 * - a body is an object or an array of objects, its properties visited in order (the root too);
 * - a block type with labels takes one level of object (or array of objects) per label, and then one
 *   body or an array of bodies; `null` at the body level is no block; a label level without any
 *   property is an error ("Missing block label");
 * - every definition of a repeated property name counts: two `"resource"` properties, two resource
 *   types or two names under one type all declare blocks (duplicate addresses are judged when the
 *   files are assembled into a module, as Terraform does);
 * - `"//"` in a body is a comment and ignored (cdktf writes its metadata there);
 * - an argument given twice in one body is Terraform's "Duplicate argument" error.
 *
 * Errors are collected (all at once, with positions), never thrown one by one.
 */
import { countObjectKeys, countPropertyNames, DuplicateProperty, JsonKind, JsonTree, JsonValueTree, mergeDuplicate } from './json';
import { SourceText } from './source';

/** A problem that makes Terraform reject the configuration. */
export interface Diagnostic {
  file: string;
  /** Offset in the file's text, or -1. */
  at: number;
  source?: SourceText;
  summary: string;
  detail: string;
}

/**
 * Where a block's header and body are. Offsets are -1 for in-memory documents, and until
 * {@link resolveOrigin} fills them in for a file read on the fast path.
 */
export interface BlockOrigin {
  file: string;
  source?: SourceText;
  /** Offset of the last label's property name (`"st": {`), or of the block type for unlabelled blocks. */
  labelAt: number;
  /** Handle of the body value. */
  bodyAt: number;
  /** Offset just after the body. */
  bodyEnd: number;
  /** Position of the block among the file's blocks (both readers list them in the same order). */
  index: number;
  /** Its header, to check that the block found again by index is the same one. */
  type: string;
  labels: readonly string[];
}

export interface Block {
  type: string;
  labels: string[];
  attrs: Record<string, unknown>;
  origin: BlockOrigin;
}

export interface FileContent {
  file: string;
  source?: SourceText;
  blocks: Block[];
  /** The root `"//"` comment (cdktf writes `{ metadata: { stackName, ... } }` there). */
  comment?: unknown;
  /** False when the file's text has no `"dynamic"` at all (no block to look for). */
  mayHaveDynamic: boolean;
  /** Keys found at the root that mark Terraform's machine-readable output (a plan or state), not configuration. */
  outputMarkers: string[];
  problems: Diagnostic[];
}

/** Top-level block types and their label names (Terraform `configFileSchema`). */
export const TOP_LEVEL_BLOCKS: Readonly<Record<string, readonly string[]>> = {
  terraform: [],
  required_providers: [],
  provider: ['name'],
  variable: ['name'],
  locals: [],
  output: ['name'],
  module: ['name'],
  resource: ['type', 'name'],
  data: ['type', 'name'],
  ephemeral: ['type', 'name'],
  action: ['type', 'name'],
  moved: [],
  removed: [],
  import: [],
  check: ['name'],
};

/** Root keys of `terraform show -json` output (plan and state representations), never block types. */
const OUTPUT_MARKERS = new Set(['format_version', 'terraform_version', 'planned_values', 'resource_changes', 'prior_state', 'values', 'configuration', 'resource_drift', 'output_changes', 'relevant_attributes', 'checks', 'applyable', 'complete', 'errored', 'timestamp']);

const KIND_NAMES: Record<JsonKind, string> = { object: 'an object', array: 'an array', string: 'a string', number: 'a number', boolean: 'a boolean', null: 'null' };

export function describeKind(kind: JsonKind): string {
  return KIND_NAMES[kind];
}

/**
 * Reads one `.tf.json` file. Fast path: the native `JSON.parse`, and a count of property names in the
 * text against the keys it kept, which differ exactly when a name is repeated in an object. Repeated
 * names (which HCL reads as more blocks, or as an error), invalid JSON and anything Terraform would
 * reject go through the positional parser, which keeps every definition and reports positions.
 */
export function readFile(source: SourceText): FileContent {
  return readFast(source) ?? readTextFile(source);
}

function readFast(source: SourceText): FileContent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(source.text);
    if (countPropertyNames(source.text) !== countObjectKeys(value)) return undefined;
  } catch {
    // Invalid JSON, or nesting deeper than the stack: the positional parser says where.
    return undefined;
  }
  const common = readCommonForm(value, source);
  if (common) return common;
  const content = readTree(new JsonValueTree(), value, source.path, source);
  if (content.problems.length === 0) return content;
  // A plan or state is recognised from its keys; no need to read it again for positions.
  return content.outputMarkers.length > 0 && content.blocks.length === 0 ? content : undefined;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The form cdktf and most generators write (one object per label level, an object or an array of
 * objects per body, known block types), read without the generic walk; undefined for anything else,
 * which {@link readTree} then reads with every rule of the syntax. Both give the same blocks in the
 * same order.
 */
function readCommonForm(value: unknown, source: SourceText): FileContent | undefined {
  if (!isPlainObject(value)) return undefined;
  const file = source.path;
  const out: FileContent = { file, source, blocks: [], outputMarkers: [], problems: [], mayHaveDynamic: source.text.includes('"dynamic"') };
  const blocks = out.blocks;
  const push = (type: string, labels: string[], body: unknown): boolean => {
    if (!isPlainObject(body)) return false;
    blocks.push({ type, labels, attrs: body, origin: { file, source, labelAt: -1, bodyAt: -1, bodyEnd: -1, index: blocks.length, type, labels } });
    return true;
  };
  const bodiesOf = (type: string, labels: string[], v: unknown): boolean => {
    if (Array.isArray(v)) {
      for (const b of v) if (!push(type, labels, b)) return false;
      return true;
    }
    return push(type, labels, v);
  };
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (key === '//') {
      out.comment = v;
      continue;
    }
    if (!Object.prototype.hasOwnProperty.call(TOP_LEVEL_BLOCKS, key) || key === 'required_providers' || !isPlainObject(v) && !Array.isArray(v)) return undefined;
    const labelNames = TOP_LEVEL_BLOCKS[key];
    if (labelNames.length === 0) {
      if (!bodiesOf(key, [], v)) return undefined;
    } else if (labelNames.length === 1) {
      if (!isPlainObject(v)) return undefined;
      const names = Object.keys(v);
      if (names.length === 0) return undefined;
      for (const name of names) if (!bodiesOf(key, [name], v[name])) return undefined;
    } else {
      if (!isPlainObject(v)) return undefined;
      const types = Object.keys(v);
      if (types.length === 0) return undefined;
      for (const type of types) {
        const byName = v[type];
        if (!isPlainObject(byName)) return undefined;
        const names = Object.keys(byName);
        if (names.length === 0) return undefined;
        for (const name of names) if (!bodiesOf(key, [type, name], byName[name])) return undefined;
      }
    }
  }
  return out;
}

/** Reads the text of one `.tf.json` file with the positional parser. */
export function readTextFile(source: SourceText): FileContent {
  const root = source.json.root();
  const content = readTree(source.json, root, source.path, source);
  source.json.finish(root);
  return content;
}

export interface ReadOptions {
  /** Build the bodies (default); false walks the structure only, to find where each block is. */
  bodies?: boolean;
}

/**
 * Reads a Terraform JSON value through a {@link JsonTree}: a file's text, or an in-memory value
 * (tests; files already parsed by `JSON.parse` on the fast path, whose origins are resolved later).
 */
export function readTree<H>(tree: JsonTree<H>, root: H, file: string, source?: SourceText, opts: ReadOptions = {}): FileContent {
  const out: FileContent = { file, source, blocks: [], outputMarkers: [], problems: [], mayHaveDynamic: source ? source.text.includes('"dynamic"') : true };
  const buildBodies = opts.bodies !== false;
  const problem = (at: number, summary: string, detail: string) => out.problems.push({ file, at, source, summary, detail });

  const onDuplicate = (d: DuplicateProperty) => {
    if (d.merged) return;
    const first = firstKeyAt(tree, d.objectAt as unknown as H, d.key);
    problem(d.at, 'Duplicate object attribute', `An attribute named "${d.key}" was already defined${where(source, first)}; Terraform accepts each name once in an object.`);
  };

  /** Properties of a body (an object, or an array of objects), in order. */
  const bodyMembers = (h: H, what: string, fn: (key: string, keyAt: number, v: H) => void) => {
    const k = tree.kind(h);
    if (k === 'object') tree.forEachMember(h, fn);
    else if (k === 'array') {
      tree.forEachItem(h, (item) => {
        if (tree.kind(item) === 'object') tree.forEachMember(item, fn);
        else problem(tree.start(item), 'Incorrect JSON value type', `A JSON object is required here, ${what}; found ${describeKind(tree.kind(item))}.`);
      });
    } else if (k !== 'null') {
      problem(tree.start(h), 'Incorrect JSON value type', `Either a JSON object or JSON array of objects is required here, ${what}; found ${describeKind(k)}.`);
    }
  };

  /** A block body as plain attributes: repeated block types are merged, repeated arguments are errors. */
  const readBody = (h: H): Record<string, unknown> => {
    // An object of an already-parsed value has no repeated names: it is the body as it is.
    const plain = tree.plainObject(h);
    if (plain) return plain;
    const attrs: Record<string, unknown> = {};
    bodyMembers(h, 'to define arguments and child blocks', (key, keyAt, v) => {
      const value = tree.value(v, onDuplicate);
      const prev = attrs[key];
      if (prev === undefined || !Object.prototype.hasOwnProperty.call(attrs, key)) {
        if (key === '__proto__') Object.defineProperty(attrs, key, { value, enumerable: true, writable: true, configurable: true });
        else attrs[key] = value;
        return;
      }
      const m = mergeDuplicate(key, prev, value);
      if (m.ok) attrs[key] = m.value;
      else problem(keyAt, 'Duplicate argument', `The argument "${key}" was already set${where(source, firstBodyKeyAt(tree, h, key))}.`);
    });
    return attrs;
  };

  const unpack = (type: string, v: H, labelNames: readonly string[], labels: string[], labelAt: number) => {
    if (labels.length < labelNames.length) {
      const labelName = labelNames[labels.length];
      let n = 0;
      bodyMembers(v, `to specify ${type} ${labelName} labels for this block`, (key, keyAt, inner) => {
        n++;
        unpack(type, inner, labelNames, [...labels, key], keyAt);
      });
      if (n === 0) {
        // HCL `unpackBlock`: a label level needs at least one property (`null`, `{}` and `[]` alike).
        problem(tree.start(v), 'Missing block label', `At least one object property is required, whose name represents the ${type} block's ${labelName}.`);
      }
      return;
    }
    const k = tree.kind(v);
    const add = (body: H) => {
      const kind = tree.kind(body);
      if (kind !== 'object' && kind !== 'array') {
        problem(tree.start(body), 'Incorrect JSON value type', `A JSON object is required here, to define the arguments of a ${type} block; found ${describeKind(kind)}.`);
        return;
      }
      const attrs = buildBodies ? readBody(body) : {};
      out.blocks.push({ type, labels, attrs, origin: { file, source, labelAt, bodyAt: tree.start(body), bodyEnd: tree.end(body), index: out.blocks.length, type, labels } });
    };
    if (k === 'null') return;
    if (k === 'object') add(v);
    else if (k === 'array') tree.forEachItem(v, add);
    else problem(tree.start(v), 'Incorrect JSON value type', `Either a JSON object or a JSON array is required, representing the contents of one or more "${type}" blocks; found ${describeKind(k)}.`);
  };

  const rootKind = tree.kind(root);
  if (rootKind !== 'object' && rootKind !== 'array') {
    problem(tree.start(root), 'Root value must be object', `The root value in a JSON-based configuration must be either a JSON object or a JSON array of objects; found ${describeKind(rootKind)}.`);
    return out;
  }
  bodyMembers(root, 'at the root of a configuration file', (key, keyAt, v) => {
    if (key === '//') {
      if (out.comment === undefined) out.comment = tree.value(v);
      return;
    }
    const labelNames = TOP_LEVEL_BLOCKS[key];
    if (labelNames === undefined || !Object.prototype.hasOwnProperty.call(TOP_LEVEL_BLOCKS, key)) {
      if (OUTPUT_MARKERS.has(key)) out.outputMarkers.push(key);
      else problem(keyAt, 'Extraneous JSON object property', `No argument or block type is named "${key}" (Terraform's top-level block types: ${Object.keys(TOP_LEVEL_BLOCKS).filter((b) => b !== 'required_providers').join(', ')}).`);
      return;
    }
    if (key === 'required_providers') {
      problem(keyAt, 'Invalid required_providers block', 'A "required_providers" block must be nested inside a "terraform" block.');
      return;
    }
    unpack(key, v, labelNames, [], keyAt);
  });
  return out;
}

/** The first definition of `key` in a body (an object or an array of objects). */
function firstBodyKeyAt<H>(tree: JsonTree<H>, body: H, key: string): number {
  if (tree.start(body) < 0) return -1;
  if (tree.kind(body) === 'object') return firstKeyAt(tree, body, key);
  let at = -1;
  tree.forEachItem(body, (item) => {
    if (at < 0 && tree.kind(item) === 'object') at = firstKeyAt(tree, item, key);
  });
  return at;
}

function firstKeyAt<H>(tree: JsonTree<H>, objectAt: H, key: string): number {
  let at = -1;
  if (tree.start(objectAt) < 0) return at;
  tree.forEachMember(objectAt, (k, keyAt) => {
    if (at < 0 && k === key) at = keyAt;
  });
  return at;
}

function where(source: SourceText | undefined, at: number): string {
  if (!source || at < 0) return '';
  const p = source.position(at);
  return ` at ${source.path}:${p.line}:${p.column}`;
}

/**
 * Fills in the offsets of a block read on the fast path (without positions): the file's structure is
 * walked once, on the first request, and the block found again by its index (checked against its
 * header, and else looked up by header).
 */
export function resolveOrigin(o: BlockOrigin): BlockOrigin {
  if (o.bodyAt >= 0 || !o.source) return o;
  if (!walkedBlocks.has(o.source) && quickFind(o)) return o;
  const walked = positionalBlocks(o.source);
  let found: BlockOrigin | undefined = walked[o.index]?.origin;
  if (!found || !sameHeader(found, o)) found = byHeader(walked, o);
  if (found) {
    o.labelAt = found.labelAt;
    o.bodyAt = found.bodyAt;
    o.bodyEnd = found.bodyEnd;
  }
  return o;
}

const sameHeader = (a: BlockOrigin, b: BlockOrigin) => a.type === b.type && a.labels.length === b.labels.length && a.labels.every((l, i) => l === b.labels[i]);

const walkedBlocks = new WeakMap<SourceText, Block[]>();
const quickLookups = new WeakMap<SourceText, number>();
/** Lookups by search per file before one walk over its structure is cheaper. */
const QUICK_LOOKUPS = 16;

/**
 * A resource or data block found without walking the file: its name, as a property name (a JSON
 * string followed by a colon, not inside another string), occurs exactly once in the file, and its
 * value is one body object. That occurrence can only be the block's label, which must be there. Used
 * for the first few lookups of a file (a report with a handful of findings in a large file).
 */
function quickFind(o: BlockOrigin): boolean {
  const source = o.source as SourceText;
  if ((o.type !== 'resource' && o.type !== 'data') || o.labels.length !== 2) return false;
  const n = quickLookups.get(source) ?? 0;
  if (n >= QUICK_LOOKUPS) return false;
  quickLookups.set(source, n + 1);
  const t = source.text;
  const needle = JSON.stringify(o.labels[1]);
  let at = -1;
  for (let i = t.indexOf(needle); i !== -1; i = t.indexOf(needle, i + 1)) {
    let b = i - 1;
    while (t.charCodeAt(b) === 92) b--;
    if ((i - 1 - b) % 2 !== 0) continue;
    let e = i + needle.length;
    while (/\s/.test(t[e] ?? '')) e++;
    if (t[e] !== ':') continue;
    if (at !== -1) return false;
    at = i;
    // Keep looking: a second definition of the same name elsewhere means the walk must decide.
  }
  if (at === -1) return false;
  let v = at + needle.length;
  while (t[v] !== ':') v++;
  v++;
  while (/\s/.test(t[v] ?? '')) v++;
  if (t[v] !== '{') return false;
  source.json.trusted = true;
  o.labelAt = at;
  o.bodyAt = v;
  o.bodyEnd = source.json.end(v);
  return true;
}

function positionalBlocks(source: SourceText): Block[] {
  let blocks = walkedBlocks.get(source);
  if (!blocks) {
    // The text was validated by JSON.parse on the fast path: values are skipped without re-validating them.
    source.json.trusted = true;
    blocks = readTree(source.json, source.json.root(), source.path, source, { bodies: false }).blocks;
    walkedBlocks.set(source, blocks);
  }
  return blocks;
}

/**
 * The first walked block with o's header. Only integer-like names (never valid Terraform identifiers)
 * reorder `JSON.parse` keys; blocks sharing a header (provider aliases) keep their relative order.
 */
function byHeader(walked: Block[], o: BlockOrigin): BlockOrigin | undefined {
  return walked.find((b) => sameHeader(b.origin, o))?.origin;
}

/** `file:line:column: summary: detail` */
export function formatDiagnostic(d: Diagnostic): string {
  const pos = d.source && d.at >= 0 ? d.source.position(d.at) : undefined;
  return `${d.file}${pos ? `:${pos.line}:${pos.column}` : ''}: ${d.summary}: ${d.detail}`;
}

