/**
 * The assessment report in four formats: "what's there, what's at risk, how to fix it".
 * - json: the shared finding shape (schemaVersion, rule, severity, stack, resourceId, message, evidence, fix)
 *   plus summary, inventory, coverage; the input of `--baseline`.
 * - markdown: for tickets.
 * - sarif: results carry the resource ID as a logical location. GitHub code scanning shows only results
 *   with a file location, so SARIF of a live tenant is for other consumers (Defender for DevOps, SIEMs,
 *   sarif viewers); the run says so in its properties.
 * - html: one self-contained file (inline CSS, no script, no external asset), readable offline and printable.
 */
import { AssessReport, InventoryItem, ruleInfo } from './assess';
import { LiveFinding } from './model';

export const ASSESS_FORMATS = ['html', 'markdown', 'json', 'sarif'] as const;
export type AssessFormat = (typeof ASSESS_FORMATS)[number];

export function formatReport(r: AssessReport, format: AssessFormat): string {
  return [...reportChunks(r, format)].join('');
}

/**
 * The report as consecutive pieces of text (their concatenation is `formatReport`): the JSON of a tenant of
 * 50,000 resources is ~70 MB, which is written piece by piece instead of held as one string.
 */
export function reportChunks(r: AssessReport, format: AssessFormat): Iterable<string> {
  switch (format) {
    case 'json': return jsonChunks(r);
    case 'markdown': return [markdown(r)];
    case 'sarif': return [sarif(r)];
    case 'html': return [html(r)];
    default: throw new Error(`unknown format ${format as string}`);
  }
}

/**
 * Exactly `JSON.stringify(value, null, 2)` plus a newline, as pieces: one per element of the top-level
 * object's arrays (findings, inventory), each stringified on its own and indented to its depth.
 */
export function* jsonChunks(value: object): Generator<string> {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  if (entries.length === 0) {
    yield '{}\n';
    return;
  }
  yield '{';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i];
    yield `${i ? ',' : ''}\n  ${JSON.stringify(k)}: `;
    if (Array.isArray(v) && v.length > 0) {
      yield '[';
      for (let j = 0; j < v.length; j++) {
        // JSON.stringify writes null for undefined or function elements.
        const el = v[j] === undefined || typeof v[j] === 'function' ? null : v[j];
        yield `${j ? ',' : ''}\n    ${JSON.stringify(el, null, 2).replace(/\n/g, '\n    ')}`;
      }
      yield '\n  ]';
    } else {
      yield JSON.stringify(v, null, 2).replace(/\n/g, '\n  ');
    }
  }
  yield '\n}\n';
}

const scopeText = (r: AssessReport) => (r.scope.managementGroups?.length ? `management group ${r.scope.managementGroups.join(', ')}`
  : r.scope.subscriptions?.length ? `subscription${r.scope.subscriptions.length > 1 ? 's' : ''} ${r.scope.subscriptions.join(', ')}` : 'every subscription the caller can see');

const short = (id: string) => {
  const parts = id.split('/');
  return parts.length > 4 ? parts.slice(-2).join('/') : id;
};

const evidenceText = (f: LiveFinding) => (f.evidence ? `${f.evidence.property} = ${JSON.stringify(f.evidence.value)}${f.evidence.expected ? ` (expected ${f.evidence.expected})` : ''}` : '');

// ---------- markdown ----------
const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function markdown(r: AssessReport): string {
  const s = r.summary;
  const lines = [
    '## ailz assess',
    '',
    `Tenant \`${r.tenantId}\` (${r.cloud}), ${scopeText(r)}, read ${r.readAt}; model lifecycle judged as of ${r.asOf}.`,
    '',
    `**${s.errors}** error(s), **${s.warnings}** warning(s)${s.new !== undefined ? ` new since the baseline, **${s.resolved}** resolved` : ''}. `
      + `${s.aiResources} AI resources (${s.inventoried} with their dependencies) in ${s.subscriptionsSeen} subscriptions; `
      + `${s.shadowAi} outside the landing zone; ${s.standingAdmins} standing and ${s.eligibleAdmins} eligible privileged assignments; `
      + `${s.subscriptionsUnreadable} subscription(s) could not be read.`,
    '',
  ];
  if (r.findings.length) {
    lines.push('### What is at risk', '', '| Severity | Rule | Resource | Finding | Evidence | Fix |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of r.findings) lines.push(`| ${f.severity} | ${f.rule} | \`${cell(f.resourceId)}\` | ${cell(f.message)} | ${cell(evidenceText(f))} | \`${cell(f.fix)}\` |`);
    lines.push('');
  }
  if (r.resolved?.length) {
    lines.push('### Resolved since the baseline', '');
    for (const f of r.resolved) lines.push(`- ${f.rule} \`${cell(f.resourceId)}\`: ${cell(f.message)}`);
    lines.push('');
  }
  lines.push('### What is there', '', '| Subscription | Resource | Kind | Region | Management groups | Public access | Owner |', '| --- | --- | --- | --- | --- | --- | --- |');
  for (const i of r.inventory) {
    lines.push(`| ${cell(i.subscriptionName || i.subscriptionId)} | \`${cell(i.name)}\` | ${cell(i.label)} | ${i.location} | ${cell(i.managementGroups.join(' < '))} | ${i.publicNetworkAccess ?? ''} | ${cell(Object.entries(i.owner).map(([k, v]) => `${k}: ${v}`).join(', '))} |`);
  }
  lines.push('');
  if (r.coverage.length) {
    lines.push('### Not checked', '');
    for (const c of r.coverage) lines.push(`- ${cell(c)}`);
    lines.push('');
  }
  return lines.join('\n');
}

// ---------- sarif ----------
function sarif(r: AssessReport): string {
  const ids = [...new Set([...r.findings, ...(r.resolved ?? [])].map((f) => f.rule))].sort();
  const index = new Map(ids.map((id, i) => [id, i]));
  const doc = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'ailz assess',
          informationUri: 'https://github.com/ailz/ailz',
          rules: ids.map((id) => {
            const m = ruleInfo(id);
            return { id, name: id.replace(/-/g, ''), shortDescription: { text: m.title }, fullDescription: { text: m.rationale }, help: { text: `Fix: ${m.remediation}` }, defaultConfiguration: { level: m.severity }, properties: { tags: ['security', m.area, 'live'] } };
          }),
        },
      },
      properties: {
        tenantId: r.tenantId,
        scope: r.scope,
        note: 'Results locate Azure resources (logicalLocations), not files: GitHub code scanning shows only results with a file location, so this SARIF is for other consumers.',
      },
      results: r.findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: index.get(f.rule),
        level: f.severity,
        message: { text: `${f.message}${f.evidence ? ` [${evidenceText(f)}]` : ''} (fix: ${f.fix})` },
        locations: [{ logicalLocations: [{ fullyQualifiedName: f.resourceId, kind: 'resource' }] }],
        partialFingerprints: { ailzFinding: `${f.rule}|${f.resourceId.toLowerCase()}|${f.evidence?.property ?? ''}` },
        properties: { resourceId: f.resourceId, stack: f.stack, ...(f.evidence ? { evidence: f.evidence } : {}) },
      })),
    }],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

// ---------- html ----------
const esc = (s: unknown) => String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CSS = `
:root{--err:#b42318;--warn:#b54708;--ok:#067647;--ink:#1d2939;--mute:#667085;--line:#e4e7ec;--bg:#f9fafb}
*{box-sizing:border-box}body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);margin:0;background:#fff}
header{padding:24px 32px;border-bottom:1px solid var(--line);background:var(--bg)}h1{margin:0 0 4px;font-size:22px}h2{font-size:18px;margin:28px 0 10px}
main{padding:0 32px 32px}.meta{color:var(--mute)}.cards{display:flex;flex-wrap:wrap;gap:12px;margin:18px 0}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:140px;background:#fff}.card b{display:block;font-size:24px}
.card.err b{color:var(--err)}.card.warn b{color:var(--warn)}
table{border-collapse:collapse;width:100%;margin:6px 0 14px}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f2f4f7;padding:1px 4px;border-radius:4px;word-break:break-all}
.finding{border:1px solid var(--line);border-left:4px solid var(--warn);border-radius:6px;padding:10px 14px;margin:8px 0;break-inside:avoid}
.finding.error{border-left-color:var(--err)}.finding h3{margin:0 0 4px;font-size:14px}.sev{font-weight:700;text-transform:uppercase;font-size:11px;letter-spacing:.04em}
.sev.error{color:var(--err)}.sev.warning{color:var(--warn)}.res{color:var(--mute);word-break:break-all}dl{margin:6px 0 0;display:grid;grid-template-columns:max-content 1fr;gap:2px 10px}dt{color:var(--mute)}dd{margin:0}
.pill{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;background:#f2f4f7}.pill.out{background:#fef3f2;color:var(--err)}.pill.in{background:#ecfdf3;color:var(--ok)}
footer{color:var(--mute);padding:16px 32px;border-top:1px solid var(--line)}
@media print{header{background:none}.finding,tr{break-inside:avoid}a{color:inherit}main{padding:0 8mm}header,footer{padding:8mm}}
`;

function htmlFinding(f: LiveFinding): string {
  return `<div class="finding ${f.severity}"><h3><span class="sev ${f.severity}">${f.severity}</span> ${esc(f.rule)} — ${esc(f.title)}</h3>
<div class="res">${esc(f.resourceId)}</div><p>${esc(f.message)}</p><dl>${f.evidence ? `<dt>Evidence</dt><dd><code>${esc(f.evidence.property)}</code> = <code>${esc(JSON.stringify(f.evidence.value))}</code>${f.evidence.expected ? ` (expected ${esc(f.evidence.expected)})` : ''}</dd>` : ''}
<dt>Fix</dt><dd><code>${esc(f.fix)}</code></dd></dl></div>`;
}

function inventoryRows(items: readonly InventoryItem[]): string {
  return items.map((i) => `<tr><td>${esc(i.name)}${i.deployments?.length ? `<br><span class="meta">${i.deployments.map(esc).join('<br>')}</span>` : ''}</td><td>${esc(i.label)}</td><td>${esc(i.location)}</td><td>${esc(i.resourceGroup)}</td>`
    + `<td>${esc(i.managementGroups.join(' < '))}</td><td>${i.inLandingZone === undefined ? '' : i.inLandingZone ? '<span class="pill in">landing zone</span>' : '<span class="pill out">outside</span>'}</td>`
    + `<td>${esc(i.publicNetworkAccess ?? '')}</td><td>${esc(Object.entries(i.owner).map(([k, v]) => `${k}: ${v}`).join(', '))}</td></tr>`).join('\n');
}

function html(r: AssessReport): string {
  const s = r.summary;
  const bySub = new Map<string, InventoryItem[]>();
  for (const i of r.inventory) {
    const k = `${i.subscriptionName || i.subscriptionId} (${i.subscriptionId})`;
    bySub.set(k, [...(bySub.get(k) ?? []), i]);
  }
  const card = (n: number, label: string, cls = '') => `<div class="card ${cls}"><b>${n}</b>${esc(label)}</div>`;
  const errors = r.findings.filter((f) => f.severity === 'error');
  const warnings = r.findings.filter((f) => f.severity === 'warning');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>ailz assess: ${esc(r.tenantId)}</title><style>${CSS}</style></head>
<body><header><h1>AI landing zone assessment</h1>
<div class="meta">Tenant <code>${esc(r.tenantId)}</code> · ${esc(r.cloud)} · ${esc(scopeText(r))} · read ${esc(r.readAt)} · models judged as of ${esc(r.asOf)}</div>
<div class="cards" id="summary">${card(s.errors, s.new !== undefined ? 'new errors' : 'errors', 'err')}${card(s.warnings, s.new !== undefined ? 'new warnings' : 'warnings', 'warn')}${s.resolved !== undefined ? card(s.resolved, 'resolved') : ''}
${card(s.aiResources, 'AI resources')}${card(s.shadowAi, 'outside the landing zone', s.shadowAi ? 'warn' : '')}${card(s.standingAdmins, 'standing admins', s.standingAdmins ? 'err' : '')}${card(s.eligibleAdmins, 'eligible admins')}
${card(s.subscriptionsSeen, 'subscriptions read')}${card(s.subscriptionsUnreadable, 'subscriptions unreadable', s.subscriptionsUnreadable ? 'err' : '')}</div></header>
<main>
<h2 id="risk">What is at risk</h2>
${r.findings.length === 0 ? '<p>No findings.</p>' : ''}${errors.length ? `<h3>Errors (${errors.length})</h3>\n${errors.map(htmlFinding).join('\n')}` : ''}
${warnings.length ? `<h3>Warnings (${warnings.length})</h3>\n${warnings.map(htmlFinding).join('\n')}` : ''}
${r.resolved?.length ? `<h2 id="resolved">Resolved since the baseline (${r.resolved.length})</h2>\n<ul>${r.resolved.map((f) => `<li>${esc(f.rule)} <code>${esc(short(f.resourceId))}</code>: ${esc(f.message)}</li>`).join('')}</ul>` : ''}
<h2 id="inventory">What is there</h2>
${[...bySub].map(([sub, items]) => `<h3>${esc(sub)}</h3><table><thead><tr><th>Resource</th><th>Kind</th><th>Region</th><th>Resource group</th><th>Management groups</th><th></th><th>Public access</th><th>Owner</th></tr></thead><tbody>\n${inventoryRows(items)}\n</tbody></table>`).join('\n')}
${r.subscriptions.unreadable.length ? `<h2 id="unreadable">Subscriptions that could not be read</h2><ul>${r.subscriptions.unreadable.map((u) => `<li><code>${esc(u.subscriptionId)}</code> ${esc(u.displayName ?? '')}: ${esc(u.reason)}</li>`).join('')}</ul>` : ''}
${r.coverage.length ? `<h2 id="coverage">Not checked</h2><ul>${r.coverage.map((c) => `<li>${esc(c)}</li>`).join('')}</ul>` : ''}
</main><footer>ailz assess · rule IDs are listed by <code>ailz rules</code> · read-only: nothing in the tenant was changed</footer></body></html>
`;
}
