import { DocumentIndex, ResourceNode, Rule, RuleMeta, Violation } from '../types';
import { judge, show, valuesAt } from '../document';

export interface ValueCheck {
  /** Dotted attribute path; nested blocks are descended (first block). */
  path: string;
  /** Predicate on the literal value. Fail closed: return true only for the secure literal(s). */
  secure: (v: any) => boolean;
  /** Human description of the secure value, for the message. */
  expected: string;
  /**
   * The azurerm 4.55 default applied when the attribute is absent. Omit when the attribute must be set
   * explicitly (no default, or a default we refuse to rely on).
   */
  defaultValue?: unknown;
  /**
   * The check is about presence (a name, an ID, a date): any expression is a value, so an unresolved
   * expression is compliant. Set automatically for `nonEmptyString`.
   */
  presence?: boolean;
}

/**
 * Judges one attribute of one resource: `undefined` when compliant, a violation otherwise; an expression
 * that cannot be resolved to a literal gives a warning (never a silent pass).
 */
export function checkValue(doc: DocumentIndex, node: ResourceNode, c: ValueCheck): Violation | undefined {
  const raw = valuesAt(node.attrs, c.path)[0];
  const j = judge(doc, raw);
  if (j.state === 'unresolved') {
    if (c.presence || c.secure === nonEmptyString) return undefined;
    return {
      address: node.address, severity: 'warning', message: `${c.path} cannot be verified: value is ${show(j.text)}; expected ${c.expected}`,
      evidence: { attribute: c.path, value: j.text, expected: c.expected },
    };
  }
  if (j.state === 'missing') {
    if ('defaultValue' in c) {
      if (c.secure(c.defaultValue)) return undefined;
      return {
        address: node.address, message: `${c.path} is not set (azurerm default ${show(c.defaultValue)}); expected ${c.expected}`,
        evidence: { attribute: c.path, expected: c.expected, providerDefault: c.defaultValue },
      };
    }
    return { address: node.address, message: `${c.path} is not set; expected ${c.expected}`, evidence: { attribute: c.path, expected: c.expected } };
  }
  if (c.secure(j.value)) return undefined;
  return { address: node.address, message: `${c.path} is ${show(j.value)}; expected ${c.expected}`, evidence: { attribute: c.path, value: j.value, expected: c.expected } };
}

export interface AttributeRuleSpec extends RuleMeta, ValueCheck {
  resourceTypes: readonly string[];
}

/** A rule judging one attribute on every resource of the given types. */
export function attributeRule(spec: AttributeRuleSpec): Rule {
  const { resourceTypes, path, secure, expected, presence, ...meta } = spec;
  const check: ValueCheck = { path, secure, expected, presence };
  if ('defaultValue' in spec) check.defaultValue = spec.defaultValue;
  return {
    ...stripCheck(meta),
    check(doc) {
      const out: Violation[] = [];
      for (const t of resourceTypes) {
        for (const node of doc.ofType(t)) {
          const v = checkValue(doc, node, check);
          if (v) out.push(v);
        }
      }
      return out;
    },
  };
}

function stripCheck<T extends object>(meta: T): T {
  const copy: any = { ...meta };
  delete copy.defaultValue;
  return copy;
}

/** A rule with a custom per-resource check. */
export function resourceRule(
  meta: RuleMeta & { resourceTypes: readonly string[] },
  fn: (doc: DocumentIndex, node: ResourceNode) => Violation | Violation[] | undefined,
): Rule {
  const { resourceTypes, ...rest } = meta;
  return {
    ...rest,
    check(doc) {
      const out: Violation[] = [];
      for (const t of resourceTypes) {
        for (const node of doc.ofType(t)) {
          const r = fn(doc, node);
          if (Array.isArray(r)) out.push(...r);
          else if (r) out.push(r);
        }
      }
      return out;
    },
  };
}

export const isFalse = (v: any) => v === false;
export const isTrue = (v: any) => v === true;
export const equalsCi = (expected: string) => (v: any) => typeof v === 'string' && v.toLowerCase() === expected.toLowerCase();
/** A non-empty literal string. */
export const nonEmptyString = (v: any) => typeof v === 'string' && v.trim().length > 0;

/** A subscription GUID. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `/subscriptions/<guid>` (what azurerm 4.x takes for subscription_id on associations and budgets) or a bare GUID. */
const SUBSCRIPTION_ID = /^(?:\/subscriptions\/)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i;

/** The lower-case subscription GUID a literal subscription ID (`/subscriptions/<guid>` or `<guid>`) names. */
export function subscriptionGuid(doc: DocumentIndex, value: unknown): string | undefined {
  const j = judge(doc, value);
  if (j.state !== 'literal' || typeof j.value !== 'string') return undefined;
  const m = SUBSCRIPTION_ID.exec(j.value.trim());
  return m ? m[1].toLowerCase() : undefined;
}

/**
 * The subscription a stack deploys into: the default (un-aliased) azurerm provider's literal
 * subscription_id, lower-case. Undefined when it is an expression (a vended subscription passed in as
 * `${var.subscription_id}`) or absent (taken from the environment).
 */
export function stackSubscription(doc: DocumentIndex): string | undefined {
  const p = doc.providers('azurerm').filter((b) => b.alias === undefined || b.alias === null);
  if (p.length !== 1) return undefined;
  const v = p[0].subscription_id;
  return typeof v === 'string' && GUID.test(v.trim()) ? v.trim().toLowerCase() : undefined;
}

const environments = new WeakMap<DocumentIndex, readonly string[]>();

/** Distinct literal `tags.environment` values across the stack's resources, sorted (computed once per document). */
export function stackEnvironments(doc: DocumentIndex): readonly string[] {
  let envs = environments.get(doc);
  if (!envs) {
    const seen = new Set<string>();
    for (const node of doc.resources()) {
      const tags = node.attrs.tags;
      if (!tags || typeof tags !== 'object') continue;
      const j = judge(doc, tags.environment);
      if (j.state === 'literal' && typeof j.value === 'string') seen.add(j.value);
    }
    envs = [...seen].sort();
    environments.set(doc, envs);
  }
  return envs;
}

/** The top-level construct id under the stack in cdktf's `//.metadata.path` (`governance/Workload-chat/Budget` -> `Workload-chat`). */
export function constructRoot(node: ResourceNode): string | undefined {
  const p = node.attrs['//']?.metadata?.path;
  if (typeof p !== 'string') return undefined;
  return p.split('/')[1];
}
