/**
 * The national clouds `ailz assess` and `ailz policy pull` can talk to: one name sets the Entra ID
 * authority host, the Azure Resource Manager endpoint, the ARM token scope and the Microsoft Graph
 * endpoint together, so a token is never requested for one cloud and sent to another.
 *
 * Sources (read 2026-09-01): authority hosts from `@azure/identity` 4.13.0 `AzureAuthorityHosts`;
 * ARM and Graph endpoints from `az cloud show --name <cloud>` (`endpoints.resourceManager`,
 * `endpoints.microsoftGraphResourceId`) as documented on Microsoft Learn "National clouds"
 * (learn.microsoft.com/graph/deployments) and "Azure Government developer guide". The ARM token
 * scope is the ARM endpoint with `/.default` (the resource ID `az` requests tokens for).
 */
export const CLOUD_NAMES = ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'] as const;
export type CloudName = (typeof CLOUD_NAMES)[number];

export interface CloudEndpoints {
  readonly name: CloudName;
  /** Entra ID authority host for token requests. */
  readonly authorityHost: string;
  /** Azure Resource Manager endpoint, without a trailing slash. */
  readonly armEndpoint: string;
  /** The scope ARM tokens are requested for. */
  readonly armScope: string;
  /** Microsoft Graph endpoint, without a trailing slash. */
  readonly graphEndpoint: string;
  /** The scope Graph tokens are requested for. */
  readonly graphScope: string;
}

export const CLOUDS: Readonly<Record<CloudName, CloudEndpoints>> = {
  AzureCloud: {
    name: 'AzureCloud',
    authorityHost: 'https://login.microsoftonline.com',
    armEndpoint: 'https://management.azure.com',
    armScope: 'https://management.azure.com/.default',
    graphEndpoint: 'https://graph.microsoft.com',
    graphScope: 'https://graph.microsoft.com/.default',
  },
  AzureUSGovernment: {
    name: 'AzureUSGovernment',
    authorityHost: 'https://login.microsoftonline.us',
    armEndpoint: 'https://management.usgovcloudapi.net',
    armScope: 'https://management.usgovcloudapi.net/.default',
    graphEndpoint: 'https://graph.microsoft.us',
    graphScope: 'https://graph.microsoft.us/.default',
  },
  AzureChinaCloud: {
    name: 'AzureChinaCloud',
    authorityHost: 'https://login.chinacloudapi.cn',
    armEndpoint: 'https://management.chinacloudapi.cn',
    armScope: 'https://management.chinacloudapi.cn/.default',
    graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
    graphScope: 'https://microsoftgraph.chinacloudapi.cn/.default',
  },
};

export function isCloudName(s: string): s is CloudName {
  return (CLOUD_NAMES as readonly string[]).includes(s);
}
