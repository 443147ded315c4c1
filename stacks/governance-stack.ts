import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { LandingZoneConfig } from '../config/load';
import { AiManagementGroups } from '../constructs/governance/management-groups';
import { AiPolicyAssignments } from '../constructs/governance/policy-assignments';
import { PolicyExemptions } from '../constructs/governance/policy-exemptions';
import { WorkloadAdminAccess } from '../constructs/governance/privileged-access';
import { DeleteProtection, ProtectedScope } from '../constructs/governance/delete-protection';
import { SubscriptionPlacement } from '../constructs/governance/subscription-placement';
import { SubscriptionVending } from '../constructs/governance/subscription-vending';
import { standardTags } from '../constructs/core/tags';
import { GOVERNANCE_RESOURCE_PROVIDERS } from '../azure/resource-providers';
import { flowLogStorageAccountName } from '../constructs/network/spoke-network';
import { StateMoves, addressAt } from '../constructs/core/state-moves';
import { BaseStack } from './base-stack';
import { PlatformReferences, isolatedGatewayKind, vendedSubscriptionAlias, workloadNamer } from './platform-references';

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

    // Vending first: the flow-log exclusions below need the vended subscriptions' IDs.
    for (const w of config.workloads) {
      // Construct ids from the workload name: the name is the workload's stable identity in config.
      this.vending[w.name] = new SubscriptionVending(this, `Workload-${w.name}`, {
        workloadName: w.name,
        environment: w.environment,
        managementGroupId: w.environment === 'production' ? this.managementGroups.productionId : this.managementGroups.experimentationId,
        subscriptionId: w.subscriptionId,
        billingScopeId: w.billingScopeId,
        subscriptionName: vendedSubscriptionAlias(config, w),
        budget: { monthlyAmount: w.budget.monthlyAmount, contactEmails: w.budget.contactEmails },
        machineLearning: w.machineLearning,
        apiManagement: isolatedGatewayKind(w),
        tags: standardTags(organization.tags, { environment: w.environment, workload: w.name }),
      });
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
      // Review F1: Network Watcher writes flow logs as a trusted Azure service, which needs the account's
      // public endpoint "enabled from selected networks" (default Deny, AzureServices bypass only); the
      // Deny of b2982f36 refuses any value but Disabled. Exactly the flow-log account of each workload is
      // excluded: a resource-level exclusion, deterministic from the config, known before the account exists.
      notScopes: {
        'st-no-public-network': config.workloads.map((w) => {
          const namer = workloadNamer(config, w);
          return `${this.vending[w.name].subscriptionResourceId}/resourceGroups/${namer.name('resourceGroup')}/providers/Microsoft.Storage/storageAccounts/${flowLogStorageAccountName(namer)}`;
        }),
      },
    });

    if (config.policyExemptions.length > 0) {
      new PolicyExemptions(this, 'Exemptions', { exemptions: config.policyExemptions, assignmentIds: this.policies.assignmentIds });
    }

    this.releaseDecommissioned(config.decommissionedWorkloads);

    // Delete protection by denyAction policy, not locks (review F22): the security workspace in the platform
    // subscription, and the Key Vaults of each workload with deleteLock (production by default).
    new DeleteProtection(this, 'PlatformDeleteProtection', {
      scopes: [{
        key: 'platform', subscriptionId: config.platform.subscriptionId, resourceTypes: ['Microsoft.OperationalInsights/workspaces'],
        reason: 'The security Log Analytics workspace holds every subscription\'s activity log and the Sentinel data.',
      }],
    });
    const protectedVaults: ProtectedScope[] = [];

    for (const w of config.workloads) {
      const vending = this.vending[w.name];
      new WorkloadAdminAccess(this, `Workload-${w.name}-Admins`, {
        subscriptionId: vending.subscriptionId,
        adminsGroupObjectId: w.access.adminsGroupObjectId,
        approversGroupObjectId: w.access.approversGroupObjectId,
        notificationEmails: [organization.securityContactEmail],
        environment: w.environment,
      });
      if (w.deleteLock) {
        protectedVaults.push({
          key: w.name, subscriptionId: vending.subscriptionId, resourceTypes: ['Microsoft.KeyVault/vaults'],
          reason: `The Key Vaults of workload ${w.name} hold its customer-managed keys and secrets; deleting one makes encrypted data unreadable.`,
        });
      }
      new TerraformOutput(this, `workload_${w.name.replace(/-/g, '_')}_subscription_id`, {
        description: `Subscription of workload ${w.name}, for people and tools (stack workload-${w.name} looks it up by its alias itself).`,
        value: vending.subscriptionId,
      });
    }
    if (protectedVaults.length > 0) {
      // Defined at <prefix>-ai, which holds every workload subscription.
      new DeleteProtection(this, 'WorkloadDeleteProtection', { managementGroupId: this.managementGroups.aiId, scopes: protectedVaults });
    }
  }

  /**
   * Review F20: a workload removed from the config takes its resource blocks with it, and with them
   * `prevent_destroy`; Terraform would then destroy the subscription alias (the provider's
   * `prevent_cancellation_on_destroy` keeps the subscription itself from being cancelled) and the
   * management-group association (moving the subscription out of the AI policies). For each
   * `decommissionedWorkloads` entry both are released from the state instead, never destroyed: the
   * subscription keeps running where it is until someone decides otherwise. Its budget and admin
   * eligibility are destroyed with the rest of its configuration. A `removed` block for an address the
   * state does not hold (an existing-subscription workload has no alias) does nothing.
   */
  private releaseDecommissioned(names: readonly string[]): void {
    if (names.length === 0) return;
    const moves = StateMoves.of(this);
    for (const name of [...names].sort()) {
      moves.release(addressAt(this, 'azurerm_subscription', [`Workload-${name}`, 'Subscription']));
      moves.release(addressAt(this, 'azurerm_management_group_subscription_association', [`Workload-${name}`, 'Resource']));
    }
  }
}
