import { Construct } from 'constructs';
import type { LandingZoneConfig } from '../config/load';
import { ResourceGroup } from '../constructs/core/resource-group';
import { standardTags } from '../constructs/core/tags';
import { SecurityActionGroup } from '../constructs/monitoring/action-group';
import { LogAnalyticsWorkspace } from '../constructs/monitoring/log-analytics-workspace';
import { Sentinel } from '../constructs/monitoring/sentinel';
import { HubNetwork } from '../constructs/network/hub-network';
import type { PrivateDnsOwnership } from '../constructs/network/private-dns';
import { StateMoves, addressAt } from '../constructs/core/state-moves';
import { PRIVATE_DNS_ZONE_NAMES } from '../azure/private-dns-zones';
import { TerraformOutput } from 'cdktf';
import { BaseStack } from './base-stack';
import { platformResourceProviders } from '../azure/resource-providers';
import { ApiGateway } from '../constructs/ai/api-gateway';
import { PlatformReferences, gatewayKind } from './platform-references';
import { DiagnosticsDestinationAccess } from '../constructs/governance/diagnostics-destination-access';
import { ActivityLogExport, ManagementGroupActivityExport } from '../constructs/monitoring/activity-log';
import { WORKSPACE_DESTINATION_ENTRIES } from '../azure/policy-catalog';

/**
 * The platform subscription: hub network and private DNS, the security workspace with Sentinel, alerting.
 * It never references a workload: each workload stack owns the hub side of its peering and its DNS links
 * (`HubAttachment`), so adding a workload never needs this stack applied again.
 */
export class PlatformStack extends BaseStack {
  readonly refs: PlatformReferences;
  readonly resourceGroup: ResourceGroup;
  readonly workspace: LogAnalyticsWorkspace;
  readonly hub: HubNetwork;
  /** The shared AI gateway (`platform.gateway`). */
  readonly gateway?: ApiGateway;

  constructor(scope: Construct, config: LandingZoneConfig) {
    const gatewayConfig = config.platform.gateway;
    super(scope, 'platform', {
      config,
      subscription: config.platform.subscriptionId,
      resourceProviders: platformResourceProviders({ apiManagement: gatewayConfig ? gatewayKind(gatewayConfig.sku) : undefined }),
    });
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
    // Delete protection: a denyAction policy the governance stack assigns (review F22), not a lock, which would
    // also block deleting the Sentinel rules and diagnostic settings under the workspace.
    // The DeployIfNotExists diagnostics policies of the governance stack write settings to this workspace (review F16).
    new DiagnosticsDestinationAccess(this, 'DiagnosticsDestinationAccess', {
      workspaceId: this.refs.logAnalyticsWorkspaceId,
      resourceGroupId: this.refs.resourceGroupId,
      roleName: `ailz ${config.organization.prefix} diagnostics destination`,
      assignments: WORKSPACE_DESTINATION_ENTRIES.map((e) => ({ name: e.key, scopeId: this.refs.managementGroupIds[e.scope] })),
      dependsOn: [this.workspace.resource],
    });
    // Control-plane activity of the platform subscription, and of the management groups where the governance
    // stack assigns policies and places subscriptions: neither is in any workload's activity log (review F17).
    new ActivityLogExport(this, 'ActivityLog', { subscriptionId: config.platform.subscriptionId, workspaceId: this.workspace.workspaceId });
    for (const [key, managementGroupId] of Object.entries(this.refs.managementGroupIds)) {
      // Construct ids from the fixed group keys (ai, production, experimentation, platform), never from config.
      new ManagementGroupActivityExport(this, `ManagementGroupActivity-${key}`, { managementGroupId, workspaceId: this.workspace.workspaceId });
    }
    new Sentinel(this, 'Sentinel', {
      workspaceId: this.workspace.workspaceId,
      deploymentPrincipalIds: config.platform.deploymentPrincipalIds ?? [],
    });
    new TerraformOutput(this, 'log_analytics_workspace_customer_id', {
      description: 'Workspace (customer) ID of the platform workspace, for people and tools (workload stacks look it up themselves).',
      value: this.workspace.customerId,
    });

    this.hub = new HubNetwork(this, 'Hub', {
      namer: this.refs.namer,
      resourceGroupName,
      location,
      addressSpace: config.platform.hubAddressSpace,
      logAnalyticsWorkspaceId: this.workspace.workspaceId,
      subscriptionId: config.platform.subscriptionId,
      privateDns: this.privateDnsOwnership(config),
      tags,
    });

    if (gatewayConfig) {
      // The shared AI gateway ("AI hub gateway"): one instance in the hub, workloads publish their APIs on it.
      const g = this.refs.gateway;
      this.azapi(config.organization.tenantId);
      this.gateway = new ApiGateway(this, 'Gateway', {
        name: g.name,
        location,
        resourceGroupName,
        skuName: gatewayConfig.sku,
        publisherName: `${config.organization.prefix} AI landing zone`,
        publisherEmail: gatewayConfig.publisherEmail,
        virtualNetwork: { id: this.hub.virtualNetworkId, name: this.hub.virtualNetworkName },
        subnet: { name: g.subnetName, networkSecurityGroupName: g.networkSecurityGroupName, cidr: g.subnetCidr },
        logAnalyticsWorkspaceId: this.workspace.workspaceId,
        promptLog: {
          resourceGroupName: g.promptResourceGroupName,
          workspaceName: g.promptWorkspaceName,
          readerGroupObjectId: gatewayConfig.promptLog.readerGroupObjectId,
          retentionDays: gatewayConfig.promptLog.retentionDays,
        },
        tags,
      });
      new TerraformOutput(this, 'gateway_url', {
        description: 'The shared AI gateway (private: resolvable and reachable from the hub and the workload spokes). Each workload stack outputs its API URL.',
        value: this.gateway.gatewayUrl,
      });
    }

    new SecurityActionGroup(this, 'SecurityActionGroup', {
      name: this.refs.securityActionGroupName,
      resourceGroupName,
      emails: [config.organization.securityContactEmail],
      tags,
    });

    this.releaseSpokeResources(config);
  }

  /**
   * Migration from ailz 0.1 (CHANGELOG 0.2.0): this stack used to declare the hub side of each spoke
   * peering and the spoke's DNS links. Those objects now belong to the workload stacks, which adopt them;
   * here they are released from the state without being destroyed. A `removed` block for an address
   * that is not in the state does nothing, so the blocks are harmless on new landing zones and for
   * workloads added later; they name only former addresses of this stack, no workload resource.
   */
  private releaseSpokeResources(config: LandingZoneConfig): void {
    const moves = StateMoves.of(this);
    for (const w of config.workloads) {
      moves.release(addressAt(this, 'azurerm_virtual_network_peering', ['Hub', `Spoke-${w.name}-Peering`]));
      for (const zone of PRIVATE_DNS_ZONE_NAMES) {
        moves.release(addressAt(this, 'azurerm_private_dns_zone_virtual_network_link', ['Hub', 'PrivateDns', zone, `Spoke-${w.name}`]));
      }
    }
  }

  /**
   * Who owns the private DNS zones. A platform team's zones may live in another subscription
   * (the usual ALZ "connectivity" subscription): the hub's VNet links are created there through an
   * aliased provider, the only resources this stack manages outside its own subscription.
   */
  private privateDnsOwnership(config: LandingZoneConfig): PrivateDnsOwnership {
    const dns = config.platform.privateDns;
    if (dns.mode !== 'existing') return { mode: 'managed' };
    const resourceGroupId = dns.resourceGroupId!;
    const dnsSubscription = resourceGroupId.split('/')[2];
    if (dnsSubscription.toLowerCase() === config.platform.subscriptionId.toLowerCase()) return { mode: 'existing', resourceGroupId };
    // Only VNet links are created there: register nothing in someone else's subscription.
    const provider = this.azurermAlias('azurerm-dns', 'dns', dnsSubscription, config.organization.tenantId);
    return { mode: 'existing', resourceGroupId, provider };
  }
}
