import { TerraformVariable } from 'cdktf';
import { planSpokeSubnets } from '../../config/subnet-plan';
import { SpokeNetwork } from '../../constructs/network/spoke-network';
import { OPEN_SOURCES } from '../../constructs/network/security-rules';
import { evaluate } from '../../guardrails/evaluate';
import { BLOB_ZONE, HUB_ID, LAW, WORKSPACE_GUID, ref, resources, spokeProps, synth, synthSpoke } from './helpers';
import { TEST_AS_OF } from '../as-of';

const json = synthSpoke();
const [vnetAddress, vnet] = resources(json, 'azurerm_virtual_network')[0];
const subnets = resources(json, 'azurerm_subnet');
const nsgs = resources(json, 'azurerm_network_security_group');
const rules = resources(json, 'azurerm_network_security_rule');
const rulesOf = (nsgAddress: string) => rules.filter(([, r]) => r.network_security_group_name === ref(nsgAddress, 'name')).map(([, r]) => r);
const subnetByRole = (role: string) => subnets.find(([, s]) => s.name === `snet-contoso-chat-${role}-prod-sdc`)!;
/** The NSG associated with a subnet address. */
function nsgOf(subnetAddress: string): string {
  const assoc = resources(json, 'azurerm_subnet_network_security_group_association').filter(([, a]) => a.subnet_id === ref(subnetAddress));
  expect(assoc).toHaveLength(1);
  return /^\$\{(.+)\.id\}$/.exec(assoc[0][1].network_security_group_id)![1];
}

describe('SpokeNetwork VNet and subnets', () => {
  it('builds the VNet from the address space and the subnets from the plan', () => {
    expect(vnet.address_space).toEqual(['10.1.0.0/24']);
    expect(vnet.name).toBe('vnet-contoso-chat-prod-sdc');
    const plan = (planSpokeSubnets('10.1.0.0/24') as any[]).filter((p) => p.created);
    const byName = (a: [string, string[]], b: [string, string[]]) => a[0].localeCompare(b[0]);
    expect(subnets.map(([, s]) => [s.name, s.address_prefixes] as [string, string[]]).sort(byName))
      .toEqual(plan.map((p) => [`snet-contoso-chat-${p.role}-prod-sdc`, [p.cidr]] as [string, string[]]).sort(byName));
    for (const [, s] of subnets) {
      expect(s.virtual_network_name).toBe(ref(vnetAddress, 'name'));
      expect(s.default_outbound_access_enabled).toBe(false);
      expect(s.delegation).toBeUndefined();
    }
  });

  it('creates no subnet for the reserved ML compute range (ML compute runs in the workspace\'s managed VNet)', () => {
    // Review F27: an ML compute subnet and NSG existed in every spoke and nothing ever used them.
    expect(subnets.map(([, s]) => s.name).sort()).toEqual(['snet-contoso-chat-app-prod-sdc', 'snet-contoso-chat-private-endpoints-prod-sdc']);
    const ml = (planSpokeSubnets('10.1.0.0/24') as any[]).find((p) => p.role === 'ml-compute');
    expect(ml).toMatchObject({ cidr: '10.1.0.192/26', created: false });
    for (const [, s] of subnets) expect(s.address_prefixes[0].startsWith('10.1.0.192')).toBe(false);
  });

  it('enables private endpoint network policies on the endpoint subnet', () => {
    expect(subnetByRole('private-endpoints')[1].private_endpoint_network_policies).toBe('Enabled');
  });

  it('associates a distinct NSG with every subnet', () => {
    const nsgAddresses = subnets.map(([address]) => nsgOf(address));
    expect(new Set(nsgAddresses).size).toBe(subnets.length);
    expect(nsgs).toHaveLength(subnets.length);
  });

  it('delegates the app subnet only when asked', () => {
    const delegated = synthSpoke({ appSubnetDelegation: { serviceName: 'Microsoft.Web/serverFarms', actions: ['Microsoft.Network/virtualNetworks/subnets/action'] } });
    const app = resources(delegated, 'azurerm_subnet').find(([, s]) => s.name.includes('-app-'))![1];
    expect(app.delegation).toEqual([{ name: 'delegation', service_delegation: { name: 'Microsoft.Web/serverFarms', actions: ['Microsoft.Network/virtualNetworks/subnets/action'] } }]);
  });
});

describe('SpokeNetwork NSG rules (deny by default)', () => {
  it('never allows inbound traffic from any source or the internet', () => {
    expect(rules.length).toBeGreaterThan(0);
    for (const [address, r] of rules) {
      const sources = [r.source_address_prefix, ...(r.source_address_prefixes ?? [])].filter((x) => x !== undefined).map((x: string) => x.toLowerCase());
      if (r.direction === 'Inbound' && r.access === 'Allow') {
        expect({ address, open: sources.filter((x) => OPEN_SOURCES.has(x) || x === 'any') }).toEqual({ address, open: [] });
      }
    }
  });

  it('ends every NSG\'s inbound list with an explicit internet deny and a deny-all below 4096', () => {
    for (const [nsgAddress] of nsgs) {
      const inbound = rulesOf(nsgAddress).filter((r) => r.direction === 'Inbound');
      expect(inbound).toContainEqual(expect.objectContaining({ name: 'DenyInternetInbound', access: 'Deny', source_address_prefix: 'Internet', destination_address_prefix: '*', destination_port_range: '*', protocol: '*' }));
      const denyAll = inbound.find((r) => r.name === 'DenyAllInbound');
      expect(denyAll).toMatchObject({ access: 'Deny', source_address_prefix: '*', destination_address_prefix: '*', protocol: '*' });
      expect(denyAll.priority).toBeLessThan(4096);
      // Everything allowed is evaluated before the denies.
      for (const allow of inbound.filter((r) => r.access === 'Allow')) expect(allow.priority).toBeLessThan(denyAll.priority);
    }
  });

  it('lets the VNet reach the private endpoints on 443 only', () => {
    const [peAddress, pe] = subnetByRole('private-endpoints');
    const allows = rulesOf(nsgOf(peAddress)).filter((r) => r.direction === 'Inbound' && r.access === 'Allow');
    expect(allows).toEqual([expect.objectContaining({ source_address_prefix: 'VirtualNetwork', destination_address_prefix: pe.address_prefixes[0], destination_port_range: '443', protocol: 'Tcp' })]);
  });

  it('admits nothing into the app subnet', () => {
    const [appAddress] = subnetByRole('app');
    expect(rulesOf(nsgOf(appAddress)).filter((r) => r.direction === 'Inbound' && r.access === 'Allow')).toEqual([]);
  });

  it('denies internet egress from every subnet unless the app subnet is opened explicitly', () => {
    for (const [nsgAddress] of nsgs) {
      expect(rulesOf(nsgAddress)).toContainEqual(expect.objectContaining({ direction: 'Outbound', access: 'Deny', destination_address_prefix: 'Internet' }));
    }
    const opened = synthSpoke({ allowAppInternetOutbound: true });
    const appRules = resources(opened, 'azurerm_network_security_rule').map(([, r]) => r);
    const appNsg = resources(opened, 'azurerm_network_security_group').find(([, n]) => n.name.includes('-app-'))![0];
    const appNsgRules = appRules.filter((r) => r.network_security_group_name === ref(appNsg, 'name'));
    expect(appNsgRules.length).toBeGreaterThan(0);
    expect(appNsgRules.filter((r) => r.name === 'DenyInternetOutbound')).toEqual([]);
  });

  it('refuses additional rules that allow inbound from an open source', () => {
    for (const source of ['*', 'Internet', '0.0.0.0/0', 'Any']) {
      expect(() => synthSpoke({ additionalSecurityRules: { app: [{ name: 'Bad', priority: 200, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source, destination: '*', destinationPorts: ['443'], description: 'x' }] } }))
        .toThrow(new RegExp(`rule "Bad" allows inbound from "${source.replace('*', '\\*').replace(/\./g, '\\.')}"`));
    }
  });

  it('refuses clashing priorities in additional rules', () => {
    expect(() => synthSpoke({ additionalSecurityRules: { 'private-endpoints': [{ name: 'AllowFile', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source: 'VirtualNetwork', destination: '*', destinationPorts: ['445'], description: 'x' }] } }))
      .toThrow(/Inbound priority 100 is used twice/);
  });

  it('sends NSG logs (no metrics: NSGs have none) and VNet logs and metrics to the workspace', () => {
    const diags = resources(json, 'azurerm_monitor_diagnostic_setting').map(([, d]) => d);
    for (const [nsgAddress] of nsgs) {
      const d = diags.find((x) => x.target_resource_id === ref(nsgAddress));
      expect(d).toMatchObject({ log_analytics_workspace_id: LAW, enabled_log: [{ category_group: 'allLogs' }] });
      expect(d.enabled_metric ?? []).toEqual([]);
    }
    expect(diags.find((x) => x.target_resource_id === ref(vnetAddress))).toMatchObject({ enabled_log: [{ category_group: 'allLogs' }], enabled_metric: [{ category: 'AllMetrics' }] });
  });
});

describe('SpokeNetwork peering', () => {
  it('peers the spoke to the hub without gateway transit or forwarded traffic', () => {
    const peerings = resources(json, 'azurerm_virtual_network_peering').map(([, p]) => p);
    expect(peerings).toEqual([expect.objectContaining({
      name: 'peer-contoso-chat-to-hub-prod-sdc', virtual_network_name: ref(vnetAddress, 'name'), remote_virtual_network_id: HUB_ID,
      allow_gateway_transit: false, use_remote_gateways: false, allow_forwarded_traffic: false, allow_virtual_network_access: true,
    })]);
  });
});

describe('SpokeNetwork flow logs', () => {
  const [storageAddress, storage] = resources(json, 'azurerm_storage_account')[0];

  const flowLogs = resources(json, 'azapi_resource').filter(([, r]) => r.type === 'Microsoft.Network/networkWatchers/flowLogs@2025-01-01');
  const [flowLogAddress, flowLog] = flowLogs[0];
  const [watcherAddress] = resources(json, 'azurerm_network_watcher')[0];

  it('logs the VNet\'s flows (version 2) under the regional Network Watcher, with traffic analytics every 10 minutes', () => {
    expect(flowLogs).toHaveLength(1);
    expect(resources(json, 'azurerm_network_watcher_flow_log')).toEqual([]);
    expect(flowLog).toMatchObject({ name: 'flog-contoso-chat-prod-sdc', parent_id: ref(watcherAddress), location: 'swedencentral' });
    expect(flowLog.body.properties).toMatchObject({
      targetResourceId: ref(vnetAddress), storageId: ref(storageAddress), enabled: true, format: { type: 'JSON', version: 2 },
      flowAnalyticsConfiguration: { networkWatcherFlowAnalyticsConfiguration: { enabled: true, workspaceId: WORKSPACE_GUID, workspaceRegion: 'swedencentral', workspaceResourceId: LAW, trafficAnalyticsInterval: 10 } },
    });
    // The VNet waits for ailz's watcher, so Azure's automatic creation never races it (F24).
    expect(vnet.depends_on).toEqual([watcherAddress]);
  });

  it('writes with a user-assigned identity that holds Storage Blob Data Contributor on the keyless account (F13)', () => {
    expect(storage.shared_access_key_enabled).toBe(false);
    const [identityAddress] = resources(json, 'azurerm_user_assigned_identity').find(([, i]) => i.name === 'id-contoso-chat-flowlog-prod-sdc')!;
    expect(flowLog.identity).toEqual([{ type: 'UserAssigned', identity_ids: [ref(identityAddress)] }]);
    const grants = resources(json, 'azurerm_role_assignment').filter(([, ra]) => ra.principal_id === ref(identityAddress, 'principal_id'));
    expect(grants.map(([, ra]) => [ra.scope, ra.role_definition_id.split('/').pop(), ra.principal_type]))
      .toEqual([[ref(storageAddress), 'ba92f5b4-2d11-453d-a403-e96b0029c9fe', 'ServicePrincipal']]);
    // Created only once the assignment exists, and retried while it propagates.
    expect(flowLog.depends_on).toEqual([grants[0][0]]);
    expect(flowLog.retry.error_message_regex.length).toBeGreaterThan(0);
  });

  it('leaves retention to the account\'s lifecycle policy, which expires blobs, versions and snapshots (F14)', () => {
    expect(flowLog.body.properties.retentionPolicy).toEqual({ enabled: false, days: 0 });
    const policies = resources(json, 'azurerm_storage_management_policy').map(([, p]) => p);
    expect(policies).toHaveLength(1);
    expect(policies[0].storage_account_id).toBe(ref(storageAddress));
    expect(policies[0].rule).toEqual([expect.objectContaining({
      enabled: true,
      actions: {
        base_blob: { delete_after_days_since_modification_greater_than: 90 },
        version: { delete_after_days_since_creation: 90 },
        snapshot: { delete_after_days_since_creation_greater_than: 90 },
      },
    })]);
    const shorter = resources(synthSpoke({ flowLogRetentionDays: 30 }), 'azurerm_storage_management_policy')[0][1];
    expect(shorter.rule[0].actions.base_blob.delete_after_days_since_modification_greater_than).toBe(30);
  });

  it('moves a flow log an earlier release created with azurerm into the azapi resource instead of re-creating it', () => {
    expect(json.moved).toEqual([{ from: flowLogAddress.replace(/^azapi_resource\./, 'azurerm_network_watcher_flow_log.'), to: flowLogAddress }]);
  });

  it('keeps the flow-log account hardened: Entra only, TLS 1.2, HTTPS, no anonymous blobs, double encryption, firewall deny', () => {
    expect(storage).toMatchObject({
      shared_access_key_enabled: false, min_tls_version: 'TLS1_2', https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false, infrastructure_encryption_enabled: true, default_to_oauth_authentication: true,
      cross_tenant_replication_enabled: false, local_user_enabled: false, location: 'swedencentral',
      network_rules: { default_action: 'Deny', bypass: ['AzureServices'], ip_rules: [], virtual_network_subnet_ids: [] },
    });
    expect(storage.blob_properties.delete_retention_policy.days).toBeGreaterThanOrEqual(7);
    expect(storage.blob_properties.change_feed_enabled).toBe(true);
  });

  it('exposes the public endpoint to trusted Azure services only by default, and can turn it off', () => {
    expect(storage.public_network_access_enabled).toBe(true);
    const off = resources(synthSpoke({ flowLogStoragePublicAccess: 'disabled' }), 'azurerm_storage_account')[0][1];
    expect(off.public_network_access_enabled).toBe(false);
    expect(off.network_rules.default_action).toBe('Deny');
  });

  it('gives the account a blob private endpoint in the endpoint subnet, and storage diagnostics on every service', () => {
    const [peSubnet] = subnetByRole('private-endpoints');
    const pes = resources(json, 'azurerm_private_endpoint').map(([, p]) => p);
    expect(pes).toEqual([expect.objectContaining({ subnet_id: ref(peSubnet) })]);
    expect(pes[0].private_service_connection).toMatchObject({ private_connection_resource_id: ref(storageAddress), subresource_names: ['blob'] });
    expect(pes[0].private_dns_zone_group.private_dns_zone_ids).toEqual([BLOB_ZONE]);
    const targets = resources(json, 'azurerm_monitor_diagnostic_setting').map(([, d]) => d.target_resource_id);
    // Every service, though flow logs use only blobs: the storage-service DeployIfNotExists built-ins judge each one (F15).
    expect(targets).toEqual(expect.arrayContaining([ref(storageAddress), ...['blob', 'file', 'queue', 'table'].map((x) => `${ref(storageAddress)}/${x}Services/default`)]));
  });

  it('takes the workspace GUID as a late-bound input, and rejects a literal that is not a GUID', () => {
    const late = synth((s) => {
      const guid = new TerraformVariable(s, 'log_analytics_workspace_customer_id', { type: 'string' });
      new SpokeNetwork(s, 'Spoke', spokeProps({ trafficAnalytics: { workspaceCustomerId: guid.stringValue, workspaceRegion: 'swedencentral' } }));
    });
    const lateLog = resources(late, 'azapi_resource').find(([, r]) => r.type.startsWith('Microsoft.Network/networkWatchers/flowLogs@'))![1];
    expect(lateLog.body.properties.flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.workspaceId).toBe('${var.log_analytics_workspace_customer_id}');
    expect(() => synthSpoke({ trafficAnalytics: { workspaceCustomerId: 'log-contoso-platform-sdc', workspaceRegion: 'swedencentral' } }))
      .toThrow(/workspaceCustomerId "log-contoso-platform-sdc" is not a GUID/);
  });
});

describe('SpokeNetwork as a workload stack', () => {
  it('contains no public IP resource', () => {
    expect(Object.keys(json.resource).filter((t) => /public_ip/.test(t))).toEqual([]);
  });

  it('passes the guardrail catalog, the flow-log storage firewall included', () => {
    // Findings on what the construct created; "must exist" findings (address `type[key]`) concern the rest of the stack.
    // The stack, not the construct, configures the provider (its features block is checked by the stack tests).
    const own = (j: any) => evaluate([{ stack: 'workload-chat', json: j, path: 'workload-chat/cdk.tf.json' } as any], { asOf: TEST_AS_OF }).findings.filter((f) => !f.address.includes('[') && !f.address.startsWith('provider.'));
    expect(own(json)).toEqual([]);
    const strict = synthSpoke({ flowLogStoragePublicAccess: 'disabled' });
    expect(own(strict)).toEqual([]);
  });

  it('the flow-log storage exception of AILZ-ST-004 holds only for a trusted-services-only firewall', () => {
    const widened = JSON.parse(JSON.stringify(json));
    const [, account] = resources(widened, 'azurerm_storage_account')[0] as [string, any];
    account.network_rules.ip_rules = ['203.0.113.0/24'];
    const findings = evaluate([{ stack: 'workload-chat', json: widened, path: 'x' } as any], { asOf: TEST_AS_OF }).findings.filter((f) => f.rule === 'AILZ-ST-004');
    expect(findings).toHaveLength(1);
    expect(findings[0].message).toMatch(/flow-log destination/);
  });

  it('keeps flow-log blob versions (tampering leaves the original)', () => {
    const [, account] = resources(json, 'azurerm_storage_account')[0] as [string, any];
    expect(account.blob_properties.versioning_enabled).toBe(true);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(synthSpoke())).toBe(JSON.stringify(json));
  });

  it('refuses a space too small for the plan', () => {
    expect(() => synthSpoke({ addressSpace: '10.1.0.0/25' })).toThrow(/SpokeNetwork: 10\.1\.0\.0\/25 is too small for the workload subnet plan/);
  });
});
