import { Construct } from 'constructs';
import { PimEligibleRoleAssignment as AzurermPimEligibleRoleAssignment } from '@cdktf/provider-azurerm/lib/pim-eligible-role-assignment';
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
}

/**
 * Just-in-time admin access to a workload subscription: the admins group is PIM-*eligible* for
 * Contributor on the subscription for a bounded time, and must activate (with MFA/approval per the
 * role's PIM settings) to use it. Never Owner, never an active assignment. The role is fixed, not a
 * prop: a construct that could grant Owner would be the escalation path it exists to remove.
 */
export class WorkloadAdminAccess extends Construct {
  public readonly eligibility: AzurermPimEligibleRoleAssignment;

  constructor(scope: Construct, id: string, props: WorkloadAdminAccessProps) {
    super(scope, id);
    const days = props.eligibilityDays ?? DEFAULT_ELIGIBILITY_DAYS[props.environment];
    if (!Number.isInteger(days) || days < 1 || days > MAX_ELIGIBILITY_DAYS) {
      throw new Error(`eligibilityDays must be a whole number of days from 1 to ${MAX_ELIGIBILITY_DAYS}, got ${days}`);
    }
    const subscriptionScope = `/subscriptions/${props.subscriptionId}`;
    this.eligibility = new AzurermPimEligibleRoleAssignment(this, 'Resource', {
      scope: subscriptionScope,
      // PIM wants the subscription-scoped form of the role definition ID (as ARM returns it, azure/roles.ts).
      roleDefinitionId: roleDefinitionId(ROLES.contributor, { subscriptionId: props.subscriptionId }),
      principalId: props.adminsGroupObjectId,
      justification: props.justification ?? `ailz: ${props.environment} workload admins may activate Contributor just in time`,
      schedule: {
        ...(props.startDateTime !== undefined ? { startDateTime: props.startDateTime } : {}),
        expiration: { durationDays: days },
      },
    });
  }
}
