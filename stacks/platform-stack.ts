import { Construct } from 'constructs';
import type { LandingZoneConfig } from '../config/load';
import { ResourceGroup } from '../constructs/core/resource-group';
import { standardTags } from '../constructs/core/tags';
import { DeleteLock } from '../constructs/governance/locks';
import { SecurityActionGroup } from '../constructs/monitoring/action-group';
import { LogAnalyticsWorkspace } from '../constructs/monitoring/log-analytics-workspace';
import { Sentinel } from '../constructs/monitoring/sentinel';
import { HubNetwork } from '../constructs/network/hub-network';
import type { PrivateDnsOwnership } from '../constructs/network/private-dns';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { spokeVirtualNetworkName, virtualNetworkResourceId } from '../constructs/network/spoke-network';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import { BaseStack } from './base-stack';
import { PLATFORM_RESOURCE_PROVIDERS } from '../azure/resource-providers';
import { PlatformReferences, workloadNamer } from './platform-references';

/** The platform subscription: hub network and private DNS, the security workspace with Sentinel, alerting. */
export class PlatformStack extends BaseStack {
  readonly refs: PlatformReferences;
  readonly resourceGroup: ResourceGroup;
  readonly workspace: LogAnalyticsWorkspace;
  readonly hub: HubNetwork;

  constructor(scope: Construct, config: LandingZoneConfig) {
    super(scope, 'platform', { config, subscription: config.platform.subscriptionId, resourceProviders: PLATFORM_RESOURCE_PROVIDERS });
    this.refs = new PlatformReferences(config);
    const tags = standardTags(config.organization.tags, { environment: 'platform', workload: 'platform' });
    const location = config.organization.primaryLocation;

    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', { name: this.refs.resourceGroupName, location, tags });
    const resourceGroupName = this.resourceGroup.name;

    this.workspace = new LogAnalyticsWorkspace(this, 'LogAnalytics', {
      name: this.refs.logAnalyticsWorkspaceName,
      resourceGroupName,
      location,
      retentionInDays: config.platform.logRetentionDays,
      dailyQuotaGb: config.platform.logDailyQuotaGb,
      tags,
    });
    new DeleteLock(this, 'LogAnalyticsLock', {
      scope: this.workspace.workspaceId,
      notes: 'ailz: the security workspace holds every subscription\'s activity log and Sentinel data; remove this lock deliberately, never in passing.',
    });
    new Sentinel(this, 'Sentinel', {
      workspaceId: this.workspace.workspaceId,
      deploymentPrincipalIds: config.platform.deploymentPrincipalIds ?? [],
    });
    new TerraformOutput(this, 'log_analytics_workspace_customer_id', {
      description: 'Workspace (customer) ID of the platform workspace: pass it to each workload stack as -var log_analytics_workspace_customer_id=...',
      value: this.workspace.customerId,
    });

    // The hub declares its side of every spoke peering and links every spoke to the private DNS zones
    // (the links live in the zones, which the platform owns). A vended workload's subscription ID is
    // only known after the governance apply, so it comes in as a variable.
    const spokes = config.workloads.map((w) => {
      const subscriptionId = w.subscriptionId ?? new TerraformVariable(this, `workload_${w.name.replace(/-/g, '_')}_subscription_id`, {
        type: 'string',
        nullable: false,
        description: `Subscription the governance stack vended for workload ${w.name} (terraform -chdir=<out>/stacks/governance output -raw workload_${w.name.replace(/-/g, '_')}_subscription_id).`,
      }).stringValue;
      const namer = workloadNamer(config, w);
      return { name: w.name, virtualNetworkId: virtualNetworkResourceId(subscriptionId, namer.name('resourceGroup'), spokeVirtualNetworkName(namer)) };
    });
    this.hub = new HubNetwork(this, 'Hub', {
      namer: this.refs.namer,
      resourceGroupName,
      location,
      addressSpace: config.platform.hubAddressSpace,
      logAnalyticsWorkspaceId: this.workspace.workspaceId,
      subscriptionId: config.platform.subscriptionId,
      privateDns: this.privateDnsOwnership(config),
      spokes,
      tags,
    });

    new SecurityActionGroup(this, 'SecurityActionGroup', {
      name: this.refs.securityActionGroupName,
      resourceGroupName,
      emails: [config.organization.securityContactEmail],
      tags,
    });
  }

  /**
   * Who owns the private DNS zones. A platform team's zones may live in another subscription
   * (the usual ALZ "connectivity" subscription): the VNet links are created there through an aliased
   * provider, the only resources this stack manages outside its own subscription.
   */
  private privateDnsOwnership(config: LandingZoneConfig): PrivateDnsOwnership {
    const dns = config.platform.privateDns;
    if (dns.mode !== 'existing') return { mode: 'managed' };
    const resourceGroupId = dns.resourceGroupId!;
    const dnsSubscription = resourceGroupId.split('/')[2];
    if (dnsSubscription.toLowerCase() === config.platform.subscriptionId.toLowerCase()) return { mode: 'existing', resourceGroupId };
    const provider = new AzurermProvider(this, 'azurerm-dns', {
      alias: 'dns',
      features: [{}],
      subscriptionId: dnsSubscription,
      tenantId: config.organization.tenantId,
      storageUseAzuread: true,
      // Only VNet links are created there: register nothing in someone else's subscription.
      resourceProviderRegistrations: 'none',
    });
    return { mode: 'existing', resourceGroupId, provider };
  }
}
