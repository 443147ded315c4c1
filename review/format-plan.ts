/** `ailz review-plan` output: text, markdown (a pull-request comment), json and SARIF 2.1.0. */
import { formatFindings } from '../guardrails/format';
import type { Finding } from '../guardrails/types';
import { CATEGORY_TITLES } from './classify';
import { roleAssignmentText, showValue } from './describe';
import {
  ACTION_SIGN, attributeChangeItem, byCategory, changeLines, FINDING_TABLE_HEAD, findingRow, findingText, footerSections, securitySections, securityText,
} from './format-common';
import { FINDINGS_SCHEMA_VERSION, findingCounts, toJsonFinding } from './json-shape';
import { cell, code, MdSection, renderWithinLimit } from './markdown';
import type { PlanReport } from './plan-report';

export const PLAN_FORMATS = ['text', 'markdown', 'json', 'sarif'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

const countsText = (r: PlanReport) =>
  `${r.counts.create} to create, ${r.counts.update} to update, ${r.counts.replace} to replace, ${r.counts.delete} to destroy${r.counts.forget ? `, ${r.counts.forget} to forget (kept in Azure)` : ''}${r.counts.import ? `, ${r.counts.import} to import` : ''}, ${r.counts.unchanged} unchanged`;

function text(r: PlanReport): string {
  const sum = findingCounts(r.findings);
  const lines = [`ailz review-plan ${r.file} (stack ${r.stack}, ${r.kind}; plan format ${r.formatVersion}${r.terraformVersion ? `, Terraform ${r.terraformVersion}` : ''}): ${countsText(r)}`];
  const destructive = r.changes.filter((c) => c.action === 'delete' || c.action === 'replace');
  if (destructive.length > 0) {
    lines.push('', `Destroyed or replaced (${destructive.length}):`);
    for (const c of destructive) lines.push(...changeLines(c));
  }
  const forgotten = r.changes.filter((c) => c.action === 'forget');
  if (forgotten.length > 0) {
    lines.push('', `No longer managed, kept in Azure (${forgotten.length}):`);
    for (const c of forgotten) lines.push(...changeLines(c));
  }
  const bookkeeping = (c: (typeof r.changes)[number]) => c.action === 'update' && c.attributes.length === 0 && (c.notes?.length ?? 0) > 0;
  const updated = r.changes.filter((c) => c.action === 'update' && !bookkeeping(c));
  if (updated.length > 0) {
    lines.push('', `Updated in place (${updated.length}):`);
    for (const c of updated) lines.push(...changeLines(c));
  }
  const moves = r.changes.filter(bookkeeping);
  if (moves.length > 0) {
    lines.push('', `Imported or moved, otherwise unchanged (${moves.length}):`);
    for (const c of moves) lines.push(`  ${c.address}`, ...(c.notes ?? []).map((n) => `      note: ${n}`));
  }
  if (r.roleAssignments.length > 0) {
    lines.push('', `Role assignments (${r.roleAssignments.length}):`);
    for (const a of r.roleAssignments) lines.push(`  ${a.action === 'added' ? '+' : '-'} ${a.address}: ${roleAssignmentText(a.view)}`);
  }
  const cats = byCategory(r.security);
  if (cats.length > 0) {
    lines.push('', 'Security-relevant changes:');
    for (const [c, items] of cats) {
      lines.push(`  ${CATEGORY_TITLES[c]} (${items.length}):`);
      for (const i of items) lines.push(`    ${securityText(i)}`);
    }
  }
  if (r.drift.length > 0) {
    lines.push('', `Drift: changed outside Terraform (${r.drift.length}):`);
    for (const d of r.drift) {
      lines.push(`  ${d.address}${d.kind === 'deleted' ? ': deleted outside Terraform' : ''}`);
      for (const a of d.attributes) lines.push(`      ${a.class ? `[${a.class.category}] ` : ''}${a.path}: ${showValue(a.before)} → ${showValue(a.after)}`);
    }
  }
  const section = (title: string, fs: Finding[]) => {
    if (fs.length === 0) return;
    lines.push('', `${title} (${fs.length}):`);
    for (const f of fs) lines.push(`  ${findingText(f)}`);
  };
  section('Errors', r.findings.filter((f) => f.severity === 'error' && !f.suppressed));
  section('Warnings', r.findings.filter((f) => f.severity === 'warning' && !f.suppressed));
  section('Accepted', r.findings.filter((f) => f.suppressed));
  for (const s of r.unmatchedSuppressions) lines.push(`warning: suppression of ${s.rule} for ${s.resource} matches no finding`);
  for (const s of r.unmatchedIntendedRemovals) lines.push(`warning: intended removal of ${s.resource} matches no destroyed or replaced resource`);
  for (const n of r.notes) lines.push(`note: ${n}`);
  lines.push('', `${sum.errors} error(s), ${sum.warnings} warning(s), ${sum.suppressed} accepted`);
  return `${lines.join('\n')}\n`;
}

function markdown(r: PlanReport, limit?: number): string {
  const sum = findingCounts(r.findings);
  const status = sum.errors > 0 ? '❌' : sum.warnings > 0 ? '⚠️' : '✅';
  const sections: MdSection[] = [{
    head: `## ${status} ailz review-plan: ${code(r.stack)}\n\n${code(r.file)}: **${r.counts.create}** to create, **${r.counts.update}** to update, **${r.counts.replace}** to replace, **${r.counts.delete}** to destroy. `
      + `**${sum.errors}** error(s), **${sum.warnings}** warning(s)${sum.suppressed ? `, ${sum.suppressed} accepted` : ''}.\n\n`,
    rows: [],
  }];
  const open = r.findings.filter((f) => !f.suppressed);
  const errors = open.filter((f) => f.severity === 'error');
  if (errors.length > 0) sections.push({ head: `### Errors\n\n${FINDING_TABLE_HEAD}`, rows: errors.map(findingRow), tail: '\n' });
  const destructive = r.changes.filter((c) => c.action === 'delete' || c.action === 'replace');
  if (destructive.length > 0) {
    sections.push({
      head: `### Destroyed or replaced (${destructive.length})\n\n| | Resource | Why |\n| --- | --- | --- |\n`,
      rows: destructive.map((c) => `| ${ACTION_SIGN[c.action]} | ${code(cell(c.address))} | ${cell([...c.replaceReasons, c.summary ?? ''].filter(Boolean).join('; '))} |\n`),
      tail: '\n',
    });
  }
  if (r.roleAssignments.length > 0) {
    sections.push({
      head: `### Role assignments (${r.roleAssignments.length})\n\n| | Role | Principal | Scope | Resource |\n| --- | --- | --- | --- | --- |\n`,
      rows: r.roleAssignments.map((a) => `| ${a.action === 'added' ? '+' : '-'} | ${cell(`${a.view.eligible ? 'PIM-eligible ' : ''}${a.view.role}`)} | ${cell(`${a.view.principalType ? `${a.view.principalType} ` : ''}${a.view.principal}`)} | ${code(cell(a.view.scope))} | ${code(cell(a.address))} |\n`),
      tail: '\n',
    });
  }
  if (r.security.length > 0) {
    sections.push({ head: '### Security-relevant changes\n\n', rows: [] });
    sections.push(...securitySections(r.security, r.security.length <= 30));
  }
  const warnings = open.filter((f) => f.severity === 'warning');
  if (warnings.length > 0) sections.push({ head: `<details><summary><b>Warnings</b> (${warnings.length})</summary>\n\n${FINDING_TABLE_HEAD}`, rows: warnings.map(findingRow), tail: '\n</details>\n\n' });
  const accepted = r.findings.filter((f) => f.suppressed);
  if (accepted.length > 0) sections.push({ head: `<details><summary><b>Accepted</b> (${accepted.length})</summary>\n\n${FINDING_TABLE_HEAD}`, rows: accepted.map(findingRow), tail: '\n</details>\n\n' });
  if (r.drift.length > 0) {
    sections.push({
      head: `<details><summary><b>Drift</b>: changed outside Terraform (${r.drift.length})</summary>\n\n`,
      rows: r.drift.map((d) => `- ${code(d.address)}${d.kind === 'deleted' ? ': deleted outside Terraform' : ''}\n${d.attributes.map((a) => `${attributeChangeItem(a)}\n`).join('')}`),
      tail: '\n</details>\n\n',
    });
  }
  sections.push(...footerSections(r));
  return renderWithinLimit(sections, limit);
}

function evidenceOf(r: PlanReport, f: Finding): Record<string, unknown> | undefined {
  const c = r.changes.find((x) => (x.previousAddress ?? x.address) === f.address || x.address === f.address);
  if (f.rule === 'AILZ-REV-002') {
    const d = r.drift.find((x) => x.address === f.address);
    return d ? { drift: d.kind, attributes: d.attributes.map((a) => ({ path: a.path, before: a.before ?? null, after: a.after ?? null })) } : undefined;
  }
  if (!c) return { source: 'plan' };
  return { source: 'plan', action: c.action, ...(c.replaceReasons.length ? { replaceReasons: c.replaceReasons } : {}), ...(c.actionReason ? { actionReason: c.actionReason } : {}) };
}

function json(r: PlanReport): string {
  const doc = {
    schemaVersion: FINDINGS_SCHEMA_VERSION,
    kind: 'ailz-review-plan',
    plan: { file: r.file, stack: r.stack, stackKind: r.kind, formatVersion: r.formatVersion, terraformVersion: r.terraformVersion ?? null },
    summary: { ...findingCounts(r.findings), ...r.counts, drift: r.drift.length, securityChanges: r.security.length },
    findings: r.findings.map((f) => toJsonFinding(f, evidenceOf(r, f))),
    unmatchedSuppressions: r.unmatchedSuppressions,
    unmatchedIntendedRemovals: r.unmatchedIntendedRemovals,
    changes: r.changes.map((c) => ({
      address: c.address,
      ...(c.previousAddress ? { previousAddress: c.previousAddress } : {}),
      type: c.type,
      ...(c.armType ? { armType: c.armType } : {}),
      action: c.action,
      ...(c.replaceReasons.length ? { replaceReasons: c.replaceReasons } : {}),
      ...(c.actionReason ? { actionReason: c.actionReason } : {}),
      ...(c.notes ? { notes: c.notes } : {}),
      ...(c.category ? { category: c.category } : {}),
      ...(c.summary ? { summary: c.summary } : {}),
      attributes: c.attributes.map((a) => ({ path: a.path, before: shown(a.before), after: shown(a.after), ...(a.class ? { category: a.class.category, label: a.class.label } : {}) })),
    })),
    roleAssignments: r.roleAssignments.map((a) => ({ address: a.address, action: a.action, ...a.view })),
    security: r.security.map((i) => ({ category: i.category, address: i.address, action: i.action, label: i.label, ...(i.path ? { path: i.path, before: shown(i.before), after: shown(i.after) } : {}), ...(i.summary ? { summary: i.summary } : {}) })),
    drift: r.drift.map((d) => ({ address: d.address, type: d.type, kind: d.kind, attributes: d.attributes.map((a) => ({ path: a.path, before: shown(a.before), after: shown(a.after) })) })),
    notes: r.notes,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** JSON values with the unknown and sensitive markers spelled for people. */
function shown(v: unknown): unknown {
  if (v === undefined) return null;
  return JSON.parse(JSON.stringify(v, (_k, x) => (x === '${(known after apply)}' ? '(known after apply)' : x === '${(sensitive value)}' ? '(sensitive)' : x)));
}

/**
 * SARIF through the shared writer (guardrails/format.ts: GitHub's limits, PascalCase rule names, stable
 * fingerprints): each finding placed on its resource's entry in the plan JSON (`resource_changes`, or
 * `resource_drift` for drift), else on the plan file's first character.
 */
function sarif(r: PlanReport, opts: { sarifBase?: string; toolVersion?: string }): string {
  const locate = r.locate ?? (() => undefined);
  const findings = r.findings.map((f) => ({ ...f, location: locate(f.rule === 'AILZ-REV-002' ? 'resource_drift' : 'resource_changes', f.address) ?? { file: r.file, startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 } }));
  return formatFindings({ findings, unmatchedSuppressions: [...r.unmatchedSuppressions] }, 'sarif', { sarifBase: opts.sarifBase, toolVersion: opts.toolVersion });
}

export function formatPlanReport(r: PlanReport, format: PlanFormat, opts: { markdownLimit?: number; sarifBase?: string; toolVersion?: string } = {}): string {
  switch (format) {
    case 'text': return text(r);
    case 'markdown': return markdown(r, opts.markdownLimit);
    case 'json': return json(r);
    case 'sarif': return sarif(r, opts);
  }
}
