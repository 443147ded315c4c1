/**
 * The diagram's model: what the config adapter predicts equals what the Terraform adapter reads from
 * the real synth of the same config (so neither can drift from the stacks), and the Terraform adapter
 * reads the synth output right, checked against the raw Terraform JSON: every spoke peered with the
 * hub both ways, each private endpoint linked to the service it connects to, the monitoring flows to
 * the workspace and Sentinel. It also reads an ailz 0.1.0 output, azapi forms of the same resources,
 * and foreign Terraform, and draws what is missing (a one-sided peering, a service without a private
 * endpoint, an absent activity log).
 */
import { readdirSync } from 'fs';
import { join } from 'path';
import { PRIVATE_DNS_ZONE_NAMES } from '../../azure/private-dns-zones';
import { DETECTIONS } from '../../catalog/detections';
import { viewFromConfig } from '../../diagram/from-config';
import { viewFromTerraform } from '../../diagram/from-terraform';
import { layoutView } from '../../diagram/layout';
import { loadDocuments } from '../../guardrails/load';
import type { TerraformDocument } from '../../guardrails/types';
import type { LandingZoneView, WorkloadView } from '../../diagram/view';
import { config, EDGE_CASES, referenceWith, REFERENCE, synthesize } from './helpers';

/** What only the Terraform knows (Azure names, counts, addresses) removed. */
function logical(view: LandingZoneView): unknown {
  return JSON.parse(JSON.stringify(view, (k, v) => {
    if (k === 'sources' || k === 'diagnosticSettings' || k === 'analyticsRules') return undefined;
    if (k === 'name' && typeof v === 'string') return undefined;
    if (k === 'workspace' && typeof v === 'string') return undefined;
    return v;
  }));
}
const withoutSources = (view: LandingZoneView) => JSON.parse(JSON.stringify(view, (k, v) => (k === 'sources' ? undefined : v)));
const workload = (view: LandingZoneView, name: string): WorkloadView => view.workloads.find((w) => w.name === name)!;
const resources = (doc: TerraformDocument, type: string): [string, any][] => Object.entries<any>(doc.json.resource?.[type] ?? {});
const clone = (docs: TerraformDocument[]): TerraformDocument[] => docs.map((d) => ({ stack: d.stack, json: JSON.parse(JSON.stringify(d.json)) }));

let reference: { docs: TerraformDocument[] };
let edge: { docs: TerraformDocument[] };

beforeAll(() => {
  reference = synthesize(config(REFERENCE));
  edge = synthesize(config(EDGE_CASES));
}, 240_000);

describe('the config adapter predicts what synth builds', () => {
  it('reference: management groups, platform, workloads and their private endpoints', () => {
    const v = viewFromConfig(config(REFERENCE));
    expect(v.managementGroups.map((g) => [g.name, g.parent ?? null, g.managed])).toEqual([
      ['8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93', null, false],
      ['contoso-ai', '8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93', true],
      ['contoso-platform', '8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93', true],
      ['contoso-ai-experimentation', 'contoso-ai', true],
      ['contoso-ai-production', 'contoso-ai', true],
    ]);
    expect(v.managementGroups[0].tenantRoot).toBe(true);
    expect(v.platform).toMatchObject({
      subscription: { id: '0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e', managementGroup: 'contoso-platform' },
      hub: { addressSpace: ['10.0.0.0/22'] },
      privateDns: { mode: 'managed', zones: [...PRIVATE_DNS_ZONE_NAMES].sort(), linkedVnets: 3 },
    });
    expect(workload(v, 'chat').services.map((s) => [s.kind, s.role ?? '', s.privateEndpoints.map((p) => p.subresources.join('+'))])).toEqual([
      ['cognitiveServices', '', ['account']], ['keyVault', '', ['vault']], ['storage', 'flowLogs', ['blob']],
    ]);
    expect(workload(v, 'research').services.map((s) => [s.kind, s.role ?? '', s.privateEndpoints.map((p) => p.subresources.join('+'))])).toEqual([
      ['cognitiveServices', '', ['account']], ['mlWorkspace', '', ['amlworkspace']], ['keyVault', '', ['vault']], ['keyVault', 'ml', ['vault']],
      ['storage', 'flowLogs', ['blob']], ['storage', 'ml', ['blob', 'file']], ['containerRegistry', 'ml', ['registry']],
    ]);
    expect(workload(v, 'research').subscription).toEqual({ vendedName: 'sub-contoso-research', managementGroup: 'contoso-ai-experimentation' });
  });

  it('edge cases: existing DNS zones, AI groups under an existing group (no platform group), no ML', () => {
    const v = viewFromConfig(config(EDGE_CASES));
    expect(v.managementGroups[0]).toEqual({ name: 'alz-landingzones', managed: false });
    expect(v.managementGroups.map((g) => g.name)).not.toContain('contoso-platform');
    expect(v.platform!.subscription).toEqual({ id: '0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e' });
    expect(v.platform!.privateDns).toMatchObject({ mode: 'existing', resourceGroup: 'rg-connectivity-dns', linkedVnets: 13 });
    expect(v.workloads.flatMap((w) => w.services).some((s) => s.role === 'ml')).toBe(false);
  });

  it.each([
    ['reference', () => config(REFERENCE), () => reference.docs],
    ['edge cases', () => config(EDGE_CASES), () => edge.docs],
  ])('%s: the config view equals the Terraform view of its synth (names and counts aside)', (_n, cfg, docs) => {
    expect(logical(viewFromTerraform(docs()))).toEqual(logical(viewFromConfig(cfg())));
  });

  it('AI Services accounts, ML everywhere, vended subscriptions', () => {
    const cfg = referenceWith((doc) => {
      for (const w of doc.workloads) {
        w.openai.kind = 'AIServices';
        w.machineLearning = true;
        delete w.subscriptionId;
        w.billingScopeId = '/providers/Microsoft.Billing/billingAccounts/1234567/enrollmentAccounts/7654321';
      }
    });
    const fromConfig = viewFromConfig(cfg);
    expect(fromConfig.workloads.every((w) => w.services[0].variant === 'AIServices' && w.subscription?.vendedName)).toBe(true);
    expect(logical(viewFromTerraform(synthesize(cfg).docs))).toEqual(logical(fromConfig));
  }, 120_000);
});

describe('the Terraform adapter reads the synth output right', () => {
  it('every workload spoke is peered with the hub, both sides declared', () => {
    const v = viewFromTerraform(reference.docs);
    const hub = resources(reference.docs.find((d) => d.stack === 'platform')!, 'azurerm_virtual_network')[0][1].name;
    expect(v.platform!.hub!.name).toBe(hub);
    for (const doc of reference.docs.filter((d) => d.stack.startsWith('workload-'))) {
      const peerings = resources(doc, 'azurerm_virtual_network_peering').map(([, r]) => r);
      // The raw JSON: one peering from the spoke to the hub's ID, one on the hub naming the hub.
      expect(peerings.filter((p) => String(p.remote_virtual_network_id).endsWith(`/virtualNetworks/${hub}`))).toHaveLength(1);
      expect(peerings.filter((p) => p.virtual_network_name === hub)).toHaveLength(1);
      expect(workload(v, doc.stack.slice('workload-'.length)).peering).toMatchObject({ toHub: true, fromHub: true });
    }
    const graph = layoutView(v, { detailOf: () => 'full' });
    for (const w of v.workloads) expect(graph.edges).toContainEqual({ from: 'p_hub', to: `w_${w.name}_vnet`, style: 'line', label: 'peering' });
  });

  it('each private endpoint is linked to the service it connects to', () => {
    const v = viewFromTerraform(reference.docs);
    let endpoints = 0;
    for (const doc of reference.docs.filter((d) => d.stack.startsWith('workload-'))) {
      const w = workload(v, doc.stack.slice('workload-'.length));
      for (const [, pe] of resources(doc, 'azurerm_private_endpoint')) {
        endpoints++;
        const conn = pe.private_service_connection;
        const [, type, logicalName] = /^\$\{([a-z_]+)\.([A-Za-z0-9_-]+)\.id\}$/.exec(conn.private_connection_resource_id)!;
        const target = doc.json.resource[type][logicalName];
        const service = w.services.find((s) => s.name === target.name);
        expect(service).toBeDefined();
        expect(service!.privateEndpoints).toContainEqual(expect.objectContaining({ name: pe.name, subresources: [...conn.subresource_names].sort() }));
      }
    }
    expect(v.workloads.flatMap((w) => w.services.flatMap((s) => s.privateEndpoints))).toHaveLength(endpoints);
    expect(endpoints).toBe(11);
    // In the drawing each endpoint node has one arrow, to its service's node.
    const graph = layoutView(v, { detailOf: () => 'full' });
    const labelOf = new Map(graph.nodes.map((n) => [n.id, n.label]));
    const peNodes = graph.nodes.filter((n) => n.label[0] === 'private endpoint');
    expect(peNodes).toHaveLength(endpoints);
    for (const pe of peNodes) {
      const out = graph.edges.filter((e) => e.from === pe.id);
      expect(out).toHaveLength(1);
      expect(labelOf.get(out[0].to)!.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('monitoring flows to the workspace, and the workspace to Sentinel', () => {
    const v = viewFromTerraform(reference.docs);
    const platform = reference.docs.find((d) => d.stack === 'platform')!;
    // The security workspace (Sentinel's), not the AI gateway's prompt workspace beside it.
    const onboarding = resources(platform, 'azurerm_sentinel_log_analytics_workspace_onboarding');
    expect(onboarding).toHaveLength(1);
    const workspaces = resources(platform, 'azurerm_log_analytics_workspace');
    expect(workspaces).toHaveLength(2);
    const [, workspace] = workspaces.find(([key]) => String(onboarding[0][1].workspace_id).includes(`azurerm_log_analytics_workspace.${key}.`))!;
    const rules = Object.keys(platform.json.resource).filter((t) => t.startsWith('azurerm_sentinel_alert_rule_')).reduce((n, t) => n + resources(platform, t).length, 0);
    expect(v.platform).toMatchObject({ workspace: { name: workspace.name, retentionDays: workspace.retention_in_days }, sentinel: { analyticsRules: rules } });
    expect(rules).toBeGreaterThan(10);
    for (const doc of reference.docs.filter((d) => d.stack.startsWith('workload-'))) {
      const settings = resources(doc, 'azurerm_monitor_diagnostic_setting').map(([, r]) => r);
      const toResources = settings.filter((s) => !/^\/subscriptions\/[^/]+$/.test(s.target_resource_id));
      expect(settings.length - toResources.length).toBe(1);
      // Settings in the category-group policies' shape are azapi diagnosticSettings (F15): they count too.
      const azapi = resources(doc, 'azapi_resource').filter(([, r]) => /^Microsoft\.Insights\/diagnosticSettings@/i.test(r.type));
      expect(azapi.length).toBeGreaterThan(0);
      expect(workload(v, doc.stack.slice('workload-'.length)).monitoring).toEqual({
        workspace: workspace.name, diagnostics: true, diagnosticSettings: toResources.length + azapi.length, activityLog: true, defenderExport: true, trafficAnalytics: true,
      });
    }
    const graph = layoutView(v, { detailOf: () => 'full' });
    expect(graph.edges).toContainEqual({ from: 'p_law', to: 'p_sentinel', style: 'arrow', label: 'detections' });
    for (const w of v.workloads) {
      expect(graph.edges).toContainEqual(expect.objectContaining({ from: `w_${w.name}_sub`, to: 'p_law', style: 'dotted', label: expect.stringMatching(/^diagnostics \(\d+\) · activity log · Defender alerts · traffic analytics$/) }));
    }
  });

  it('management groups and subscription placement from the governance stack', () => {
    const v = viewFromTerraform(reference.docs);
    expect(withoutSources(v).managementGroups).toEqual(withoutSources(viewFromConfig(config(REFERENCE))).managementGroups);
    expect(workload(v, 'chat').subscription).toEqual({ id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', managementGroup: 'contoso-ai-production' });
    expect(workload(v, 'research').subscription).toEqual({ vendedName: 'sub-contoso-research', managementGroup: 'contoso-ai-experimentation' });
  });
});

describe('other ailz versions and other Terraform', () => {
  it('an ailz 0.1.0 output (hub-side peerings and DNS links in the platform, azurerm flow logs) draws as today\'s synth does', () => {
    const old = loadDocuments(join(__dirname, 'fixtures', 'ailz-0.1.0'));
    expect(readdirSync(join(__dirname, 'fixtures', 'ailz-0.1.0', 'stacks')).sort()).toEqual(['governance', 'platform', 'workload-chat', 'workload-research']);
    expect(resources(old.find((d) => d.stack === 'platform')!, 'azurerm_virtual_network_peering')).toHaveLength(2);
    expect(resources(old.find((d) => d.stack === 'workload-chat')!, 'azurerm_network_watcher_flow_log')).toHaveLength(1);
    const strip = (v: LandingZoneView) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'sources' || k === 'diagnosticSettings' ? undefined : x)));
    // 0.3.0 adds the detections on the AI gateway's logs (ailz-det-015..018); the rest draws the same.
    const oldView = strip(viewFromTerraform(old));
    const newView = strip(viewFromTerraform(reference.docs));
    const gatewayDetections = DETECTIONS.filter((d) => d.tables.some((t) => t.startsWith('ApiManagement'))).length;
    expect(gatewayDetections).toBe(4);
    expect(newView.platform.sentinel.analyticsRules - oldView.platform.sentinel.analyticsRules).toBe(gatewayDetections);
    oldView.platform.sentinel.analyticsRules = newView.platform.sentinel.analyticsRules;
    expect(oldView).toEqual(newView);
  });

  it('the same resources written with azapi (ARM types and bodies) draw the same', () => {
    const docs = clone(reference.docs);
    const api: Record<string, string> = {
      azurerm_virtual_network: 'Microsoft.Network/virtualNetworks@2024-05-01',
      azurerm_private_endpoint: 'Microsoft.Network/privateEndpoints@2024-05-01',
      azurerm_monitor_diagnostic_setting: 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview',
      azurerm_cognitive_account: 'Microsoft.CognitiveServices/accounts@2024-10-01',
      azurerm_log_analytics_workspace: 'Microsoft.OperationalInsights/workspaces@2023-09-01',
    };
    const body: Record<string, (r: any) => any> = {
      azurerm_virtual_network: (r) => ({ properties: { addressSpace: { addressPrefixes: r.address_space } } }),
      azurerm_private_endpoint: (r) => ({
        properties: {
          subnet: { id: r.subnet_id },
          privateLinkServiceConnections: [{ name: r.private_service_connection.name, properties: { privateLinkServiceId: r.private_service_connection.private_connection_resource_id, groupIds: r.private_service_connection.subresource_names } }],
        },
      }),
      azurerm_monitor_diagnostic_setting: (r) => ({ properties: { workspaceId: r.log_analytics_workspace_id, logs: [], metrics: [] } }),
      azurerm_cognitive_account: (r) => ({ kind: r.kind, sku: { name: r.sku_name }, properties: {} }),
      azurerm_log_analytics_workspace: (r) => ({ properties: { retentionInDays: r.retention_in_days } }),
    };
    for (const d of docs) {
      const res = d.json.resource;
      res.azapi_resource ??= {};
      const renamed: [string, string][] = [];
      for (const type of Object.keys(api)) {
        for (const [name, r] of Object.entries<any>(res[type] ?? {})) {
          res.azapi_resource[name] = {
            type: api[type], name: r.name, location: r.location,
            parent_id: type === 'azurerm_monitor_diagnostic_setting' ? r.target_resource_id : '/subscriptions/x/resourceGroups/rg',
            body: body[type](r),
          };
          renamed.push([type, name]);
        }
        delete res[type];
      }
      let text = JSON.stringify(d.json);
      for (const [type, name] of renamed) text = text.split(`\${${type}.${name}.`).join(`\${azapi_resource.${name}.`);
      d.json = JSON.parse(text);
    }
    expect(docs.some((d) => d.json.resource.azurerm_private_endpoint)).toBe(false);
    const strip = (v: LandingZoneView) => JSON.parse(JSON.stringify(v, (k, x) => (k === 'sources' ? undefined : x)));
    expect(strip(viewFromTerraform(docs))).toEqual(strip(viewFromTerraform(reference.docs)));
  });

  it('foreign Terraform (one .tf.json) is drawn as a workload named after it; a service without a private endpoint is flagged', () => {
    const doc: TerraformDocument = {
      stack: 'team-app',
      json: {
        resource: {
          azurerm_virtual_network: { net: { name: 'vnet-app', address_space: ['10.9.0.0/16'], location: 'westeurope' } },
          azurerm_subnet: { pe: { name: 'snet-pe', virtual_network_name: '${azurerm_virtual_network.net.name}' } },
          azurerm_storage_account: { data: { name: 'stdata' }, open: { name: 'stopen' } },
          azurerm_private_endpoint: { pe: { name: 'pe-data', subnet_id: '${azurerm_subnet.pe.id}', private_service_connection: [{ private_connection_resource_id: '${azurerm_storage_account.data.id}', subresource_names: ['blob'] }] } },
        },
      },
    };
    const v = viewFromTerraform([doc]);
    expect(v.workloads.map((w) => w.name)).toEqual(['team-app']);
    expect(workload(v, 'team-app').services.map((s) => [s.name, s.privateEndpoints.length])).toEqual([['stopen', 0], ['stdata', 1]]);
    const graph = layoutView(v, { detailOf: () => 'full' });
    const open = graph.nodes.find((n) => n.label.includes('stopen'))!;
    expect(open.label).toContain('no private endpoint');
    expect(open.classes).toContain('exposed');
  });
});

describe('what is missing is drawn', () => {
  it('a peering declared on the spoke only, a private endpoint removed, no activity log', () => {
    const docs = clone(reference.docs);
    const chat = docs.find((d) => d.stack === 'workload-chat')!.json.resource;
    const hubSide = Object.keys(chat.azurerm_virtual_network_peering).find((k) => chat.azurerm_virtual_network_peering[k].provider === 'azurerm.platform')!;
    delete chat.azurerm_virtual_network_peering[hubSide];
    const kvEndpoint = Object.keys(chat.azurerm_private_endpoint).find((k) => chat.azurerm_private_endpoint[k].private_service_connection.subresource_names[0] === 'vault')!;
    delete chat.azurerm_private_endpoint[kvEndpoint];
    const activity = Object.keys(chat.azurerm_monitor_diagnostic_setting).find((k) => /^\/subscriptions\/[^/]+$/.test(chat.azurerm_monitor_diagnostic_setting[k].target_resource_id))!;
    delete chat.azurerm_monitor_diagnostic_setting[activity];

    const v = viewFromTerraform(docs);
    expect(workload(v, 'chat').peering).toMatchObject({ toHub: true, fromHub: false });
    const graph = layoutView(v, { detailOf: () => 'full' });
    expect(graph.edges).toContainEqual({ from: 'p_hub', to: 'w_chat_vnet', style: 'dottedLine', label: 'peering: spoke side only' });
    const vault = graph.nodes.find((n) => n.group === 'w_chat' && n.label[0] === 'Key Vault')!;
    expect(vault.label).toContain('no private endpoint');
    expect(vault.classes).toContain('exposed');
    expect(graph.edges).toContainEqual(expect.objectContaining({ from: 'w_chat_sub', to: 'p_law', label: expect.stringMatching(/no activity log$/) }));
    // The other workload is untouched.
    expect(workload(v, 'research').peering).toMatchObject({ toHub: true, fromHub: true });
  });

  it('bring-your-own DNS: no zone is created; every VNet is linked to the existing zones', () => {
    expect(edge.docs.some((d) => d.json.resource?.azurerm_private_dns_zone)).toBe(false);
    const links = edge.docs.flatMap((d) => resources(d, 'azurerm_private_dns_zone_virtual_network_link').map(([, r]) => r));
    expect(new Set(links.map((l) => l.resource_group_name))).toEqual(new Set(['rg-connectivity-dns']));
    expect(viewFromTerraform(edge.docs).platform!.privateDns).toMatchObject({ mode: 'existing', resourceGroup: 'rg-connectivity-dns', zones: [...PRIVATE_DNS_ZONE_NAMES].sort(), linkedVnets: 13 });
  });
});
