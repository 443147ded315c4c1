/** `ailz diff` output: text, markdown (a pull-request comment within GitHub's limit) and json. */
import { CATEGORY_TITLES } from './classify';
import type { DiffReport } from './diff-report';
import { countChanges } from './diff-report';
import {
  byCategory, changeLines, FINDING_CHANGE_HEAD, FINDING_TABLE_HEAD, findingChangeRow, findingChangeText, findingRow,
  findingText, securitySections, securityText, attributeChangeItem, footerSections,
} from './format-common';
import { FindingChange } from './findings-diff';
import { FINDINGS_SCHEMA_VERSION, findingCounts, toJsonFinding } from './json-shape';
import { cell, code, MdSection, renderWithinLimit } from './markdown';

export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

function countsText(c: ReturnType<typeof countChanges>): string {
  return `${c.created} to create, ${c.deleted} to destroy, ${c.replaced} to replace${c.mayReplace ? ` (${c.mayReplace} more may be replaced)` : ''}, ${c.updated} to update${c.forgotten ? `, ${c.forgotten} to forget (kept in Azure)` : ''}`;
}

function text(r: DiffReport): string {
  const lines: string[] = [`ailz diff ${r.baseLabel} → ${r.headLabel}: ${countsText(r.counts)}`];
  const sum = findingCounts(r.findings);
  if (r.findings.length > 0) {
    lines.push('', `Findings this change introduces (${r.findings.length}):`);
    for (const f of r.findings) lines.push(`  ${findingText(f)}`);
  }
  const cats = byCategory(r.security);
  if (cats.length > 0) {
    lines.push('', 'Security-relevant changes:');
    for (const [c, items] of cats) {
      lines.push(`  ${CATEGORY_TITLES[c]} (${items.length}):`);
      for (const i of items) lines.push(`    ${securityText(i)}`);
    }
  }
  for (const s of r.stacks) {
    if (s.changes.length === 0) continue;
    lines.push('', `${s.stack}${s.status === 'added' ? ' (new stack)' : s.status === 'removed' ? ' (stack removed)' : ''}: ${countsText(countChanges(s.changes))}`);
    for (const c of s.changes) lines.push(...changeLines(c));
  }
  const fc = r.findingChanges;
  lines.push('', `Guardrail findings: ${tally(fc)}`);
  for (const c of fc) lines.push(`  ${findingChangeText(c)}`);
  if (r.policyChanges) {
    lines.push('', `Policy simulation: ${tally(r.policyChanges)}`);
    for (const c of r.policyChanges) lines.push(`  ${findingChangeText(c)}`);
  }
  for (const s of r.unmatchedSuppressions) lines.push(`warning: suppression of ${s.rule} for ${s.resource} matches no finding`);
  for (const s of r.unmatchedIntendedRemovals) lines.push(`warning: intended removal of ${s.resource} matches no destroyed or replaced resource`);
  if (r.diagram) lines.push('', 'Diagram (mermaid):', r.diagram.mermaid);
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push('', `${sum.errors} error(s), ${sum.warnings} warning(s), ${sum.suppressed} accepted`);
  return `${lines.join('\n')}\n`;
}

function tally(fc: readonly FindingChange[]): string {
  const n = (k: string) => fc.filter((c) => c.change === k).length;
  return fc.length === 0 ? 'no change' : `${n('appeared')} new, ${n('disappeared')} gone, ${n('changed')} changed`;
}

function markdown(r: DiffReport, limit?: number): string {
  const sum = findingCounts(r.findings);
  const sections: MdSection[] = [];
  const status = sum.errors > 0 ? '❌' : sum.warnings > 0 ? '⚠️' : '✅';
  let head = `## ${status} ailz diff\n\n${code(r.baseLabel)} → ${code(r.headLabel)}: **${r.counts.created}** to create, **${r.counts.deleted}** to destroy, **${r.counts.replaced}** to replace`
    + `${r.counts.mayReplace ? ` (**${r.counts.mayReplace}** may be replaced)` : ''}, **${r.counts.updated}** to update${r.counts.forgotten ? `, **${r.counts.forgotten}** to forget (kept in Azure)` : ''}. `
    + `This change introduces **${sum.errors}** error(s) and **${sum.warnings}** warning(s)${sum.suppressed ? `; ${sum.suppressed} accepted` : ''}.\n\n`;
  const changed = r.stacks.filter((s) => s.changes.length > 0);
  if (changed.length > 0) {
    head += '| Stack | Create | Destroy | Replace | May replace | Update | Security changes |\n| --- | --- | --- | --- | --- | --- | --- |\n';
  }
  sections.push({
    head,
    rows: changed.map((s) => {
      const c = countChanges(s.changes);
      const sec = r.security.filter((i) => i.stack === s.stack).length;
      return `| ${code(s.stack)}${s.status === 'added' ? ' (new)' : s.status === 'removed' ? ' (removed)' : ''} | ${c.created} | ${c.deleted} | ${c.replaced} | ${c.mayReplace} | ${c.updated} | ${sec} |\n`;
    }),
    tail: '\n',
  });
  if (r.findings.length > 0) {
    sections.push({ head: `### Findings this change introduces\n\n${FINDING_TABLE_HEAD}`, rows: r.findings.map(findingRow), tail: '\n' });
  }
  if (r.security.length > 0) {
    sections.push({ head: '### Security-relevant changes\n\n', rows: [], tail: '' });
    sections.push(...securitySections(r.security, r.security.length <= 30));
  }
  if (r.findingChanges.length > 0) {
    sections.push({ head: `<details><summary><b>Guardrail findings</b>: ${tally(r.findingChanges)}</summary>\n\n${FINDING_CHANGE_HEAD}`, rows: r.findingChanges.map(findingChangeRow), tail: '\n</details>\n\n' });
  }
  if (r.policyChanges && r.policyChanges.length > 0) {
    sections.push({ head: `<details><summary><b>Policy simulation</b>: ${tally(r.policyChanges)}</summary>\n\n${FINDING_CHANGE_HEAD}`, rows: r.policyChanges.map(findingChangeRow), tail: '\n</details>\n\n' });
  }
  if (r.diagram) sections.push({ head: `<details><summary><b>What the change touches</b></summary>\n\n\`\`\`mermaid\n${r.diagram.mermaid}\n\`\`\`\n\n</details>\n\n`, rows: [] });
  for (const s of changed) {
    sections.push({
      head: `<details><summary>${code(s.stack)}: ${countsText(countChanges(s.changes))}</summary>\n\n`,
      rows: s.changes.map((c) => {
        const lines = [`- ${c.action === 'update' ? '~' : c.action === 'create' ? '+' : c.action === 'delete' ? '−' : c.action === 'forget' ? '·' : '∓'} ${code(c.address)}${c.previousAddress ? ` (was ${code(c.previousAddress)})` : ''}${c.summary && c.action !== 'update' ? `: ${cell(c.summary)}` : ''}`];
        for (const x of c.replaceReasons) lines.push(`  - replaced: ${cell(x)}`);
        for (const x of c.notes ?? []) lines.push(`  - note: ${cell(x)}`);
        for (const m of c.mayReplace) lines.push(`  - may replace: ${code(m.path)}: ${cell(m.when)} (${cell(m.source)})`);
        for (const a of c.attributes) lines.push(attributeChangeItem(a));
        return `${lines.join('\n')}\n`;
      }),
      tail: '\n</details>\n\n',
    });
  }
  sections.push(...footerSections(r));
  return renderWithinLimit(sections, limit);
}

function json(r: DiffReport): string {
  const change = (c: FindingChange) => ({
    change: c.change,
    ...(c.before ? { before: toJsonFinding(c.before) } : {}),
    ...(c.after ? { after: toJsonFinding(c.after) } : {}),
  });
  const introduced = new Map(r.findingChanges.filter((c) => c.after).map((c) => [c.after!, c]));
  const doc = {
    schemaVersion: FINDINGS_SCHEMA_VERSION,
    kind: 'ailz-diff',
    base: r.baseLabel,
    head: r.headLabel,
    summary: { ...findingCounts(r.findings), ...r.counts, securityChanges: r.security.length },
    findings: r.findings.map((f) => {
      const c = introduced.get(f);
      if (c) return toJsonFinding(f, { change: c.change, ...(c.before ? { before: { severity: c.before.severity, message: c.before.message } } : {}) });
      const rc = r.stacks.flatMap((s) => s.changes).find((x) => x.stack === f.stack && (x.previousAddress ?? x.address) === f.address);
      return toJsonFinding(f, rc ? { action: rc.action, replaceReasons: rc.replaceReasons, ...(rc.previousAddress ? { newAddress: rc.address } : {}) } : undefined);
    }),
    unmatchedSuppressions: r.unmatchedSuppressions,
    unmatchedIntendedRemovals: r.unmatchedIntendedRemovals,
    stacks: r.stacks.filter((s) => s.changes.length > 0).map((s) => ({
      stack: s.stack,
      status: s.status,
      changes: s.changes.map((c) => ({
        address: c.address,
        ...(c.previousAddress ? { previousAddress: c.previousAddress } : {}),
        type: c.type,
        ...(c.armType ? { armType: c.armType } : {}),
        action: c.action,
        ...(c.replaceReasons.length ? { replaceReasons: c.replaceReasons } : {}),
        ...(c.mayReplace.length ? { mayReplace: c.mayReplace } : {}),
        ...(c.category ? { category: c.category } : {}),
        ...(c.summary ? { summary: c.summary } : {}),
        ...(c.notes ? { notes: c.notes } : {}),
        attributes: c.attributes.map((a) => ({ path: a.path, before: a.before ?? null, after: a.after ?? null, ...(a.class ? { category: a.class.category, label: a.class.label } : {}) })),
      })),
    })),
    security: r.security.map((i) => ({ category: i.category, stack: i.stack, address: i.address, action: i.action, label: i.label, ...(i.path ? { path: i.path, before: i.before ?? null, after: i.after ?? null } : {}), ...(i.summary ? { summary: i.summary } : {}) })),
    findingChanges: r.findingChanges.map(change),
    policyChanges: r.policyChanges ? r.policyChanges.map(change) : null,
    diagram: r.diagram ? { mermaid: r.diagram.mermaid } : null,
    notes: r.notes,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

export function formatDiff(r: DiffReport, format: DiffFormat, opts: { markdownLimit?: number } = {}): string {
  switch (format) {
    case 'text': return text(r);
    case 'markdown': return markdown(r, opts.markdownLimit);
    case 'json': return json(r);
  }
}
