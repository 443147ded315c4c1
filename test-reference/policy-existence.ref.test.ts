/** The existence conditions ailz evaluates (azure/policy-existence.ts), against the built-in definitions themselves. */
import { EXISTENCE_CONDITIONS } from '../azure/policy-existence';
import { aliasPath } from '../guardrails/policy-condition';
import { readReference } from './reference';

const rules: Array<{ name: string; version: string; displayName: string; policyRule: any; parameters: Record<string, any> }> = readReference('azure-policy-rules.json').definitions;
const byName = new Map(rules.map((d) => [d.name.toLowerCase(), d]));

/** `field: type` equals/in of the rule's `if`, wherever it sits in allOf. */
function appliesTo(cond: any): string | undefined {
  if (!cond || typeof cond !== 'object') return undefined;
  if (cond.field === 'type' && typeof cond.equals === 'string') return cond.equals;
  for (const c of cond.allOf ?? []) {
    const t = appliesTo(c);
    if (t) return t;
  }
  return undefined;
}

function fields(cond: any, out: string[] = []): string[] {
  if (Array.isArray(cond)) cond.forEach((c) => fields(c, out));
  else if (cond && typeof cond === 'object') {
    if (typeof cond.field === 'string') out.push(cond.field);
    Object.values(cond).forEach((v) => fields(v, out));
  }
  return out;
}

describe.each(EXISTENCE_CONDITIONS.map((f) => [f.id, f] as const))('%s', (_id, fact) => {
  const ref = byName.get(fact.id.toLowerCase())!;

  it('is the built-in definition at the version ailz read, with the same display name', () => {
    expect(ref).toBeDefined();
    expect(fact.version).toBe(ref.version);
    expect(fact.displayName).toBe(ref.displayName);
  });

  it('carries its related type, name, existence condition and applicability verbatim', () => {
    const details = ref.policyRule.then.details;
    expect(fact.relatedType).toBe(details.type);
    expect(fact.relatedName).toBe(details.name);
    expect(fact.existenceCondition).toEqual(details.existenceCondition);
    expect(fact.resourceType).toBe(appliesTo(ref.policyRule.if));
  });

  it('carries every parameter default (the effect aside)', () => {
    const defaults = Object.fromEntries(Object.entries(ref.parameters).filter(([k, v]) => k !== 'effect' && v.defaultValue !== undefined).map(([k, v]) => [k, v.defaultValue]));
    expect(fact.parameterDefaults).toEqual(defaults);
  });

  it('uses only aliases the evaluator resolves', () => {
    for (const f of fields(fact.existenceCondition)) expect(() => aliasPath(f)).not.toThrow();
  });
});
