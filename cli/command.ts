/**
 * The shape of an `ailz` command. Each command is one file in `cli/commands/` that default-exports
 * `defineCommand({...})`; `cli/main.ts` lists them. Adding a command is that file plus one line in
 * main.ts's COMMANDS.
 *
 * A command file stays light: `ailz --help` and every other command load it. Work that needs heavy
 * modules (cdktf, the Azure clients) lives beside it (cli/synth.ts, cli/run/) and is `require`d
 * inside `run`.
 *
 * A command's `run` returns its exit code when it completed (EXIT.OK, EXIT.FINDINGS from
 * `findingsExitCode`, EXIT.PARTIAL) and throws for everything else: `UserError(message, exitCode)`,
 * `ExternalCommandError`, a `ConfigError`, a file-system error (see cli/errors.ts, which maps each
 * to the table). Commands print results on `ctx.io.out` and diagnostics on `ctx.io.err`.
 */
import { Command, Option } from 'commander';
import type { Severity } from '../guardrails/types';
import type { AzureDeps } from './run/azure';
import { CliIo, UserError } from './errors';
import { EXIT, ExitCode } from './exit-codes';

export interface CommandContext {
  readonly io: CliIo;
  /** The environment the command reads defaults from (LANDING_ZONE_CONFIG, AILZ_AS_OF, ...). */
  readonly env: NodeJS.ProcessEnv;
  /** What tests inject into the commands that talk to Azure (a static credential, a CA, a clock). */
  readonly deps: AzureDeps;
}

export interface CommandSpec<Opts = Record<string, unknown>> {
  /** `synth`; `policy pull` makes a subcommand of the group `policy` (created once, shared). */
  readonly name: string;
  readonly description: string;
  /** For a subcommand (`policy pull`): the description of its group, if this command creates it. */
  readonly groupDescription?: string;
  /** Adds arguments and options to the command (use the shared options below where they apply). */
  readonly configure?: (cmd: Command, ctx: CommandContext) => Command | void;
  /** Does the work; resolves to its exit code (cli/exit-codes.ts). `args` are the positional arguments declared in `configure`. */
  readonly run: (opts: Opts, ctx: CommandContext, args: string[]) => ExitCode | number | Promise<ExitCode | number>;
}

export interface CliCommand {
  readonly name: string;
  /** Adds the command to `program`; the action records its exit code through `setExitCode`. */
  register(program: Command, ctx: CommandContext, setExitCode: (code: number) => void): void;
}

export function defineCommand<Opts = Record<string, unknown>>(spec: CommandSpec<Opts>): CliCommand {
  return {
    name: spec.name,
    register(program, ctx, setExitCode) {
      const words = spec.name.split(' ');
      let parent = program;
      for (const group of words.slice(0, -1)) {
        parent = parent.commands.find((c) => c.name() === group) ?? parent.command(group).description(spec.groupDescription ?? `${group} commands`);
      }
      const cmd = parent.command(words[words.length - 1]).description(spec.description);
      spec.configure?.(cmd, ctx);
      cmd.action(async (...params: unknown[]) => {
        // commander passes the declared arguments, then the options object, then the command.
        const args = params.slice(0, -2).map((a) => a as string);
        const opts = params[params.length - 2] as Opts;
        setExitCode(await spec.run(opts, ctx, args));
      });
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Shared options: the same flag means the same thing in every command.

export const DEFAULT_CONFIG = 'landing-zone.yaml';
export const DEFAULT_OUT = 'cdktf.out';

/** `-c, --config <file>`, defaulting to $LANDING_ZONE_CONFIG or landing-zone.yaml. */
export function configOption(cmd: Command, ctx: CommandContext): Command {
  return cmd.option('-c, --config <file>', 'landing-zone config', ctx.env.LANDING_ZONE_CONFIG || DEFAULT_CONFIG);
}

/** Severities `--fail-on` accepts, weakest last; `none` reports without failing. */
export type FailOn = Severity | 'none';
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 2, warning: 1 };

/**
 * `--fail-on <severity>`: findings at or above it exit 1 (default `error`). `allowNone` offers
 * `none` (report only); synth does not, because its gate is what keeps insecure output from being written.
 */
export function failOnOption(cmd: Command, opts: { allowNone: boolean }): Command {
  const choices = opts.allowNone ? ['error', 'warning', 'none'] : ['error', 'warning'];
  return cmd.addOption(
    new Option('--fail-on <severity>', 'exit 1 when a finding at or above this severity is not suppressed').choices(choices).default('error'),
  );
}

/** Whether an unsuppressed finding reaches `failOn`. */
export function failsOn(findings: readonly { severity: Severity; suppressed?: unknown }[], failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return findings.some((f) => !f.suppressed && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
}

/** EXIT.FINDINGS when an unsuppressed finding reaches `failOn`, else EXIT.OK. */
export function findingsExitCode(findings: readonly { severity: Severity; suppressed?: unknown }[], failOn: FailOn = 'error'): ExitCode {
  return failsOn(findings, failOn) ? EXIT.FINDINGS : EXIT.OK;
}

/** Checks a `--fail-on` value given programmatically (commander checks the flag itself). */
export function parseFailOn(value: string, allowNone = true): FailOn {
  const ok = allowNone ? ['error', 'warning', 'none'] : ['error', 'warning'];
  if (!ok.includes(value)) throw new UserError(`--fail-on: unknown severity "${value}"; expected one of ${ok.join(', ')}`, EXIT.USAGE);
  return value as FailOn;
}
