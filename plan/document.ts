/**
 * The plan adapter: the planned state of a `terraform show -json` plan as the same Terraform JSON
 * document the guardrails judge for a synth output, so one rule catalog judges both.
 *
 * - Every resource that exists after apply (`resource_changes[].change.after`, deletes left out) becomes
 *   a resource block; nested blocks stay arrays of objects, as in cdktf's JSON; `null` (unset) attributes
 *   are left out, as a config leaves them out.
 * - A value Terraform knows only after apply (`after_unknown`) is never guessed. It becomes the
 *   expression the configuration wrote for it when the configuration has one (cdktf's JSON config gives
 *   the template verbatim, `${azurerm_storage_account.x.id}/blobServices/default`; an HCL config gives
 *   only its references, so the first resource it references stands in), or else the explicit marker
 *   {@link UNKNOWN_AFTER_APPLY}. Both are `${...}` expressions, which the guardrails treat as unresolved:
 *   a rule reports "cannot be verified" (or follows the reference, as it does in a synth output).
 * - A sensitive value (`after_sensitive`) becomes {@link SENSITIVE_VALUE}: it is never printed.
 * - Resources in modules or with count/for_each get a document name that the guardrails' reference
 *   syntax accepts; `addresses` maps each document address back to the real Terraform address.
 */
import type { StackKind, TerraformDocument } from '../guardrails/types';
import { changeKind, PlanResourceChange, TerraformPlan } from './read';

/** Stands for a value known only after apply. An unresolved expression for the guardrails. */
export const UNKNOWN_AFTER_APPLY = '${(known after apply)}';
/** Stands for a sensitive value: never printed. An unresolved expression for the guardrails. */
export const SENSITIVE_VALUE = '${(sensitive value)}';

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A configuration expression (`{ constant_value }` / `{ references }`), as opposed to a nested block. */
const isLeafExpr = (e: unknown): e is { constant_value?: unknown; references?: string[] } =>
  isObj(e) && ('constant_value' in e || 'references' in e);

export interface PlanResourceView {
  /** The real Terraform address. */
  readonly address: string;
  /** The address in the adapted document (`<type>.<document name>`). */
  readonly docAddress: string;
  /** The change without its raw values (those may hold sensitive data; use before/after). */
  readonly change: PlanChangeMeta;
  /** Values before the change (sensitive ones masked); undefined for a create. */
  readonly before?: Record<string, any>;
  /** Planned values as the guardrails judge them (see above); undefined for a delete. */
  readonly after?: Record<string, any>;
  /**
   * Planned values for display: for an update or replacement like `after`, but every value known only
   * after apply is the marker, including attributes the provider computes, so a comparison with `before`
   * shows them as unknown; for a create, `after`.
   */
  readonly afterShown?: Record<string, any>;
}

/** A resource change's address, type and actions, without the raw (unmasked) values. */
export type PlanChangeMeta = Omit<PlanResourceChange, 'before' | 'after' | 'afterUnknown' | 'beforeSensitive' | 'afterSensitive'>;

function meta(rc: PlanResourceChange): PlanChangeMeta {
  const { before: _b, after: _a, afterUnknown: _u, beforeSensitive: _bs, afterSensitive: _as, ...rest } = rc;
  return rest;
}

export interface PlanDocument {
  readonly document: TerraformDocument;
  /** Document address -> real Terraform address, for every resource whose two differ. */
  readonly addresses: ReadonlyMap<string, string>;
  /** Every managed resource change, in plan order, with its before and after values. */
  readonly resources: readonly PlanResourceView[];
  /** `resource_drift`, with values masked the same way. */
  readonly drift: readonly PlanResourceView[];
}

interface Instance {
  readonly docName: string;
  readonly index?: string | number;
}

const VALID_NAME = /^[A-Za-z0-9_-]+$/;

/** Turns a plan into the document the guardrails judge, plus the before/after views the review reports. */
export function planDocument(plan: TerraformPlan, opts: { stack: string; kind?: StackKind }): PlanDocument {
  const used = new Set<string>();
  const instances = new Map<string, Instance[]>();
  const addresses = new Map<string, string>();
  const docNames = new Map<string, string>();

  const nameFor = (mode: string, type: string, name: string, moduleAddress: string | undefined, index: string | number | undefined, address: string): string => {
    const cached = docNames.get(`${mode}|${address}`);
    if (cached) return cached;
    let docName = name;
    if (moduleAddress || index !== undefined || !VALID_NAME.test(name)) {
      const raw = `${moduleAddress ? `${moduleAddress}.` : ''}${name}${index !== undefined ? `[${JSON.stringify(index)}]` : ''}`;
      docName = raw.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/_+$/, '');
    }
    let unique = docName;
    for (let n = 2; used.has(`${mode}|${type}.${unique}`); n++) unique = `${docName}_${n}`;
    used.add(`${mode}|${type}.${unique}`);
    docNames.set(`${mode}|${address}`, unique);
    const key = `${moduleAddress ?? ''}|${mode}|${type}.${name}`;
    const list = instances.get(key) ?? [];
    list.push({ docName: unique, index });
    instances.set(key, list);
    const docAddress = `${mode === 'data' ? 'data.' : ''}${type}.${unique}`;
    if (docAddress !== address) addresses.set(docAddress, address);
    return unique;
  };

  // Name every resource first: references may point forward.
  const priorData = priorDataSources(plan.priorState);
  for (const d of priorData) nameFor('data', d.type, d.name, d.moduleAddress, d.index, d.address);
  for (const rc of plan.resourceChanges) nameFor(rc.mode, rc.type, rc.name, rc.moduleAddress, rc.index, rc.address);

  const exprs = configExpressions(plan.configuration);
  /** Known planned values by document address: a known value equal to a referenced attribute (plus a suffix) is written as that reference. */
  const known = new Map<string, unknown>();
  for (const d of priorData) known.set(`data.${d.type}.${nameFor('data', d.type, d.name, d.moduleAddress, d.index, d.address)}`, d.values);
  for (const rc of plan.resourceChanges) known.set(`${rc.mode === 'data' ? 'data.' : ''}${rc.type}.${nameFor(rc.mode, rc.type, rc.name, rc.moduleAddress, rc.index, rc.address)}`, rc.after);

  /** `azurerm_key_vault.kv.id` (module-relative) as a document reference, or undefined when it cannot be pinned to one instance. */
  const docRef = (ref: string, moduleAddress: string | undefined, ownIndex: string | number | undefined): string | undefined => {
    const m = /^(data\.)?([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)(\[[^\]]*\])?(\..+)?$/.exec(ref);
    if (!m || ['var', 'local', 'module', 'each', 'count', 'path', 'terraform', 'self'].includes(m[2]) && !m[1]) return undefined;
    const mode = m[1] ? 'data' : 'managed';
    const list = instances.get(`${moduleAddress ?? ''}|${mode}|${m[2]}.${m[3]}`);
    if (!list || list.length === 0) return undefined;
    let inst: Instance | undefined;
    if (m[4]) {
      const key = m[4].slice(1, -1);
      inst = list.find((i) => i.index !== undefined && (JSON.stringify(i.index) === key || String(i.index) === key));
    } else if (list.length === 1 && list[0].index === undefined) {
      inst = list[0];
    } else if (ownIndex !== undefined) {
      inst = list.find((i) => i.index === ownIndex);
    }
    if (!inst) return undefined;
    return `${m[1] ?? ''}${m[2]}.${inst.docName}${m[5] ?? ''}`;
  };

  /** A template string from the configuration with its references re-pointed at document names; undefined when one cannot be. */
  const rewriteTemplate = (value: unknown, moduleAddress: string | undefined, index: string | number | undefined): unknown => {
    if (typeof value === 'string') {
      let ok = true;
      const out = value.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
        const r = docRef(inner.trim(), moduleAddress, index);
        if (r === undefined) {
          ok = false;
          return whole;
        }
        return `\${${r}}`;
      });
      return ok ? out : UNKNOWN_AFTER_APPLY;
    }
    if (Array.isArray(value)) return value.map((v) => rewriteTemplate(v, moduleAddress, index));
    if (isObj(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewriteTemplate(v, moduleAddress, index)]));
    return value;
  };

  /**
   * What stands for a value known only after apply. `exact` is true while the walk is still at the
   * level the configuration expression describes (not inside a value an expression produced).
   */
  let showComputed = false;
  const unknownValue = (expr: unknown, exact: boolean, moduleAddress: string | undefined, index: string | number | undefined): unknown => {
    if (exact && expr === undefined) return showComputed ? UNKNOWN_AFTER_APPLY : undefined; // not in the configuration: the provider computes it (left out, as in a synth output)
    if (!isLeafExpr(expr)) return UNKNOWN_AFTER_APPLY;
    if (exact && expr.constant_value !== undefined) {
      // cdktf's JSON config: the template as written. A constant the provider still plans as unknown
      // (an empty Optional+Computed set) is what the configuration asks for, judged as in a synth output.
      return containsTemplate(expr.constant_value) ? rewriteTemplate(expr.constant_value, moduleAddress, index) : expr.constant_value;
    }
    const refs = Array.isArray(expr.references) ? expr.references : [];
    const resources = new Set(refs.map((r) => /^((?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+)/.exec(r)?.[1]).filter((r) => r && !/^(var|local|module|each|count|path|terraform|self)\./.test(r)));
    // Only an expression over exactly one resource (and nothing else) stands in as a reference to it.
    if (resources.size !== 1 || refs.some((r) => /^(var|local|module|each|count|path|terraform)\./.test(r))) return UNKNOWN_AFTER_APPLY;
    const withAttr = refs.find((r) => /^(?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+(\[[^\]]*\])?\.[A-Za-z0-9_]/.test(r));
    const r = withAttr ? docRef(withAttr, moduleAddress, index) : undefined;
    return r ? `\${${r}}` : UNKNOWN_AFTER_APPLY;
  };

  /** The value at `<document address>.<attr path>` of a known planned resource. */
  const knownAt = (ref: string): unknown => {
    const m = /^((?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+)\.(.+)$/.exec(ref);
    if (!m) return undefined;
    let cur: unknown = known.get(m[1]);
    for (const part of m[2].split('.')) {
      const seg = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
      if (!seg || !isObj(cur)) return undefined;
      cur = cur[seg[1]];
      for (const i of seg[2].matchAll(/\[(\d+)\]/g)) cur = Array.isArray(cur) ? cur[Number(i[1])] : undefined;
      if (!seg[2] && Array.isArray(cur) && cur.length === 1 && isObj(cur[0])) cur = cur[0];
    }
    return cur;
  };

  /**
   * A known value at a configuration expression, as the guardrails should see it: the configuration's
   * template when it has one (cdktf JSON), or the reference whose known value it equals (plus a literal
   * suffix) among the expression's references (HCL); the value itself otherwise. This keeps the links
   * between resources (which setting targets which vault) that rules follow, as in a synth output.
   */
  const knownValue = (v: unknown, expr: { constant_value?: unknown; references?: string[] }, moduleAddress: string | undefined, index: string | number | undefined): unknown => {
    if (expr.constant_value !== undefined && containsTemplate(expr.constant_value)) {
      const r = rewriteTemplate(expr.constant_value, moduleAddress, index);
      return containsMarker(r) ? v : r;
    }
    const refs = Array.isArray(expr.references) ? expr.references : [];
    if (refs.length === 0) return v;
    const candidates: { ref: string; value: string }[] = [];
    for (const ref of refs) {
      const d = docRef(ref, moduleAddress, index);
      if (!d || !/\.[A-Za-z_]/.test(d.slice(d.indexOf('.', d.startsWith('data.') ? 5 : 0) + 1))) continue;
      const val = knownAt(d);
      if (typeof val === 'string' && val.length >= 8) candidates.push({ ref: d, value: val.toLowerCase() });
    }
    candidates.sort((a, b) => b.value.length - a.value.length);
    const one = (s: unknown): unknown => {
      if (typeof s !== 'string') return s;
      const c = candidates.find((x) => s.toLowerCase().startsWith(x.value));
      return c ? `\${${c.ref}}${s.slice(c.value.length)}` : s;
    };
    return Array.isArray(v) ? v.map(one) : one(v);
  };

  /** `after` merged with `after_unknown` and `after_sensitive`, guided by the configuration expressions. */
  const merge = (v: unknown, unk: unknown, sens: unknown, expr: unknown, exact: boolean, moduleAddress: string | undefined, index: string | number | undefined): unknown => {
    // Sensitive first: not even the configuration's constant for a sensitive attribute is shown.
    if (sens === true) return SENSITIVE_VALUE;
    if (unk === true) return unknownValue(expr, exact, moduleAddress, index);
    const leaf = isLeafExpr(expr);
    if (leaf && exact && !showComputed && (unk === false || unk === undefined || isEmptyUnknown(unk)) && sens !== true && !hasSensitive(sens)) {
      const r = knownValue(v, expr, moduleAddress, index);
      return r === null ? undefined : r;
    }
    if (Array.isArray(v) || Array.isArray(unk)) {
      const a = Array.isArray(v) ? v : [];
      const u = Array.isArray(unk) ? unk : [];
      const s = Array.isArray(sens) ? sens : [];
      const n = Math.max(a.length, u.length);
      const out: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const child = leaf ? expr : Array.isArray(expr) ? expr[i] : undefined;
        out.push(merge(a[i], u[i], s[i], child, exact && !leaf, moduleAddress, index) ?? null);
      }
      return out;
    }
    if (isObj(v) || isObj(unk)) {
      const a = isObj(v) ? v : {};
      const u = isObj(unk) ? unk : {};
      const s = isObj(sens) ? sens : {};
      const out: Record<string, unknown> = {};
      for (const k of unionKeys(a, u)) {
        const child = leaf ? expr : isObj(expr) ? expr[k] : undefined;
        const r = merge(a[k], u[k], s[k], child, exact && !leaf, moduleAddress, index);
        if (r !== undefined && r !== null) out[k] = r;
      }
      return out;
    }
    return v === null ? undefined : v;
  };

  /** `before` with sensitive values masked (there is nothing unknown before). */
  const mask = (v: unknown, sens: unknown): unknown => merge(v, false, sens, undefined, false, undefined, undefined);

  const json: { resource: Record<string, Record<string, any>>; data: Record<string, Record<string, any>>; provider?: Record<string, any[]> } = { resource: {}, data: {} };
  const put = (mode: 'managed' | 'data', type: string, docName: string, attrs: Record<string, any>) => {
    const section = mode === 'data' ? json.data : json.resource;
    (section[type] ??= {})[docName] = attrs;
  };

  for (const d of priorData) {
    put('data', d.type, nameFor('data', d.type, d.name, d.moduleAddress, d.index, d.address), (mask(d.values, d.sensitive) as Record<string, any>) ?? {});
  }

  const resources: PlanResourceView[] = [];
  for (const rc of plan.resourceChanges) {
    const docName = nameFor(rc.mode, rc.type, rc.name, rc.moduleAddress, rc.index, rc.address);
    const docAddress = `${rc.mode === 'data' ? 'data.' : ''}${rc.type}.${docName}`;
    const kind = changeKind(rc.actions);
    const expr = exprs.get(`${stripKeys(rc.moduleAddress)}|${rc.mode}|${rc.type}.${rc.name}`);
    const after = kind === 'delete' || kind === 'forget' ? undefined : (merge(rc.after ?? {}, rc.afterUnknown, rc.afterSensitive, expr, expr !== undefined, rc.moduleAddress, rc.index) as Record<string, any>) ?? {};
    const before = rc.before === null || rc.before === undefined ? undefined : (mask(rc.before, rc.beforeSensitive) as Record<string, any>);
    if (after) put(rc.mode, rc.type, docName, after);
    if (rc.mode !== 'managed') continue;
    // The display form differs only where the provider computes values; it matters for comparing with `before`.
    let afterShown: Record<string, any> | undefined = after;
    if (kind === 'update' || kind === 'replace') {
      showComputed = true;
      afterShown = (merge(rc.after ?? {}, rc.afterUnknown, rc.afterSensitive, expr, expr !== undefined, rc.moduleAddress, rc.index) as Record<string, any>) ?? {};
      showComputed = false;
    }
    resources.push({ address: rc.address, docAddress, change: meta(rc), before, after, afterShown });
  }

  const drift: PlanResourceView[] = plan.resourceDrift.map((rc) => ({
    address: rc.address,
    docAddress: rc.address,
    change: meta(rc),
    before: rc.before === null || rc.before === undefined ? undefined : (mask(rc.before, rc.beforeSensitive) as Record<string, any>),
    after: rc.after === null || rc.after === undefined ? undefined : (mask(rc.after, rc.afterSensitive) as Record<string, any>),
  }));

  const providers = providerBlocks(plan.configuration);
  if (Object.keys(providers).length > 0) json.provider = providers;
  const document: TerraformDocument = { stack: opts.stack, json, path: plan.file };
  if (opts.kind) document.kind = opts.kind;
  return { document, addresses, resources, drift };
}

function containsMarker(v: unknown): boolean {
  if (v === UNKNOWN_AFTER_APPLY) return true;
  if (Array.isArray(v)) return v.some(containsMarker);
  if (isObj(v)) return Object.values(v).some(containsMarker);
  return false;
}

/** `after_unknown` that marks nothing unknown (`{}`, `[]`, nested empties). */
function isEmptyUnknown(u: unknown): boolean {
  if (u === false || u === undefined || u === null) return true;
  if (Array.isArray(u)) return u.every(isEmptyUnknown);
  if (isObj(u)) return Object.values(u).every(isEmptyUnknown);
  return false;
}

function hasSensitive(s: unknown): boolean {
  if (s === true) return true;
  if (Array.isArray(s)) return s.some(hasSensitive);
  if (isObj(s)) return Object.values(s).some(hasSensitive);
  return false;
}

function containsTemplate(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('${');
  if (Array.isArray(v)) return v.some(containsTemplate);
  if (isObj(v)) return Object.values(v).some(containsTemplate);
  return false;
}

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = Object.keys(a);
  for (const k of Object.keys(b)) if (!(k in a)) keys.push(k);
  return keys;
}

/** `module.a["x"].module.b[0]` -> `module.a.module.b` (the configuration has no instance keys). */
function stripKeys(moduleAddress: string | undefined): string {
  return (moduleAddress ?? '').replace(/\[[^\]]*\]/g, '');
}

/** Configuration expressions of every resource, by `<module path>|<mode>|<type>.<name>`. */
function configExpressions(configuration: any): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (mod: any, path: string) => {
    if (!isObj(mod)) return;
    for (const r of Array.isArray(mod.resources) ? mod.resources : []) {
      if (!isObj(r) || typeof r.type !== 'string' || typeof r.name !== 'string') continue;
      out.set(`${path}|${r.mode === 'data' ? 'data' : 'managed'}|${r.type}.${r.name}`, r.expressions ?? {});
    }
    if (isObj(mod.module_calls)) {
      for (const [name, call] of Object.entries(mod.module_calls)) {
        walk((call as any)?.module, `${path ? `${path}.` : ''}module.${name}`);
      }
    }
  };
  walk(configuration?.root_module, '');
  return out;
}

interface PriorData {
  address: string;
  type: string;
  name: string;
  moduleAddress?: string;
  index?: string | number;
  values: unknown;
  sensitive: unknown;
}

/** Data sources already read at plan time (`prior_state`), so references to them can be followed. */
function priorDataSources(values: any): PriorData[] {
  const out: PriorData[] = [];
  const walk = (mod: any) => {
    if (!isObj(mod)) return;
    for (const r of Array.isArray(mod.resources) ? mod.resources : []) {
      if (!isObj(r) || r.mode !== 'data' || typeof r.type !== 'string' || typeof r.name !== 'string' || typeof r.address !== 'string') continue;
      out.push({
        address: r.address, type: r.type, name: r.name,
        moduleAddress: typeof mod.address === 'string' ? mod.address : undefined,
        index: typeof r.index === 'string' || typeof r.index === 'number' ? r.index : undefined,
        values: r.values ?? {}, sensitive: r.sensitive_values ?? {},
      });
    }
    for (const child of Array.isArray(mod.child_modules) ? mod.child_modules : []) walk(child);
  };
  walk(values?.root_module);
  return out;
}

/** Root-module provider configurations as provider blocks (constant values; references as `${...}`). */
function providerBlocks(configuration: any): Record<string, any[]> {
  const out: Record<string, any[]> = {};
  const pc = configuration?.provider_config;
  if (!isObj(pc)) return out;
  for (const key of Object.keys(pc).sort()) {
    const p = pc[key];
    if (!isObj(p) || key.includes(':') || typeof p.name !== 'string') continue;
    const body = (exprValue(p.expressions ?? {}) as Record<string, any>) ?? {};
    if (typeof p.alias === 'string') body.alias = p.alias;
    (out[p.name] ??= []).push(body);
  }
  return out;
}

function exprValue(e: unknown): unknown {
  if (isLeafExpr(e)) {
    if (e.constant_value !== undefined) return e.constant_value;
    const ref = Array.isArray(e.references) ? e.references[0] : undefined;
    return typeof ref === 'string' ? `\${${ref}}` : UNKNOWN_AFTER_APPLY;
  }
  if (Array.isArray(e)) return e.map(exprValue);
  if (isObj(e)) return Object.fromEntries(Object.entries(e).map(([k, v]) => [k, exprValue(v)]));
  return e;
}
