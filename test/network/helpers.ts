import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { Namer } from '../../constructs/core/naming';
import { setSubscription } from '../../constructs/core/subscription';
import { HubNetwork, HubNetworkProps } from '../../constructs/network/hub-network';
import { SpokeNetwork, SpokeNetworkProps, spokeVirtualNetworkName, virtualNetworkResourceId } from '../../constructs/network/spoke-network';
import { RegionalNetworkWatcher } from '../../constructs/network/network-watcher';

export const TENANT = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
export const PLATFORM_SUB = '0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e';
export const WORKLOAD_SUB = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
export const LAW = `/subscriptions/${PLATFORM_SUB}/resourceGroups/rg-contoso-platform-sdc/providers/Microsoft.OperationalInsights/workspaces/log-contoso-platform-sdc`;
export const HUB_ID = `/subscriptions/${PLATFORM_SUB}/resourceGroups/rg-contoso-platform-sdc/providers/Microsoft.Network/virtualNetworks/vnet-contoso-platform-hub-sdc`;
export const BLOB_ZONE = `/subscriptions/${PLATFORM_SUB}/resourceGroups/rg-contoso-platform-sdc/providers/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`;
export const WORKSPACE_GUID = '5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9';
export const WATCHER_ID = `/subscriptions/${WORKLOAD_SUB}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_swedencentral`;

export const platformNamer = () => new Namer({ prefix: 'contoso', tenantId: TENANT, workload: 'platform', environment: 'platform', location: 'swedencentral' });
export const workloadNamer = (name: string) => new Namer({ prefix: 'contoso', tenantId: TENANT, workload: name, environment: 'production', location: 'swedencentral' });

/** The spoke VNet ID the platform stack computes from the config for a workload. */
export function spokeId(name: string, subscription = WORKLOAD_SUB): string {
  const n = workloadNamer(name);
  return virtualNetworkResourceId(subscription, n.name('resourceGroup'), spokeVirtualNetworkName(n));
}

export function hubProps(over: Partial<HubNetworkProps> = {}): HubNetworkProps {
  return {
    namer: platformNamer(), resourceGroupName: 'rg-contoso-platform-sdc', location: 'swedencentral', addressSpace: '10.0.0.0/22',
    logAnalyticsWorkspaceId: LAW, subscriptionId: PLATFORM_SUB,
    ...over,
  };
}

export function spokeProps(over: Partial<SpokeNetworkProps> = {}): SpokeNetworkProps {
  const namer = workloadNamer('chat');
  return {
    namer, resourceGroupName: namer.name('resourceGroup'), location: 'swedencentral', addressSpace: '10.1.0.0/24',
    hubVirtualNetworkId: HUB_ID, logAnalyticsWorkspaceId: LAW,
    trafficAnalytics: { workspaceCustomerId: WORKSPACE_GUID, workspaceRegion: 'swedencentral' },
    blobPrivateDnsZoneId: BLOB_ZONE,
    networkWatcher: { id: WATCHER_ID },
    ...over,
  };
}

export function synth(build: (scope: Construct) => void): any {
  // Grants write their role definition ID in the form ARM returns for the scope's subscription (azure/roles.ts).
  return JSON.parse(Testing.synthScope((scope) => {
    setSubscription(scope, '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f');
    build(scope);
  }));
}

export const synthHub = (over: Partial<HubNetworkProps> = {}) => synth((s) => { new HubNetwork(s, 'Hub', hubProps(over)); });
/** A spoke with its regional Network Watcher in the same scope (as the workload stack builds it). */
export const synthSpoke = (over: Partial<SpokeNetworkProps> = {}) => synth((s) => {
  const watcher = new RegionalNetworkWatcher(s, 'NetworkWatcher', { subscriptionId: WORKLOAD_SUB, location: 'swedencentral' });
  new SpokeNetwork(s, 'Spoke', spokeProps({ networkWatcher: { id: watcher.id, resource: watcher.resource }, ...over }));
});

/** `[address, attributes]` of every resource of `type` in a synthesized document. */
export function resources(json: any, type: string): [string, any][] {
  return Object.entries(json.resource?.[type] ?? {}).map(([name, attrs]) => [`${type}.${name}`, attrs]);
}

/** The Terraform reference to an attribute of a resource address. */
export const ref = (address: string, attr = 'id') => `\${${address}.${attr}}`;
