import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { PRIVATE_DNS_ZONE_NAMES } from '../../azure/private-dns-zones';
import { HubNetwork } from '../../constructs/network/hub-network';
import { evaluate } from '../../guardrails/evaluate';
import { hubProps, PLATFORM_SUB, ref, resources, synth, synthHub } from './helpers';

const ISSUE_ZONES = [
  'privatelink.openai.azure.com', 'privatelink.cognitiveservices.azure.com', 'privatelink.services.ai.azure.com',
  'privatelink.api.azureml.ms', 'privatelink.notebooks.azure.net', 'privatelink.vaultcore.azure.net',
  'privatelink.blob.core.windows.net', 'privatelink.file.core.windows.net', 'privatelink.dfs.core.windows.net',
  'privatelink.queue.core.windows.net', 'privatelink.table.core.windows.net', 'privatelink.azurecr.io',
  'privatelink.search.windows.net',
];
const OTHER_SUB = '9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a';
const EXISTING_RG = `/subscriptions/${OTHER_SUB}/resourceGroups/rg-dns-central`;

describe('HubNetwork private DNS (managed)', () => {
  const json = synthHub();
  const zones = resources(json, 'azurerm_private_dns_zone');
  const links = resources(json, 'azurerm_private_dns_zone_virtual_network_link');
  const [hubAddress] = resources(json, 'azurerm_virtual_network')[0];

  it('creates every zone ailz needs, with the exact public-cloud names', () => {
    expect(zones.map(([, z]) => z.name).sort()).toEqual([...ISSUE_ZONES].sort());
    expect(zones.map(([, z]) => z.name).sort()).toEqual([...PRIVATE_DNS_ZONE_NAMES]);
    for (const [, z] of zones) expect(z.resource_group_name).toBe('rg-contoso-platform-sdc');
  });

  it('links each zone to the hub only, registration off', () => {
    for (const [address] of zones) {
      const mine = links.filter(([, l]) => l.private_dns_zone_name === ref(address, 'name'));
      expect(mine.map(([, l]) => l.virtual_network_id)).toEqual([ref(hubAddress)]);
      expect(mine[0][1]).toMatchObject({ registration_enabled: false, resource_group_name: 'rg-contoso-platform-sdc', name: `link-${ref(hubAddress, 'name')}` });
    }
    expect(links).toHaveLength(PRIVATE_DNS_ZONE_NAMES.length);
  });

  it('exposes every zone ID for private endpoints of shared services', () => {
    let hub!: HubNetwork;
    synth((s) => { hub = new HubNetwork(s, 'Hub', hubProps()); });
    expect(Object.keys(hub.privateDnsZoneIds).sort()).toEqual([...PRIVATE_DNS_ZONE_NAMES]);
  });
});

describe('HubNetwork private DNS (existing)', () => {
  it('creates no zone and links the platform team\'s zones to the hub through the given provider', () => {
    const json = synth((s) => {
      const dnsProvider = new AzurermProvider(s, 'dns', { alias: 'dns', features: [{}], subscriptionId: OTHER_SUB });
      new HubNetwork(s, 'Hub', hubProps({ privateDns: { mode: 'existing', resourceGroupId: EXISTING_RG, provider: dnsProvider } }));
    });
    expect(resources(json, 'azurerm_private_dns_zone')).toEqual([]);
    const links = resources(json, 'azurerm_private_dns_zone_virtual_network_link');
    expect(links).toHaveLength(PRIVATE_DNS_ZONE_NAMES.length);
    expect([...new Set(links.map(([, l]) => l.private_dns_zone_name))].sort()).toEqual([...PRIVATE_DNS_ZONE_NAMES]);
    for (const [, l] of links) {
      expect(l.resource_group_name).toBe('rg-dns-central');
      expect(l.registration_enabled).toBe(false);
      expect(l.provider).toBe('azurerm.dns');
    }
    for (const [, l] of links) expect(l.virtual_network_id).toMatch(/^\$\{azurerm_virtual_network\.Hub_/);
  });

  it('computes the existing zone IDs', () => {
    let hub!: HubNetwork;
    synth((s) => { hub = new HubNetwork(s, 'Hub', hubProps({ privateDns: { mode: 'existing', resourceGroupId: `/subscriptions/${PLATFORM_SUB}/resourceGroups/rg-dns` } })); });
    expect(hub.privateDnsZoneIds['privatelink.openai.azure.com']).toBe(`/subscriptions/${PLATFORM_SUB}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.openai.azure.com`);
  });

  it('refuses zones in another subscription without a provider for it', () => {
    expect(() => synthHub({ privateDns: { mode: 'existing', resourceGroupId: EXISTING_RG } }))
      .toThrow(new RegExp(`existing private DNS zones are in subscription ${OTHER_SUB}, not the platform subscription ${PLATFORM_SUB}; pass privateDns.provider`));
  });

  it('rejects a resource group ID that is not one', () => {
    expect(() => synthHub({ privateDns: { mode: 'existing', resourceGroupId: 'rg-dns' } })).toThrow(/"rg-dns" is not a resource group ID/);
  });
});

describe('HubNetwork subnets, NSGs and peerings', () => {
  const json = synthHub();
  const [hubAddress, hub] = resources(json, 'azurerm_virtual_network')[0];

  it('creates the hub VNet from the address space and only the created subnets of the plan', () => {
    expect(hub.address_space).toEqual(['10.0.0.0/22']);
    expect(hub.name).toBe('vnet-contoso-platform-hub-sdc');
    const subnets = resources(json, 'azurerm_subnet');
    expect(subnets.map(([, s]) => [s.name, s.address_prefixes])).toEqual([['snet-contoso-platform-private-endpoints-sdc', ['10.0.0.0/25']]]);
    expect(subnets[0][1].private_endpoint_network_policies).toBe('Enabled');
    expect(subnets[0][1].default_outbound_access_enabled).toBe(false);
    expect(JSON.stringify(json)).not.toMatch(/AzureFirewallSubnet|GatewaySubnet|AzureBastionSubnet/);
  });

  it('associates an NSG with every subnet', () => {
    const assoc = resources(json, 'azurerm_subnet_network_security_group_association');
    for (const [address] of resources(json, 'azurerm_subnet')) {
      expect(assoc.filter(([, a]) => a.subnet_id === ref(address))).toHaveLength(1);
    }
  });

  it('knows no workload: no peering, and every DNS link is the hub\'s own (spokes attach from their own stacks)', () => {
    expect(resources(json, 'azurerm_virtual_network_peering')).toEqual([]);
    const links = resources(json, 'azurerm_private_dns_zone_virtual_network_link');
    expect(links.length).toBeGreaterThan(0);
    expect(links.every(([, l]) => l.virtual_network_id === ref(hubAddress))).toBe(true);
  });

  it('sends VNet logs and metrics, and NSG logs only, to the workspace', () => {
    const diags = resources(json, 'azurerm_monitor_diagnostic_setting');
    const vnetDiag = diags.find(([, d]) => d.target_resource_id === ref(hubAddress))![1];
    expect(vnetDiag).toMatchObject({ enabled_log: [{ category_group: 'allLogs' }], enabled_metric: [{ category: 'AllMetrics' }] });
    const [nsgAddress] = resources(json, 'azurerm_network_security_group')[0];
    const nsgDiag = diags.find(([, d]) => d.target_resource_id === ref(nsgAddress))![1];
    expect(nsgDiag.enabled_log).toEqual([{ category_group: 'allLogs' }]);
    expect(nsgDiag.enabled_metric ?? []).toEqual([]);
  });

  it('passes the guardrail catalog with no finding', () => {
    // Findings on what the construct created; "must exist" findings (address `type[key]`) concern the rest of the stack.
    const findings = evaluate([{ stack: 'platform', json, path: 'platform/cdk.tf.json' } as any]).findings.filter((f) => !f.address.includes('['));
    expect(findings).toEqual([]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(synthHub())).toBe(JSON.stringify(json));
  });
});
