/**
 * Property tests: `not` / `allOf` / `anyOf` compose as documented ("The not syntax inverts the result of the
 * condition. The allOf syntax (similar to the logical and operation) requires all conditions to be true. The anyOf
 * syntax (similar to the logical or operation) requires one or more conditions to be true."
 * https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-policy-rule#logical-operators),
 * extended to values known only after apply with Kleene's three-valued logic.
 */
import fc from 'fast-check';
import { UNKNOWN } from '../../arm/resource';
import { Tri } from '../../policy/types';
import { arm, evalOn } from './helpers';

const T = 'Microsoft.Test/things';
const r = arm({ type: T, properties: { known: 'yes', later: UNKNOWN } });

/** Leaves with a fixed truth value on `r`. */
const LEAF: Record<string, unknown> = {
  true: { field: `${T}/known`, equals: 'YES' },
  false: { field: `${T}/known`, equals: 'no' },
  unknown: { field: `${T}/later`, equals: 'x' },
};

type Tree = { leaf: Tri } | { not: Tree } | { allOf: Tree[] } | { anyOf: Tree[] };

const tree: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Tri>(true, false, 'unknown').map((leaf) => ({ leaf })),
    tie('t').map((t) => ({ not: t })),
    fc.array(tie('t'), { minLength: 1, maxLength: 4 }).map((xs) => ({ allOf: xs })),
    fc.array(tie('t'), { minLength: 1, maxLength: 4 }).map((xs) => ({ anyOf: xs })),
  ),
})).t;

function toRule(t: Tree): unknown {
  if ('leaf' in t) return LEAF[String(t.leaf)];
  if ('not' in t) return { not: toRule(t.not) };
  if ('allOf' in t) return { allOf: t.allOf.map(toRule) };
  return { anyOf: t.anyOf.map(toRule) };
}

/** Kleene's strong three-valued logic: the reference the evaluator must agree with. */
function kleene(t: Tree): Tri {
  if ('leaf' in t) return t.leaf;
  if ('not' in t) {
    const v = kleene(t.not);
    return v === 'unknown' ? 'unknown' : !v;
  }
  const vs = ('allOf' in t ? t.allOf : t.anyOf).map(kleene);
  const decisive = 'allOf' in t ? false : true;
  if (vs.includes(decisive)) return decisive;
  return vs.includes('unknown') ? 'unknown' : !decisive;
}

describe('logical operators (property tests)', () => {
  test('every tree evaluates as Kleene logic says', () => {
    fc.assert(fc.property(tree, (t) => evalOn(toRule(t), r) === kleene(t)), { numRuns: 500 });
  });

  test('without unknowns the result is two-valued boolean logic', () => {
    const known = tree.filter((t) => !JSON.stringify(t).includes('unknown'));
    fc.assert(fc.property(known, (t) => typeof evalOn(toRule(t), r) === 'boolean'), { numRuns: 300 });
  });

  test('not(not x) = x; De Morgan: not(allOf xs) = anyOf(not xs), not(anyOf xs) = allOf(not xs)', () => {
    fc.assert(fc.property(tree, fc.array(tree, { minLength: 1, maxLength: 4 }), (x, xs) => {
      const rx = toRule(x);
      const rxs = xs.map(toRule);
      return evalOn({ not: { not: rx } }, r) === evalOn(rx, r)
        && evalOn({ not: { allOf: rxs } }, r) === evalOn({ anyOf: rxs.map((c) => ({ not: c })) }, r)
        && evalOn({ not: { anyOf: rxs } }, r) === evalOn({ allOf: rxs.map((c) => ({ not: c })) }, r);
    }), { numRuns: 300 });
  });

  test('a false member makes allOf false and a true member makes anyOf true, whatever else is unknown', () => {
    fc.assert(fc.property(fc.array(tree, { maxLength: 4 }), fc.nat(4), (xs, at) => {
      const rs = xs.map(toRule);
      const i = Math.min(at, rs.length);
      const withFalse = [...rs.slice(0, i), LEAF.false, ...rs.slice(i)];
      const withTrue = [...rs.slice(0, i), LEAF.true, ...rs.slice(i)];
      return evalOn({ allOf: withFalse }, r) === false && evalOn({ anyOf: withTrue }, r) === true;
    }), { numRuns: 300 });
  });

  test('operand order does not matter', () => {
    fc.assert(fc.property(fc.array(tree, { minLength: 1, maxLength: 5 }), (xs) => {
      const rs = xs.map(toRule);
      const rev = [...rs].reverse();
      return evalOn({ allOf: rs }, r) === evalOn({ allOf: rev }, r) && evalOn({ anyOf: rs }, r) === evalOn({ anyOf: rev }, r);
    }), { numRuns: 300 });
  });
});
