import { Construct } from 'constructs';
import { PrivateEndpoint as AzurermPrivateEndpoint } from '@cdktf/provider-azurerm/lib/private-endpoint';
import { PRIVATE_ENDPOINT_SUBRESOURCES, PrivateEndpointSubresource, ZonesOf, zonesFor } from '../../azure/private-dns-zones';

export interface PrivateEndpointProps<S extends PrivateEndpointSubresource> {
  /** Name of the endpoint (`pep-...`); the NIC is named `nic-<name>`. */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** The spoke's private-endpoint subnet. */
  readonly subnetId: string;
  /** The resource the endpoint connects to. */
  readonly targetResourceId: string;
  /** The target's sub-resource (group ID): `account`, `amlworkspace`, `vault`, `blob`, `registry`, ... */
  readonly subresource: S;
  /**
   * The private DNS zone ID for each zone this subresource must register in: exactly those zones.
   * Typed per subresource, so a wrong subresource/zone pairing does not compile.
   */
  readonly dnsZoneIds: { readonly [Z in ZonesOf<S>]: string };
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * A private endpoint in the spoke's endpoint subnet with a DNS zone group that registers the
 * endpoint in every zone its subresource needs (an OpenAI `account` registers in all three AI zones),
 * so names resolve privately from every spoke linked to those zones.
 */
export class PrivateEndpoint<S extends PrivateEndpointSubresource = PrivateEndpointSubresource> extends Construct {
  readonly id: string;

  constructor(scope: Construct, id: string, props: PrivateEndpointProps<S>) {
    super(scope, id);
    if (!(props.subresource in PRIVATE_ENDPOINT_SUBRESOURCES)) {
      throw new Error(`PrivateEndpoint ${props.name}: unknown subresource "${props.subresource}" (known: ${Object.keys(PRIVATE_ENDPOINT_SUBRESOURCES).join(', ')})`);
    }
    // The type system already enforces the pairing; this guards JavaScript callers and casts.
    const required = zonesFor(props.subresource);
    const given = Object.keys(props.dnsZoneIds).sort();
    if (JSON.stringify(given) !== JSON.stringify([...required])) {
      throw new Error(`PrivateEndpoint ${props.name}: subresource "${props.subresource}" registers in ${required.join(', ')}; got zones ${given.join(', ') || '(none)'}`);
    }
    const zoneIds = required.map((zone) => (props.dnsZoneIds as Record<string, string>)[zone]);
    const endpoint = new AzurermPrivateEndpoint(this, 'Resource', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.subnetId,
      customNetworkInterfaceName: `nic-${props.name}`,
      privateServiceConnection: {
        name: `psc-${props.name}`,
        privateConnectionResourceId: props.targetResourceId,
        subresourceNames: [props.subresource],
        isManualConnection: false,
      },
      privateDnsZoneGroup: { name: 'default', privateDnsZoneIds: zoneIds },
      tags: props.tags ?? {},
    });
    this.id = endpoint.id;
  }
}

/** Builds the typed zone-ID map for a subresource from a resolver (zone name -> zone ID). */
export function dnsZoneIdsFor<S extends PrivateEndpointSubresource>(subresource: S, zoneId: (zone: ZonesOf<S>) => string): { [Z in ZonesOf<S>]: string } {
  return Object.fromEntries(zonesFor(subresource).map((z) => [z, zoneId(z as ZonesOf<S>)])) as { [Z in ZonesOf<S>]: string };
}
