/** What `ailz diff` and `ailz review-plan` share: reading inputs with the exit codes of the contract, `--fail-on`. */
import type { LandingZoneConfig } from '../../config/load';
import { ConfigError, loadConfigFile } from '../../config/load';
import { loadDocuments, RULE_IDS, Severity, TerraformDocument } from '../../guardrails';
import { POLICY_ASSIGNMENT_NAMES } from '../../azure/policy-catalog';
import type { Finding } from '../../guardrails';
import type { PolicySimulation } from '../../review/seams';
import { UserError } from '../atomic';
import { EXIT } from '../exit-codes';
import { lookupDefinitions } from '../policy-definitions';

export const FAIL_ON = ['error', 'warning', 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** True when an unsuppressed finding is at or above `failOn`. */
export function failsOn(findings: readonly { severity: Severity; suppressed?: unknown }[], failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return findings.some((f) => !f.suppressed && (failOn === 'warning' || f.severity === 'error'));
}

const ENVIRONMENT = new Set(['EACCES', 'EPERM', 'EROFS', 'EIO', 'EMFILE', 'ENFILE', 'ENOMEM']);

/** A file-system failure as a UserError naming the file: environment problems exit 3, everything else 2. */
export function ioError(e: unknown, action: string, what: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code)) return e;
  const cause = code === 'ENOENT' ? 'no such file or directory' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : code;
  return new UserError(`cannot ${action} ${what}: ${cause} (${code})`, ENVIRONMENT.has(code) ? EXIT.ENVIRONMENT : EXIT.USAGE);
}

/** Synth output documents; a missing or empty directory is bad input (exit 2), an unreadable one the environment (exit 3). */
export function readDocuments(abs: string, shown: string): TerraformDocument[] {
  try {
    return loadDocuments(abs);
  } catch (e) {
    const mapped = ioError(e, 'read', shown);
    if (mapped !== e) throw mapped;
    throw new UserError((e as Error).message.split(abs).join(shown), EXIT.USAGE);
  }
}

/**
 * The config, validated against the real catalogs with expiries judged on `asOf`; an invalid config is
 * bad input (exit 2). The model lifecycle is not a config error here: the guardrails report a retired
 * model in the Terraform (AILZ-OAI-013), and a review must still show a change that replaces one.
 */
export function loadConfigForReview(abs: string, shown: string, asOf?: string): LandingZoneConfig {
  try {
    return loadConfigFile(abs, { knownRuleIds: RULE_IDS, knownPolicyAssignments: new Set(POLICY_ASSIGNMENT_NAMES), ...(asOf ? { today: asOf } : {}) });
  } catch (e) {
    if (e instanceof ConfigError) {
      throw new UserError(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in the config:\n${e.problems.map((p) => p.split(abs).join(shown)).join('\n')}`, EXIT.USAGE);
    }
    throw e;
  }
}

/**
 * The Azure Policy simulation for a review, when definitions can be found (`--policy-definitions`, else
 * `.ailz/policy-definitions` beside the config, as `check --policy` and synth's gate look them up); otherwise
 * the reason it does not run, which the report prints (never "no findings").
 */
export function policySimulationFor(definitions: string | undefined, configFile: string | undefined, today: string): { simulate: PolicySimulation } | { missing: string } {
  const found = lookupDefinitions(definitions, configFile);
  if ('missing' in found) return { missing: found.missing };
  // Loaded here: the simulator is needed only when definitions exist.
  const { simulateDocuments } = require('../../policy') as typeof import('../../policy');
  const simulate: PolicySimulation = (docs, governance) => {
    const stacks = new Set(docs.map((d) => d.stack));
    const all = [...docs, ...governance.filter((g) => !stacks.has(g.stack))];
    const findings: Finding[] = simulateDocuments(all, found.store, { today }).findings;
    return findings.filter((f) => stacks.has(f.stack));
  };
  return { simulate };
}
