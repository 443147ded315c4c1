/**
 * Template-function expressions of the policy language (`"[concat(parameters('a'), field('name'))]"`).
 *
 * Azure Policy accepts the Resource Manager template functions minus a documented list, plus the
 * policy-only functions `field`, `current`, `requestContext`, `policy`, `ipRangeContains`, `addDays` and
 * `utcNow` (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#policy-functions).
 * This module implements the functions built-in definitions use (measured on the public catalog; see
 * docs/policy-simulation.md) and throws {@link CannotEvaluate} for any other, so a definition that needs one is
 * reported as "cannot evaluate", never passed.
 *
 * A value known only after apply is UNKNOWN; every function that receives one returns UNKNOWN, except where the
 * result does not depend on it (`if` with a known condition, `and`/`or` with a decisive known argument, `coalesce`
 * with an earlier known non-null argument).
 */
import { ArmValue, UNKNOWN, isUnknown } from '../arm/resource';
import { CannotEvaluate, EvaluationError } from './types';

export interface ExpressionContext {
  parameter(name: string): ArmValue;
  field?(path: string): ArmValue;
  current?(name?: string): ArmValue;
  variable?(name: string): ArmValue;
  requestContext?(): ArmValue;
  policy?(): ArmValue;
  subscription?(): ArmValue;
  resourceGroup?(): ArmValue;
  /** `utcNow()` (ISO 8601); passed in so evaluation is deterministic. */
  readonly now: string;
}

type Node =
  | { k: 'lit'; v: ArmValue }
  | { k: 'call'; name: string; args: Node[] }
  | { k: 'prop'; target: Node; name: string }
  | { k: 'index'; target: Node; index: Node };

/** True when a string is an expression (`[...]`, not the `[[` escape). */
export function isExpression(s: unknown): s is string {
  return typeof s === 'string' && s.length >= 2 && s.startsWith('[') && s.endsWith(']') && !s.startsWith('[[');
}

const parseCache = new Map<string, Node>();

function parse(src: string): Node {
  const cached = parseCache.get(src);
  if (cached) return cached;
  let i = 0;
  const fail = (msg: string): never => {
    throw new EvaluationError(`invalid expression ${JSON.stringify(src)} at ${i}: ${msg}`);
  };
  const ws = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const primary = (): Node => {
    ws();
    const c = src[i];
    if (c === "'") {
      let out = '';
      i++;
      for (;;) {
        if (i >= src.length) fail('unterminated string');
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            out += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        out += src[i++];
      }
      return { k: 'lit', v: out };
    }
    if (/[-0-9]/.test(c)) {
      const m = /^-?\d+(\.\d+)?/.exec(src.slice(i));
      if (!m) fail('number');
      i += m![0].length;
      return { k: 'lit', v: Number(m![0]) };
    }
    const m = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(src.slice(i));
    if (!m) fail(`unexpected ${JSON.stringify(c)}`);
    // Function names may not contain dots; a dot after the name is property access on the call result.
    const name = m![0].split('.')[0];
    i += name.length;
    ws();
    if (src[i] !== '(') fail(`expected ( after ${name}`);
    i++;
    const args: Node[] = [];
    ws();
    if (src[i] === ')') i++;
    else {
      for (;;) {
        args.push(postfix());
        ws();
        if (src[i] === ',') {
          i++;
          continue;
        }
        if (src[i] === ')') {
          i++;
          break;
        }
        fail('expected , or )');
      }
    }
    return { k: 'call', name: name.toLowerCase(), args };
  };
  const postfix = (): Node => {
    let n = primary();
    for (;;) {
      ws();
      if (src[i] === '.') {
        i++;
        const m = /^[A-Za-z_$][A-Za-z0-9_$-]*/.exec(src.slice(i));
        if (!m) fail('property name');
        i += m![0].length;
        n = { k: 'prop', target: n, name: m![0] };
      } else if (src[i] === '[') {
        i++;
        const index = postfix();
        ws();
        if (src[i] !== ']') fail('expected ]');
        i++;
        n = { k: 'index', target: n, index };
      } else return n;
    }
  };
  const body = src.slice(1, -1);
  const save = src;
  src = body;
  const node = postfix();
  ws();
  if (i !== src.length) fail('trailing input');
  src = save;
  parseCache.set(save, node);
  return node;
}

const isObj = (v: ArmValue): v is Record<string, ArmValue> => v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v);

/** Case-insensitive property lookup (ARM property names are case-insensitive). */
export function getProp(obj: ArmValue, name: string): ArmValue | undefined {
  if (!isObj(obj)) return undefined;
  if (name in obj) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

function str(v: ArmValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null) return '';
  return JSON.stringify(v);
}

/** Loose equality used by the `equals` template function and by conditions: case-insensitive strings, deep for containers. */
export function looseEquals(a: ArmValue | undefined, b: ArmValue | undefined): boolean {
  if (a === undefined || a === null || b === undefined || b === null) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => looseEquals(x, b[i]));
  }
  if (isObj(a) || isObj(b)) {
    if (!isObj(a) || !isObj(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => looseEquals(a[k], getProp(b, k)));
  }
  return str(a).toLowerCase() === str(b).toLowerCase();
}

function anyUnknown(args: ArmValue[]): boolean {
  return args.some((a) => isUnknown(a));
}

function toBool(v: ArmValue, fn: string): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  throw new EvaluationError(`${fn}(): expected a boolean, got ${str(v)}`);
}

function toInt(v: ArmValue, fn: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new EvaluationError(`${fn}(): expected an integer, got ${str(v)}`);
  return n;
}

function compare(a: ArmValue, b: ArmValue, fn: string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') {
    const x = a.toLowerCase();
    const y = b.toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  throw new EvaluationError(`${fn}(): cannot compare ${str(a)} and ${str(b)}`);
}

function parseIpRange(s: string): { v6: boolean; lo: bigint; hi: bigint } {
  const toBig = (ip: string): { v6: boolean; n: bigint } => {
    if (ip.includes(':')) {
      const [head, tail] = ip.split('::');
      const h = head ? head.split(':') : [];
      const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
      const parts = tail !== undefined ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
      if (parts.length !== 8) throw new EvaluationError(`ipRangeContains(): invalid address ${ip}`);
      return { v6: true, n: parts.reduce((acc, p) => (acc << 16n) + BigInt(parseInt(p || '0', 16)), 0n) };
    }
    const o = ip.split('.').map(Number);
    if (o.length !== 4 || o.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) throw new EvaluationError(`ipRangeContains(): invalid address ${ip}`);
    return { v6: false, n: o.reduce((acc, x) => (acc << 8n) + BigInt(x), 0n) };
  };
  const t = s.trim();
  if (t === '') throw new EvaluationError('ipRangeContains(): empty range');
  if (t.includes('-')) {
    const [a, b] = t.split('-');
    const x = toBig(a);
    const y = toBig(b);
    if (x.v6 !== y.v6) throw new EvaluationError('ipRangeContains(): mixed IP families');
    return { v6: x.v6, lo: x.n, hi: y.n };
  }
  const [ip, bits] = t.split('/');
  const x = toBig(ip);
  const width = x.v6 ? 128n : 32n;
  if (bits === undefined) return { v6: x.v6, lo: x.n, hi: x.n };
  const b = BigInt(Number(bits));
  const mask = ((1n << width) - 1n) ^ ((1n << (width - b)) - 1n);
  const lo = x.n & mask;
  return { v6: x.v6, lo, hi: lo | ((1n << (width - b)) - 1n) };
}

/** Evaluates an expression string (`[...]`) or returns a literal as-is (`[[` unescaped). */
export function evaluateExpression(src: unknown, ctx: ExpressionContext): ArmValue {
  if (typeof src === 'string' && src.startsWith('[[')) return src.slice(1);
  if (!isExpression(src)) return src as ArmValue;
  return evalNode(parse(src), ctx);
}

/** Evaluates every expression string inside a JSON value (a template resource, a parameter object). */
export function evaluateDeep(value: unknown, ctx: ExpressionContext): ArmValue {
  if (typeof value === 'string') return evaluateExpression(value, ctx);
  if (Array.isArray(value)) return value.map((v) => evaluateDeep(v, ctx));
  if (value !== null && typeof value === 'object' && !isUnknown(value)) {
    const out: Record<string, ArmValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = evaluateDeep(v, ctx);
    return out;
  }
  return value as ArmValue;
}

function evalNode(n: Node, ctx: ExpressionContext): ArmValue {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'prop': {
      const t = evalNode(n.target, ctx);
      if (isUnknown(t)) return UNKNOWN;
      if (!isObj(t)) throw new EvaluationError(`property ${n.name} of a non-object`);
      const v = getProp(t, n.name);
      if (v === undefined) throw new EvaluationError(`property ${n.name} does not exist`);
      return v;
    }
    case 'index': {
      const t = evalNode(n.target, ctx);
      const i = evalNode(n.index, ctx);
      if (isUnknown(t) || isUnknown(i)) return UNKNOWN;
      if (Array.isArray(t)) {
        const idx = toInt(i, 'index');
        if (idx < 0 || idx >= t.length) throw new EvaluationError(`index ${idx} out of range`);
        return t[idx];
      }
      if (isObj(t)) {
        const v = getProp(t, str(i));
        if (v === undefined) throw new EvaluationError(`property ${str(i)} does not exist`);
        return v;
      }
      throw new EvaluationError('index of a non-container');
    }
    case 'call':
      return call(n, ctx);
  }
}

function call(n: Node & { k: 'call' }, ctx: ExpressionContext): ArmValue {
  const name = n.name;
  // Functions whose arguments are not all evaluated eagerly.
  if (name === 'if') {
    if (n.args.length !== 3) throw new EvaluationError('if() takes 3 arguments');
    const c = evalNode(n.args[0], ctx);
    if (isUnknown(c)) return UNKNOWN;
    return evalNode(toBool(c, 'if') ? n.args[1] : n.args[2], ctx);
  }
  if (name === 'and' || name === 'or') {
    const vals = n.args.map((a) => evalNode(a, ctx));
    const decisive = name === 'and' ? false : true;
    let unknown = false;
    for (const v of vals) {
      if (isUnknown(v)) unknown = true;
      else if (toBool(v, name) === decisive) return decisive;
    }
    return unknown ? UNKNOWN : !decisive;
  }
  if (name === 'coalesce') {
    for (const a of n.args) {
      const v = evalNode(a, ctx);
      if (isUnknown(v)) return UNKNOWN;
      if (v !== null) return v;
    }
    return null;
  }
  const args = n.args.map((a) => evalNode(a, ctx));
  const need = (min: number, max = min) => {
    if (args.length < min || args.length > max) throw new EvaluationError(`${name}() takes ${min === max ? min : `${min}-${max}`} argument(s), got ${args.length}`);
  };
  // Functions that read the context take UNKNOWN arguments seriously only when they use them.
  switch (name) {
    case 'parameters':
      need(1);
      if (isUnknown(args[0])) return UNKNOWN;
      return ctx.parameter(str(args[0]));
    case 'variables':
      need(1);
      if (!ctx.variable) throw new CannotEvaluate('variables() outside a deployment template');
      return ctx.variable(str(args[0]));
    case 'field':
      need(1);
      if (!ctx.field) throw new CannotEvaluate('field() outside a policy rule');
      if (isUnknown(args[0])) return UNKNOWN;
      return ctx.field(str(args[0]));
    case 'current':
      need(0, 1);
      if (!ctx.current) throw new EvaluationError('current() is only available inside count.where');
      return ctx.current(args.length ? str(args[0]) : undefined);
    case 'requestcontext':
      need(0);
      if (!ctx.requestContext) throw new CannotEvaluate('requestContext() outside a policy rule');
      return ctx.requestContext();
    case 'policy':
      need(0);
      if (!ctx.policy) throw new CannotEvaluate('policy() outside a policy rule');
      return ctx.policy();
    case 'subscription':
      need(0);
      if (!ctx.subscription) throw new CannotEvaluate('subscription()');
      return ctx.subscription();
    case 'resourcegroup':
      need(0);
      if (!ctx.resourceGroup) throw new CannotEvaluate('resourceGroup()');
      return ctx.resourceGroup();
    case 'true':
      need(0);
      return true;
    case 'false':
      need(0);
      return false;
    case 'null':
      need(0);
      return null;
    case 'utcnow':
      need(0, 1);
      return ctx.now;
  }
  if (anyUnknown(args)) return UNKNOWN;
  switch (name) {
    case 'concat': {
      if (args.length > 0 && args.every((a) => Array.isArray(a))) return ([] as ArmValue[]).concat(...(args as ArmValue[][]));
      return args.map((a) => (Array.isArray(a) ? JSON.stringify(a) : str(a))).join('');
    }
    case 'empty':
      need(1);
      return args[0] === null || args[0] === '' || (Array.isArray(args[0]) && args[0].length === 0) || (isObj(args[0]) && Object.keys(args[0]).length === 0);
    case 'equals':
      need(2);
      return looseEquals(args[0], args[1]);
    case 'not':
      need(1);
      return !toBool(args[0], 'not');
    case 'first':
    case 'last': {
      need(1);
      const a = args[0];
      if (typeof a === 'string') return a.length ? (name === 'first' ? a[0] : a[a.length - 1]) : '';
      if (Array.isArray(a)) return a.length ? (name === 'first' ? a[0] : a[a.length - 1]) : null;
      if (a === null) return null;
      throw new EvaluationError(`${name}() of a non-array`);
    }
    case 'length': {
      need(1);
      const a = args[0];
      if (typeof a === 'string' || Array.isArray(a)) return a.length;
      if (isObj(a)) return Object.keys(a).length;
      if (a === null) return 0;
      throw new EvaluationError('length() of a scalar');
    }
    case 'tolower':
      need(1);
      return str(args[0]).toLowerCase();
    case 'toupper':
      need(1);
      return str(args[0]).toUpperCase();
    case 'trim':
      need(1);
      return str(args[0]).trim();
    case 'string':
      need(1);
      return str(args[0]);
    case 'int':
      need(1);
      return toInt(args[0], 'int');
    case 'bool':
      need(1);
      return typeof args[0] === 'number' ? args[0] !== 0 : toBool(args[0], 'bool');
    case 'json':
      need(1);
      try {
        return JSON.parse(str(args[0]));
      } catch {
        throw new EvaluationError('json(): invalid JSON');
      }
    case 'createarray':
    case 'array':
      return name === 'array' && args.length === 1 && Array.isArray(args[0]) ? args[0] : [...args];
    case 'createobject': {
      if (args.length % 2) throw new EvaluationError('createObject() takes key/value pairs');
      const o: Record<string, ArmValue> = {};
      for (let i = 0; i < args.length; i += 2) o[str(args[i])] = args[i + 1];
      return o;
    }
    case 'contains': {
      need(2);
      const [c, v] = args;
      if (typeof c === 'string') return c.toLowerCase().includes(str(v).toLowerCase());
      if (Array.isArray(c)) return c.some((x) => looseEquals(x, v));
      if (isObj(c)) return getProp(c, str(v)) !== undefined;
      return false;
    }
    case 'startswith':
      need(2);
      return str(args[0]).toLowerCase().startsWith(str(args[1]).toLowerCase());
    case 'endswith':
      need(2);
      return str(args[0]).toLowerCase().endsWith(str(args[1]).toLowerCase());
    case 'indexof':
      need(2);
      return str(args[0]).toLowerCase().indexOf(str(args[1]).toLowerCase());
    case 'lastindexof':
      need(2);
      return str(args[0]).toLowerCase().lastIndexOf(str(args[1]).toLowerCase());
    case 'split': {
      need(2);
      const seps = Array.isArray(args[1]) ? args[1].map(str) : [str(args[1])];
      let parts = [str(args[0])];
      for (const s of seps) parts = parts.flatMap((p) => p.split(s));
      return parts;
    }
    case 'join':
      need(2);
      if (!Array.isArray(args[0])) throw new EvaluationError('join() of a non-array');
      return args[0].map(str).join(str(args[1]));
    case 'replace':
      need(3);
      return str(args[0]).split(str(args[1])).join(str(args[2]));
    case 'substring': {
      need(2, 3);
      const s = str(args[0]);
      const start = toInt(args[1], 'substring');
      const len = args.length === 3 ? toInt(args[2], 'substring') : s.length - start;
      if (start < 0 || len < 0 || start + len > s.length) throw new EvaluationError(`substring(): index out of range for "${s}"`);
      return s.substr(start, len);
    }
    case 'take':
    case 'skip': {
      need(2);
      const k = toInt(args[1], name);
      const a = args[0];
      if (typeof a !== 'string' && !Array.isArray(a)) throw new EvaluationError(`${name}() of a non-array`);
      return (name === 'take' ? a.slice(0, Math.max(0, k)) : a.slice(Math.max(0, k))) as ArmValue;
    }
    case 'union': {
      if (args.every((a) => Array.isArray(a))) {
        const out: ArmValue[] = [];
        for (const a of args as ArmValue[][]) for (const x of a) if (!out.some((y) => looseEquals(x, y))) out.push(x);
        return out;
      }
      if (args.every(isObj)) return Object.assign({}, ...(args as object[]));
      throw new EvaluationError('union() of mixed types');
    }
    case 'intersection': {
      if (args.every((a) => Array.isArray(a))) {
        const [head, ...rest] = args as ArmValue[][];
        return head.filter((x) => rest.every((r) => r.some((y) => looseEquals(x, y))));
      }
      throw new EvaluationError('intersection() of non-arrays');
    }
    case 'less':
      need(2);
      return compare(args[0], args[1], name) < 0;
    case 'lessorequals':
      need(2);
      return compare(args[0], args[1], name) <= 0;
    case 'greater':
      need(2);
      return compare(args[0], args[1], name) > 0;
    case 'greaterorequals':
      need(2);
      return compare(args[0], args[1], name) >= 0;
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'mod': {
      need(2);
      const a = toInt(args[0], name);
      const b = toInt(args[1], name);
      if ((name === 'div' || name === 'mod') && b === 0) throw new EvaluationError(`${name}(): division by zero`);
      return name === 'add' ? a + b : name === 'sub' ? a - b : name === 'mul' ? a * b : name === 'div' ? Math.trunc(a / b) : a % b;
    }
    case 'min':
    case 'max': {
      const nums = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args).map((x) => toInt(x, name));
      return name === 'min' ? Math.min(...nums) : Math.max(...nums);
    }
    case 'padleft': {
      need(2, 3);
      return str(args[0]).padStart(toInt(args[1], 'padLeft'), args.length === 3 ? str(args[2]) : ' ');
    }
    case 'format': {
      const fmt = str(args[0]);
      return fmt.replace(/\{(\d+)\}/g, (_m, d) => str(args[Number(d) + 1] ?? ''));
    }
    case 'tryget': {
      if (args.length < 2) throw new EvaluationError('tryGet() takes 2+ arguments');
      let cur: ArmValue | undefined = args[0];
      for (const k of args.slice(1)) {
        if (Array.isArray(cur)) cur = cur[toInt(k, 'tryGet')];
        else cur = getProp(cur as ArmValue, str(k));
        if (cur === undefined) return null;
      }
      return cur ?? null;
    }
    case 'base64':
      need(1);
      return Buffer.from(str(args[0]), 'utf8').toString('base64');
    case 'base64tostring':
      need(1);
      return Buffer.from(str(args[0]), 'base64').toString('utf8');
    case 'adddays': {
      need(2);
      const d = new Date(str(args[0]));
      if (Number.isNaN(d.getTime())) throw new EvaluationError(`addDays(): invalid date ${str(args[0])}`);
      d.setUTCDate(d.getUTCDate() + toInt(args[1], 'addDays'));
      return d.toISOString();
    }
    case 'iprangecontains': {
      need(2);
      const r = parseIpRange(str(args[0]));
      const t = parseIpRange(str(args[1]));
      if (r.v6 !== t.v6) throw new EvaluationError('ipRangeContains(): mixed IP families');
      return t.lo >= r.lo && t.hi <= r.hi;
    }
  }
  throw new CannotEvaluate(`template function ${name}()`);
}
