/**
 * The Azure-rule checker the property test relies on finds each class of violation it claims to
 * (a checker that finds nothing would make the property test vacuous).
 */
import { azureRuleViolations } from './apply-time-rules';
import { configWith, synthStacks } from './helpers';

const EXEMPT = { assignment: 'nic-no-public-ip', scope: 'contoso-ai-experimentation', category: 'Waiver', justification: 'accepted until the Q3 migration', expires: '2099-01-01' };

describe('Azure rules on synthesized output', () => {
  let stacks: Record<string, any>;
  beforeAll(() => {
    stacks = synthStacks(configWith((c) => { c.policyExemptions = [EXEMPT]; }, { strict: true }));
  });
  const fresh = () => JSON.parse(JSON.stringify(stacks));
  const first = (json: any, type: string) => Object.values<any>(json.resource[type])[0];

  it('the reference config with an exemption breaks none', () => {
    expect(azureRuleViolations(stacks)).toEqual([]);
  });

  it.each([
    ['16 tags on a private DNS zone', (s: any) => { Object.assign(first(s.platform, 'azurerm_private_dns_zone').tags, Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`t${i}`, 'v']))); }, /azurerm_private_dns_zone\..*: 16 tags, Azure allows 15/],
    ['a tag name with a space on a DNS link', (s: any) => { first(s.platform, 'azurerm_private_dns_zone_virtual_network_link').tags['Cost Center'] = 'x'; }, /dropped by private DNS/],
    ['a storage tag name of 129 bytes', (s: any) => { first(s['workload-research'], 'azurerm_storage_account').tags[`a${'b'.repeat(128)}`] = 'x'; }, /tag name ab+ over 128/],
    ['a tag value of 257 bytes', (s: any) => { first(s.platform, 'azurerm_virtual_network').tags.owner = 'x'.repeat(257); }, /tag owner value over 256 bytes/],
    ['tag names equal but for case', (s: any) => { first(s.platform, 'azurerm_virtual_network').tags.Environment = 'x'; }, /tag names equal but for case/],
    ['a multicast address space', (s: any) => { first(s['workload-chat'], 'azurerm_virtual_network').address_space = ['224.0.0.0/24']; }, /224\.0\.0\.0\/24 overlaps 224\.0\.0\.0\/4/],
    ['a budget below 1', (s: any) => { first(s.governance, 'azurerm_consumption_budget_subscription').amount = 0.5; }, /budget amount 0\.5 below 1/],
    ['an undersized provisioned deployment', (s: any) => { Object.assign(first(s['workload-chat'], 'azurerm_cognitive_deployment'), { sku: { name: 'ProvisionedManaged', capacity: 30 }, model: { format: 'OpenAI', name: 'gpt-4o', version: '2024-08-06' } }); }, /30 PTUs, Azure needs 50 in steps of 50/],
    ['an exemption outside its assignment\'s group', (s: any) => { first(s.governance, 'azurerm_management_group_policy_exemption').management_group_id = '/providers/Microsoft.Management/managementGroups/contoso-platform'; }, /exemption at .*contoso-platform, outside contoso-ai/],
  ])('finds %s', (_what, mutate, expected) => {
    const s = fresh();
    mutate(s);
    expect(azureRuleViolations(s).join('\n')).toMatch(expected);
  });

  it('finds more than 500 peerings on one VNet, counting the hub side each workload stack creates', () => {
    const s = fresh();
    const peerings = s['workload-chat'].resource.azurerm_virtual_network_peering;
    const [name, body] = Object.entries<any>(peerings).find(([, b]) => !String(b.virtual_network_name).startsWith('${'))!;
    for (let i = 0; i < 499; i++) peerings[`${name}_${i}`] = body;
    expect(azureRuleViolations(s).join('\n')).toMatch(/^rg-contoso-platform-sdc\/vnet-contoso-platform-hub-sdc: 501 peerings, Azure allows 500$/m);
    delete peerings[`${name}_0`];
    expect(azureRuleViolations(s)).toEqual([]);
  });

  it('finds a subscription exemption for a subscription placed in another group', () => {
    const s = synthStacks(configWith((c) => {
      c.policyExemptions = [{ ...EXEMPT, assignment: 'cmk-storage', scope: c.workloads[0].subscriptionId }];
    }, { strict: true }));
    expect(azureRuleViolations(s)).toEqual([]);
    const assoc = Object.values<any>(s.governance.resource.azurerm_management_group_subscription_association).find((a) => a.subscription_id.includes('1c2d3e4f'));
    const expGroup = Object.keys(s.governance.resource.azurerm_management_group).find((k) => k.includes('Experimentation'));
    assoc.management_group_id = `\${azurerm_management_group.${expGroup}.id}`;
    expect(azureRuleViolations(s).join('\n')).toMatch(/exemption at \/subscriptions\/1c2d3e4f.* \(placed in contoso-ai-experimentation\), outside contoso-ai-production/);
  });
});
