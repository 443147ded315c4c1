import { WorkloadAdminAccess } from '../../constructs/governance/privileged-access';
import { AiManagementGroups } from '../../constructs/governance/management-groups';
import { AiPolicyAssignments } from '../../constructs/governance/policy-assignments';
import { SubscriptionVending } from '../../constructs/governance/subscription-vending';
import { DeleteProtection } from '../../constructs/governance/delete-protection';
import { ROLES } from '../../azure/roles';
import { ofType, synthResources } from './helpers';

const SUB = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const ADMINS = '4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c';
const APPROVERS = '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f';

describe('WorkloadAdminAccess', () => {
  const prod = ofType(synthResources((s) => new WorkloadAdminAccess(s, 'A', { subscriptionId: SUB, adminsGroupObjectId: ADMINS, environment: 'production', approversGroupObjectId: APPROVERS })),
    'azurerm_pim_eligible_role_assignment');
  const exp = ofType(synthResources((s) => new WorkloadAdminAccess(s, 'A', { subscriptionId: SUB, adminsGroupObjectId: ADMINS, environment: 'experimentation' })),
    'azurerm_pim_eligible_role_assignment');

  it('makes the admins group eligible (not active) for Contributor on the subscription', () => {
    expect(prod).toHaveLength(1);
    expect(prod[0]).toMatchObject({
      scope: `/subscriptions/${SUB}`,
      role_definition_id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
      principal_id: ADMINS,
    });
    expect(ROLES.contributor.id).toBe('b24988ac-6180-42a0-ab88-20f7382dd24c');
    expect(prod[0].justification).toMatch(/production/);
  });

  it('bounds the eligibility: production 90 days, experimentation 180 days, no synth-time start', () => {
    expect(prod[0].schedule).toEqual({ expiration: { duration_days: 90 } });
    expect(exp[0].schedule).toEqual({ expiration: { duration_days: 180 } });
  });

  it('takes a fixed start and a shorter eligibility, and refuses unbounded ones', () => {
    const custom = ofType(synthResources((s) => new WorkloadAdminAccess(s, 'A', {
      subscriptionId: SUB, adminsGroupObjectId: ADMINS, approversGroupObjectId: APPROVERS, environment: 'production', eligibilityDays: 30, startDateTime: '2027-01-01T00:00:00Z',
    })), 'azurerm_pim_eligible_role_assignment');
    expect(custom[0].schedule).toEqual({ start_date_time: '2027-01-01T00:00:00Z', expiration: { duration_days: 30 } });
    for (const days of [0, 366, 1.5]) {
      expect(() => synthResources((s) => new WorkloadAdminAccess(s, 'A', { subscriptionId: SUB, adminsGroupObjectId: ADMINS, approversGroupObjectId: APPROVERS, environment: 'production', eligibilityDays: days })))
        .toThrow(/eligibilityDays must be a whole number of days from 1 to 365/);
    }
  });
});

describe('WorkloadAdminAccess activation policy (review F21)', () => {
  const policyOf = (props: Partial<ConstructorParameters<typeof WorkloadAdminAccess>[2]>) => {
    const r = synthResources((s) => new WorkloadAdminAccess(s, 'A', { subscriptionId: SUB, adminsGroupObjectId: ADMINS, environment: 'production', approversGroupObjectId: APPROVERS, ...props }));
    return { policy: ofType(r, 'azurerm_role_management_policy')[0], eligibility: ofType(r, 'azurerm_pim_eligible_role_assignment')[0] };
  };

  it('production: MFA, justification, 4 hours, approval by the approvers group, notified to the given emails', () => {
    const { policy, eligibility } = policyOf({ notificationEmails: ['soc@contoso.example'] });
    expect(policy.scope).toBe(eligibility.scope);
    expect(policy.role_definition_id).toBe(eligibility.role_definition_id);
    expect(policy.activation_rules).toEqual({
      maximum_duration: 'PT4H', require_justification: true, require_multifactor_authentication: true,
      require_approval: true, approval_stage: { primary_approver: [{ type: 'Group', object_id: APPROVERS }] },
    });
    expect(policy.eligible_assignment_rules).toEqual({ expiration_required: true, expire_after: 'P90D' });
    expect(policy.notification_rules.eligible_activations.admin_notifications).toEqual({ default_recipients: true, notification_level: 'All', additional_recipients: ['soc@contoso.example'] });
    expect(eligibility.depends_on).toEqual([expect.stringMatching(/^azurerm_role_management_policy\./)]);
  });

  it('experimentation: MFA and justification, 8 hours, no approval', () => {
    const { policy } = policyOf({ environment: 'experimentation', approversGroupObjectId: undefined });
    expect(policy.activation_rules).toEqual({ maximum_duration: 'PT8H', require_justification: true, require_multifactor_authentication: true, require_approval: false });
    expect(policy.eligible_assignment_rules.expire_after).toBe('P180D');
  });

  it('lets eligibility expire after the smallest period PIM accepts that holds the configured one', () => {
    expect(policyOf({ eligibilityDays: 20 }).policy.eligible_assignment_rules.expire_after).toBe('P30D');
    expect(policyOf({ eligibilityDays: 200 }).policy.eligible_assignment_rules.expire_after).toBe('P365D');
  });

  it('refuses a production workload without approvers', () => {
    expect(() => policyOf({ approversGroupObjectId: undefined })).toThrow(/production workload needs approversGroupObjectId/);
  });
});

describe('the governance constructs together', () => {
  const r = synthResources((s) => {
    const mg = new AiManagementGroups(s, 'Mg', { parentManagementGroupId: 'root', prefix: 'contoso', createPlatformGroup: true });
    new AiPolicyAssignments(s, 'Policy', {
      aiManagementGroupId: mg.aiId, productionManagementGroupId: mg.productionId, experimentationManagementGroupId: mg.experimentationId,
      location: 'swedencentral', allowedLocations: ['swedencentral'], logAnalyticsWorkspaceId: 'ws',
    });
    const v = new SubscriptionVending(s, 'Chat', {
      workloadName: 'chat', environment: 'production', managementGroupId: mg.productionId, subscriptionId: SUB,
      budget: { monthlyAmount: 10, contactEmails: ['a@b.example'] }, machineLearning: false,
    });
    new WorkloadAdminAccess(s, 'ChatAdmins', { subscriptionId: v.subscriptionId, adminsGroupObjectId: ADMINS, approversGroupObjectId: APPROVERS, environment: 'production' });
    new DeleteProtection(s, 'DeleteProtection', { managementGroupId: mg.aiId, scopes: [{ key: 'chat', subscriptionId: v.subscriptionId, resourceTypes: ['Microsoft.KeyVault/vaults'], reason: 'Holds workload keys.' }] });
  });

  it('contain no active (standing) Owner, Contributor or User Access Administrator assignment anywhere', () => {
    const forbidden = [ROLES.owner, ROLES.contributor, ROLES.userAccessAdministrator].flatMap((role) => [role.id, role.name.toLowerCase()]);
    for (const ra of ofType(r, 'azurerm_role_assignment')) {
      const role = `${ra.role_definition_id ?? ''} ${(ra.role_definition_name ?? '').toLowerCase()}`;
      for (const f of forbidden) expect(role.includes(f)).toBe(false);
    }
    expect(ofType(r, 'azurerm_pim_active_role_assignment')).toEqual([]);
    // The only Contributor anywhere is the PIM eligibility (and its activation policy, which grants nothing).
    const withoutPolicy = { ...r, azurerm_role_management_policy: undefined };
    expect(JSON.stringify(withoutPolicy).split(ROLES.contributor.id).length - 1).toBe(1);
    expect(ofType(r, 'azurerm_role_management_policy')).toHaveLength(1);
    expect(JSON.stringify(r)).not.toContain(ROLES.owner.id);
  });
});
