/** Defender plan facts (azure/defender-plans.ts) against the built-in policies they are taken from. */
import { DEFENDER_DEPLOY_DEFINITIONS, DEFENDER_PLANS } from '../azure/defender-plans';
import { readReference } from './reference';

const rules: Array<{ name: string; policyRule: any }> = readReference('azure-policy-rules.json').definitions;
const meta: Array<{ name: string; effects: string[] }> = readReference('azure-policy-definitions.json').definitions;
const byName = new Map(rules.map((d) => [d.name, d]));
const effects = new Map(meta.map((d) => [d.name, d.effects.map((e) => e.toLowerCase())]));

describe('Defender plans', () => {
  const withSource = Object.values(DEFENDER_PLANS).filter((p) => 'extensionSource' in p);

  it.each(withSource.map((p) => [p.resourceType, p] as const))('%s lists exactly the extensions Microsoft\'s full-feature built-in deploys', (_t, plan) => {
    const def = byName.get((plan as any).extensionSource)!;
    const details = def.policyRule.then.details;
    expect(details.name).toBe(plan.resourceType);
    const resource = details.deployment.properties.template.resources.find((r: any) => /pricings/i.test(r.type));
    const variables = details.deployment.properties.template.variables ?? {};
    // An extension may come from a variable (cfdc5972: `malwareScanningExtension` picks the enabled or disabled form, both named alike).
    const nameOf = (e: any): string => {
      if (typeof e !== 'string') return e.name;
      const refs = [...e.matchAll(/variables\('([^']+)'\)/g)].map((m) => variables[m[1]]);
      const named = refs.map((v) => (typeof v === 'string' ? nameOf(v) : v?.name)).filter(Boolean);
      return named[0];
    };
    const names = resource.properties.extensions.map(nameOf).sort();
    expect(plan.extensions.map((e) => e.name).sort()).toEqual(names);
  });

  it('lists every built-in whose DeployIfNotExists deploys a pricing, with the plan it deploys', () => {
    const derived = rules
      .filter((d) => String(d.policyRule?.then?.details?.type ?? '').toLowerCase() === 'microsoft.security/pricings')
      .filter((d) => (effects.get(d.name) ?? []).includes('deployifnotexists'))
      .map((d) => ({ id: d.name, plan: d.policyRule.then.details.name }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect([...DEFENDER_DEPLOY_DEFINITIONS].sort((a, b) => a.id.localeCompare(b.id))).toEqual(derived);
  });
});
