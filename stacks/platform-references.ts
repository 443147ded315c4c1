/**
 * Names and IDs of platform resources, computed from the config alone.
 *
 * Cross-stack values flow as explicit IDs derived from the config rather than through cdktf
 * cross-stack references: those bind each consumer to the producer's state (and its backend), and tie
 * us to cdktf internals. Deterministic names make every ID knowable at synth time; the few values
 * Azure generates (a vended subscription's ID, the workspace's customer ID) are looked up at plan time
 * by these deterministic names (data sources in the consuming stack), never typed in.
 */
import type { LandingZoneConfig, WorkloadConfig } from '../config/load';
import { Namer } from '../constructs/core/naming';
import { planHubSubnets } from '../config/subnet-plan';
import { aiManagementGroupNames, managementGroupResourceId } from '../constructs/governance/management-groups';

/** The namer of a workload: the one source of its resource names, used by its own stack and by the platform's. */
export function workloadNamer(config: LandingZoneConfig, workload: WorkloadConfig): Namer {
  const { organization } = config;
  return new Namer({ prefix: organization.prefix, tenantId: organization.tenantId, workload: workload.name, environment: workload.environment, location: workload.location });
}

/**
 * Alias (and display name) of the subscription the governance stack vends for a `billingScopeId`
 * workload. The workload stack looks its subscription ID up by this alias at plan time.
 */
export function vendedSubscriptionAlias(config: LandingZoneConfig, workload: Pick<WorkloadConfig, 'name'>): string {
  return `sub-${config.organization.prefix}-${workload.name}`;
}

/** Which API Management generation a gateway SKU is (for resource providers and subnet delegation). */
export function gatewayKind(sku: string): 'classic' | 'v2' {
  return sku.startsWith('PremiumV2') ? 'v2' : 'classic';
}

/** The isolated gateway kind of a workload, or undefined when it uses the shared one (or none). */
export function isolatedGatewayKind(workload: WorkloadConfig): 'classic' | 'v2' | undefined {
  return workload.gateway && workload.gateway.isolated && workload.gateway.sku ? gatewayKind(workload.gateway.sku) : undefined;
}

/** Names of an AI gateway's resources, from its namer (platform: shared; workload: isolated). */
export interface GatewayNames {
  readonly name: string;
  readonly subnetName: string;
  readonly networkSecurityGroupName: string;
  readonly promptResourceGroupName: string;
  readonly promptWorkspaceName: string;
}

export function gatewayNames(namer: Namer): GatewayNames {
  return {
    name: namer.name('apiManagement'),
    subnetName: namer.name('subnet', 'api-management'),
    networkSecurityGroupName: namer.name('networkSecurityGroup', 'api-management'),
    promptResourceGroupName: namer.name('resourceGroup', 'prompts'),
    promptWorkspaceName: namer.name('logAnalyticsWorkspace', 'prompts'),
  };
}

export class PlatformReferences {
  readonly namer: Namer;
  readonly resourceGroupName: string;
  readonly resourceGroupId: string;
  readonly logAnalyticsWorkspaceName: string;
  readonly logAnalyticsWorkspaceId: string;
  readonly hubVirtualNetworkName: string;
  readonly securityActionGroupName: string;
  readonly securityActionGroupId: string;
  readonly hubVirtualNetworkId: string;
  /** The shared AI gateway's names (whether or not the config has one). */
  readonly gateway: GatewayNames & { readonly id: string; readonly subnetCidr: string };
  /**
   * Resource IDs of the management groups the governance stack creates (`<prefix>-ai`, `-production`,
   * `-experimentation`, and `<prefix>-platform` when the AI groups hang under the tenant root).
   */
  readonly managementGroupIds: { readonly ai: string; readonly production: string; readonly experimentation: string; readonly platform?: string };

  constructor(config: LandingZoneConfig) {
    const { organization, platform } = config;
    this.namer = new Namer({ prefix: organization.prefix, tenantId: organization.tenantId, workload: 'platform', environment: 'platform', location: organization.primaryLocation });
    this.resourceGroupName = this.namer.name('resourceGroup');
    this.resourceGroupId = `/subscriptions/${platform.subscriptionId}/resourceGroups/${this.resourceGroupName}`;
    this.logAnalyticsWorkspaceName = this.namer.name('logAnalyticsWorkspace');
    this.logAnalyticsWorkspaceId = `${this.resourceGroupId}/providers/Microsoft.OperationalInsights/workspaces/${this.logAnalyticsWorkspaceName}`;
    this.securityActionGroupName = this.namer.name('actionGroup', 'security');
    this.securityActionGroupId = `${this.resourceGroupId}/providers/Microsoft.Insights/actionGroups/${this.securityActionGroupName}`;
    this.hubVirtualNetworkName = this.namer.name('virtualNetwork', 'hub');
    this.hubVirtualNetworkId = `${this.resourceGroupId}/providers/Microsoft.Network/virtualNetworks/${this.hubVirtualNetworkName}`;
    const names = gatewayNames(this.namer);
    const hubPlan = planHubSubnets(platform.hubAddressSpace);
    const slot = typeof hubPlan === 'string' ? undefined : hubPlan.find((p) => p.role === 'api-management');
    this.gateway = {
      ...names,
      id: `${this.resourceGroupId}/providers/Microsoft.ApiManagement/service/${names.name}`,
      subnetCidr: slot ? slot.cidr : '',
    };
    // The same rule as the governance stack (stacks/governance-stack.ts): a platform group only under the tenant root.
    const underTenantRoot = organization.parentManagementGroupId.toLowerCase() === organization.tenantId.toLowerCase();
    const groups = aiManagementGroupNames(organization.prefix, underTenantRoot);
    this.managementGroupIds = {
      ai: managementGroupResourceId(groups.ai),
      production: managementGroupResourceId(groups.production),
      experimentation: managementGroupResourceId(groups.experimentation),
      ...(groups.platform ? { platform: managementGroupResourceId(groups.platform) } : {}),
    };
  }

  /** Name of the hub-side peering to a workload's spoke (unchanged since the platform stack created it). */
  hubPeeringName(workloadName: string): string {
    return this.namer.name('virtualNetworkPeering', `hub-to-${workloadName}`);
  }

  /** ID of the resource group that holds the private DNS zones: the platform's (managed) or the platform team's own (existing). */
  privateDnsResourceGroupId(config: LandingZoneConfig): string {
    return config.platform.privateDns.mode === 'existing' ? config.platform.privateDns.resourceGroupId! : this.resourceGroupId;
  }

  /** ID of a private DNS zone, in the platform resource group (managed) or the platform team's own (existing). */
  privateDnsZoneId(config: LandingZoneConfig, zoneName: string): string {
    return `${this.privateDnsResourceGroupId(config)}/providers/Microsoft.Network/privateDnsZones/${zoneName}`;
  }
}
