/**
 * Reads a tenant into a Snapshot: Resource Graph for everything it can answer (unprojected rows,
 * `$skipToken` paging, the management-group or subscription scope), ARM REST only for what Resource
 * Graph lacks (diagnostic settings, PIM schedule instances, model deployments and RAI policies,
 * Sentinel analytics rules), through the client's concurrency limit. A subscription or resource that
 * cannot be read is recorded and the read carries on; authentication failures stop everything.
 */
import { ArmClient, AzureRequestError } from '../azure-client/client';
import { ARM_API_VERSIONS } from '../azure/arm-api-versions';
import { DEPENDENCY_TYPES, DIAGNOSED_TYPES, INVENTORY_TYPES, MONITORING_TYPES } from '../azure/ai-resource-types';
import { fromLive } from '../arm/from-live';
import { assessedResources, hasModelDeployments } from './scope';
import { AssessScope, EXPORT_FORMAT_VERSION, Manifest, RestDataKey, Snapshot } from './snapshot';
import { compareText } from './model';

export interface Progress {
  phase: string;
  resources: number;
  subscriptionsDone: number;
  subscriptionsTotal: number;
  requests: number;
}

export interface CollectOptions {
  arm: ArmClient;
  /** Microsoft Graph (directory read); absent: no principal checks, and the report says so. */
  graph?: ArmClient;
  scope: AssessScope;
  cloud: string;
  now?: () => Date;
  progress?: (p: Progress) => void;
}

/** One ARM list read whose `value` goes into the snapshot's REST data under `key` and the lower-case `id`. */
interface ReadTask {
  key: RestDataKey;
  id: string;
  path: string;
  apiVersion: string;
  what: string;
  query?: Record<string, string>;
  /** A 403 here makes the subscription unreadable. */
  subscription?: string;
}

const list = (types: readonly string[]) => types.map((t) => `'${t}'`).join(', ');

/** The queries, unprojected (`where` only): Resource Graph returns whole rows. */
export const GRAPH_QUERIES = {
  resources: [`resources | where type in~ (${list(INVENTORY_TYPES)})`],
  resourcecontainers: [`resourcecontainers | where type in~ ('microsoft.resources/subscriptions', 'microsoft.management/managementgroups')`],
  authorizationresources: [`authorizationresources | where type in~ ('microsoft.authorization/roleassignments')`],
  policyresources: [
    `policyresources | where type in~ ('microsoft.authorization/policyassignments')`,
    `policyresources | where type in~ ('microsoft.policyinsights/policystates') and properties.complianceState =~ 'NonCompliant'`,
  ],
  securityresources: [`securityresources | where type in~ ('microsoft.security/pricings')`],
} as const;

const lc = (s: unknown) => String(s ?? '').toLowerCase();
const mgPath = (mg: string) => `/providers/Microsoft.Management/managementGroups/${encodeURIComponent(mg)}`;

export async function collect(o: CollectOptions): Promise<Snapshot> {
  const { arm } = o;
  const errors: NonNullable<Manifest['errors']> = [];
  const unreadable = new Map<string, { subscriptionId: string; displayName?: string; reason: string }>();
  const progress: Progress = { phase: 'scope', resources: 0, subscriptionsDone: 0, subscriptionsTotal: 0, requests: 0 };
  const tick = (phase?: string) => {
    if (phase) progress.phase = phase;
    progress.requests = arm.requests;
    o.progress?.({ ...progress });
  };

  // 1. The subscriptions the scope should contain, from ARM (what the caller can list).
  const expected = new Map<string, string | undefined>();
  if (o.scope.subscriptions?.length) {
    for (const s of o.scope.subscriptions) expected.set(lc(s), undefined);
  } else if (o.scope.managementGroups?.length) {
    for (const mg of o.scope.managementGroups) {
      try {
        const items = await arm.list(`${mgPath(mg)}/descendants`, ARM_API_VERSIONS.managementGroups);
        for (const d of items) if (/subscriptions$/i.test(String(d.type))) expected.set(lc(d.name), d.properties?.displayName);
      } catch (e) {
        rethrowAuth(e);
        errors.push({ id: mgPath(mg).toLowerCase(), what: 'management group descendants', reason: reason(e) });
      }
    }
  } else {
    for (const s of await arm.list('/subscriptions', ARM_API_VERSIONS.subscriptions)) expected.set(lc(s.subscriptionId), s.displayName);
  }
  progress.subscriptionsTotal = expected.size;
  tick('resource graph');

  // 2. Resource Graph tables.
  const graphScope = o.scope.subscriptions?.length ? { subscriptions: o.scope.subscriptions } : o.scope.managementGroups?.length ? { managementGroups: o.scope.managementGroups } : {};
  const tables = { resources: [], resourcecontainers: [], authorizationresources: [], policyresources: [], securityresources: [] } as Snapshot['tables'];
  for (const [table, queries] of Object.entries(GRAPH_QUERIES) as [keyof typeof GRAPH_QUERIES, readonly string[]][]) {
    for (const q of queries) {
      // Role assignments inherited from above the scope (a management group's Owner) apply too.
      const options = table === 'authorizationresources' ? { authorizationScopeFilter: 'AtScopeAboveAndBelow' } : {};
      const into = tables[table];
      await arm.resourceGraph(q, graphScope, options, (page) => {
        for (const row of page) into.push(row);
        if (table === 'resources') progress.resources = into.length;
        tick();
      });
    }
  }

  // 3. Subscriptions Resource Graph returned vs. those in scope: Resource Graph leaves out what the
  //    caller cannot read instead of failing.
  const seen = new Map<string, string>();
  for (const r of tables.resourcecontainers) if (lc(r.type) === 'microsoft.resources/subscriptions') seen.set(lc(r.subscriptionId), String(r.name ?? ''));
  for (const [id, name] of expected) {
    if (!seen.has(id)) unreadable.set(id, { subscriptionId: id, ...(name ? { displayName: name } : {}), reason: 'in scope but not returned by Resource Graph: the caller cannot read it (needs Reader)' });
  }
  progress.subscriptionsTotal = Math.max(progress.subscriptionsTotal, seen.size);

  // 4. ARM REST for what Resource Graph lacks, for the resources the checks judge (assess/scope.ts) and the
  //    subscriptions and management groups in scope. The reads are a list of tasks that `concurrency`
  //    workers drain: a tenant of 50,000 resources is ~80,000 reads, never that many pending promises.
  const rest: Record<RestDataKey, Record<string, any[]>> = {
    diagnosticSettings: {}, roleEligibilityScheduleInstances: {}, roleAssignmentScheduleInstances: {}, raiPolicies: {}, sentinelAlertRules: {}, deployments: {},
  };
  tick('arm');
  const tasks: ReadTask[] = [];
  const pim = (scope: string, query: Record<string, string>, subscription?: string) => {
    tasks.push({ key: 'roleAssignmentScheduleInstances', id: scope, path: `${scope}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances`, apiVersion: ARM_API_VERSIONS.roleScheduleInstances, what: 'role assignment schedule instances', query, subscription });
    tasks.push({ key: 'roleEligibilityScheduleInstances', id: scope, path: `${scope}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances`, apiVersion: ARM_API_VERSIONS.roleScheduleInstances, what: 'role eligibility schedule instances', query, subscription });
  };
  for (const sub of [...seen.keys()].sort()) pim(`/subscriptions/${sub}`, {}, sub);
  const subscriptionTasks = tasks.length;
  for (const mg of o.scope.managementGroups ?? []) pim(mgPath(mg), { $filter: 'atScope()' });

  const diagnostics = (id: string) => tasks.push({ key: 'diagnosticSettings', id, path: `${id}/providers/Microsoft.Insights/diagnosticSettings`, apiVersion: ARM_API_VERSIONS.diagnosticSettings, what: 'diagnostic settings' });
  const { inScope } = assessedResources(tables.resources.map(fromLive));
  for (const r of inScope) {
    if (DIAGNOSED_TYPES.includes(r.type)) {
      diagnostics(r.id);
      if (r.type === DEPENDENCY_TYPES.storage) diagnostics(`${r.id}/blobServices/default`);
    }
    if (hasModelDeployments(r)) {
      tasks.push({ key: 'deployments', id: r.id, path: `${r.id}/deployments`, apiVersion: ARM_API_VERSIONS.cognitiveServices, what: 'model deployments' });
      tasks.push({ key: 'raiPolicies', id: r.id, path: `${r.id}/raiPolicies`, apiVersion: ARM_API_VERSIONS.cognitiveServices, what: 'content filter (RAI) policies' });
    }
  }
  for (const r of tables.resources) {
    if (lc(r.type) === MONITORING_TYPES.solution && /^securityinsights\(/i.test(String(r.name)) && r.properties?.workspaceResourceId) {
      const ws = String(r.properties.workspaceResourceId);
      tasks.push({ key: 'sentinelAlertRules', id: ws, path: `${ws}/providers/Microsoft.SecurityInsights/alertRules`, apiVersion: ARM_API_VERSIONS.sentinelAlertRules, what: 'Sentinel analytics rules' });
    }
  }

  const read = async (t: ReadTask) => {
    const id = t.id.toLowerCase();
    try {
      rest[t.key][id] = await arm.list(t.path, t.apiVersion, t.query ?? {});
    } catch (e) {
      rethrowAuth(e);
      if (e instanceof AzureRequestError && e.kind === 'not-found') {
        rest[t.key][id] = [];
        return;
      }
      if (t.subscription && e instanceof AzureRequestError && e.kind === 'forbidden') {
        unreadable.set(t.subscription, { subscriptionId: t.subscription, displayName: seen.get(t.subscription), reason: `${t.what}: ${reason(e)}` });
      }
      errors.push({ id, what: t.what, reason: reason(e) });
    }
  };
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      await read(tasks[i]);
      done++;
      // Two reads per subscription (PIM) come first; then the management groups' and the per-resource reads.
      if (i < subscriptionTasks && i % 2 === 1) progress.subscriptionsDone++;
      if (i < subscriptionTasks || done % 500 === 0) tick();
    }
  };
  await Promise.all(Array.from({ length: Math.min(arm.concurrency, tasks.length) }, worker));

  // 5. Microsoft Graph, optional: who the role assignments' principals are.
  let principals: Snapshot['principals'];
  if (o.graph) {
    tick('directory');
    principals = await readPrincipals(o.graph, tables.authorizationresources, errors);
  }

  const tenantId = String(tables.resourcecontainers.find((r) => r.tenantId)?.tenantId ?? '');
  const manifest: Manifest = {
    formatVersion: EXPORT_FORMAT_VERSION,
    cloud: o.cloud,
    tenantId,
    scope: o.scope,
    exportedAt: (o.now?.() ?? new Date()).toISOString(),
    subscriptions: {
      seen: [...seen].sort().map(([subscriptionId, displayName]) => ({ subscriptionId, displayName })),
      unreadable: [...unreadable.values()].sort((a, b) => compareText(a.subscriptionId, b.subscriptionId)),
    },
  };
  if (errors.length) manifest.errors = errors.sort((a, b) => compareText(a.id, b.id) || compareText(a.what, b.what));
  tick('done');
  return { manifest, tables, rest, principals };
}

async function readPrincipals(graph: ArmClient, assignments: readonly any[], errors: NonNullable<Manifest['errors']>): Promise<Snapshot['principals']> {
  const ids = [...new Set(assignments.map((a) => lc(a.properties?.principalId)).filter(Boolean))].sort();
  const out: Record<string, any> = {};
  try {
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      // POST /v1.0/directoryObjects/getByIds: up to 1000 IDs; IDs that do not exist are left out.
      const r = await graph.send('POST', graph.url('/v1.0/directoryObjects/getByIds'), { ids: chunk, types: ['user', 'group', 'servicePrincipal'] });
      const found = new Map<string, any>((r.body?.value ?? []).map((x: any) => [lc(x.id), x]));
      for (const id of chunk) out[id] = found.get(id) ?? null;
    }
    return out;
  } catch (e) {
    // 403: the identity was not granted the optional directory read (Directory.Read.All). That is the
    // "absent" case the report states in its coverage, not a failed read: no AILZ-LIVE-002, no exit 4.
    if (e instanceof AzureRequestError && e.kind === 'forbidden') return undefined;
    errors.push({ id: 'microsoft graph', what: 'directory read (optional)', reason: reason(e) });
    return undefined;
  }
}

function rethrowAuth(e: unknown): void {
  if (e instanceof AzureRequestError && (e.kind === 'auth' || e.kind === 'network')) throw e;
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
