/**
 * Any valid config synthesizes: no construct rejects what the config schema accepts, and the result
 * carries no guardrail error. Valid configs are generated across the contract's ranges (longest
 * prefixes and names, every region pair, both environments, vended and existing subscriptions, both
 * account kinds, ML on and off, CMK and lock overrides, any catalogued model version).
 *
 * Model lifecycle is the one guardrail a schema-valid config can fail (a model retired, or not offered in
 * that region and SKU): there the guardrail AILZ-OAI-013 and the config check (`ailz validate`) must say
 * exactly the same thing, deployment for deployment.
 */
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { parseConfigText } from '../../config/load';
import { modelLifecycleProblems } from '../../config/model-lifecycle';
import { MODEL_LIFECYCLE } from '../../azure/models';
import { AZURE_REGIONS } from '../../azure/regions';
import { evaluate } from '../../guardrails';
import { synthStacks } from './helpers';
import { TEST_AS_OF } from '../as-of';

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
  model: fc.constantFrom(...MODEL_LIFECYCLE),
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
        openai: { ...(w.kind ? { kind: w.kind } : {}), deployments: [{ name: 'gpt', model: w.model.model, version: w.model.version, sku: w.sku, capacity: w.capacity }] },
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
  it('synthesizes without a construct error and with no guardrail error but model lifecycle, where guardrail and config check agree', () => {
    fc.assert(fc.property(configArb, (c) => {
      // One workload per subscription, none in the platform subscription (the schema's rule).
      const subs = c.workloads.map((w) => w.subscriptionId.toLowerCase());
      fc.pre(new Set([...subs, c.platformSub.toLowerCase()]).size === subs.length + 1);
      const yaml = toYaml(c);
      const config = parseConfigText(yaml, 'generated.yaml');
      const stacks = synthStacks(config);
      expect(Object.keys(stacks)).toHaveLength(2 + c.workloads.length);
      const errors = evaluate(Object.entries(stacks).map(([stack, json]) => ({ stack, json })), { asOf: TEST_AS_OF }).findings.filter((f) => f.severity === 'error');
      expect(errors.filter((f) => f.rule !== 'AILZ-OAI-013').map((f) => `${f.rule} ${f.stack}/${f.address} ${f.message}`)).toEqual([]);
      const byConfig = modelLifecycleProblems(parse(yaml), TEST_AS_OF).errors
        .map((p) => `workload-${c.workloads[Number(/^workloads\[(\d+)\]/.exec(p.path)![1])].name} ${p.message}`);
      expect(errors.filter((f) => f.rule === 'AILZ-OAI-013').map((f) => `${f.stack} ${f.message}`).sort()).toEqual(byConfig.sort());
    }), { numRuns: 25 });
  });
});
