import { configWith, resourcesOf, synthStacks } from './helpers';
import { evaluate } from '../../guardrails';
import { TEST_AS_OF } from '../as-of';

/** The AI gateway's own DNS zone link (ailz owns that zone in the platform resource group, whatever the DNS mode). */
const isGatewayLink = (b: any): boolean => /\/Gateway(Api)?\//.test(String(b['//']?.metadata?.path));

const DNS_RG = '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-platform-dns';

describe('platform.privateDns mode existing (bring your own DNS)', () => {
  const stacks = synthStacks(configWith((c) => { c.platform.privateDns = { mode: 'existing', resourceGroupId: DNS_RG }; }));

  it('creates no privatelink zones; the platform links the hub and each workload its own spoke to the platform team\'s zones', () => {
    // The one zone ailz still creates is the AI gateway's own hostname zone (not a privatelink zone).
    expect(resourcesOf(stacks.platform).filter(([t]) => t === 'azurerm_private_dns_zone').map(([, , b]) => b.name)).toEqual(['apim-contoso-platform-d52pq.azure-api.net']);
    for (const name of ['platform', 'workload-chat', 'workload-research']) {
      const links = resourcesOf(stacks[name]).filter(([t, , b]) => t === 'azurerm_private_dns_zone_virtual_network_link' && !isGatewayLink(b)).map(([, , b]) => b);
      expect(links).toHaveLength(13);
      for (const link of links) {
        expect(link.registration_enabled).toBe(false);
        expect(link.resource_group_name).toBe('rg-platform-dns');
        // The zones are in the platform subscription: the workload reaches them through its platform alias.
        if (name !== 'platform') expect(link.provider).toBe('azurerm.platform');
      }
    }
  });

  it('registers workload private endpoints in the existing zones', () => {
    const endpoints = resourcesOf(stacks['workload-chat']).filter(([t]) => t === 'azurerm_private_endpoint').map(([, , b]) => b);
    expect(endpoints.length).toBeGreaterThan(1);
    for (const pe of endpoints) {
      for (const id of pe.private_dns_zone_group.private_dns_zone_ids) expect(id.startsWith(`${DNS_RG}/providers/Microsoft.Network/privateDnsZones/privatelink.`)).toBe(true);
    }
  });

  it('stays free of findings', () => {
    expect(evaluate(Object.entries(stacks).map(([stack, json]) => ({ stack, json })), { asOf: TEST_AS_OF }).findings).toEqual([]);
  });
});

describe('platform.privateDns existing in another subscription (an ALZ connectivity subscription)', () => {
  const DNS_SUB = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
  const stacks = synthStacks(configWith((c) => {
    c.platform.privateDns = { mode: 'existing', resourceGroupId: `/subscriptions/${DNS_SUB}/resourceGroups/rg-connectivity-dns` };
  }));

  it('creates the VNet links through an aliased provider for that subscription, registering nothing there', () => {
    for (const name of ['platform', 'workload-chat', 'workload-research']) {
      const providers = stacks[name].provider.azurerm;
      const dns = providers.find((p: any) => p.alias === 'dns');
      expect(dns).toMatchObject({ subscription_id: DNS_SUB, resource_provider_registrations: 'none', storage_use_azuread: true });
      expect(dns.resource_providers_to_register).toBeUndefined();
      const links = resourcesOf(stacks[name]).filter(([t, , b]) => t === 'azurerm_private_dns_zone_virtual_network_link' && !isGatewayLink(b)).map(([, , b]) => b);
      expect(links).toHaveLength(13);
      for (const link of links) expect(link.provider).toBe('azurerm.dns');
      expect(stacks[name].import?.filter((i: any) => i.to.startsWith('azurerm_private_dns_zone_virtual_network_link.')).map((i: any) => i.provider) ?? [])
        .toEqual(name === 'platform' ? [] : Array(13).fill('azurerm.dns'));
    }
    // everything else of the platform stays on the default provider
    const others = resourcesOf(stacks.platform).filter(([t, , b]) => t !== 'azurerm_private_dns_zone_virtual_network_link' || isGatewayLink(b));
    for (const [, , b] of others) expect(b.provider).toBeUndefined();
  });
});

describe('policyExemptions', () => {
  it('become exemptions with the justification as description and an expiry', () => {
    const stacks = synthStacks(configWith((c) => {
      c.policyExemptions = [{ assignment: 'st-no-shared-key', scope: 'contoso-ai-experimentation', category: 'Waiver', justification: 'legacy tool needs keys until Q3, ticket SEC-42', expires: '2099-06-30' }];
    }));
    const exemptions = resourcesOf(stacks.governance).filter(([t]) => t === 'azurerm_management_group_policy_exemption').map(([, , b]) => b);
    expect(exemptions).toHaveLength(1);
    expect(exemptions[0]).toMatchObject({
      exemption_category: 'Waiver',
      description: 'legacy tool needs keys until Q3, ticket SEC-42',
      expires_on: '2099-06-30T23:59:59Z',
      management_group_id: '/providers/Microsoft.Management/managementGroups/contoso-ai-experimentation',
    });
    expect(exemptions[0].policy_assignment_id).toMatch(/^\$\{azurerm_management_group_policy_assignment\./);
  });

  it('an exemption of an assignment ailz does not make is a config error', () => {
    expect(() => configWith((c) => {
      c.policyExemptions = [{ assignment: 'no-such-policy', scope: 'contoso-ai', category: 'Waiver', justification: 'a justification that is long enough', expires: '2099-01-01' }];
    }, { strict: true })).toThrow(/policyExemptions\[0\]\.assignment: unknown policy assignment "no-such-policy"/);
  });
});

describe('management groups', () => {
  it('hang under an existing ALZ group, without a platform group, when the parent is not the tenant root', () => {
    const stacks = synthStacks(configWith((c) => { c.organization.parentManagementGroupId = 'contoso-landingzones'; }));
    const groups = resourcesOf(stacks.governance).filter(([t]) => t === 'azurerm_management_group').map(([, , b]) => b);
    expect(groups.map((g) => g.name).sort()).toEqual(['contoso-ai', 'contoso-ai-experimentation', 'contoso-ai-production']);
    const ai = groups.find((g) => g.name === 'contoso-ai');
    expect(ai.parent_management_group_id).toBe('/providers/Microsoft.Management/managementGroups/contoso-landingzones');
  });

  it('include <prefix>-platform with the platform subscription under the tenant root', () => {
    const stacks = synthStacks(configWith(() => undefined));
    const groups = resourcesOf(stacks.governance).filter(([t]) => t === 'azurerm_management_group').map(([, , b]) => b.name);
    expect(groups).toContain('contoso-platform');
    const assoc = resourcesOf(stacks.governance).filter(([t]) => t === 'azurerm_management_group_subscription_association').map(([, , b]) => b.subscription_id);
    expect(assoc).toContain('/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e');
  });
});
