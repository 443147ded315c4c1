/**
 * Any valid config synthesizes: no construct rejects what the config schema accepts, and the result
 * carries no guardrail error. Valid configs are generated across the contract's ranges (longest
 * prefixes and names, every region pair, both environments, vended and existing subscriptions, both
 * account kinds, ML on and off, CMK and lock overrides).
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { parseConfigText } from '../../config/load';
import { AZURE_REGIONS } from '../../azure/regions';
import { evaluate } from '../../guardrails';
import { synthStacks } from './helpers';

const guidArb = fc.uuid();
const nameArb = fc.stringMatching(/^[a-z][a-z0-9-]{1,11}$/).filter((n) => !n.endsWith('-') && !n.includes('--'));

const workloadArb = fc.record({
  name: nameArb,
  environment: fc.constantFrom('production', 'experimentation'),
  vended: fc.boolean(),
  subscriptionId: guidArb,
  machineLearning: fc.boolean(),
  kind: fc.constantFrom('OpenAI', 'AIServices', undefined),
  sku: fc.constantFrom('Standard', 'DataZoneStandard', 'ProvisionedManaged'),
  capacity: fc.integer({ min: 1, max: 1000 }),
  cmk: fc.constantFrom(true, false, undefined),
  lock: fc.constantFrom(true, false, undefined),
  prefixLength: fc.integer({ min: 16, max: 24 }),
});

const configArb = fc.record({
  prefix: fc.stringMatching(/^[a-z][a-z0-9]{1,7}$/),
  tenantId: guidArb,
  platformSub: guidArb,
  regions: fc.uniqueArray(fc.constantFrom(...AZURE_REGIONS), { minLength: 1, maxLength: 3 }),
  workloads: fc.uniqueArray(workloadArb, { minLength: 1, maxLength: 3, selector: (w) => w.name }),
});

function toYaml(c: fc.Arbitrary<any> extends fc.Arbitrary<infer T> ? T : never): string {
  let next = 1;
  const doc = {
    organization: {
      prefix: c.prefix, tenantId: c.tenantId, primaryLocation: c.regions[0], allowedLocations: c.regions,
      securityContactEmail: 'secops@example.org',
    },
    platform: { subscriptionId: c.platformSub, hubAddressSpace: '10.0.0.0/22', logRetentionDays: 90 },
    workloads: c.workloads.map((w: any, i: number) => {
      // Non-overlapping spaces: each workload gets its own /16 block, sized by prefixLength.
      const space = `10.${next++}.0.0/${w.prefixLength}`;
      return {
        name: w.name,
        environment: w.environment,
        ...(w.vended ? { billingScopeId: '/providers/Microsoft.Billing/billingAccounts/1/billingProfiles/2/invoiceSections/3' } : { subscriptionId: w.subscriptionId }),
        location: c.regions[i % c.regions.length],
        addressSpace: space,
        openai: { ...(w.kind ? { kind: w.kind } : {}), deployments: [{ name: 'gpt', model: 'gpt-4o', version: '2024-11-20', sku: w.sku, capacity: w.capacity }] },
        machineLearning: w.machineLearning,
        access: { developersGroupObjectId: c.tenantId, adminsGroupObjectId: c.tenantId },
        budget: { monthlyAmount: 100, contactEmails: ['team@example.org'] },
        ...(w.cmk === undefined ? {} : { encryption: { customerManagedKeys: w.cmk } }),
        ...(w.lock === undefined ? {} : { deleteLock: w.lock }),
      };
    }),
  };
  return stringify(doc);
}

describe('every valid config', () => {
  it('synthesizes without a construct error and with no guardrail error', () => {
    fc.assert(fc.property(configArb, (c) => {
      // One workload per subscription, none in the platform subscription (the schema's rule).
      const subs = c.workloads.map((w) => w.subscriptionId.toLowerCase());
      fc.pre(new Set([...subs, c.platformSub.toLowerCase()]).size === subs.length + 1);
      const config = parseConfigText(toYaml(c), 'generated.yaml');
      const stacks = synthStacks(config);
      expect(Object.keys(stacks)).toHaveLength(2 + c.workloads.length);
      const errors = evaluate(Object.entries(stacks).map(([stack, json]) => ({ stack, json }))).findings.filter((f) => f.severity === 'error');
      expect(errors.map((f) => `${f.rule} ${f.stack}/${f.address} ${f.message}`)).toEqual([]);
    }), { numRuns: 25 });
  });
});
