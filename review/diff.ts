/**
 * `ailz diff`: what changes between two synth outputs, per stack, as Terraform will see it.
 *
 * - A resource only in the head is created, only in the base destroyed.
 * - A changed construct id changes the Terraform address: Terraform destroys the old resource and
 *   creates the new one. A removed and an added resource of the same type that are the same Azure
 *   resource (same name and scope, or the same attributes once renamed references are followed) are
 *   reported as that replacement, unless a `moved` block carries the state over.
 * - A change to an attribute the provider schema marks force-new replaces the resource
 *   (azure/force-new.ts), as does a force-new attribute that references a computed attribute of a
 *   replaced resource (its value is unknown until apply, so Terraform plans a replacement).
 * - A change the provider may turn into a replacement in CustomizeDiff is "may replace" (azure/may-replace.ts).
 */
import { AZURERM_FORCE_NEW } from '../azure/force-new';
import { AZAPI_FORCE_NEW, AZAPI_MAY_REPLACE, AZURERM_MAY_REPLACE } from '../azure/may-replace';
import { parseAzapiType } from '../azure/arm-types';
import { valuesAt } from '../guardrails/document';
import type { TerraformDocument } from '../guardrails/types';
import { Attrs, canonical, makeChange, MayReplace, pathChanged, ResourceChange, sameValue } from './changes';

export interface StackDiff {
  readonly stack: string;
  /** `added`/`removed`: the whole stack is new or gone; `changed` otherwise. */
  readonly status: 'added' | 'removed' | 'changed' | 'unchanged';
  readonly changes: readonly ResourceChange[];
}

interface Res {
  readonly address: string;
  readonly type: string;
  readonly attrs: Attrs;
}

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

function resourcesOf(doc: TerraformDocument | undefined): Map<string, Res> {
  const out = new Map<string, Res>();
  const section = doc?.json?.resource;
  if (!isObj(section)) return out;
  for (const type of Object.keys(section)) {
    const byName = section[type];
    if (!isObj(byName)) continue;
    for (const name of Object.keys(byName)) {
      const raw = byName[name];
      const attrs = Array.isArray(raw) ? (raw[0] ?? {}) : (raw ?? {});
      out.set(`${type}.${name}`, { address: `${type}.${name}`, type, attrs: isObj(attrs) ? attrs : {} });
    }
  }
  return out;
}

/** Terraform JSON lets every block be one object or a list of them. */
const listOf = (v: unknown): Record<string, any>[] => (Array.isArray(v) ? v : isObj(v) ? [v] : []).filter(isObj);

/**
 * `removed` blocks (Terraform 1.7+): a resource address whose removal from the config only drops it from
 * the state, because `lifecycle { destroy = false }`. With `destroy = true` (the default) it is destroyed.
 */
function forgottenOf(doc: TerraformDocument | undefined): Set<string> {
  const out = new Set<string>();
  for (const r of listOf(doc?.json?.removed)) {
    if (typeof r.from !== 'string') continue;
    const destroy = listOf(r.lifecycle)[0]?.destroy;
    if (destroy === false || destroy === 'false') out.add(r.from);
  }
  return out;
}

/** `import` blocks: the resources they adopt, with the ID (possibly an expression) they import. */
function importsOf(doc: TerraformDocument | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const i of listOf(doc?.json?.import)) {
    if (typeof i.to === 'string' && typeof i.id === 'string') out.set(i.to, `${i.id}${i.for_each !== undefined ? ' (when its for_each selects it)' : ''}`);
  }
  return out;
}

/** `moved` blocks of a document (Terraform JSON: a list of `{ from, to }`). */
function movedOf(doc: TerraformDocument | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const moved = doc?.json?.moved;
  for (const m of Array.isArray(moved) ? moved : isObj(moved) ? [moved] : []) {
    if (isObj(m) && typeof m.from === 'string' && typeof m.to === 'string') out.set(m.from, m.to);
  }
  return out;
}

const isLiteral = (v: unknown): v is string => typeof v === 'string' && !v.includes('${');
/** References to other resources, with the address replaced by a placeholder: they may be renamed too. */
const scopeText = (v: unknown): string => (typeof v === 'string' ? v.replace(/\$\{[^}]*\}/g, '${*}') : canonical(v ?? null));

/** Same Azure resource by name: type, literal name, and the (reference-blind) scope it lives in. */
function identityKey(r: Res): string | undefined {
  const name = r.attrs.name;
  if (!isLiteral(name)) return undefined;
  return [r.type, name, scopeText(r.attrs.resource_group_name), scopeText(r.attrs.parent_id), scopeText(r.attrs.scope), scopeText(r.attrs.type)].join('|');
}

/** Attributes with references renamed from base to head addresses, for comparing a renamed resource. */
const canonicalCache = new WeakMap<Attrs, string>();
function renamedAttrs(attrs: Attrs, renames: ReadonlyMap<string, string>): string {
  let text = canonicalCache.get(attrs);
  if (text === undefined) canonicalCache.set(attrs, (text = canonical(attrs)));
  if (renames.size === 0) return text;
  return text.replace(/\$\{((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)([.}\[])/g, (whole, addr: string, rest: string) => {
    const to = renames.get(addr);
    return to ? `\${${to}${rest}` : whole;
  });
}

/** `attrs` with references to `from` addresses pointed at their `to` addresses. */
function rewriteRefs(attrs: Attrs, renames: ReadonlyMap<string, string>): Attrs {
  const text = JSON.stringify(attrs).replace(/\$\{((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)([.}\[])/g, (whole, addr: string, rest: string) => {
    const to = renames.get(addr);
    return to ? `\${${to}${rest}` : whole;
  });
  return JSON.parse(text) as Attrs;
}

const NO_RENAMES: ReadonlyMap<string, string> = new Map();

/** Pairs removed and added resources that are the same Azure resource under a new address. */
function pairRenames(removed: Res[], added: Res[]): Map<string, string> {
  const renames = new Map<string, string>();
  if (removed.length === 0 || added.length === 0) return renames;
  // Only types on both sides can pair.
  const addedTypes = new Set(added.map((r) => r.type));
  const removedTypes = new Set(removed.map((r) => r.type));
  removed = removed.filter((r) => addedTypes.has(r.type));
  added = added.filter((r) => removedTypes.has(r.type));
  const uniqueBy = (list: Res[], key: (r: Res) => string | undefined) => {
    const m = new Map<string, Res | null>();
    for (const r of list) {
      const k = key(r);
      if (k === undefined) continue;
      m.set(k, m.has(k) ? null : r);
    }
    return m;
  };
  const pair = (key: (r: Res) => string | undefined): boolean => {
    const left = removed.filter((r) => !renames.has(r.address));
    const taken = new Set(renames.values());
    const right = added.filter((r) => !taken.has(r.address));
    const a = uniqueBy(left, key);
    const b = uniqueBy(right, key);
    let found = false;
    for (const [k, r] of a) {
      const h = b.get(k);
      if (r && h && r.type === h.type) {
        renames.set(r.address, h.address);
        found = true;
      }
    }
    return found;
  };
  const removedSet = new Set(removed);
  pair(identityKey);
  // Resources without a literal name (role assignments, associations) match on their attributes once
  // references to renamed resources are followed; each round may enable the next.
  for (let round = 0; round < 5; round++) {
    const snapshot = new Map(renames);
    const found = pair((r) => `${r.type}|${renamedAttrs(r.attrs, removedSet.has(r) ? snapshot : NO_RENAMES)}`) || pair(identityKey);
    if (!found) break;
  }
  // Head resources keep head addresses: their attributes are compared without renaming.
  return renames;
}

/** Force-new and may-replace reasons for a resource present on both sides. */
function replacement(type: string, before: Attrs, after: Attrs): { reasons: string[]; may: MayReplace[] } {
  const reasons: string[] = [];
  const may: MayReplace[] = [];
  if (type === 'azapi_resource' || type === 'azapi_update_resource') {
    for (const p of AZAPI_FORCE_NEW[type] ?? []) {
      const norm = (v: unknown) => (p === 'location' && typeof v === 'string' ? v.toLowerCase().replace(/\s+/g, '') : v);
      if (canonical(norm(before[p]) ?? null) !== canonical(norm(after[p]) ?? null) && !(p === 'replace_triggers_external_values' && (before[p] == null || after[p] == null))) {
        reasons.push(`${p} changed (azapi: forces replacement)`);
      }
    }
    const bt = typeof before.type === 'string' ? parseAzapiType(before.type) : undefined;
    const at = typeof after.type === 'string' ? parseAzapiType(after.type) : undefined;
    if (bt && at && bt.type.toLowerCase() !== at.type.toLowerCase()) may.push(AZAPI_MAY_REPLACE[0]);
    if (after.replace_triggers_refs !== undefined && canonical(before.body) !== canonical(after.body)) may.push(AZAPI_MAY_REPLACE[1]);
    return { reasons, may };
  }
  const facts = AZURERM_FORCE_NEW[type];
  if (!facts) {
    if (type.startsWith('azurerm_') && canonical(before) !== canonical(after)) {
      may.push({ path: '*', when: `ailz has no force-new facts for ${type} (not a type ailz emits); run terraform plan and \`ailz review-plan\``, source: 'azure/force-new.ts' });
    }
    return { reasons, may };
  }
  for (const p of facts.blocks) {
    if (blockCount(before, p) !== blockCount(after, p)) reasons.push(`${p} block ${blockCount(after, p) > blockCount(before, p) ? 'added' : 'removed'} (forces replacement)`);
  }
  for (const p of facts.forceNew) {
    if (!pathChanged(before, after, p)) continue;
    const computed = facts.computed.includes(p);
    if (computed && valuesAt(after, p).every((v) => v === undefined || v === null)) continue; // left to the provider: keeps the prior value
    // Two literals differ for sure; an expression (a variable, a data source, a reference) may evaluate
    // to the old value at plan time, and then nothing is replaced. References to replaced resources are
    // settled by the dependency cascade in diffStack.
    if (isExpr(valuesAt(before, p)) || isExpr(valuesAt(after, p))) {
      may.push({ path: p, when: 'its value is an expression: Terraform replaces the resource only if it evaluates to a different value', source: 'azure/force-new.ts (ForceNew in the provider schema)' });
    } else {
      reasons.push(`${p} changed (forces replacement)`);
    }
  }
  for (const m of AZURERM_MAY_REPLACE[type] ?? []) if (pathChanged(before, after, m.path)) may.push(m);
  return { reasons, may };
}

const isExpr = (vs: unknown[]): boolean => vs.some((v) => (typeof v === 'string' ? v.includes('${') : v !== null && typeof v === 'object' && JSON.stringify(v).includes('${')));

/** How many nested blocks sit at a dotted path. */
function blockCount(attrs: Attrs, path: string): number {
  return valuesAt(attrs, path).reduce((n: number, v) => n + (Array.isArray(v) ? v.filter(isObj).length : isObj(v) ? 1 : 0), 0);
}

/** Computed attributes of a replaced resource that `attrs` references at a force-new path. */
function replacedDependency(type: string, attrs: Attrs, replaced: ReadonlyMap<string, Res>): { path: string; text: string } | undefined {
  const paths = type === 'azapi_resource' || type === 'azapi_update_resource' ? AZAPI_FORCE_NEW[type] ?? [] : AZURERM_FORCE_NEW[type]?.forceNew ?? [];
  for (const p of paths) {
    for (const v of valuesAt(attrs, p)) {
      const text = typeof v === 'string' ? v : canonical(v);
      for (const m of text.matchAll(/\$\{((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)/g)) {
        const target = replaced.get(m[1]);
        // An input attribute keeps its configured value through the replacement; a computed one is unknown until apply.
        if (target && !(m[2] in target.attrs)) return { path: p, text: `${p} references ${m[1]}.${m[2]}, which is replaced (known only after apply)` };
      }
    }
  }
  return undefined;
}

/** Provider blocks by `provider.<name>[.<alias>]`. */
function providersOf(doc: TerraformDocument | undefined): Map<string, Attrs> {
  const out = new Map<string, Attrs>();
  const section = doc?.json?.provider;
  if (!isObj(section)) return out;
  for (const name of Object.keys(section)) {
    const raw = section[name];
    for (const p of Array.isArray(raw) ? raw : [raw]) {
      if (isObj(p)) out.set(`provider.${name}${typeof p.alias === 'string' ? `.${p.alias}` : ''}`, p);
    }
  }
  return out;
}

/**
 * Changes to provider configuration: not resources, but settings such as `features.key_vault.purge_soft_delete_on_destroy`
 * decide what a destroy does to data, so a reviewer sees them with the resources (as updates of `provider.<name>`).
 */
function providerChanges(stack: string, base: TerraformDocument | undefined, head: TerraformDocument | undefined): ResourceChange[] {
  if (!base || !head) return [];
  const b = providersOf(base);
  const h = providersOf(head);
  const out: ResourceChange[] = [];
  for (const address of [...new Set([...b.keys(), ...h.keys()])].sort()) {
    const before = b.get(address) ?? {};
    const after = h.get(address) ?? {};
    if (canonical(before) === canonical(after)) continue;
    out.push(makeChange({ stack, address, type: 'provider', action: 'update', before, after }));
  }
  return out;
}

/** The changes of one stack between two synth outputs. */
export function diffStack(stack: string, base: TerraformDocument | undefined, head: TerraformDocument | undefined): StackDiff {
  const b = resourcesOf(base);
  const h = resourcesOf(head);
  const moved = movedOf(head);
  const forgotten = forgottenOf(head);
  const imports = importsOf(head);
  const changes: ResourceChange[] = [];
  const status: StackDiff['status'] = !base ? 'added' : !head ? 'removed' : 'changed';

  const removed = [...b.values()].filter((r) => !h.has(r.address) && !(moved.has(r.address) && h.has(moved.get(r.address)!)));
  const movedTo = new Set([...moved.entries()].filter(([from]) => b.has(from)).map(([, to]) => to));
  const added = [...h.values()].filter((r) => !b.has(r.address) && !movedTo.has(r.address));
  const renames = pairRenames(removed, added);
  const renamedTo = new Set(renames.values());

  /** Resources that are destroyed and recreated, by their base address (for dependency cascades). */
  const replacedByBase = new Map<string, Res>();
  const pending: { before: Res; after: Res; previous?: string }[] = [];

  for (const r of removed) {
    const to = renames.get(r.address);
    if (to) {
      replacedByBase.set(r.address, h.get(to)!);
      changes.push(makeChange({
        stack, address: to, previousAddress: r.address, type: r.type, action: 'replace', before: r.attrs, after: h.get(to)!.attrs,
        replaceReasons: [`construct id changed: Terraform destroys ${r.address} and creates ${to} (a moved block, cdktf moveTo(), keeps the resource)`],
      }));
    } else if (forgotten.has(r.address)) {
      changes.push(makeChange({ stack, address: r.address, type: r.type, action: 'forget', before: r.attrs, notes: ['a removed block with destroy = false drops it from the state; it stays in Azure'] }));
    } else {
      changes.push(makeChange({ stack, address: r.address, type: r.type, action: 'delete', before: r.attrs }));
    }
  }
  for (const a of added) {
    if (renamedTo.has(a.address)) continue;
    const imported = imports.get(a.address);
    changes.push(makeChange({ stack, address: a.address, type: a.type, action: 'create', after: a.attrs, notes: imported ? [`an import block adopts the existing ${imported}`] : undefined }));
  }
  for (const r of b.values()) {
    const to = h.has(r.address) ? r.address : moved.get(r.address);
    if (!to || !h.has(to) || (to !== r.address && !movedTo.has(to))) continue;
    // References to moved resources name the new address in the head: compare like with like (only
    // where the text differs at all, which is rare).
    const after = h.get(to)!;
    const before = moved.size > 0 && !sameValue(r.attrs, after.attrs) ? { ...r, attrs: rewriteRefs(r.attrs, moved) } : r;
    pending.push({ before, after, previous: to !== r.address ? r.address : undefined });
  }

  // Direct replacements first, then resources whose force-new inputs depend on a replaced resource (to a fixpoint).
  // cdktf writes keys in a stable order, so identical text is the common, cheap case.
  const decided = new Map<string, ResourceChange>();
  const unchanged: { before: Res; after: Res; previous?: string }[] = [];
  for (const p of pending) {
    if (p.before.type !== p.after.type) {
      // A move between resource types (Terraform 1.8+): the new type's provider converts the state
      // (azapi: MoveState, internal/services/azapi_resource.go:1478); only the plan shows whether it replaces.
      decided.set(p.after.address, makeChange({
        stack, address: p.after.address, previousAddress: p.previous, type: p.after.type, action: 'update', before: p.before.attrs, after: p.after.attrs, attributes: [],
        notes: [`moved from ${p.before.type} to ${p.after.type}: the ${p.after.type.split('_')[0]} provider converts the state; run terraform plan (and ailz review-plan) to see whether it replaces`],
      }));
      continue;
    }
    if (sameValue(p.before.attrs, p.after.attrs) || canonical(p.before.attrs) === canonical(p.after.attrs)) {
      unchanged.push(p);
      continue;
    }
    const { reasons, may } = replacement(p.after.type, p.before.attrs, p.after.attrs);
    const c = makeChange({
      stack, address: p.after.address, previousAddress: p.previous, type: p.after.type,
      action: reasons.length > 0 ? 'replace' : 'update', before: p.before.attrs, after: p.after.attrs,
      replaceReasons: reasons, mayReplace: may,
    });
    decided.set(p.after.address, c);
    if (reasons.length > 0) replacedByBase.set(p.before.address, p.after);
  }
  const candidates: { before: Res; after: Res; previous?: string; text?: string }[] = [];
  if (replacedByBase.size > 0) {
    for (const c of decided.values()) {
      if (c.action !== 'replace') candidates.push({ before: { address: c.previousAddress ?? c.address, type: c.type, attrs: c.before ?? {} }, after: { address: c.address, type: c.type, attrs: c.after ?? {} }, previous: c.previousAddress });
    }
    candidates.push(...unchanged);
  }
  for (let grew = replacedByBase.size > 0; grew;) {
    grew = false;
    for (const p of candidates) {
      if (replacedByBase.has(p.before.address)) continue;
      // Only a resource whose text names a replaced resource can depend on one.
      p.text ??= JSON.stringify(p.before.attrs);
      let mentions = false;
      for (const addr of replacedByBase.keys()) if (p.text.includes(`\${${addr}.`)) { mentions = true; break; }
      if (!mentions) continue;
      const why = replacedDependency(p.after.type, p.before.attrs, replacedByBase);
      if (!why) continue;
      replacedByBase.set(p.before.address, p.after);
      const existing = decided.get(p.after.address);
      const c = existing ?? makeChange({ stack, address: p.after.address, previousAddress: p.previous, type: p.after.type, action: 'replace', before: p.before.attrs, after: p.after.attrs });
      c.action = 'replace';
      c.replaceReasons.push(why.text);
      // The expression whose value was uncertain is settled: it changes.
      const settled = c.mayReplace.findIndex((m) => m.path === why.path);
      if (settled >= 0) c.mayReplace.splice(settled, 1);
      decided.set(p.after.address, c);
      grew = true;
    }
  }
  changes.push(...decided.values());
  changes.push(...providerChanges(stack, base, head));
  changes.sort((x, y) => (x.address < y.address ? -1 : x.address > y.address ? 1 : 0));
  return { stack, status: changes.length === 0 && base && head ? 'unchanged' : status, changes };
}

/** Base address -> head address for every renamed resource of a stack diff (to compare findings). */
export function renamesOf(d: StackDiff): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of d.changes) if (c.previousAddress) out.set(c.previousAddress, c.address);
  return out;
}

/** Every stack of either side, sorted, diffed. */
export function diffDocuments(base: readonly TerraformDocument[], head: readonly TerraformDocument[]): StackDiff[] {
  const bs = new Map(base.map((d) => [d.stack, d]));
  const hs = new Map(head.map((d) => [d.stack, d]));
  const stacks = [...new Set([...bs.keys(), ...hs.keys()])].sort();
  return stacks.map((s) => diffStack(s, bs.get(s), hs.get(s)));
}
