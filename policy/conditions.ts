/**
 * The condition language of policy rules: `allOf` / `anyOf` / `not`, `field` / `value` / `count` operands and
 * every documented condition, evaluated in three-valued logic.
 *
 * Documented semantics this module encodes (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule):
 * - keywords (logical operators, operands, conditions) are case-insensitive (built-ins spell `notin`, `notIn`);
 * - string conditions compare case-insensitively, except `match` / `notMatch`;
 * - `like` takes `*` wildcards; `match` takes `#` (digit), `?` (letter), `.` (any character);
 * - `less`, `lessOrEquals`, `greater`, `greaterOrEquals` compare numbers, or strings with InvariantCultureIgnoreCase;
 * - a `field` condition over a `[*]` alias holds when it holds for every selected value (logical and);
 * - `count` counts the members for which `where` holds and compares that number.
 * Three-valued logic: `allOf` is false as soon as one member is false, true when all are true, else unknown;
 * `anyOf` is the dual; `not` swaps true and false and keeps unknown.
 */
import { ArmResource, ArmValue, UNKNOWN, isUnknown, showValue } from '../arm/resource';
import { ExpressionContext, evaluateDeep, evaluateExpression, getProp, looseEquals } from './expression';
import { Binding, arrayKey, currentOf, selectField } from './fields';
import { CannotEvaluate, EvaluationError, PolicyAssignment, PolicyDefinition, Tri } from './types';

/** One evaluated node, for `ailz policy explain` and for naming the condition that decided a result. */
export interface TraceNode {
  /** JSON path of the node in the rule, e.g. `if.allOf[1]`. */
  readonly path: string;
  readonly text: string;
  readonly result: Tri;
  readonly children?: readonly TraceNode[];
}

export interface Outcome {
  readonly result: Tri;
  readonly trace?: TraceNode;
}

/** What a rule is evaluated against. */
export interface EvalContext {
  /** The resource `field` operands read (the evaluated resource, or a related resource in an existence condition). */
  readonly resource: ArmResource;
  /** The resource the `field()` function reads: the evaluated resource, also inside existence conditions. */
  readonly ifResource: ArmResource;
  /** Effective parameter values of the definition (assignment values over defaults). */
  readonly parameters: Readonly<Record<string, ArmValue>>;
  readonly definition: PolicyDefinition;
  readonly assignment?: PolicyAssignment;
  readonly referenceId?: string;
  readonly setDefinitionId?: string;
  readonly now: string;
  /** The resource group of the evaluated resource as `resourceGroup()` returns it. */
  readonly resourceGroup?: () => ArmValue;
  readonly trace: boolean;
}

const OPERATORS = [
  'equals', 'notequals', 'like', 'notlike', 'match', 'matchinsensitively', 'notmatch', 'notmatchinsensitively',
  'contains', 'notcontains', 'in', 'notin', 'containskey', 'notcontainskey', 'less', 'lessorequals', 'greater',
  'greaterorequals', 'exists',
] as const;
type Operator = (typeof OPERATORS)[number];

const keyCache = new WeakMap<object, Map<string, string>>();
/** Keys of a condition object, lower-cased, mapped to the key as written (cached per node: rules are immutable). */
function keysOf(node: Record<string, unknown>): Map<string, string> {
  let m = keyCache.get(node);
  if (!m) {
    m = new Map<string, string>();
    for (const k of Object.keys(node)) m.set(k.toLowerCase(), k);
    keyCache.set(node, m);
  }
  return m;
}

function and3(values: Tri[]): Tri {
  if (values.some((v) => v === false)) return false;
  return values.some((v) => v === 'unknown') ? 'unknown' : true;
}
function or3(values: Tri[]): Tri {
  if (values.some((v) => v === true)) return true;
  return values.some((v) => v === 'unknown') ? 'unknown' : false;
}
function not3(v: Tri): Tri {
  return v === 'unknown' ? 'unknown' : !v;
}

function likeRegex(pattern: string): RegExp {
  const body = pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`, 'is');
}

function matchRegex(pattern: string, insensitive: boolean): RegExp {
  let body = '';
  for (const ch of pattern) {
    if (ch === '#') body += '[0-9]';
    else if (ch === '?') body += '[A-Za-z]';
    else if (ch === '.') body += '.';
    else body += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${body}$`, insensitive ? 'is' : 's');
}

function asString(v: ArmValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function toBoolish(v: ArmValue): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  throw new EvaluationError(`exists: expected true or false, got ${asString(v)}`);
}

function ordered(a: ArmValue, b: ArmValue, op: string): number {
  let x = a;
  let y = b;
  if (typeof x === 'number' && typeof y === 'string' && /^-?\d+(\.\d+)?$/.test(y.trim())) y = Number(y);
  if (typeof y === 'number' && typeof x === 'string' && /^-?\d+(\.\d+)?$/.test(x.trim())) x = Number(x);
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'string' && typeof y === 'string') {
    const p = x.toLowerCase();
    const q = y.toLowerCase();
    return p < q ? -1 : p > q ? 1 : 0;
  }
  throw new EvaluationError(`${op}: the value ${asString(x)} and ${asString(y)} have different types`);
}

/** Applies one condition to one selected value (`undefined` = the field does not exist). */
export function applyOperator(op: Operator, value: ArmValue | undefined, expected: ArmValue): Tri {
  if (isUnknown(value) || isUnknown(expected)) return 'unknown';
  if (Array.isArray(expected) && (op === 'in' || op === 'notin') && expected.some((e) => isUnknown(e))) {
    if (value !== undefined && value !== null && expected.some((e) => !isUnknown(e) && looseEquals(value, e))) return op === 'in';
    return 'unknown';
  }
  const present = value !== undefined && value !== null;
  switch (op) {
    case 'exists':
      return present === toBoolish(expected);
    case 'equals':
      return present ? looseEquals(value, expected) : expected === null;
    case 'notequals':
      return not3(applyOperator('equals', value, expected));
    case 'like':
      return present && typeof expected === 'string' ? likeRegex(expected).test(asString(value)) : false;
    case 'notlike':
      return not3(applyOperator('like', value, expected));
    case 'match':
    case 'matchinsensitively':
      return present && typeof expected === 'string' ? matchRegex(expected, op === 'matchinsensitively').test(asString(value)) : false;
    case 'notmatch':
      return not3(applyOperator('match', value, expected));
    case 'notmatchinsensitively':
      return not3(applyOperator('matchinsensitively', value, expected));
    case 'contains':
      if (!present) return false;
      if (Array.isArray(value)) return value.some((x) => looseEquals(x, expected));
      return asString(value).toLowerCase().includes(asString(expected).toLowerCase());
    case 'notcontains':
      return not3(applyOperator('contains', value, expected));
    case 'in':
      if (!Array.isArray(expected)) throw new EvaluationError(`in: the condition value must be an array, got ${asString(expected)}`);
      return present ? expected.some((e) => looseEquals(value, e)) : false;
    case 'notin':
      return not3(applyOperator('in', value, expected));
    case 'containskey':
      if (!present || typeof value !== 'object' || Array.isArray(value)) return false;
      return getProp(value, asString(expected)) !== undefined;
    case 'notcontainskey':
      return not3(applyOperator('containskey', value, expected));
    case 'less':
      return present ? ordered(value, expected, op) < 0 : false;
    case 'lessorequals':
      return present ? ordered(value, expected, op) <= 0 : false;
    case 'greater':
      return present ? ordered(value, expected, op) > 0 : false;
    case 'greaterorequals':
      return present ? ordered(value, expected, op) >= 0 : false;
  }
}

/** Mutable per-evaluation state: `count` bindings, and the expression context that reads them. */
interface Scope {
  readonly fieldBindings: Binding[];
  readonly valueBindings: { name: string; value: ArmValue }[];
  ec?: ExpressionContext;
}

function exprContext(ctx: EvalContext, scope: Scope): ExpressionContext {
  const r = ctx.ifResource;
  const sameResource = ctx.resource === ctx.ifResource;
  return {
    now: ctx.now,
    parameter: (name) => {
      const key = Object.keys(ctx.parameters).find((k) => k.toLowerCase() === name.toLowerCase());
      if (key === undefined) throw new EvaluationError(`parameter '${name}' has no value (not assigned and no default)`);
      return ctx.parameters[key];
    },
    field: (path) => {
      const sel = selectField(r, path, sameResource ? scope.fieldBindings : []);
      if (sel.kind === 'unknown') return UNKNOWN;
      if (sel.kind === 'collection') return sel.values.map((v) => (v === undefined ? null : v));
      // Documented: field() of a missing property returns an empty string.
      return sel.value === undefined ? '' : sel.value;
    },
    current: (name) => {
      if (name === undefined) {
        const v = scope.valueBindings[scope.valueBindings.length - 1];
        const f = scope.fieldBindings[scope.fieldBindings.length - 1];
        if (v) return v.value;
        if (f) return f.value ?? null;
        throw new EvaluationError('current() outside count.where');
      }
      const vb = [...scope.valueBindings].reverse().find((b) => b.name.toLowerCase() === name.toLowerCase());
      if (vb) return vb.value;
      const fv = currentOf(ctx.resource.type, name, scope.fieldBindings);
      if (fv === undefined) throw new EvaluationError(`current('${name}') names no enclosing count`);
      return fv;
    },
    requestContext: () => ({ apiVersion: r.apiVersion }),
    policy: () => ({
      assignmentId: ctx.assignment?.id ?? UNKNOWN,
      definitionId: ctx.definition.id,
      setDefinitionId: ctx.setDefinitionId ?? '',
      definitionReferenceId: ctx.referenceId ?? '',
    }),
    subscription: () => {
      const sub = r.subscription;
      if (!sub || sub.startsWith('{')) return UNKNOWN;
      return { subscriptionId: sub, id: `/subscriptions/${sub}`, tenantId: UNKNOWN, displayName: UNKNOWN };
    },
    resourceGroup: () => (ctx.resourceGroup ? ctx.resourceGroup() : UNKNOWN),
  };
}

function describeOperand(raw: unknown): string {
  return typeof raw === 'string' ? raw : JSON.stringify(raw);
}

/** Evaluates a condition tree. Throws CannotEvaluate for constructs outside the implemented language. */
export function evaluateCondition(node: unknown, ctx: EvalContext, path = 'if'): Outcome {
  return evalNode(node, ctx, { fieldBindings: [], valueBindings: [] }, path);
}

/** A condition node, parsed once (rules are immutable): which construct it is and where its parts are. */
type Desc =
  | { readonly kind: 'logical'; readonly which: 'allof' | 'anyof'; readonly label: string; readonly members: readonly unknown[]; readonly paths: readonly string[] }
  | { readonly kind: 'not'; readonly inner: unknown; readonly innerPath: string }
  | {
    readonly kind: 'leaf'; readonly op: Operator; readonly opText: string; readonly rhs: unknown; readonly get: (k: string) => unknown;
    readonly keys: Map<string, string>;
    /** The condition value depends only on parameters (no field(), current(), request or scope functions): cacheable per parameter set. */
    readonly rhsConstant: boolean;
  };

const descCache = new WeakMap<object, { path: string; desc: Desc }>();
/** Parameter-only condition values, per parameter set (one per assignment member) and condition. */
const constantCache = new WeakMap<object, WeakMap<Desc, { value: ArmValue }>>();
const KNOWN_KEYS = new Set<string>(['field', 'value', 'count', ...OPERATORS]);

function describe(node: unknown, path: string): Desc {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new CannotEvaluate(`condition at ${path} is not an object`);
  const hit = descCache.get(node);
  if (hit && hit.path === path) return hit.desc;
  const keys = keysOf(node as Record<string, unknown>);
  const get = (k: string) => (node as any)[keys.get(k)!];
  let desc: Desc | undefined;
  for (const logical of ['allof', 'anyof'] as const) {
    if (!desc && keys.has(logical)) {
      const members = get(logical);
      if (!Array.isArray(members)) throw new CannotEvaluate(`${logical} at ${path} is not an array`);
      const label = keys.get(logical)!;
      desc = { kind: 'logical', which: logical, label, members, paths: members.map((_m, i) => `${path}.${label}[${i}]`) };
    }
  }
  if (!desc && keys.has('not')) desc = { kind: 'not', inner: get('not'), innerPath: `${path}.not` };
  if (!desc) {
    const stray = [...keys.keys()].filter((k) => !KNOWN_KEYS.has(k));
    if (stray.length > 0) throw new CannotEvaluate(`condition keyword "${keys.get(stray[0])}" at ${path}`);
    const ops = OPERATORS.filter((o) => keys.has(o));
    if (ops.length !== 1) throw new CannotEvaluate(`condition at ${path} with ${ops.length} operators`);
    const rhs = get(ops[0]);
    const rhsConstant = !/\b(field|current|requestcontext|resourcegroup|subscription|policy|utcnow)\s*\(/i.test(JSON.stringify(rhs) ?? '');
    desc = { kind: 'leaf', op: ops[0], opText: keys.get(ops[0])!, rhs, get, keys, rhsConstant };
  }
  descCache.set(node, { path, desc });
  return desc;
}

const OUT: Readonly<Record<string, Outcome>> = { true: { result: true }, false: { result: false }, unknown: { result: 'unknown' } };
/** The outcome without a trace, shared (no allocation on the hot path). */
const bare = (r: Tri): Outcome => OUT[String(r)];

function evalNode(node: unknown, ctx: EvalContext, scope: Scope, path: string): Outcome {
  const d = describe(node, path);
  if (!ctx.trace && d.kind !== 'leaf') {
    // Every member is evaluated (an error in any of them fails the evaluation, as in Azure); only the result is kept.
    if (d.kind === 'not') return bare(not3(evalNode(d.inner, ctx, scope, d.innerPath).result));
    const decisive = d.which === 'anyof';
    let decided = false;
    let unknown = false;
    for (let i = 0; i < d.members.length; i++) {
      const r = evalNode(d.members[i], ctx, scope, d.paths[i]).result;
      if (r === decisive) decided = true;
      else if (r === 'unknown') unknown = true;
    }
    return bare(decided ? decisive : unknown ? 'unknown' : !decisive);
  }
  if (d.kind === 'logical') {
    const outs = d.members.map((m, i) => evalNode(m, ctx, scope, d.paths[i]));
    const result = d.which === 'allof' ? and3(outs.map((o) => o.result)) : or3(outs.map((o) => o.result));
    return { result, trace: ctx.trace ? { path, text: d.label, result, children: outs.map((o) => o.trace!) } : undefined };
  }
  if (d.kind === 'not') {
    const inner = evalNode(d.inner, ctx, scope, d.innerPath);
    const result = not3(inner.result);
    return { result, trace: ctx.trace ? { path, text: 'not', result, children: [inner.trace!] } : undefined };
  }
  const { op, opText, keys, get } = d;
  const ec = scope.ec ?? (scope.ec = exprContext(ctx, scope));
  let expected: ArmValue;
  if (d.rhsConstant) {
    let byNode = constantCache.get(ctx.parameters);
    if (!byNode) constantCache.set(ctx.parameters, (byNode = new WeakMap()));
    const hit = byNode.get(d);
    if (hit !== undefined) expected = hit.value;
    else {
      expected = evaluateDeep(d.rhs, ec);
      byNode.set(d, { value: expected });
    }
  } else expected = evaluateDeep(d.rhs, ec);

  if (keys.has('count')) {
    const { lo, hi, text, members } = countRange(get('count'), ctx, scope, `${path}.count`);
    const results = new Set<Tri>();
    if (hi === undefined) results.add('unknown');
    else for (let n = lo; n <= hi && results.size < 2; n++) results.add(applyOperator(op, n, expected));
    const result: Tri = results.size === 1 ? [...results][0] : 'unknown';
    const count = hi === undefined ? 'unknown' : lo === hi ? String(lo) : `${lo}..${hi}`;
    if (!ctx.trace) return bare(result);
    return { result, trace: { path, text: `${text} = ${count} ${opText} ${showValue(expected)}`, result, children: members } };
  }
  if (keys.has('field')) {
    const fieldName = evaluateExpression(get('field'), ec);
    if (isUnknown(fieldName)) return { result: 'unknown', trace: ctx.trace ? { path, text: `field ${describeOperand(get('field'))} (name unknown)`, result: 'unknown' } : undefined };
    const sel = selectField(ctx.resource, String(fieldName), scope.fieldBindings);
    const result: Tri = sel.kind === 'unknown' ? 'unknown'
      : sel.kind === 'scalar' ? applyOperator(op, sel.value, expected)
        : and3(sel.values.map((v) => applyOperator(op, v, expected)));
    if (!ctx.trace) return bare(result);
    const shown = sel.kind === 'unknown' ? `unknown (${sel.reason})` : sel.kind === 'scalar' ? showValue(sel.value) : `[${sel.values.map(showValue).join(', ')}]`;
    return { result, trace: { path, text: `field ${String(fieldName)} = ${shown} ${opText} ${showValue(expected)}`, result } };
  }
  if (keys.has('value')) {
    const raw = get('value');
    const value = evaluateDeep(raw, ec);
    const result = applyOperator(op, value, expected);
    if (!ctx.trace) return bare(result);
    return { result, trace: { path, text: `value ${describeOperand(raw)} = ${showValue(value)} ${opText} ${showValue(expected)}`, result } };
  }
  throw new CannotEvaluate(`condition at ${path} without field, value or count`);
}

/** The number of members for which `where` holds: [lo, hi] (hi undefined when the members themselves are unknown). */
function countRange(spec: unknown, ctx: EvalContext, scope: Scope, path: string): { lo: number; hi: number | undefined; text: string; members?: TraceNode[] } {
  if (spec === null || typeof spec !== 'object') throw new CannotEvaluate(`count at ${path} is not an object`);
  const keys = keysOf(spec as Record<string, unknown>);
  const get = (k: string) => (spec as any)[keys.get(k)!];
  const where = keys.has('where') ? get('where') : undefined;
  const tally = (members: readonly (ArmValue | undefined)[], bind: (m: ArmValue | undefined) => () => void) => {
    let lo = 0;
    let unknown = 0;
    const traces: TraceNode[] = [];
    members.forEach((m, i) => {
      if (where === undefined) {
        lo++;
        return;
      }
      const release = bind(m);
      try {
        const o = evalNode(where, ctx, scope, `${path}.where`);
        if (o.trace) traces.push({ path: `${path}[${i}]`, text: `member ${showValue(m)}`, result: o.result, children: [o.trace] });
        if (o.result === true) lo++;
        else if (o.result === 'unknown') unknown++;
      } finally {
        release();
      }
    });
    return { lo, hi: lo + unknown, members: ctx.trace ? traces : undefined };
  };
  if (keys.has('field')) {
    const alias = String(get('field'));
    const key = arrayKey(ctx.resource.type, alias);
    const sel = selectField(ctx.resource, alias, scope.fieldBindings);
    if (sel.kind === 'scalar' && sel.value === undefined && !key) return { lo: 0, hi: 0, text: `count(${alias})` };
    if (!key) throw new CannotEvaluate(`count.field "${alias}" is not a [*] alias`);
    if (sel.kind === 'unknown' || (sel.kind === 'collection' && sel.values.some((v) => isUnknown(v)))) return { lo: 0, hi: undefined, text: `count(${alias})` };
    const members = sel.kind === 'collection' ? sel.values : [];
    const r = tally(members, (m) => {
      scope.fieldBindings.push({ key, value: m, alias });
      return () => scope.fieldBindings.pop();
    });
    return { ...r, text: `count(${alias}${where ? ' where ...' : ''})` };
  }
  if (keys.has('value')) {
    const arr = evaluateDeep(get('value'), scope.ec ?? (scope.ec = exprContext(ctx, scope)));
    const name = keys.has('name') ? String(get('name')) : 'default';
    if (isUnknown(arr)) return { lo: 0, hi: undefined, text: `count(value)` };
    if (!Array.isArray(arr)) throw new EvaluationError(`count.value at ${path} is not an array`);
    const r = tally(arr, (m) => {
      scope.valueBindings.push({ name, value: m === undefined ? null : m });
      return () => scope.valueBindings.pop();
    });
    return { ...r, text: `count(value as ${name}${where ? ' where ...' : ''})` };
  }
  throw new CannotEvaluate(`count at ${path} without field or value`);
}

/** The leaf conditions that decided a result (for messages): all members of a deciding allOf, the first deciding anyOf member. */
export function decisiveLeaves(t: TraceNode | undefined, want: Tri = t?.result ?? true): TraceNode[] {
  if (!t) return [];
  // A count node is one condition: its members' traces explain it, they do not decide it.
  if (!t.children || t.children.length === 0 || t.text.startsWith('count(')) return [{ ...t, children: undefined }];
  if (t.text === 'not') return decisiveLeaves(t.children[0], not3(want)).map((c) => ({ ...c, text: `not (${c.text})` }));
  const hits = t.children.filter((c) => c.result === want);
  const isAll = t.text.toLowerCase() === 'allof';
  if (want === true) return (isAll ? t.children : hits.slice(0, 1)).flatMap((c) => decisiveLeaves(c, want));
  if (want === false) return (isAll ? hits.slice(0, 1) : t.children).flatMap((c) => decisiveLeaves(c, want));
  return hits.flatMap((c) => decisiveLeaves(c, want));
}
