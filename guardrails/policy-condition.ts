/**
 * A small evaluator of Azure Policy conditions, for the existence conditions ailz relies on
 * (azure/policy-existence.ts): logical operators, `field` with `[*]` and `count`, the comparison conditions,
 * `value`, and the template functions those conditions use (`parameters`, `equals`, `first`, `concat`).
 * Semantics from Microsoft Learn "Azure Policy definition structure - policy rule" (conditions, `count`,
 * `[*]` references; string comparisons are case-insensitive). Three-valued: a Terraform expression
 * (`${...}`) or an absent parameter makes the result `unknown`, never a silent pass. Anything outside this
 * subset throws `CannotEvaluate` (fail closed): the full simulator is `policy/` (issue "Policy simulation").
 */
export type Truth = true | false | 'unknown';

export class CannotEvaluate extends Error {}

/** An ARM resource as a policy sees it: `type`, `name`, `properties`, ... */
export type ArmObject = Record<string, unknown>;

export interface ConditionContext {
  /** The related resource (for an existence condition) or the evaluated resource. */
  readonly resource: ArmObject;
  /** Assignment parameter values, with the definition's defaults filled in. */
  readonly parameters: Readonly<Record<string, unknown>>;
}

/**
 * Alias -> ARM path for the related resource types of azure/policy-existence.ts. Both types expose
 * `<type>/<property>` as `properties.<property>` (Azure Policy alias catalog, `az provider show
 * --expand "resourceTypes/aliases"` for Microsoft.Insights and Microsoft.Security); the legacy alias without
 * `[*]` (`logs.enabled`) selects the same array members.
 */
const ALIAS_PREFIXES = ['microsoft.insights/diagnosticsettings/', 'microsoft.security/pricings/'];

/** The ARM path an alias designates, `[*]` kept; throws for an alias outside the table. */
export function aliasPath(field: string): string {
  const lower = field.toLowerCase();
  if (['type', 'name', 'location', 'id', 'kind'].includes(lower)) return lower;
  const prefix = ALIAS_PREFIXES.find((p) => lower.startsWith(p));
  if (!prefix) throw new CannotEvaluate(`alias ${field} is not in the evaluator's table`);
  const rest = field.slice(prefix.length);
  // Legacy alias of an array property without [*] (`logs.enabled`): the same members as `logs[*].enabled`.
  const legacy = /^(logs|metrics|extensions)\.(.+)$/i.exec(rest);
  return `properties.${legacy ? `${legacy[1]}[*].${legacy[2]}` : rest}`;
}

const isUnknown = (v: unknown) => typeof v === 'string' && v.includes('${');

/** Values at an ARM path; `[*]` fans out over array members. `undefined` members stand for absent values. */
function select(obj: unknown, path: string): unknown[] {
  let cur: unknown[] = [obj];
  for (const raw of path.split('.')) {
    const star = raw.endsWith('[*]');
    const key = star ? raw.slice(0, -3) : raw;
    const next: unknown[] = [];
    for (const c of cur) {
      const v = c !== null && typeof c === 'object' && !Array.isArray(c)
        ? Object.entries(c as Record<string, unknown>).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1] : undefined;
      if (star) {
        if (Array.isArray(v)) next.push(...v);
      } else {
        next.push(v);
      }
    }
    cur = next;
  }
  return cur;
}

// --- template expressions: parameters('x'), equals(a, b), first(a), concat(a, ...) ---

type Token = { kind: 'str' | 'num' | 'id' | 'punct'; text: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "'") {
      let s = '';
      i++;
      while (i < src.length) {
        if (src[i] === "'" && src[i + 1] === "'") { s += "'"; i += 2; continue; }
        if (src[i] === "'") break;
        s += src[i++];
      }
      if (src[i] !== "'") throw new CannotEvaluate(`unterminated string in [${src}]`);
      i++;
      out.push({ kind: 'str', text: s });
      continue;
    }
    const num = /^-?\d+/.exec(src.slice(i));
    if (num) { out.push({ kind: 'num', text: num[0] }); i += num[0].length; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) { out.push({ kind: 'id', text: id[0] }); i += id[0].length; continue; }
    if ('(),'.includes(c)) { out.push({ kind: 'punct', text: c }); i++; continue; }
    throw new CannotEvaluate(`unsupported character ${c} in [${src}]`);
  }
  return out;
}

const UNKNOWN = Symbol('unknown');

function evalExpression(src: string, ctx: ConditionContext): unknown {
  const tokens = tokenize(src);
  let pos = 0;
  const next = () => tokens[pos++];
  const expect = (text: string) => {
    const t = next();
    if (!t || t.text !== text) throw new CannotEvaluate(`expected ${text} in [${src}]`);
  };
  const parse = (): unknown => {
    const t = next();
    if (!t) throw new CannotEvaluate(`unexpected end of [${src}]`);
    if (t.kind === 'str') return t.text;
    if (t.kind === 'num') return Number(t.text);
    if (t.kind !== 'id') throw new CannotEvaluate(`unexpected ${t.text} in [${src}]`);
    expect('(');
    const args: unknown[] = [];
    if (tokens[pos]?.text !== ')') {
      args.push(parse());
      while (tokens[pos]?.text === ',') { pos++; args.push(parse()); }
    }
    expect(')');
    if (args.includes(UNKNOWN)) return UNKNOWN;
    switch (t.text.toLowerCase()) {
      case 'parameters': {
        const name = String(args[0]);
        const key = Object.keys(ctx.parameters).find((k) => k.toLowerCase() === name.toLowerCase());
        if (key === undefined) throw new CannotEvaluate(`parameter ${name} has no value`);
        const v = ctx.parameters[key];
        return isUnknown(v) ? UNKNOWN : v;
      }
      case 'equals': return looseEquals(args[0], args[1]);
      case 'first': return Array.isArray(args[0]) ? args[0][0] : typeof args[0] === 'string' ? args[0][0] : undefined;
      case 'concat': return args.every((a) => Array.isArray(a)) ? args.flat() : args.map(String).join('');
      default: throw new CannotEvaluate(`template function ${t.text} is not supported`);
    }
  };
  const value = parse();
  if (pos !== tokens.length) throw new CannotEvaluate(`trailing input in [${src}]`);
  return value;
}

/** A condition operand: `[expression]` is evaluated, `[[` escapes a literal bracket, anything else is literal. */
function operand(v: unknown, ctx: ConditionContext): unknown {
  if (typeof v !== 'string' || !v.startsWith('[') || v.startsWith('[[')) return typeof v === 'string' && v.startsWith('[[') ? v.slice(1) : v;
  if (!v.endsWith(']')) return v;
  return evalExpression(v.slice(1, -1), ctx);
}

/** Policy equality: strings case-insensitive; a boolean equals its string spelling ("True" == true). */
export function looseEquals(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === 'boolean' || typeof b === 'boolean') return String(a).toLowerCase() === String(b).toLowerCase();
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

const OPERATORS = ['equals', 'notEquals', 'in', 'notIn', 'exists', 'greater', 'greaterOrEquals', 'less', 'lessOrEquals'] as const;

function compare(op: string, actual: unknown, expected: unknown): Truth {
  if (isUnknown(actual) || actual === UNKNOWN || expected === UNKNOWN) return 'unknown';
  switch (op) {
    case 'equals': return actual !== undefined && looseEquals(actual, expected);
    case 'notEquals': return actual === undefined || !looseEquals(actual, expected);
    case 'in': return Array.isArray(expected) && actual !== undefined && expected.some((e) => looseEquals(actual, e));
    case 'notIn': return !Array.isArray(expected) || actual === undefined || !expected.some((e) => looseEquals(actual, e));
    case 'exists': return (actual !== undefined && actual !== null) === looseEquals(expected, true);
    case 'greater': return typeof actual === 'number' && typeof expected === 'number' && actual > expected;
    case 'greaterOrEquals': return typeof actual === 'number' && typeof expected === 'number' && actual >= expected;
    case 'less': return typeof actual === 'number' && typeof expected === 'number' && actual < expected;
    case 'lessOrEquals': return typeof actual === 'number' && typeof expected === 'number' && actual <= expected;
    default: throw new CannotEvaluate(`operator ${op} is not supported`);
  }
}

const and = (xs: Truth[]): Truth => (xs.includes(false) ? false : xs.includes('unknown') ? 'unknown' : true);
const or = (xs: Truth[]): Truth => (xs.includes(true) ? true : xs.includes('unknown') ? 'unknown' : false);
const not = (x: Truth): Truth => (x === 'unknown' ? x : !x);

/** `[*]` paths inside a `count.where` refer to the current member: `logs[*].enabled` -> `enabled` of that member. */
function evaluateIn(cond: any, ctx: ConditionContext, scope?: { prefix: string; member: unknown }): Truth {
  if (cond === null || typeof cond !== 'object') throw new CannotEvaluate(`not a condition: ${JSON.stringify(cond)}`);
  const keys = Object.keys(cond);
  const get = (k: string) => cond[keys.find((x) => x.toLowerCase() === k.toLowerCase())!];
  const has = (k: string) => keys.some((x) => x.toLowerCase() === k.toLowerCase());
  if (has('allOf')) return and((get('allOf') as unknown[]).map((c) => evaluateIn(c, ctx, scope)));
  if (has('anyOf')) return or((get('anyOf') as unknown[]).map((c) => evaluateIn(c, ctx, scope)));
  if (has('not')) return not(evaluateIn(get('not'), ctx, scope));
  const op = OPERATORS.find((o) => has(o));
  if (!op) throw new CannotEvaluate(`condition without a supported operator: ${JSON.stringify(cond)}`);
  const expected = operand(get(op), ctx);

  if (has('count')) {
    const count = get('count');
    const path = aliasPath(count.field);
    if (!path.endsWith('[*]')) throw new CannotEvaluate(`count.field ${count.field} is not an array alias`);
    const members = select(ctx.resource, path);
    let n = 0;
    let unsure = false;
    for (const m of members) {
      const t = count.where ? evaluateIn(count.where, ctx, { prefix: path, member: m }) : true;
      if (t === true) n++;
      else if (t === 'unknown') unsure = true;
    }
    if (unsure) return 'unknown';
    return compare(op, n, expected);
  }
  if (has('value')) return compare(op, operand(get('value'), ctx), expected);
  if (!has('field')) throw new CannotEvaluate(`condition without field, value or count: ${JSON.stringify(cond)}`);

  const path = aliasPath(get('field'));
  let values: unknown[];
  if (scope && path.toLowerCase().startsWith(scope.prefix.toLowerCase())) {
    const rest = path.slice(scope.prefix.length).replace(/^\./, '');
    values = rest ? select(scope.member, rest) : [scope.member];
  } else {
    values = select(ctx.resource, path);
  }
  if (!path.includes('[*]')) return compare(op, values[0], expected);
  // Outside `count`, a `[*]` field holds only when every member satisfies the condition; no member, no match.
  if (values.length === 0) return compare(op, undefined, expected);
  return and(values.map((v) => compare(op, v, expected)));
}

/** Evaluates a policy condition on a resource. */
export function evaluateCondition(condition: unknown, ctx: ConditionContext): Truth {
  return evaluateIn(condition, ctx);
}
