/**
 * Azure Policy alias paths that are not `properties.<alias path>` - the exceptions the simulator needs to
 * read a field from an ARM request body. Everything not listed resolves to `properties.<path after the type>`.
 *
 * Source: the alias catalog Azure Resource Manager publishes (`GET /providers?$expand=resourceTypes/aliases`,
 * `Get-AzPolicyAlias`), read on 2026-08-22 through its daily dump maciejporebski/azure-policy-aliases
 * @ 92a03715 (`aliases/<namespace>/<type>.md`, "Default Path" column). The rules below were written by hand
 * from that catalog; `node scripts/verify-policy-aliases.js <dump>` checks them: all 5,450 aliases of the 42 ARM
 * types ailz deploys (`azure/provider-api-versions.ts`, plus network interfaces) resolve to the catalog's path
 * (2026-11-26; 443 further aliases of child types spelled with a dot, e.g. `registries/scopeMaps.description`,
 * judge the child type and select nothing on the parent, as in Azure).
 * Microsoft Learn: https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-alias
 * (aliases map to paths per API version; `[*]` selects array members).
 *
 * Property names are matched case-insensitively (the catalog itself spells the same property
 * `ipconfigurations` in one alias and `ipConfigurations` in the next, both resolving to `properties.ipConfigurations`).
 */

/** Fields outside `properties` that every type has (Azure Policy "fields": name, fullName, kind, type, location, id, identity.type, tags). */
export const TOP_LEVEL_FIELDS: readonly string[] = ['name', 'fullName', 'kind', 'type', 'location', 'id', 'tags', 'identity'];

/**
 * Top-level members of the request body that per-type aliases point to directly (`<type>/sku.name` -> `sku.name`).
 * Catalog: e.g. `Microsoft.CognitiveServices/accounts/sku.name` -> `sku.name`,
 * `Microsoft.ContainerRegistry/registries/sku.tier` -> `sku.tier`.
 */
export const TOP_LEVEL_ALIAS_ROOTS: readonly string[] = ['sku', 'identity', 'plan', 'zones', 'extendedLocation', 'kind', 'tags', 'location'];

/**
 * Types whose `sku` is a member of `properties`, not of the body: their `sku` aliases follow the default rule.
 * Catalog: `Microsoft.KeyVault/vaults/sku.name` -> `properties.sku.name`.
 */
export const PROPERTIES_SKU_TYPES: readonly string[] = ['microsoft.keyvault/vaults', 'microsoft.operationalinsights/workspaces'];

/**
 * Polymorphic bodies: their aliases name the variant (`Scheduled.`, `LogicApp.`, `Microsoft.Azure.Monitor.<criteria type>`,
 * a compute type) as segments starting with a capital letter, which the path drops (a leaf segment is never dropped).
 * Catalog: `Microsoft.SecurityInsights/alertRules/Scheduled.query` -> `properties.query`;
 * `Microsoft.Security/automations/actions[*].LogicApp.uri` -> `properties.actions[*].uri`;
 * `Microsoft.Insights/metricAlerts/criteria.Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria` -> `properties.criteria`;
 * `Microsoft.MachineLearningServices/workspaces/computes/SynapseSpark.nodeCount` -> `properties.properties.nodeCount`.
 */
export const POLYMORPHIC_TYPES: readonly string[] = [
  'microsoft.securityinsights/alertrules', 'microsoft.security/automations', 'microsoft.insights/metricalerts', 'microsoft.security/securitycontacts',
  'microsoft.machinelearningservices/workspaces/computes',
];

/**
 * Aliases whose path follows no rule, by full alias name (lower case). Mostly legacy array aliases: names without
 * `[*]` whose path selects every array member, which behave like the `[*]` alias of the same path (a field condition
 * must hold for every member). Catalog: each row below, e.g. `Microsoft.Insights/diagnosticSettings/logs.enabled` ->
 * `properties.logs[*].enabled`, `Microsoft.Storage/storageAccounts/enableBlobEncryption` -> `properties.encryption.services.blob.enabled`.
 */
export const LEGACY_ARRAY_ALIASES: Readonly<Record<string, string>> = {
  'microsoft.storage/storageaccounts/enableblobencryption': 'properties.encryption.services.blob.enabled',
  'microsoft.storage/storageaccounts/enablefileencryption': 'properties.encryption.services.file.enabled',
  'microsoft.storage/storageaccounts/blobservices/default.defaultserviceversion': 'properties.defaultServiceVersion',
  // The paths of the current API version; the provider sends 2017-08-01-preview (email, alertNotifications: On/Off),
  // so arm/adapters/monitoring.ts models no property of this type and these read as unknown.
  'microsoft.security/securitycontacts/email': 'properties.emails',
  'microsoft.security/securitycontacts/alertnotifications': 'properties.alertNotifications.state',
  'microsoft.security/securitycontacts/alertstoadmins': 'properties.notificationsByRole.state',
  'microsoft.insights/diagnosticsettings/logs.enabled': 'properties.logs[*].enabled',
  'microsoft.insights/diagnosticsettings/logs.category': 'properties.logs[*].category',
  'microsoft.insights/diagnosticsettings/metrics.enabled': 'properties.metrics[*].enabled',
  'microsoft.insights/diagnosticsettings/metrics.category': 'properties.metrics[*].category',
};

/**
 * Microsoft.Network nests resources inside resources (a subnet inside a virtual network, its network security group
 * inside the subnet, that group's rules inside it): each nested sub-resource keeps `id`, `name`, `etag`, `type` at
 * its top and everything else in its own `properties` envelope, which alias paths skip and request bodies do not.
 * The names below are the nested sub-resource properties of the Network resource provider; for every
 * `Microsoft.Network/*` type, a `properties` envelope is inserted after each of them.
 * Catalog: `Microsoft.Network/networkInterfaces/ipconfigurations[*].publicIpAddress.id` ->
 * `properties.ipConfigurations[*].properties.publicIpAddress.id`; `.../virtualNetworks/subnets[*].networkSecurityGroup.securityRules[*].access`
 * -> `properties.subnets[*].properties.networkSecurityGroup.properties.securityRules[*].properties.access`.
 */
export const NETWORK_SUB_RESOURCES: ReadonlySet<string> = new Set([
  'applicationgatewaybackendaddresspools', 'applicationsecuritygroups', 'backendaddresspools', 'backendipconfiguration',
  'backendipconfigurations', 'defaultsecurityrules', 'delegations', 'destinationapplicationsecuritygroups', 'flowlogs',
  'frontendipconfigurations', 'inboundnatpools', 'inboundnatrules', 'ipconfiguration', 'ipconfigurations',
  'loadbalancerbackendaddresspools', 'loadbalancerinboundnatrules', 'loadbalancingrules', 'manualprivatelinkserviceconnections',
  'natgateway', 'networkinterfaces', 'networksecuritygroup', 'outboundrules', 'privatednszoneconfigs', 'privateendpoint',
  'privateendpointconnections', 'privateendpoints', 'privatelinkservice', 'privatelinkserviceconnections', 'probes',
  'publicipaddress', 'resourcenavigationlinks', 'routes', 'routetable', 'securityrules', 'serviceassociationlinks',
  'serviceendpointpolicies', 'serviceendpointpolicydefinitions', 'sourceapplicationsecuritygroups', 'subnet', 'subnets',
  'tapconfigurations', 'virtualnetworkpeerings', 'virtualnetworktap', 'virtualnetworktaps', 'interfaceendpoint', 'interfaceendpoints',
  'ipconfigurationprofiles', 'networkinterfacetapconfigurations', 'destinationloadbalancerfrontendipconfiguration',
  'destinationnetworkinterfaceipconfiguration', 'containernetworkinterfaceconfigurations', 'containernetworkinterfaces',
  'ipconfigurationprofile', 'privatelinkconfigurations', 'endpointservice', 'applicationgatewayipconfigurations',
]);

/**
 * Outside Microsoft.Network, the sub-resource arrays with their own `properties` envelope, by ARM type (`*`: every
 * type). Catalog: `Microsoft.KeyVault/vaults/privateEndpointConnections[*].privateEndpoint.id` ->
 * `properties.privateEndpointConnections[*].properties.privateEndpoint.id`;
 * `Microsoft.MachineLearningServices/workspaces/sharedPrivateLinkResources[*].groupId` -> `...[*].properties.groupId`.
 */
export const SUB_RESOURCE_ENVELOPES: Readonly<Record<string, readonly string[]>> = {
  'microsoft.machinelearningservices/workspaces': ['sharedprivatelinkresources[*]'],
  '*': ['privateendpointconnections[*]'],
};

/**
 * Types whose type-specific settings sit one level deeper, in `properties.properties` (a polymorphic compute
 * body). Key: ARM type; value: the first alias segments that stay at `properties.<path>` (every other alias of
 * the type goes to `properties.properties.<path>`).
 * Catalog: `Microsoft.MachineLearningServices/workspaces/computes/idleTimeBeforeShutdown` -> `properties.properties.idleTimeBeforeShutdown`,
 * `.../computes/computeType` -> `properties.computeType`, `.../computes/disableLocalAuth` -> `properties.disableLocalAuth`
 * (all 29 aliases of the type that keep `properties.<path>` start with one of the segments below).
 */
export const NESTED_PROPERTIES_TYPES: Readonly<Record<string, readonly string[]>> = {
  'microsoft.machinelearningservices/workspaces/computes': [
    'computetype', 'computelocation', 'description', 'resourceid', 'disablelocalauth', 'provisioningstate', 'createdon',
    'modifiedon', 'isattachedcompute', 'provisioningerrors',
  ],
};
