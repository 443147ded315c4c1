/**
 * Public API of the policy simulator (issue 11), for `ailz check --policy`, synth's policy gate, `ailz policy
 * explain`, and later the plan review and the live assessment.
 *
 *   const store = loadDefinitions('.ailz/policy-definitions');       // or the reference catalog file
 *   const { findings, simulation } = simulateDocuments(docs, store, { today: todayUtc() });
 *
 * Layers: `arm/` builds the ARM view (what Azure Policy sees) from Terraform JSON or plans; this module
 * evaluates definitions (`conditions.ts`, `expression.ts`, `fields.ts`), places assignments and exemptions
 * (`assignments.ts`), applies effects (`simulate.ts`, `remediation.ts`) and reports (`report.ts`).
 */
import { TerraformDocument, Finding } from '../guardrails/types';
import { ArmView, buildArmView } from '../arm/from-terraform';
import { TerraformWorld, stackFromTerraformJson } from '../arm/terraform';
import { stackFromPlan } from '../arm/from-plan';
import { DefinitionStore } from './definitions';
import { SimulationResult, simulate } from './simulate';
import { toFindings } from './report';

export { loadDefinitions, loadCatalogFile, loadDefinitionsDirectory, defaultDefinitionsPath, memoryStore, DefinitionsError } from './definitions';
export type { DefinitionStore } from './definitions';
export { simulate } from './simulate';
export type { PolicyResult, SimulationResult, Outcome } from './simulate';
export { POLICY_RULE_FAMILIES, toFindings, ruleIdOf, isPolicyRuleId, familyMeta } from './report';
export { explain, ExplainError } from './explain';
export { evaluateCondition } from './conditions';
export type { PolicyDefinition, PolicyAssignment, PolicyExemption, Tri } from './types';

/** Today's date in UTC (YYYY-MM-DD), for exemption expiry. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The ARM view of synth output documents (`stacks/<stack>/cdk.tf.json`). */
export function armViewOfDocuments(docs: readonly TerraformDocument[]): ArmView {
  return buildArmView(new TerraformWorld(docs.map((d) => stackFromTerraformJson(d.stack, d.json))));
}

/** The ARM view of `terraform show -json` plans, one per stack (with the stack's Terraform JSON when available, see `stackFromPlan`). */
export function armViewOfPlans(plans: readonly { stack: string; json: any; source?: any }[]): ArmView {
  return buildArmView(new TerraformWorld(plans.map((p) => stackFromPlan(p.stack, p.json, p.source))));
}

/** Simulates the assignments of a synth output against its resources; findings in the guardrail shape. */
export function simulateDocuments(docs: readonly TerraformDocument[], store: DefinitionStore, opts: { today: string }): { findings: Finding[]; simulation: SimulationResult; view: ArmView } {
  const view = armViewOfDocuments(docs);
  const simulation = simulate(view, store, { today: opts.today });
  return { findings: toFindings(simulation.results), simulation, view };
}
