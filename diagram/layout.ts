/**
 * Lays a landing-zone view out as a graph, at one of three levels of detail per workload:
 *
 * - `full`: the workload's subscription, its spoke VNet with each private endpoint, and each service
 *   behind them;
 * - `compact`: one node per workload (its spoke, how many services behind how many private endpoints);
 * - `summary`: one node per management group (or environment) for all its workloads ("37 workloads").
 *
 * The management-group tree, the platform (hub, private DNS, workspace, Sentinel) and the edges between
 * them and the workloads (placement, peering, telemetry) are drawn at every level.
 */
import { ClassDef, Graph, GraphBuilder } from './graph';
import type {
  ChangeStatus, LandingZoneView, MonitoringView, PeeringView, ServiceView, SubscriptionRef, WorkloadView,
} from './view';

export type Detail = 'full' | 'compact' | 'summary';
export const DETAILS: readonly Detail[] = ['full', 'compact', 'summary'];

export interface LayoutOptions {
  /** How each workload is drawn; `omit` leaves it out. */
  readonly detailOf: (w: WorkloadView) => Detail | 'omit';
  /** Nodes of elements the change does not touch are drawn as context (greyed). Default: none. */
  readonly context?: boolean;
}

/** Styles of changed elements and of warnings; fills carry a dark text colour so GitHub's dark theme stays readable. */
export const CLASS_DEFS: readonly ClassDef[] = [
  { name: 'added', style: 'fill:#dafbe1,stroke:#1a7f37,stroke-width:2px,color:#1f2328' },
  { name: 'removed', style: 'fill:#ffebe9,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 3,color:#1f2328' },
  { name: 'changed', style: 'fill:#fff8c5,stroke:#9a6700,stroke-width:2px,color:#1f2328' },
  { name: 'replaced', style: 'fill:#ffebe9,stroke:#cf222e,stroke-width:3px,color:#1f2328' },
  { name: 'context', style: 'fill:#f6f8fa,stroke:#8c959f,color:#57606a' },
  { name: 'exposed', style: 'stroke:#cf222e,stroke-width:2px,stroke-dasharray:4 2' },
];

const CHANGE_LINE: Readonly<Record<ChangeStatus, string>> = {
  added: '+ added',
  removed: '- removed',
  changed: '~ changed',
  replaced: '! replaced',
};

const SERVICE_LABELS: Readonly<Record<ServiceView['kind'], string>> = {
  cognitiveServices: 'Azure OpenAI',
  mlWorkspace: 'Azure Machine Learning workspace',
  search: 'Azure AI Search',
  keyVault: 'Key Vault',
  storage: 'Storage account',
  containerRegistry: 'Container registry',
};

/** `Key Vault (ML)`, `Azure AI Services`, ... */
export function serviceLabel(s: Pick<ServiceView, 'kind' | 'variant' | 'role'>): string {
  const base = s.kind === 'cognitiveServices' && s.variant === 'AIServices' ? 'Azure AI Services' : SERVICE_LABELS[s.kind];
  return s.role === 'ml' ? `${base} (ML)` : s.role === 'flowLogs' ? `${base} (flow logs)` : base;
}

function subscriptionLine(s: SubscriptionRef | undefined): string | undefined {
  if (!s) return undefined;
  if (s.id) return `subscription ${s.id}`;
  if (s.vendedName) return `new subscription ${s.vendedName}`;
  return undefined;
}

/**
 * The label of the telemetry edge to the workspace; undefined when nothing flows there. `brief` (one
 * node per workload) says `telemetry` when all four flows are there, and names only what is missing.
 */
export function telemetryLabel(m: MonitoringView, counts: boolean, brief = false): string | undefined {
  const flows: [boolean, string][] = [
    [m.diagnostics, counts && m.diagnosticSettings !== undefined ? `diagnostics (${m.diagnosticSettings})` : 'diagnostics'],
    [m.activityLog, 'activity log'],
    [m.defenderExport, 'Defender alerts'],
    [m.trafficAnalytics, 'traffic analytics'],
  ];
  const present = flows.filter(([on]) => on).map(([, t]) => t);
  if (present.length === 0) return undefined;
  const missing = flows.filter(([on]) => !on).map(([, t]) => `no ${t}`);
  return brief ? ['telemetry', ...missing].join(' · ') : [...present, ...missing].join(' · ');
}

function peeringEdge(p: PeeringView | undefined, brief: boolean): { style: 'line' | 'dottedLine'; label?: string } | undefined {
  if (!p) return undefined;
  const suffix = p.change ? ` (${p.change})` : '';
  // One node per workload: a plain line is a peering; only a change or a one-sided peering is labelled.
  if (p.toHub && p.fromHub !== false) return { style: 'line', label: brief && !suffix ? undefined : `peering${suffix}` };
  if (p.toHub) return { style: 'dottedLine', label: `peering: spoke side only${suffix}` };
  if (p.fromHub) return { style: 'dottedLine', label: `peering: hub side only${suffix}` };
  return undefined;
}

const withChange = (lines: (string | undefined)[], change?: ChangeStatus): string[] =>
  [...lines, change ? CHANGE_LINE[change] : undefined].filter((l): l is string => !!l);

class Layout {
  private readonly b = new GraphBuilder('LR');
  private readonly mgIds = new Map<string, string>();
  private hubId?: string;
  private workspaceId?: string;
  private readonly otherWorkspaces = new Map<string, string>();

  constructor(private readonly view: LandingZoneView, private readonly opts: LayoutOptions) {}

  private classes(change?: ChangeStatus, extra: (string | false | undefined)[] = []): string[] {
    const list: string[] = [];
    if (change) list.push(change);
    else if (this.opts.context) list.push('context');
    for (const e of extra) if (e) list.push(e);
    return list;
  }

  run(): Graph {
    this.managementGroups();
    this.platform();
    const summaries: WorkloadView[] = [];
    for (const w of this.view.workloads) {
      const detail = this.opts.detailOf(w);
      if (detail === 'full') this.fullWorkload(w);
      else if (detail === 'compact') this.compactWorkload(w);
      else if (detail === 'summary') summaries.push(w);
    }
    this.summaries(summaries);
    return this.b.build(CLASS_DEFS);
  }

  private managementGroups(): void {
    const groups = this.view.managementGroups;
    if (groups.length === 0) return;
    const g = this.b.group('mgs', 'Management groups');
    for (const mg of groups) {
      const id = this.b.ids.id('mg', mg.name);
      this.mgIds.set(mg.name, id);
      const label = mg.tenantRoot ? ['Tenant root group', mg.name]
        : !mg.managed ? [mg.name, 'existing management group']
          : mg.displayName && mg.displayName !== mg.name ? [mg.displayName, mg.name] : [mg.name];
      this.b.node(id, withChange(label, mg.change), 'rect', { group: g, classes: this.classes(mg.change) });
    }
    for (const mg of groups) {
      const parent = mg.parent ? this.mgIds.get(mg.parent) : undefined;
      if (parent) this.b.edge(parent, this.mgIds.get(mg.name)!, 'arrow');
    }
  }

  /** An arrow from the management group a subscription is placed in. */
  private placement(s: SubscriptionRef | undefined, to: string, label?: string): void {
    const mg = s?.managementGroup ? this.mgIds.get(s.managementGroup) : undefined;
    if (mg) this.b.edge(mg, to, 'arrow', label);
  }

  private platform(): void {
    const p = this.view.platform;
    if (!p) return;
    const referenced = !p.stack;
    const g = this.b.group('platform', referenced ? 'platform (referenced, not in this input)' : 'platform subscription');
    const cls = (change?: ChangeStatus) => (referenced ? ['context'] : this.classes(change ?? p.change));
    if (p.subscription && (p.subscription.id || p.subscription.vendedName)) {
      const id = this.b.node('p_sub', withChange(['platform subscription', p.subscription.id ?? p.subscription.vendedName], p.change), 'parallelogram', { group: g, classes: cls() });
      this.placement(p.subscription, id);
    }
    if (p.hub) {
      this.hubId = this.b.node('p_hub', withChange(['Hub VNet', p.hub.name, p.hub.addressSpace.join(', ') || undefined], p.hub.change), 'hexagon', { group: g, classes: cls(p.hub.change) });
    }
    if (p.privateDns) {
      const d = p.privateDns;
      const id = this.b.node('p_dns', withChange([
        `Private DNS zones (${d.zones.length})`,
        d.mode === 'existing' ? `existing${d.resourceGroup ? ` in ${d.resourceGroup}` : ''}` : 'created by ailz',
        `linked to ${d.linkedVnets} VNet${d.linkedVnets === 1 ? '' : 's'}`,
      ], d.change), 'rect', { group: g, classes: cls(d.change) });
      if (this.hubId) this.b.edge(this.hubId, id, 'dottedLine', 'VNet links');
    }
    if (p.workspace) {
      const w = p.workspace;
      this.workspaceId = this.b.node('p_law', withChange([
        'Log Analytics workspace', w.name, w.retentionDays !== undefined ? `${w.retentionDays} days retention` : undefined,
      ], w.change), 'cylinder', { group: g, classes: cls(w.change) });
    }
    if (p.sentinel) {
      const s = p.sentinel;
      const id = this.b.node('p_sentinel', withChange([
        'Microsoft Sentinel', s.analyticsRules !== undefined ? `${s.analyticsRules} analytics rules` : undefined,
      ], s.change), 'subroutine', { group: g, classes: cls(s.change) });
      if (this.workspaceId) this.b.edge(this.workspaceId, id, 'arrow', 'detections');
    }
  }

  /** The workspace a workload's telemetry goes to: the platform's, or another one drawn once. */
  private workspaceFor(m: MonitoringView): string | undefined {
    const platformName = this.view.platform?.workspace?.name;
    if (!m.workspace || (platformName && m.workspace.toLowerCase() === platformName.toLowerCase())) return this.workspaceId;
    let id = this.otherWorkspaces.get(m.workspace);
    if (!id) {
      id = this.b.node(this.b.ids.id('ws', m.workspace), ['Log Analytics workspace', m.workspace], 'cylinder', { classes: this.classes() });
      this.otherWorkspaces.set(m.workspace, id);
    }
    return id;
  }

  private telemetry(from: string, m: MonitoringView, counts: boolean, brief = false): void {
    const label = telemetryLabel(m, counts, brief);
    const ws = label ? this.workspaceFor(m) : undefined;
    if (label && ws) this.b.edge(from, ws, 'dotted', label);
  }

  /**
   * The peering edge. A full workload reads hub, spoke, endpoint, service from left to right; a
   * workload node or summary points to the hub, so that the hub sits with the workspace on the far
   * side of the workloads instead of stretching the platform box around them.
   */
  private peeringTo(p: PeeringView | undefined, to: string, fromHub: boolean): void {
    const e = peeringEdge(p, !fromHub);
    if (e && this.hubId) {
      if (fromHub) this.b.edge(this.hubId, to, e.style, e.label);
      else this.b.edge(to, this.hubId, e.style, e.label);
    }
  }

  private fullWorkload(w: WorkloadView): void {
    const key = w.name;
    const g = this.b.group(this.b.ids.id('w', key), [`workload ${w.name}`, w.environment, w.location].filter(Boolean).join(' · '));
    const subLines = withChange([w.subscription?.id ? 'subscription' : w.subscription?.vendedName ? 'new subscription' : 'subscription',
      w.subscription?.id ?? w.subscription?.vendedName, telemetryLabel(w.monitoring, true) ? undefined : 'no telemetry to a workspace'], w.change);
    const sub = this.b.node(this.b.ids.id('w', `${key} sub`), subLines, 'parallelogram', { group: g, classes: this.classes(w.change) });
    this.placement(w.subscription, sub);
    this.telemetry(sub, w.monitoring, true);

    let peGroup = g;
    let vnet: string | undefined;
    if (w.spoke) {
      peGroup = this.b.group(this.b.ids.id('w', `${key} spoke`), 'spoke VNet', g);
      vnet = this.b.node(this.b.ids.id('w', `${key} vnet`), withChange([w.spoke.name ?? 'VNet', w.spoke.addressSpace.join(', '), w.peering ? undefined : 'not peered with the hub'], w.spoke.change), 'hexagon', {
        group: peGroup, classes: this.classes(w.spoke.change, [!w.peering && 'exposed']),
      });
      this.peeringTo(w.peering, vnet, true);
    }
    w.services.forEach((s, i) => {
      const svc = this.b.node(this.b.ids.id('w', `${key} svc ${i + 1}`), withChange([
        serviceLabel(s), s.name, s.external ? 'in another stack' : undefined, s.privateEndpoints.length === 0 ? 'no private endpoint' : undefined,
      ], s.change), 'rect', { group: g, classes: s.external && !s.change ? ['context'] : this.classes(s.change, [s.privateEndpoints.length === 0 && 'exposed']) });
      s.privateEndpoints.forEach((pe, j) => {
        const id = this.b.node(this.b.ids.id('w', `${key} pe ${i + 1} ${j + 1}`), withChange([`private endpoint`, pe.subresources.join(', ')], pe.change), 'stadium', {
          group: peGroup, classes: this.classes(pe.change),
        });
        // The endpoint's NIC is in the spoke: the path reads hub, spoke, endpoint, service.
        if (vnet) this.b.edge(vnet, id, 'line');
        this.b.edge(id, svc, 'arrow');
      });
    });
  }

  private compactWorkload(w: WorkloadView): void {
    const pes = w.services.reduce((n, s) => n + s.privateEndpoints.length, 0);
    const exposed = w.services.filter((s) => s.privateEndpoints.length === 0).length;
    const changedParts = w.services.filter((s) => s.change || s.privateEndpoints.some((p) => p.change)).map(serviceLabel);
    const id = this.b.node(this.b.ids.id('w', w.name), withChange([
      `workload ${w.name}`,
      [w.environment, w.location].filter(Boolean).join(' · ') || undefined,
      subscriptionLine(w.subscription),
      w.spoke ? `spoke ${w.spoke.addressSpace.join(', ')}${w.peering ? '' : ', not peered with the hub'}` : undefined,
      `${w.services.length} service${w.services.length === 1 ? '' : 's'} behind ${pes} private endpoint${pes === 1 ? '' : 's'}`,
      exposed ? `${exposed} without a private endpoint` : undefined,
      changedParts.length ? `changed: ${[...new Set(changedParts)].join(', ')}` : undefined,
    ], w.change), 'rect', { classes: this.classes(w.change, [(exposed > 0 || (w.spoke && !w.peering)) && 'exposed']) });
    this.placement(w.subscription, id);
    this.peeringTo(w.peering, id, false);
    this.telemetry(id, w.monitoring, false, true);
  }

  /** One node per management group (else environment) and change status for the workloads drawn as a summary. */
  private summaries(workloads: readonly WorkloadView[]): void {
    const buckets = new Map<string, WorkloadView[]>();
    for (const w of workloads) {
      const k = `${w.subscription?.managementGroup ?? ''}\0${w.environment ?? ''}\0${w.change ?? ''}`;
      const list = buckets.get(k) ?? [];
      list.push(w);
      buckets.set(k, list);
    }
    for (const [k, list] of [...buckets.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
      const [mg, environment, change] = k.split('\0');
      const status = (change || undefined) as ChangeStatus | undefined;
      const n = list.length;
      const peered = list.filter((w) => w.peering?.toHub && w.peering.fromHub !== false).length;
      const services = list.flatMap((w) => w.services);
      const pes = services.reduce((x, s) => x + s.privateEndpoints.length, 0);
      const exposed = services.filter((s) => s.privateEndpoints.length === 0).length;
      const byKind = new Map<string, number>();
      for (const s of services) byKind.set(serviceLabel(s), (byKind.get(serviceLabel(s)) ?? 0) + 1);
      const what = [status ? CHANGE_LINE[status].slice(2) : this.opts.context ? 'unchanged' : '', environment].filter(Boolean).join(' ');
      const id = this.b.node(this.b.ids.id('s', `${mg} ${environment} ${change}`), [
        `${n} ${what ? `${what} ` : ''}workload${n === 1 ? '' : 's'}`,
        `${peered} of ${n} spokes peered with the hub`,
        `${services.length} services behind ${pes} private endpoints`,
        [...byKind.entries()].map(([label, count]) => `${count} ${label}`).join(' · '),
        exposed ? `${exposed} without a private endpoint` : undefined,
      ].filter((l): l is string => !!l), 'rect', { classes: this.classes(status, [exposed > 0 && 'exposed']) });
      const sample: SubscriptionRef | undefined = mg ? { managementGroup: mg } : undefined;
      this.placement(sample, id, `${n} subscription${n === 1 ? '' : 's'}`);
      if (this.hubId && peered + list.filter((w) => w.peering).length > 0) {
        this.b.edge(id, this.hubId, peered === n ? 'line' : 'dottedLine', peered === n ? `${n} peering${n === 1 ? '' : 's'}` : `${peered} of ${n} peered both ways`);
      }
      const monitored = list.filter((w) => telemetryLabel(w.monitoring, false));
      const ws = monitored.length ? this.workspaceFor(monitored[0].monitoring) : undefined;
      if (ws) this.b.edge(id, ws, 'dotted', monitored.length === n ? 'telemetry' : `telemetry of ${monitored.length} of ${n}`);
    }
  }
}

/** The graph of a view, each workload at the detail `opts.detailOf` gives it. */
export function layoutView(view: LandingZoneView, opts: LayoutOptions): Graph {
  return new Layout(view, opts).run();
}

