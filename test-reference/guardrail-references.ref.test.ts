import { RULES } from '../guardrails/catalog';
import { readReference } from './reference';

describe('guardrail references', () => {
  const catalog = readReference('azure-policy-definitions.json');
  const byName = new Map<string, any>(catalog.definitions.map((d: any) => [d.name.toLowerCase(), d]));

  test('every Azure Policy reference is a real, non-deprecated built-in definition', () => {
    const refs = RULES.flatMap((r) => (r.references?.azurePolicy ?? []).map((p) => ({ rule: r.id, p })));
    expect(refs.length).toBeGreaterThan(20);
    const problems = refs.filter(({ p }) => {
      const d = byName.get(p.toLowerCase());
      return !d || d.deprecated || d.policyType !== 'BuiltIn';
    });
    expect(problems).toEqual([]);
  });

});
