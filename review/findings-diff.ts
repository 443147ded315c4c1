/**
 * Guardrail (and policy-simulation) findings that appear, disappear or change between two runs. A
 * finding is identified by rule, stack and address (renamed resources are compared under their new
 * address); several findings of one rule on one resource are told apart by their message.
 */
import type { Finding } from '../guardrails/types';

export type FindingChangeKind = 'appeared' | 'disappeared' | 'changed';

export interface FindingChange {
  readonly change: FindingChangeKind;
  readonly before?: Finding;
  readonly after?: Finding;
}

const keyOf = (f: Finding) => `${f.rule}\u0000${f.stack}\u0000${f.address}`;
const sameVerdict = (a: Finding, b: Finding) =>
  a.severity === b.severity && a.message === b.message && !!a.suppressed === !!b.suppressed;

/**
 * Compares findings; `renames` maps `<stack>\0<base address>` to the head address of a renamed resource.
 * Output order: appeared, changed, disappeared; each by stack, address, rule.
 */
export function compareFindings(base: readonly Finding[], head: readonly Finding[], renames: ReadonlyMap<string, string> = new Map()): FindingChange[] {
  const groups = new Map<string, { b: Finding[]; h: Finding[] }>();
  const group = (k: string) => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { b: [], h: [] }));
    return g;
  };
  for (const f of base) {
    const to = renames.get(`${f.stack}\u0000${f.address}`);
    group(keyOf(to ? { ...f, address: to } : f)).b.push(f);
  }
  for (const f of head) group(keyOf(f)).h.push(f);

  const out: FindingChange[] = [];
  for (const { b, h } of groups.values()) {
    const left = [...b];
    const right: Finding[] = [];
    for (const f of h) {
      const i = left.findIndex((x) => sameVerdict(x, f));
      if (i >= 0) left.splice(i, 1);
      else right.push(f);
    }
    // Same message with a new severity or suppression state first, then anything left in order.
    for (let i = right.length - 1; i >= 0; i--) {
      const j = left.findIndex((x) => x.message === right[i].message);
      if (j >= 0) {
        out.push({ change: 'changed', before: left[j], after: right[i] });
        left.splice(j, 1);
        right.splice(i, 1);
      }
    }
    while (left.length > 0 && right.length > 0) out.push({ change: 'changed', before: left.shift()!, after: right.shift()! });
    for (const f of left) out.push({ change: 'disappeared', before: f });
    for (const f of right) out.push({ change: 'appeared', after: f });
  }
  const rank: Record<FindingChangeKind, number> = { appeared: 0, changed: 1, disappeared: 2 };
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  out.sort((x, y) => {
    const a = (x.after ?? x.before)!;
    const c = (y.after ?? y.before)!;
    return rank[x.change] - rank[y.change] || cmp(a.stack, c.stack) || cmp(a.address, c.address) || cmp(a.rule, c.rule) || cmp(a.message, c.message);
  });
  return out;
}

/** The findings a change introduces or makes worse: what `--fail-on` judges. */
export function introducedFindings(changes: readonly FindingChange[]): Finding[] {
  const rank = (f?: Finding) => (!f || f.suppressed ? 0 : f.severity === 'error' ? 2 : 1);
  return changes.filter((c) => c.change === 'appeared' || (c.change === 'changed' && rank(c.after) > rank(c.before))).map((c) => c.after!);
}
