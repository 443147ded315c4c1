/**
 * The ARM view of a set of Terraform stacks: every ARM request the resources of a synth output (or of
 * `terraform show -json` plans, see `from-plan.ts`) will make, as Azure Policy sees it.
 *
 *   const view = buildArmView(world);
 *   view.resources          // ArmResource[] (deterministic order: stack, address, draft order)
 *   view.of(stack, address) // the ARM resources one Terraform resource produces
 *   view.notSimulated       // resources no adapter covers: reported, never passed
 *
 * Adapters live in `arm/adapters/` (one per Terraform type, each citing the provider's expand function).
 */
import { ArmResource, ArmValue, UNKNOWN, Unknown, cloneValue, isUnknown } from './resource';
import { Adapter, AdapterContext, AdapterOutput, ArmDraft, ArmPatch, Placement } from './adapter';
import { Resolved, TerraformWorld, TfResource } from './terraform';
import { armTypeFacts } from '../azure/provider-api-versions';
import { GOVERNANCE_SCOPE_ADAPTERS, RESOURCE_GROUP } from './adapters/core';
import { STORAGE_ACCOUNT, STORAGE_MANAGEMENT_POLICY } from './adapters/storage';
import {
  APPLICATION_INSIGHTS, COGNITIVE_ACCOUNT, COGNITIVE_DEPLOYMENT, COGNITIVE_RAI_POLICY, CONTAINER_REGISTRY, KEY_VAULT, KEY_VAULT_KEY,
  ML_COMPUTE_CLUSTER, ML_WORKSPACE,
} from './adapters/data-ai';
import {
  ACTION_GROUP, DIAGNOSTIC_SETTING, LOG_ANALYTICS_WORKSPACE, METRIC_ALERT, SECURITY_AUTOMATION, SECURITY_CONTACT, SENTINEL_ADAPTERS,
  SUBSCRIPTION_BUDGET, SUBSCRIPTION_PRICING,
} from './adapters/monitoring';
import {
  FLOW_LOG, MANAGEMENT_LOCK, NETWORK_SECURITY_GROUP, NETWORK_WATCHER, NETWORK_SECURITY_RULE, PIM_ELIGIBLE_ROLE_ASSIGNMENT, PRIVATE_DNS_ZONE, PRIVATE_DNS_ZONE_LINK, ROLE_DEFINITION, ROLE_MANAGEMENT_POLICY,
  PRIVATE_ENDPOINT, ROLE_ASSIGNMENT, SUBNET, SUBNET_NSG_ASSOCIATION, USER_ASSIGNED_IDENTITY, VIRTUAL_NETWORK, VIRTUAL_NETWORK_PEERING,
} from './adapters/network';
import { AZAPI_RESOURCE, AZAPI_RESOURCE_ACTION, AZAPI_UPDATE_RESOURCE } from './adapters/azapi';
import { API_MANAGEMENT_ADAPTERS } from './adapters/api-management';

/** Every adapter, by Terraform type. */
export const ADAPTERS: ReadonlyMap<string, Adapter> = new Map([
  RESOURCE_GROUP, ...GOVERNANCE_SCOPE_ADAPTERS, STORAGE_ACCOUNT, STORAGE_MANAGEMENT_POLICY, KEY_VAULT, KEY_VAULT_KEY, COGNITIVE_ACCOUNT,
  COGNITIVE_DEPLOYMENT, COGNITIVE_RAI_POLICY, ML_WORKSPACE, ML_COMPUTE_CLUSTER, CONTAINER_REGISTRY, APPLICATION_INSIGHTS, DIAGNOSTIC_SETTING,
  LOG_ANALYTICS_WORKSPACE, ACTION_GROUP, METRIC_ALERT, SUBSCRIPTION_PRICING, SECURITY_CONTACT, SECURITY_AUTOMATION, ...SENTINEL_ADAPTERS,
  SUBSCRIPTION_BUDGET, NETWORK_SECURITY_GROUP, NETWORK_SECURITY_RULE, VIRTUAL_NETWORK, SUBNET, SUBNET_NSG_ASSOCIATION, VIRTUAL_NETWORK_PEERING,
  PRIVATE_ENDPOINT, PRIVATE_DNS_ZONE, PRIVATE_DNS_ZONE_LINK, NETWORK_WATCHER, FLOW_LOG, USER_ASSIGNED_IDENTITY, MANAGEMENT_LOCK, ROLE_ASSIGNMENT,
  PIM_ELIGIBLE_ROLE_ASSIGNMENT, ROLE_DEFINITION, ROLE_MANAGEMENT_POLICY, AZAPI_RESOURCE, AZAPI_RESOURCE_ACTION, AZAPI_UPDATE_RESOURCE, ...API_MANAGEMENT_ADAPTERS,
].map((a) => [a.terraformType, a]));

/** A Terraform resource the simulator cannot reconstruct an ARM request for. */
export interface NotSimulated {
  readonly stack: string;
  readonly address: string;
  readonly terraformType: string;
  readonly reason: string;
}

export interface ArmView {
  readonly resources: readonly ArmResource[];
  /** The ARM resources of one Terraform resource (primary first). */
  of(stack: string, address: string): readonly ArmResource[];
  /** By scope ID (lower case, tokens allowed). */
  byScopeId(scopeId: string): ArmResource | undefined;
  readonly notSimulated: readonly NotSimulated[];
  /** Governance resources (scopes, assignments, exemptions) the simulator reads but does not judge. */
  readonly notJudged: readonly { stack: string; address: string; reason: string }[];
  /** The subscription each stack deploys to (GUID or token), lower case. */
  readonly stackSubscriptions: ReadonlyMap<string, Resolved>;
  readonly world: TerraformWorld;
}

const lower = (s: string) => s.toLowerCase();

/** The subscription a stack's azurerm provider targets (literal, variable fed by another stack's output, or a token). */
export function stackSubscription(world: TerraformWorld, stack: string): Resolved {
  const p = world.stacks.get(stack)?.provider;
  const raw = p?.subscription_id;
  if (raw === undefined) return { value: UNKNOWN, scope: `{${lower(stack)}:subscription}` };
  const r = world.resolveString(stack, raw);
  return r ?? { value: UNKNOWN, scope: `{${lower(stack)}:subscription}` };
}

function join(a: Resolved, text: string, b?: Resolved): Resolved {
  const value = isUnknown(a.value) || (b && isUnknown(b.value)) ? UNKNOWN : `${a.value}${text}${b ? b.value : ''}`;
  return { value, scope: `${a.scope}${text.toLowerCase()}${b ? b.scope : ''}` };
}

function lastSegment(type: string): string {
  const parts = type.split('/');
  return parts[parts.length - 1];
}

/** Names after the last `/providers/<namespace>/` (`st1/default` for a blob service). */
function fullNameOf(id: string | Unknown, name: string | Unknown, scopeId: string): string | Unknown {
  if (isUnknown(id)) return name;
  const i = scopeId.lastIndexOf('/providers/');
  if (i < 0) return name;
  const parts = id.slice(i + '/providers/'.length).split('/');
  // namespace / type / name / type / name ...: the names are the odd positions after the namespace.
  if (parts.length <= 3) return name;
  let out = '';
  for (let k = 2; k < parts.length; k += 2) out = out ? `${out}/${parts[k]}` : parts[k];
  return out || name;
}

/** Builds the ARM view of a Terraform world. */
export function buildArmView(world: TerraformWorld): ArmView {
  const outputs = new WeakMap<TfResource, AdapterOutput>();
  const ids = new WeakMap<TfResource, Resolved[]>();
  const subs = new Map<string, Resolved>();
  for (const s of world.stacks.keys()) subs.set(s, stackSubscription(world, s));

  const outputOf = (r: TfResource): AdapterOutput => {
    let out = outputs.get(r);
    if (!out) {
      const adapter = ADAPTERS.get(r.type);
      if (r.attrs.count !== undefined || r.attrs.for_each !== undefined) {
        out = { notSimulated: `${r.type} with count/for_each (one block, many resources)` };
      } else if (!adapter) {
        out = { notSimulated: `no ARM adapter for ${r.type}` };
      } else {
        out = adapter.build(new AdapterContext(world, r, subs.get(r.stack)!));
      }
      outputs.set(r, out);
    }
    return out;
  };

  const draftIds = (r: TfResource): Resolved[] => {
    const hit = ids.get(r);
    if (hit) return hit;
    const out = outputOf(r);
    const sub = subs.get(r.stack)!;
    const result: Resolved[] = [];
    for (const d of out.drafts ?? []) result.push(idOf(d, d.subscription ?? sub, result[0]));
    const adapter = ADAPTERS.get(r.type);
    if (result.length === 0 && adapter?.id) result.push(adapter.id(new AdapterContext(world, r, sub)));
    ids.set(r, result);
    return result;
  };

  world.setIdOf((stack, address) => {
    const r = world.resource(stack, address);
    if (!r) return undefined;
    return draftIds(r)[0];
  });

  const resources: ArmResource[] = [];
  const byAddress = new Map<string, ArmResource[]>();
  const notSimulated: NotSimulated[] = [];
  const notJudged: { stack: string; address: string; reason: string }[] = [];
  const patches: { stack: string; from: string; patch: ArmPatch }[] = [];

  for (const stack of [...world.stacks.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    for (const r of stack.resources) {
      const out = outputOf(r);
      if (out.notSimulated) notSimulated.push({ stack: r.stack, address: r.address, terraformType: r.type, reason: out.notSimulated });
      if (out.notJudged) notJudged.push({ stack: r.stack, address: r.address, reason: out.notJudged });
      for (const p of out.patches ?? []) patches.push({ stack: r.stack, from: r.address, patch: p });
      const rids = draftIds(r);
      const list: ArmResource[] = [];
      (out.drafts ?? []).forEach((d, i) => {
        const res = toResource(d, rids[i], d.subscription ?? subs.get(r.stack)!, r);
        list.push(res);
        resources.push(res);
      });
      if (list.length) byAddress.set(`${r.stack}|${r.address}`, list);
    }
  }

  // Association resources and azapi_update_resource change another resource's request.
  for (const p of patches) {
    const target = byAddress.get(`${p.stack}|${p.patch.target}`)?.[0];
    if (!target) continue;
    const merged = mergeBody(target, p.patch.body);
    const i = resources.indexOf(target);
    resources[i] = merged;
    byAddress.get(`${p.stack}|${p.patch.target}`)![0] = merged;
  }

  // The subscriptions themselves: Azure Policy evaluates `Microsoft.Resources/subscriptions` (mode All).
  const seen = new Set<string>();
  for (const [stack, sub] of subs) {
    if (seen.has(sub.scope)) continue;
    seen.add(sub.scope);
    resources.push(subscriptionResource(sub, stack));
  }

  const byScope = new Map<string, ArmResource>();
  for (const r of resources) if (!byScope.has(r.scopeId)) byScope.set(r.scopeId, r);
  return {
    resources,
    of: (stack, address) => byAddress.get(`${stack}|${address}`) ?? [],
    byScopeId: (s) => byScope.get(s.toLowerCase()),
    notSimulated,
    notJudged,
    stackSubscriptions: subs,
    world,
  };
}

function idOf(d: ArmDraft, sub: Resolved, primary: Resolved | undefined): Resolved {
  const p: Placement = d.placement;
  const subPath = join({ value: '/subscriptions/', scope: '/subscriptions/' }, '', sub);
  switch (p.kind) {
    case 'resourceGroup':
      return join(join(join(subPath, '/resourceGroups/', p.resourceGroup), `/providers/${d.type}/`), '', d.name);
    case 'child':
      return join(p.parentId, `/${lastSegment(d.type)}/`, d.name);
    case 'childOfPrimary':
      return join(primary ?? { value: UNKNOWN, scope: '{unknown}' }, `/${lastSegment(d.type)}/`, d.name);
    case 'extension':
      return join(p.targetId, `/providers/${d.type}/`, d.name);
    case 'subscription':
      return join(subPath, `/providers/${d.type}/`, d.name);
    case 'isResourceGroup':
      return join(subPath, '/resourceGroups/', d.name);
    case 'isSubscription':
      return subPath;
    case 'explicit':
      return p.id;
  }
}

function subscriptionFromScope(scopeId: string, fallback: Resolved): string | undefined {
  const m = /^\/subscriptions\/([^/]+)/.exec(scopeId);
  if (m) return m[1];
  // Management-group and tenant scopes are above every subscription.
  return scopeId.startsWith('/providers/') ? undefined : fallback.scope;
}

function toResource(d: ArmDraft, id: Resolved, sub: Resolved, r: TfResource): ArmResource {
  const facts = armTypeFacts(d.type);
  const apiVersion = d.apiVersion ?? facts?.apiVersion ?? UNKNOWN;
  const scopeId = id.scope.toLowerCase();
  return {
    type: d.type,
    name: d.name.value,
    fullName: fullNameOf(id.value, d.name.value, scopeId),
    id: id.value,
    scopeId,
    apiVersion: apiVersion === null ? UNKNOWN : apiVersion,
    location: d.location,
    kind: d.kind,
    sku: d.sku,
    tags: d.tags,
    identity: d.identity,
    properties: d.properties,
    modelled: d.modelled,
    scopeOf: d.placement.kind === 'extension' ? d.placement.targetId.scope.toLowerCase() : undefined,
    subscription: subscriptionFromScope(scopeId, sub),
    viaDataPlane: d.viaDataPlane,
    source: { stack: r.stack, address: r.address, origin: d.implied ? 'implied' : 'terraform', terraformType: r.type },
  };
}

function subscriptionResource(sub: Resolved, stack: string): ArmResource {
  const facts = armTypeFacts('Microsoft.Resources/subscriptions');
  const id = isUnknown(sub.value) ? UNKNOWN : `/subscriptions/${sub.value}`;
  return {
    type: 'Microsoft.Resources/subscriptions',
    name: sub.value,
    fullName: sub.value,
    id,
    scopeId: `/subscriptions/${sub.scope}`,
    apiVersion: facts?.apiVersion ?? UNKNOWN,
    properties: {},
    modelled: { properties: [] },
    subscription: sub.scope,
    source: { stack, address: `subscription(${isUnknown(sub.value) ? sub.scope : sub.value})`, origin: 'implied' },
  };
}

function deepMerge(base: ArmValue | undefined, patch: ArmValue): ArmValue {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch) || isUnknown(patch)) return cloneValue(patch);
  if (base === null || base === undefined || typeof base !== 'object' || Array.isArray(base) || isUnknown(base)) return cloneValue(patch);
  const out: Record<string, ArmValue> = { ...(base as Record<string, ArmValue>) };
  for (const [k, v] of Object.entries(patch)) {
    const existing = Object.keys(out).find((x) => x.toLowerCase() === k.toLowerCase()) ?? k;
    out[existing] = deepMerge(out[existing], v);
  }
  return out;
}

function mergeBody(target: ArmResource, body: Record<string, ArmValue>): ArmResource {
  const out: any = { ...target };
  for (const [k, v] of Object.entries(body)) {
    const key = k.toLowerCase();
    if (key === 'properties') out.properties = deepMerge(target.properties, v) as Record<string, ArmValue>;
    else if (['location', 'kind', 'sku', 'tags', 'identity', 'plan', 'zones', 'extendedlocation'].includes(key)) {
      const field = key === 'extendedlocation' ? 'extendedLocation' : key;
      out[field] = deepMerge(out[field], v);
    }
  }
  // A patch sets properties the adapter may not model: they become known.
  if (target.modelled !== 'all' && body.properties && typeof body.properties === 'object') {
    out.modelled = { properties: [...target.modelled.properties, ...Object.keys(body.properties as object)] };
  }
  return out as ArmResource;
}
