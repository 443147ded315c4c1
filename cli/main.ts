/**
 * The `ailz` command line. Thin: parse arguments, call the layers below, print, choose the exit code.
 * Exit codes: 0 ok, 1 invalid input or guardrail findings, 2 usage error.
 */
import { readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfigFile, LandingZoneConfig } from '../config/load';
import { configJsonSchema } from '../config/json-schema';
import { NamingError } from '../constructs/core/naming';
import { evaluate, findingLine, formatFindings, hasBlockingFindings, loadDocuments, RULE_IDS } from '../guardrails';
import { POLICY_ASSIGNMENT_NAMES } from '../azure/policy-catalog';
import { runCheck } from './commands/check';
import { runRules } from './commands/rules';
import { runPolicyExplain } from './commands/policy-explain';
import { lookupDefinitions } from './policy-definitions';
import { policySuppressionProblem } from '../policy/report';
import { UserError, writeAtomically } from './atomic';
import { EXIT } from './exit-codes';
import { catalogAgeWarning, isIsoDate, todayUtc } from '../azure/models';
import type { AzureDeps } from './commands/azure';
import type { AssessFlags } from './commands/assess';
import { refuseStateInOutput } from './state-files';
import type { DiagramFlags } from './commands/diagram';

/** Where synth writes every finding, suppressed ones included (the audit trail reviewers need). */
export const FINDINGS_FILE = 'ailz-findings.json';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Raw stdout for streamed reports (a large `check` writes its report as it goes). */
  write?(chunk: string): void;
}

const processIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  write: (t) => process.stdout.write(t),
};

export const DEFAULT_CONFIG = 'landing-zone.yaml';
export const DEFAULT_OUT = 'cdktf.out';

const AS_OF_HELP = 'judge model retirement (and suppression expiry) as of this date, YYYY-MM-DD (default: $AILZ_AS_OF, else today, UTC); the Terraform output never depends on it';

/**
 * The `--as-of` date: the option, else `$AILZ_AS_OF` (a CI pipeline or a test suite pins its runs with
 * it, as `$LANDING_ZONE_CONFIG` sets the config), else today (UTC). Anything but a real YYYY-MM-DD date
 * is a usage error.
 */
function asOfDate(value: string | undefined): string {
  const fromEnv = value === undefined && process.env.AILZ_AS_OF ? process.env.AILZ_AS_OF : undefined;
  const date = value ?? fromEnv;
  if (date === undefined) return todayUtc();
  if (!isIsoDate(date)) throw new UserError(`${fromEnv ? 'AILZ_AS_OF' : '--as-of'} ${JSON.stringify(date)}: expected a date YYYY-MM-DD, e.g. 2026-11-26`, EXIT.USAGE);
  return date;
}

/**
 * Loads the config as the CLI judges it: real rule and policy catalogs, expiry and (unless `models` is
 * false) model lifecycle on `asOf`, warnings printed.
 */
function loadConfig(file: string, asOf: string, io: CliIo, models = true): LandingZoneConfig {
  const opts = { knownRuleIds: RULE_IDS, checkRuleId: policySuppressionProblem, knownPolicyAssignments: new Set(POLICY_ASSIGNMENT_NAMES), today: asOf, onWarning: (w: string) => io.err(`warning: ${w}`) };
  if (!models) return loadConfigFile(file, opts);
  try {
    return loadConfigFile(file, { ...opts, asOf });
  } finally {
    // Every deployment was judged against the model catalog, valid config or not: say when it is stale.
    const age = catalogAgeWarning(asOf);
    if (age) io.err(`warning: ${age}`);
  }
}

/**
 * Evaluates a synthesized directory; prints findings; throws when an unsuppressed error remains. With policy
 * definitions the policy simulation runs too (its Deny findings cannot be suppressed); without, it says so.
 */
export function gate(
  dir: string, config: Pick<LandingZoneConfig, 'suppressions'>, io: CliIo,
  asOf?: string, policy?: { definitions?: import('./policy-definitions').DefinitionsLookup },
): void {
  const docs = loadDocuments(dir);
  let extraFindings: import('../guardrails').Finding[] = [];
  const defs = policy?.definitions;
  if (defs && 'missing' in defs) {
    io.err(`warning: policy gate did not run: ${defs.missing}`);
  } else if (defs) {
    const { simulateDocuments } = require('../policy') as typeof import('../policy');
    // Exemptions expire as suppressions do: judged on the --as-of date.
    extraFindings = simulateDocuments(docs, defs.store, { today: asOf ?? todayUtc() }).findings;
    io.err(`ailz: policy simulation against ${defs.store.description}: ${extraFindings.length} finding(s)`);
  }
  const result = evaluate(docs, { suppressions: config.suppressions, asOf, extraFindings });
  for (const f of result.findings) io.err(`${f.severity}: ${findingLine(f)}`);
  for (const s of result.unmatchedSuppressions) io.err(`warning: suppression of ${s.rule} for ${s.resource} matches no finding; remove it from the config`);
  if (hasBlockingFindings(result)) {
    const errors = result.findings.filter((f) => f.severity === 'error' && !f.suppressed).length;
    throw new UserError(`${errors} guardrail error${errors === 1 ? '' : 's'}: fix them or add a justified suppression (an Azure Policy Deny needs a policyExemptions entry); nothing was written`, 1);
  }
  writeFileSync(join(dir, FINDINGS_FILE), `${formatFindings(result, 'json', { relativeTo: dir }).trimEnd()}\n`);
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Options every command that reads Azure takes. */
function azureOptions(c: Command): Command {
  return c
    .option('--cloud <name>', 'AzureCloud | AzureUSGovernment | AzureChinaCloud: sets the sign-in authority, the ARM endpoint and the token scope together', 'AzureCloud')
    .option('--arm-endpoint <url>', 'override the ARM endpoint alone (https)')
    .option('--concurrency <n>', 'ARM requests in flight at once (1-64)', '16');
}

function scopeOptions(c: Command): Command {
  return azureOptions(c)
    .option('--management-group <id>', 'assess the subscriptions under this management group (repeatable)', collect)
    .option('--subscription <id>', 'assess this subscription (repeatable)', collect)
    .option('--graph-endpoint <url>', 'override the Microsoft Graph endpoint (https)')
    .option('--no-graph', 'skip the Microsoft Graph directory read (deleted principals, guests)');
}

/**
 * Runs the CLI with `argv` (without node and script); resolves to the exit code. `deps` lets tests give
 * the Azure commands a static credential, the fake server's CA and a clock that never sleeps.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo, deps: AzureDeps = {}): Promise<number> {
  let exitCode = 0;
  const program = new Command('ailz')
    .description('Secure AI landing zone for Azure: one reviewed config in, hardened and guardrail-checked Terraform out.')
    .version((require('../package.json') as { version: string }).version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .showHelpAfterError('(run `ailz --help` for usage)')
    .enablePositionalOptions();

  program
    .command('synth')
    .description('validate the config, build every stack, check it against the guardrails and write DIR/stacks/<stack>/cdk.tf.json (atomic: nothing is written on error)')
    .option('-c, --config <file>', 'landing-zone config', process.env.LANDING_ZONE_CONFIG || DEFAULT_CONFIG)
    .option('-o, --out <dir>', 'output directory', DEFAULT_OUT)
    .option('--hcl', 'write HCL (stacks/<stack>/cdk.tf) instead of JSON; the guardrails still judge the JSON form first')
    .option('--as-of <date>', AS_OF_HELP)
    .option('--policy-definitions <path>', 'policy definitions for the policy gate: a directory (ailz policy pull) or a catalog file (default: .ailz/policy-definitions beside the config)')
    .action((opts: { config: string; out: string; hcl?: boolean; asOf?: string; policyDefinitions?: string }) => {
      const asOf = asOfDate(opts.asOf);
      const config = loadConfig(opts.config, asOf, io);
      // State written inside the output by ailz 0.1 would be deleted with it.
      refuseStateInOutput(opts.out);
      const definitions = lookupDefinitions(opts.policyDefinitions, opts.config);
      // Loaded here, not at the top: cdktf and the provider classes cost most of a process start.
      const { synthesizeTo } = require('./synth') as typeof import('./synth');
      writeAtomically(opts.out, (tmp) => {
        synthesizeTo(config, tmp);
        gate(tmp, config, io, asOf, { definitions });
        if (opts.hcl) {
          const findings = readFileSync(join(tmp, FINDINGS_FILE), 'utf8');
          rmSync(tmp, { recursive: true, force: true });
          synthesizeTo(config, tmp, 'hcl');
          writeFileSync(join(tmp, FINDINGS_FILE), findings);
        }
      });
      io.out(`ailz: synthesized ${2 + config.workloads.length} stacks to ${opts.out}/stacks`);
    });

  program
    .command('validate')
    .description('validate the config only')
    .option('-c, --config <file>', 'landing-zone config', process.env.LANDING_ZONE_CONFIG || DEFAULT_CONFIG)
    .option('--as-of <date>', AS_OF_HELP)
    .action((opts: { config: string; asOf?: string }) => {
      const config = loadConfig(opts.config, asOfDate(opts.asOf), io);
      io.out(`ailz: ${opts.config} is valid (${config.workloads.length} workloads)`);
    });

  program
    .command('check')
    .description('evaluate Terraform JSON as Terraform reads it (a synth output DIR/stacks/*/, a directory of *.tf.json files, or one .tf.json file) against the guardrail catalog')
    .requiredOption('-d, --dir <path>', 'synth output, module directory or .tf.json file (repeatable)', collect, [])
    .option('-f, --format <format>', 'text | json | markdown | sarif', 'text')
    .option('-c, --config <file>', 'apply the suppressions of this landing-zone config, and point findings at its lines')
    .option('--as-of <date>', AS_OF_HELP)
    .option('--policy', 'also simulate the Azure Policy assignments of the governance stack against every stack')
    .option('--policy-definitions <path>', 'with --policy: a definitions directory (ailz policy pull) or a catalog file (default: .ailz/policy-definitions beside the config)')
    .option('--stack-kind <path=kind>', 'judge the input at PATH as a workload, platform, governance or generic stack (repeatable)', collect, [])
    .option('--sarif-base <dir>', 'SARIF URIs are relative to this directory, the repository root (default: the current directory)')
    .action((opts: { dir: string[]; format: string; config?: string; asOf?: string; policy?: boolean; policyDefinitions?: string; stackKind: string[]; sarifBase?: string }) => {
      const asOf = asOfDate(opts.asOf);
      // Only the suppressions are used: the guardrails judge the deployments of the Terraform itself.
      const suppressions = opts.config ? loadConfig(opts.config, asOf, io, false).suppressions : undefined;
      exitCode = runCheck({
        dir: opts.dir, format: opts.format, suppressions, asOf, today: asOf, policy: opts.policy, policyDefinitions: opts.policyDefinitions, config: opts.config,
        stackKinds: opts.stackKind, sarifBase: opts.sarifBase,
      }, io);
    });

  // `ailz policy pull` (below, with the Azure commands) and `ailz policy explain` share one command group.
  const policy = program.command('policy').description('Azure Policy: pull definitions from the tenant; explain the simulation');
  policy
    .command('explain')
    .description('print the evaluation trace of one assignment on one resource, condition by condition')
    .requiredOption('--assignment <name>', 'policy assignment name (as in AZPOLICY-<EFFECT>:<name>)')
    .requiredOption('--resource <stack/address>', 'the resource: <stack>/<terraform address>')
    .option('-d, --dir <path>', 'synth output directory', DEFAULT_OUT)
    .option('--policy-definitions <path>', 'a definitions directory (ailz policy pull) or a catalog file (default: .ailz/policy-definitions beside the config)')
    .option('-c, --config <file>', 'landing-zone config (locates the definitions cache)')
    .option('--as-of <date>', AS_OF_HELP)
    .action((opts: { assignment: string; resource: string; dir: string; policyDefinitions?: string; config?: string; asOf?: string }) => {
      exitCode = runPolicyExplain({ ...opts, today: asOfDate(opts.asOf) }, io);
    });

  program
    .command('rules')
    .description('list the guardrail rule catalog')
    .option('-f, --format <format>', 'text | json | markdown', 'text')
    .action((opts: { format: string }) => {
      exitCode = runRules({ format: opts.format }, io);
    });

  program
    .command('diagram')
    .description('draw the landing zone as a Mermaid flowchart (management groups and subscriptions, hub and spokes, private endpoints and their services, monitoring), from the config or a synth output')
    .option('-c, --config <file>', `landing-zone config (default: $LANDING_ZONE_CONFIG, else ${DEFAULT_CONFIG})`)
    .option('-d, --dir <path>', 'a synth output directory (DIR/stacks/*/cdk.tf.json) or one .tf.json file, of any ailz version, instead of the config')
    .option('-f, --format <format>', 'mermaid | markdown (a ```mermaid block GitHub renders); default: markdown for an --out ending in .md, else mermaid')
    .option('-o, --out <file>', 'write the diagram here instead of stdout')
    .option('--detail <level>', 'auto | full | compact | summary: auto draws the most detail GitHub renders (50,000 characters, 500 edges)', 'auto')
    .action((opts: DiagramFlags) => {
      const { runDiagram } = require('./commands/diagram') as typeof import('./commands/diagram');
      const asOf = asOfDate(undefined);
      exitCode = runDiagram(opts, io, (file) => loadConfig(file, asOf, io, false), process.env.LANDING_ZONE_CONFIG || DEFAULT_CONFIG);
    });

  const assessCmd = scopeOptions(program
    .command('assess')
    .description('assess a live tenant: inventory of AI resources, shadow AI, posture under the guardrail rule IDs, access, governance, drift (read-only)'))
    .option('-c, --config <file>', 'landing-zone config: its AI management groups and workload subscriptions (shadow AI, production)')
    .option('--against <dir>', 'a synth output: workload subscriptions, and drift between it and what runs')
    .option('-f, --format <format>', 'html | markdown | json | sarif (default: from --out\'s extension, else markdown)')
    .option('-o, --out <file>', 'write the report here instead of stdout')
    .option('--baseline <file>', 'a previous JSON report: report only what is new or resolved')
    .option('--fail-on <severity>', 'exit 1 when a finding is at or above: error | warning | none', 'error')
    .option('--from-export <dir>', 'assess a saved export (ailz assess export) instead of the tenant')
    .action(async (opts: AssessFlags) => {
      const { runAssess } = require('./commands/assess') as typeof import('./commands/assess');
      exitCode = await runAssess(opts, io, deps);
    })
    // `assess export --out DIR`: options after the subcommand are the subcommand's, not assess's --out.
    .enablePositionalOptions();
  scopeOptions(assessCmd
    .command('export')
    .description('save the raw Resource Graph and ARM responses to DIR (one file per table; the export contract in README)'))
    .requiredOption('-o, --out <dir>', 'a new or empty directory')
    .action(async (opts: AssessFlags) => {
      const { runAssessExport } = require('./commands/assess') as typeof import('./commands/assess');
      exitCode = await runAssessExport(opts, io, deps);
    });

  azureOptions(policy
    .command('pull')
    .description('read the policy definitions of every ailz assignment from the tenant into .ailz/policy-definitions/ beside the config'))
    .option('-c, --config <file>', 'landing-zone config', process.env.LANDING_ZONE_CONFIG || DEFAULT_CONFIG)
    .option('--scope <managementGroup>', 'also the effective assignments at this management group, and their definitions')
    .action(async (opts: { config: string; scope?: string }) => {
      const { runPolicyPull } = require('./commands/policy-pull') as typeof import('./commands/policy-pull');
      exitCode = await runPolicyPull(opts, io, deps);
    });

  program
    .command('schema')
    .description('print the JSON Schema of the config')
    .action(() => {
      io.out(`${JSON.stringify(configJsonSchema(), null, 2)}`);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    exitCode = exitCodeFor(e, io);
  }
  return exitCode;
}

function exitCodeFor(e: unknown, io: CliIo): number {
  if (e instanceof CommanderError) {
    // --help and --version exit 0; everything else commander rejects is a usage error (already printed).
    return e.exitCode === 0 ? 0 : 2;
  }
  if (e instanceof ConfigError) {
    for (const p of e.problems) io.err(p);
    io.err(`ailz: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in the config; nothing was written`);
    return 1;
  }
  if (e instanceof UserError) {
    io.err(`ailz: ${e.message}`);
    return e.exitCode;
  }
  if (e instanceof NamingError) {
    io.err(`ailz: ${e.message}; nothing was written`);
    return 1;
  }
  const err = e as Error;
  io.err(`ailz: internal error: ${err?.message ?? String(e)}`);
  if (process.env.AILZ_DEBUG) io.err(err?.stack ?? '');
  else io.err('ailz: set AILZ_DEBUG=1 for the stack trace, and please report it');
  return 1;
}
