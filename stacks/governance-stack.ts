import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { LandingZoneConfig } from '../config/load';
import { AiManagementGroups } from '../constructs/governance/management-groups';
import { AiPolicyAssignments } from '../constructs/governance/policy-assignments';
import { PolicyExemptions } from '../constructs/governance/policy-exemptions';
import { WorkloadAdminAccess } from '../constructs/governance/privileged-access';
import { SubscriptionPlacement } from '../constructs/governance/subscription-placement';
import { SubscriptionVending } from '../constructs/governance/subscription-vending';
import { standardTags } from '../constructs/core/tags';
import { GOVERNANCE_RESOURCE_PROVIDERS } from '../azure/resource-providers';
import { BaseStack } from './base-stack';
import { PlatformReferences } from './platform-references';

/**
 * Tenant and management-group scope: the AI management groups, enforced policy guardrails and their
 * exemptions, subscription vending with budgets, and just-in-time admin access. Its provider
 * authenticates against the platform subscription (azurerm 4 requires one), but everything it manages
 * lives at management-group, subscription or tenant scope.
 */
export class GovernanceStack extends BaseStack {
  readonly managementGroups: AiManagementGroups;
  readonly policies: AiPolicyAssignments;
  readonly vending: Record<string, SubscriptionVending> = {};

  constructor(scope: Construct, config: LandingZoneConfig, refs: PlatformReferences) {
    super(scope, 'governance', { config, subscription: config.platform.subscriptionId, resourceProviders: GOVERNANCE_RESOURCE_PROVIDERS });
    const { organization } = config;
    const underTenantRoot = organization.parentManagementGroupId.toLowerCase() === organization.tenantId.toLowerCase();

    this.managementGroups = new AiManagementGroups(this, 'ManagementGroups', {
      parentManagementGroupId: organization.parentManagementGroupId,
      prefix: organization.prefix,
      createPlatformGroup: underTenantRoot,
    });
    if (this.managementGroups.platformId) {
      new SubscriptionPlacement(this, 'PlatformSubscription', { subscriptionId: config.platform.subscriptionId, managementGroupId: this.managementGroups.platformId });
    }

    const productionWithoutCmk = config.workloads.some((w) => w.environment === 'production' && !w.encryption.customerManagedKeys);
    this.policies = new AiPolicyAssignments(this, 'Policies', {
      aiManagementGroupId: this.managementGroups.aiId,
      productionManagementGroupId: this.managementGroups.productionId,
      experimentationManagementGroupId: this.managementGroups.experimentationId,
      location: organization.primaryLocation,
      allowedLocations: organization.allowedLocations,
      logAnalyticsWorkspaceId: refs.logAnalyticsWorkspaceId,
      // A production workload that opted out of CMK must still deploy: audit instead of deny then.
      customerManagedKeysEffect: productionWithoutCmk ? 'Audit' : 'Deny',
    });

    if (config.policyExemptions.length > 0) {
      new PolicyExemptions(this, 'Exemptions', { exemptions: config.policyExemptions, assignmentIds: this.policies.assignmentIds });
    }

    for (const w of config.workloads) {
      // Construct ids from the workload name: the name is the workload's stable identity in config.
      const vending = new SubscriptionVending(this, `Workload-${w.name}`, {
        workloadName: w.name,
        environment: w.environment,
        managementGroupId: w.environment === 'production' ? this.managementGroups.productionId : this.managementGroups.experimentationId,
        subscriptionId: w.subscriptionId,
        billingScopeId: w.billingScopeId,
        subscriptionName: `sub-${organization.prefix}-${w.name}`,
        budget: { monthlyAmount: w.budget.monthlyAmount, contactEmails: w.budget.contactEmails },
        machineLearning: w.machineLearning,
        tags: standardTags(organization.tags, { environment: w.environment, workload: w.name }),
      });
      this.vending[w.name] = vending;
      new WorkloadAdminAccess(this, `Workload-${w.name}-Admins`, {
        subscriptionId: vending.subscriptionId,
        adminsGroupObjectId: w.access.adminsGroupObjectId,
        environment: w.environment,
      });
      new TerraformOutput(this, `workload_${w.name.replace(/-/g, '_')}_subscription_id`, {
        description: `Subscription of workload ${w.name} (pass it as -var subscription_id=... to stack workload-${w.name} when it was vended).`,
        value: vending.subscriptionId,
      });
    }
  }
}
