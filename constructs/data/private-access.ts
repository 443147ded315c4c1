import { Construct } from 'constructs';
import { PrivateEndpoint, dnsZoneIdsFor } from '../core/private-endpoint';
import { PrivateEndpointSubresource } from '../../azure/private-dns-zones';

/**
 * How a construct reaches the spoke network: the private-endpoint subnet and a resolver from private
 * DNS zone name to zone ID (the platform's zones). Shared by every data and AI construct.
 */
export interface PrivateEndpointOptions {
  /** The spoke's private-endpoint subnet ID. */
  readonly subnetId: string;
  /** Private DNS zone ID for a zone name, e.g. `privatelink.vaultcore.azure.net` -> its resource ID. */
  readonly dnsZoneId: (zoneName: string) => string;
  /**
   * Name of the endpoint for this resource (`pep-...`); constructs with several endpoints append the subresource.
   * @default `pep-<resource name>`
   */
  readonly name?: string;
}

/** The endpoint name for `resourceName` (and `subresource` where a resource has several endpoints). */
export function endpointName(options: PrivateEndpointOptions, resourceName: string, subresource?: string): string {
  const base = options.name ?? `pep-${resourceName}`;
  return subresource ? `${base}-${subresource}` : base;
}

export interface ResourcePrivateEndpointProps {
  readonly options: PrivateEndpointOptions;
  /** Name of the resource the endpoint connects to (the endpoint is `pep-<name>` by default). */
  readonly resourceName: string;
  readonly targetResourceId: string;
  readonly subresource: PrivateEndpointSubresource;
  readonly location: string;
  readonly resourceGroupName: string;
  readonly tags: Record<string, string>;
  /** Append the subresource to the endpoint name (resources with several endpoints, e.g. storage). */
  readonly nameWithSubresource?: boolean;
}

/**
 * The private endpoint of a data or AI resource, in the spoke's endpoint subnet and registered in
 * every zone its subresource needs (the zone set comes from the subresource, so it cannot be wrong).
 */
export function addResourcePrivateEndpoint(scope: Construct, id: string, props: ResourcePrivateEndpointProps): PrivateEndpoint {
  const sub = props.subresource;
  return new PrivateEndpoint(scope, id, {
    name: endpointName(props.options, props.resourceName, props.nameWithSubresource ? sub : undefined),
    location: props.location,
    resourceGroupName: props.resourceGroupName,
    subnetId: props.options.subnetId,
    targetResourceId: props.targetResourceId,
    subresource: sub,
    dnsZoneIds: dnsZoneIdsFor(sub, props.options.dnsZoneId),
    tags: props.tags,
  });
}
