/**
 * The config as every command loads it: validated against the rule catalog and the policy
 * assignments ailz creates, expiry and model lifecycle judged on the `--as-of` date, warnings printed.
 */
import type { Command } from 'commander';
import { loadConfigFile, LandingZoneConfig, ValidationOptions } from '../config/load';
import { RULE_IDS } from '../guardrails';
import { POLICY_ASSIGNMENT_NAMES } from '../azure/policy-catalog';
import { catalogAgeWarning, isIsoDate, todayUtc } from '../azure/models';
import { policySuppressionProblem } from '../policy/report';
import { CliIo, UserError } from './errors';
import { EXIT } from './exit-codes';

/** What `validate` and `synth` check a config against (tests use the same, so they agree with the CLI). */
export function cliValidationOptions(): ValidationOptions {
  return { knownRuleIds: RULE_IDS, checkRuleId: policySuppressionProblem, knownPolicyAssignments: new Set(POLICY_ASSIGNMENT_NAMES) };
}

const AS_OF_HELP = 'judge model retirement (and suppression expiry) as of this date, YYYY-MM-DD (default: $AILZ_AS_OF, else today, UTC); the Terraform output never depends on it';

/** `--as-of <date>` (validate, synth, check). */
export function asOfOption(cmd: Command): Command {
  return cmd.option('--as-of <date>', AS_OF_HELP);
}

/**
 * The `--as-of` date: the option, else `$AILZ_AS_OF` (a CI pipeline or a test suite pins its runs with
 * it, as `$LANDING_ZONE_CONFIG` sets the config), else today (UTC). Anything but a real YYYY-MM-DD date
 * is a usage error.
 */
export function asOfDate(value: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = value === undefined && env.AILZ_AS_OF ? env.AILZ_AS_OF : undefined;
  const date = value ?? fromEnv;
  if (date === undefined) return todayUtc();
  if (!isIsoDate(date)) throw new UserError(`${fromEnv ? 'AILZ_AS_OF' : '--as-of'} ${JSON.stringify(date)}: expected a date YYYY-MM-DD, e.g. 2026-11-26`, EXIT.USAGE);
  return date;
}

/**
 * Loads the config as the CLI judges it: real rule and policy catalogs, expiry and (unless `models` is
 * false) model lifecycle on `asOf`, warnings printed on `io`.
 */
export function loadConfig(file: string, opts: { asOf: string; io: CliIo; models?: boolean }): LandingZoneConfig {
  const base: ValidationOptions = { ...cliValidationOptions(), today: opts.asOf, onWarning: (w: string) => opts.io.err(`warning: ${w}`) };
  if (opts.models === false) return loadConfigFile(file, base);
  try {
    return loadConfigFile(file, { ...base, asOf: opts.asOf });
  } finally {
    // Every deployment was judged against the model catalog, valid config or not: say when it is stale.
    const age = catalogAgeWarning(opts.asOf);
    if (age) opts.io.err(`warning: ${age}`);
  }
}
