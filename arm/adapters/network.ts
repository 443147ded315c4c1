/**
 * Networking, identity and authorization resources. Provider source: hashicorp/terraform-provider-azurerm @ v4.55.0,
 * `internal/services/...` (cited per adapter).
 */
import { ArmObject, ArmValue, UNKNOWN } from '../resource';
import { unresolved } from '../terraform';
import { Adapter, AdapterContext, compact } from '../adapter';

function securityRuleProperties(c: AdapterContext, r: Record<string, any>): ArmObject {
  const list = (plural: string) => {
    const many = c.resolve(r[plural]);
    return Array.isArray(many) && many.length > 0 ? { [plural.replace(/_([a-z])/g, (_m, x) => x.toUpperCase())]: many } : {};
  };
  return compact({
    description: c.resolve(r.description),
    protocol: c.resolve(r.protocol) ?? UNKNOWN,
    sourcePortRange: c.resolve(r.source_port_range),
    destinationPortRange: c.resolve(r.destination_port_range),
    sourceAddressPrefix: c.resolve(r.source_address_prefix),
    destinationAddressPrefix: c.resolve(r.destination_address_prefix),
    access: c.resolve(r.access) ?? UNKNOWN,
    priority: c.resolve(r.priority) ?? UNKNOWN,
    direction: c.resolve(r.direction) ?? UNKNOWN,
    ...list('source_port_ranges'),
    ...list('destination_port_ranges'),
    ...list('source_address_prefixes'),
    ...list('destination_address_prefixes'),
    ...(Array.isArray(c.resolve(r.destination_application_security_group_ids)) && (c.resolve(r.destination_application_security_group_ids) as unknown[]).length > 0
      ? { destinationApplicationSecurityGroups: (c.resolve(r.destination_application_security_group_ids) as ArmValue[]).map((id) => ({ id })) } : {}),
  });
}

/** azurerm_network_security_group: network/network_security_group_resource.go:190-260 (inline `security_rule` blocks). */
export const NETWORK_SECURITY_GROUP: Adapter = {
  terraformType: 'azurerm_network_security_group',
  source: 'network/network_security_group_resource.go:190-260',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Network/networkSecurityGroups',
      name: c.nameOf(),
      placement: c.inResourceGroup(),
      location: c.location(),
      tags: c.tags(),
      properties: {
        securityRules: c.unknownBlock('security_rule') ? UNKNOWN : c.blocks('security_rule').map((r) => ({ name: c.resolve(r.name) ?? UNKNOWN, properties: securityRuleProperties(c, r) })),
      },
      modelled: { properties: ['securityRules'] },
    }],
  }),
};

/** azurerm_network_security_rule: network/network_security_rule_resource.go:183-260 (child of the NSG). */
export const NETWORK_SECURITY_RULE: Adapter = {
  terraformType: 'azurerm_network_security_rule',
  source: 'network/network_security_rule_resource.go:183-260',
  build: (c) => {
    const nsg = c.world.referencedResource(c.res.stack, c.raw('network_security_group_name'));
    const parentId = nsg
      ? c.world.resolveString(c.res.stack, `\${${nsg.resource.address}.id}`)!
      : unresolved(`/subscriptions/${c.subscription.scope}/resourcegroups/${c.resolved('resource_group_name').scope}/providers/microsoft.network/networksecuritygroups/${c.resolved('network_security_group_name').scope}`);
    return {
      drafts: [{
        type: 'Microsoft.Network/networkSecurityGroups/securityRules',
        name: c.nameOf(),
        placement: { kind: 'child', parentId },
        properties: securityRuleProperties(c, c.res.attrs),
        modelled: 'all',
      }],
    };
  },
};

/** azurerm_virtual_network: network/virtual_network_resource.go:335-420 (address space, DNS servers, inline subnets). */
export const VIRTUAL_NETWORK: Adapter = {
  terraformType: 'azurerm_virtual_network',
  source: 'network/virtual_network_resource.go:335-420',
  build: (c) => {
    const dns = c.value('dns_servers');
    return {
      drafts: [{
        type: 'Microsoft.Network/virtualNetworks',
        name: c.nameOf(),
        placement: c.inResourceGroup(),
        location: c.location(),
        tags: c.tags(),
        properties: compact({
          addressSpace: { addressPrefixes: c.value('address_space') ?? UNKNOWN },
          dhcpOptions: Array.isArray(dns) && dns.length > 0 ? { dnsServers: dns } : undefined,
          // Inline `subnet` blocks are not modelled (ailz declares subnets as their own resources).
          enableDdosProtection: c.block('ddos_protection_plan') ? UNKNOWN : undefined,
        }),
        modelled: { properties: ['addressSpace', 'dhcpOptions'] },
      }],
    };
  },
};

/**
 * azurerm_subnet: network/subnet_resource.go:296-420 (address prefixes, service endpoints, delegations,
 * `privateEndpointNetworkPolicies` default Disabled, `defaultOutboundAccess` default true).
 */
export const SUBNET: Adapter = {
  terraformType: 'azurerm_subnet',
  source: 'network/subnet_resource.go:296-420',
  build: (c) => {
    const prefixes = c.value('address_prefixes');
    const endpoints = c.value('service_endpoints', []);
    return {
      drafts: [{
        type: 'Microsoft.Network/virtualNetworks/subnets',
        name: c.nameOf(),
        placement: { kind: 'child', parentId: vnetId(c) },
        properties: compact({
          addressPrefixes: Array.isArray(prefixes) && prefixes.length > 1 ? prefixes : undefined,
          addressPrefix: Array.isArray(prefixes) && prefixes.length === 1 ? prefixes[0] : undefined,
          serviceEndpoints: Array.isArray(endpoints) ? endpoints.map((s) => ({ service: s })) : UNKNOWN,
          delegations: c.blocks('delegation').map((d) => ({ name: c.resolve(d.name) ?? UNKNOWN, properties: { serviceName: c.resolve(c.block('service_delegation', d)?.name) ?? UNKNOWN } })),
          privateEndpointNetworkPolicies: c.value('private_endpoint_network_policies', 'Disabled'),
          privateLinkServiceNetworkPolicies: c.bool('private_link_service_network_policies_enabled', true) === false ? 'Disabled' : 'Enabled',
          defaultOutboundAccess: c.bool('default_outbound_access_enabled', true),
        }),
        modelled: { properties: ['addressPrefix', 'addressPrefixes', 'serviceEndpoints', 'delegations', 'privateEndpointNetworkPolicies', 'privateLinkServiceNetworkPolicies', 'defaultOutboundAccess', 'networkSecurityGroup', 'routeTable'] },
      }],
    };
  },
};

function vnetId(c: AdapterContext) {
  const vnet = c.world.referencedResource(c.res.stack, c.raw('virtual_network_name'));
  if (vnet) return c.world.resolveString(c.res.stack, `\${${vnet.resource.address}.id}`)!;
  const rg = c.resolved('resource_group_name');
  const name = c.resolved('virtual_network_name');
  return unresolved(`/subscriptions/${c.subscription.scope}/resourcegroups/${rg.scope}/providers/microsoft.network/virtualnetworks/${name.scope}`);
}

/**
 * azurerm_subnet_network_security_group_association: network/subnet_network_security_group_association_resource.go:58-120
 * reads the subnet and PUTs it back with `networkSecurityGroup.id` set: a change to the subnet's request.
 */
export const SUBNET_NSG_ASSOCIATION: Adapter = {
  terraformType: 'azurerm_subnet_network_security_group_association',
  source: 'network/subnet_network_security_group_association_resource.go:58-120',
  build: (c) => {
    const subnet = c.world.referencedResource(c.res.stack, c.raw('subnet_id'));
    if (!subnet) return { notJudged: 'associates a subnet that is not in this stack' };
    return { patches: [{ target: subnet.resource.address, body: { properties: { networkSecurityGroup: { id: c.value('network_security_group_id') ?? UNKNOWN } } } }] };
  },
};

/** azurerm_virtual_network_peering: network/virtual_network_peering_resource.go:133-220. */
export const VIRTUAL_NETWORK_PEERING: Adapter = {
  terraformType: 'azurerm_virtual_network_peering',
  source: 'network/virtual_network_peering_resource.go:133-220',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
      name: c.nameOf(),
      placement: { kind: 'child', parentId: vnetId(c) },
      properties: compact({
        allowVirtualNetworkAccess: c.bool('allow_virtual_network_access', true),
        allowForwardedTraffic: c.bool('allow_forwarded_traffic', false),
        allowGatewayTransit: c.bool('allow_gateway_transit', false),
        useRemoteGateways: c.bool('use_remote_gateways', false),
        remoteVirtualNetwork: { id: c.value('remote_virtual_network_id') ?? UNKNOWN },
      }),
      modelled: { properties: ['allowVirtualNetworkAccess', 'allowForwardedTraffic', 'allowGatewayTransit', 'useRemoteGateways', 'remoteVirtualNetwork'] },
    }],
  }),
};

/**
 * azurerm_private_endpoint: network/private_endpoint_resource.go:301-420 (subnet, private link service
 * connections - manual ones when `is_manual_connection` - and the DNS zone group child).
 */
export const PRIVATE_ENDPOINT: Adapter = {
  terraformType: 'azurerm_private_endpoint',
  source: 'network/private_endpoint_resource.go:301-420',
  build: (c) => {
    const conns = c.blocks('private_service_connection').map((s) => ({
      manual: c.resolve(s.is_manual_connection, false) === true,
      body: {
        name: c.resolve(s.name) ?? UNKNOWN,
        properties: compact({
          privateLinkServiceId: c.resolve(s.private_connection_resource_id) ?? c.resolve(s.private_connection_resource_alias) ?? UNKNOWN,
          groupIds: c.resolve(s.subresource_names, []),
          requestMessage: c.resolve(s.request_message),
        }),
      } as ArmValue,
    }));
    const zoneGroup = c.block('private_dns_zone_group');
    return {
      drafts: [
        {
          type: 'Microsoft.Network/privateEndpoints',
          name: c.nameOf(),
          placement: c.inResourceGroup(),
          location: c.location(),
          tags: c.tags(),
          properties: compact({
            subnet: { id: c.value('subnet_id') ?? UNKNOWN },
            privateLinkServiceConnections: conns.filter((x) => !x.manual).map((x) => x.body),
            manualPrivateLinkServiceConnections: conns.filter((x) => x.manual).map((x) => x.body),
            customNetworkInterfaceName: c.value('custom_network_interface_name'),
            ipConfigurations: c.blocks('ip_configuration').length > 0 ? UNKNOWN : undefined,
          }),
          modelled: 'all',
        },
        ...(zoneGroup ? [{
          type: 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups',
          name: c.resolvedValue(zoneGroup.name, 'private_dns_zone_group.name'),
          placement: { kind: 'childOfPrimary' as const },
          properties: {
            privateDnsZoneConfigs: ((c.resolve(zoneGroup.private_dns_zone_ids, []) as ArmValue[]) ?? []).map((id) => ({ properties: { privateDnsZoneId: id } })),
          },
          modelled: 'all' as const,
        }] : []),
      ],
    };
  },
};

/** azurerm_private_dns_zone: privatedns/private_dns_zone_resource.go:161-220 (location `global`). */
export const PRIVATE_DNS_ZONE: Adapter = {
  terraformType: 'azurerm_private_dns_zone',
  source: 'privatedns/private_dns_zone_resource.go:161-220',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Network/privateDnsZones',
      name: c.nameOf(),
      placement: c.inResourceGroup(),
      location: 'global',
      tags: c.tags(),
      properties: {},
      modelled: { properties: [] },
    }],
  }),
};

/** azurerm_private_dns_zone_virtual_network_link: privatedns/private_dns_zone_virtual_network_link_resource.go:94-150. */
export const PRIVATE_DNS_ZONE_LINK: Adapter = {
  terraformType: 'azurerm_private_dns_zone_virtual_network_link',
  source: 'privatedns/private_dns_zone_virtual_network_link_resource.go:94-150',
  build: (c) => {
    const zone = c.world.referencedResource(c.res.stack, c.raw('private_dns_zone_name'));
    const parentId = zone
      ? c.world.resolveString(c.res.stack, `\${${zone.resource.address}.id}`)!
      : unresolved(`/subscriptions/${c.subscription.scope}/resourcegroups/${c.resolved('resource_group_name').scope}/providers/microsoft.network/privatednszones/${c.resolved('private_dns_zone_name').scope}`);
    return {
      drafts: [{
        type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
        name: c.nameOf(),
        placement: { kind: 'child', parentId },
        location: 'global',
        tags: c.tags(),
        properties: compact({
          virtualNetwork: { id: c.value('virtual_network_id') ?? UNKNOWN },
          registrationEnabled: c.bool('registration_enabled', false),
          resolutionPolicy: c.value('resolution_policy'),
        }),
        modelled: 'all',
      }],
    };
  },
};

/** azurerm_network_watcher: network/network_watcher_resource.go:75-78 (location and tags only; the body has no properties). */
export const NETWORK_WATCHER: Adapter = {
  terraformType: 'azurerm_network_watcher',
  source: 'network/network_watcher_resource.go:75-78',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Network/networkWatchers',
      name: c.nameOf(),
      placement: c.inResourceGroup(),
      location: c.location(),
      tags: c.tags(),
      properties: {},
      modelled: 'all',
    }],
  }),
};

/** azurerm_network_watcher_flow_log: network/network_watcher_flow_log_resource.go:229-330 (child of the network watcher). */
export const FLOW_LOG: Adapter = {
  terraformType: 'azurerm_network_watcher_flow_log',
  source: 'network/network_watcher_flow_log_resource.go:229-330',
  build: (c) => {
    const retention = c.block('retention_policy');
    const ta = c.block('traffic_analytics');
    const watcherRg = c.resolved('resource_group_name');
    const watcher = c.resolved('network_watcher_name');
    return {
      drafts: [{
        type: 'Microsoft.Network/networkWatchers/flowLogs',
        name: c.nameOf(),
        placement: {
          kind: 'child',
          parentId: {
            value: typeof c.subscription.value === 'string' && typeof watcherRg.value === 'string' && typeof watcher.value === 'string'
              ? `/subscriptions/${c.subscription.value}/resourceGroups/${watcherRg.value}/providers/Microsoft.Network/networkWatchers/${watcher.value}` : UNKNOWN,
            scope: `/subscriptions/${c.subscription.scope}/resourcegroups/${watcherRg.scope}/providers/microsoft.network/networkwatchers/${watcher.scope}`,
          },
        },
        location: c.location(),
        tags: c.tags(),
        properties: compact({
          targetResourceId: c.value('target_resource_id') ?? c.value('network_security_group_id') ?? UNKNOWN,
          storageId: c.value('storage_account_id') ?? UNKNOWN,
          enabled: c.bool('enabled', true),
          retentionPolicy: retention ? { enabled: c.resolve(retention.enabled) ?? UNKNOWN, days: c.resolve(retention.days) ?? UNKNOWN } : undefined,
          format: { type: 'JSON', version: c.value('version', 1) ?? UNKNOWN },
          flowAnalyticsConfiguration: ta ? {
            networkWatcherFlowAnalyticsConfiguration: compact({
              enabled: c.resolve(ta.enabled) ?? UNKNOWN,
              workspaceId: c.resolve(ta.workspace_id) ?? UNKNOWN,
              workspaceRegion: c.resolve(ta.workspace_region) ?? UNKNOWN,
              workspaceResourceId: c.resolve(ta.workspace_resource_id) ?? UNKNOWN,
              trafficAnalyticsInterval: c.resolve(ta.interval_in_minutes, 60),
            }),
          } : undefined,
        }),
        modelled: 'all',
      }],
    };
  },
};

/** azurerm_user_assigned_identity: managedidentity/user_assigned_identity_resource.go:91-130 (`isolationScope` only when set). */
export const USER_ASSIGNED_IDENTITY: Adapter = {
  terraformType: 'azurerm_user_assigned_identity',
  source: 'managedidentity/user_assigned_identity_resource.go:91-130',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
      name: c.nameOf(),
      placement: c.inResourceGroup(),
      location: c.location(),
      tags: c.tags(),
      properties: compact({ isolationScope: c.value('isolation_scope') }),
      modelled: 'all',
    }],
  }),
};

/** azurerm_management_lock: resource/management_lock_resource.go:73-110 (extension of its scope). */
export const MANAGEMENT_LOCK: Adapter = {
  terraformType: 'azurerm_management_lock',
  source: 'resource/management_lock_resource.go:73-110',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Authorization/locks',
      name: c.nameOf(),
      placement: { kind: 'extension', targetId: c.resolved('scope') },
      properties: compact({ level: c.value('lock_level') ?? UNKNOWN, notes: c.value('notes') }),
      modelled: 'all',
    }],
  }),
};

/** azurerm_role_assignment: authorization/role_assignment_resource.go:159-260 (extension of its scope). */
export const ROLE_ASSIGNMENT: Adapter = {
  terraformType: 'azurerm_role_assignment',
  source: 'authorization/role_assignment_resource.go:159-260',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Authorization/roleAssignments',
      name: c.raw('name') !== undefined ? c.nameOf() : unresolved(`{${c.res.stack}:${c.res.address}.name}`),
      placement: { kind: 'extension', targetId: c.resolved('scope') },
      properties: compact({
        roleDefinitionId: c.value('role_definition_id') ?? UNKNOWN,
        principalId: c.value('principal_id') ?? UNKNOWN,
        principalType: c.value('principal_type'),
        description: c.value('description'),
        condition: c.value('condition'),
        conditionVersion: c.value('condition_version'),
      }),
      modelled: 'all',
    }],
  }),
};

/**
 * azurerm_role_definition: authorization/role_definition_resource.go:162-222 (v4.55.0), a PUT at
 * `{scope}/providers/Microsoft.Authorization/roleDefinitions/{role_definition_id or a generated UUID}` with
 * `{ roleName, description, type: CustomRole, permissions, assignableScopes }` (assignableScopes default: [scope]).
 */
export const ROLE_DEFINITION: Adapter = {
  terraformType: 'azurerm_role_definition',
  source: 'authorization/role_definition_resource.go:162-222',
  build: (c) => {
    const perms = c.blocks('permissions').map((p) => compact({
      actions: c.resolve(p.actions, []),
      notActions: c.resolve(p.not_actions, []),
      dataActions: c.resolve(p.data_actions, []),
      notDataActions: c.resolve(p.not_data_actions, []),
    }));
    const scopes = c.value('assignable_scopes');
    return {
      drafts: [{
        type: 'Microsoft.Authorization/roleDefinitions',
        name: c.raw('role_definition_id') !== undefined ? c.nameOf('role_definition_id') : unresolved(`{${c.res.stack}:${c.res.address}.role_definition_id}`),
        placement: { kind: 'extension', targetId: c.resolved('scope') },
        properties: compact({
          roleName: c.value('name') ?? UNKNOWN,
          description: c.value('description', ''),
          type: 'CustomRole',
          permissions: perms,
          assignableScopes: Array.isArray(scopes) && scopes.length > 0 ? scopes : [c.value('scope') ?? UNKNOWN],
        }),
        modelled: 'all',
      }],
    };
  },
};

/**
 * azurerm_role_management_policy: authorization/role_management_policy_resource.go:363-400 (v4.55.0) looks up the
 * policy that already exists for the role at the scope and updates it with the tenant's current rules merged with
 * the configured ones. Neither the policy's name nor the rules it keeps are known before apply: only the type and
 * the scope are modelled, every property reads as unknown.
 */
export const ROLE_MANAGEMENT_POLICY: Adapter = {
  terraformType: 'azurerm_role_management_policy',
  source: 'authorization/role_management_policy_resource.go:363-400',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Authorization/roleManagementPolicies',
      name: unresolved(`{${c.res.stack}:${c.res.address}.name}`),
      placement: { kind: 'extension', targetId: c.resolved('scope') },
      properties: {},
      modelled: { properties: [] },
    }],
  }),
};

/** azurerm_pim_eligible_role_assignment: authorization/pim_eligible_role_assignment_resource.go:240 (a schedule request at its scope). */
export const PIM_ELIGIBLE_ROLE_ASSIGNMENT: Adapter = {
  terraformType: 'azurerm_pim_eligible_role_assignment',
  source: 'authorization/pim_eligible_role_assignment_resource.go:240-330',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Authorization/roleEligibilityScheduleRequests',
      name: unresolved(`{${c.res.stack}:${c.res.address}.name}`),
      placement: { kind: 'extension', targetId: c.resolved('scope') },
      properties: compact({ roleDefinitionId: c.value('role_definition_id') ?? UNKNOWN, principalId: c.value('principal_id') ?? UNKNOWN, requestType: 'AdminAssign' }),
      modelled: { properties: ['roleDefinitionId', 'principalId', 'requestType'] },
    }],
  }),
};
