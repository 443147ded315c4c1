/**
 * The change model both review commands report: per resource, what Terraform will do (create, delete,
 * replace, update), why a replacement happens, which attributes change, and which of those changes a
 * security reviewer must see (review/classify.ts).
 */
import { valuesAt } from '../guardrails/document';
import { attributeClass, AttributeClass, Category, resourceCategory } from './classify';
import { armTypeOf, resourceSummary } from './describe';

export type Attrs = Record<string, any>;
/** `forget`: Terraform drops the resource from its state and leaves it in Azure (a `removed` block with `destroy = false`). */
export type Action = 'create' | 'delete' | 'replace' | 'update' | 'forget';

export interface AttributeChange {
  /** Dotted path, list indexes in brackets where a block list has several entries (`security_rule[2].access`). */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
  /** Set when the change is security-relevant. */
  readonly class?: AttributeClass;
}

export interface MayReplace {
  readonly path: string;
  readonly when: string;
  readonly source: string;
}

export interface ResourceChange {
  readonly stack: string;
  /** The address after the change (the removed address for a delete). */
  readonly address: string;
  /** The address before, when it changed (a construct id change or a `moved` block). */
  readonly previousAddress?: string;
  readonly type: string;
  /** For azapi resources, the ARM type. */
  readonly armType?: string;
  action: Action;
  /** Why the resource is destroyed and recreated, when it is (certain). */
  readonly replaceReasons: string[];
  /** Changes the provider may turn into a replacement at plan time. */
  readonly mayReplace: MayReplace[];
  readonly before?: Attrs;
  readonly after?: Attrs;
  readonly attributes: readonly AttributeChange[];
  /** The category of the resource type itself (role assignments, NSG rules, locks, ...). */
  readonly category?: Category;
  /** One line saying what the resource is (role, principal and scope for a role assignment). */
  readonly summary?: string;
  /** Plan only: Terraform's `action_reason`. */
  readonly actionReason?: string;
  /** What else a reviewer should know: an import adopts an existing resource, a move changes the resource type, the old object of a replacement is kept. */
  readonly notes?: string[];
  /** A replacement whose old object stays in Azure (Terraform forgets it instead of destroying it). */
  readonly keepsOld?: boolean;
}

/** A security-relevant item of a change, for the per-category sections of a report. */
export interface SecurityItem {
  readonly category: Category;
  readonly stack: string;
  readonly address: string;
  readonly action: Action;
  readonly label: string;
  readonly path?: string;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly summary?: string;
}

/** Meta-arguments and cdktf bookkeeping: not attributes of the resource. */
const NOT_ATTRIBUTES = new Set(['depends_on', 'lifecycle', 'provider', 'count', 'for_each', 'provisioner', 'connection']);
const skipKey = (k: string) => k.startsWith('//') || NOT_ATTRIBUTES.has(k);

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Canonical JSON: object keys sorted, cdktf metadata left out. */
export function canonical(v: unknown): string {
  return JSON.stringify(sortDeep(v));
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (isObj(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) if (!k.startsWith('//')) out[k] = sortDeep(v[k]);
    return out;
  }
  return v;
}

/** Structural equality without building strings (cdktf metadata keys `//` ignored); the fast path for unchanged resources. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (isObj(a)) {
    if (!isObj(b)) return false;
    let n = 0;
    for (const k in a) {
      if (k.startsWith('//')) continue;
      n++;
      if (!(k in b) || !sameValue(a[k], b[k])) return false;
    }
    for (const k in b) if (!k.startsWith('//')) n--;
    return n === 0;
  }
  return false;
}

/** Lists compare as multisets: Terraform sets (ip_rules, security_rule) carry no order. */
function sameList(a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const x = a.map(canonical).sort();
  const y = b.map(canonical).sort();
  return x.every((s, i) => s === y[i]);
}

/** Leaf-level differences between two attribute sets. */
export function attributeChanges(type: string, before: Attrs | undefined, after: Attrs | undefined): AttributeChange[] {
  const out: AttributeChange[] = [];
  const visit = (a: unknown, b: unknown, path: string) => {
    if (isObj(a) && isObj(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of [...keys].sort()) {
        if (path === '' && skipKey(k)) continue;
        if (k.startsWith('//')) continue;
        visit(a[k], b[k], path ? `${path}.${k}` : k);
      }
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (sameList(a, b)) return;
      const blocks = a.length === b.length && a.length > 0 && [...a, ...b].every(isObj);
      if (blocks) {
        if (a.length === 1) visit(a[0], b[0], path);
        else a.forEach((x, i) => visit(x, b[i], `${path}[${i}]`));
        return;
      }
    }
    // A single nested block is written as an object by cdktf and as a one-element list in plans.
    if (Array.isArray(a) && a.length === 1 && isObj(a[0]) && isObj(b)) return visit(a[0], b, path);
    if (Array.isArray(b) && b.length === 1 && isObj(b[0]) && isObj(a)) return visit(a, b[0], path);
    // A block that appears or disappears: report its attributes, so each is classified on its own path.
    const single = (v: unknown) => (isObj(v) ? v : Array.isArray(v) && v.length === 1 && isObj(v[0]) ? v[0] : undefined);
    if ((a === undefined || a === null) && single(b)) return visit({}, single(b), path);
    if ((b === undefined || b === null) && single(a)) return visit(single(a), {}, path);
    if (isEmpty(a) && isEmpty(b)) return;
    if (canonical(a) === canonical(b)) return;
    const cls = attributeClass(type, path);
    out.push(cls ? { path, before: a, after: b, class: cls } : { path, before: a, after: b });
  };
  visit(before ?? {}, after ?? {}, '');
  return out;
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

/** Values at a force-new path on each side, compared as Terraform would (absent and empty are the same). */
export function pathChanged(before: Attrs | undefined, after: Attrs | undefined, path: string): boolean {
  const a = valuesAt(before ?? {}, path).filter((v) => !isEmpty(v));
  const b = valuesAt(after ?? {}, path).filter((v) => !isEmpty(v));
  return canonical(a) !== canonical(b);
}

/** Builds a change record with its classification and summary filled in. */
export function makeChange(input: {
  stack: string;
  address: string;
  previousAddress?: string;
  type: string;
  action: Action;
  before?: Attrs;
  after?: Attrs;
  replaceReasons?: string[];
  mayReplace?: MayReplace[];
  attributes?: AttributeChange[];
  actionReason?: string;
  notes?: string[];
  keepsOld?: boolean;
}): ResourceChange {
  const armType = armTypeOf(input.type, input.after ?? input.before);
  const c: ResourceChange = {
    stack: input.stack,
    address: input.address,
    type: input.type,
    action: input.action,
    replaceReasons: input.replaceReasons ?? [],
    mayReplace: input.mayReplace ?? [],
    before: input.before,
    after: input.after,
    attributes: input.attributes ?? (input.action === 'update' || input.action === 'replace' ? attributeChanges(input.type, input.before, input.after) : []),
  };
  const extra: Partial<Record<keyof ResourceChange, unknown>> = {};
  if (input.previousAddress) extra.previousAddress = input.previousAddress;
  if (armType) extra.armType = armType;
  const category = resourceCategory(input.type, armType);
  if (category) extra.category = category;
  const summary = resourceSummary(input.type, input.after ?? input.before);
  if (summary) extra.summary = summary;
  if (input.actionReason) extra.actionReason = input.actionReason;
  if (input.notes && input.notes.length > 0) extra.notes = input.notes;
  if (input.keepsOld) extra.keepsOld = true;
  return Object.assign(c, extra);
}

/** The security-relevant items of a change: the resource itself when its type is a control, and each classified attribute. */
export function securityItems(c: ResourceChange): SecurityItem[] {
  const out: SecurityItem[] = [];
  const base = { stack: c.stack, address: c.address, action: c.action };
  if (c.category && c.action !== 'update') {
    const label = { create: 'added', delete: 'removed', replace: 'replaced', forget: 'no longer managed (kept in Azure)' }[c.action];
    out.push({ ...base, category: c.category, label, summary: c.summary });
  }
  if (c.action === 'update' || c.action === 'replace') {
    for (const a of c.attributes) {
      if (a.class) out.push({ ...base, category: a.class.category, label: a.class.label, path: a.path, before: a.before, after: a.after });
    }
  }
  return out;
}
