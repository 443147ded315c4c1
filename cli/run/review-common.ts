/** What `ailz diff` and `ailz review-plan` share: reading inputs with the exit codes of the contract, the config, the policy simulation. */
import type { LandingZoneConfig } from '../../config/load';
import { loadDocuments, TerraformDocument, TerraformInputError } from '../../guardrails';
import type { Finding } from '../../guardrails';
import type { PolicySimulation } from '../../review/seams';
import { CliIo, errnoExitCode, fileError, UserError } from '../errors';
import { EXIT } from '../exit-codes';
import { loadConfig } from '../load-config';
import { lookupDefinitions } from '../policy-definitions';

/** Problems listed before "and N more" (as `check` lists them). */
const MAX_PROBLEMS_SHOWN = 50;

/**
 * Synth output documents, read by `check`'s loader. A missing, empty or non-Terraform input is bad input
 * (exit 2); a file the machine will not let us read (permission denied, I/O error) the environment (exit 3),
 * as in `check`: the loader names the errno code in "cannot be read (CODE)".
 */
export function readDocuments(abs: string, shown: string): TerraformDocument[] {
  try {
    return loadDocuments(abs);
  } catch (e) {
    const mapped = fileError(e, 'read', shown);
    if (mapped !== e) throw mapped;
    if (!(e instanceof TerraformInputError)) throw e;
    const problems = e.problems.map((p) => p.split(abs).join(shown));
    const shownProblems = problems.slice(0, MAX_PROBLEMS_SHOWN);
    if (problems.length > shownProblems.length) shownProblems.push(`... and ${problems.length - shownProblems.length} more problems`);
    const codes = e.problems.map((p) => /cannot be read \((E[A-Z]+)\)$/.exec(p)?.[1]);
    throw new UserError(shownProblems.join('\n'), codes.some((c) => errnoExitCode(c) === EXIT.ENVIRONMENT) ? EXIT.ENVIRONMENT : EXIT.USAGE);
  }
}

/**
 * The config as the CLI validates it (real rule and policy catalogs), expiries judged on `asOf`; an
 * invalid config throws its ConfigError (exit 2, or 3 when the file cannot be read for the machine's
 * reasons; cli/errors.ts prints every problem). The model lifecycle is not a config error here: the
 * guardrails report a retired model in the Terraform (AILZ-OAI-013), and a review must still show a
 * change that replaces one.
 */
export function loadConfigForReview(file: string, asOf: string, io: CliIo): LandingZoneConfig {
  return loadConfig(file, { asOf, io, models: false });
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
