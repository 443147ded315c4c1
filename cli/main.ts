/**
 * The `ailz` command line: registers the commands of `cli/commands/` and maps whatever they throw to
 * the exit-code table (cli/exit-codes.ts, README "Exit codes"). A new command is a file in
 * cli/commands/ (`export default defineCommand({...})`, see cli/command.ts) plus one line in COMMANDS.
 */
import { Command, CommanderError } from 'commander';
import type { CliCommand, CommandContext } from './command';
import { CliIo, exitCodeFor } from './errors';
import { EXIT } from './exit-codes';
import type { AzureDeps } from './run/azure';
import apply from './commands/apply';
import assess from './commands/assess';
import assessExport from './commands/assess-export';
import check from './commands/check';
import diagram from './commands/diagram';
import diff from './commands/diff';
import policyExplain from './commands/policy-explain';
import plan from './commands/plan';
import policyPull from './commands/policy-pull';
import reviewPlan from './commands/review-plan';
import rules from './commands/rules';
import schema from './commands/schema';
import synth from './commands/synth';
import validate from './commands/validate';

export type { CliIo } from './errors';
export { DEFAULT_CONFIG, DEFAULT_OUT } from './command';
export { FINDINGS_FILE, gate } from './gate';

/** Every command, in the order `ailz --help` lists them (a subcommand after its group's command). */
const COMMANDS: readonly CliCommand[] = [
  synth,
  validate,
  check,
  plan,
  apply,
  policyExplain,
  rules,
  diagram,
  diff,
  reviewPlan,
  assess,
  assessExport,
  policyPull,
  schema,
];

const processIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  write: (t) => process.stdout.write(t),
};

/**
 * Runs the CLI with `argv` (without node and script); resolves to the exit code. `deps` lets tests give
 * the Azure commands a static credential, the fake server's CA and a clock that never sleeps.
 */
export function runCli(argv: readonly string[], io: CliIo = processIo, deps: AzureDeps = {}): Promise<number> {
  return runCommands(COMMANDS, argv, { io, env: process.env, deps });
}

/** Runs `argv` against a given command list (runCli's engine; tests use it with commands of their own). */
export async function runCommands(commands: readonly CliCommand[], argv: readonly string[], ctx: CommandContext): Promise<number> {
  let exitCode: number = EXIT.OK;
  const { io } = ctx;
  const program = new Command('ailz')
    .description('Secure AI landing zone for Azure: one reviewed config in, hardened and guardrail-checked Terraform out.')
    .version((require('../package.json') as { version: string }).version, '-V, --version')
    .configureOutput({ writeOut: (s) => io.out(s.replace(/\n$/, '')), writeErr: (s) => io.err(s.replace(/\n$/, '')) })
    .showHelpAfterError('(run `ailz --help` for usage)')
    .enablePositionalOptions();
  for (const command of commands) command.register(program, ctx, (code) => { exitCode = code; });
  exitOverrideAll(program);

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    // --help and --version exit 0; everything else commander rejects is a usage error (already printed).
    if (e instanceof CommanderError) exitCode = e.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    else exitCode = exitCodeFor(e, io);
  }
  return exitCode;
}

/** Commander errors throw instead of exiting the process, in every (sub)command. */
function exitOverrideAll(cmd: Command): void {
  cmd.exitOverride();
  for (const sub of cmd.commands) exitOverrideAll(sub);
}
