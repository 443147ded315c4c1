/**
 * Reports of a guardrail run: text, JSON (README "Finding JSON"), markdown and SARIF 2.1.0 for GitHub
 * code scanning. Every format is produced as a sequence of chunks ({@link findingsChunks}) so that a
 * large run streams to its output instead of building one giant string.
 */
import { createHash } from 'crypto';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { deflateRawSync } from 'zlib';
import {
  EvaluationResult, Finding, FindingRecord, FindingsReport, FINDINGS_SCHEMA_VERSION, NoticeRecord, RuleMeta, Severity, SourceRegion,
} from './types';
import { RULES } from './catalog';
import { LIVE_COUNTERPARTS, LIVE_ONLY_RULES } from './live-rules';
import { POLICY_RULE_FAMILIES, familyMeta } from '../policy/report';
import { REVIEW_ONLY_RULES } from './review-rules';

export type FindingsFormat = 'text' | 'json' | 'markdown' | 'sarif';
export type RulesFormat = 'text' | 'json' | 'markdown';
export const FINDINGS_FORMATS: readonly FindingsFormat[] = ['text', 'json', 'markdown', 'sarif'];
export const RULES_FORMATS: readonly RulesFormat[] = ['text', 'json', 'markdown'];

/** A region of the landing-zone config that produced a finding's resource (`path` like `workloads[0].openai`). */
export type ConfigRegion = SourceRegion & { path: string };

export interface FormatOptions {
  /**
   * JSON and text: write file paths relative to this directory (synth writes its findings file from a
   * temporary directory that is renamed afterwards: paths are relative to the output directory).
   */
  relativeTo?: string;
  /** Text: also list each stack's kind and why, and the notices (what was not evaluated). `ailz check` sets it. */
  context?: boolean;
  /** SARIF: URIs are relative to this directory (the repository root); default the current directory. */
  sarifBase?: string;
  /** Tool version for SARIF `tool.driver.version`. */
  toolVersion?: string;
  /** The config line that produced each finding's resource (check with `--config`). */
  configLocation?: (f: Finding) => ConfigRegion | undefined;
}

/** GitHub code scanning limits (docs.github.com "SARIF support for code scanning", read 2026-11): results per run, gzip bytes per upload. */
export const GITHUB_SARIF_LIMITS = { resultsPerRun: 25_000, gzipBytes: 10 * 1024 * 1024, runsPerFile: 20, locationsPerResult: 1_000, descriptionChars: 1_024, tagsPerRule: 20 } as const;

function counts(result: EvaluationResult) {
  let errors = 0;
  let warnings = 0;
  let suppressed = 0;
  for (const f of result.findings) {
    if (f.suppressed) suppressed++;
    else if (f.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings, suppressed };
}

/** `<rule> <stack>/<address> <message> (fix: <remediation>)`, plus the suppression when there is one. */
export function findingLine(f: Finding): string {
  const base = `${f.rule} ${f.stack}/${f.address} ${f.message} (fix: ${f.remediation})`;
  return f.suppressed ? `${base} [suppressed: ${f.suppressed.justification}, expires ${f.suppressed.expires}]` : base;
}

const at = (r: SourceRegion | undefined) => (r ? ` [${r.file}:${r.startLine}:${r.startColumn}]` : '');

/** File paths as the report writes them: relative to `relativeTo` (with `/`) when given. */
function pathMapper(opts: FormatOptions): (file: string) => string {
  if (opts.relativeTo === undefined) return (f) => f;
  const base = path.resolve(opts.relativeTo);
  return (f) => path.relative(base, path.resolve(f)).split(path.sep).join('/');
}

function relocated<T extends { location?: SourceRegion }>(x: T, map: (f: string) => string): T {
  return x.location ? { ...x, location: { ...x.location, file: map(x.location.file) } } : x;
}

function* text(result: EvaluationResult, opts: FormatOptions): Generator<string> {
  const c = counts(result);
  if (opts.context) {
    for (const s of result.stacks ?? []) yield `stack ${s.stack}: judged as ${s.kind} (${s.kindReason})\n`;
  }
  const sections: [string, (f: Finding) => boolean, number][] = [
    ['errors', (f) => f.severity === 'error' && !f.suppressed, c.errors],
    ['warnings', (f) => f.severity === 'warning' && !f.suppressed, c.warnings],
    ['suppressed', (f) => !!f.suppressed, c.suppressed],
  ];
  for (const [title, pick, n] of sections) {
    if (n === 0) continue;
    yield `${title} (${n}):\n`;
    for (const f of result.findings) if (pick(f)) yield `${findingLine(f)}\n`;
  }
  for (const s of result.unmatchedSuppressions) yield `warning: suppression of ${s.rule} for ${s.resource} matches no finding\n`;
  if (opts.context) {
    const map = pathMapper(opts);
    for (const n of result.notices ?? []) yield `note: ${n.stack}: ${n.message}${at(relocated(n, map).location)}\n`;
  }
  yield `${c.errors} error(s), ${c.warnings} warning(s), ${c.suppressed} suppressed\n`;
}

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function* markdown(result: EvaluationResult): Generator<string> {
  const c = counts(result);
  yield `## ailz guardrails\n\n**${c.errors}** error(s), **${c.warnings}** warning(s), **${c.suppressed}** suppressed.\n\n`;
  if (result.findings.length > 0) {
    yield '| Severity | Rule | Resource | Finding | Fix | Suppressed |\n| --- | --- | --- | --- | --- | --- |\n';
    for (const f of result.findings) {
      const sup = f.suppressed ? `${cell(f.suppressed.justification)} (expires ${f.suppressed.expires})` : '';
      yield `| ${f.severity} | ${f.rule} | \`${cell(`${f.stack}/${f.address}`)}\` | ${cell(f.message)} | ${cell(f.remediation)} | ${sup} |\n`;
    }
    yield '\n';
  }
  if (result.unmatchedSuppressions.length > 0) {
    yield 'Suppressions matching no finding:\n\n';
    for (const s of result.unmatchedSuppressions) yield `- ${s.rule} \`${cell(s.resource)}\`\n`;
    yield '\n';
  }
  if ((result.stacks ?? []).length > 0) {
    yield 'Stacks judged:\n\n';
    for (const s of result.stacks ?? []) yield `- \`${cell(s.stack)}\`: judged as ${s.kind} (${cell(s.kindReason)})\n`;
    yield '\n';
  }
  if ((result.notices ?? []).length > 0) {
    yield 'Not evaluated:\n\n';
    for (const n of result.notices ?? []) yield `- \`${cell(n.stack)}\`: ${cell(n.message)}\n`;
    yield '\n';
  }
}

/** One finding in the shared JSON shape (README "Finding JSON"): today's keys first, in their order. */
export function findingRecord(f: Finding, config?: ConfigRegion): FindingRecord {
  const r: FindingRecord = {
    rule: f.rule, severity: f.severity, stack: f.stack, address: f.address, message: f.message,
    remediation: f.remediation, area: f.area,
  } as FindingRecord;
  if (f.suppressed) r.suppressed = f.suppressed;
  if (f.assignment !== undefined) r.assignment = f.assignment;
  if (f.definition !== undefined) r.definition = f.definition;
  if (f.suppressible !== undefined) r.suppressible = f.suppressible;
  r.evidence = f.evidence ?? {};
  r.fix = f.remediation;
  if (f.location) r.location = f.location;
  if (config) r.configLocation = config;
  return r;
}

/** `JSON.stringify(value, null, 2)` of an element inside a top-level array (indented by 4). */
const element = (v: unknown) => `    ${JSON.stringify(v, null, 2).replace(/\n/g, '\n    ')}`;

/** Writes `JSON.stringify(report, null, 2)`, element by element for the arrays that can be large. */
function* json(result: EvaluationResult, opts: FormatOptions): Generator<string> {
  const map = pathMapper(opts);
  const report: Omit<FindingsReport, 'findings'> = {
    schemaVersion: FINDINGS_SCHEMA_VERSION,
    summary: counts(result),
    stacks: (result.stacks ?? []).map((st) => ({ ...st, files: st.files.map(map) })),
    notices: (result.notices ?? []).map((n) => relocated(n, map)),
    unmatchedSuppressions: result.unmatchedSuppressions,
  };
  yield `{\n  "schemaVersion": ${report.schemaVersion},\n  "summary": ${JSON.stringify(report.summary, null, 2).replace(/\n/g, '\n  ')},\n`;
  yield* array('findings', result.findings, (f) => findingRecord(relocated(f, map), opts.configLocation?.(f)));
  yield ',\n';
  yield* array('unmatchedSuppressions', report.unmatchedSuppressions, (s) => s);
  yield ',\n';
  yield* array('stacks', report.stacks, (s) => s);
  yield ',\n';
  yield* array('notices', report.notices, (n) => n);
  yield '\n}\n';
}

function* array<T>(key: string, items: readonly T[], map: (t: T) => unknown): Generator<string> {
  if (items.length === 0) {
    yield `  ${JSON.stringify(key)}: []`;
    return;
  }
  yield `  ${JSON.stringify(key)}: [\n`;
  for (let i = 0; i < items.length; i++) yield `${element(map(items[i]))}${i < items.length - 1 ? ',\n' : '\n'}`;
  yield '  ]';
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The uriBaseId every physical location is relative to: `--sarif-base`, the repository root. */
export const SARIF_SRCROOT = '%SRCROOT%';

/** A rule's friendly name for filtering on GitHub: its title in PascalCase (SARIF §3.49.7), at most 255 characters. */
function pascalName(title: string): string {
  return title.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('').slice(0, 255);
}

const clip = (s: string) => (s.length <= GITHUB_SARIF_LIMITS.descriptionChars ? s : `${s.slice(0, GITHUB_SARIF_LIMITS.descriptionChars - 3)}...`);

/** A file's `artifactLocation`: relative to the SARIF base when inside it, else an absolute file URI. */
function artifact(file: string, base: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(file);
  const rel = path.relative(base, abs);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SARIF_SRCROOT };
}

function physical(r: SourceRegion, base: string) {
  return {
    artifactLocation: artifact(r.file, base),
    region: { startLine: r.startLine, startColumn: r.startColumn, endLine: r.endLine, endColumn: Math.max(r.endColumn, r.startLine === r.endLine ? r.startColumn + 1 : 1) },
  };
}

const LEVEL_ORDER = (f: Finding) => (f.suppressed ? 2 : f.severity === 'error' ? 0 : 1);

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: every result has a physical location with a full
 * region; URIs are relative to `%SRCROOT%` (the `--sarif-base` directory, default the current one);
 * with `--config` the primary location is the line of the landing-zone config that produced the
 * resource and the Terraform JSON is a related location. Beyond GitHub's limits (25,000 results per
 * run, 10 MB gzip per upload) the remaining findings of each rule become one result saying how many
 * were left out; errors are kept before warnings, suppressed findings last.
 */
function* sarif(result: EvaluationResult, opts: FormatOptions): Generator<string> {
  const base = path.resolve(opts.sarifBase ?? process.cwd());
  // Policy simulation rule IDs are per assignment (`AZPOLICY-DENY:<assignment>`): one SARIF rule each, from its family.
  const policyRules: RuleMeta[] = [...new Set(result.findings.map((f) => f.rule).filter((id) => familyMeta(id)))].sort().map((id) => {
    const fam = familyMeta(id)!;
    return { id, severity: fam.severity, title: fam.title, rationale: fam.rationale, remediation: fam.remediation, area: fam.area };
  });
  // The change rules of `ailz diff` / `ailz review-plan` (AILZ-REV-*), when their findings are in this run.
  const reviewRules = REVIEW_ONLY_RULES.filter((r) => result.findings.some((f) => f.rule === r.id));
  const allRules: RuleMeta[] = [...RULES, ...policyRules, ...reviewRules];
  const index = new Map(allRules.map((r, i) => [r.id, i]));
  const driver = {
    name: 'ailz',
    ...(opts.toolVersion ? { version: opts.toolVersion, semanticVersion: opts.toolVersion } : {}),
    informationUri: 'https://github.com/ailz/ailz',
    rules: allRules.map((r) => ({
      id: r.id,
      name: pascalName(r.title),
      shortDescription: { text: clip(r.title) },
      fullDescription: { text: clip(r.rationale) },
      help: { text: `Fix: ${r.remediation}`, markdown: `**Fix:** ${r.remediation}` },
      defaultConfiguration: { level: r.severity },
      properties: { tags: ['security', r.area].slice(0, GITHUB_SARIF_LIMITS.tagsPerRule), precision: 'high' },
    })),
  };
  const notifications = (result.notices ?? []).map((n) => notification(n, base));
  const head = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver },
      originalUriBaseIds: { [SARIF_SRCROOT]: { uri: `${pathToFileURL(base).href.replace(/\/?$/, '/')}`, description: { text: 'The repository root (--sarif-base); every relative URI resolves from it.' } } },
      invocations: [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
      columnKind: 'utf16CodeUnits',
      properties: { stacks: result.stacks ?? [] },
    }],
  };
  // Everything of the run but its results, then the results streamed inside it.
  const headText = JSON.stringify(head, null, 2);
  const cut = headText.lastIndexOf('\n    }\n  ]\n}');
  yield `${headText.slice(0, cut)},\n      "results": [`;

  const ordered = [...result.findings].sort((a, b) => LEVEL_ORDER(a) - LEVEL_ORDER(b));
  const budget = new GzipBudget(GITHUB_SARIF_LIMITS.gzipBytes - 512 * 1024 - Buffer.byteLength(headText));
  const maxIndividual = GITHUB_SARIF_LIMITS.resultsPerRun - allRules.length;
  const fingerprints = new Map<string, number>();
  const omitted = new Map<string, { count: number; level: Severity; first: Finding }>();
  let written = 0;
  for (const f of ordered) {
    const res = sarifResult(f, index.get(f.rule), base, opts, fingerprints);
    const chunk = `${written > 0 ? ',' : ''}\n${element(res).replace(/^ {4}/, '        ').replace(/\n {4}/g, '\n        ')}`;
    if (written >= maxIndividual || !budget.fits(chunk)) {
      const o = omitted.get(f.rule);
      if (o) {
        o.count++;
        if (f.severity === 'error' && !f.suppressed) o.level = 'error';
      } else omitted.set(f.rule, { count: 1, level: f.suppressed ? 'warning' : f.severity, first: f });
      continue;
    }
    budget.add(chunk);
    written++;
    yield chunk;
  }
  for (const [rule, o] of [...omitted].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const loc = sarifLocations(o.first, base, opts);
    const res = {
      ruleId: rule,
      ruleIndex: index.get(rule),
      level: o.level,
      message: { text: `${o.count} more finding${o.count === 1 ? '' : 's'} of ${rule} left out of this SARIF file: GitHub code scanning accepts ${GITHUB_SARIF_LIMITS.resultsPerRun} results per run and ${GITHUB_SARIF_LIMITS.gzipBytes / 1024 / 1024} MB (gzip) per upload. \`ailz check --format json\` lists every finding.` },
      locations: loc.locations,
      partialFingerprints: { primaryLocationLineHash: `${hash(`${rule}|omitted`)}:1` },
      properties: { omitted: o.count },
    };
    yield `${written > 0 ? ',' : ''}\n${element(res).replace(/^ {4}/, '        ').replace(/\n {4}/g, '\n        ')}`;
    written++;
  }
  yield `${written > 0 ? '\n      ' : ''}]\n    }\n  ]\n}\n`;
}

function notification(n: NoticeRecord, base: string) {
  return {
    level: 'note',
    message: { text: `${n.stack}: ${n.message}` },
    descriptor: { id: n.code },
    ...(n.location ? { locations: [{ physicalLocation: physical(n.location, base) }] } : {}),
  };
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

function sarifLocations(f: Finding, base: string, opts: FormatOptions) {
  // In-memory documents (no file): the synth layout, line 1.
  const tf: SourceRegion = f.location ?? { file: path.join(base, 'stacks', f.stack, 'cdk.tf.json'), startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 };
  const config = opts.configLocation?.(f);
  if (config) {
    return {
      locations: [{ physicalLocation: physical(config, base), message: { text: `${config.path} in the landing-zone config` } }],
      related: [{ id: 1, physicalLocation: physical(tf, base), message: { text: `${f.stack}/${f.address} in the synthesized Terraform JSON` } }],
    };
  }
  return { locations: [{ physicalLocation: physical(tf, base) }], related: undefined };
}

function sarifResult(f: Finding, ruleIndex: number | undefined, base: string, opts: FormatOptions, fingerprints: Map<string, number>) {
  const loc = sarifLocations(f, base, opts);
  // A stable identity across runs: rule, stack, address and attribute, not the line (which moves).
  const identity = `${f.rule}|${f.stack}/${f.address}|${f.evidence?.attribute ?? ''}`;
  const n = (fingerprints.get(identity) ?? 0) + 1;
  fingerprints.set(identity, n);
  const related = loc.related ? ` ([Terraform JSON](1))` : '';
  return {
    ruleId: f.rule,
    ruleIndex,
    level: f.severity,
    message: { text: `${f.address}: ${f.message}${related} (fix: ${f.remediation})` },
    locations: loc.locations,
    ...(loc.related ? { relatedLocations: loc.related } : {}),
    partialFingerprints: { primaryLocationLineHash: `${hash(identity)}:${n}`, ailzFinding: `${identity}#${n}` },
    properties: { stack: f.stack, address: f.address, ...(f.evidence && Object.keys(f.evidence).length > 0 ? { evidence: f.evidence } : {}) },
    ...(f.suppressed ? { suppressions: [{ kind: 'external', justification: `${f.suppressed.justification} (expires ${f.suppressed.expires})` }] } : {}),
  };
}

/**
 * Tracks how large the SARIF file will be once gzipped, without holding it: what was written is
 * deflated in batches of 256 KiB, each on its own and at the fastest level (both only make the count
 * larger than a real gzip of the whole file); what is not yet deflated counts byte for byte.
 */
class GzipBudget {
  private compressed = 0;
  private pending: string[] = [];
  private pendingBytes = 0;

  constructor(private readonly limit: number) {}

  fits(chunk: string): boolean {
    const bytes = Buffer.byteLength(chunk);
    if (this.compressed + this.pendingBytes + bytes <= this.limit) return true;
    this.flush();
    return this.compressed + bytes <= this.limit;
  }

  add(chunk: string): void {
    this.pending.push(chunk);
    this.pendingBytes += Buffer.byteLength(chunk);
    if (this.pendingBytes >= 256 * 1024) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.compressed += deflateRawSync(Buffer.from(this.pending.join('')), { level: 1 }).length;
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** The report as a sequence of chunks (concatenated, it is the whole report). */
export function findingsChunks(result: EvaluationResult, format: FindingsFormat, opts: FormatOptions = {}): Iterable<string> {
  switch (format) {
    case 'text': return text(result, opts);
    case 'json': return json(result, opts);
    case 'markdown': return markdown(result);
    case 'sarif': return sarif(result, opts);
    default: throw new Error(`unknown format "${format as string}"; expected one of ${FINDINGS_FORMATS.join(', ')}`);
  }
}

export function formatFindings(result: EvaluationResult, format: FindingsFormat, opts: FormatOptions = {}): string {
  const parts: string[] = [];
  for (const c of findingsChunks(result, format, opts)) parts.push(c);
  return parts.join('');
}

/** Where a rule judges: `terraform` (synth output, `check`, plans), `live` (`ailz assess`), `change` (`ailz diff`, `ailz review-plan`). */
export type RuleSource = 'terraform' | 'live' | 'change';

export type ListedRule = RuleMeta & { appliesTo: RuleSource[] };

/**
 * Catalog metadata without the check functions: the Terraform catalog, the live-only rules, the policy
 * simulation's rule families (`AZPOLICY-DENY:{assignment}`: one rule per assignment, named by it; `ailz check
 * --policy` and synth's policy gate run them) and the change rules of `ailz diff` and `ailz review-plan`,
 * one list sorted by id.
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
  for (const r of REVIEW_ONLY_RULES) listed.push({ ...r, appliesTo: ['change'] });
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
