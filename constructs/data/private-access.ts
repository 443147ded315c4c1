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
