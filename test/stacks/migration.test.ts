/**
 * Moving resources between stacks without teardown (issue "Deployable" §2, CHANGELOG 0.2.0): the
 * platform stack releases what it gives up (`removed`, destroy = false), each workload adopts it
 * (`import`, only when an existence probe finds the object, so a fresh landing zone creates it).
 */
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { referenceConfig, resourcesOf, synthStacks } from './helpers';
import { synthesizeTo } from '../../cli/synth';
import { ARM_TYPES, azapiType } from '../../azure/arm-types';

const config = referenceConfig();
const stacks = synthStacks(config);
const PLATFORM_SUB = config.platform.subscriptionId;

/**
 * Every address the platform stack of ailz 0.1 (commit e3fe400, the reviewed output) held for the two
 * reference workloads: the hub side of each peering and the spoke's link in each of the 13 zones.
 * Literal on purpose: these are the addresses in users' state files.
 */
const WAVE1_PLATFORM_SPOKE_ADDRESSES = [
  ...['privatelinkapiazuremlms_Spoke-chat_F2BE297A', 'privatelinkapiazuremlms_Spoke-research_B33475C4', 'privatelinkazurecrio_Spoke-chat_D01E4729',
    'privatelinkazurecrio_Spoke-research_8D983057', 'privatelinkblobcorewindowsnet_Spoke-chat_47BD683E', 'privatelinkblobcorewindowsnet_Spoke-research_F8647854',
    'privatelinkcognitiveservicesazurecom_Spoke-chat_EDB7210C', 'privatelinkcognitiveservicesazurecom_Spoke-research_2CD22B7A',
    'privatelinkdfscorewindowsnet_Spoke-chat_38CE119C', 'privatelinkdfscorewindowsnet_Spoke-research_06F28B9B', 'privatelinkfilecorewindowsnet_Spoke-chat_74CF1FEE',
    'privatelinkfilecorewindowsnet_Spoke-research_B0CD4C70', 'privatelinknotebooksazurenet_Spoke-chat_81628099', 'privatelinknotebooksazurenet_Spoke-research_DFB6134F',
    'privatelinkopenaiazurecom_Spoke-chat_85ACD6C2', 'privatelinkopenaiazurecom_Spoke-research_67D40A70', 'privatelinkqueuecorewindowsnet_Spoke-chat_5A38CC2F',
    'privatelinkqueuecorewindowsnet_Spoke-research_40FD2B54', 'privatelinksearchwindowsnet_Spoke-chat_9309C6D7', 'privatelinksearchwindowsnet_Spoke-research_A90730E3',
    'privatelinkservicesaiazurecom_Spoke-chat_C32CEBC7', 'privatelinkservicesaiazurecom_Spoke-research_ADE42210', 'privatelinktablecorewindowsnet_Spoke-chat_07742D49',
    'privatelinktablecorewindowsnet_Spoke-research_C2516CD5', 'privatelinkvaultcoreazurenet_Spoke-chat_76740151', 'privatelinkvaultcoreazurenet_Spoke-research_A83135F2',
  ].map((n) => `azurerm_private_dns_zone_virtual_network_link.Hub_PrivateDns_${n}`),
  'azurerm_virtual_network_peering.Hub_Spoke-chat-Peering_BED2DC11',
  'azurerm_virtual_network_peering.Hub_Spoke-research-Peering_A37EF922',
].sort();

/** The `import` blocks of a stack by target address. */
function importsOf(stack: any): Map<string, any> {
  return new Map((stack.import ?? []).map((i: any) => [i.to, i]));
}

/** The probe a conditional import waits on: `data.azapi_resource.<name>` from its for_each. */
function probeOf(stack: any, imp: any): any {
  const m = /^\$\{data\.azapi_resource\.([A-Za-z0-9_-]+)\.exists \? toset\(\["adopt"\]\) : toset\(\[\]\)\}$/.exec(imp.for_each);
  expect(m).not.toBeNull();
  return stack.data.azapi_resource[m![1]];
}

describe('the platform stack releases what the workload stacks now own', () => {
  it('has a removed block, destroy = false, for every address ailz 0.1 gave a workload\'s hub peering and DNS links', () => {
    const removed = stacks.platform.removed as any[];
    expect(removed.map((r) => r.from).sort()).toEqual(WAVE1_PLATFORM_SPOKE_ADDRESSES);
    for (const r of removed) expect(r.lifecycle).toEqual({ destroy: false });
  });

  it('declares none of the released addresses any more (Terraform rejects removed for a declared address)', () => {
    const declared = new Set(resourcesOf(stacks.platform).map(([t, n]) => `${t}.${n}`));
    for (const r of stacks.platform.removed) expect(declared.has(r.from)).toBe(false);
  });
});

describe('each workload adopts its hub peering and DNS links when they exist, and creates them otherwise', () => {
  it.each(config.workloads.map((w) => w.name))('workload-%s: one guarded import per hub-side resource, through the platform provider, with the ID ailz 0.1 created', (name) => {
    const stack = stacks[`workload-${name}`];
    const imports = importsOf(stack);
    const spoke = resourcesOf(stack).find(([t]) => t === 'azurerm_virtual_network')![2];
    // The hub attachment only: the AI gateway's objects (GatewayApi) are new, never adopted from ailz 0.1.
    const hubSide = resourcesOf(stack).filter(([t, , b]) => ['azurerm_virtual_network_peering', 'azurerm_private_dns_zone_virtual_network_link'].includes(t) && b.provider === 'azurerm.platform'
      && !String(b['//']?.metadata?.path).includes('/GatewayApi/'));
    expect(hubSide).toHaveLength(14);
    for (const [type, logical, body] of hubSide) {
      const imp = imports.get(`${type}.${logical}`);
      expect(imp).toBeDefined();
      expect(imp.provider).toBe('azurerm.platform');
      const expectedId = type === 'azurerm_virtual_network_peering'
        ? `/subscriptions/${PLATFORM_SUB}/resourceGroups/rg-contoso-platform-sdc/providers/Microsoft.Network/virtualNetworks/vnet-contoso-platform-hub-sdc/virtualNetworkPeerings/peer-contoso-platform-hub-to-${name}-sdc`
        : `/subscriptions/${PLATFORM_SUB}/resourceGroups/rg-contoso-platform-sdc/providers/Microsoft.Network/privateDnsZones/${body.private_dns_zone_name}/virtualNetworkLinks/link-${spoke.name}`;
      expect(imp.id).toBe(expectedId);
      // The probe reads exactly that object and answers "absent" instead of failing the plan.
      const probe = probeOf(stack, imp);
      expect(probe).toMatchObject({ resource_id: expectedId, ignore_not_found: true });
      expect(probe.type).toBe(azapiType(type === 'azurerm_virtual_network_peering' ? ARM_TYPES.virtualNetworkPeering : ARM_TYPES.privateDnsZoneVirtualNetworkLink));
    }
  });

  it('the names the workload gives them are the names the platform stack of ailz 0.1 gave them (same objects, found by import)', () => {
    // ailz 0.1's hub peering was named by the platform namer `hub-to-<workload>`, links `link-<spoke VNet name>`.
    const chat = stacks['workload-chat'];
    const names = resourcesOf(chat).filter(([, , b]) => b.provider === 'azurerm.platform' && String(b['//']?.metadata?.path).includes('/HubAttachment/')).map(([, , b]) => b.name);
    expect(new Set(names)).toEqual(new Set(['peer-contoso-platform-hub-to-chat-sdc', 'link-vnet-contoso-chat-prod-sdc']));
  });

  it('adopts the regional Network Watcher and its resource group the same way (F24)', () => {
    for (const w of config.workloads) {
      const stack = stacks[`workload-${w.name}`];
      const imports = importsOf(stack);
      const [watcherAddress] = resourcesOf(stack).filter(([t]) => t === 'azurerm_network_watcher').map(([t, n]) => `${t}.${n}`);
      const rgAddress = resourcesOf(stack).filter(([t, , b]) => t === 'azurerm_resource_group' && b.name === 'NetworkWatcherRG').map(([t, n]) => `${t}.${n}`)[0];
      const sub = w.subscriptionId ?? '${data.azapi_resource.VendedSubscription.output.properties.subscriptionId}';
      expect(imports.get(watcherAddress).id).toBe(`/subscriptions/${sub}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_${w.location}`);
      expect(imports.get(rgAddress).id).toBe(`/subscriptions/${sub}/resourceGroups/NetworkWatcherRG`);
      expect(imports.get(watcherAddress).provider).toBeUndefined();
      expect(probeOf(stack, imports.get(rgAddress)).ignore_not_found).toBe(true);
    }
  });

  it('every import waits on a probe of the object it imports (an import of a missing object fails the plan)', () => {
    // Except the Defender pricings (review F10): every plan of a subscription answers GET (tier Free when never
    // enabled), so their import always finds its object and needs no probe.
    const pricing = (imp: any) => imp.to.startsWith('azurerm_security_center_subscription_pricing.');
    for (const w of config.workloads) {
      const stack = stacks[`workload-${w.name}`];
      const probed = stack.import.filter((imp: any) => !pricing(imp));
      expect(probed.length).toBe(16);
      for (const imp of probed) expect(probeOf(stack, imp).resource_id).toBe(imp.id);
      const pricings = stack.import.filter(pricing);
      expect(pricings.length).toBe(resourcesOf(stack).filter(([t]) => t === 'azurerm_security_center_subscription_pricing').length);
      for (const imp of pricings) expect(imp.for_each).toBeUndefined();
    }
  });
});

describe('HCL output keeps the migration blocks (cdktf 0.21 drops top-level blocks it does not know)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ailz-hcl-'));
  synthesizeTo(config, dir, 'hcl');
  const platform = readFileSync(join(dir, 'stacks', 'platform', 'cdk.tf'), 'utf8');
  const chat = readFileSync(join(dir, 'stacks', 'workload-chat', 'cdk.tf'), 'utf8');

  it('renders every removed block of the platform', () => {
    for (const from of WAVE1_PLATFORM_SPOKE_ADDRESSES) {
      expect(platform).toContain(`removed {\n  from = ${from}\n\n  lifecycle {\n    destroy = false\n  }\n}`);
    }
  });

  it('renders every import of a workload, conditional ones with a bare for_each expression, and provider reference', () => {
    for (const imp of stacks['workload-chat'].import) {
      const condition = imp.for_each?.slice(2, -1);
      const block = [...(condition !== undefined ? [`  for_each = ${condition}`] : []), `  to       = ${imp.to}`, `  id       = ${JSON.stringify(imp.id)}`, ...(imp.provider ? [`  provider = ${imp.provider}`] : [])].join('\n');
      expect(chat).toContain(`import {\n${block}\n}`);
    }
  });
});
