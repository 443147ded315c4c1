/**
 * Assignments, exemptions and the scope hierarchy: which assignment applies to which resource.
 *
 * Read from the Terraform of the governance stack (ailz's own assignments, exemptions, management groups and
 * subscription placements) and from pulled assignments (`policy pull --scope`, see `definitions.ts` for the file
 * contract). Scopes follow Azure's rules (https://learn.microsoft.com/azure/governance/policy/concepts/scope):
 * an assignment applies to resources at and below its scope, except those at or below a `notScopes` entry; an
 * exemption removes one assignment (or some members of an initiative assignment) at and below its own scope
 * until it expires (https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure).
 */
import { ArmResource, ArmValue, isAtOrBelow, isUnknown } from '../arm/resource';
import { ArmView } from '../arm/from-terraform';
import { Resolved, TerraformWorld, TfResource } from '../arm/terraform';
import { PulledAssignmentFile, PulledScope } from './definitions';
import { EffectOverride, PolicyAssignment, PolicyDefinition, PolicyExemption, ResourceSelector } from './types';

const MG_PREFIX = '/providers/microsoft.management/managementgroups/';
const lower = (s: string) => s.toLowerCase();

export const ASSIGNMENT_TYPES: Readonly<Record<string, string>> = {
  azurerm_management_group_policy_assignment: 'management_group_id',
  azurerm_subscription_policy_assignment: 'subscription_id',
  azurerm_resource_group_policy_assignment: 'resource_group_id',
  azurerm_resource_policy_assignment: 'resource_id',
};

export const EXEMPTION_TYPES: Readonly<Record<string, string>> = {
  azurerm_management_group_policy_exemption: 'management_group_id',
  azurerm_subscription_policy_exemption: 'subscription_id',
  azurerm_resource_group_policy_exemption: 'resource_group_id',
  azurerm_resource_policy_exemption: 'resource_id',
};

/** Management groups and subscription placements. */
export class ScopeTree {
  /** Management group scope -> parent scope (undefined at the top of what is known). */
  readonly mgParent = new Map<string, string | undefined>();
  /** Subscription (GUID or token, lower case) -> management group scope. */
  readonly subscriptionGroup = new Map<string, string>();
  /** Where pulled assignments sit: the pulled scope and its ancestors (root first). */
  pulledPath: readonly string[] = [];
  /** Without a pulled path: the management groups of pulled assignments outside the hierarchy, all above ailz. */
  pulledAbove: readonly string[] = [];

  /**
   * Management groups from the subscription up (closest first): the groups the Terraform defines, then the group
   * the top one is placed under, then that group's ancestors when it lies on the pulled path.
   */
  groupsOf(subscription: string | undefined): string[] {
    const out: string[] = [];
    let mg = subscription ? this.subscriptionGroup.get(lower(subscription)) : undefined;
    while (mg && !out.includes(mg)) {
      out.push(mg);
      if (this.mgParent.has(mg)) {
        mg = this.mgParent.get(mg);
        continue;
      }
      const i = this.pulledPath.indexOf(mg);
      if (i > 0) for (const x of this.pulledPath.slice(0, i).reverse()) if (!out.includes(x)) out.push(x);
      else if (i < 0) for (const x of this.pulledAbove) if (!out.includes(x)) out.push(x);
      break;
    }
    return out;
  }

  private readonly groupCache = new Map<string, string[]>();

  /** Every scope that contains a resource: its own ID prefixes (subscription, resource group, parents, itself), its subscription's management groups. */
  ancestorsOf(r: ArmResource): string[] {
    const out: string[] = [];
    const id = r.scopeId;
    // Prefixes that end before a '/' from the third segment on: /subscriptions/x, /subscriptions/x/resourcegroups, ...
    let slashes = 0;
    for (let i = 1; i < id.length; i++) {
      if (id.charCodeAt(i) !== 47) continue;
      slashes++;
      if (slashes >= 2) out.push(id.slice(0, i));
    }
    out.push(id);
    const sub = r.subscription ?? '';
    let groups = this.groupCache.get(sub);
    if (!groups) this.groupCache.set(sub, (groups = this.groupsOf(r.subscription)));
    for (const g of groups) out.push(g);
    return out;
  }

  /** True when `scope` contains the scope `id` (a resource, subscription or management group). */
  contains(scope: string, id: string): boolean {
    const s = lower(scope);
    const i = lower(id);
    if (isAtOrBelow(i, s)) return true;
    if (!s.startsWith(MG_PREFIX)) return false;
    if (i.startsWith(MG_PREFIX)) {
      let cur: string | undefined = i;
      const guard = new Set<string>();
      while (cur && !guard.has(cur)) {
        if (cur === s) return true;
        guard.add(cur);
        cur = this.mgParent.get(cur);
      }
      return false;
    }
    const sub = /^\/subscriptions\/([^/]+)/.exec(i)?.[1];
    return this.groupsOf(sub).includes(s);
  }
}

function mgScope(world: TerraformWorld, stack: string, raw: unknown): string | undefined {
  const r = world.resolveString(stack, raw);
  return r ? lower(r.scope) : undefined;
}

/** Management groups and placements from every stack's Terraform (normally the governance stack). */
export function scopeTreeFrom(view: ArmView, pulled?: PulledScope): ScopeTree {
  const tree = new ScopeTree();
  const world = view.world;
  for (const s of world.stacks.values()) {
    for (const r of s.resources) {
      if (r.type === 'azurerm_management_group') {
        const id = mgIdOf(world, r);
        tree.mgParent.set(id, r.attrs.parent_management_group_id !== undefined ? mgScope(world, s.name, r.attrs.parent_management_group_id) : undefined);
        const subs = world.resolveValue(s.name, r.attrs.subscription_ids);
        if (Array.isArray(subs)) {
          (r.attrs.subscription_ids as unknown[]).forEach((raw) => {
            const sub = world.resolveString(s.name, raw);
            if (sub) tree.subscriptionGroup.set(lower(sub.scope.replace(/^\/subscriptions\//, '')), id);
          });
        }
      }
    }
  }
  for (const s of world.stacks.values()) {
    for (const r of s.resources) {
      if (r.type !== 'azurerm_management_group_subscription_association') continue;
      const mg = mgScope(world, s.name, r.attrs.management_group_id);
      const sub = world.resolveString(s.name, r.attrs.subscription_id);
      if (mg && sub) tree.subscriptionGroup.set(lower(sub.scope.replace(/^\/subscriptions\//, '')), mg);
    }
  }
  if (pulled) tree.pulledPath = pulled.path.map(lower);
  return tree;
}

/** The management group ID of an `azurerm_management_group` (its `name`, or a token when computed). */
export function mgIdOf(world: TerraformWorld, r: TfResource): string {
  const name = world.resolveString(r.stack, r.attrs.name);
  return name && !isUnknown(name.value) ? lower(`${MG_PREFIX}${name.value}`) : `{${lower(r.stack)}:${lower(r.address)}.id}`;
}

function parseParameters(raw: ArmValue | undefined): Record<string, ArmValue> {
  let v: any = raw;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return {};
    }
  }
  const out: Record<string, ArmValue> = {};
  if (v && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v)) {
    for (const [k, x] of Object.entries<any>(v)) out[k] = x && typeof x === 'object' && !isUnknown(x) && 'value' in x ? x.value : x;
  }
  return out;
}

function selectorsFrom(list: any[], notInKey: string): { kind: string; in?: string[]; notIn?: string[] }[] {
  return list.map((s) => ({ kind: String(s.kind ?? ''), in: s.in ?? undefined, notIn: s[notInKey] ?? undefined }));
}

/** ailz's own assignments (and any other assignment resource in the stacks). */
export function terraformAssignments(view: ArmView): PolicyAssignment[] {
  const out: PolicyAssignment[] = [];
  const world = view.world;
  for (const s of world.stacks.values()) {
    for (const r of s.resources) {
      const scopeAttr = ASSIGNMENT_TYPES[r.type];
      if (!scopeAttr) continue;
      const scope: Resolved = world.resolveString(s.name, r.attrs[scopeAttr]) ?? { value: '', scope: `{${s.name}:${r.address}.${scopeAttr}}` };
      const name = String(world.resolveValue(s.name, r.attrs.name) ?? r.name);
      const rawParams = world.resolveValue(s.name, r.attrs.parameters);
      const notScopes = (Array.isArray(r.attrs.not_scopes) ? r.attrs.not_scopes : []).map((x: unknown) => lower(world.resolveString(s.name, x)?.scope ?? String(x)));
      const identity = blocks(r.attrs.identity);
      const overrides: EffectOverride[] = blocks(r.attrs.overrides).map((o) => {
        const sel = blocks(o.selectors)[0];
        return { value: String(world.resolveValue(s.name, o.value)), referenceIds: sel ? { in: sel.in, notIn: sel.not_in } : undefined };
      });
      const resourceSelectors: ResourceSelector[] = blocks(r.attrs.resource_selectors).map((rs) => ({ name: rs.name, selectors: selectorsFrom(blocks(rs.selectors), 'not_in') }));
      const id = `${isUnknown(scope.value) ? scope.scope : scope.value}/providers/Microsoft.Authorization/policyAssignments/${name}`;
      const defId = world.resolveString(s.name, r.attrs.policy_definition_id);
      const policyDefinitionId = defId === undefined ? '' : isUnknown(defId.value) ? defId.scope : defId.value;
      const definition = terraformDefinition(world, s.name, r.attrs.policy_definition_id, policyDefinitionId);
      out.push({
        name,
        id,
        scope: lower(scope.scope),
        notScopes,
        policyDefinitionId,
        ...(definition ? { definition } : {}),
        parameters: parseParameters(rawParams),
        enforced: world.resolveValue(s.name, r.attrs.enforce) !== false,
        resourceSelectors,
        overrides,
        principalRef: identity.length ? `${r.address}.identity[0].principal_id` : undefined,
        hasIdentity: identity.length > 0,
        origin: { kind: 'terraform', stack: s.name, address: r.address },
      });
    }
  }
  return out;
}

/**
 * The custom definition an assignment references in the same stack (`${azurerm_policy_definition.<x>.id}`), in
 * Azure's shape: azurerm sends `policy_rule`, `parameters` and `metadata` as JSON strings and `mode` as given
 * (policy/policy_definition_resource.go:104-147, v4.55.0). Undefined when the reference is to anything else or the
 * rule is not a literal: the assignment then needs the definition from a catalog or a pull, as before.
 */
function terraformDefinition(world: TerraformWorld, stack: string, raw: unknown, id: string): PolicyDefinition | undefined {
  const ref = world.referencedResource(stack, raw);
  if (!ref || ref.attr !== 'id' || ref.suffix !== '' || ref.resource.type !== 'azurerm_policy_definition') return undefined;
  const attrs = ref.resource.attrs;
  const json = (v: unknown): any => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') {
      if (v.includes('${')) return null;
      try {
        return JSON.parse(v);
      } catch {
        return null;
      }
    }
    return typeof v === 'object' && !isUnknown(v) ? world.resolveValue(stack, v) : null;
  };
  const rule = json(attrs.policy_rule);
  const params = json(attrs.parameters);
  if (!rule || typeof rule !== 'object' || !('if' in rule) || !('then' in rule) || params === null) return undefined;
  const name = world.resolveValue(stack, attrs.name);
  const displayName = world.resolveValue(stack, attrs.display_name);
  const mode = world.resolveValue(stack, attrs.mode);
  return {
    id,
    name: typeof name === 'string' ? name : ref.resource.address,
    displayName: typeof displayName === 'string' ? displayName : String(name),
    mode: typeof mode === 'string' ? mode : null,
    parameters: params ?? {},
    policyRule: rule,
    source: `${stack}/${ref.resource.address}`,
  };
}

function blocks(v: unknown): any[] {
  if (v === undefined || v === null || isUnknown(v)) return [];
  if (Array.isArray(v)) return v.filter((x) => x && typeof x === 'object' && !isUnknown(x));
  return typeof v === 'object' ? [v] : [];
}

/** Assignments pulled from the tenant (ARM shape). Those ailz itself manages are dropped (its Terraform is the plan). */
export function pulledAssignments(files: readonly PulledAssignmentFile[], own: readonly PolicyAssignment[]): PolicyAssignment[] {
  const ownIds = new Set(own.map((a) => lower(a.id)));
  const out: PolicyAssignment[] = [];
  for (const { file, json } of files) {
    const p = json.properties ?? {};
    const id = String(json.id ?? `${p.scope}/providers/Microsoft.Authorization/policyAssignments/${json.name}`);
    if (ownIds.has(lower(id))) continue;
    const scope = String(p.scope ?? id.replace(/\/providers\/microsoft\.authorization\/policyassignments\/[^/]+$/i, ''));
    out.push({
      name: String(json.name),
      id,
      scope: lower(scope),
      notScopes: (Array.isArray(p.notScopes) ? p.notScopes : []).map((x: unknown) => lower(String(x))),
      policyDefinitionId: String(p.policyDefinitionId),
      parameters: parseParameters(p.parameters),
      enforced: String(p.enforcementMode ?? 'Default').toLowerCase() !== 'donotenforce',
      resourceSelectors: (Array.isArray(p.resourceSelectors) ? p.resourceSelectors : []).map((rs: any) => ({ name: rs.name, selectors: selectorsFrom(rs.selectors ?? [], 'notIn') })),
      overrides: (Array.isArray(p.overrides) ? p.overrides : [])
        .filter((o: any) => String(o.kind ?? '').toLowerCase() === 'policyeffect')
        .map((o: any) => {
          const sel = (o.selectors ?? []).find((x: any) => String(x.kind ?? '').toLowerCase() === 'policydefinitionreferenceid');
          return { value: String(o.value), referenceIds: sel ? { in: sel.in, notIn: sel.notIn } : undefined };
        }),
      hasIdentity: Boolean(json.identity && json.identity.type && String(json.identity.type).toLowerCase() !== 'none'),
      origin: { kind: 'pulled', file },
    });
  }
  return out;
}

/** Exemptions from the stacks' Terraform (config `policyExemptions` are synthesized into the governance stack). */
export function terraformExemptions(view: ArmView, assignments: readonly PolicyAssignment[]): PolicyExemption[] {
  const world = view.world;
  const out: PolicyExemption[] = [];
  for (const s of world.stacks.values()) {
    for (const r of s.resources) {
      const scopeAttr = EXEMPTION_TYPES[r.type];
      if (!scopeAttr) continue;
      const scope = world.resolveString(s.name, r.attrs[scopeAttr]);
      const ref = world.referencedResource(s.name, r.attrs.policy_assignment_id);
      const literal = world.resolveValue(s.name, r.attrs.policy_assignment_id);
      const target = ref
        ? assignments.find((a) => a.origin.kind === 'terraform' && a.origin.stack === s.name && a.origin.address === ref.resource.address)
        : typeof literal === 'string' ? assignments.find((a) => lower(a.id) === lower(literal)) : undefined;
      const expires = world.resolveValue(s.name, r.attrs.expires_on);
      out.push({
        name: String(world.resolveValue(s.name, r.attrs.name) ?? r.name),
        scope: lower(scope?.scope ?? `{${s.name}:${r.address}}`),
        assignment: { id: target?.id ?? (typeof literal === 'string' ? literal : undefined), name: target?.name },
        category: String(world.resolveValue(s.name, r.attrs.exemption_category) ?? ''),
        expiresOn: typeof expires === 'string' ? expires : undefined,
        referenceIds: Array.isArray(r.attrs.policy_definition_reference_ids) ? r.attrs.policy_definition_reference_ids.map(String) : [],
        origin: { kind: 'terraform', stack: s.name, address: r.address },
      });
    }
  }
  return out;
}

/** `resourceSelectors`: a resource is selected when every selector of some selector group matches (or there are none). */
export function selectorsMatch(a: PolicyAssignment, r: ArmResource): boolean {
  if (a.resourceSelectors.length === 0) return true;
  const loc = typeof r.location === 'string' ? r.location.toLowerCase().replace(/\s+/g, '') : undefined;
  return a.resourceSelectors.some((g) => g.selectors.every((s) => {
    const kind = s.kind.toLowerCase();
    const value = kind === 'resourcelocation' ? loc : kind === 'resourcetype' ? r.type.toLowerCase() : kind === 'resourcewithoutlocation' ? String(loc === undefined || loc === 'global') : undefined;
    if (value === undefined) return kind === 'resourcelocation' ? false : true;
    const norm = (xs?: readonly string[]) => xs?.map((x) => x.toLowerCase().replace(/\s+/g, ''));
    const inList = norm(s.in);
    const notIn = norm(s.notIn);
    if (inList && !inList.includes(value)) return false;
    if (notIn && notIn.includes(value)) return false;
    return true;
  }));
}

/** The exemption that removes an assignment (member) from a resource, if any. `today` is YYYY-MM-DD. */
export function exemptionFor(
  exemptions: readonly PolicyExemption[], tree: ScopeTree, a: PolicyAssignment, r: ArmResource, referenceId: string | undefined, today: string,
): PolicyExemption | undefined {
  return exemptions.find((e) => {
    const sameAssignment = (e.assignment.id && lower(e.assignment.id) === lower(a.id)) || (e.assignment.name && e.assignment.name === a.name && e.origin.kind === a.origin.kind);
    if (!sameAssignment) return false;
    if (e.expiresOn && e.expiresOn.slice(0, 10) < today) return false;
    if (e.referenceIds.length > 0 && (!referenceId || !e.referenceIds.some((x) => lower(x) === lower(referenceId)))) return false;
    return tree.contains(e.scope, r.scopeId);
  });
}
