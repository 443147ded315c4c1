import { DocumentIndex, EvaluationContext, EvaluationResult, Finding, NoticeRecord, ResourceNode, SourceRegion, StackReport, Suppression, TerraformDocument } from './types';
import { todayUtc } from '../azure/models';
import { documentSet, indexDocument } from './document';
import { RULES, RULE_IDS } from './catalog';
import { loaded } from './load';
import { SourceText } from './tfjson/source';
import { resolveOrigin } from './tfjson/reader';

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface EvaluateOptions {
  suppressions?: Suppression[];
  /**
   * The date (YYYY-MM-DD) date-dependent rules judge on (model retirement, AILZ-OAI-013).
   * Default: today (UTC). Pass it to make a run reproducible.
   */
  asOf?: string;
  /** Findings of another engine over the same documents (the policy simulation): sorted and suppressed with these. */
  extraFindings?: readonly Finding[];
  /**
   * Find each finding's position in the Terraform JSON (default true). Reports that print no position
   * (text, markdown) skip the walk over the files that finding them takes.
   */
  locations?: boolean;
}

/**
 * Runs every rule over every document. Each document is indexed once (by type and address, with
 * reference indexes built lazily), so the cost is linear in the size of the input.
 * Output order is deterministic: stack, address, rule, message.
 */
export function evaluate(docs: TerraformDocument[], opts: EvaluateOptions = {}): EvaluationResult {
  // Findings of other engines over the same documents (the policy simulation) share sorting and suppressions.
  const findings: Finding[] = [...(opts.extraFindings ?? [])];
  const indexes = docs.map(indexDocument);
  const set = documentSet(indexes);
  const ctx: EvaluationContext = { asOf: opts.asOf ?? todayUtc() };
  const byStack = new Map<string, DocumentIndex>();
  for (const idx of indexes) {
    byStack.set(idx.stack, idx);
    for (const rule of RULES) {
      for (const v of rule.check(idx, set, ctx)) {
        const f: Finding = {
          rule: rule.id,
          severity: v.severity ?? rule.severity,
          stack: idx.stack,
          address: v.address,
          message: v.message,
          remediation: rule.remediation,
          area: rule.area,
        };
        if (v.evidence) f.evidence = v.evidence;
        findings.push(f);
      }
    }
  }
  findings.sort((a, b) => cmp(a.stack, b.stack) || cmp(a.address, b.address) || cmp(a.rule, b.rule) || cmp(a.message, b.message));
  locateFindings(findings, byStack, docs, opts.locations !== false);

  const suppressions = opts.suppressions ?? [];
  const byKey = new Map<string, Suppression>();
  for (const s of suppressions) if (!byKey.has(`${s.rule}|${s.resource}`)) byKey.set(`${s.rule}|${s.resource}`, s);
  const used = new Set<Suppression>();
  for (const f of findings) {
    const s = byKey.get(`${f.rule}|${f.stack}/${f.address}`);
    if (s && f.suppressible !== false) {
      f.suppressed = { justification: s.justification, expires: s.expires };
      used.add(s);
    }
  }
  const unmatchedSuppressions = suppressions.filter((s) => !used.has(s) && byKey.get(`${s.rule}|${s.resource}`) === s);
  // Duplicates of a used suppression match nothing themselves: report them too.
  for (const s of suppressions) if (byKey.get(`${s.rule}|${s.resource}`) !== s) unmatchedSuppressions.push(s);
  const stacks: StackReport[] = [...docs].sort((a, b) => cmp(a.stack, b.stack)).map((d) => {
    const l = loaded(d);
    return { stack: d.stack, kind: l.kind.kind, kindReason: l.kind.reason, files: l.files };
  });
  const notices: NoticeRecord[] = [];
  for (const d of [...docs].sort((a, b) => cmp(a.stack, b.stack))) {
    for (const n of loaded(d).config.notices) {
      const rec: NoticeRecord = { stack: d.stack, code: n.code, message: n.message };
      const o = n.origin && resolveOrigin(n.origin);
      if (o?.source && o.labelAt >= 0) rec.location = o.source.region(o.labelAt, o.labelAt + 1);
      notices.push(rec);
    }
  }
  return { findings, unmatchedSuppressions, stacks, notices };
}

/**
 * Adds each finding's place in the Terraform JSON: the attribute its evidence names (the first
 * definition the rule read, in the last file that set it), else the resource block, else (a finding
 * about something missing) the start of the stack's first file. Findings are sorted by address, so
 * the blocks of one resource are walked once for all its findings.
 */
function locateFindings(findings: Finding[], byStack: Map<string, DocumentIndex>, docs: TerraformDocument[], positions: boolean): void {
  const firstSource = new Map<string, SourceText>();
  for (const d of docs) {
    const s = loaded(d).sources[0];
    if (s) firstSource.set(d.stack, s);
  }
  for (const f of findings) {
    const idx = byStack.get(f.stack);
    const node = idx?.byAddress(f.address);
    const construct = node?.attrs['//']?.metadata?.path;
    if (typeof construct === 'string') f.constructPath = construct;
    if (!positions) continue;
    const region = node ? locateNode(node, f.evidence?.attribute) : undefined;
    if (region) f.location = region;
    else {
      const s = firstSource.get(f.stack);
      if (s) f.location = s.region(0, 0);
    }
  }
}

function locateNode(node: ResourceNode, attribute: string | undefined): SourceRegion | undefined {
  const layers = node.layers ?? [];
  if (layers.length === 0) return undefined;
  const path = attribute ? attribute.split('.') : [];
  // The last layer that defines the attribute's first segment is where its value comes from.
  let layer = layers[0];
  if (path.length > 0) {
    for (let i = layers.length - 1; i >= 0; i--) {
      if (Object.prototype.hasOwnProperty.call(layers[i].attrs, path[0])) {
        layer = layers[i];
        break;
      }
    }
  }
  const o = resolveOrigin(layer.origin);
  const source = o.source;
  if (!source || o.bodyAt < 0) return undefined;
  if (path.length > 0) {
    const hit = source.json.locate(o.bodyAt, path);
    if (hit.found || hit.start !== o.bodyAt) return source.region(hit.start, hit.end);
  }
  return source.region(o.labelAt, o.bodyEnd);
}

/** Unsuppressed error findings fail synth and `ailz check`. */
export function hasBlockingFindings(result: EvaluationResult): boolean {
  return result.findings.some((f) => f.severity === 'error' && !f.suppressed);
}

/**
 * Config-level checks of suppressions (the config layer reports them with their path):
 * unknown rule, malformed resource, justification under 20 characters, malformed or past expiry.
 * `today` is YYYY-MM-DD; a suppression expiring today is still valid.
 */
export function validateSuppressions(suppressions: Suppression[], today: string): string[] {
  const errors: string[] = [];
  suppressions.forEach((s, i) => {
    const at = `suppressions[${i}]`;
    if (!RULE_IDS.has(s.rule)) errors.push(`${at}.rule: unknown rule "${s.rule}"`);
    if (typeof s.resource !== 'string' || !/^[^/\s]+\/[^/\s]+$/.test(s.resource)) {
      errors.push(`${at}.resource: expected "<stack>/<terraform address>", got ${JSON.stringify(s.resource)}`);
    }
    if (typeof s.justification !== 'string' || s.justification.trim().length < 20) errors.push(`${at}.justification: must be at least 20 characters`);
    if (typeof s.expires !== 'string' || !isIsoDate(s.expires)) errors.push(`${at}.expires: ${JSON.stringify(s.expires)} is not a YYYY-MM-DD date`);
    else if (s.expires < today) errors.push(`${at}.expires: ${s.expires} is in the past`);
  });
  return errors;
}

function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
