/**
 * Reads a tenant into a Snapshot: Resource Graph for everything it can answer (unprojected rows,
 * `$skipToken` paging, the management-group or subscription scope), ARM REST only for what Resource
 * Graph lacks (diagnostic settings, PIM schedule instances, model deployments and RAI policies,
 * Sentinel analytics rules), through the client's concurrency limit. A subscription or resource that
 * cannot be read is recorded and the read carries on; authentication failures stop everything.
 */
import { ArmClient, AzureRequestError } from '../azure-client/client';
import { ARM_API_VERSIONS } from '../azure/arm-api-versions';
import { AI_TYPES, DIAGNOSED_TYPES, INVENTORY_TYPES, MONITORING_TYPES } from '../azure/ai-resource-types';
import { AssessScope, EXPORT_FORMAT_VERSION, Manifest, RestDataKey, Snapshot } from './snapshot';

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
      const rows = await arm.resourceGraph(q, graphScope, options);
      tables[table].push(...rows);
      if (table === 'resources') progress.resources = rows.length;
      tick();
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

  // 4. ARM REST for what Resource Graph lacks.
  const rest: Record<RestDataKey, Record<string, any[]>> = {
    diagnosticSettings: {}, roleEligibilityScheduleInstances: {}, roleAssignmentScheduleInstances: {}, raiPolicies: {}, sentinelAlertRules: {}, deployments: {},
  };
  tick('arm');
  const read = async (key: RestDataKey, id: string, path: string, apiVersion: string, what: string, query: Record<string, string> = {}, subscription?: string) => {
    try {
      rest[key][id.toLowerCase()] = await arm.list(path, apiVersion, query);
    } catch (e) {
      rethrowAuth(e);
      if (e instanceof AzureRequestError && e.kind === 'not-found') {
        rest[key][id.toLowerCase()] = [];
        return;
      }
      if (subscription && e instanceof AzureRequestError && e.kind === 'forbidden') {
        unreadable.set(subscription, { subscriptionId: subscription, displayName: seen.get(subscription), reason: `${what}: ${reason(e)}` });
      }
      errors.push({ id: id.toLowerCase(), what, reason: reason(e) });
    }
  };

  const perSubscription = [...seen.keys()].sort().map(async (sub) => {
    const scope = `/subscriptions/${sub}`;
    await Promise.all([
      read('roleAssignmentScheduleInstances', scope, `${scope}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances`, ARM_API_VERSIONS.roleScheduleInstances, 'role assignment schedule instances', {}, sub),
      read('roleEligibilityScheduleInstances', scope, `${scope}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances`, ARM_API_VERSIONS.roleScheduleInstances, 'role eligibility schedule instances', {}, sub),
    ]);
    progress.subscriptionsDone++;
    tick();
  });
  const perGroup = (o.scope.managementGroups ?? []).map(async (mg) => {
    const scope = mgPath(mg);
    await Promise.all([
      read('roleAssignmentScheduleInstances', scope, `${scope}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances`, ARM_API_VERSIONS.roleScheduleInstances, 'role assignment schedule instances', { $filter: 'atScope()' }),
      read('roleEligibilityScheduleInstances', scope, `${scope}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances`, ARM_API_VERSIONS.roleScheduleInstances, 'role eligibility schedule instances', { $filter: 'atScope()' }),
    ]);
  });

  const perResource: Promise<void>[] = [];
  for (const r of tables.resources) {
    const type = lc(r.type);
    const id = String(r.id);
    if (DIAGNOSED_TYPES.includes(type)) {
      perResource.push(read('diagnosticSettings', id, `${id}/providers/Microsoft.Insights/diagnosticSettings`, ARM_API_VERSIONS.diagnosticSettings, 'diagnostic settings'));
      if (type === 'microsoft.storage/storageaccounts') {
        const blob = `${id}/blobServices/default`;
        perResource.push(read('diagnosticSettings', blob, `${blob}/providers/Microsoft.Insights/diagnosticSettings`, ARM_API_VERSIONS.diagnosticSettings, 'diagnostic settings'));
      }
    }
    if (type === AI_TYPES.cognitiveAccount) {
      perResource.push(read('deployments', id, `${id}/deployments`, ARM_API_VERSIONS.cognitiveServices, 'model deployments'));
      perResource.push(read('raiPolicies', id, `${id}/raiPolicies`, ARM_API_VERSIONS.cognitiveServices, 'content filter (RAI) policies'));
    }
    if (type === MONITORING_TYPES.solution && /^securityinsights\(/i.test(String(r.name)) && r.properties?.workspaceResourceId) {
      const ws = String(r.properties.workspaceResourceId);
      perResource.push(read('sentinelAlertRules', ws, `${ws}/providers/Microsoft.SecurityInsights/alertRules`, ARM_API_VERSIONS.sentinelAlertRules, 'Sentinel analytics rules'));
    }
  }
  let done = 0;
  for (const p of perResource) void p.then(() => { if (++done % 500 === 0) tick(); });
  await Promise.all([...perSubscription, ...perGroup, ...perResource]);

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
      unreadable: [...unreadable.values()].sort((a, b) => a.subscriptionId.localeCompare(b.subscriptionId)),
    },
  };
  if (errors.length) manifest.errors = errors.sort((a, b) => a.id.localeCompare(b.id) || a.what.localeCompare(b.what));
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
