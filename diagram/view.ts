/**
 * What a diagram of the landing zone shows, independent of where it was read from: the
 * management-group tree with its subscriptions, the hub and the spokes with their peerings, each
 * workload's private endpoints and the services behind them, and the monitoring flow to the
 * workspace and Sentinel.
 *
 * Two adapters build it: `viewFromConfig` (the typed config: what ailz will build) and
 * `viewFromTerraform` (a synth output of any ailz version, or any Terraform JSON: what was built).
 * For the same landing zone they agree on everything but Azure resource names and counts, which only
 * the Terraform knows (test/diagram/adapters.test.ts keeps them in step). Optional fields marked
 * "Terraform only" are absent in a view from the config.
 */

/** How a diagram element differs between the two sides of a change (`diagramOfChange`). */
export type ChangeStatus = 'added' | 'removed' | 'changed' | 'replaced';

/** Services drawn with their private endpoints: the resource types ailz puts behind one. */
export const SERVICE_KINDS = ['cognitiveServices', 'mlWorkspace', 'search', 'keyVault', 'storage', 'containerRegistry'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** What a service is for when a workload has several of a kind. */
export type ServiceRole = 'ml' | 'flowLogs';

/** Terraform addresses (`<stack>/<address>`) an element was read from: how a change finds its elements. */
export interface Sourced {
  /** Terraform only. */
  readonly sources?: readonly string[];
  /** Set by `diagramOfChange` on elements that differ between base and head. */
  readonly change?: ChangeStatus;
}

export interface SubscriptionRef {
  /** The subscription ID when the config or the Terraform states it. */
  readonly id?: string;
  /** The name ailz gives a subscription it vends (`sub-<prefix>-<workload>`). */
  readonly vendedName?: string;
  /** Name of the management group the subscription is placed in, when ailz places it. */
  readonly managementGroup?: string;
}

export interface ManagementGroupView extends Sourced {
  /** The group's ID (name), e.g. `contoso-ai`. */
  readonly name: string;
  readonly displayName?: string;
  /** The parent group's name; absent for a group ailz does not manage (the tenant root or an existing group). */
  readonly parent?: string;
  /** False for the parent ailz hangs its groups under (it exists already). */
  readonly managed: boolean;
  /** The parent is the tenant root group (its ID is the tenant ID). */
  readonly tenantRoot?: boolean;
}

export interface VnetView extends Sourced {
  /** Terraform only. */
  readonly name?: string;
  readonly addressSpace: readonly string[];
  readonly location?: string;
}

export interface PeeringView extends Sourced {
  /** The spoke's peering to the hub is declared. */
  readonly toHub: boolean;
  /** The hub's peering to the spoke is declared; undefined when the hub's side was not among the input (a diff of one stack). */
  readonly fromHub?: boolean;
}

export interface PrivateDnsView extends Sourced {
  /** Zone names, sorted. */
  readonly zones: readonly string[];
  /** `managed`: ailz creates the zones; `existing`: it only links VNets to a platform team's zones. */
  readonly mode: 'managed' | 'existing';
  /** The resource group of existing zones, when it is known. */
  readonly resourceGroup?: string;
  /** How many VNets are linked to the zones (the hub and every spoke). */
  readonly linkedVnets: number;
}

export interface WorkspaceView extends Sourced {
  /** Terraform only. */
  readonly name?: string;
  readonly retentionDays?: number;
}

export interface SentinelView extends Sourced {
  /** Analytics rules on the workspace. Terraform only. */
  readonly analyticsRules?: number;
}

export interface PlatformView extends Sourced {
  /** The platform stack; absent when the platform is only known from references (a diff of a workload stack). */
  readonly stack?: string;
  readonly subscription?: SubscriptionRef;
  readonly hub?: VnetView;
  readonly privateDns?: PrivateDnsView;
  readonly workspace?: WorkspaceView;
  readonly sentinel?: SentinelView;
}

export interface PrivateEndpointView extends Sourced {
  /** Private link subresources (group IDs), sorted: `account`, `vault`, `blob`, ... */
  readonly subresources: readonly string[];
  /** Terraform only. */
  readonly name?: string;
}

export interface ServiceView extends Sourced {
  readonly kind: ServiceKind;
  /** `OpenAI` or `AIServices` for a Cognitive Services account. */
  readonly variant?: string;
  readonly role?: ServiceRole;
  /** Terraform only. */
  readonly name?: string;
  /** Sorted by subresources, then name. Empty: the service has no private endpoint. */
  readonly privateEndpoints: readonly PrivateEndpointView[];
  /** Declared in another stack (a private endpoint to a service of another subscription). */
  readonly external?: boolean;
}

export interface MonitoringView extends Sourced {
  /** The workspace the workload's telemetry goes to: its name (Terraform only); absent means the platform's. */
  readonly workspace?: string;
  /** Resource logs and metrics of the workload's resources. */
  readonly diagnostics: boolean;
  /** Diagnostic settings of resources (not the activity log). Terraform only. */
  readonly diagnosticSettings?: number;
  /** The subscription's activity log. */
  readonly activityLog: boolean;
  /** Defender for Cloud alerts and recommendations (continuous export). */
  readonly defenderExport: boolean;
  /** VNet flow logs with traffic analytics. */
  readonly trafficAnalytics: boolean;
}

export interface WorkloadView extends Sourced {
  readonly name: string;
  readonly stack: string;
  readonly environment?: string;
  readonly location?: string;
  readonly subscription?: SubscriptionRef;
  readonly spoke?: VnetView;
  readonly peering?: PeeringView;
  /** Sorted by kind (SERVICE_KINDS order), role, name. */
  readonly services: readonly ServiceView[];
  readonly monitoring: MonitoringView;
}

export interface LandingZoneView {
  /** Parents first, then by name. */
  readonly managementGroups: readonly ManagementGroupView[];
  readonly platform?: PlatformView;
  /** Sorted by name. */
  readonly workloads: readonly WorkloadView[];
}

const ROLE_ORDER: Record<string, number> = { '': 0, flowLogs: 1, ml: 2 };

/** The order services are listed in, the same from either adapter. */
export function compareServices(a: ServiceView, b: ServiceView): number {
  return SERVICE_KINDS.indexOf(a.kind) - SERVICE_KINDS.indexOf(b.kind)
    || ROLE_ORDER[a.role ?? ''] - ROLE_ORDER[b.role ?? '']
    || cmp(a.privateEndpoints.map((p) => p.subresources.join(',')).join(';'), b.privateEndpoints.map((p) => p.subresources.join(',')).join(';'))
    || cmp(a.name ?? '', b.name ?? '');
}

export function comparePrivateEndpoints(a: PrivateEndpointView, b: PrivateEndpointView): number {
  return cmp(a.subresources.join(','), b.subresources.join(',')) || cmp(a.name ?? '', b.name ?? '');
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parents before children; among groups at the same depth, by name. */
export function sortManagementGroups<T extends Pick<ManagementGroupView, 'name' | 'parent'>>(groups: readonly T[]): T[] {
  const byName = new Map(groups.map((g) => [g.name, g]));
  const depth = (g: T, seen = new Set<string>()): number => {
    if (!g.parent || seen.has(g.name)) return 0;
    seen.add(g.name);
    const p = byName.get(g.parent);
    return p ? 1 + depth(p, seen) : 1;
  };
  return [...groups].sort((a, b) => depth(a) - depth(b) || cmp(a.name, b.name));
}
