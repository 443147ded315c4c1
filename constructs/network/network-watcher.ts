import { Construct } from 'constructs';
import { ResourceGroup as AzurermResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group';
import { NetworkWatcher as AzurermNetworkWatcher } from '@cdktf/provider-azurerm/lib/network-watcher';
import { ARM_TYPES } from '../../azure/arm-types';
import { DataAzapiResource, DataAzapiResourceList } from '../core/azapi';
import { StateMoves } from '../core/state-moves';

/** The resource group and name Azure gives the Network Watcher it creates automatically. */
export const NETWORK_WATCHER_RESOURCE_GROUP = 'NetworkWatcherRG';
export function networkWatcherName(location: string): string {
  return `NetworkWatcher_${location}`;
}

export interface RegionalNetworkWatcherProps {
  /** The subscription (a GUID, or a plan-time lookup for a vended subscription). */
  readonly subscriptionId: string;
  /** The region (Azure allows one Network Watcher per subscription and region). */
  readonly location: string;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * The subscription's Network Watcher for one region, owned by the stack (review F24) instead of
 * assumed: Azure creates `NetworkWatcher_<region>` in `NetworkWatcherRG` asynchronously after the first
 * VNet of a region, or never when the subscription opted out of automatic enablement
 * (Learn "Enable or disable Azure Network Watcher"), so a flow log that merely names it races that
 * creation or fails.
 *
 * - Absent (a freshly vended subscription): created, before the VNet (callers make the VNet depend on
 *   `resource`, so Azure's automatic creation finds it and does nothing).
 * - Present under the conventional name (an existing subscription): adopted with its resource group
 *   (import guarded by existence probes; the group keeps its own region, a ForceNew attribute).
 * - Another watcher in the same region under another name: the plan stops with a precondition that says
 *   so, instead of a create that Azure refuses at apply time.
 */
export class RegionalNetworkWatcher extends Construct {
  readonly id: string;
  readonly name: string;
  /** The watcher resource: make the VNet depend on it. */
  readonly resource: AzurermNetworkWatcher;

  constructor(scope: Construct, id: string, props: RegionalNetworkWatcherProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    const moves = StateMoves.of(this);
    const subscription = `/subscriptions/${props.subscriptionId}`;
    const rgId = `${subscription}/resourceGroups/${NETWORK_WATCHER_RESOURCE_GROUP}`;
    const name = networkWatcherName(props.location);
    const watcherId = `${rgId}/providers/Microsoft.Network/networkWatchers/${name}`;

    const rgProbe = new DataAzapiResource(this, 'ResourceGroupExisting', { arm: ARM_TYPES.resourceGroup, resourceId: rgId, ignoreNotFound: true });
    const rgRef = `data.${rgProbe.terraformResourceType}.${rgProbe.friendlyUniqueId}`;
    const rg = new AzurermResourceGroup(this, 'ResourceGroup', {
      name: NETWORK_WATCHER_RESOURCE_GROUP,
      // An adopted group keeps the region it was created in (location is ForceNew).
      location: `\${${rgRef}.exists ? ${rgRef}.location : ${JSON.stringify(props.location)}}`,
      tags,
    });
    moves.adopt(rg, rgId, rgProbe);

    const list = new DataAzapiResourceList(this, 'Watchers', {
      arm: ARM_TYPES.networkWatcher,
      parentId: subscription,
      responseExportValues: { watchers: 'value[].{id: id, location: location}' },
    });
    const others = `[for w in ${list.outputExpression('watchers')} : w.id if lower(replace(w.location, " ", "")) == ${JSON.stringify(props.location)} && lower(w.id) != lower(${JSON.stringify(watcherId)})]`;
    const watcher = new AzurermNetworkWatcher(this, 'Resource', {
      name,
      resourceGroupName: rg.name,
      location: props.location,
      tags,
      lifecycle: {
        precondition: [{
          condition: `\${length(${others}) == 0}`,
          errorMessage: `Azure allows one Network Watcher per subscription and region, and subscription ${props.subscriptionId} already has one in ${props.location} `
            + `that is not ${NETWORK_WATCHER_RESOURCE_GROUP}/${name}. Delete it (or move its flow logs and connection monitors) so ailz can own ${name}, `
            + 'or bring that watcher to the conventional name before applying.',
        }],
      },
    });
    moves.adopt(watcher, watcherId, new DataAzapiResource(this, 'Existing', { arm: ARM_TYPES.networkWatcher, resourceId: watcherId, ignoreNotFound: true }));

    this.resource = watcher;
    this.id = watcher.id;
    this.name = watcher.name;
  }
}
