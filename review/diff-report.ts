/**
 * Assembles `ailz diff`: the resource changes of every stack, the security-relevant ones by category,
 * protected resources destroyed or replaced, and the guardrail (and policy-simulation) findings that
 * appear, disappear or change.
 */
import { evaluate } from '../guardrails/evaluate';
import type { Finding, Suppression, TerraformDocument } from '../guardrails/types';
import { ResourceChange, SecurityItem, securityItems } from './changes';
import { diffDocuments, StackDiff } from './diff';
import { compareFindings, FindingChange, introducedFindings } from './findings-diff';
import { IntendedRemoval, protectedRemovalFindings } from './protected';
import { ChangeDiagram, diagramOfChange, DiagramOfChange, PolicySimulation } from './seams';

export interface DiffOptions {
  /** Suppressions of the head config (and of the base config, which defaults to the head's). */
  readonly suppressions?: readonly Suppression[];
  readonly baseSuppressions?: readonly Suppression[];
  readonly intendedRemovals?: readonly IntendedRemoval[];
  readonly policy?: PolicySimulation;
  /** Why there is no policy simulation, when there is none (printed instead of its findings). */
  readonly policyMissing?: string;
  readonly diagram?: DiagramOfChange;
  /** Draw the diagram (default true); the text format, which a terminal cannot render, skips it. */
  readonly drawDiagram?: boolean;
  /** YYYY-MM-DD for date-dependent rules (model lifecycle); default today. */
  readonly asOf?: string;
  /** How each side was obtained, for the report header. */
  readonly baseLabel?: string;
  readonly headLabel?: string;
}

export interface DiffCounts {
  readonly created: number;
  readonly deleted: number;
  readonly replaced: number;
  readonly mayReplace: number;
  readonly updated: number;
  /** Dropped from the state, kept in Azure (`removed` with `destroy = false`). */
  readonly forgotten: number;
}

export interface DiffReport {
  readonly baseLabel: string;
  readonly headLabel: string;
  readonly stacks: readonly StackDiff[];
  readonly counts: DiffCounts;
  readonly security: readonly SecurityItem[];
  /** Protected removals and the findings the change introduces or makes worse: what `--fail-on` judges. */
  readonly findings: readonly Finding[];
  readonly findingChanges: readonly FindingChange[];
  readonly policyChanges: readonly FindingChange[] | undefined;
  readonly unmatchedSuppressions: readonly Suppression[];
  readonly unmatchedIntendedRemovals: readonly IntendedRemoval[];
  readonly diagram: ChangeDiagram | undefined;
  /** Why the policy simulation or the diagram is absent, when it is. */
  readonly notes: readonly string[];
}

export function countChanges(changes: readonly ResourceChange[]): DiffCounts {
  return {
    created: changes.filter((c) => c.action === 'create').length,
    deleted: changes.filter((c) => c.action === 'delete').length,
    replaced: changes.filter((c) => c.action === 'replace').length,
    mayReplace: changes.filter((c) => c.action !== 'replace' && c.mayReplace.length > 0).length,
    updated: changes.filter((c) => c.action === 'update').length,
    forgotten: changes.filter((c) => c.action === 'forget').length,
  };
}

export function buildDiffReport(base: TerraformDocument[], head: TerraformDocument[], opts: DiffOptions = {}): DiffReport {
  const stacks = diffDocuments(base, head);
  const all = stacks.flatMap((s) => s.changes);
  const renames = new Map<string, string>();
  for (const c of all) if (c.previousAddress) renames.set(`${c.stack}\u0000${c.previousAddress}`, c.address);

  // Both sides are judged on the same date: a finding appears because of the change, not the calendar.
  const headResult = evaluate(head, { suppressions: [...(opts.suppressions ?? [])], asOf: opts.asOf });
  const baseResult = evaluate(base, { suppressions: [...(opts.baseSuppressions ?? opts.suppressions ?? [])], asOf: opts.asOf });
  const findingChanges = compareFindings(baseResult.findings, headResult.findings, renames);

  const notes: string[] = [];
  let policyChanges: FindingChange[] | undefined;
  if (opts.policy) {
    // Each side carries its own governance stack: the assignments of the base judge the base, the head's the head.
    policyChanges = compareFindings(opts.policy(base, []), opts.policy(head, []), renames);
  } else {
    notes.push(`policy simulation: not run (${opts.policyMissing ?? 'no Azure Policy simulator given'})`);
  }

  const removals = protectedRemovalFindings(all, opts.intendedRemovals ?? []);
  const findings = [...removals.findings, ...introducedFindings(findingChanges), ...(policyChanges ? introducedFindings(policyChanges) : [])];

  const render = opts.diagram ?? diagramOfChange;
  const bs = new Map(base.map((d) => [d.stack, d]));
  const hs = new Map(head.map((d) => [d.stack, d]));
  const touched = stacks.filter((s) => s.changes.length > 0);
  const draw = opts.drawDiagram !== false;
  if (!draw && touched.length > 0) notes.push('diagram: drawn with --format markdown (or json)');
  const diagram = touched.length === 0 || !draw ? undefined : render({
    stacks: touched.map((s) => ({
      stack: s.stack, base: bs.get(s.stack), head: hs.get(s.stack),
      // A construct id change is the replacement of the resource at its new address (the diagram draws the head).
      changed: s.changes.map((c) => ({ address: c.address, action: c.action })),
    })),
  }, head.filter((d) => !touched.some((s) => s.stack === d.stack)));
  if (draw && touched.length > 0 && !diagram) notes.push('diagram: left out: the change does not fit a diagram GitHub can render beside this report, even summarized (run `ailz diagram --dir HEAD_DIR`)');

  return {
    baseLabel: opts.baseLabel ?? 'base',
    headLabel: opts.headLabel ?? 'head',
    stacks,
    counts: countChanges(all),
    security: all.flatMap(securityItems),
    findings,
    findingChanges,
    policyChanges,
    unmatchedSuppressions: headResult.unmatchedSuppressions,
    unmatchedIntendedRemovals: removals.unmatched,
    diagram,
    notes,
  };
}
