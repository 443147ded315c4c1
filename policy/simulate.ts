/**
 * The policy simulation: every assignment (ailz's own and pulled ones) against every ARM request of the
 * deployment, in their scopes, with each definition's effect.
 *
 *   const result = simulate(view, store, { today: '2026-11-26' });
 *   result.results   // PolicyResult[]: what Azure Policy would do, and where ailz cannot tell
 *
 * Effects (https://learn.microsoft.com/azure/governance/policy/concepts/effect-basics):
 * - Deny: the request is refused (only a matching exemption clears it);
 * - Audit, AuditIfNotExists: non-compliant;
 * - DeployIfNotExists: the existence condition is evaluated against the related resources ailz deploys; ailz's own
 *   resources that can never satisfy it, remediations that would rewrite Terraform-managed resources, and
 *   remediation identities without the rights they need are reported;
 * - Modify, Append: the properties the policy would change under Terraform's feet (drift).
 */
import { ArmResource, ArmValue, UNKNOWN, isAtOrBelow, isUnknown, showValue } from '../arm/resource';
import { ArmView } from '../arm/from-terraform';
import { armTypeFacts, RESOURCE_PROVIDER_MODE_COMPONENTS } from '../azure/provider-api-versions';
import { ScopeTree, exemptionFor, pulledAssignments, scopeTreeFrom, selectorsMatch, terraformAssignments, terraformExemptions } from './assignments';
import { EvalContext, TraceNode, decisiveLeaves, evaluateCondition } from './conditions';
import { DefinitionStore } from './definitions';
import { ExpressionContext, evaluateDeep, evaluateExpression } from './expression';
import { describeDifferences, identityGaps, previewRemediation } from './remediation';
import { CannotEvaluate, EvaluationError, PolicyAssignment, PolicyDefinition, PolicyExemption, Tri } from './types';
import { selectField } from './fields';

/** What the simulation found for one (assignment, definition, resource), or for an assignment as a whole. */
export type Outcome =
  | 'deny' | 'audit' | 'not-compliant' | 'not-deployed' | 'impossible' | 'remediation-conflict' | 'identity' | 'drift'
  | 'unknown' | 'cannot-evaluate' | 'evaluation-error' | 'missing-definition' | 'not-simulated' | 'unplaced';

export interface PolicyResult {
  readonly assignment?: PolicyAssignment;
  readonly definition?: PolicyDefinition;
  readonly referenceId?: string;
  /** Effect as Azure applies it (after parameters and overrides), lower case: deny, audit, auditifnotexists, ... */
  readonly effect?: string;
  readonly outcome: Outcome;
  readonly severity: 'error' | 'warning';
  /** Where the finding is reported: the Terraform resource a user changes to fix it. */
  readonly stack: string;
  readonly address: string;
  readonly message: string;
  readonly evidence: Record<string, unknown>;
  /** Deny findings cannot be suppressed: Azure would refuse the request regardless. */
  readonly suppressible: boolean;
}

export interface SimulationOptions {
  /** YYYY-MM-DD, for exemption expiry. */
  readonly today: string;
  /** ISO timestamp for `utcNow()`; default `<today>T00:00:00Z`. */
  readonly now?: string;
}

export interface SimulationResult {
  readonly results: readonly PolicyResult[];
  readonly assignments: readonly PolicyAssignment[];
  readonly exemptions: readonly PolicyExemption[];
  /** (assignment, definition, resource type) evaluated, for coverage reports. */
  readonly evaluations: number;
}

/** One definition of an assignment (the definition itself, or an initiative member) with its parameter values. */
export interface Member {
  readonly definition?: PolicyDefinition;
  readonly definitionId: string;
  readonly referenceId?: string;
  readonly setDefinitionId?: string;
  readonly parameters: Record<string, ArmValue>;
  readonly problem?: string;
}

const lower = (s: string) => s.toLowerCase();

/** The definitions an assignment evaluates, with effective parameter values (assignment over defaults). */
export function membersOf(a: PolicyAssignment, store: DefinitionStore, now: string): Member[] {
  const withDefaults = (params: Record<string, any>, given: Readonly<Record<string, ArmValue>>) => {
    const out: Record<string, ArmValue> = {};
    for (const [name, p] of Object.entries(params)) {
      const k = Object.keys(given).find((x) => lower(x) === lower(name));
      if (k !== undefined) out[name] = given[k];
      else if (p?.defaultValue !== undefined) out[name] = p.defaultValue as ArmValue;
    }
    return out;
  };
  if (/\/policysetdefinitions\//i.test(a.policyDefinitionId)) {
    const set = store.initiative(a.policyDefinitionId);
    if (!set) return [{ definitionId: a.policyDefinitionId, parameters: {}, problem: `initiative ${a.policyDefinitionId} is not in the definitions (pull it with \`ailz policy pull\`)` }];
    const setParams = withDefaults(set.parameters as Record<string, any>, a.parameters);
    const ctx: ExpressionContext = {
      now,
      parameter: (n) => {
        const k = Object.keys(setParams).find((x) => lower(x) === lower(n));
        if (k === undefined) throw new EvaluationError(`initiative parameter '${n}' has no value`);
        return setParams[k];
      },
    };
    return set.policyDefinitions.map((m) => {
      const def = store.definition(m.policyDefinitionId);
      const given: Record<string, ArmValue> = {};
      if (m.parameters === undefined && set.source.includes('catalog')) {
        return { definitionId: m.policyDefinitionId, referenceId: m.policyDefinitionReferenceId, setDefinitionId: set.id, parameters: {}, problem: 'the initiative carries no member parameter mappings' };
      }
      for (const [k, v] of Object.entries(m.parameters ?? {})) {
        try {
          given[k] = evaluateExpression(v?.value, ctx);
        } catch (e) {
          return { definitionId: m.policyDefinitionId, referenceId: m.policyDefinitionReferenceId, setDefinitionId: set.id, parameters: {}, problem: `member parameter ${k}: ${(e as Error).message}` };
        }
      }
      if (!def) return { definitionId: m.policyDefinitionId, referenceId: m.policyDefinitionReferenceId, setDefinitionId: set.id, parameters: {}, problem: `definition ${m.policyDefinitionId} is not in the definitions` };
      return { definition: def, definitionId: def.id, referenceId: m.policyDefinitionReferenceId, setDefinitionId: set.id, parameters: withDefaults(def.parameters as Record<string, any>, given) };
    });
  }
  const def = a.definition ?? store.definition(a.policyDefinitionId);
  if (!def) return [{ definitionId: a.policyDefinitionId, parameters: {}, problem: `definition ${a.policyDefinitionId} is not in the definitions (pull it with \`ailz policy pull\`, or pass a catalog that has it)` }];
  return [{ definition: def, definitionId: def.id, parameters: withDefaults(def.parameters as Record<string, any>, a.parameters) }];
}

/** The effect of a member after parameters and assignment overrides (lower case). */
export function effectOf(a: PolicyAssignment, m: Member, now: string): string {
  const raw = m.definition!.policyRule.then?.effect;
  const value = evaluateExpression(raw, paramContext(m.parameters, now));
  let effect = typeof value === 'string' ? value : String(value);
  for (const o of a.overrides) {
    const sel = o.referenceIds;
    const ref = m.referenceId ? lower(m.referenceId) : undefined;
    if (sel?.in && !(ref && sel.in.map(lower).includes(ref))) continue;
    if (sel?.notIn && ref && sel.notIn.map(lower).includes(ref)) continue;
    effect = o.value;
  }
  return lower(effect);
}

function paramContext(params: Readonly<Record<string, ArmValue>>, now: string): ExpressionContext {
  return {
    now,
    parameter: (n) => {
      const k = Object.keys(params).find((x) => lower(x) === lower(n));
      if (k === undefined) throw new EvaluationError(`parameter '${n}' has no value (not assigned and no default)`);
      return params[k];
    },
  };
}

/** Whether a definition's mode evaluates a resource type: true, false, or the reason it is a data-plane component. */
export function modeApplies(mode: string | null, r: ArmResource): boolean | { component: string } {
  const m = lower(mode ?? 'indexed');
  if (m === 'all') return true;
  if (m === 'indexed') {
    const t = lower(r.type);
    if (t === 'microsoft.resources/subscriptions' || t === 'microsoft.resources/subscriptions/resourcegroups') return false;
    const facts = armTypeFacts(r.type);
    if (facts) return facts.indexed;
    return r.location !== undefined && r.tags !== undefined;
  }
  const components = RESOURCE_PROVIDER_MODE_COMPONENTS[m];
  if (components?.includes(lower(r.type))) return { component: `${mode} component of ${r.type}` };
  return false;
}

/** The evaluation context of a definition on a resource. */
export function contextFor(view: ArmView, a: PolicyAssignment | undefined, m: Member, r: ArmResource, now: string, trace: boolean): EvalContext {
  return {
    resource: r,
    ifResource: r,
    parameters: m.parameters,
    definition: m.definition!,
    assignment: a,
    referenceId: m.referenceId,
    setDefinitionId: m.setDefinitionId,
    now,
    trace,
    resourceGroup: () => resourceGroupValue(view, r),
  };
}

function resourceGroupValue(view: ArmView, r: ArmResource): ArmValue {
  const m = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+)/.exec(r.scopeId);
  if (!m) return UNKNOWN;
  const rg = view.byScopeId(m[1]);
  if (!rg) return UNKNOWN;
  return { id: rg.id, name: rg.name, type: rg.type, location: rg.location ?? UNKNOWN, tags: rg.tags ?? {}, properties: rg.properties };
}

/** The scope tree of a view, with pulled assignments placed above ailz's own management groups. */
export function scopeTreeFor(view: ArmView, store: DefinitionStore, assignments: readonly PolicyAssignment[]): ScopeTree {
  const tree = scopeTreeFrom(view, store.pulledScope);
  if (!store.pulledScope) {
    // `atScope()` returns the assignments at the pulled group and above it: those outside ailz's own groups sit above ailz.
    tree.pulledAbove = [...new Set(assignments.filter((a) => a.origin.kind === 'pulled' && a.scope.startsWith('/providers/microsoft.management/managementgroups/') && !tree.mgParent.has(a.scope)).map((a) => a.scope))].sort();
  }
  return tree;
}

/** Runs the simulation. */
export function simulate(view: ArmView, store: DefinitionStore, opts: SimulationOptions): SimulationResult {
  const now = opts.now ?? `${opts.today}T00:00:00Z`;
  const own = terraformAssignments(view);
  const assignments = [...own, ...pulledAssignments(store.assignments, own)];
  const exemptions = terraformExemptions(view, assignments);
  const tree = scopeTreeFor(view, store, assignments);
  const results: PolicyResult[] = [];
  let evaluations = 0;

  for (const ns of view.notSimulated) {
    results.push({
      outcome: 'not-simulated', severity: 'warning', stack: ns.stack, address: ns.address, suppressible: true,
      message: `not simulated: ${ns.reason}; no assignment was evaluated against it`, evidence: { terraformType: ns.terraformType },
    });
  }
  const unplaced = new Set<string>();
  const deploying = new Set(view.resources.map((r) => `${r.source.stack}|${r.subscription}`));
  for (const [stack, sub] of view.stackSubscriptions) {
    if (tree.groupsOf(sub.scope).length > 0 || unplaced.has(sub.scope)) continue;
    if (!deploying.has(`${stack}|${sub.scope}`)) continue;
    unplaced.add(sub.scope);
    results.push({
      outcome: 'unplaced', severity: 'warning', stack, address: `subscription(${showValue(sub.value).replace(/"/g, '')})`, suppressible: true,
      message: `the subscription of stack ${stack} (${showValue(sub.value)}) is not placed in any management group of this synth output: assignments at management groups were not evaluated against its resources`,
      evidence: { subscription: sub.scope },
    });
  }

  // Resources Azure Policy judges (governance scopes and assignments are not ARM requests it evaluates here).
  // Each resource's containing scopes, once; and per scope the resources below it (assignments only visit those).
  const judged = view.resources.filter((r) => !r.scopeId.startsWith('/providers/'));
  // Also by lower-cased type, so that a rule with a literal type test visits only resources of those types.
  const ancestors = new Map<ArmResource, string[]>();
  const underScope = new Map<string, ArmResource[]>();
  const underScopeByType = new Map<string, Map<string, ArmResource[]>>();
  for (const r of judged) {
    const anc = tree.ancestorsOf(r);
    ancestors.set(r, anc);
    const type = lower(r.type);
    for (const sc of anc) {
      let l = underScope.get(sc);
      if (!l) underScope.set(sc, (l = []));
      l.push(r);
      let byType = underScopeByType.get(sc);
      if (!byType) underScopeByType.set(sc, (byType = new Map()));
      let t = byType.get(type);
      if (!t) byType.set(type, (t = []));
      t.push(r);
    }
  }
  const ancestorsOf = (r: ArmResource) => ancestors.get(r)!;
  const candidates = (scope: string, guard: ReadonlySet<string> | undefined): readonly ArmResource[] => {
    if (!guard) return underScope.get(scope) ?? [];
    const byType = underScopeByType.get(scope);
    if (!byType) return [];
    const out: ArmResource[] = [];
    for (const t of guard) {
      const l = byType.get(t);
      if (l) for (const r of l) out.push(r);
    }
    // The order of the scope's list, so results do not depend on the order of the types in the rule.
    return guard.size > 1 ? out.sort((x, y) => (underScopeIndex.get(x)! - underScopeIndex.get(y)!)) : out;
  };
  const underScopeIndex = new Map<ArmResource, number>(judged.map((r, i) => [r, i]));

  for (const a of assignments) {
    const members = membersOf(a, store, now);
    for (const m of members) {
      if (m.problem || !m.definition) {
        results.push(assignmentResult(a, m, undefined, 'missing-definition', 'warning', `cannot evaluate: ${m.problem}`, {}));
        continue;
      }
      let effect: string;
      try {
        effect = effectOf(a, m, now);
      } catch (e) {
        results.push(assignmentResult(a, m, undefined, 'cannot-evaluate', 'warning', `cannot evaluate the effect of ${m.definition.displayName} (${m.definition.id}): ${(e as Error).message}`, {}));
        continue;
      }
      if (effect === 'disabled' || effect === 'manual' || effect === 'denyaction' || effect === 'mutate' || effect === 'addtonetworkgroup') continue;
      if (!['deny', 'audit', 'auditifnotexists', 'deployifnotexists', 'modify', 'append'].includes(effect)) {
        results.push(assignmentResult(a, m, undefined, 'cannot-evaluate', 'warning', `cannot evaluate: effect "${effect}" of ${m.definition.displayName} (${m.definition.id})`, { effect }));
        continue;
      }
      let identityChecked = false;
      const guard = typeGuard(m.definition.policyRule.if);
      const rpMode = !['all', 'indexed'].includes(lower(m.definition.mode ?? 'indexed'));
      // A literal type test in the rule: other types cannot match (resource-provider modes judge component types).
      for (const r of candidates(a.scope, rpMode ? undefined : guard)) {
        const anc = ancestorsOf(r);
        if (a.notScopes.length > 0 && a.notScopes.some((ns) => isAtOrBelow(r.scopeId, ns) || anc.includes(ns))) continue;
        if (!selectorsMatch(a, r)) continue;
        const applies = modeApplies(m.definition.mode, r);
        if (applies === false) continue;
        if (applies !== true) {
          results.push(resultFor(a, m, effect, r, 'not-simulated', 'warning', `not simulated: ${m.definition.displayName} (${m.definition.id}) judges the ${applies.component}, whose data-plane shape ailz does not model`, {}));
          continue;
        }
        if (exemptionFor(exemptions, tree, a, r, m.referenceId, opts.today)) continue;
        evaluations++;
        const ctx = contextFor(view, a, m, r, now, false);
        let result: Tri;
        try {
          result = evaluateCondition(m.definition.policyRule.if, ctx).result;
        } catch (e) {
          results.push(failure(a, m, effect, r, e));
          continue;
        }
        if (result === false) continue;
        if (effect === 'deployifnotexists' && !identityChecked) {
          identityChecked = true;
          for (const gap of identityGaps(view, tree, a, m.definition, m.parameters)) {
            results.push(assignmentResult(a, m, effect, 'identity', 'error', `${m.definition.displayName}: remediation cannot succeed: ${gap.message}`, gap.evidence));
          }
        }
        results.push(...judge(view, a, m, effect, r, result, now));
      }
    }
  }
  results.sort((x, y) => cmp(x.stack, y.stack) || cmp(x.address, y.address) || cmp(x.assignment?.name ?? '', y.assignment?.name ?? '') || cmp(x.message, y.message));
  return { results, assignments, exemptions, evaluations };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function subjectOf(r: ArmResource): { stack: string; address: string } {
  return { stack: r.source.stack, address: r.source.address };
}

function assignmentResult(a: PolicyAssignment, m: Member, effect: string | undefined, outcome: Outcome, severity: 'error' | 'warning', message: string, evidence: Record<string, unknown>): PolicyResult {
  const where = a.origin.kind === 'terraform' ? { stack: a.origin.stack, address: a.origin.address } : { stack: 'tenant', address: `assignment(${a.name})` };
  return { assignment: a, definition: m.definition, referenceId: m.referenceId, effect, outcome, severity, ...where, message, evidence: { definitionId: m.definitionId, ...evidence }, suppressible: true };
}

function resultFor(a: PolicyAssignment, m: Member, effect: string, r: ArmResource, outcome: Outcome, severity: 'error' | 'warning', message: string, evidence: Record<string, unknown>, subject = subjectOf(r), suppressible = true): PolicyResult {
  return {
    assignment: a, definition: m.definition, referenceId: m.referenceId, effect, outcome, severity, ...subject, message, suppressible,
    evidence: { resourceType: r.type, resourceId: showValue(r.id).replace(/^"|"$/g, ''), ...evidence },
  };
}

function failure(a: PolicyAssignment, m: Member, effect: string, r: ArmResource, e: unknown): PolicyResult {
  const d = m.definition!;
  if (e instanceof CannotEvaluate) {
    return resultFor(a, m, effect, r, 'cannot-evaluate', 'warning', `cannot evaluate ${d.displayName} (${d.id}) on ${r.type}: ${e.construct}`, { construct: e.construct });
  }
  const msg = (e as Error).message;
  // Azure: "If the result of a template function is an error, policy evaluation fails. A failed evaluation is an implicit deny."
  const severity = effect === 'deny' && a.enforced && !r.viaDataPlane ? 'error' : 'warning';
  return resultFor(a, m, effect, r, 'evaluation-error', severity, `evaluation of ${d.displayName} (${d.id}) fails on this resource (${msg}); Azure treats a failed evaluation as a deny`, { error: msg }, subjectOf(r), severity !== 'error');
}

function why(ctx: EvalContext, node: unknown, want: Tri = true): string[] {
  try {
    const t = evaluateCondition(node, { ...ctx, trace: true }).trace;
    return decisiveLeaves(t, want).map((l: TraceNode) => `${l.path}: ${l.text}`);
  } catch {
    return [];
  }
}

/** What the effect does once the `if` condition holds (or is unknown). */
function judge(view: ArmView, a: PolicyAssignment, m: Member, effect: string, r: ArmResource, result: Tri, now: string): PolicyResult[] {
  const d = m.definition!;
  const ctx = contextFor(view, a, m, r, now, false);
  const label = `${d.displayName} (${d.id})`;
  if (effect === 'deny' || effect === 'audit') {
    const conditions = why(ctx, d.policyRule.if, result);
    const evidence = { conditions, enforcementMode: a.enforced ? 'Default' : 'DoNotEnforce' };
    if (result === 'unknown') {
      return [resultFor(a, m, effect, r, 'unknown', 'warning', `${label} cannot be decided before apply: ${conditions.join('; ')}`, evidence)];
    }
    if (effect === 'deny' && a.enforced && !r.viaDataPlane) {
      return [resultFor(a, m, effect, r, 'deny', 'error', `Azure would refuse this ${r.type} (RequestDisallowedByPolicy): ${label} matches: ${conditions.join('; ')}`, evidence, subjectOf(r), false)];
    }
    const why2 = effect === 'deny' ? (a.enforced ? ' (created through the data plane: reported by compliance scans, not refused)' : ' (enforcementMode DoNotEnforce: reported, not refused)') : '';
    return [resultFor(a, m, effect, r, effect === 'deny' ? 'not-compliant' : 'audit', 'warning', `non-compliant with ${label}${why2}: ${conditions.join('; ')}`, evidence)];
  }
  if (effect === 'auditifnotexists' || effect === 'deployifnotexists') return existence(view, a, m, effect, r, result, now);
  if (effect === 'modify' || effect === 'append') return drift(a, m, effect, r, result, ctx);
  return [];
}

/** Lookups over the resources of a view, built once per view. */
interface ViewIndex {
  readonly byType: Map<string, ArmResource[]>;
  readonly byScopeOf: Map<string, ArmResource[]>;
  readonly extensionTypes: Set<string>;
}
const indexes = new WeakMap<ArmView, ViewIndex>();
function indexOf(view: ArmView): ViewIndex {
  let i = indexes.get(view);
  if (!i) {
    i = { byType: new Map(), byScopeOf: new Map(), extensionTypes: new Set() };
    for (const r of view.resources) {
      const t = lower(r.type);
      let l = i.byType.get(t);
      if (!l) i.byType.set(t, (l = []));
      l.push(r);
      if (r.scopeOf !== undefined) {
        i.extensionTypes.add(t);
        let e = i.byScopeOf.get(r.scopeOf);
        if (!e) i.byScopeOf.set(r.scopeOf, (e = []));
        e.push(r);
      }
    }
    indexes.set(view, i);
  }
  return i;
}

/**
 * The resource types an `if` condition can hold for, when it says so literally (`{ field: type, equals: X }` at
 * the top or as a member of a top-level `allOf`; every member of an `anyOf`). Undefined when it does not: then every
 * resource is evaluated. Resources of other types would make the condition false, so skipping them changes nothing.
 */
export function typeGuard(node: unknown): Set<string> | undefined {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const o = node as Record<string, unknown>;
  const get = (k: string) => { const key = Object.keys(o).find((x) => lower(x) === k); return key === undefined ? undefined : o[key]; };
  const field = get('field');
  if (typeof field === 'string' && lower(field) === 'type' && Object.keys(o).length === 2) {
    const eq = get('equals');
    if (typeof eq === 'string' && !eq.startsWith('[')) return new Set([lower(eq)]);
    const inList = get('in');
    if (Array.isArray(inList) && inList.every((x) => typeof x === 'string' && !x.startsWith('['))) return new Set(inList.map((x) => lower(x as string)));
    return undefined;
  }
  const all = get('allof');
  if (Array.isArray(all)) {
    for (const m of all) {
      const g = typeGuard(m);
      if (g) return g;
    }
    return undefined;
  }
  const any = get('anyof');
  if (Array.isArray(any) && any.length > 0) {
    const out = new Set<string>();
    for (const m of any) {
      const g = typeGuard(m);
      if (!g) return undefined;
      for (const t of g) out.add(t);
    }
    return out;
  }
  return undefined;
}

/** Related resources of a (Audit|Deploy)IfNotExists definition among the resources ailz deploys. */
export function related(view: ArmView, ctx: EvalContext, details: any, r: ArmResource): { type: string; name?: string; inScope: ArmResource[]; named: ArmResource[]; extension: boolean } {
  const ec: ExpressionContext = {
    now: ctx.now,
    parameter: (n) => {
      const k = Object.keys(ctx.parameters).find((x) => lower(x) === lower(n));
      if (k === undefined) throw new EvaluationError(`parameter '${n}' has no value`);
      return ctx.parameters[k];
    },
    field: (p) => {
      const sel = selectField(r, p);
      return sel.kind === 'scalar' ? (sel.value ?? '') : sel.kind === 'collection' ? sel.values.map((v) => v ?? null) : UNKNOWN;
    },
  };
  const type = String(evaluateExpression(details.type, ec));
  const nameValue = details.name !== undefined ? evaluateExpression(details.name, ec) : undefined;
  const existenceScope = lower(String(details.existenceScope !== undefined ? evaluateExpression(details.existenceScope, ec) : 'resourceGroup'));
  const rgName = details.resourceGroupName !== undefined ? evaluateExpression(details.resourceGroupName, ec) : undefined;
  const index = indexOf(view);
  const sameType = index.byType.get(lower(type)) ?? [];
  const underneath = lower(type).startsWith(`${lower(r.type)}/`);
  const isExtension = index.extensionTypes.has(lower(type));
  let inScope: ArmResource[];
  if (underneath) inScope = sameType.filter((x) => x.scopeId.startsWith(`${r.scopeId}/`));
  else if (isExtension) inScope = (index.byScopeOf.get(r.scopeId) ?? []).filter((x) => lower(x.type) === lower(type));
  else if (existenceScope === 'subscription') inScope = sameType.filter((x) => x.subscription !== undefined && x.subscription === r.subscription);
  else {
    const rg = typeof rgName === 'string' ? `/subscriptions/${r.subscription}/resourcegroups/${lower(rgName)}` : /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+)/.exec(r.scopeId)?.[1];
    inScope = rg ? sameType.filter((x) => x.scopeId.startsWith(`${rg}/`)) : [];
  }
  if (nameValue === undefined || isUnknown(nameValue)) return { type, name: undefined, inScope, named: inScope, extension: isExtension };
  const name = String(nameValue);
  const last = name.split('/').pop()!;
  const named = inScope.filter((x) => {
    const n = typeof x.name === 'string' ? x.name : undefined;
    const full = typeof x.fullName === 'string' ? x.fullName : undefined;
    if (last === '?') return true;
    return (n !== undefined && lower(n) === lower(last)) || (full !== undefined && lower(full) === lower(name));
  });
  return { type, name, inScope, named, extension: isExtension };
}

function existence(view: ArmView, a: PolicyAssignment, m: Member, effect: string, r: ArmResource, ifResult: Tri, now: string): PolicyResult[] {
  const d = m.definition!;
  const details = d.policyRule.then?.details ?? {};
  const ctx = contextFor(view, a, m, r, now, false);
  const label = `${d.displayName} (${d.id})`;
  const dine = effect === 'deployifnotexists';
  let rel: ReturnType<typeof related>;
  try {
    rel = related(view, ctx, details, r);
  } catch (e) {
    return [failure(a, m, effect, r, e)];
  }
  const evalOn = (x: ArmResource): { result: Tri; error?: unknown } => {
    if (!details.existenceCondition) return { result: true };
    try {
      return { result: evaluateCondition(details.existenceCondition, { ...ctx, resource: x }, 'existenceCondition').result };
    } catch (e) {
      return { result: 'unknown', error: e };
    }
  };
  const outcomes = rel.named.map((x) => ({ x, ...evalOn(x) }));
  const cannot = outcomes.find((o) => o.error instanceof CannotEvaluate);
  if (cannot) return [failure(a, m, effect, r, cannot.error)];
  const policyCtx: ExpressionContext = {
    now,
    parameter: (n) => {
      const k = Object.keys(m.parameters).find((x) => lower(x) === lower(n));
      if (k === undefined) throw new EvaluationError(`parameter '${n}' has no value`);
      return m.parameters[k];
    },
    field: (p) => {
      const sel = selectField(r, p);
      return sel.kind === 'scalar' ? (sel.value ?? '') : sel.kind === 'collection' ? sel.values.map((v) => v ?? null) : UNKNOWN;
    },
  };
  const compliant = outcomes.find((o) => o.result === true);
  const ifNote = ifResult === 'unknown' ? ' (whether the definition applies is itself known only after apply)' : '';
  if (compliant) {
    if (!dine || compliant.x.source.origin === 'implied') return [];
    const diffs = previewRemediation(d, policyCtx, compliant.x);
    if (diffs.length === 0) return [];
    return [resultFor(a, m, effect, r, 'remediation-conflict', 'warning',
      `${label}: ailz's ${compliant.x.type} satisfies the existence condition, but a remediation that runs before Terraform (a new subscription or resource, or a remediation task) deploys a different configuration: ${describeDifferences(diffs)}`,
      { related: compliant.x.source.address, differences: diffs }, subjectOf(compliant.x))];
  }
  if (outcomes.some((o) => o.result === 'unknown')) {
    const o = outcomes.find((x) => x.result === 'unknown')!;
    return [resultFor(a, m, effect, r, 'unknown', 'warning', `${label}: whether ailz's ${o.x.type} satisfies the existence condition is known only after apply: ${why({ ...ctx, resource: o.x }, details.existenceCondition, 'unknown').join('; ')}`, { related: o.x.source.address }, subjectOf(o.x))];
  }
  const terraformManaged = outcomes.filter((o) => o.x.source.origin !== 'implied');
  if (terraformManaged.length > 0) {
    const o = terraformManaged[0];
    const failing = why({ ...ctx, resource: o.x }, details.existenceCondition, false);
    const diffs = dine ? previewRemediation(d, policyCtx, o.x) : [];
    const msg = dine
      ? `${label} can never see ailz's own ${o.x.type} as compliant (${failing.join('; ')}); a remediation would deploy over the Terraform-managed resource${diffs.length ? ` (${describeDifferences(diffs)})` : ''} and Terraform would set it back${ifNote}`
      : `non-compliant with ${label}: ailz's own ${o.x.type} fails the existence condition (${failing.join('; ')})${ifNote}`;
    return [resultFor(a, m, effect, r, dine ? 'impossible' : 'not-compliant', dine && ifResult === true ? 'error' : 'warning', msg, { related: o.x.source.address, failing, differences: diffs }, subjectOf(o.x))];
  }
  // Nothing of the named type from ailz. Extension resources of the same type under another name (a second
  // diagnostic setting on the same resource) are a collision, not an absence.
  const others = rel.extension ? rel.inScope.filter((x) => !rel.named.includes(x) && x.source.origin !== 'implied') : [];
  if (rel.name !== undefined && others.length > 0) {
    const o = others[0];
    const msg = dine
      ? `${label} looks only at the ${rel.type} named "${rel.name}", so it never sees ailz's own ${o.type} "${showValue(o.name).replace(/"/g, '')}" (${o.source.stack}/${o.source.address}); its remediation would deploy a second one beside it (for diagnostic settings Azure Monitor refuses a second setting that sends the same categories to the same destination)`
      : `non-compliant with ${label}: it looks only at the ${rel.type} named "${rel.name}", not at ailz's own ${o.source.address}`;
    return [resultFor(a, m, effect, r, dine ? 'impossible' : 'not-compliant', dine && ifResult === true ? 'error' : 'warning', msg, { related: o.source.address, expectedName: rel.name }, subjectOf(o))];
  }
  const what = rel.name !== undefined ? `${rel.type} "${rel.name}"` : rel.type;
  return [resultFor(a, m, effect, r, dine ? 'not-deployed' : 'not-compliant', 'warning',
    dine
      ? `${label}: ailz deploys no ${what} for this resource, so it is non-compliant until a remediation deploys one (the deployment template is not evaluated)${ifNote}`
      : `non-compliant with ${label}: ailz deploys no ${what} for this resource${ifNote}`,
    { relatedType: rel.type, relatedName: rel.name })];
}

function drift(a: PolicyAssignment, m: Member, effect: string, r: ArmResource, ifResult: Tri, ctx: EvalContext): PolicyResult[] {
  const d = m.definition!;
  const details = d.policyRule.then?.details;
  const ops: { operation: string; field: string; value?: unknown; condition?: unknown }[] = effect === 'modify'
    ? (Array.isArray(details?.operations) ? details.operations : [])
    : (Array.isArray(details) ? details.map((x: any) => ({ operation: 'add', field: x.field, value: x.value })) : []);
  const ec: ExpressionContext = {
    now: ctx.now,
    parameter: (n) => {
      const k = Object.keys(ctx.parameters).find((x) => lower(x) === lower(n));
      if (k === undefined) throw new EvaluationError(`parameter '${n}' has no value`);
      return ctx.parameters[k];
    },
    field: (p) => {
      const sel = selectField(r, p);
      return sel.kind === 'scalar' ? (sel.value ?? '') : sel.kind === 'collection' ? sel.values.map((v) => v ?? null) : UNKNOWN;
    },
  };
  const changes: string[] = [];
  try {
    for (const op of ops) {
      if (op.condition !== undefined && evaluateCondition(op.condition, ctx, 'operations.condition').result === false) continue;
      const field = String(evaluateExpression(op.field, ec));
      const sel = selectField(r, field);
      const current = sel.kind === 'scalar' ? sel.value : sel.kind === 'collection' ? sel.values : UNKNOWN;
      const kind = lower(String(op.operation ?? 'addOrReplace'));
      if (kind === 'remove') {
        if (current !== undefined) changes.push(`removes ${field} (Terraform: ${showValue(current)})`);
        continue;
      }
      const next = evaluateDeep(op.value, ec);
      if (isUnknown(current) || isUnknown(next)) {
        changes.push(`may set ${field} to ${showValue(next)} (Terraform: ${showValue(current)})`);
        continue;
      }
      const same = current !== undefined && JSON.stringify(current).toLowerCase() === JSON.stringify(next).toLowerCase();
      if (same) continue;
      if (kind === 'add' && current !== undefined && effect === 'modify') continue;
      changes.push(`sets ${field} to ${showValue(next)} (Terraform: ${showValue(current)})`);
    }
  } catch (e) {
    return [failure(a, m, effect, r, e)];
  }
  if (changes.length === 0) return [];
  const note = ifResult === 'unknown' ? ' (whether it applies is known only after apply)' : '';
  return [resultFor(a, m, effect, r, 'drift', 'warning',
    `${d.displayName} (${d.id}) ${effect === 'modify' ? 'modifies' : 'appends to'} this request under Terraform's feet: ${changes.join('; ')}; the next plan shows the difference as drift${note}`,
    { changes })];
}
