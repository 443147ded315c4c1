import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { HubAttachment, HubAttachmentProps } from '../../constructs/network/hub-attachment';
import { PRIVATE_DNS_ZONE_NAMES } from '../../azure/private-dns-zones';
import { PLATFORM_SUB, resources, synth } from './helpers';
import { Construct } from 'constructs';

const SPOKE = '${azurerm_virtual_network.spoke.id}';
const props = (s: Construct, over: Partial<HubAttachmentProps> = {}): HubAttachmentProps => ({
  spokeVirtualNetworkId: SPOKE,
  spokeVirtualNetworkName: 'vnet-contoso-chat-prod-sdc',
  hub: { subscriptionId: PLATFORM_SUB, resourceGroupName: 'rg-contoso-platform-sdc', virtualNetworkName: 'vnet-contoso-platform-hub-sdc' },
  peeringName: 'peer-contoso-platform-hub-to-chat-sdc',
  platformProvider: new AzurermProvider(s, 'platform', { features: [{}], alias: 'platform', subscriptionId: PLATFORM_SUB }),
  privateDnsResourceGroupId: `/subscriptions/${PLATFORM_SUB}/resourceGroups/rg-contoso-platform-sdc`,
  ...over,
});

describe('HubAttachment', () => {
  const json = synth((s) => { new HubAttachment(s, 'HubAttachment', props(s)); });

  it('declares the hub side of the peering in the hub VNet, through the platform provider, without transit', () => {
    const peerings = resources(json, 'azurerm_virtual_network_peering').map(([, p]) => p);
    expect(peerings).toEqual([expect.objectContaining({
      provider: 'azurerm.platform', name: 'peer-contoso-platform-hub-to-chat-sdc', resource_group_name: 'rg-contoso-platform-sdc',
      virtual_network_name: 'vnet-contoso-platform-hub-sdc', remote_virtual_network_id: SPOKE,
      allow_virtual_network_access: true, allow_forwarded_traffic: false, allow_gateway_transit: false, use_remote_gateways: false,
    })]);
  });

  it('links the spoke to every zone, registration off, named link-<spoke VNet>', () => {
    const links = resources(json, 'azurerm_private_dns_zone_virtual_network_link').map(([, l]) => l);
    expect(links.map((l) => l.private_dns_zone_name).sort()).toEqual([...PRIVATE_DNS_ZONE_NAMES]);
    for (const l of links) expect(l).toMatchObject({ provider: 'azurerm.platform', name: 'link-vnet-contoso-chat-prod-sdc', virtual_network_id: SPOKE, registration_enabled: false, resource_group_name: 'rg-contoso-platform-sdc' });
  });

  it('uses a separate provider for zones in another subscription', () => {
    const other = synth((s) => {
      const dns = new AzurermProvider(s, 'dns', { features: [{}], alias: 'dns', subscriptionId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d' });
      new HubAttachment(s, 'HubAttachment', props(s, { privateDnsProvider: dns, privateDnsResourceGroupId: '/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/resourceGroups/rg-dns' }));
    });
    const links = resources(other, 'azurerm_private_dns_zone_virtual_network_link').map(([, l]) => l);
    expect(new Set(links.map((l) => `${l.provider} ${l.resource_group_name}`))).toEqual(new Set(['azurerm.dns rg-dns']));
    expect(resources(other, 'azurerm_virtual_network_peering')[0][1].provider).toBe('azurerm.platform');
    expect(other.import.filter((i: any) => i.to.includes('_Link_')).every((i: any) => i.provider === 'azurerm.dns' && i.id.startsWith('/subscriptions/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/'))).toBe(true);
  });

  it('refuses a DNS resource group that is not a resource group ID', () => {
    expect(() => synth((s) => { new HubAttachment(s, 'HubAttachment', props(s, { privateDnsResourceGroupId: 'rg-dns' })); }))
      .toThrow(/privateDnsResourceGroupId "rg-dns" is not a resource group ID/);
  });
});
