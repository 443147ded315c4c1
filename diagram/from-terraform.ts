/**
 * The landing zone a set of Terraform JSON documents builds, as a diagram view: what was synthesized
 * (by this or another ailz version) rather than what a config says. Reads azurerm and azapi resources
 * alike, and follows references across stacks by ARM ID (diagram/terraform.ts).
 *
 * Stacks follow ailz's naming contract (guardrails `stackKind`): `governance` (management groups,
 * subscription placement and vending), `platform` (hub, private DNS, workspace, Sentinel) and
 * `workload-<name>`; any other stack is drawn as a workload named after the stack when it holds a
 * network or a service.
 */
import type { TerraformDocument } from '../guardrails/types';
import { blockList, bodyAt, literalNumber, literalString, Res, Target, TerraformModel } from './terraform';
import {
  cmp, compareServices, comparePrivateEndpoints, LandingZoneView, ManagementGroupView, MonitoringView, PeeringView, PlatformView,
  PrivateDnsView, PrivateEndpointView, ServiceKind, ServiceRole, ServiceView, sortManagementGroups, SubscriptionRef, VnetView, WorkloadView,
} from './view';

export const ARM = {
  managementGroup: 'Microsoft.Management/managementGroups',
  subscriptionPlacement: 'Microsoft.Management/managementGroups/subscriptions',
  subscriptionAlias: 'Microsoft.Subscription/aliases',
  virtualNetwork: 'Microsoft.Network/virtualNetworks',
  peering: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  privateEndpoint: 'Microsoft.Network/privateEndpoints',
  privateDnsZone: 'Microsoft.Network/privateDnsZones',
  privateDnsLink: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  flowLog: 'Microsoft.Network/networkWatchers/flowLogs',
  workspace: 'Microsoft.OperationalInsights/workspaces',
  sentinelOnboarding: 'Microsoft.SecurityInsights/onboardingStates',
  sentinelRule: 'Microsoft.SecurityInsights/alertRules',
  diagnosticSetting: 'Microsoft.Insights/diagnosticSettings',
  securityAutomation: 'Microsoft.Security/automations',
  resourceGroup: 'Microsoft.Resources/resourceGroups',
} as const;

/** The ARM type of each service kind. */
export const SERVICE_ARM_TYPES: Readonly<Record<ServiceKind, string>> = {
  cognitiveServices: 'Microsoft.CognitiveServices/accounts',
  mlWorkspace: 'Microsoft.MachineLearningServices/workspaces',
  search: 'Microsoft.Search/searchServices',
  keyVault: 'Microsoft.KeyVault/vaults',
  storage: 'Microsoft.Storage/storageAccounts',
  containerRegistry: 'Microsoft.ContainerRegistry/registries',
};

const SERVICE_KIND_BY_ARM = new Map(Object.entries(SERVICE_ARM_TYPES).map(([k, v]) => [v.toLowerCase(), k as ServiceKind]));

/**
 * Attributes through which a resource belongs to another (a role assignment's scope, a key's vault, a
 * subnet's VNet): a change to it is drawn on the element it belongs to.
 */
const BELONGS_TO = [
  'target_resource_id', 'parent_id', 'scope', 'key_vault_id', 'cognitive_account_id', 'storage_account_id', 'container_registry_id',
  'machine_learning_workspace_id', 'virtual_network_name', 'virtual_network_id', 'subnet_id', 'network_security_group_id',
  'storage_account_name', 'key_vault_key_id', 'resource_id',
];

const isArm = (r: Res | undefined, armType: string) => r?.armType?.toLowerCase() === armType.toLowerCase();
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** A stable identity for what a target names: the same VNet reached by reference or by ID gets the same key. */
function targetKey(t: Target | undefined): string | undefined {
  if (!t) return undefined;
  if (t.res) return t.res.armType && t.res.name ? `${t.res.armType.toLowerCase()}|${t.res.name.toLowerCase()}` : t.res.source;
  if (t.armType && t.name) return `${t.armType.toLowerCase()}|${t.name.toLowerCase()}`;
  return undefined;
}

const targetName = (t: Target | undefined) => t?.res?.name ?? t?.name;

class ViewBuilder {
  constructor(private readonly m: TerraformModel) {}

  build(): LandingZoneView {
    const managementGroups = this.managementGroups();
    const placements = this.placements();
    const platformDoc = this.m.docs.find((d) => d.kind === 'platform');
    const workloadStacks = this.m.docs.filter((d) => d.kind === 'workload' || (d.kind === 'generic' && this.hasWorkloadContent(d.stack)));
    const hub = platformDoc ? this.first(ARM.virtualNetwork, platformDoc.stack) : undefined;
    const workspace = platformDoc ? this.securityWorkspace(platformDoc.stack) : undefined;

    const workloads = workloadStacks.map((d) => this.workload(d.stack, hub, placements));
    workloads.sort((a, b) => cmp(a.name, b.name));

    let platform: PlatformView | undefined;
    if (platformDoc) {
      const stack = platformDoc.stack;
      const sentinel = this.sentinel(workspace);
      const subscription = this.subscriptionOf(stack, placements);
      const privateDns = this.privateDns();
      platform = {
        stack,
        ...(subscription ? { subscription } : {}),
        ...(hub ? { hub: this.vnet(hub) } : {}),
        ...(privateDns ? { privateDns } : {}),
        ...(workspace ? { workspace: { name: workspace.name, ...this.retention(workspace), sources: [workspace.source] } } : {}),
        ...(sentinel ? { sentinel } : {}),
        sources: this.m.ofStack(stack).map((r) => r.source),
      };
    } else {
      platform = this.referencedPlatform(workloads);
    }
    return { managementGroups, ...(platform ? { platform } : {}), workloads };
  }

  /**
   * The platform's security workspace: the one Sentinel is onboarded to when there are several (the AI
   * gateway adds a prompt workspace of its own), else the first by name.
   */
  private securityWorkspace(stack: string): Res | undefined {
    const all = this.m.ofArmType(ARM.workspace, stack).sort((a, b) => cmp(a.name ?? a.address, b.name ?? b.address));
    return all.find((w) => this.sentinel(w) !== undefined) ?? all[0];
  }

  private first(armType: string, stack: string): Res | undefined {
    return this.m.ofArmType(armType, stack).sort((a, b) => cmp(a.name ?? a.address, b.name ?? b.address))[0];
  }

  private hasWorkloadContent(stack: string): boolean {
    return this.m.ofStack(stack).some((r) => (isArm(r, ARM.virtualNetwork) || isArm(r, ARM.privateEndpoint) || (r.armType && SERVICE_KIND_BY_ARM.has(r.armType.toLowerCase()))));
  }

  // -- governance ------------------------------------------------------------------------------

  private managementGroups(): ManagementGroupView[] {
    const tenants = new Set(this.m.docs.map((d) => this.m.providerOf(d).tenantId?.toLowerCase()).filter((t): t is string => !!t));
    const groups = new Map<string, ManagementGroupView>();
    const external = new Set<string>();
    for (const r of this.m.ofArmType(ARM.managementGroup)) {
      const name = r.name ?? r.address;
      const displayName = r.azapi ? str(bodyAt(r, 'properties.displayName')) : literalString(r.doc, r.attrs.display_name);
      const parentValue = r.azapi ? bodyAt(r, 'properties.details.parent.id') : r.attrs.parent_management_group_id;
      const parentTarget = this.m.resolve(r, parentValue);
      let parent = isArm(parentTarget?.res, ARM.managementGroup) ? parentTarget!.res!.name : parentTarget?.armType?.toLowerCase() === ARM.managementGroup.toLowerCase() ? parentTarget.name : undefined;
      if (parentValue === undefined) {
        // No parent: Azure places the group under the tenant root group, whose ID is the tenant ID.
        parent = this.m.providerOf(r.doc).tenantId ?? 'tenant root group';
      }
      if (parent && !parentTarget?.res) external.add(parent);
      groups.set(name, { name, ...(displayName ? { displayName } : {}), ...(parent ? { parent } : {}), managed: true, sources: [r.source] });
    }
    for (const name of external) {
      if (!groups.has(name)) groups.set(name, { name, managed: false, ...(tenants.has(name.toLowerCase()) ? { tenantRoot: true } : {}) });
    }
    return sortManagementGroups([...groups.values()]);
  }

  /** Subscription placements (and vending), keyed by the stack whose subscription they place. */
  private placements(): Map<string, SubscriptionRef & { sources: string[] }> {
    const out = new Map<string, SubscriptionRef & { sources: string[] }>();
    const stackBySubscription = new Map<string, string>();
    for (const d of this.m.docs) {
      if (d.kind !== 'platform' && d.kind !== 'workload' && d.kind !== 'generic') continue;
      const id = this.m.providerOf(d).subscriptionId;
      if (id) stackBySubscription.set(id.toLowerCase(), d.stack);
    }
    const workloadStacks = new Set(this.m.docs.filter((d) => d.kind === 'workload').map((d) => d.stack));
    const vended = new Map<Res, string | undefined>();
    for (const alias of this.m.ofArmType(ARM.subscriptionAlias)) vended.set(alias, this.vendedStack(alias, workloadStacks));

    const placed = new Set<Res>();
    for (const r of this.m.ofArmType(ARM.subscriptionPlacement)) {
      const mgTarget = this.m.resolve(r, r.azapi ? r.attrs.parent_id : r.attrs.management_group_id);
      const managementGroup = isArm(mgTarget?.res, ARM.managementGroup) ? mgTarget!.res!.name : mgTarget?.name;
      const subValue = r.azapi ? r.name : r.attrs.subscription_id;
      const sub = this.m.resolve(r, typeof subValue === 'string' && !subValue.startsWith('/') ? `/subscriptions/${subValue}` : subValue);
      const alias = this.m.referencesIn(r, subValue).find((x) => isArm(x, ARM.subscriptionAlias));
      if (alias) {
        placed.add(alias);
        const stack = vended.get(alias);
        if (stack) out.set(stack, { vendedName: this.vendedName(alias), ...(managementGroup ? { managementGroup } : {}), sources: [r.source, alias.source] });
      } else if (typeof sub?.subscription === 'string') {
        const stack = stackBySubscription.get(sub.subscription.toLowerCase());
        if (stack) out.set(stack, { id: sub.subscription, ...(managementGroup ? { managementGroup } : {}), sources: [r.source] });
      }
    }
    for (const [alias, stack] of vended) {
      if (stack && !placed.has(alias) && !out.has(stack)) out.set(stack, { vendedName: this.vendedName(alias), sources: [alias.source] });
    }
    return out;
  }

  private vendedName(alias: Res): string | undefined {
    return alias.azapi ? str(bodyAt(alias, 'properties.displayName')) ?? alias.name : literalString(alias.doc, alias.attrs.subscription_name) ?? literalString(alias.doc, alias.attrs.alias);
  }

  /** The workload stack a vended subscription is for: its `workload` tag, else a name ending in `-<workload>`. */
  private vendedStack(alias: Res, workloadStacks: Set<string>): string | undefined {
    const tags = alias.azapi ? bodyAt(alias, 'properties.additionalProperties.tags') : alias.attrs.tags;
    const tag = tags && typeof tags === 'object' ? str((tags as Record<string, unknown>).workload) : undefined;
    if (tag && workloadStacks.has(`workload-${tag}`)) return `workload-${tag}`;
    const name = this.vendedName(alias) ?? '';
    const matches = [...workloadStacks].filter((s) => name.endsWith(`-${s.slice('workload-'.length)}`));
    return matches.sort((a, b) => b.length - a.length)[0];
  }

  private subscriptionOf(stack: string, placements: Map<string, SubscriptionRef & { sources: string[] }>): SubscriptionRef | undefined {
    const placed = placements.get(stack);
    if (placed) {
      const { sources: _sources, ...ref } = placed;
      return ref;
    }
    const doc = this.m.docs.find((d) => d.stack === stack);
    const id = doc ? this.m.providerOf(doc).subscriptionId : undefined;
    return id ? { id } : undefined;
  }

  // -- platform ----------------------------------------------------------------------------------

  private vnet(r: Res): VnetView {
    const space = r.azapi ? bodyAt(r, 'properties.addressSpace.addressPrefixes') : r.attrs.address_space;
    const addressSpace = (Array.isArray(space) ? space : []).map((s) => literalString(r.doc, s)).filter((s): s is string => !!s);
    const location = literalString(r.doc, r.attrs.location);
    return { ...(r.name ? { name: r.name } : {}), addressSpace, ...(location ? { location } : {}), sources: this.belongingTo(r) };
  }

  private retention(workspace: Res): { retentionDays?: number } {
    const days = literalNumber(workspace.doc, workspace.azapi ? bodyAt(workspace, 'properties.retentionInDays') : workspace.attrs.retention_in_days);
    return days === undefined ? {} : { retentionDays: days };
  }

  private sentinel(workspace: Res | undefined): PlatformView['sentinel'] {
    if (!workspace) return undefined;
    const wsKey = targetKey({ res: workspace });
    const onboarding = this.m.resources.find((r) => {
      if (isArm(r, ARM.sentinelOnboarding)) return targetKey(this.m.resolve(r, r.azapi ? r.attrs.parent_id : r.attrs.workspace_id)) === wsKey;
      // The legacy form: the SecurityInsights solution on the workspace.
      if (r.type === 'azurerm_log_analytics_solution') return literalString(r.doc, r.attrs.solution_name) === 'SecurityInsights' && targetKey(this.m.resolve(r, r.attrs.workspace_resource_id)) === wsKey;
      return false;
    });
    if (!onboarding) return undefined;
    const rules = this.m.ofArmType(ARM.sentinelRule, onboarding.stack);
    return { analyticsRules: rules.length, sources: [onboarding.source, ...rules.map((r) => r.source)] };
  }

  private privateDns(): PrivateDnsView | undefined {
    // Private Link zones only: the AI gateway's own hostname zone (`<name>.azure-api.net`) and its links are
    // part of the gateway, not of the private-endpoint DNS this view draws.
    const gatewayZone = (name: string | undefined) => !!name && name.endsWith('.azure-api.net');
    const zones = this.m.ofArmType(ARM.privateDnsZone).filter((z) => !gatewayZone(z.name));
    const links = this.m.ofArmType(ARM.privateDnsLink).filter((l) => !String(l.address).includes('Gateway'));
    if (zones.length === 0 && links.length === 0) return undefined;
    const linkZone = (l: Res) => {
      if (l.azapi) return targetName(this.m.resolve(l, l.attrs.parent_id));
      const t = this.m.resolve(l, l.attrs.private_dns_zone_name);
      return t?.res ? t.res.name : literalString(l.doc, l.attrs.private_dns_zone_name);
    };
    const vnets = new Set(links.map((l) => targetKey(this.m.resolve(l, l.azapi ? bodyAt(l, 'properties.virtualNetwork.id') : l.attrs.virtual_network_id)) ?? l.source));
    const managed = zones.length > 0;
    const names = managed ? zones.map((z) => z.name) : links.map(linkZone);
    const resourceGroup = managed ? undefined : links.map((l) => literalString(l.doc, l.attrs.resource_group_name)).find((x) => !!x);
    return {
      zones: [...new Set(names.filter((n): n is string => !!n))].sort(),
      mode: managed ? 'managed' : 'existing',
      ...(resourceGroup ? { resourceGroup } : {}),
      linkedVnets: vnets.size,
      sources: [...zones, ...links].map((r) => r.source),
    };
  }

  /** Without the platform stack (a diff of one workload), the hub and workspace the workloads refer to. */
  private referencedPlatform(workloads: readonly (WorkloadView & { hubName?: string })[]): PlatformView | undefined {
    const hubName = workloads.map((w) => w.hubName).find((n) => !!n);
    const workspace = workloads.map((w) => w.monitoring.workspace).find((n) => !!n);
    if (!hubName && !workspace) return undefined;
    return { ...(hubName ? { hub: { name: hubName, addressSpace: [] } } : {}), ...(workspace ? { workspace: { name: workspace } } : {}) };
  }

  // -- workloads ---------------------------------------------------------------------------------

  private workload(stack: string, hub: Res | undefined, placements: Map<string, SubscriptionRef & { sources: string[] }>): WorkloadView & { hubName?: string } {
    const own = this.m.ofStack(stack);
    const name = stack.startsWith('workload-') ? stack.slice('workload-'.length) : stack;
    const spokeRes = this.first(ARM.virtualNetwork, stack);
    const spoke = spokeRes ? this.vnet(spokeRes) : undefined;
    const peering = spokeRes ? this.peering(spokeRes, hub) : undefined;
    const subscription = this.subscriptionOf(stack, placements);
    const tagged = [this.first(ARM.resourceGroup, stack), spokeRes, ...own].find((r) => r && typeof r.attrs.tags?.environment === 'string');
    const environment = tagged ? literalString(tagged.doc, tagged.attrs.tags.environment) : undefined;
    const location = spoke?.location ?? literalString(own[0]?.doc, this.first(ARM.resourceGroup, stack)?.attrs.location);
    const { hubName, ...peeringView } = peering ?? { hubName: undefined };
    return {
      name,
      stack,
      ...(environment ? { environment } : {}),
      ...(location ? { location } : {}),
      ...(subscription ? { subscription } : {}),
      ...(spoke ? { spoke } : {}),
      ...(peering ? { peering: peeringView as PeeringView } : {}),
      services: this.services(stack),
      monitoring: this.monitoring(stack),
      sources: own.map((r) => r.source),
      ...(hubName ? { hubName } : {}),
    };
  }

  private peeringEnds(p: Res): { local?: string; remote?: string; remoteName?: string } {
    const local = p.azapi ? this.m.resolve(p, p.attrs.parent_id) : this.resolveVnetName(p);
    const remote = this.m.resolve(p, p.azapi ? bodyAt(p, 'properties.remoteVirtualNetwork.id') : p.attrs.remote_virtual_network_id);
    return { local: targetKey(local), remote: targetKey(remote), remoteName: targetName(remote) };
  }

  /** azurerm peerings name their VNet (`virtual_network_name`), by reference or literally, in their resource group. */
  private resolveVnetName(p: Res): Target | undefined {
    const t = this.m.resolve(p, p.attrs.virtual_network_name);
    if (t?.res) return t;
    const name = literalString(p.doc, p.attrs.virtual_network_name);
    if (!name) return undefined;
    const res = this.m.byName(ARM.virtualNetwork, name, p.stack);
    return res ? { res } : { armType: ARM.virtualNetwork, name };
  }

  private peeringList?: { p: Res; local?: string; remote?: string; remoteName?: string }[];

  private peering(spoke: Res, hub: Res | undefined): PeeringView & { hubName?: string } | undefined {
    const spokeKey = targetKey({ res: spoke })!;
    const ends = (this.peeringList ??= this.m.ofArmType(ARM.peering).map((p) => ({ p, ...this.peeringEnds(p) })));
    const outgoing = ends.filter((e) => e.local === spokeKey && e.remote !== spokeKey);
    // The hub: the platform's VNet, else (platform not in the input) what the spoke peers with.
    const hubKey = hub ? targetKey({ res: hub }) : outgoing[0]?.remote;
    const toHub = outgoing.filter((e) => e.remote === hubKey);
    const fromHub = ends.filter((e) => e.local === hubKey && e.remote === spokeKey);
    if (toHub.length === 0 && fromHub.length === 0) return undefined;
    // Without the hub's stack, the hub's side is unknown unless the spoke's stack declares it too.
    const hubSideKnown = !!hub || fromHub.length > 0;
    return {
      toHub: toHub.length > 0,
      ...(hubSideKnown ? { fromHub: fromHub.length > 0 } : {}),
      sources: [...toHub, ...fromHub].map((e) => e.p.source),
      ...(hub ? {} : { hubName: toHub[0]?.remoteName }),
    };
  }

  private services(stack: string): ServiceView[] {
    const m = this.m;
    const roles = new Map<Res, ServiceRole>();
    const mark = (from: Res, value: unknown, role: ServiceRole) => {
      const t = m.resolve(from, value);
      if (t?.res && !roles.has(t.res)) roles.set(t.res, role);
    };
    for (const ml of m.ofArmType(SERVICE_ARM_TYPES.mlWorkspace, stack)) {
      for (const [attr, prop] of [['key_vault_id', 'keyVault'], ['storage_account_id', 'storageAccount'], ['container_registry_id', 'containerRegistry']] as const) {
        mark(ml, ml.azapi ? bodyAt(ml, `properties.${prop}`) : ml.attrs[attr], 'ml');
      }
    }
    for (const fl of m.ofArmType(ARM.flowLog, stack)) mark(fl, fl.azapi ? bodyAt(fl, 'properties.storageId') : fl.attrs.storage_account_id, 'flowLogs');

    interface Acc { kind: ServiceKind; res?: Res; armType: string; name?: string; pes: PrivateEndpointView[] }
    const byKey = new Map<string, Acc>();
    for (const r of m.ofStack(stack)) {
      if (r.type === 'azapi_update_resource' || !r.armType) continue;
      const kind = SERVICE_KIND_BY_ARM.get(r.armType.toLowerCase());
      if (kind) byKey.set(r.source, { kind, res: r, armType: r.armType, name: r.name, pes: [] });
    }
    for (const pe of m.ofArmType(ARM.privateEndpoint, stack)) {
      for (const conn of this.connections(pe)) {
        const t = m.resolve(pe, conn.target);
        const armType = t?.res?.armType ?? t?.armType;
        const kind = armType ? SERVICE_KIND_BY_ARM.get(armType.toLowerCase()) : undefined;
        if (!kind || !armType) continue;
        const k = t?.res ? t.res.source : `external:${targetKey(t)}`;
        let acc = byKey.get(k);
        if (!acc) byKey.set(k, (acc = { kind, res: t?.res, armType, name: targetName(t), pes: [] }));
        const name = pe.name;
        acc.pes.push({ subresources: [...conn.subresources].sort(), ...(name ? { name } : {}), sources: this.belongingTo(pe) });
      }
    }
    const out: ServiceView[] = [];
    for (const acc of byKey.values()) {
      const variant = acc.kind === 'cognitiveServices' && acc.res ? literalString(acc.res.doc, acc.res.attrs.kind) ?? str(acc.res.body?.kind) : undefined;
      const role = acc.res ? roles.get(acc.res) : undefined;
      out.push({
        kind: acc.kind,
        ...(variant ? { variant } : {}),
        ...(role ? { role } : {}),
        ...(acc.name ? { name: acc.name } : {}),
        privateEndpoints: acc.pes.sort(comparePrivateEndpoints),
        ...(acc.res && acc.res.stack === stack ? {} : { external: true }),
        sources: acc.res && acc.res.stack === stack ? this.belongingTo(acc.res) : [],
      });
    }
    return out.sort(compareServices);
  }

  /** The private link connections of a private endpoint: target resource and subresources. */
  private connections(pe: Res): { target: unknown; subresources: string[] }[] {
    const strings = (v: unknown) => (Array.isArray(v) ? v : []).map((s) => literalString(pe.doc, s)).filter((s): s is string => !!s);
    if (pe.azapi) {
      const list = [...blockList(bodyAt(pe, 'properties.privateLinkServiceConnections')), ...blockList(bodyAt(pe, 'properties.manualPrivateLinkServiceConnections'))];
      return list.map((c) => ({ target: c.properties?.privateLinkServiceId, subresources: strings(c.properties?.groupIds) }));
    }
    return blockList(pe.attrs.private_service_connection).map((c) => ({ target: c.private_connection_resource_id, subresources: strings(c.subresource_names) }));
  }

  private monitoring(stack: string): MonitoringView {
    const m = this.m;
    const workspaces: string[] = [];
    const toWorkspace = (from: Res, value: unknown) => {
      const name = targetName(m.resolve(from, value));
      if (name) workspaces.push(name);
      return value !== undefined && value !== null;
    };
    let diagnosticSettings = 0;
    let activityLog = false;
    for (const d of m.ofArmType(ARM.diagnosticSetting, stack)) {
      if (!toWorkspace(d, d.azapi ? bodyAt(d, 'properties.workspaceId') : d.attrs.log_analytics_workspace_id)) continue;
      const target = m.resolve(d, d.azapi ? d.attrs.parent_id : d.attrs.target_resource_id);
      if (target?.subscription) activityLog = true;
      else diagnosticSettings++;
    }
    let defenderExport = false;
    for (const a of m.ofArmType(ARM.securityAutomation, stack)) {
      const actions = a.azapi
        ? blockList(bodyAt(a, 'properties.actions')).map((x) => ({ type: x.actionType, id: x.workspaceResourceId }))
        : blockList(a.attrs.action).map((x) => ({ type: x.type, id: x.resource_id }));
      for (const x of actions) {
        if (typeof x.type === 'string' && /^(workspace|loganalytics)$/i.test(x.type) && toWorkspace(a, x.id)) defenderExport = true;
      }
    }
    let trafficAnalytics = false;
    for (const f of m.ofArmType(ARM.flowLog, stack)) {
      const ta = f.azapi
        ? [bodyAt(f, 'properties.flowAnalyticsConfiguration.networkWatcherFlowAnalyticsConfiguration')].filter((x): x is Record<string, any> => !!x && typeof x === 'object').map((x) => ({ enabled: x.enabled, id: x.workspaceResourceId }))
        : blockList(f.attrs.traffic_analytics).map((x) => ({ enabled: x.enabled, id: x.workspace_resource_id }));
      for (const x of ta) {
        if ((x.enabled === true || x.enabled === 'true') && toWorkspace(f, x.id)) trafficAnalytics = true;
      }
    }
    const workspace = mostCommon(workspaces);
    return {
      ...(workspace ? { workspace } : {}),
      diagnostics: diagnosticSettings > 0,
      diagnosticSettings,
      activityLog,
      defenderExport,
      trafficAnalytics,
    };
  }

  /**
   * The element's own resource and those of its stack that belong to it (through BELONGS_TO, up to
   * three steps: a role assignment on a key of the vault belongs to the vault).
   */
  private belongingTo(element: Res): string[] {
    let index = this.belongs.get(element.stack);
    if (!index) this.belongs.set(element.stack, (index = this.belongIndex(element.stack)));
    return [element.source, ...(index.get(element) ?? [])];
  }

  private readonly belongs = new Map<string, Map<Res, string[]>>();

  private belongIndex(stack: string): Map<Res, string[]> {
    const m = this.m;
    const own = m.ofStack(stack);
    const isElement = (r: Res) => !!r.armType && (SERVICE_KIND_BY_ARM.has(r.armType.toLowerCase()) || isArm(r, ARM.virtualNetwork) || isArm(r, ARM.privateEndpoint) || isArm(r, ARM.peering));
    const parentOf = (r: Res): Res | undefined => {
      for (const attr of BELONGS_TO) {
        const t = m.resolve(r, r.attrs[attr]);
        if (t?.res && t.res.stack === stack && t.res !== r) return t.res;
      }
      return undefined;
    };
    const index = new Map<Res, string[]>();
    for (const r of own) {
      if (isElement(r)) continue;
      let cur: Res | undefined = r;
      for (let depth = 0; depth < 3 && cur; depth++) {
        cur = parentOf(cur);
        if (cur && isElement(cur)) {
          const list = index.get(cur);
          if (list) list.push(r.source);
          else index.set(cur, [r.source]);
          break;
        }
      }
    }
    return index;
  }
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]))[0]?.[0];
}

/** The diagram view of a set of Terraform JSON documents (guardrails `loadDocuments`). */
export function viewFromTerraform(documents: readonly TerraformDocument[]): LandingZoneView {
  const view = new ViewBuilder(new TerraformModel(documents)).build();
  // `hubName` only carried the referenced hub to the platform view.
  return { ...view, workloads: view.workloads.map(({ hubName: _h, ...w }: WorkloadView & { hubName?: string }) => w) };
}
