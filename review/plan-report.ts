/**
 * Assembles `ailz review-plan`: the deletes and replaces of a Terraform plan (protected resources are
 * errors unless intended), role assignments added and removed, exposure changes, the guardrails judged
 * on the planned values (unknown-after-apply values reported as unknown), the policy simulation when
 * this build has one, and drift.
 */
import { indexDocument } from '../guardrails/document';
import { evaluate } from '../guardrails/evaluate';
import type { Finding, SourceRegion, StackKind, Suppression, TerraformDocument } from '../guardrails/types';
import { planDocument, PlanResourceView } from '../plan/document';
import { changeKind, keepsOld, TerraformPlan } from '../plan/read';
import { Action, attributeChanges, AttributeChange, makeChange, ResourceChange, SecurityItem, securityItems } from './changes';
import { RoleAssignmentView, roleAssignmentView } from './describe';
import { IntendedRemoval, protectedRemovalFindings } from './protected';
import { PolicySimulation } from './seams';
import { DRIFT_RULE } from './rules';

export interface PlanReviewOptions {
  readonly stack: string;
  readonly kind?: StackKind;
  readonly suppressions?: readonly Suppression[];
  readonly intendedRemovals?: readonly IntendedRemoval[];
  /** A synth output with the governance stack: its assignments feed the policy simulation, its stacks the cross-stack guardrails. */
  readonly governance?: readonly TerraformDocument[];
  readonly policy?: PolicySimulation;
  /** Why there is no policy simulation, when there is none. */
  readonly policyMissing?: string;
  /** YYYY-MM-DD for date-dependent rules (model lifecycle); default today. */
  readonly asOf?: string;
  /** See PlanReport.locate. */
  readonly locate?: (section: string, address: string) => SourceRegion | undefined;
}

export interface PlanCounts {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
  readonly replace: number;
  /** Dropped from the state, kept in Azure. */
  readonly forget: number;
  /** Existing resources an import block adopts (counted with their action as well). */
  readonly import: number;
  readonly unchanged: number;
}

export interface RoleAssignmentChange {
  readonly address: string;
  readonly action: 'added' | 'removed';
  readonly view: RoleAssignmentView;
}

export interface DriftItem {
  readonly address: string;
  readonly type: string;
  /** `deleted` when the resource is gone outside Terraform. */
  readonly kind: 'changed' | 'deleted';
  readonly attributes: readonly AttributeChange[];
}

export interface PlanReport {
  readonly file: string;
  readonly stack: string;
  readonly kind: StackKind;
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  readonly counts: PlanCounts;
  readonly changes: readonly ResourceChange[];
  readonly security: readonly SecurityItem[];
  readonly roleAssignments: readonly RoleAssignmentChange[];
  readonly drift: readonly DriftItem[];
  /** Protected removals, guardrail and policy findings on the planned values, drift: what `--fail-on` judges. */
  readonly findings: readonly Finding[];
  readonly unmatchedSuppressions: readonly Suppression[];
  readonly unmatchedIntendedRemovals: readonly IntendedRemoval[];
  readonly notes: readonly string[];
  /** Where an address's entry sits in the plan file (`section` is `resource_changes` or `resource_drift`), for SARIF. */
  readonly locate?: (section: string, address: string) => SourceRegion | undefined;
}

const ACTION_OF: Partial<Record<ReturnType<typeof changeKind>, Action>> = { create: 'create', delete: 'delete', replace: 'replace', update: 'update', forget: 'forget' };

/** `["network_rules", 0, "default_action"]` -> `network_rules[0].default_action`. */
function pathText(p: readonly (string | number)[]): string {
  return p.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function changeOf(stack: string, v: PlanResourceView): ResourceChange | undefined {
  const action = ACTION_OF[changeKind(v.change.actions)];
  const notes: string[] = [];
  if (v.change.importingId) notes.push(`imports the existing ${v.change.importingId}`);
  if (v.change.previousAddress) notes.push(`moved from ${v.change.previousAddress}`);
  if (keepsOld(v.change.actions)) notes.push('the old object stays in Azure: Terraform forgets it instead of destroying it');
  if (!action) {
    // A no-op that imports or moves is still worth a line.
    if (notes.length === 0 || v.change.actions.join() !== 'no-op') return undefined;
    return makeChange({ stack, address: v.address, previousAddress: v.change.previousAddress, type: v.change.type, action: 'update', before: v.before, after: v.afterShown, attributes: [], notes });
  }
  const reasons = action === 'replace'
    ? v.change.replacePaths.length > 0 ? v.change.replacePaths.map((p) => `${pathText(p)} forces replacement`) : [v.change.actionReason ? v.change.actionReason.replace(/_/g, ' ') : 'Terraform replaces it']
    : [];
  const order = v.change.actions.join(',') === 'create,delete' ? ' (create before destroy)' : '';
  return makeChange({
    stack, address: v.address, previousAddress: v.change.previousAddress, type: v.change.type, action,
    before: v.before, after: v.afterShown,
    replaceReasons: reasons.map((r, i) => (i === 0 ? `${r}${order}` : r)),
    attributes: action === 'update' || action === 'replace' ? attributeChanges(v.change.type, v.before, v.afterShown) : [],
    actionReason: v.change.actionReason,
    notes,
    keepsOld: keepsOld(v.change.actions),
  });
}

/** Rewrites document addresses (module and indexed resources got safe names) back to Terraform's. */
function realAddresses(findings: Finding[], addresses: ReadonlyMap<string, string>): Finding[] {
  if (addresses.size === 0) return findings;
  const pairs = [...addresses.entries()].sort((a, b) => b[0].length - a[0].length);
  return findings.map((f) => {
    let message = f.message;
    for (const [doc, real] of pairs) if (message.includes(doc)) message = message.split(doc).join(real);
    return { ...f, address: addresses.get(f.address) ?? f.address, message };
  });
}

export function buildPlanReport(plan: TerraformPlan, opts: PlanReviewOptions): PlanReport {
  // The kind is forced only when given; otherwise the guardrails infer it as `check` does.
  const pd = planDocument(plan, { stack: opts.stack, kind: opts.kind });
  const kind = indexDocument(pd.document).kind;
  const notes: string[] = [];

  const counts = { create: 0, update: 0, delete: 0, replace: 0, forget: 0, import: 0, unchanged: 0 };
  const changes: ResourceChange[] = [];
  for (const v of pd.resources) {
    const c = changeOf(opts.stack, v);
    if (!c) {
      counts.unchanged++;
      continue;
    }
    if (v.change.importingId) counts.import++;
    if (v.change.actions.join() === 'no-op') counts.unchanged++;
    else counts[c.action]++;
    changes.push(c);
  }

  const roleAssignments: RoleAssignmentChange[] = [];
  for (const c of changes) {
    const gone = c.action === 'delete' || c.action === 'replace' ? roleAssignmentView(c.type, c.before) : undefined;
    const added = c.action === 'create' || c.action === 'replace' ? roleAssignmentView(c.type, c.after) : undefined;
    if (gone) roleAssignments.push({ address: c.address, action: 'removed', view: gone });
    if (added) roleAssignments.push({ address: c.address, action: 'added', view: added });
  }

  // The guardrails judge the planned state; other stacks of the --governance synth only inform cross-stack rules.
  const others = (opts.governance ?? []).filter((d) => d.stack !== opts.stack);
  const guard = evaluate([pd.document, ...others], { suppressions: [...(opts.suppressions ?? [])], asOf: opts.asOf });
  const guardFindings = realAddresses(guard.findings.filter((f) => f.stack === opts.stack), pd.addresses);
  const unmatchedSuppressions = guard.unmatchedSuppressions.filter((s) => s.resource.startsWith(`${opts.stack}/`));

  let policyFindings: Finding[] = [];
  if (opts.policy) {
    // The planned state under the assignments of the --governance synth output (or of the plan itself, for the governance stack).
    policyFindings = realAddresses(opts.policy([pd.document], opts.governance ?? []).filter((f) => f.stack === opts.stack), pd.addresses);
    if (!opts.governance) notes.push('policy simulation: only the assignments in the plan itself were simulated (give --governance DIR, a synth output, for the landing zone\'s assignments)');
  } else {
    notes.push(`policy simulation: not run (${opts.policyMissing ?? 'no Azure Policy simulator given'})`);
  }

  const drift: DriftItem[] = pd.drift.map((d) => {
    const deleted = d.after === undefined || changeKind(d.change.actions) === 'delete';
    return { address: d.address, type: d.change.type, kind: (deleted ? 'deleted' : 'changed') as DriftItem['kind'], attributes: deleted ? [] : attributeChanges(d.change.type, d.before, d.after) };
  }).filter((d) => d.kind === 'deleted' || d.attributes.length > 0);
  const driftFindings: Finding[] = drift.map((d) => {
    const sec = d.attributes.filter((a) => a.class).map((a) => a.path);
    return {
      rule: DRIFT_RULE.id, severity: DRIFT_RULE.severity, stack: opts.stack, address: d.address, area: DRIFT_RULE.area, remediation: DRIFT_RULE.remediation,
      message: d.kind === 'deleted'
        ? 'deleted outside Terraform'
        : `changed outside Terraform: ${d.attributes.map((a) => a.path).join(', ')}${sec.length > 0 ? ` (security-relevant: ${sec.join(', ')})` : ''}`,
    };
  });

  const removals = protectedRemovalFindings(changes, opts.intendedRemovals ?? []);
  return {
    file: plan.file,
    stack: opts.stack,
    kind,
    formatVersion: plan.formatVersion,
    terraformVersion: plan.terraformVersion,
    counts,
    changes,
    security: changes.flatMap(securityItems),
    roleAssignments,
    drift,
    findings: [...removals.findings, ...guardFindings, ...policyFindings, ...driftFindings],
    unmatchedSuppressions,
    unmatchedIntendedRemovals: removals.unmatched.filter((r) => r.resource.startsWith(`${opts.stack}/`)),
    notes,
    ...(opts.locate ? { locate: opts.locate } : {}),
  };
}
