import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { VirtualNetworkPeering as AzurermVirtualNetworkPeering } from '@cdktf/provider-azurerm/lib/virtual-network-peering';
import { PrivateDnsZoneVirtualNetworkLink as AzurermPrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { ARM_TYPES } from '../../azure/arm-types';
import { PRIVATE_DNS_ZONE_NAMES } from '../../azure/private-dns-zones';
import { DataAzapiResource } from '../core/azapi';
import { StateMoves } from '../core/state-moves';

export interface HubAttachmentProps {
  /** The spoke VNet (created in the same stack). */
  readonly spokeVirtualNetworkId: string;
  /** Its name: the DNS links are named `link-<spoke VNet name>`. */
  readonly spokeVirtualNetworkName: string;
  /** The hub VNet, computed from the config (it lives in the platform subscription). */
  readonly hub: {
    readonly subscriptionId: string;
    readonly resourceGroupName: string;
    readonly virtualNetworkName: string;
  };
  /** Name of the hub-side peering (`peer-<prefix>-platform-hub-to-<workload>-<region>`). */
  readonly peeringName: string;
  /**
   * azurerm provider for the platform subscription: the hub-side peering is a child of the hub VNet,
   * so it is created there (the provider's subscription decides where; the remote VNet is any ID).
   */
  readonly platformProvider: TerraformProvider;
  /** The resource group that holds the private DNS zones (`/subscriptions/<id>/resourceGroups/<name>`). */
  readonly privateDnsResourceGroupId: string;
  /**
   * azurerm provider for the zones' subscription.
   * @default platformProvider - the zones live in the platform subscription
   */
  readonly privateDnsProvider?: TerraformProvider;
  /**
   * Let the spoke use a gateway in the hub (only once one exists in the reserved `GatewaySubnet`).
   * @default false - no gateway transit; on-premises routes do not reach AI spokes
   */
  readonly allowGatewayTransit?: boolean;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

const RESOURCE_GROUP_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i;

/**
 * Everything in the platform subscription that exists because of one workload spoke: the hub side of
 * its peering, and a link from every private DNS zone to the spoke VNet (registration off). It lives in
 * the workload's stack, through an aliased provider for the platform subscription, so a new workload is
 * deployed with one apply of its own stack and the platform stack never references a workload.
 *
 * Each resource adopts an existing object of the same ID (a landing zone deployed before these
 * resources moved out of the platform stack) through StateMoves: an existence probe read at plan time
 * and an `import` that only applies when the probe finds it; the platform stack releases the old
 * addresses with `removed { lifecycle { destroy = false } }`. Names are exactly the ones the platform
 * stack used, so the same objects are found.
 */
export class HubAttachment extends Construct {
  readonly peeringId: string;
  /** Zone name -> link resource (for ordering: endpoints that must resolve at apply time can depend on them). */
  readonly links: Readonly<Record<string, AzurermPrivateDnsZoneVirtualNetworkLink>>;

  constructor(scope: Construct, id: string, props: HubAttachmentProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    const moves = StateMoves.of(this);
    const rg = RESOURCE_GROUP_ID.exec(props.privateDnsResourceGroupId);
    if (!rg) throw new Error(`HubAttachment: privateDnsResourceGroupId "${props.privateDnsResourceGroupId}" is not a resource group ID; expected /subscriptions/<subscription id>/resourceGroups/<name>`);
    const dnsResourceGroupName = rg[2];
    const dnsProvider = props.privateDnsProvider ?? props.platformProvider;
    const { hub } = props;

    const peeringId = `/subscriptions/${hub.subscriptionId}/resourceGroups/${hub.resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${hub.virtualNetworkName}/virtualNetworkPeerings/${props.peeringName}`;
    const peering = new AzurermVirtualNetworkPeering(this, 'HubPeering', {
      provider: props.platformProvider,
      name: props.peeringName,
      resourceGroupName: hub.resourceGroupName,
      virtualNetworkName: hub.virtualNetworkName,
      remoteVirtualNetworkId: props.spokeVirtualNetworkId,
      allowVirtualNetworkAccess: true,
      // Spokes do not transit the hub to reach each other: each workload is its own segment.
      allowForwardedTraffic: false,
      allowGatewayTransit: props.allowGatewayTransit ?? false,
      useRemoteGateways: false,
    });
    moves.adopt(peering, peeringId, new DataAzapiResource(this, 'HubPeeringExisting', {
      arm: ARM_TYPES.virtualNetworkPeering, resourceId: peeringId, ignoreNotFound: true
    }), props.platformProvider);
    this.peeringId = peering.id;

    const linkName = `link-${props.spokeVirtualNetworkName}`;
    const links: Record<string, AzurermPrivateDnsZoneVirtualNetworkLink> = {};
    for (const zone of PRIVATE_DNS_ZONE_NAMES) {
      // Zone names are constants of the catalog: stable construct ids.
      const zoneScope = new Construct(this, zone);
      const linkId = `${props.privateDnsResourceGroupId}/providers/Microsoft.Network/privateDnsZones/${zone}/virtualNetworkLinks/${linkName}`;
      const link = new AzurermPrivateDnsZoneVirtualNetworkLink(zoneScope, 'Link', {
        provider: dnsProvider,
        name: linkName,
        privateDnsZoneName: zone,
        resourceGroupName: dnsResourceGroupName,
        virtualNetworkId: props.spokeVirtualNetworkId,
        registrationEnabled: false,
        tags,
      });
      moves.adopt(link, linkId, new DataAzapiResource(zoneScope, 'LinkExisting', {
        arm: ARM_TYPES.privateDnsZoneVirtualNetworkLink, resourceId: linkId, ignoreNotFound: true
      }), dnsProvider);
      links[zone] = link;
    }
    this.links = links;
  }
}
