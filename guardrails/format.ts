import { EvaluationResult, Finding, RuleMeta } from './types';
import { RULES } from './catalog';
import { LIVE_COUNTERPARTS, LIVE_ONLY_RULES } from './live-rules';
import { POLICY_RULE_FAMILIES, familyMeta } from '../policy/report';

export type FindingsFormat = 'text' | 'json' | 'markdown' | 'sarif';
export type RulesFormat = 'text' | 'json' | 'markdown';
export const FINDINGS_FORMATS: readonly FindingsFormat[] = ['text', 'json', 'markdown', 'sarif'];
export const RULES_FORMATS: readonly RulesFormat[] = ['text', 'json', 'markdown'];

function counts(result: EvaluationResult) {
  const open = result.findings.filter((f) => !f.suppressed);
  return {
    errors: open.filter((f) => f.severity === 'error').length,
    warnings: open.filter((f) => f.severity === 'warning').length,
    suppressed: result.findings.length - open.length,
  };
}

/** `<rule> <stack>/<address> <message> (fix: <remediation>)`, plus the suppression when there is one. */
export function findingLine(f: Finding): string {
  const base = `${f.rule} ${f.stack}/${f.address} ${f.message} (fix: ${f.remediation})`;
  return f.suppressed ? `${base} [suppressed: ${f.suppressed.justification}, expires ${f.suppressed.expires}]` : base;
}

function text(result: EvaluationResult): string {
  const c = counts(result);
  const lines: string[] = [];
  const section = (title: string, fs: Finding[]) => {
    if (fs.length === 0) return;
    lines.push(`${title} (${fs.length}):`);
    for (const f of fs) lines.push(findingLine(f));
  };
  section('errors', result.findings.filter((f) => f.severity === 'error' && !f.suppressed));
  section('warnings', result.findings.filter((f) => f.severity === 'warning' && !f.suppressed));
  section('suppressed', result.findings.filter((f) => f.suppressed));
  for (const s of result.unmatchedSuppressions) lines.push(`warning: suppression of ${s.rule} for ${s.resource} matches no finding`);
  lines.push(`${c.errors} error(s), ${c.warnings} warning(s), ${c.suppressed} suppressed`);
  return lines.join('\n') + '\n';
}

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function markdown(result: EvaluationResult): string {
  const c = counts(result);
  const lines = [
    '## ailz guardrails',
    '',
    `**${c.errors}** error(s), **${c.warnings}** warning(s), **${c.suppressed}** suppressed.`,
    '',
  ];
  if (result.findings.length > 0) {
    lines.push('| Severity | Rule | Resource | Finding | Fix | Suppressed |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of result.findings) {
      const sup = f.suppressed ? `${cell(f.suppressed.justification)} (expires ${f.suppressed.expires})` : '';
      lines.push(`| ${f.severity} | ${f.rule} | \`${cell(`${f.stack}/${f.address}`)}\` | ${cell(f.message)} | ${cell(f.remediation)} | ${sup} |`);
    }
    lines.push('');
  }
  if (result.unmatchedSuppressions.length > 0) {
    lines.push('Suppressions matching no finding:', '');
    for (const s of result.unmatchedSuppressions) lines.push(`- ${s.rule} \`${cell(s.resource)}\``);
    lines.push('');
  }
  return lines.join('\n');
}

function json(result: EvaluationResult): string {
  return JSON.stringify({ summary: counts(result), findings: result.findings, unmatchedSuppressions: result.unmatchedSuppressions }, null, 2) + '\n';
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function sarif(result: EvaluationResult): string {
  // Policy simulation rule IDs are per assignment (`AZPOLICY-DENY:<assignment>`): one SARIF rule each, from its family.
  const policyRules: RuleMeta[] = [...new Set(result.findings.map((f) => f.rule).filter((id) => familyMeta(id)))].sort().map((id) => {
    const fam = familyMeta(id)!;
    return { id, severity: fam.severity, title: fam.title, rationale: fam.rationale, remediation: fam.remediation, area: fam.area };
  });
  const allRules: RuleMeta[] = [...RULES, ...policyRules];
  const index = new Map(allRules.map((r, i) => [r.id, i]));
  const doc = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'ailz',
          informationUri: 'https://github.com/ailz/ailz',
          rules: allRules.map((r) => ({
            id: r.id,
            name: r.id.replace(/-/g, ''),
            shortDescription: { text: r.title },
            fullDescription: { text: r.rationale },
            help: { text: `Fix: ${r.remediation}` },
            defaultConfiguration: { level: r.severity },
            properties: { tags: ['security', r.area] },
          })),
        },
      },
      results: result.findings.map((f) => ({
        ruleId: f.rule,
        ruleIndex: index.get(f.rule),
        level: f.severity,
        message: { text: `${f.address}: ${f.message} (fix: ${f.remediation})` },
        locations: [{
          physicalLocation: { artifactLocation: { uri: `stacks/${f.stack}/cdk.tf.json` } },
          logicalLocations: [{ fullyQualifiedName: `${f.stack}/${f.address}`, kind: 'resource' }],
        }],
        partialFingerprints: { ailzFinding: `${f.rule}|${f.stack}/${f.address}` },
        ...(f.suppressed ? { suppressions: [{ kind: 'external', justification: `${f.suppressed.justification} (expires ${f.suppressed.expires})` }] } : {}),
      })),
    }],
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

export function formatFindings(result: EvaluationResult, format: FindingsFormat): string {
  switch (format) {
    case 'text': return text(result);
    case 'json': return json(result);
    case 'markdown': return markdown(result);
    case 'sarif': return sarif(result);
    default: throw new Error(`unknown format "${format as string}"; expected one of ${FINDINGS_FORMATS.join(', ')}`);
  }
}

/** Where a rule judges: `terraform` (synth output, `check`, plans) and/or `live` (`ailz assess`). */
export type RuleSource = 'terraform' | 'live';

export type ListedRule = RuleMeta & { appliesTo: RuleSource[] };

/**
 * Catalog metadata without the check functions: the Terraform catalog, the live-only rules and the policy
 * simulation's rule families (`AZPOLICY-DENY:{assignment}`: one rule per assignment, named by it; `ailz check
 * --policy` and synth's policy gate run them), one list sorted by id.
 */
export function ruleMeta(): ListedRule[] {
  const listed: ListedRule[] = RULES.map((r) => {
    const m: ListedRule = { id: r.id, severity: r.severity, title: r.title, rationale: r.rationale, remediation: r.remediation, area: r.area, appliesTo: LIVE_COUNTERPARTS.has(r.id) ? ['terraform', 'live'] : ['terraform'] };
    if (r.references) m.references = r.references;
    return m;
  });
  for (const r of LIVE_ONLY_RULES) listed.push({ ...r, appliesTo: ['live'] });
  for (const f of POLICY_RULE_FAMILIES) {
    listed.push({ id: `${f.prefix}:{${f.key}}`, severity: f.severity, title: f.title, rationale: f.rationale, remediation: f.remediation, area: f.area, appliesTo: ['terraform'] });
  }
  return listed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function refs(r: RuleMeta): string {
  const parts: string[] = [];
  if (r.references?.mcsb?.length) parts.push(`MCSB ${r.references.mcsb.join(', ')}`);
  if (r.references?.checkov?.length) parts.push(r.references.checkov.join(', '));
  if (r.references?.azurePolicy?.length) parts.push(r.references.azurePolicy.map((p) => `policy \`${p}\``).join(', '));
  return parts.join('; ');
}

export function formatRules(format: RulesFormat): string {
  const meta = ruleMeta();
  switch (format) {
    case 'json': return JSON.stringify(meta, null, 2) + '\n';
    case 'text': return meta.map((r) => `${r.id} ${r.severity} ${r.area} [${r.appliesTo.join(', ')}] ${r.title}`).join('\n') + '\n';
    case 'markdown': {
      const lines = ['| Rule | Severity | Area | Applies to | Checks | References |', '| --- | --- | --- | --- | --- | --- |'];
      for (const r of meta) lines.push(`| ${r.id} | ${r.severity} | ${r.area} | ${r.appliesTo.join(', ')} | ${cell(r.title)} | ${cell(refs(r))} |`);
      return lines.join('\n') + '\n';
    }
    default: throw new Error(`unknown format "${format as string}"; expected one of ${RULES_FORMATS.join(', ')}`);
  }
}
