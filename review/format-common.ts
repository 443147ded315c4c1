/** Pieces both review reports print the same way. */
import type { Finding } from '../guardrails/types';
import { Action, AttributeChange, ResourceChange, SecurityItem } from './changes';
import { CATEGORIES, CATEGORY_TITLES, Category } from './classify';
import { showValue } from './describe';
import { FindingChange } from './findings-diff';
import type { IntendedRemoval } from './protected';
import type { Suppression } from '../guardrails/types';
import { cell, code, MdSection } from './markdown';

// Terraform's own symbols (internal/command/format/diff.go); `.` is forget.
export const ACTION_SIGN: Readonly<Record<Action, string>> = { create: '+', delete: '-', replace: '-/+', update: '~', forget: '.' };
export const ACTION_WORD: Readonly<Record<Action, string>> = { create: 'create', delete: 'destroy', replace: 'replace', update: 'update', forget: 'forget' };

export function findingText(f: Finding): string {
  const base = `${f.severity} ${f.rule} ${f.stack}/${f.address} ${f.message} (fix: ${f.remediation})`;
  return f.suppressed ? `${base} [accepted: ${f.suppressed.justification}, expires ${f.suppressed.expires}]` : base;
}

/** One security item as a line: `network ~ stack/address public network access: a → b`. */
export function securityText(i: SecurityItem): string {
  const what = i.path ? `${i.label}: ${i.path} ${showValue(i.before)} → ${showValue(i.after)}` : `${i.label}${i.summary ? `: ${i.summary}` : ''}`;
  return `${ACTION_SIGN[i.action]} ${i.stack}/${i.address} ${what}`;
}

export function byCategory(items: readonly SecurityItem[]): [Category, SecurityItem[]][] {
  return CATEGORIES.map((c) => [c, items.filter((i) => i.category === c)] as [Category, SecurityItem[]]).filter(([, l]) => l.length > 0);
}

/** Lines describing one resource change (text form). */
export function changeLines(c: ResourceChange, indent = '  '): string[] {
  const lines = [`${indent}${ACTION_SIGN[c.action]} ${c.address}${c.previousAddress ? ` (was ${c.previousAddress})` : ''}${c.summary && c.action !== 'update' ? `: ${c.summary}` : ''}`];
  for (const r of c.replaceReasons) lines.push(`${indent}    replaced: ${r}`);
  for (const n of c.notes ?? []) lines.push(`${indent}    note: ${n}`);
  if (c.actionReason) lines.push(`${indent}    reason: ${c.actionReason}`);
  for (const m of c.mayReplace) lines.push(`${indent}    may replace: ${m.path} (${m.when}; ${m.source})`);
  for (const a of c.attributes) {
    lines.push(`${indent}    ${a.class ? `[${a.class.category}] ` : ''}${a.path}: ${showValue(a.before)} → ${showValue(a.after)}`);
  }
  return lines;
}

export function findingChangeText(c: FindingChange): string {
  if (c.change === 'appeared') return `+ ${findingText(c.after!)}`;
  if (c.change === 'disappeared') return `- ${findingText(c.before!)}`;
  const b = c.before!;
  const a = c.after!;
  const sev = b.severity !== a.severity || !!b.suppressed !== !!a.suppressed ? ` (${b.suppressed ? 'accepted' : b.severity} → ${a.suppressed ? 'accepted' : a.severity})` : '';
  return `~ ${findingText(a)}${sev}${b.message !== a.message ? ` [was: ${b.message}]` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Markdown pieces

export function findingRow(f: Finding): string {
  const sup = f.suppressed ? `accepted: ${cell(f.suppressed.justification)} (expires ${f.suppressed.expires})` : '';
  return `| ${f.severity} | ${f.rule} | ${code(cell(`${f.stack}/${f.address}`))} | ${cell(f.message)} | ${cell(f.remediation)} | ${sup} |\n`;
}

export const FINDING_TABLE_HEAD = '| Severity | Rule | Resource | Finding | Fix | Accepted |\n| --- | --- | --- | --- | --- | --- |\n';

export function securityRow(i: SecurityItem): string {
  const what = i.path ? `${cell(i.label)}: ${code(cell(i.path))} ${code(cell(showValue(i.before, 80)))} → ${code(cell(showValue(i.after, 80)))}` : `${cell(i.label)}${i.summary ? `: ${cell(i.summary)}` : ''}`;
  return `| ${ACTION_SIGN[i.action]} | ${code(cell(`${i.stack}/${i.address}`))} | ${what} |\n`;
}

/** Folded per-category sections of security items. */
export function securitySections(items: readonly SecurityItem[], open: boolean): MdSection[] {
  return byCategory(items).map(([c, list]) => ({
    head: `<details${open ? ' open' : ''}><summary><b>${CATEGORY_TITLES[c]}</b> (${list.length})</summary>\n\n| | Resource | Change |\n| --- | --- | --- |\n`,
    rows: list.map(securityRow),
    tail: '\n</details>\n\n',
  }));
}

export function findingChangeRow(c: FindingChange): string {
  const f = (c.after ?? c.before)!;
  const sign = c.change === 'appeared' ? 'new' : c.change === 'disappeared' ? 'gone' : 'changed';
  const sev = c.change === 'changed' && c.before!.severity !== c.after!.severity ? `${c.before!.severity} → ${c.after!.severity}` : f.severity;
  return `| ${sign} | ${sev}${f.suppressed ? ' (accepted)' : ''} | ${f.rule} | ${code(cell(`${f.stack}/${f.address}`))} | ${cell(f.message)} |\n`;
}

export const FINDING_CHANGE_HEAD = '| | Severity | Rule | Resource | Finding |\n| --- | --- | --- | --- | --- |\n';

/** One attribute change as a markdown list item (its security class in bold). */
export function attributeChangeItem(a: AttributeChange): string {
  return `  - ${a.class ? `**${a.class.label}** ` : ''}${code(a.path)}: ${code(cell(showValue(a.before, 80)))} → ${code(cell(showValue(a.after, 80)))}`;
}

/** The closing section of a review comment: unmatched suppressions and intended removals, and notes; none when empty. */
export function footerSections(r: { readonly unmatchedSuppressions: readonly Suppression[]; readonly unmatchedIntendedRemovals: readonly IntendedRemoval[]; readonly notes: readonly string[] }): MdSection[] {
  const foot = [
    ...r.unmatchedSuppressions.map((s) => `- ⚠️ suppression of ${s.rule} for ${code(s.resource)} matches no finding`),
    ...r.unmatchedIntendedRemovals.map((s) => `- ⚠️ intended removal of ${code(s.resource)} matches no destroyed or replaced resource`),
    ...r.notes.map((n) => `- ${n}`),
  ];
  return foot.length > 0 ? [{ head: `${foot.join('\n')}\n`, rows: [] }] : [];
}
