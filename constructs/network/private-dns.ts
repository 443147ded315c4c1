import { Construct } from 'constructs';
import { TerraformProvider, Token } from 'cdktf';
import { PrivateDnsZone as AzurermPrivateDnsZone } from '@cdktf/provider-azurerm/lib/private-dns-zone';
import { PrivateDnsZoneVirtualNetworkLink as AzurermPrivateDnsZoneVirtualNetworkLink } from '@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link';
import { PRIVATE_DNS_ZONE_NAMES, PrivateDnsZoneName } from '../../azure/private-dns-zones';

/** A workload spoke the hub connects to. */
export interface SpokeVirtualNetwork {
  /**
   * The workload name from the config. Per-spoke construct ids (`Spoke-<name>`) are built from it:
   * it is the workload's stable identity in `landing-zone.yaml` (renaming a workload already
   * replaces its whole stack), so using it in Terraform addresses is deliberate, not a runtime value.
   */
  readonly name: string;
  /** Resource ID of the spoke VNet (may contain an unresolved subscription ID for vended workloads). */
  readonly virtualNetworkId: string;
}

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
  /** @default [] - no spokes linked */
  readonly spokes?: readonly SpokeVirtualNetwork[];
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

/** Link name for a VNet: `link-<vnet name>`, unique per zone even when several landing zones share the zones. */
function linkName(virtualNetworkId: string, fallback: string): string {
  const last = virtualNetworkId.split('/').pop() ?? '';
  return last && !Token.isUnresolved(last) ? `link-${last}` : `link-${fallback}`;
}

/**
 * The private DNS zones of every service ailz deploys (`PRIVATE_DNS_ZONE_NAMES`), each linked to the
 * hub and to every workload spoke with auto-registration off (endpoints register through their DNS
 * zone groups; VMs never write records). In `existing` mode no zone is created: the links go into
 * the platform team's zones, which must carry the same names.
 *
 * Spoke links live here, in the stack that owns the zones, rather than in each workload stack: a link
 * is a child of its zone, so creating it from the workload would need write access to the platform's
 * DNS from every workload pipeline.
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
    const spokes = [...(props.spokes ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    const seen = new Set<string>();
    for (const s of spokes) {
      if (seen.has(s.name)) throw new Error(`PrivateDnsZones: spoke "${s.name}" is listed twice`);
      seen.add(s.name);
    }

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
      const link = (linkId: string, name: string, vnetId: string) => new AzurermPrivateDnsZoneVirtualNetworkLink(scopeForZone, linkId, {
        name,
        privateDnsZoneName: zoneName,
        resourceGroupName: rgName,
        virtualNetworkId: vnetId,
        registrationEnabled: false,
        tags,
        ...(provider ? { provider } : {}),
      });
      link('HubLink', `link-${props.hubVirtualNetworkName}`, props.hubVirtualNetworkId);
      for (const s of spokes) link(`Spoke-${s.name}`, linkName(s.virtualNetworkId, s.name), s.virtualNetworkId);
    }
    this.zoneIds = ids as { [Z in PrivateDnsZoneName]: string };
  }
}
