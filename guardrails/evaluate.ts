import * as fs from 'fs';
import * as path from 'path';
import { EvaluationContext, EvaluationResult, Finding, Suppression, TerraformDocument } from './types';
import { todayUtc } from '../azure/models';
import { documentSet, indexDocument } from './document';
import { RULES, RULE_IDS } from './catalog';

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
  for (const idx of indexes) {
    for (const rule of RULES) {
      for (const v of rule.check(idx, set, ctx)) {
        findings.push({
          rule: rule.id,
          severity: v.severity ?? rule.severity,
          stack: idx.stack,
          address: v.address,
          message: v.message,
          remediation: rule.remediation,
          area: rule.area,
        });
      }
    }
  }
  findings.sort((a, b) => cmp(a.stack, b.stack) || cmp(a.address, b.address) || cmp(a.rule, b.rule) || cmp(a.message, b.message));

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
  return { findings, unmatchedSuppressions };
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

function readDocument(file: string, stack: string): TerraformDocument {
  let json: any;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
  }
  return { stack, json, path: file };
}

/**
 * Loads `DIR/stacks/<stack>/cdk.tf.json` (sorted by stack), a single stack directory holding
 * `cdk.tf.json`, or a single `.tf.json`/`.json` file (stack name = file name without `.tf.json`).
 */
export function loadDocuments(pathOrDir: string): TerraformDocument[] {
  if (!fs.existsSync(pathOrDir)) throw new Error(`${pathOrDir}: no such file or directory`);
  const stat = fs.statSync(pathOrDir);
  if (stat.isFile()) {
    const base = path.basename(pathOrDir);
    if (!base.endsWith('.json')) throw new Error(`${pathOrDir}: expected a Terraform JSON file (*.tf.json)`);
    const stack = base === 'cdk.tf.json' ? path.basename(path.dirname(path.resolve(pathOrDir))) : base.replace(/\.tf\.json$/, '').replace(/\.json$/, '');
    return [readDocument(pathOrDir, stack)];
  }
  const stacksDir = path.join(pathOrDir, 'stacks');
  const docs: TerraformDocument[] = [];
  if (fs.existsSync(stacksDir) && fs.statSync(stacksDir).isDirectory()) {
    for (const stack of fs.readdirSync(stacksDir).sort()) {
      const file = path.join(stacksDir, stack, 'cdk.tf.json');
      if (fs.existsSync(file)) docs.push(readDocument(file, stack));
    }
  }
  if (docs.length === 0 && fs.existsSync(path.join(pathOrDir, 'cdk.tf.json'))) {
    docs.push(readDocument(path.join(pathOrDir, 'cdk.tf.json'), path.basename(path.resolve(pathOrDir))));
  }
  if (docs.length === 0) throw new Error(`${pathOrDir}: no Terraform JSON found (expected ${path.join(pathOrDir, 'stacks', '<stack>', 'cdk.tf.json')} or a .tf.json file)`);
  return docs;
}
