import { DocumentIndex, DocumentSet, ResourceNode, StackKind, TerraformDocument } from './types';
import { loaded } from './load';

export { stackKind } from './stack-kind';

/** A single Terraform reference at the start of a string: `${type.name.attr}` plus an optional literal suffix. */
export interface ParsedRef {
  /** `<type>.<name>` or `data.<type>.<name>` */
  address: string;
  attr: string;
  /** Literal text after the reference, e.g. `/blobServices/default`. */
  suffix: string;
}

const REF = /^\$\{((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)((?:\.[A-Za-z0-9_-]+|\[[0-9]+\])*)\}(.*)$/s;

/** Parses `${azurerm_key_vault.kv.id}` (optionally followed by literal text); anything else is not a simple reference. */
export function parseRef(value: unknown): ParsedRef | undefined {
  if (typeof value !== 'string') return undefined;
  const m = REF.exec(value);
  if (!m) return undefined;
  const suffix = m[4];
  if (suffix.includes('${')) return undefined;
  if (m[3]) return { address: m[1], attr: m[2] + m[3], suffix };
  return { address: m[1], attr: m[2], suffix };
}

/** True when a value is (or contains) a Terraform expression rather than a literal. */
export function isExpression(value: unknown): boolean {
  return typeof value === 'string' && value.includes('${');
}

/** Nested blocks appear as arrays (cdktf, most JSON) or as a single object: always return an array. */
export function blocks(attrs: any, name: string): any[] {
  const v = attrs?.[name];
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.filter((x) => x !== null && typeof x === 'object');
  if (typeof v === 'object') return [v];
  return [];
}

/** The first nested block of that name, if any. */
export function block(attrs: any, name: string): any | undefined {
  return blocks(attrs, name)[0];
}

/** Values at a dotted path, descending into every nested block. */
export function valuesAt(attrs: any, path: string): any[] {
  const parts = path.split('.');
  let current: any[] = [attrs];
  for (let i = 0; i < parts.length; i++) {
    const last = i === parts.length - 1;
    const next: any[] = [];
    for (const c of current) {
      if (c === null || typeof c !== 'object') continue;
      if (last) {
        if (c[parts[i]] !== undefined) next.push(c[parts[i]]);
      } else {
        next.push(...blocks(c, parts[i]));
      }
    }
    current = next;
  }
  return current;
}

class Index implements DocumentIndex {
  readonly stack: string;
  readonly kind: StackKind;
  readonly kindReason: string;
  readonly path?: string;
  private readonly types = new Map<string, ResourceNode[]>();
  private readonly all: ResourceNode[] = [];
  private readonly providerBlocks = new Map<string, Record<string, any>[]>();
  private readonly addresses = new Map<string, ResourceNode>();
  private readonly refIndexes = new Map<string, Map<string, { node: ResourceNode; suffix: string }[]>>();
  private readonly unlabelled = new Map<string, Record<string, any>[]>();

  constructor(doc: TerraformDocument) {
    const l = loaded(doc);
    this.stack = doc.stack;
    this.kind = l.kind.kind;
    this.kindReason = l.kind.reason;
    this.path = doc.path;
    // Every form Terraform's JSON syntax allows is already flattened into blocks (tfjson/reader.ts).
    for (const r of l.config.resources) {
      const [type, name] = r.labels;
      const node: ResourceNode = { type, name, address: `${type}.${name}`, attrs: r.attrs, layers: r.layers };
      const list = this.types.get(type);
      if (list) list.push(node);
      else this.types.set(type, [node]);
      this.all.push(node);
      this.addresses.set(node.address, node);
    }
    for (const p of l.config.providers) {
      const name = p.labels[0];
      const list = this.providerBlocks.get(name);
      if (list) list.push(p.attrs);
      else this.providerBlocks.set(name, [p.attrs]);
    }
    // import, moved, removed: blocks without labels (AILZ-DEF-004 reads the imports).
    for (const b of l.config.others) {
      if (b.labels.length > 0) continue;
      const list = this.unlabelled.get(b.type);
      if (list) list.push(b.attrs);
      else this.unlabelled.set(b.type, [b.attrs]);
    }
    // Data sources are addressable (`data.<type>.<name>`) so references to them can be followed.
    for (const d of l.config.data) {
      const [type, name] = d.labels;
      const address = `data.${type}.${name}`;
      this.addresses.set(address, { type, name, address, attrs: d.attrs, layers: d.layers });
    }
  }

  ofType(type: string): readonly ResourceNode[] {
    return this.types.get(type) ?? [];
  }

  byAddress(address: string): ResourceNode | undefined {
    return this.addresses.get(address);
  }

  resources(): readonly ResourceNode[] {
    return this.all;
  }

  providers(name: string): readonly Record<string, any>[] {
    return this.providerBlocks.get(name) ?? [];
  }

  topLevel(kind: string): readonly Record<string, any>[] {
    return this.unlabelled.get(kind) ?? [];
  }

  referencing(type: string, attr: string, target: ResourceNode): readonly { node: ResourceNode; suffix: string }[] {
    const key = `${type}|${attr}`;
    let idx = this.refIndexes.get(key);
    if (!idx) {
      idx = new Map();
      for (const node of this.ofType(type)) {
        for (const v of valuesAt(node.attrs, attr)) {
          for (const item of Array.isArray(v) ? v : [v]) {
            const ref = parseRef(item);
            if (!ref) continue;
            const list = idx.get(ref.address) ?? [];
            list.push({ node, suffix: ref.suffix });
            idx.set(ref.address, list);
          }
        }
      }
      this.refIndexes.set(key, idx);
    }
    return idx.get(target.address) ?? [];
  }
}

export function indexDocument(doc: TerraformDocument): DocumentIndex {
  return new Index(doc);
}

const byStack = (a: DocumentIndex, b: DocumentIndex) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0);

/** The set of indexed documents a run evaluates, grouped by stack kind once. */
export function documentSet(docs: readonly DocumentIndex[]): DocumentSet {
  const kinds = new Map<StackKind, DocumentIndex[]>();
  for (const d of docs) {
    const list = kinds.get(d.kind);
    if (list) list.push(d);
    else kinds.set(d.kind, [d]);
  }
  for (const list of kinds.values()) list.sort(byStack);
  return { docs, ofKind: (kind) => kinds.get(kind) ?? [] };
}

/** A value as a rule sees it. */
export type Judged =
  | { state: 'missing' }
  | { state: 'literal'; value: any }
  | { state: 'unresolved'; text: string };

/**
 * Resolves a value to a literal where the document allows it: a literal is itself; `${type.name.attr}`
 * pointing at a literal attribute of a resource in the same document is that literal; anything else
 * (variables, functions, computed attributes, unknown resources) is unresolved.
 * `"true"`/`"false"` strings count as booleans, as Terraform converts them.
 */
export function judge(doc: DocumentIndex, value: unknown, depth = 0): Judged {
  if (value === undefined || value === null) return { state: 'missing' };
  if (typeof value === 'string' && isExpression(value)) {
    const ref = parseRef(value);
    if (ref && !ref.suffix && depth < 5) {
      const target = doc.byAddress(ref.address);
      if (target && !ref.attr.includes('.') && !ref.attr.includes('[')) {
        const v = target.attrs[ref.attr];
        if (v !== undefined && v !== null) {
          const inner = judge(doc, v, depth + 1);
          if (inner.state === 'literal') return inner;
        }
      }
    }
    return { state: 'unresolved', text: value };
  }
  if (value === 'true') return { state: 'literal', value: true };
  if (value === 'false') return { state: 'literal', value: false };
  return { state: 'literal', value };
}

/** Compact display of a value for messages. */
export function show(value: unknown): string {
  if (value === undefined) return 'not set';
  const s = JSON.stringify(value);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}
