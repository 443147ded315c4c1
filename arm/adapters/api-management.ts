/**
 * The AI gateway's resources (API Management, its DNS record and application security group). Provider
 * source: hashicorp/terraform-provider-azurerm @ v4.55.0, `internal/services/...` (cited per adapter).
 * Child objects of an API Management instance are placed under it by name; the instance may live in
 * another stack (the shared gateway), so its ID is formed from the names when it is not in this stack.
 */
import { ArmObject, UNKNOWN } from '../resource';
import { unresolved } from '../terraform';
import { Adapter, AdapterContext, compact } from '../adapter';
import { Resolved } from '../terraform';

/** ID of the API Management instance named by `api_management_name` (in this stack, or formed from the names). */
function serviceId(c: AdapterContext): Resolved {
  const svc = c.world.referencedResource(c.res.stack, c.raw('api_management_name'));
  return svc
    ? c.world.resolveString(c.res.stack, `\${${svc.resource.address}.id}`)!
    : unresolved(`/subscriptions/${c.subscription.scope}/resourcegroups/${c.resolved('resource_group_name').scope}/providers/microsoft.apimanagement/service/${c.resolved('api_management_name').scope}`);
}

/** `<service>/apis/<api_name>` for operations and policies. */
function apiId(c: AdapterContext): Resolved {
  const api = c.world.referencedResource(c.res.stack, c.raw('api_name'));
  if (api) return c.world.resolveString(c.res.stack, `\${${api.resource.address}.id}`)!;
  const svc = serviceId(c);
  return unresolved(`${svc.scope}/apis/${c.resolved('api_name').scope}`);
}

/**
 * azurerm_api_management: apimanagement/api_management_resource.go (create: sku from `sku_name`
 * "<tier>_<capacity>", identity, publisherName/Email, publicNetworkAccess, virtualNetworkType and
 * virtualNetworkConfiguration.subnetResourceId, apiVersionConstraint.minApiVersion; customProperties
 * from the `security` block are not modelled).
 */
export const API_MANAGEMENT: Adapter = {
  terraformType: 'azurerm_api_management',
  source: 'apimanagement/api_management_resource.go (resourceApiManagementServiceCreate)',
  build: (c) => {
    const sku = c.str('sku_name');
    const [name, capacity] = typeof sku === 'string' ? sku.split('_') : [UNKNOWN, UNKNOWN];
    const vnet = c.block('virtual_network_configuration');
    const identity = c.block('identity');
    const properties: ArmObject = compact({
      publisherName: c.value('publisher_name') ?? UNKNOWN,
      publisherEmail: c.value('publisher_email') ?? UNKNOWN,
      publicNetworkAccess: ((v) => (v === UNKNOWN ? UNKNOWN : v ? 'Enabled' : 'Disabled'))(c.bool('public_network_access_enabled', true)),
      virtualNetworkType: c.value('virtual_network_type', 'None'),
      virtualNetworkConfiguration: vnet ? { subnetResourceId: c.resolve(vnet.subnet_id) ?? UNKNOWN } : undefined,
      apiVersionConstraint: c.value('min_api_version') !== undefined ? { minApiVersion: c.value('min_api_version') ?? UNKNOWN } : undefined,
    });
    return {
      drafts: [{
        type: 'Microsoft.ApiManagement/service',
        name: c.nameOf(),
        placement: c.inResourceGroup(),
        location: c.location(),
        tags: c.tags(),
        sku: { name, capacity: typeof capacity === 'string' ? Number(capacity) : capacity },
        identity: identity ? { type: c.resolve(identity.type) ?? UNKNOWN } : { type: 'None' },
        properties,
        modelled: { properties: ['publisherName', 'publisherEmail', 'publicNetworkAccess', 'virtualNetworkType', 'virtualNetworkConfiguration', 'apiVersionConstraint'] },
      }],
    };
  },
};

/** azurerm_api_management_api: apimanagement/api_management_api_resource.go (path, protocols, subscriptionRequired, type, displayName). */
export const API_MANAGEMENT_API: Adapter = {
  terraformType: 'azurerm_api_management_api',
  source: 'apimanagement/api_management_api_resource.go',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.ApiManagement/service/apis',
      name: c.nameOf(),
      placement: { kind: 'child', parentId: serviceId(c) },
      properties: compact({
        displayName: c.value('display_name'),
        path: c.value('path') ?? UNKNOWN,
        protocols: c.value('protocols'),
        subscriptionRequired: c.bool('subscription_required', true),
        type: c.value('api_type', 'http'),
        apiRevision: c.value('revision'),
      }),
      modelled: 'all',
    }],
  }),
};

/** azurerm_api_management_api_operation: apimanagement/api_management_api_operation_resource.go. */
export const API_MANAGEMENT_API_OPERATION: Adapter = {
  terraformType: 'azurerm_api_management_api_operation',
  source: 'apimanagement/api_management_api_operation_resource.go',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.ApiManagement/service/apis/operations',
      name: c.nameOf('operation_id'),
      placement: { kind: 'child', parentId: apiId(c) },
      properties: compact({ displayName: c.value('display_name'), method: c.value('method') ?? UNKNOWN, urlTemplate: c.value('url_template') ?? UNKNOWN }),
      modelled: 'all',
    }],
  }),
};

/** azurerm_api_management_api_policy: apimanagement/api_management_api_policy_resource.go (name `policy`, format `rawxml`). */
export const API_MANAGEMENT_API_POLICY: Adapter = {
  terraformType: 'azurerm_api_management_api_policy',
  source: 'apimanagement/api_management_api_policy_resource.go',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.ApiManagement/service/apis/policies',
      name: { value: 'policy', scope: 'policy' },
      placement: { kind: 'child', parentId: apiId(c) },
      properties: { format: 'rawxml', value: c.value('xml_content') ?? UNKNOWN },
      modelled: 'all',
    }],
  }),
};

/** azurerm_api_management_backend: apimanagement/api_management_backend_resource.go (url, protocol, tls, credentials). */
export const API_MANAGEMENT_BACKEND: Adapter = {
  terraformType: 'azurerm_api_management_backend',
  source: 'apimanagement/api_management_backend_resource.go',
  build: (c) => {
    const tls = c.block('tls');
    return {
      drafts: [{
        type: 'Microsoft.ApiManagement/service/backends',
        name: c.nameOf(),
        placement: { kind: 'child', parentId: serviceId(c) },
        properties: compact({
          url: c.value('url') ?? UNKNOWN,
          protocol: c.value('protocol') ?? UNKNOWN,
          description: c.value('description'),
          tls: tls ? compact({ validateCertificateChain: c.resolve(tls.validate_certificate_chain), validateCertificateName: c.resolve(tls.validate_certificate_name) }) : undefined,
          credentials: c.block('credentials') ? UNKNOWN : undefined,
        }),
        modelled: 'all',
      }],
    };
  },
};

/** azurerm_private_dns_a_record: privatedns/private_dns_a_record_resource.go (child `A` of the zone; TTL, aRecords). */
export const PRIVATE_DNS_A_RECORD: Adapter = {
  terraformType: 'azurerm_private_dns_a_record',
  source: 'privatedns/private_dns_a_record_resource.go',
  build: (c) => {
    const zone = c.world.referencedResource(c.res.stack, c.raw('zone_name'));
    const parentId = zone
      ? c.world.resolveString(c.res.stack, `\${${zone.resource.address}.id}`)!
      : unresolved(`/subscriptions/${c.subscription.scope}/resourcegroups/${c.resolved('resource_group_name').scope}/providers/microsoft.network/privatednszones/${c.resolved('zone_name').scope}`);
    const records = c.value('records');
    return {
      drafts: [{
        type: 'Microsoft.Network/privateDnsZones/A',
        name: c.nameOf(),
        placement: { kind: 'child', parentId },
        properties: { ttl: c.value('ttl') ?? UNKNOWN, aRecords: Array.isArray(records) ? records.map((ip) => ({ ipv4Address: ip })) : UNKNOWN },
        modelled: 'all',
      }],
    };
  },
};

/** azurerm_application_security_group: network/application_security_group_resource.go (location and tags only). */
export const APPLICATION_SECURITY_GROUP: Adapter = {
  terraformType: 'azurerm_application_security_group',
  source: 'network/application_security_group_resource.go',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Network/applicationSecurityGroups',
      name: c.nameOf(),
      placement: c.inResourceGroup(),
      location: c.location(),
      tags: c.tags(),
      properties: {},
      modelled: 'all',
    }],
  }),
};

/**
 * azurerm_private_endpoint_application_security_group_association:
 * network/private_endpoint_application_security_group_association_resource.go (PUTs the private endpoint
 * with the group added to `applicationSecurityGroups`).
 */
export const PRIVATE_ENDPOINT_ASG_ASSOCIATION: Adapter = {
  terraformType: 'azurerm_private_endpoint_application_security_group_association',
  source: 'network/private_endpoint_application_security_group_association_resource.go',
  build: (c) => {
    const pe = c.world.referencedResource(c.res.stack, c.raw('private_endpoint_id'));
    if (!pe) return { notJudged: 'associates a private endpoint that is not in this stack' };
    return { patches: [{ target: pe.resource.address, body: { properties: { applicationSecurityGroups: [{ id: c.value('application_security_group_id') ?? UNKNOWN }] } } }] };
  },
};

export const API_MANAGEMENT_ADAPTERS: readonly Adapter[] = [
  API_MANAGEMENT, API_MANAGEMENT_API, API_MANAGEMENT_API_OPERATION, API_MANAGEMENT_API_POLICY, API_MANAGEMENT_BACKEND,
  PRIVATE_DNS_A_RECORD, APPLICATION_SECURITY_GROUP, PRIVATE_ENDPOINT_ASG_ASSOCIATION,
];
