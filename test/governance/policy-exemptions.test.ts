import { PolicyExemptions, PolicyExemptionSpec, expiresOn, parseExemptionScope, validatePolicyExemptions } from '../../constructs/governance/policy-exemptions';
import { AiPolicyAssignments } from '../../constructs/governance/policy-assignments';
import { POLICY_ASSIGNMENT_NAMES } from '../../azure/policy-catalog';
import { ofType, synthResources } from './helpers';

const SUB = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const GOOD: PolicyExemptionSpec = {
  assignment: 'st-no-shared-key', scope: SUB, category: 'Mitigated',
  justification: 'Legacy batch tool needs SAS until ticket CHG-1234 ships Entra auth', expires: '2027-03-31',
};

describe('validatePolicyExemptions', () => {
  const today = '2026-11-23';

  it('accepts a justified, future, known exemption at a subscription or management group', () => {
    expect(validatePolicyExemptions([
      GOOD,
      { ...GOOD, scope: 'contoso-ai-experimentation', category: 'Waiver' },
      { ...GOOD, assignment: 'allowed-locations', scope: `/subscriptions/${SUB}`, expires: '2026-11-24T12:00:00Z' },
      // Like suppressions: an entry expiring today is still valid (through the end of the day).
      { ...GOOD, assignment: 'kv-rbac', expires: today },
    ], POLICY_ASSIGNMENT_NAMES, today)).toEqual([]);
  });

  it('reports every problem with its path', () => {
    const problems = validatePolicyExemptions([
      { ...GOOD, justification: 'because' },
      { ...GOOD, scope: 'mg-1', expires: '2020-01-01' },
      { ...GOOD, scope: 'mg-2', assignment: 'x' },
      { ...GOOD, scope: 'not a scope!', category: 'Forever' as any },
      { ...GOOD, scope: 'mg-4', expires: '2026-02-30' },
      { ...GOOD, scope: 'mg-5', expires: '2026-11-22T23:59:59Z' },
    ], POLICY_ASSIGNMENT_NAMES, today);
    expect(problems).toEqual([
      'policyExemptions[0].justification: must be at least 20 characters',
      'policyExemptions[1].expires: 2020-01-01 is in the past',
      expect.stringMatching(/^policyExemptions\[2\]\.assignment: unknown assignment "x" \(known: .*st-no-shared-key.*\)$/),
      expect.stringMatching(/^policyExemptions\[3\]\.scope: "not a scope!" is neither a subscription ID/),
      'policyExemptions[3].category: must be Waiver or Mitigated, got "Forever"',
      'policyExemptions[4].expires: "2026-02-30" is not a date (YYYY-MM-DD or RFC 3339)',
      'policyExemptions[5].expires: 2026-11-22T23:59:59Z is in the past',
    ]);
  });

  it('reports duplicates of the same assignment and scope, however the scope is spelled', () => {
    expect(validatePolicyExemptions([GOOD, { ...GOOD, scope: `/subscriptions/${SUB.toUpperCase()}` }], POLICY_ASSIGNMENT_NAMES, today))
      .toEqual(['policyExemptions[1]: duplicates policyExemptions[0] (same assignment and scope)']);
  });

  it('counts the justification without surrounding whitespace', () => {
    expect(validatePolicyExemptions([{ ...GOOD, justification: `   ${'x'.repeat(19)}   ` }], POLICY_ASSIGNMENT_NAMES, today)).toHaveLength(1);
    expect(validatePolicyExemptions([{ ...GOOD, justification: 'x'.repeat(20) }], POLICY_ASSIGNMENT_NAMES, today)).toEqual([]);
  });
});

describe('scope and expiry parsing', () => {
  it('tells subscriptions from management groups', () => {
    expect(parseExemptionScope(SUB)).toEqual({ kind: 'subscription', id: `/subscriptions/${SUB}` });
    expect(parseExemptionScope('contoso-ai')).toEqual({ kind: 'managementGroup', id: '/providers/Microsoft.Management/managementGroups/contoso-ai' });
    expect(parseExemptionScope('/subscriptions/nope')).toBeUndefined();
  });
  it('turns a date into RFC 3339 at the end of that day (UTC) and keeps timestamps', () => {
    expect(expiresOn('2027-03-31')).toBe('2027-03-31T23:59:59Z');
    expect(expiresOn('2027-03-31T10:00:00+02:00')).toBe('2027-03-31T10:00:00+02:00');
    expect(expiresOn('31.03.2027')).toBeUndefined();
  });
});

describe('PolicyExemptions', () => {
  const resources = synthResources((s) => {
    const policy = new AiPolicyAssignments(s, 'Policy', {
      aiManagementGroupId: '/providers/Microsoft.Management/managementGroups/contoso-ai',
      productionManagementGroupId: '/providers/Microsoft.Management/managementGroups/contoso-ai-production',
      experimentationManagementGroupId: '/providers/Microsoft.Management/managementGroups/contoso-ai-experimentation',
      location: 'swedencentral', allowedLocations: ['swedencentral'], logAnalyticsWorkspaceId: 'ws',
    });
    new PolicyExemptions(s, 'Exemptions', {
      assignmentIds: policy.assignmentIds,
      exemptions: [GOOD, { ...GOOD, assignment: 'deny-hybrid-network', scope: 'contoso-ai-experimentation', category: 'Waiver', expires: '2027-01-15T00:00:00Z' }],
    });
  });
  const assignmentKey = (name: string) => Object.entries(resources.azurerm_management_group_policy_assignment).find(([, a]) => a.name === name)![0];

  it('creates a subscription exemption for a subscription scope', () => {
    const [ex] = ofType(resources, 'azurerm_subscription_policy_exemption');
    expect(ex).toMatchObject({
      subscription_id: `/subscriptions/${SUB}`,
      policy_assignment_id: `\${azurerm_management_group_policy_assignment.${assignmentKey('st-no-shared-key')}.id}`,
      exemption_category: 'Mitigated',
      description: GOOD.justification,
      expires_on: '2027-03-31T23:59:59Z',
      name: 'exempt-st-no-shared-key',
    });
  });

  it('creates a management group exemption for a management group scope', () => {
    const [ex] = ofType(resources, 'azurerm_management_group_policy_exemption');
    expect(ex).toMatchObject({
      management_group_id: '/providers/Microsoft.Management/managementGroups/contoso-ai-experimentation',
      policy_assignment_id: `\${azurerm_management_group_policy_assignment.${assignmentKey('deny-hybrid-network')}.id}`,
      exemption_category: 'Waiver',
      expires_on: '2027-01-15T00:00:00Z',
    });
  });

  it('refuses an exemption from an assignment it does not know', () => {
    expect(() => synthResources((s) => new PolicyExemptions(s, 'E', { assignmentIds: { a: 'id' }, exemptions: [GOOD] })))
      .toThrow(/policyExemptions\[0\]\.assignment: unknown assignment "st-no-shared-key" \(known: a\)/);
  });
});
