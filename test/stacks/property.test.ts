/**
 * `validate` and `synth` agree: every generated config that validation accepts (with the options the
 * CLI uses) synthesizes without a construct error, carries no guardrail error, and breaks none of
 * Azure's apply-time rules (test/stacks/apply-time-rules.ts judges the synthesized JSON). Configs that
 * validation rejects are rejected as config problems, never another error.
 *
 * Generated across the contract's ranges and just past them: longest and shortest prefixes and
 * names, every region, both environments, vended and existing subscriptions, both account kinds, ML
 * on and off, CMK and lock overrides, provisioned sizes around each minimum and step, tags around the
 * count, name and value limits, budgets around the minimum, exemptions at valid and unrelated scopes,
 * address spaces in and next to reserved ranges, justifications padded with invisible characters,
 * any catalogued model version.
 *
 * Model lifecycle is the one guardrail a config valid apart from the date can fail (a model retired,
 * or not offered in that region and SKU): there the guardrail AILZ-OAI-013 and the config check
 * (`ailz validate --as-of`) must say exactly the same thing, deployment for deployment.
 */
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { MODEL_LIFECYCLE } from '../../azure/models';
import { POLICY_CATALOG } from '../../azure/policy-catalog';
import { AZURE_REGIONS } from '../../azure/regions';
import { cliValidationOptions } from '../../cli/load-config';
import { ConfigError, parseConfigText } from '../../config/load';
import { modelLifecycleProblems } from '../../config/model-lifecycle';
import { evaluate } from '../../guardrails';
import { azureRuleViolations } from './apply-time-rules';
import { synthStacks } from './helpers';
import { TEST_AS_OF } from '../as-of';

const guidArb = fc.uuid();
const prefixArb = fc.oneof(fc.constantFrom('ab', 'abcdefgh', 'a1234567'), fc.stringMatching(/^[a-z][a-z0-9]{1,7}$/));
const nameArb = fc.oneof(fc.constantFrom('ab', 'abcdefghijkl', 'a-b-c-d-e-f1'), fc.stringMatching(/^[a-z][a-z0-9-]{1,11}$/))
  .filter((n) => !n.endsWith('-') && !n.includes('--'));

/** Deployments: token-based with any capacity, or provisioned around the documented minimums and steps. */
const deploymentArb = fc.oneof(
  fc.record({
    sku: fc.constantFrom('Standard', 'DataZoneStandard'),
    // any catalogued model version (azure/models.ts): model lifecycle is judged separately, below
    m: fc.constantFrom(...MODEL_LIFECYCLE),
    capacity: fc.integer({ min: 1, max: 1000 }),
  }).map(({ m, ...d }) => ({ ...d, model: m.model, version: m.version })),
  fc.record({
    sku: fc.constantFrom('ProvisionedManaged', 'DataZoneProvisionedManaged'),
    model: fc.constantFrom('gpt-4o', 'gpt-4o-mini'),
    version: fc.constantFrom('2024-08-06', '2024-07-18', '2024-11-20'),
    capacity: fc.oneof({ weight: 1, arbitrary: fc.integer({ min: 1, max: 120 }) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 20 }).map((k) => k * 50) }),
  }),
);

const workloadArb = fc.record({
  name: nameArb,
  environment: fc.constantFrom('production', 'experimentation'),
  vended: fc.boolean(),
  subscriptionId: guidArb,
  machineLearning: fc.boolean(),
  kind: fc.constantFrom('OpenAI', 'AIServices', undefined),
  deployment: deploymentArb,
  cmk: fc.constantFrom(true, false, undefined),
  lock: fc.constantFrom(true, false, undefined),
  prefixLength: fc.integer({ min: 16, max: 24 }),
  /** Most spaces are ordinary; some sit in or next to a range Azure reserves. */
  reservedSpace: fc.oneof(
    { weight: 15, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constantFrom('224.1.0.0/24', '169.254.0.0/24', '168.63.128.0/22', '168.63.130.0/24', '100.64.0.0/22', '127.0.0.0/24') },
  ),
  budget: fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(0, 0.5, 0.99, 1, 1.01) },
    { weight: 8, arbitrary: fc.double({ min: 1, max: 1e6, noNaN: true }) },
  ),
  gateway: fc.constantFrom<'shared' | 'isolated' | 'none'>('shared', 'isolated', 'none'),
});

/** Tag names from an alphabet that includes what Azure or private DNS refuse. */
const tagNameArb = fc.oneof(
  { weight: 30, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9_.-]{0,20}$/) },
  { weight: 1, arbitrary: fc.constantFrom('Cost Center', 'ms:owner', '1owner', 'a/b', 'Environment', 'WORKLOAD', 'owner', 'Owner', `a${'b'.repeat(128)}`, `a${'b'.repeat(127)}`) },
);
const tagValueArb = fc.oneof({ weight: 10, arbitrary: fc.string({ maxLength: 40 }) }, { weight: 1, arbitrary: fc.constantFrom('é'.repeat(128), 'é'.repeat(129), 'x'.repeat(256)) });
const tagsArb = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(tagNameArb, tagValueArb, { minKeys: 0, maxKeys: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(tagNameArb, tagValueArb, { minKeys: 10, maxKeys: 14 }) },
);

const exemptionArb = fc.record({
  assignment: fc.constantFrom(...POLICY_CATALOG.map((e) => e.key)),
  /** Index into the candidate scopes built from the config (valid and unrelated ones). */
  scope: fc.nat(),
  justification: fc.constantFrom('accepted until the Q3 migration', 'mitigated by the hub firewall inspection', `short${'\u200b'.repeat(30)}`, ' a b c d e f g h i j k l m n o p q r s t '),
});

const configArb = fc.record({
  prefix: prefixArb,
  tenantId: guidArb,
  platformSub: guidArb,
  regions: fc.uniqueArray(fc.constantFrom(...AZURE_REGIONS), { minLength: 1, maxLength: 3 }),
  workloads: fc.uniqueArray(workloadArb, { minLength: 1, maxLength: 3, selector: (w) => w.name }),
  tags: tagsArb,
  exemptions: fc.array(exemptionArb, { maxLength: 2 }),
  privateDnsExisting: fc.boolean(),
});

type Generated = typeof configArb extends fc.Arbitrary<infer T> ? T : never;

function toYaml(c: Generated): string {
  let next = 1;
  const workloads = c.workloads.map((w, i) => ({
    name: w.name,
    environment: w.environment,
    ...(w.vended ? { billingScopeId: '/providers/Microsoft.Billing/billingAccounts/1/billingProfiles/2/invoiceSections/3' } : { subscriptionId: w.subscriptionId }),
    location: c.regions[i % c.regions.length],
    // Non-overlapping spaces: each workload gets its own /16 block, sized by prefixLength.
    addressSpace: w.reservedSpace ?? `10.${next++}.0.0/${w.prefixLength}`,
    openai: { ...(w.kind ? { kind: w.kind } : {}), deployments: [{ name: 'gpt', ...w.deployment }] },
    machineLearning: w.machineLearning,
    access: { developersGroupObjectId: c.tenantId, adminsGroupObjectId: c.tenantId, ...(w.environment === 'production' ? { approversGroupObjectId: '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f' } : {}) },
    budget: { monthlyAmount: w.budget, contactEmails: ['team@example.org'] },
    ...(w.cmk === undefined ? {} : { encryption: { customerManagedKeys: w.cmk } }),
    ...(w.lock === undefined ? {} : { deleteLock: w.lock }),
    // A production workload outside the platform region cannot use the shared gateway (its prompts would
    // leave its region): the config refuses that, so the generator isolates it.
    ...(w.gateway === 'none' ? { gateway: false }
      : w.gateway === 'isolated' || (w.environment === 'production' && c.regions[i % c.regions.length] !== c.regions[0]) ? { gateway: { isolated: true } } : {}),
  }));
  // Candidate exemption scopes: the AI groups, an unrelated group, workload and platform subscriptions, a stranger's.
  const scopes = [
    `${c.prefix}-ai`, `${c.prefix}-ai-production`, `/providers/Microsoft.Management/managementGroups/${c.prefix}-ai-experimentation`,
    `${c.prefix}-platform`, c.platformSub, '00000000-0000-4000-8000-000000000001',
    ...c.workloads.filter((w) => !w.vended).map((w) => `/subscriptions/${w.subscriptionId}`),
  ];
  const doc = {
    organization: {
      prefix: c.prefix, tenantId: c.tenantId, primaryLocation: c.regions[0], allowedLocations: c.regions,
      securityContactEmail: 'secops@example.org', ...(Object.keys(c.tags).length > 0 ? { tags: c.tags } : {}),
    },
    platform: {
      subscriptionId: c.platformSub, hubAddressSpace: '10.0.0.0/22', logRetentionDays: 90,
      gateway: { audienceAppId: c.tenantId, promptLog: { readerGroupObjectId: c.tenantId } },
      ...(c.privateDnsExisting ? { privateDns: { mode: 'existing', resourceGroupId: `/subscriptions/${c.platformSub}/resourceGroups/rg-dns` } } : {}),
    },
    workloads,
    ...(c.exemptions.length > 0 ? {
      policyExemptions: c.exemptions.map((e) => ({ assignment: e.assignment, scope: scopes[e.scope % scopes.length], category: 'Waiver', justification: e.justification, expires: '2099-01-01' })),
    } : {}),
  };
  return stringify(doc);
}

describe('validate and synth agree on every generated config', () => {
  it('what validation accepts synthesizes, passes the guardrails and breaks no Azure rule', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(fc.property(configArb, (c) => {
      let config;
      const yaml = toYaml(c);
      try {
        // The CLI's options without --as-of: the date-dependent model check is compared with its guardrail below.
        config = parseConfigText(yaml, 'generated.yaml', cliValidationOptions());
      } catch (e) {
        // A rejection is a config problem with its path, never a crash.
        expect(e).toBeInstanceOf(ConfigError);
        if (process.env.AILZ_PROPERTY_DEBUG) console.log((e as ConfigError).problems.join('\n'));
        rejected++;
        return;
      }
      accepted++;
      const stacks = synthStacks(config);
      expect(Object.keys(stacks)).toHaveLength(2 + c.workloads.length);
      expect(azureRuleViolations(stacks)).toEqual([]);
      const errors = evaluate(Object.entries(stacks).map(([stack, json]) => ({ stack, json })), { asOf: TEST_AS_OF }).findings.filter((f) => f.severity === 'error');
      expect(errors.filter((f) => f.rule !== 'AILZ-OAI-013').map((f) => `${f.rule} ${f.stack}/${f.address} ${f.message}`)).toEqual([]);
      const byConfig = modelLifecycleProblems(parse(yaml), TEST_AS_OF).errors
        .map((p) => `workload-${c.workloads[Number(/^workloads\[(\d+)\]/.exec(p.path)![1])].name} ${p.message}`);
      expect(errors.filter((f) => f.rule === 'AILZ-OAI-013').map((f) => `${f.stack} ${f.message}`).sort()).toEqual(byConfig.sort());
      // The user's tags arrive unchanged on every tagged resource (never silently overwritten).
      for (const json of Object.values<any>(stacks)) {
        for (const byName of Object.values<any>(json.resource ?? {})) {
          for (const body of Object.values<any>(byName)) {
            if (body.tags && typeof body.tags === 'object' && !Array.isArray(body.tags)) expect(body.tags).toEqual(expect.objectContaining(config.organization.tags));
          }
        }
      }
    }), { numRuns: Number(process.env.AILZ_PROPERTY_RUNS ?? 40) });
    if (process.env.AILZ_PROPERTY_DEBUG) console.log(`accepted ${accepted}, rejected ${rejected}`);
    // Both sides of the boundary were exercised (about a quarter of the configs are accepted).
    expect(accepted).toBeGreaterThanOrEqual(2);
    expect(rejected).toBeGreaterThanOrEqual(2);
  });
});
