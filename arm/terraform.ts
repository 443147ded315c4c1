/**
 * Terraform input for the ARM view: the resource blocks of every stack of one synth output (or of
 * `terraform show -json` plans, see `from-plan.ts`), with the references between them resolved as far
 * as they can be before apply.
 *
 * A reference resolves in two ways:
 * - as a **value** (what Azure Policy will see): the literal it points to (`${azurerm_resource_group.x.name}`
 *   → `rg-contoso`), an ARM ID ailz can compute (`${azurerm_key_vault.kv.id}`), or UNKNOWN;
 * - as a **scope** (where a resource lives, for assignments, exemptions and not-scopes): the same, but an
 *   unknown segment becomes a stable symbolic token (`{governance:azurerm_subscription.x.subscription_id}`),
 *   so that a vended subscription whose ID only exists after apply can still be placed in its management
 *   group and matched against the exemptions and not-scopes that name it by the same reference.
 */
import { ArmValue, UNKNOWN, Unknown, isUnknown } from './resource';

/** One resource block. `attrs` may hold UNKNOWN where a plan says "known after apply". */
export interface TfResource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  /** `<type>.<name>` */
  readonly address: string;
  readonly attrs: Record<string, any>;
}

/** One stack: its resources and what its provider and variables say. */
export interface TfStack {
  readonly name: string;
  readonly resources: readonly TfResource[];
  readonly byAddress: ReadonlyMap<string, TfResource>;
  /** The `azurerm` provider block without alias (or the first one). */
  readonly provider?: Record<string, any>;
  /** Known variable values (plan `variables`, or defaults). */
  readonly variables: Readonly<Record<string, unknown>>;
  /** Output values as written (`${...}` expressions or literals). */
  readonly outputs: Readonly<Record<string, unknown>>;
  /** Data sources by address (`data.<type>.<name>`): their arguments, and in a plan the values read. */
  readonly dataSources?: ReadonlyMap<string, Record<string, any>>;
}

/** A resolved string in both readings: the value Azure would see, and its scope form. */
export interface Resolved {
  readonly value: string | Unknown;
  /** Lower-cased; unknown parts replaced by `{<stack>:<reference>}` tokens. */
  readonly scope: string;
}

/** A Resolved whose value is unknown, with its scope token. */
export function unresolved(scope: string): Resolved {
  return { value: UNKNOWN, scope };
}

const INTERP = /\$\{([^}]*)\}/g;
const ALIAS_TYPE = /^microsoft\.subscription\/aliases(@|$)/i;
const SIMPLE_REF = /^((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\.(.+)$/;

/** Splits a reference path such as `identity[0].principal_id` into segments (`identity`, 0, `principal_id`). */
function pathSegments(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [part];
    if (m[1]) out.push(m[1]);
    for (const idx of m[2].matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

/** Computes resource IDs for `${<address>.id}` references; provided by the ARM view builder. */
export type IdOf = (stack: string, address: string) => Resolved | undefined;

/** Every stack of a run, with reference resolution. */
export class TerraformWorld {
  readonly stacks: ReadonlyMap<string, TfStack>;
  private idOf: IdOf = () => undefined;
  private readonly resolving = new Set<string>();

  constructor(stacks: readonly TfStack[]) {
    this.stacks = new Map(stacks.map((s) => [s.name, s]));
  }

  /** Installs the ID computation (the ARM view builder knows how each type's ID is formed). */
  setIdOf(fn: IdOf): void {
    this.idOf = fn;
  }

  resource(stack: string, address: string): TfResource | undefined {
    return this.stacks.get(stack)?.byAddress.get(address);
  }

  /**
   * Resolves a string that may contain `${...}` interpolations. Literal text stays; each interpolation is
   * replaced by what it resolves to (value) or by a token (scope).
   */
  resolveString(stack: string, raw: unknown): Resolved | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (isUnknown(raw)) return { value: UNKNOWN, scope: `{${stack}:unknown}` };
    if (typeof raw !== 'string') return { value: String(raw), scope: String(raw).toLowerCase() };
    if (!raw.includes('${')) return { value: raw, scope: raw.toLowerCase() };
    let value: string | Unknown = '';
    let scope = '';
    let last = 0;
    for (const m of raw.matchAll(INTERP)) {
      const lit = raw.slice(last, m.index);
      last = (m.index ?? 0) + m[0].length;
      const r = this.resolveExpression(stack, m[1].trim());
      scope += lit.toLowerCase() + r.scope;
      value = isUnknown(value) || isUnknown(r.value) ? UNKNOWN : value + lit + r.value;
    }
    const tail = raw.slice(last);
    scope += tail.toLowerCase();
    if (!isUnknown(value)) value += tail;
    return { value, scope };
  }

  /** Resolves any attribute value in value reading: strings through `resolveString`, containers deeply. */
  resolveValue(stack: string, raw: unknown): ArmValue | undefined {
    if (raw === undefined) return undefined;
    if (raw === null || typeof raw === 'number' || typeof raw === 'boolean') return raw;
    if (isUnknown(raw)) return UNKNOWN;
    if (typeof raw === 'string') {
      if (!raw.includes('${')) return raw;
      // A whole-string reference may point to a non-string literal (a list, a number, a boolean).
      const whole = /^\$\{([^}]*)\}$/.exec(raw);
      if (whole) {
        const lit = this.referencedLiteral(stack, whole[1].trim());
        if (lit !== undefined && typeof lit !== 'string') return lit;
      }
      return this.resolveString(stack, raw)?.value ?? UNKNOWN;
    }
    if (Array.isArray(raw)) return raw.map((x) => this.resolveValue(stack, x) ?? null);
    if (typeof raw === 'object') {
      const out: Record<string, ArmValue> = {};
      for (const [k, v] of Object.entries(raw)) {
        if (k === '//') continue;
        const r = this.resolveValue(stack, v);
        if (r !== undefined) out[k] = r;
      }
      return out;
    }
    return UNKNOWN;
  }

  /** The address a whole-string reference points to (`${azurerm_key_vault.kv.id}/x` → that resource), if any. */
  referencedResource(stack: string, raw: unknown): { resource: TfResource; attr: string; suffix: string } | undefined {
    if (typeof raw !== 'string') return undefined;
    const m = /^\$\{([^}]*)\}(.*)$/s.exec(raw);
    if (!m || m[2].includes('${')) return undefined;
    const ref = SIMPLE_REF.exec(m[1].trim());
    if (!ref) return undefined;
    const resource = this.resource(stack, ref[1]);
    return resource ? { resource, attr: ref[2], suffix: m[2] } : undefined;
  }

  private referencedLiteral(stack: string, expr: string): ArmValue | undefined {
    const ref = SIMPLE_REF.exec(expr);
    if (!ref || ref[1].startsWith('var.')) {
      const v = /^var\.([A-Za-z0-9_-]+)$/.exec(expr);
      if (v) {
        const val = this.stacks.get(stack)?.variables[v[1]];
        return val === undefined ? undefined : (this.resolveValue(stack, val) ?? undefined);
      }
      return undefined;
    }
    const target = this.resource(stack, ref[1]);
    if (!target) return undefined;
    const segs = pathSegments(ref[2]);
    let cur: any = target.attrs;
    for (const s of segs) {
      if (cur === null || cur === undefined || isUnknown(cur)) return undefined;
      cur = typeof s === 'number' ? (Array.isArray(cur) ? cur[s] : s === 0 ? cur : undefined) : cur[s];
    }
    if (cur === undefined || isUnknown(cur)) return undefined;
    const key = `${stack}|${expr}`;
    if (this.resolving.has(key)) return undefined;
    this.resolving.add(key);
    try {
      return this.resolveValue(stack, cur);
    } finally {
      this.resolving.delete(key);
    }
  }

  private readonly expressionCache = new Map<string, Resolved>();
  private readonly variableCache = new Map<string, Resolved | undefined>();

  /** Memoized: every reference resolves the same way within one world (IDs depend only on the Terraform). */
  private resolveExpression(stack: string, expr: string): Resolved {
    const key = `${stack}\u0000${expr}`;
    const hit = this.expressionCache.get(key);
    if (hit) return hit;
    const r = this.resolveExpressionUncached(stack, expr);
    // Results computed while a cycle was being broken are not final: do not keep them.
    if (this.resolving.size === 0) this.expressionCache.set(key, r);
    return r;
  }

  private resolveExpressionUncached(stack: string, expr: string): Resolved {
    const token = (): Resolved => ({ value: UNKNOWN, scope: `{${stack}:${expr}}`.toLowerCase() });
    const v = /^var\.([A-Za-z0-9_-]+)$/.exec(expr);
    if (v) {
      // The value is the variable's (a plan knows it); the scope is the expression of the other stack's output
      // that feeds it when there is one, so both stacks name the same subscription by the same token.
      const val = this.stacks.get(stack)?.variables[v[1]];
      const fed = this.variableScope(stack, v[1]);
      if (typeof val === 'string') return { value: val, scope: fed && fed.scope.includes('{') ? fed.scope : val.toLowerCase() };
      return fed ? { value: fed.value, scope: fed.scope } : token();
    }
    const ref = SIMPLE_REF.exec(expr);
    if (!ref) return token();
    if (ref[1].startsWith('data.')) return this.dataSourceValue(stack, ref[1], ref[2]) ?? token();
    const target = this.resource(stack, ref[1]);
    if (!target) return token();
    if (ref[2] === 'id') {
      const key = `${stack}|${ref[1]}|id`;
      if (this.resolving.has(key)) return token();
      this.resolving.add(key);
      try {
        return this.idOf(stack, ref[1]) ?? token();
      } finally {
        this.resolving.delete(key);
      }
    }
    const lit = this.referencedLiteral(stack, expr);
    if (typeof lit === 'string') return { value: lit, scope: lit.toLowerCase() };
    if (typeof lit === 'number' || typeof lit === 'boolean') return { value: String(lit), scope: String(lit) };
    return token();
  }

  /**
   * A data source attribute. The value is what a plan read (literal), else unknown. One link is made: the
   * subscription ID of a subscription alias read by a workload stack (`data.azapi_resource` of type
   * `Microsoft.Subscription/aliases`, its `name` the alias) takes the scope token of the stack that creates that
   * alias (`azurerm_subscription.alias`, or an `azapi_resource` of that type), so the workload's resources and the
   * governance stack's management-group association name the same subscription.
   */
  private dataSourceValue(stack: string, address: string, path: string): Resolved | undefined {
    const data = this.stacks.get(stack)?.dataSources?.get(address);
    if (!data) return undefined;
    let cur: any = data;
    for (const seg of pathSegments(path)) {
      if (cur === null || cur === undefined || typeof cur !== 'object') { cur = undefined; break; }
      cur = typeof seg === 'number' ? (Array.isArray(cur) ? cur[seg] : undefined) : cur[seg];
    }
    const literal = typeof cur === 'string' && !cur.includes('${') ? cur : undefined;
    const linked = this.subscriptionAliasLink(stack, address, data, path);
    if (linked) return { value: literal ?? linked.value, scope: literal && !linked.scope.includes('{') ? literal.toLowerCase() : linked.scope };
    return literal === undefined ? undefined : { value: literal, scope: literal.toLowerCase() };
  }

  private subscriptionAliasLink(stack: string, address: string, data: Record<string, any>, path: string): Resolved | undefined {
    if (!address.startsWith('data.azapi_resource.') || !ALIAS_TYPE.test(String(data.type ?? '')) || !/^output\.properties\.subscriptionId$/i.test(path)) return undefined;
    const alias = this.resolveString(stack, data.name)?.value;
    if (typeof alias !== 'string') return undefined;
    for (const other of this.stacks.values()) {
      for (const r of other.resources) {
        if (r.type === 'azurerm_subscription' && this.resolveString(other.name, r.attrs.alias)?.value === alias) {
          return this.resolveExpression(other.name, `${r.address}.subscription_id`);
        }
        if (r.type === 'azapi_resource' && ALIAS_TYPE.test(String(r.attrs.type ?? '')) && this.resolveString(other.name, r.attrs.name)?.value === alias) {
          return this.resolveExpression(other.name, `${r.address}.output.properties.subscriptionId`);
        }
      }
    }
    return undefined;
  }

  /**
   * A stack variable that another stack's output feeds (the apply-order contract of ailz: stack X's
   * `var.subscription_id` is governance's `output.<x>_subscription_id`): the scope token of that output's
   * expression, so that both sides of the contract resolve to the same symbol.
   */
  private variableScope(stack: string, variable: string): Resolved | undefined {
    const key = `${stack}\u0000${variable}`;
    if (this.variableCache.has(key)) return this.variableCache.get(key);
    const r = this.variableScopeUncached(stack, variable);
    this.variableCache.set(key, r);
    return r;
  }

  private variableScopeUncached(stack: string, variable: string): Resolved | undefined {
    const outputName = `${stack.replace(/[^A-Za-z0-9]/g, '_')}_${variable}`;
    for (const other of this.stacks.values()) {
      if (other.name === stack) continue;
      const out = other.outputs[outputName];
      if (out === undefined) continue;
      const expr = typeof out === 'object' && out !== null && 'value' in (out as any) ? (out as any).value : out;
      const r = this.resolveString(other.name, expr);
      if (r) return r;
    }
    return undefined;
  }
}

/** Builds a stack from a Terraform JSON document (`cdk.tf.json`). */
export function stackFromTerraformJson(stack: string, json: any): TfStack {
  const resources: TfResource[] = [];
  const byAddress = new Map<string, TfResource>();
  const blocks = json?.resource ?? {};
  for (const type of Object.keys(blocks).sort()) {
    for (const name of Object.keys(blocks[type] ?? {}).sort()) {
      const attrs = blocks[type][name];
      if (!attrs || typeof attrs !== 'object') continue;
      const r: TfResource = { stack, type, name, address: `${type}.${name}`, attrs };
      resources.push(r);
      byAddress.set(r.address, r);
    }
  }
  const providers = json?.provider?.azurerm;
  const list = Array.isArray(providers) ? providers : providers ? [providers] : [];
  const provider = list.find((p: any) => !p?.alias) ?? list[0];
  const variables: Record<string, unknown> = {};
  for (const [name, v] of Object.entries<any>(json?.variable ?? {})) if (v && v.default !== undefined) variables[name] = v.default;
  const outputs: Record<string, unknown> = {};
  for (const [name, v] of Object.entries<any>(json?.output ?? {})) outputs[name] = v?.value;
  const dataSources = new Map<string, Record<string, any>>();
  for (const [type, byName] of Object.entries<any>(json?.data ?? {})) {
    for (const [name, attrs] of Object.entries<any>(byName ?? {})) if (attrs && typeof attrs === 'object') dataSources.set(`data.${type}.${name}`, attrs);
  }
  return { name: stack, resources, byAddress, provider, variables, outputs, dataSources };
}
