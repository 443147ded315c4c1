import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { PrivateDnsZone as AzurermPrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink as AzurermPrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PRIVATE_DNS_ZONE_NAMES, PrivateDnsZoneName } from '../../azure/private-dns-zones';

/** Who owns the private DNS zones. */
export type PrivateDnsOwnership =
  | { readonly mode: 'managed' }
  | {
    readonly mode: 'existing';
    /** `/subscriptions/<id>/resourceGroups/<name>` holding zones with the exact ailz names. */
    readonly resourceGroupId: string;
    /**
     * Provider for that subscription. VNet links are child resources of the zone, so they are created
     * in the zone's subscription: when it is not the stack's own, pass an aliased azurerm provider for it.
     * @default undefined - the stack's default provider (zones in the same subscription)
     */
    readonly provider?: TerraformProvider;
  };

export interface PrivateDnsZonesProps {
  /** Resource group for the zones in `managed` mode (the platform resource group). */
  readonly resourceGroupName: string;
  /** @default { mode: 'managed' } - ailz creates every zone of `PRIVATE_DNS_ZONE_NAMES` */
  readonly ownership?: PrivateDnsOwnership;
  /** The hub VNet, linked to every zone. */
  readonly hubVirtualNetworkId: string;
  readonly hubVirtualNetworkName: string;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

const RESOURCE_GROUP_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i;

/** Splits `/subscriptions/<id>/resourceGroups/<name>`; throws with the expected shape otherwise. */
export function parseResourceGroupId(id: string): { subscriptionId: string; resourceGroupName: string } {
  const m = RESOURCE_GROUP_ID.exec(id);
  if (!m) throw new Error(`private DNS resourceGroupId "${id}" is not a resource group ID; expected /subscriptions/<subscription id>/resourceGroups/<name>`);
  return { subscriptionId: m[1], resourceGroupName: m[2] };
}

/**
 * The private DNS zones of every service ailz deploys (`PRIVATE_DNS_ZONE_NAMES`), each linked to the
 * hub with auto-registration off (endpoints register through their DNS zone groups; VMs never write
 * records). In `existing` mode no zone is created: the hub link goes into the platform team's zones,
 * which must carry the same names.
 *
 * Spoke links are not here: each workload stack links its own spoke (`HubAttachment`, through a provider
 * for the zones' subscription), so a new workload never needs another apply of the platform stack.
 */
export class PrivateDnsZones extends Construct {
  /** Zone name -> zone resource ID (created here, or the existing zone's computed ID). */
  readonly zoneIds: { readonly [Z in PrivateDnsZoneName]: string };

  constructor(scope: Construct, id: string, props: PrivateDnsZonesProps) {
    super(scope, id);
    const ownership = props.ownership ?? { mode: 'managed' };
    const tags = props.tags ?? {};
    const existing = ownership.mode === 'existing' ? parseResourceGroupId(ownership.resourceGroupId) : undefined;
    const provider = ownership.mode === 'existing' ? ownership.provider : undefined;
    const rgName = existing ? existing.resourceGroupName : props.resourceGroupName;

    const ids: Record<string, string> = {};
    for (const zone of PRIVATE_DNS_ZONE_NAMES) {
      // Zone names are constants of the catalog: stable construct ids.
      const scopeForZone = new Construct(this, zone);
      let zoneName: string;
      if (ownership.mode === 'managed') {
        const z = new AzurermPrivateDnsZone(scopeForZone, 'Resource', { name: zone, resourceGroupName: rgName, tags });
        ids[zone] = z.id;
        zoneName = z.name;
      } else {
        ids[zone] = `${ownership.resourceGroupId}/providers/Microsoft.Network/privateDnsZones/${zone}`;
        zoneName = zone;
      }
      new AzurermPrivateDnsZoneVirtualNetworkLink(scopeForZone, 'HubLink', {
        name: `link-${props.hubVirtualNetworkName}`,
        privateDnsZoneName: zoneName,
        resourceGroupName: rgName,
        virtualNetworkId: props.hubVirtualNetworkId,
        registrationEnabled: false,
        tags,
        ...(provider ? { provider } : {}),
      });
    }
    this.zoneIds = ids as { [Z in PrivateDnsZoneName]: string };
  }
}
