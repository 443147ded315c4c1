/**
 * Private endpoint subresources ailz uses and the private DNS zones each one must register in
 * (public cloud). Source: Microsoft Learn "Azure Private Endpoint private DNS zone values"
 * (`../shared/reference/private-dns-zones.json`); `test/core/private-dns-zones.test.ts` checks every
 * pairing against it.
 *
 * The `{regionName}.data.privatelink.azurecr.io` zone of registries is deliberately absent: the
 * page's footnote says not to deploy it as a separate zone (its records live in `privatelink.azurecr.io`).
 */
export const PRIVATE_ENDPOINT_SUBRESOURCES = {
  /** Azure OpenAI / AI Services account: registers in all three AI zones. */
  account: {
    resourceType: 'Microsoft.CognitiveServices/accounts',
    zones: ['privatelink.cognitiveservices.azure.com', 'privatelink.openai.azure.com', 'privatelink.services.ai.azure.com'],
  },
  amlworkspace: {
    resourceType: 'Microsoft.MachineLearningServices/workspaces',
    zones: ['privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net'],
  },
  vault: { resourceType: 'Microsoft.KeyVault/vaults', zones: ['privatelink.vaultcore.azure.net'] },
  blob: { resourceType: 'Microsoft.Storage/storageAccounts', zones: ['privatelink.blob.core.windows.net'] },
  file: { resourceType: 'Microsoft.Storage/storageAccounts', zones: ['privatelink.file.core.windows.net'] },
  dfs: { resourceType: 'Microsoft.Storage/storageAccounts', zones: ['privatelink.dfs.core.windows.net'] },
  queue: { resourceType: 'Microsoft.Storage/storageAccounts', zones: ['privatelink.queue.core.windows.net'] },
  table: { resourceType: 'Microsoft.Storage/storageAccounts', zones: ['privatelink.table.core.windows.net'] },
  registry: { resourceType: 'Microsoft.ContainerRegistry/registries', zones: ['privatelink.azurecr.io'] },
  searchService: { resourceType: 'Microsoft.Search/searchServices', zones: ['privatelink.search.windows.net'] },
} as const satisfies Record<string, { resourceType: string; zones: readonly string[] }>;

export type PrivateEndpointSubresource = keyof typeof PRIVATE_ENDPOINT_SUBRESOURCES;

/** The zones a private endpoint of this subresource must register in. */
export type ZonesOf<S extends PrivateEndpointSubresource> = (typeof PRIVATE_ENDPOINT_SUBRESOURCES)[S]['zones'][number];

/** Every private DNS zone name ailz manages or links, sorted. */
export type PrivateDnsZoneName = ZonesOf<PrivateEndpointSubresource>;

export const PRIVATE_DNS_ZONE_NAMES: readonly PrivateDnsZoneName[] = [
  ...new Set(Object.values(PRIVATE_ENDPOINT_SUBRESOURCES).flatMap((s) => s.zones as readonly PrivateDnsZoneName[])),
].sort();

/** Zones required by a subresource (sorted). */
export function zonesFor(subresource: PrivateEndpointSubresource): readonly PrivateDnsZoneName[] {
  return [...PRIVATE_ENDPOINT_SUBRESOURCES[subresource].zones].sort();
}
