/**
 * DeployIfNotExists remediation, checked offline:
 * - **identity rights**: every role the definition's `roleDefinitionIds` names, granted to the assignment's managed
 *   identity at the assignment scope; and for each resource the deployment links to outside that scope (parameters
 *   with `assignPermissions`, existence-condition fields in `azure/policy-linked-access.ts`) a role that grants the
 *   linked access there (review F16). The deployment template is not evaluated for this.
 * - **remediation preview**: the template's resource of the related type, with its parameters and variables
 *   evaluated, compared with the Terraform-managed related resource, so a remediation that would rewrite what
 *   Terraform manages (review F12) is reported. Template functions outside the policy language's own set make the
 *   property they appear in "unknown" for the preview; they never make it pass.
 */
import { ArmResource, ArmValue, isUnknown, showValue } from '../arm/resource';
import { ArmView } from '../arm/from-terraform';
import { linkedAccessRule } from '../azure/policy-linked-access';
import { ScopeTree } from './assignments';
import { ExpressionContext, evaluateDeep, evaluateExpression, getProp, looseEquals } from './expression';
import { PolicyAssignment, PolicyDefinition } from './types';

const lower = (s: string) => s.toLowerCase();
const guidOf = (roleId: string) => lower(roleId.split('/').pop() ?? roleId);

/** A role assignment of the assignment's identity, from the stacks' Terraform. */
interface IdentityGrant {
  /** Role definition GUID (built-in or custom). */
  readonly role: string;
  readonly scope: string;
  readonly address: string;
  /**
   * For a custom role defined in the same Terraform (`azurerm_role_definition`): its `actions` and `notActions`,
   * which Azure checks (linked access is a check of actions, not of role names).
   */
  readonly actions?: { readonly allow: readonly string[]; readonly deny: readonly string[] };
  /** Where a custom role may be assigned (ARM refuses an assignment outside them). */
  readonly assignableScopes?: readonly string[];
}

const IDENTITY_REF = /^\$\{([A-Za-z0-9_.-]+)\.identity\[0\]\.principal_id\}$/;
const ROLE_DEFINITION_REF = /^\$\{(azurerm_role_definition\.[A-Za-z0-9_-]+)\.role_definition_resource_id\}$/;

/**
 * Whether a role assignment's `principal_id` names the assignment's identity: a reference to the assignment
 * resource itself (`${<assignment>.identity...}`, same stack), or, from any stack, a reference to a
 * `data.azurerm_policy_assignment` that looks the assignment up by `name` and `scope_id` (the data source exports
 * `identity[0].principal_id`, azurerm v4.55.0 `website/docs/d/policy_assignment.html.markdown`).
 */
function namesIdentity(view: ArmView, a: PolicyAssignment & { origin: { kind: 'terraform' } }, stack: string, principal: unknown): boolean {
  if (typeof principal !== 'string') return false;
  if (stack === a.origin.stack && principal.startsWith(`\${${a.origin.address}.identity`)) return true;
  const m = IDENTITY_REF.exec(principal);
  if (!m || !m[1].startsWith('data.azurerm_policy_assignment.')) return false;
  const data = view.world.stacks.get(stack)?.dataSources?.get(m[1]);
  if (!data) return false;
  const name = view.world.resolveValue(stack, data.name);
  const scope = view.world.resolveString(stack, data.scope_id);
  return typeof name === 'string' && lower(name) === lower(a.name) && scope !== undefined && lower(scope.scope) === lower(a.scope);
}

/** The role of a role assignment: a built-in's GUID, or a custom role the same stack defines with its actions. */
function roleOf(view: ArmView, stack: string, r: { attrs: Record<string, any> }): Omit<IdentityGrant, 'scope' | 'address'> | undefined {
  const raw = r.attrs.role_definition_id;
  const custom = typeof raw === 'string' ? ROLE_DEFINITION_REF.exec(raw) : null;
  if (custom) {
    const def = view.world.resource(stack, custom[1]);
    if (!def) return undefined;
    const perms = Array.isArray(def.attrs.permissions) ? def.attrs.permissions : def.attrs.permissions ? [def.attrs.permissions] : [];
    const list = (k: string) => perms.flatMap((p: any) => (Array.isArray(p?.[k]) ? p[k] : [])).map((x: unknown) => view.world.resolveValue(stack, x)).filter((x: unknown): x is string => typeof x === 'string');
    const id = view.world.resolveValue(stack, def.attrs.role_definition_id);
    const assignable = (Array.isArray(def.attrs.assignable_scopes) ? def.attrs.assignable_scopes : [])
      .map((x: unknown) => view.world.resolveString(stack, x)?.scope).filter((x: unknown): x is string => typeof x === 'string').map(lower);
    return { role: typeof id === 'string' ? lower(id) : `{${stack}:${custom[1]}}`, actions: { allow: list('actions'), deny: list('not_actions') }, assignableScopes: assignable };
  }
  const role = view.world.resolveValue(stack, raw) ?? view.world.resolveValue(stack, r.attrs.role_definition_name);
  return typeof role === 'string' ? { role: guidOf(role) } : undefined;
}

/**
 * Role assignments of the assignment's identity, in any stack: those whose `principal_id` references the
 * assignment resource, or a `data.azurerm_policy_assignment` that reads that assignment (see `namesIdentity`).
 */
export function grantsOf(view: ArmView, a: PolicyAssignment): IdentityGrant[] {
  if (a.origin.kind !== 'terraform') return [];
  const own = a as PolicyAssignment & { origin: { kind: 'terraform' } };
  const out: IdentityGrant[] = [];
  for (const stack of view.world.stacks.values()) {
    for (const r of stack.resources) {
      if (r.type !== 'azurerm_role_assignment') continue;
      if (!namesIdentity(view, own, stack.name, r.attrs.principal_id)) continue;
      const scope = view.world.resolveString(stack.name, r.attrs.scope);
      const role = roleOf(view, stack.name, r);
      if (!scope || !role) continue;
      const at = lower(scope.scope);
      // A custom role assigned outside its assignable scopes is refused by ARM: it grants nothing.
      if (role.assignableScopes && !role.assignableScopes.some((x) => at === x || at.startsWith(`${x}/`))) continue;
      out.push({ ...role, scope: at, address: `${stack.name}/${r.address}` });
    }
  }
  return out;
}

/** Azure's action matching: case-insensitive, `*` matches any run of characters. */
function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((x) => x.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*')}$`, 'i');
  return re.test(action);
}

/** A custom role grants every action listed: some `actions` entry matches it and no `notActions` entry does. */
export function grantsActions(granted: { readonly allow: readonly string[]; readonly deny: readonly string[] }, needed: readonly string[]): boolean {
  return needed.length > 0 && needed.every((n) => granted.allow.some((p) => actionMatches(p, n)) && !granted.deny.some((p) => actionMatches(p, n)));
}

export interface IdentityGap {
  readonly kind: 'no-identity' | 'assignment-scope' | 'linked';
  readonly message: string;
  readonly evidence: Record<string, unknown>;
}

/** Destinations the deployment links to: `assignPermissions` parameters and linked-access existence fields. */
function linkedDestinations(def: PolicyDefinition, params: Readonly<Record<string, ArmValue>>): { id: string; via: string; roles: string[]; actions: string[] }[] {
  const out: { id: string; via: string; roles: string[]; actions: string[] }[] = [];
  const seen = new Set<string>();
  const add = (value: ArmValue | undefined, via: string, roles: readonly string[], actions: readonly string[]) => {
    if (typeof value !== 'string' || !value.startsWith('/') || seen.has(lower(value))) return;
    seen.add(lower(value));
    out.push({ id: value, via, roles: [...roles], actions: [...actions] });
  };
  for (const [name, p] of Object.entries(def.parameters)) {
    if (p.metadata?.assignPermissions !== true) continue;
    const rule = linkedAccessRule({ strongType: p.metadata.strongType });
    add(params[name], `parameter ${name} (assignPermissions)`, rule?.roles ?? [], rule?.actions ?? []);
  }
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const field = Object.entries(o).find(([k]) => lower(k) === 'field')?.[1];
    const eq = Object.entries(o).find(([k]) => lower(k) === 'equals')?.[1];
    if (typeof field === 'string' && typeof eq === 'string') {
      const rule = linkedAccessRule({ alias: field });
      const m = /^\[parameters\('([^']+)'\)\]$/i.exec(eq);
      if (rule && m) add(params[Object.keys(params).find((k) => lower(k) === lower(m[1])) ?? m[1]], `existence condition ${field}`, rule.roles, rule.actions);
    }
    Object.values(o).forEach(walk);
  };
  walk(def.policyRule.then?.details?.existenceCondition);
  return out;
}

/** What the remediation identity of a DINE assignment lacks. Pulled assignments are not checked (their grants are not in the Terraform). */
export function identityGaps(view: ArmView, tree: ScopeTree, a: PolicyAssignment, def: PolicyDefinition, params: Readonly<Record<string, ArmValue>>): IdentityGap[] {
  if (a.origin.kind !== 'terraform') return [];
  const details = def.policyRule.then?.details ?? {};
  const roles: string[] = (Array.isArray(details.roleDefinitionIds) ? details.roleDefinitionIds : []).map((r: string) => guidOf(String(r)));
  if (roles.length === 0) return [];
  if (!a.hasIdentity) {
    return [{ kind: 'no-identity', message: `the assignment has no managed identity, so it cannot remediate (the definition needs roles ${roles.join(', ')})`, evidence: { roles } }];
  }
  const grants = grantsOf(view, a);
  const gaps: IdentityGap[] = [];
  const covers = (g: IdentityGrant, scope: string) => tree.contains(g.scope, scope);
  for (const role of roles) {
    if (!grants.some((g) => g.role === role && covers(g, a.scope))) {
      gaps.push({ kind: 'assignment-scope', message: `its managed identity has no role ${role} at the assignment scope ${a.scope}`, evidence: { role, scope: a.scope } });
    }
  }
  for (const d of linkedDestinations(def, params)) {
    if (tree.contains(a.scope, d.id)) continue;
    const acceptable = new Set([...roles, ...d.roles]);
    // A built-in role that grants the linked access, or a custom role whose actions include every action the
    // linked-access check requires (azure/policy-linked-access.ts).
    const ok = grants.some((g) => covers(g, d.id) && (acceptable.has(g.role) || (g.actions !== undefined && grantsActions(g.actions, d.actions))));
    if (!ok) {
      gaps.push({
        kind: 'linked',
        message: `the remediation deployment links to ${d.id} (${d.via}), which lies outside the assignment scope ${a.scope}, and the assignment's identity holds none of the roles ${[...acceptable].join(', ')} there, nor a custom role with the actions ${d.actions.join(', ')} (LinkedAuthorizationFailed)`,
        evidence: { destination: d.id, via: d.via, acceptableRoles: [...acceptable], grants: grants.map((g) => `${g.role}@${g.scope}`) },
      });
    }
  }
  return gaps;
}

/** A property the remediation would write differently from the Terraform-managed resource. */
export interface PreviewDifference {
  readonly path: string;
  readonly remediation: ArmValue;
  readonly terraform: ArmValue | undefined;
}

function templateContext(policyCtx: ExpressionContext, deployment: any): ExpressionContext {
  const props = deployment?.properties ?? {};
  const tmpl = props.template ?? {};
  const given: Record<string, ArmValue> = {};
  for (const [k, v] of Object.entries<any>(props.parameters ?? {})) given[lower(k)] = evaluateDeep(v?.value, policyCtx);
  const defaults: Record<string, unknown> = {};
  for (const [k, v] of Object.entries<any>(tmpl.parameters ?? {})) defaults[lower(k)] = v?.defaultValue;
  const variables: Record<string, unknown> = {};
  for (const [k, v] of Object.entries<any>(tmpl.variables ?? {})) variables[lower(k)] = v;
  const ctx: ExpressionContext = {
    now: policyCtx.now,
    parameter: (name) => {
      const key = lower(name);
      if (key in given) return given[key];
      if (defaults[key] !== undefined) return evaluateDeep(defaults[key], ctx);
      throw new Error(`template parameter ${name} has no value`);
    },
    variable: (name) => {
      const key = lower(name);
      if (!(key in variables)) throw new Error(`template variable ${name} is not defined`);
      return evaluateDeep(variables[key], ctx);
    },
  };
  return ctx;
}

function keyOf(v: ArmValue): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v) || isUnknown(v)) return undefined;
  for (const k of ['name', 'category', 'categoryGroup']) {
    const x = getProp(v, k);
    if (typeof x === 'string') return `${k}=${lower(x)}`;
  }
  return undefined;
}

function diff(path: string, want: ArmValue, have: ArmValue | undefined, out: PreviewDifference[]): void {
  if (isUnknown(want) || isUnknown(have)) return;
  if (want && typeof want === 'object' && !Array.isArray(want)) {
    for (const [k, v] of Object.entries(want)) diff(`${path}.${k}`, v, have && typeof have === 'object' && !Array.isArray(have) ? getProp(have, k) : undefined, out);
    return;
  }
  if (Array.isArray(want)) {
    const haveArr = Array.isArray(have) ? have : [];
    want.forEach((w, i) => {
      const k = keyOf(w);
      const match = k ? haveArr.find((h) => keyOf(h) === k) : haveArr[i];
      diff(`${path}[${k ?? i}]`, w, match, out);
    });
    return;
  }
  if (!looseEquals(want, have ?? null)) out.push({ path, remediation: want, terraform: have });
}

/**
 * The properties the remediation deployment would set on `related` (a Terraform-managed resource of the
 * details type and name) that differ from what Terraform sets. Empty when they agree or cannot be computed.
 */
export function previewRemediation(def: PolicyDefinition, policyCtx: ExpressionContext, related: ArmResource): PreviewDifference[] {
  const deployment = def.policyRule.then?.details?.deployment;
  const resources: any[] = deployment?.properties?.template?.resources;
  if (!Array.isArray(resources)) return [];
  let ctx: ExpressionContext;
  try {
    ctx = templateContext(policyCtx, deployment);
  } catch {
    return [];
  }
  const out: PreviewDifference[] = [];
  for (const res of resources) {
    const type = typeof res?.type === 'string' ? res.type : '';
    const matchesType = lower(type) === lower(related.type) || lower(type).endsWith(`/providers/${lower(related.type)}`);
    if (!matchesType) continue;
    let name: ArmValue;
    try {
      name = evaluateExpression(res.name, ctx);
    } catch {
      continue;
    }
    if (typeof name === 'string' && typeof related.name === 'string') {
      const last = name.split('/').pop()!;
      if (lower(last) !== lower(related.name)) continue;
    }
    for (const [k, raw] of Object.entries<any>(res.properties ?? {})) {
      let v: ArmValue;
      try {
        v = evaluateDeep(raw, ctx);
      } catch {
        continue;
      }
      diff(k, v, getProp(related.properties, k), out);
    }
  }
  return out;
}

export function describeDifferences(d: readonly PreviewDifference[]): string {
  return d.map((x) => `${x.path} = ${showValue(x.remediation)} (Terraform: ${showValue(x.terraform)})`).join('; ');
}
