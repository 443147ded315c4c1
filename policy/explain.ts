/**
 * `ailz policy explain`: the evaluation trace of one assignment on one resource, condition by condition.
 */
import { ArmResource, showValue } from '../arm/resource';
import { ArmView } from '../arm/from-terraform';
import { exemptionFor, pulledAssignments, selectorsMatch, terraformAssignments, terraformExemptions } from './assignments';
import { TraceNode, evaluateCondition } from './conditions';
import { DefinitionStore } from './definitions';
import { contextFor, effectOf, membersOf, modeApplies, related, scopeTreeFor } from './simulate';
import { PolicyAssignment } from './types';
import { isAtOrBelow } from '../arm/resource';

export class ExplainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExplainError';
  }
}

function render(t: TraceNode | undefined, depth: number, lines: string[]): void {
  if (!t) return;
  const mark = t.result === true ? 'true   ' : t.result === false ? 'false  ' : 'unknown';
  lines.push(`${'  '.repeat(depth)}${mark} ${t.path}  ${t.text}`);
  for (const c of t.children ?? []) render(c, depth + 1, lines);
}

/** The trace, as lines of text. */
export function explain(view: ArmView, store: DefinitionStore, assignmentName: string, stack: string, address: string, today: string): string[] {
  const own = terraformAssignments(view);
  const all = [...own, ...pulledAssignments(store.assignments, own)];
  const matches = all.filter((a) => a.name === assignmentName);
  if (matches.length === 0) {
    throw new ExplainError(`no assignment named "${assignmentName}" (known: ${[...new Set(all.map((a) => a.name))].sort().join(', ')})`);
  }
  const resources = view.of(stack, address);
  if (resources.length === 0) {
    const known = view.world.stacks.get(stack);
    if (!known) throw new ExplainError(`no stack "${stack}" (known: ${[...view.world.stacks.keys()].sort().join(', ')})`);
    const ns = view.notSimulated.find((n) => n.stack === stack && n.address === address);
    if (ns) throw new ExplainError(`${stack}/${address} is not simulated: ${ns.reason}`);
    throw new ExplainError(`no resource ${stack}/${address} with an ARM request in this output`);
  }
  const tree = scopeTreeFor(view, store, all);
  const exemptions = terraformExemptions(view, all);
  const now = `${today}T00:00:00Z`;
  const lines: string[] = [];
  for (const a of matches) explainOne(view, store, tree, exemptions, a, resources, today, now, lines);
  return lines;
}

function explainOne(
  view: ArmView, store: DefinitionStore, tree: ReturnType<typeof scopeTreeFor>, exemptions: ReturnType<typeof terraformExemptions>,
  a: PolicyAssignment, resources: readonly ArmResource[], today: string, now: string, lines: string[],
): void {
  lines.push(`assignment ${a.name} at ${a.scope}${a.enforced ? '' : ' (DoNotEnforce)'} -> ${a.policyDefinitionId}`);
  for (const m of membersOf(a, store, now)) {
    if (!m.definition) {
      lines.push(`  cannot evaluate: ${m.problem}`);
      continue;
    }
    const d = m.definition;
    let effect: string;
    try {
      effect = effectOf(a, m, now);
    } catch (e) {
      lines.push(`  cannot evaluate the effect: ${(e as Error).message}`);
      continue;
    }
    lines.push(`  definition ${d.displayName} (${d.id}${d.version ? ` v${d.version}` : ''}), mode ${d.mode ?? 'Indexed'}, effect ${effect}${m.referenceId ? `, member ${m.referenceId}` : ''}`);
    lines.push(`  parameters ${showValue(m.parameters)}`);
    for (const r of resources) {
      lines.push(`  resource ${r.type} ${showValue(r.id)} (api-version ${showValue(r.apiVersion)})`);
      const anc = tree.ancestorsOf(r);
      if (!anc.includes(a.scope)) {
        lines.push(`    not in scope: the resource's scopes are ${anc.join(', ')}`);
        continue;
      }
      const ns = a.notScopes.find((s) => isAtOrBelow(r.scopeId, s) || anc.includes(s));
      if (ns) {
        lines.push(`    excluded by notScopes entry ${ns}`);
        continue;
      }
      if (!selectorsMatch(a, r)) {
        lines.push('    not selected by the assignment\'s resourceSelectors');
        continue;
      }
      const applies = modeApplies(d.mode, r);
      if (applies === false) {
        lines.push(`    mode ${d.mode ?? 'Indexed'} does not evaluate ${r.type}`);
        continue;
      }
      if (applies !== true) {
        lines.push(`    not simulated: ${applies.component}`);
        continue;
      }
      const ex = exemptionFor(exemptions, tree, a, r, m.referenceId, today);
      if (ex) {
        lines.push(`    exempt: ${ex.name} (${ex.category}${ex.expiresOn ? `, until ${ex.expiresOn}` : ''}) at ${ex.scope}`);
        continue;
      }
      try {
        const out = evaluateCondition(d.policyRule.if, contextFor(view, a, m, r, now, true));
        render(out.trace, 2, lines);
        lines.push(`    => if is ${out.result}: ${out.result === false ? 'not applicable' : `effect ${effect}`}`);
        const ec = d.policyRule.then?.details?.existenceCondition;
        if (out.result !== false && ec && (effect === 'auditifnotexists' || effect === 'deployifnotexists')) {
          lines.push(`    existence condition on related ${String(d.policyRule.then.details.type)}${d.policyRule.then.details.name ? ` named ${String(d.policyRule.then.details.name)}` : ''}:`);
          const candidates = related(view, contextFor(view, a, m, r, now, false), d.policyRule.then.details, r).named;
          if (candidates.length === 0) lines.push('      ailz deploys none');
          for (const c of candidates) {
            lines.push(`      ${c.source.stack}/${c.source.address} (${showValue(c.name)})`);
            try {
              const o = evaluateCondition(ec, { ...contextFor(view, a, m, r, now, true), resource: c }, 'existenceCondition');
              render(o.trace, 4, lines);
            } catch (e) {
              lines.push(`        cannot evaluate: ${(e as Error).message}`);
            }
          }
        }
      } catch (e) {
        lines.push(`    cannot evaluate: ${(e as Error).message}`);
      }
    }
  }
}
