import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { configWith, referenceConfig, resourcesOf, synthStacks } from './helpers';
import { evaluate } from '../../guardrails';
import { TEST_AS_OF } from '../as-of';
import { AZURERM_FEATURE_FACTS } from '../../azure/azurerm-features';

const config = referenceConfig();
const stacks = synthStacks(config);

/**
 * Whether the provider binding of a resource type accepts `tags` (read from its type definitions). An
 * azapi resource is judged by its body: tracked ARM resources (those with a location) take tags, and so
 * does any other azapi resource ailz tags (a Key Vault key); an update never tags.
 */
function isTaggable(type: string, body: any): boolean {
  // azapi_resource_action has no tags argument (azapi v2.12.0 docs/resources/resource_action.md); ailz uses it only
  // for an API Management logger, a child resource without tags.
  if (type === 'azapi_update_resource' || type === 'azapi_resource_action') return false;
  if (type === 'azapi_resource') return body.location !== undefined || body.tags !== undefined;
  const dir = type.replace(/^azurerm_/, '').replace(/_/g, '-');
  const dts = join(__dirname, '..', '..', 'node_modules', '@cdktf', 'provider-azurerm', 'lib', dir, 'index.d.ts');
  if (!existsSync(dts)) throw new Error(`no provider binding for ${type}`);
  const text = readFileSync(dts, 'utf8');
  const configInterface = text.slice(text.indexOf('Config extends cdktf.TerraformMetaArguments'), text.indexOf('\n}\n', text.indexOf('Config extends cdktf.TerraformMetaArguments')));
  return /\n\s+readonly tags\?:/.test(configInterface);
}

describe('stack layout', () => {
  it('synthesizes governance, platform and one stack per workload', () => {
    expect(Object.keys(stacks)).toEqual(['governance', 'platform', 'workload-chat', 'workload-research']);
  });

  it.each(Object.keys(stacks))('%s pins azurerm 4.55.0 and configures the provider deliberately', (name) => {
    const stack = stacks[name];
    expect(stack.terraform.required_providers.azurerm).toEqual({ source: 'hashicorp/azurerm', version: '4.55.0' });
    // removed/import for_each need 1.7, a moved between resource types (flow log azurerm -> azapi) 1.8.
    expect(stack.terraform.required_version).toBe('>= 1.8.0');
    const [provider] = stack.provider.azurerm;
    expect(provider.alias).toBeUndefined();
    expect(provider.storage_use_azuread).toBe(true);
    expect(provider.resource_provider_registrations).toBe('none');
    expect(provider.resource_providers_to_register.length).toBeGreaterThan(0);
    expect(provider.tenant_id).toBe(config.organization.tenantId);
    // Local state lives beside the output directory, never inside it (synth replaces the output directory).
    expect(stack.terraform.backend).toEqual({ local: { path: `../../../terraform.${name}.tfstate` } });
  });

  it.each(Object.keys(stacks))('%s: every azurerm provider, aliases included, carries the features block of azure/azurerm-features.ts', (name) => {
    const expected: Record<string, Record<string, boolean>[]> = {};
    for (const f of AZURERM_FEATURE_FACTS) (expected[f.block] ??= [{}])[0][f.setting] = f.ailzValue;
    for (const provider of stacks[name].provider.azurerm) expect(provider.features).toEqual([expected]);
  });

  it('storage accounts are created without polling their data plane (F2), subscriptions never cancelled on destroy (F20)', () => {
    // Literal values, so a change to the facts file cannot silently flip them.
    for (const stack of Object.values<any>(stacks)) {
      for (const provider of stack.provider.azurerm) {
        expect(provider.features[0].storage).toEqual([{ data_plane_available: false }]);
        expect(provider.features[0].subscription).toEqual([{ prevent_cancellation_on_destroy: true }]);
      }
    }
    expect(resourcesOf(stacks['workload-research']).filter(([t]) => t === 'azurerm_storage_account').length).toBeGreaterThan(1);
    expect(resourcesOf(stacks.governance).filter(([t]) => t === 'azurerm_subscription')).toHaveLength(1);
  });

  it('no stack declares a variable: everything is derived from the config or looked up at plan time', () => {
    for (const [name, stack] of Object.entries<any>(stacks)) expect({ name, variable: stack.variable }).toEqual({ name, variable: undefined });
    expect(JSON.stringify(stacks)).not.toMatch(/\$\{var\./);
  });

  it('targets the subscription from config, or, for a vended one, looks it up by its alias at plan time', () => {
    expect(stacks.governance.provider.azurerm[0].subscription_id).toBe(config.platform.subscriptionId);
    expect(stacks.platform.provider.azurerm[0].subscription_id).toBe(config.platform.subscriptionId);
    expect(stacks['workload-chat'].provider.azurerm[0].subscription_id).toBe(config.workloads[0].subscriptionId);
    const research = stacks['workload-research'];
    expect(research.provider.azurerm[0].subscription_id).toBe('${data.azapi_resource.VendedSubscription.output.properties.subscriptionId}');
    // The alias the lookup reads is the one the governance stack creates.
    const lookup = research.data.azapi_resource.VendedSubscription;
    expect(lookup).toMatchObject({ type: 'Microsoft.Subscription/aliases@2021-10-01', parent_id: '/', response_export_values: ['properties.subscriptionId'] });
    expect(lookup.ignore_not_found).toBeUndefined();
    const vended = resourcesOf(stacks.governance).filter(([t]) => t === 'azurerm_subscription').map(([, , b]) => b.alias);
    expect(vended).toEqual([lookup.name]);
    expect(stacks.governance.output.workload_research_subscription_id.value).toMatch(/^\$\{azurerm_subscription\./);
  });

  it('reads the workspace customer ID with azapi, never with the azurerm data source that stores the workspace keys', () => {
    for (const name of ['workload-chat', 'workload-research']) {
      const stack = stacks[name];
      expect(stack.data.azurerm_log_analytics_workspace).toBeUndefined();
      expect(stack.data.azapi_resource.PlatformWorkspace).toMatchObject({
        type: 'Microsoft.OperationalInsights/workspaces@2025-02-01', resource_id: stacks.platform.resource.azurerm_log_analytics_workspace.LogAnalytics_675DAA21 && expect.stringMatching(/\/workspaces\/log-contoso-platform-sdc$/),
        response_export_values: ['properties.customerId'],
      });
      const flowLog = Object.values<any>(stack.resource.azapi_resource).find((r) => r.type.startsWith('Microsoft.Network/networkWatchers/flowLogs@'));
      expect(flowLog.body.properties.flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration.workspaceId).toBe('${data.azapi_resource.PlatformWorkspace.output.properties.customerId}');
    }
    expect(JSON.stringify(stacks)).not.toMatch(/data\.azurerm_log_analytics_workspace/);
  });

  it('registers exactly the resource providers a workload needs', () => {
    const chat = stacks['workload-chat'].provider.azurerm[0].resource_providers_to_register;
    const research = stacks['workload-research'].provider.azurerm[0].resource_providers_to_register;
    expect(chat).not.toContain('Microsoft.MachineLearningServices');
    expect(research).toEqual(expect.arrayContaining(['Microsoft.MachineLearningServices', 'Microsoft.ContainerRegistry', 'Microsoft.CognitiveServices']));
  });

  it('switches every stack to the azurerm backend with Entra ID auth when state is configured', () => {
    const withState = synthStacks(configWith((c) => {
      c.state = { resourceGroupName: 'rg-tfstate', storageAccountName: 'sttfstate001', containerName: 'tfstate' };
    }));
    for (const [name, stack] of Object.entries<any>(withState)) {
      expect(stack.terraform.backend).toEqual({
        azurerm: {
          resource_group_name: 'rg-tfstate',
          storage_account_name: 'sttfstate001',
          container_name: 'tfstate',
          key: `${name}.tfstate`,
          subscription_id: config.platform.subscriptionId,
          tenant_id: config.organization.tenantId,
          use_azuread_auth: true,
        },
      });
    }
  });

  it('tags every taggable resource with the organization tags and environment, workload, managedBy', () => {
    let checked = 0;
    for (const [name, stack] of Object.entries<any>(stacks)) {
      for (const [type, logical, body] of resourcesOf(stack)) {
        if (!isTaggable(type, body)) continue;
        checked++;
        expect({ resource: `${name}/${type}.${logical}`, tags: body.tags }).toEqual({
          resource: `${name}/${type}.${logical}`,
          tags: expect.objectContaining({ costCenter: '4711', managedBy: 'ailz', environment: expect.any(String), workload: expect.any(String) }),
        });
      }
    }
    expect(checked).toBeGreaterThan(5);
    const rg = resourcesOf(stacks['workload-chat']).find(([t]) => t === 'azurerm_resource_group')![2];
    expect(rg.tags).toMatchObject({ environment: 'production', workload: 'chat' });
  });

  it('the reference config synthesizes with zero guardrail findings', () => {
    const result = evaluate(Object.entries(stacks).map(([stack, json]) => ({ stack, json })), { asOf: TEST_AS_OF });
    expect(result.findings.map((f) => `${f.rule} ${f.stack}/${f.address} ${f.message}`)).toEqual([]);
  });

  it('no key, secret or connection string is ever an output', () => {
    for (const stack of Object.values<any>(stacks)) {
      for (const [name, output] of Object.entries<any>(stack.output ?? {})) {
        // Attributes that would leak a credential (a Key Vault *URI* is fine: it grants nothing).
        expect(`${name} ${JSON.stringify(output.value)}`).not.toMatch(/access_key|primary_key|secondary_key|secret|connection_string|password|sas_|instrumentation_key/i);
        expect(output.sensitive).toBeUndefined();
      }
    }
  });
});

describe('cross-stack references', () => {
  it('every ID a workload computes for a platform resource names a resource the platform stack creates', () => {
    // A resource an azapi_resource_action PUTs (the gateway's azuremonitor logger) is named by its resource_id.
    const platformNames = new Set(resourcesOf(stacks.platform).map(([type, , body]) =>
      (type === 'azapi_resource_action' && body.method === 'PUT' ? String(body.resource_id).split('/').pop() : body.name)));
    const ids = JSON.stringify(stacks['workload-chat']).match(/\/subscriptions\/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e\/resourceGroups\/[^"]+/g) ?? [];
    expect(ids.length).toBeGreaterThan(3);
    for (const full of new Set(ids)) {
      // The hub-side peering and DNS links are the workload's own (adoption probes name them): their parent must be the platform's.
      // Its API on the shared AI gateway is its own too (the API diagnostic names it as parent).
      const id = full.replace(/\/(virtualNetworkPeerings|virtualNetworkLinks|apis)\/[^/]+$/, '');
      const last = id.split('/').pop()!;
      expect({ id, createdByPlatform: platformNames.has(last) }).toEqual({ id, createdByPlatform: true });
    }
  });

  it('each workload stack peers its spoke with the hub in both directions; the hub side goes through the platform provider', () => {
    const hub = resourcesOf(stacks.platform).find(([t]) => t === 'azurerm_virtual_network')![2];
    const hubRg = resourcesOf(stacks.platform).find(([t, n]) => t === 'azurerm_resource_group' && n.startsWith('ResourceGroup'))![2];
    for (const w of config.workloads) {
      const stack = stacks[`workload-${w.name}`];
      const [vnetAddress] = resourcesOf(stack).filter(([t]) => t === 'azurerm_virtual_network').map(([t, n]) => `${t}.${n}`);
      const platform = stack.provider.azurerm.find((p: any) => p.alias === 'platform');
      expect(platform).toMatchObject({ subscription_id: config.platform.subscriptionId, tenant_id: config.organization.tenantId, resource_provider_registrations: 'none' });
      const peerings = resourcesOf(stack).filter(([t]) => t === 'azurerm_virtual_network_peering').map(([, , b]) => b);
      expect(peerings).toHaveLength(2);
      const spokeSide = peerings.find((p) => p.provider === undefined)!;
      expect(spokeSide.remote_virtual_network_id).toBe(`/subscriptions/${config.platform.subscriptionId}/resourceGroups/${hubRg.name}/providers/Microsoft.Network/virtualNetworks/${hub.name}`);
      const hubSide = peerings.find((p) => p.provider === 'azurerm.platform')!;
      // Same name as the platform stack gave it, so an existing peering is adopted, not duplicated.
      expect(hubSide).toMatchObject({
        name: `peer-contoso-platform-hub-to-${w.name}-sdc`, resource_group_name: hubRg.name, virtual_network_name: hub.name,
        remote_virtual_network_id: `\${${vnetAddress}.id}`, allow_gateway_transit: false, use_remote_gateways: false, allow_forwarded_traffic: false,
      });
    }
  });

  it('each workload stack links its spoke to every private DNS zone through the platform provider', () => {
    const zones = resourcesOf(stacks.platform).filter(([t]) => t === 'azurerm_private_dns_zone').map(([, , b]) => b.name).sort();
    // The 13 privatelink zones and the shared AI gateway's hostname zone.
    expect(zones).toHaveLength(14);
    expect(zones).toContain('apim-contoso-platform-d52pq.azure-api.net');
    for (const w of config.workloads) {
      const stack = stacks[`workload-${w.name}`];
      const [[vnetAddress, , vnet]] = resourcesOf(stack).filter(([t]) => t === 'azurerm_virtual_network').map(([t, n, b]) => [`${t}.${n}`, n, b]);
      const links = resourcesOf(stack).filter(([t]) => t === 'azurerm_private_dns_zone_virtual_network_link').map(([, , b]) => b);
      expect(links.map((l) => l.private_dns_zone_name).sort()).toEqual(zones);
      for (const l of links) {
        expect(l).toMatchObject({ provider: 'azurerm.platform', virtual_network_id: `\${${vnetAddress}.id}`, registration_enabled: false, resource_group_name: 'rg-contoso-platform-sdc', name: `link-${vnet.name}` });
      }
    }
  });

  it('the platform stack never references a workload: no peering, no spoke link, no workload name, subscription or VNet outside its migration blocks', () => {
    const { removed, ...rest } = stacks.platform;
    const text = JSON.stringify(rest);
    expect(resourcesOf(stacks.platform).filter(([t]) => t === 'azurerm_virtual_network_peering')).toEqual([]);
    for (const w of config.workloads) {
      expect(text).not.toContain(`-${w.name}-`);
      expect(text).not.toContain(`Spoke-${w.name}`);
      if (w.subscriptionId) expect(text).not.toContain(w.subscriptionId);
    }
    expect(removed.length).toBeGreaterThan(0);
  });

  it('adding a workload changes no other stack but governance (vending) and the no-op release list of the platform', () => {
    const more = synthStacks(configWith((c) => {
      c.workloads.push({ ...c.workloads[0], name: 'extra', subscriptionId: '7d8e9f0a-1b2c-4d3e-8f4a-5b6c7d8e9f0a', addressSpace: '10.3.0.0/24', budget: { ...c.workloads[0].budget } });
    }));
    const strip = (j: any) => { const { removed, ...rest } = j; return JSON.stringify(rest); };
    expect(strip(more.platform)).toBe(strip(stacks.platform));
    expect(JSON.stringify(more['workload-chat'])).toBe(JSON.stringify(stacks['workload-chat']));
    expect(JSON.stringify(more['workload-research'])).toBe(JSON.stringify(stacks['workload-research']));
    // The platform's only new lines are `removed` blocks for addresses a platform of ailz 0.1 could hold.
    expect(more.platform.removed.filter((r: any) => r.from.includes('extra'))).toHaveLength(14);
    expect(more.platform.removed.every((r: any) => r.lifecycle.destroy === false)).toBe(true);
  });

  it('never synthesizes a reference to a key, secret or connection string attribute', () => {
    const text = JSON.stringify(stacks);
    expect(text).not.toMatch(/\.(primary_access_key|secondary_access_key|primary_connection_string|connection_string|primary_key|secondary_key|instrumentation_key|admin_password)\}/);
  });
});

describe('snapshots (review every change like code)', () => {
  it.each(Object.keys(stacks))('%s', (name) => {
    expect(stacks[name]).toMatchSnapshot();
  });
});
