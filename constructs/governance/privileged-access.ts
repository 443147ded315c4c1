import { Construct } from 'constructs';
import { PimEligibleRoleAssignment as AzurermPimEligibleRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-eligible-role-assignment';
import { RoleManagementPolicy as AzurermRoleManagementPolicy } from '@cdktf/provider-azurerm/lib/role-management-policy';
import { ROLES, roleDefinitionId } from '../../azure/roles';

/**
 * Default length of the admins' eligibility, in days: production re-certifies more often than a sandbox.
 * Terraform recreates the eligibility on the next apply after it expires, so the review is an apply.
 */
export const DEFAULT_ELIGIBILITY_DAYS: Readonly<Record<'production' | 'experimentation', number>> = {
  production: 90,
  experimentation: 180,
};

/** The longest eligibility ailz accepts (one year); a longer one is a standing grant in disguise. */
export const MAX_ELIGIBILITY_DAYS = 365;

/**
 * The eligibility lengths a role management policy accepts (`eligible_assignment_rules.expire_after`):
 * azurerm v4.55.0 website/docs/r/role_management_policy.html.markdown ("Permitted values: P15D, P30D, P90D,
 * P180D, or P365D").
 */
export const PIM_EXPIRY_DAYS = [15, 30, 90, 180, 365] as const;

/**
 * How long an activated Contributor lasts (`activation_rules.maximum_duration`, PT30M..PT23H30M or P1D):
 * a working session, shorter in production.
 */
export const ACTIVATION_MAXIMUM_DURATION: Readonly<Record<'production' | 'experimentation', string>> = {
  production: 'PT4H',
  experimentation: 'PT8H',
};

export interface WorkloadAdminAccessProps {
  /** The workload subscription (GUID, or a Terraform reference to one). */
  readonly subscriptionId: string;
  /** Object ID of the workload's admins group (`workloads[].access.adminsGroupObjectId`). */
  readonly adminsGroupObjectId: string;
  /** Sets the default eligibility length. */
  readonly environment: 'production' | 'experimentation';
  /**
   * How long the group stays eligible, in days (ISO 8601 `P<days>D` in the PIM request).
   * @default 90 for production, 180 for experimentation (DEFAULT_ELIGIBILITY_DAYS)
   */
  readonly eligibilityDays?: number;
  /**
   * When the eligibility starts (RFC 3339).
   * @default omitted - Azure starts it when the request is created; the provider keeps that value,
   *   so the synthesized JSON carries no timestamp
   */
  readonly startDateTime?: string;
  /**
   * Reason recorded in PIM.
   * @default "ailz: <environment> workload admins may activate Contributor just in time"
   */
  readonly justification?: string;
  /**
   * Entra group whose members approve an activation (`workloads[].access.approversGroupObjectId`). Required in
   * production.
   * @default none - experimentation activations need MFA and a justification, no approval
   */
  readonly approversGroupObjectId?: string;
  /**
   * Emails told of every activation, besides PIM's default recipients (the security contact).
   * @default [] - PIM's default recipients only
   */
  readonly notificationEmails?: readonly string[];
}

/**
 * Just-in-time admin access to a workload subscription: the admins group is PIM-*eligible* for
 * Contributor on the subscription for a bounded time, and must activate to use it. Never Owner, never an
 * active assignment. The role is fixed, not a prop: a construct that could grant Owner would be the
 * escalation path it exists to remove.
 *
 * The role's PIM settings at the subscription are managed too (`azurerm_role_management_policy`; review F21),
 * otherwise the tenant defaults apply: activation needs MFA and a justification, lasts at most 4 hours in
 * production (8 in experimentation) and is approved by the approvers group in production; eligibility must
 * expire (after the smallest permitted period that holds the configured one), and every activation is
 * notified. The eligibility lapses at its end; the next apply renews it (README "Decisions and known limits").
 */
export class WorkloadAdminAccess extends Construct {
  public readonly eligibility: AzurermPimEligibleRoleAssignment;
  public readonly policy: AzurermRoleManagementPolicy;

  constructor(scope: Construct, id: string, props: WorkloadAdminAccessProps) {
    super(scope, id);
    const days = props.eligibilityDays ?? DEFAULT_ELIGIBILITY_DAYS[props.environment];
    if (!Number.isInteger(days) || days < 1 || days > MAX_ELIGIBILITY_DAYS) {
      throw new Error(`eligibilityDays must be a whole number of days from 1 to ${MAX_ELIGIBILITY_DAYS}, got ${days}`);
    }
    const production = props.environment === 'production';
    if (production && !props.approversGroupObjectId) {
      throw new Error('WorkloadAdminAccess: a production workload needs approversGroupObjectId (activating Contributor needs an approver)');
    }
    const subscriptionScope = `/subscriptions/${props.subscriptionId}`;
    // PIM wants the subscription-scoped form of the role definition ID (as ARM returns it, azure/roles.ts).
    const contributorId = roleDefinitionId(ROLES.contributor, { subscriptionId: props.subscriptionId });
    const expiry = PIM_EXPIRY_DAYS.find((d) => d >= days)!;
    const notify = [...(props.notificationEmails ?? [])];
    this.policy = new AzurermRoleManagementPolicy(this, 'Policy', {
      scope: subscriptionScope,
      roleDefinitionId: contributorId,
      activationRules: {
        maximumDuration: ACTIVATION_MAXIMUM_DURATION[props.environment],
        requireJustification: true,
        requireMultifactorAuthentication: true,
        ...(production ? { requireApproval: true, approvalStage: { primaryApprover: [{ type: 'Group', objectId: props.approversGroupObjectId! }] } } : { requireApproval: false }),
      },
      eligibleAssignmentRules: { expirationRequired: true, expireAfter: `P${expiry}D` },
      // A standing (active) Contributor through PIM must expire too, and needs MFA and a reason.
      activeAssignmentRules: { expirationRequired: true, expireAfter: 'P15D', requireJustification: true, requireMultifactorAuthentication: true },
      notificationRules: {
        eligibleActivations: {
          adminNotifications: { defaultRecipients: true, notificationLevel: 'All', ...(notify.length > 0 ? { additionalRecipients: notify } : {}) },
        },
      },
    });
    this.eligibility = new AzurermPimEligibleRoleAssignment(this, 'Resource', {
      scope: subscriptionScope,
      roleDefinitionId: contributorId,
      principalId: props.adminsGroupObjectId,
      justification: props.justification ?? `ailz: ${props.environment} workload admins may activate Contributor just in time`,
      schedule: {
        ...(props.startDateTime !== undefined ? { startDateTime: props.startDateTime } : {}),
        expiration: { durationDays: days },
      },
      dependsOn: [this.policy],
    });
  }
}
