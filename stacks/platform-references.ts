/**
 * Names and IDs of platform resources, computed from the config alone.
 *
 * Cross-stack values flow as explicit IDs derived from the config rather than through cdktf
 * cross-stack references: those bind each consumer to the producer's remote state (so a workload
 * cannot be planned before the platform is applied, and the state backends must read each other),
 * and tie us to cdktf internals. Deterministic names make every ID knowable at synth time, so each
 * stack plans on its own; only the apply order matters (governance, platform, then workloads).
 */
import type { LandingZoneConfig, WorkloadConfig } from '../config/load';
import { Namer } from '../constructs/core/naming';

/** The namer of a workload: the one source of its resource names, used by its own stack and by the platform's. */
export function workloadNamer(config: LandingZoneConfig, workload: WorkloadConfig): Namer {
  const { organization } = config;
  return new Namer({ prefix: organization.prefix, tenantId: organization.tenantId, workload: workload.name, environment: workload.environment, location: workload.location });
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
  }

  /** ID of a private DNS zone, in the platform resource group (managed) or the platform team's own (existing). */
  privateDnsZoneId(config: LandingZoneConfig, zoneName: string): string {
    const rg = config.platform.privateDns.mode === 'existing' ? config.platform.privateDns.resourceGroupId! : this.resourceGroupId;
    return `${rg}/providers/Microsoft.Network/privateDnsZones/${zoneName}`;
  }
}
