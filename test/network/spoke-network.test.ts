import { TerraformVariable } from 'cdktf';
import { planSpokeSubnets } from '../../config/subnet-plan';
import { SpokeNetwork } from '../../constructs/network/spoke-network';
import { OPEN_SOURCES } from '../../constructs/network/security-rules';
import { evaluate } from '../../guardrails/evaluate';
import { BLOB_ZONE, HUB_ID, LAW, WORKSPACE_GUID, ref, resources, spokeId, spokeProps, synth, synthHub, synthSpoke } from './helpers';
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
    const plan = planSpokeSubnets('10.1.0.0/24') as any[];
    const byName = (a: [string, string[]], b: [string, string[]]) => a[0].localeCompare(b[0]);
    expect(subnets.map(([, s]) => [s.name, s.address_prefixes] as [string, string[]]).sort(byName))
      .toEqual(plan.map((p) => [`snet-contoso-chat-${p.role}-prod-sdc`, [p.cidr]] as [string, string[]]).sort(byName));
    for (const [, s] of subnets) {
      expect(s.virtual_network_name).toBe(ref(vnetAddress, 'name'));
      expect(s.default_outbound_access_enabled).toBe(false);
      expect(s.delegation).toBeUndefined();
    }
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

  it('admits nothing into the app subnet and only node-to-node traffic into ML compute', () => {
    const [appAddress] = subnetByRole('app');
    expect(rulesOf(nsgOf(appAddress)).filter((r) => r.direction === 'Inbound' && r.access === 'Allow')).toEqual([]);
    const [mlAddress, ml] = subnetByRole('ml-compute');
    const allows = rulesOf(nsgOf(mlAddress)).filter((r) => r.direction === 'Inbound' && r.access === 'Allow');
    expect(allows.map((r) => [r.source_address_prefix, r.destination_address_prefix])).toEqual([[ml.address_prefixes[0], ml.address_prefixes[0]]]);
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

  it('matches the VNet ID and name the platform stack computes for the hub-side peering and DNS links', () => {
    const hub = synthHub();
    const expected = spokeId('chat');
    expect(expected.endsWith(`/virtualNetworks/${vnet.name}`)).toBe(true);
    expect(expected).toContain(`/resourceGroups/${spokeProps().resourceGroupName}/`);
    expect(resources(hub, 'azurerm_virtual_network_peering').map(([, p]) => p.remote_virtual_network_id)).toContain(expected);
    expect(resources(hub, 'azurerm_private_dns_zone_virtual_network_link').filter(([, l]) => l.virtual_network_id === expected)).toHaveLength(13);
  });
});

describe('SpokeNetwork flow logs', () => {
  const [storageAddress, storage] = resources(json, 'azurerm_storage_account')[0];

  it('logs the VNet\'s flows to the storage account with retention and traffic analytics every 10 minutes', () => {
    const logs = resources(json, 'azurerm_network_watcher_flow_log').map(([, f]) => f);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      target_resource_id: ref(vnetAddress), storage_account_id: ref(storageAddress), enabled: true, version: 2,
      network_watcher_name: 'NetworkWatcher_swedencentral', resource_group_name: 'NetworkWatcherRG', location: 'swedencentral',
      retention_policy: { enabled: true, days: 90 },
      traffic_analytics: { enabled: true, workspace_id: WORKSPACE_GUID, workspace_region: 'swedencentral', workspace_resource_id: LAW, interval_in_minutes: 10 },
    });
    expect(logs[0].network_security_group_id).toBeUndefined();
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

  it('gives the account a blob private endpoint in the endpoint subnet, and storage diagnostics', () => {
    const [peSubnet] = subnetByRole('private-endpoints');
    const pes = resources(json, 'azurerm_private_endpoint').map(([, p]) => p);
    expect(pes).toEqual([expect.objectContaining({ subnet_id: ref(peSubnet) })]);
    expect(pes[0].private_service_connection).toMatchObject({ private_connection_resource_id: ref(storageAddress), subresource_names: ['blob'] });
    expect(pes[0].private_dns_zone_group.private_dns_zone_ids).toEqual([BLOB_ZONE]);
    const targets = resources(json, 'azurerm_monitor_diagnostic_setting').map(([, d]) => d.target_resource_id);
    expect(targets).toEqual(expect.arrayContaining([ref(storageAddress), `${ref(storageAddress)}/blobServices/default`]));
  });

  it('takes the workspace GUID as a late-bound input, and rejects a literal that is not a GUID', () => {
    const late = synth((s) => {
      const guid = new TerraformVariable(s, 'log_analytics_workspace_customer_id', { type: 'string' });
      new SpokeNetwork(s, 'Spoke', spokeProps({ trafficAnalytics: { workspaceCustomerId: guid.stringValue, workspaceRegion: 'swedencentral' } }));
    });
    expect(resources(late, 'azurerm_network_watcher_flow_log')[0][1].traffic_analytics.workspace_id).toBe('${var.log_analytics_workspace_customer_id}');
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
    const own = (j: any) => evaluate([{ stack: 'workload-chat', json: j, path: 'workload-chat/cdk.tf.json' } as any], { asOf: TEST_AS_OF }).findings.filter((f) => !f.address.includes('['));
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

  it('keeps flow-log blob versions and expires them with the retention', () => {
    const [, account] = resources(json, 'azurerm_storage_account')[0] as [string, any];
    expect(account.blob_properties.versioning_enabled).toBe(true);
    const [, policy] = resources(json, 'azurerm_storage_management_policy')[0] as [string, any];
    expect(policy.rule[0].actions.version.delete_after_days_since_creation).toBe(90);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(synthSpoke())).toBe(JSON.stringify(json));
  });

  it('refuses a space too small for the plan', () => {
    expect(() => synthSpoke({ addressSpace: '10.1.0.0/25' })).toThrow(/SpokeNetwork: 10\.1\.0\.0\/25 is too small for the workload subnet plan/);
  });
});
