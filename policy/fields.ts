/**
 * `field` operands: from a policy field name (`type`, `tags['env']`, an alias such as
 * `Microsoft.Storage/storageAccounts/networkAcls.ipRules[*].value`) to the values it selects in an ARM request.
 *
 * Semantics (https://learn.microsoft.com/azure/governance/policy/how-to/author-policies-for-arrays,
 * "Referencing array resource properties"):
 * - an alias without `[*]` selects one value (`null`/missing when absent);
 * - an alias with `[*]` selects a collection: one value per array member (a missing array is an empty
 *   collection; a member without the property contributes a missing value);
 * - inside `count.where`, the counted `[*]` selects only the member of the current iteration.
 * Alias paths come from `azure/policy-aliases.ts` (the exceptions to `properties.<path>`).
 */
import { ArmResource, ArmValue, UNKNOWN, isUnknown } from '../arm/resource';
import {
  LEGACY_ARRAY_ALIASES, NESTED_PROPERTIES_TYPES, NETWORK_SUB_RESOURCES, POLYMORPHIC_TYPES, PROPERTIES_SKU_TYPES, SUB_RESOURCE_ENVELOPES, TOP_LEVEL_ALIAS_ROOTS,
} from '../azure/policy-aliases';
import { getProp } from './expression';

interface Segment {
  readonly name: string;
  readonly array: boolean;
}

/** A compiled field: where it reads from, and whether it selects a collection. */
export type CompiledField =
  | { readonly kind: 'path'; readonly segments: readonly Segment[]; readonly collection: boolean; readonly path: string }
  | { readonly kind: 'special'; readonly which: 'name' | 'fullName' | 'type' | 'id'; readonly path: string }
  | { readonly kind: 'otherType'; readonly path: string };

/** A `[*]` member bound by an enclosing `count`: the resolved path up to `[*]` (lower case) and the member. */
export interface Binding {
  readonly key: string;
  readonly value: ArmValue | undefined;
  /** The alias as written in `count.field`, for `current('<alias>')`. */
  readonly alias: string;
}

/** What a field selects. `missing` values are `undefined`. */
export type Selection =
  | { readonly kind: 'scalar'; readonly value: ArmValue | undefined; readonly path: string }
  | { readonly kind: 'collection'; readonly values: readonly (ArmValue | undefined)[]; readonly path: string }
  | { readonly kind: 'unknown'; readonly reason: string; readonly path: string };

function parseSegments(path: string): Segment[] {
  const out: Segment[] = [];
  for (const raw of path.split('.')) {
    if (raw === '') continue;
    const array = raw.endsWith('[*]');
    out.push({ name: array ? raw.slice(0, -3) : raw, array });
  }
  return out;
}

const compileCache = new Map<string, Map<string, CompiledField>>();
const SUB_RESOURCE_TOP_LEVEL = new Set(['id', 'name', 'etag', 'type', 'location', 'tags', 'zones', 'sku', 'extendedlocation', 'systemdata', 'kind', 'identity']);

/** Resolves a field name against a resource type (cached per type and field). */
export function compileField(resourceType: string, field: string): CompiledField {
  let byField = compileCache.get(resourceType);
  if (!byField) compileCache.set(resourceType, (byField = new Map()));
  let compiled = byField.get(field);
  if (!compiled) byField.set(field, (compiled = compileUncached(resourceType.toLowerCase(), field.trim())));
  return compiled;
}

function pathField(path: string): CompiledField {
  const segments = parseSegments(path);
  return { kind: 'path', segments, collection: segments.some((s) => s.array), path };
}

function compileUncached(type: string, field: string): CompiledField {
  const lower = field.toLowerCase();
  switch (lower) {
    case 'name': return { kind: 'special', which: 'name', path: 'name' };
    case 'fullname': return { kind: 'special', which: 'fullName', path: 'fullName' };
    case 'type': return { kind: 'special', which: 'type', path: 'type' };
    case 'id': return { kind: 'special', which: 'id', path: 'id' };
    case 'kind': case 'location': case 'tags': case 'identity':
      return pathField(lower);
  }
  if (lower.startsWith('identity.')) return pathField(`identity.${field.slice('identity.'.length)}`);
  const tag = /^tags(?:\.(.+)|\[\s*'''(.+)'''\s*\]|\[\s*'(.+)'\s*\]|\[(.+)\])$/s.exec(field);
  if (tag) {
    const name = tag[1] ?? (tag[2] !== undefined ? `'${tag[2]}'` : undefined) ?? tag[3] ?? tag[4];
    return { kind: 'path', segments: [{ name: 'tags', array: false }, { name, array: false }], collection: false, path: `tags['${name}']` };
  }
  const legacy = LEGACY_ARRAY_ALIASES[lower];
  if (legacy) return lower.startsWith(`${type}/`) && !lower.slice(type.length + 1).includes('/') ? pathField(legacy) : { kind: 'otherType', path: field };
  if (!lower.startsWith(`${type}/`)) return { kind: 'otherType', path: field };
  let rest = field.slice(type.length + 1);
  if (POLYMORPHIC_TYPES.includes(type)) {
    // Drop variant segments (capitalized, not the leaf): `Scheduled.query` -> `query`.
    const parts = rest.split('.');
    rest = parts.filter((p, i) => (i === 0 && i === parts.length - 1) || !/^[A-Z]/.test(p) || p.endsWith('[*]')).join('.');
  }
  const first = rest.split(/[.[]/)[0].toLowerCase();
  const topLevel = TOP_LEVEL_ALIAS_ROOTS.map((r) => r.toLowerCase()).includes(first) && !(first === 'sku' && PROPERTIES_SKU_TYPES.includes(type));
  if (topLevel) return pathField(rest);
  const nested = NESTED_PROPERTIES_TYPES[type];
  const base = nested && !nested.includes(first) ? 'properties.properties' : 'properties';
  // Insert the `properties` envelope of sub-resources after each listed prefix.
  const envelopes = new Set([...(SUB_RESOURCE_ENVELOPES[type] ?? []), ...(SUB_RESOURCE_ENVELOPES['*'] ?? [])]);
  const network = type.startsWith('microsoft.network/');
  const segs = parseSegments(rest);
  const out: string[] = [];
  let prefix = '';
  segs.forEach((s, i) => {
    const text = `${s.name}${s.array ? '[*]' : ''}`;
    out.push(text);
    prefix = prefix ? `${prefix}.${text.toLowerCase()}` : text.toLowerCase();
    // A sub-resource keeps `id`, `name`, `etag`, `type` beside its `properties` envelope (catalog: `subnets[*].name` ->
    // `properties.subnets[*].name`, `ipconfigurations[*].publicIpAddress.id` -> `...[*].properties.publicIpAddress.id`).
    const sub = envelopes.has(prefix) || (network && NETWORK_SUB_RESOURCES.has(s.name.toLowerCase()));
    if (i < segs.length - 1 && sub && !SUB_RESOURCE_TOP_LEVEL.has(segs[i + 1].name.toLowerCase())) out.push('properties');
  });
  return pathField(`${base}.${out.join('.')}`);
}

/** The request body of a resource as Azure Policy reads it (cached). */
const bodies = new WeakMap<ArmResource, Record<string, ArmValue>>();
export function requestBody(r: ArmResource): Record<string, ArmValue> {
  let b = bodies.get(r);
  if (!b) {
    b = { name: r.name, type: r.type, id: r.id, properties: r.properties };
    for (const k of ['location', 'kind', 'sku', 'tags', 'identity', 'plan', 'zones', 'extendedLocation'] as const) {
      if (r[k] !== undefined) b[k] = r[k] as ArmValue;
    }
    bodies.set(r, b);
  }
  return b;
}

function notModelled(r: ArmResource, segments: readonly Segment[]): string | undefined {
  if (r.modelled === 'all') return undefined;
  if (segments[0]?.name.toLowerCase() !== 'properties' || segments.length < 2) return undefined;
  const first = segments[1].name.toLowerCase();
  if (r.modelled.properties.some((p) => p.toLowerCase() === first)) return undefined;
  return `properties.${segments[1].name} of ${r.type} is not modelled by the ${r.source.terraformType ?? r.source.origin} adapter`;
}

/** Selects the values of a field on a resource. */
export function selectField(r: ArmResource, field: string, bindings: readonly Binding[] = []): Selection {
  const c = compileField(r.type, field);
  if (c.kind === 'otherType') return { kind: 'scalar', value: undefined, path: c.path };
  if (c.kind === 'special') {
    const v = c.which === 'name' ? r.name : c.which === 'fullName' ? r.fullName : c.which === 'type' ? r.type : r.id;
    return { kind: 'scalar', value: v, path: c.path };
  }
  const why = notModelled(r, c.segments);
  if (why) return { kind: 'unknown', reason: why, path: c.path };
  return walk(requestBody(r), c, bindings);
}

/** Walks a compiled path from a root value (also used for `current('<alias>')` from a bound member). */
export function walk(root: ArmValue | undefined, c: CompiledField & { kind: 'path' }, bindings: readonly Binding[], startAt = 0, prefixIn = ''): Selection {
  let current: (ArmValue | undefined)[] = [root];
  let prefix = prefixIn;
  for (let i = startAt; i < c.segments.length; i++) {
    const s = c.segments[i];
    prefix = prefix ? `${prefix}.${s.name.toLowerCase()}` : s.name.toLowerCase();
    if (s.array) prefix += '[*]';
    const next: (ArmValue | undefined)[] = [];
    for (const v of current) {
      if (isUnknown(v)) {
        next.push(UNKNOWN);
        continue;
      }
      const child = v === undefined || v === null ? undefined : getProp(v, s.name);
      if (!s.array) {
        next.push(child === null ? undefined : child);
        continue;
      }
      if (isUnknown(child)) {
        next.push(UNKNOWN);
        continue;
      }
      const bound = bindings.find((b) => b.key === prefix);
      if (bound) {
        if (Array.isArray(child) || child === undefined) next.push(bound.value);
        continue;
      }
      if (Array.isArray(child)) next.push(...child);
      // A missing array (or a non-array) contributes no members.
    }
    current = next;
  }
  if (!c.collection) return { kind: 'scalar', value: current[0], path: c.path };
  return { kind: 'collection', values: current, path: c.path };
}

/** The resolved path key of a `[*]` alias (for count bindings), or undefined when it is not an array alias. */
export function arrayKey(resourceType: string, alias: string): string | undefined {
  const c = compileField(resourceType, alias);
  if (c.kind !== 'path' || !c.collection) return undefined;
  const last = c.segments[c.segments.length - 1];
  if (!last.array) return undefined;
  return c.segments.map((s) => `${s.name.toLowerCase()}${s.array ? '[*]' : ''}`).join('.');
}

/** `current('<alias>')` inside a field count: the bound member, or a property of it. */
export function currentOf(resourceType: string, alias: string, bindings: readonly Binding[]): ArmValue | undefined {
  const c = compileField(resourceType, alias);
  if (c.kind !== 'path') return undefined;
  const full = c.segments.map((s) => `${s.name.toLowerCase()}${s.array ? '[*]' : ''}`);
  for (let b = bindings.length - 1; b >= 0; b--) {
    const key = bindings[b].key.split('.');
    if (key.length <= full.length && key.every((k, i) => k === full[i])) {
      if (key.length === full.length) return bindings[b].value;
      const rest = c.segments.slice(key.length);
      const sub: CompiledField & { kind: 'path' } = { ...c, segments: c.segments, collection: rest.some((s) => s.array) };
      const sel = walk(bindings[b].value, sub, bindings, key.length, bindings[b].key);
      if (sel.kind === 'scalar') return sel.value;
      if (sel.kind === 'collection') return sel.values.map((v) => v ?? null);
      return UNKNOWN;
    }
  }
  return undefined;
}
