/**
 * The diagram of a change between two synth outputs, for `ailz diff` to embed in a pull-request
 * comment: the workloads (and platform or governance parts) the change touches, in as much detail as
 * GitHub's renderer accepts, each changed element styled as added, removed, changed or replaced
 * (and labelled so, for readers who do not see colour); the neighbours they connect to (management
 * groups, hub, workspace) as greyed context; unchanged workloads, when their stacks are given as
 * context, as one summary node per management group.
 *
 * The input is the shape `ailz diff` computes (review/seams.ts `ChangeDiagramInput` on the review
 * branch): per changed stack its base and head documents and the changed Terraform addresses.
 */
import type { TerraformDocument } from '../guardrails/types';
import { viewFromTerraform } from './from-terraform';
import { DETAILS, Detail } from './layout';
import { MERMAID_LIMITS, RendererLimits } from './limits';
import { Diagram, measure } from './render';
import type {
  ChangeStatus, LandingZoneView, ManagementGroupView, PlatformView, PrivateEndpointView, ServiceView, Sourced, WorkloadView,
} from './view';
import { compareServices, comparePrivateEndpoints, sortManagementGroups } from './view';

/** Terraform's action on a resource, as `ailz diff` reports it. */
export type ChangeAction = 'create' | 'delete' | 'replace' | 'update';

export interface ChangeDiagramInput {
  readonly stacks: readonly {
    readonly stack: string;
    readonly base?: TerraformDocument;
    readonly head?: TerraformDocument;
    /** Changed resources; for a deleted resource the address it had in the base. */
    readonly changed: readonly { readonly address: string; readonly action: ChangeAction }[];
  }[];
}

export interface ChangeDiagramOptions {
  /** Documents of stacks the change does not touch (the head's): drawn as context. Default: none. */
  readonly context?: readonly TerraformDocument[];
  /** Default: Mermaid's (and so GitHub's) limits; `ailz diff` may pass less to fit a comment. */
  readonly limits?: RendererLimits;
}

export interface ChangeDiagram extends Diagram {
  /** Workloads drawn as changed (added, removed or with a changed resource). */
  readonly changedWorkloads: readonly string[];
}

type Actions = ReadonlyMap<string, ChangeAction>;

/** The status of an element: its own resource created or replaced, else changed when any of its resources changed. */
function statusOf(e: Sourced, actions: Actions): ChangeStatus | undefined {
  const sources = e.sources ?? [];
  if (sources.length === 0) return undefined;
  const own = actions.get(sources[0]);
  if (own === 'create') return 'added';
  if (own === 'delete') return 'removed';
  if (own === 'replace') return 'replaced';
  return sources.some((s) => actions.has(s)) ? 'changed' : undefined;
}

function mark<T extends Sourced>(e: T, actions: Actions): T {
  const change = statusOf(e, actions);
  return change ? { ...e, change } : e;
}

const removed = <T extends Sourced>(e: T): T => ({ ...e, change: 'removed' });

const serviceKey = (s: ServiceView) => s.sources?.[0] ?? `${s.kind}|${s.role ?? ''}|${s.name ?? ''}`;
const peKey = (p: PrivateEndpointView) => p.sources?.[0] ?? `${p.subresources.join(',')}|${p.name ?? ''}`;

function mergeServices(head: readonly ServiceView[], base: readonly ServiceView[], actions: Actions): ServiceView[] {
  const baseByKey = new Map(base.map((s) => [serviceKey(s), s]));
  const out: ServiceView[] = head.map((s) => {
    const before = baseByKey.get(serviceKey(s));
    const pes = s.privateEndpoints.map((p) => mark(p, actions));
    // A private endpoint deleted from a service that stays.
    for (const p of before?.privateEndpoints ?? []) {
      if (!s.privateEndpoints.some((q) => peKey(q) === peKey(p)) && actions.get(p.sources?.[0] ?? '') === 'delete') pes.push(removed(p));
    }
    const marked = mark({ ...s, privateEndpoints: pes.sort(comparePrivateEndpoints) }, actions);
    return marked;
  });
  const headKeys = new Set(head.map(serviceKey));
  for (const s of base) {
    if (!headKeys.has(serviceKey(s)) && actions.get(s.sources?.[0] ?? '') === 'delete') {
      out.push(removed({ ...s, privateEndpoints: s.privateEndpoints.map(removed) }));
    }
  }
  return out.sort(compareServices);
}

function mergeWorkload(head: WorkloadView | undefined, base: WorkloadView | undefined, actions: Actions, stackStatus: Map<string, 'added' | 'removed' | 'changed'>): WorkloadView {
  if (!head) {
    // The whole workload stack is destroyed.
    const w = base!;
    return removed({ ...w, services: w.services.map((s) => removed({ ...s, privateEndpoints: s.privateEndpoints.map(removed) })) });
  }
  const status = stackStatus.get(head.stack);
  const peering = head.peering ? mark(head.peering, actions) : base?.peering ? removed(base.peering) : undefined;
  const merged: WorkloadView = {
    ...head,
    ...(head.spoke ? { spoke: mark(head.spoke, actions) } : {}),
    ...(peering ? { peering } : {}),
    services: mergeServices(head.services, base?.services ?? [], actions),
  };
  if (status === 'added') return { ...merged, change: 'added' };
  return status === 'changed' ? { ...merged, change: 'changed' } : merged;
}

function mergePlatform(head: PlatformView | undefined, base: PlatformView | undefined, actions: Actions): PlatformView | undefined {
  const p = head ?? (base ? removed(base) : undefined);
  if (!p || !head) return p;
  const touched = (p.sources ?? []).some((s) => actions.has(s)) || (base?.sources ?? []).some((s) => actions.get(s) === 'delete');
  return {
    ...p,
    ...(p.hub ? { hub: mark(p.hub, actions) } : {}),
    ...(p.privateDns ? { privateDns: mark(p.privateDns, actions) } : {}),
    ...(p.workspace ? { workspace: mark(p.workspace, actions) } : {}),
    ...(p.sentinel ? { sentinel: mark(p.sentinel, actions) } : {}),
    ...(touched ? { change: 'changed' as ChangeStatus } : {}),
  };
}

function mergeGroups(head: readonly ManagementGroupView[], base: readonly ManagementGroupView[], actions: Actions): ManagementGroupView[] {
  const names = new Set(head.map((g) => g.name));
  const out = head.map((g) => mark(g, actions));
  for (const g of base) if (!names.has(g.name) && g.managed) out.push(removed(g));
  return sortManagementGroups(out);
}

/** Whether anything of a workload is drawn as changed. */
function touched(w: WorkloadView): boolean {
  return !!w.change || !!w.peering?.change || !!w.spoke?.change || w.services.some((s) => !!s.change || s.privateEndpoints.some((p) => !!p.change));
}

/** The view of a change: the head, with what the change touches marked and what it removes added back from the base. */
export function changeView(input: ChangeDiagramInput, context: readonly TerraformDocument[] = []): { view: LandingZoneView; changed: Set<string> } {
  const inInput = new Set(input.stacks.map((s) => s.stack));
  const ctx = context.filter((d) => !inInput.has(d.stack));
  const head = viewFromTerraform([...input.stacks.flatMap((s) => (s.head ? [s.head] : [])), ...ctx]);
  const base = viewFromTerraform([...input.stacks.flatMap((s) => (s.base ? [s.base] : [])), ...ctx]);
  const actions = new Map<string, ChangeAction>();
  const stackStatus = new Map<string, 'added' | 'removed' | 'changed'>();
  for (const s of input.stacks) {
    for (const c of s.changed) actions.set(`${s.stack}/${c.address}`, c.action);
    if (s.changed.length === 0) continue;
    stackStatus.set(s.stack, !s.base ? 'added' : !s.head ? 'removed' : 'changed');
  }
  const baseByName = new Map(base.workloads.map((w) => [w.name, w]));
  const workloads = head.workloads.map((w) => mergeWorkload(w, baseByName.get(w.name), actions, stackStatus));
  const headNames = new Set(head.workloads.map((w) => w.name));
  for (const w of base.workloads) if (!headNames.has(w.name) && stackStatus.get(w.stack) === 'removed') workloads.push(mergeWorkload(undefined, w, actions, stackStatus));
  workloads.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const platform = mergePlatform(head.platform, base.platform, actions);
  const view: LandingZoneView = { managementGroups: mergeGroups(head.managementGroups, base.managementGroups, actions), ...(platform ? { platform } : {}), workloads };
  return { view, changed: new Set(workloads.filter(touched).map((w) => w.name)) };
}

/**
 * The Mermaid diagram of a change, or undefined when no stack changed. Changed workloads are drawn in
 * full when that fits the limits, else one node each, else summarized; unchanged ones (from
 * `opts.context`) always as summaries.
 */
export function diagramOfChange(input: ChangeDiagramInput, opts: ChangeDiagramOptions = {}): ChangeDiagram | undefined {
  if (!input.stacks.some((s) => s.changed.length > 0)) return undefined;
  const limits = opts.limits ?? MERMAID_LIMITS;
  const { view, changed } = changeView(input, opts.context);
  let last: ChangeDiagram | undefined;
  for (const detail of DETAILS) {
    const d = measure(view, { detailOf: (w) => (changed.has(w.name) ? detail : 'summary' as Detail), context: true }, detail, limits);
    last = { ...d, changedWorkloads: [...changed].sort() };
    if (d.fits) return last;
  }
  return last;
}
