/**
 * The run behind `ailz plan` and `ailz apply`: the deploy runner (deploy/) with the CLI's exit codes (README
 * "`ailz plan` and `ailz apply`"). The runner knows nothing of the CLI: it returns what happened and throws
 * DeployError with a kind, which is mapped here to the table of cli/errors.ts: `usage` 2, `environment` 3;
 * a failed terraform is a result, reported as ExternalCommandError (5, naming the command, the stack and
 * terraform's exit code).
 */
import { deploy, DeployError, locateTerraform, readSynthOutput, selectStacks } from '../../deploy';
import type { CommandContext } from '../command';
import type { DeployFlags, DeployMode } from '../deploy-options';
import { ExternalCommandError, UserError } from '../errors';
import { EXIT, ExitCode } from '../exit-codes';

/**
 * Runs the stacks. Resolves to EXIT.OK when every stack ran or waits; throws otherwise. After a signal the
 * process ends by that signal, once the run has stopped and said so (as when terraform is run by hand).
 */
export async function runDeploy(mode: DeployMode, flags: DeployFlags, terraformArgs: readonly string[], ctx: Pick<CommandContext, 'io' | 'env'>): Promise<ExitCode> {
  const { io, env } = ctx;
  const cwd = process.cwd();
  try {
    const synth = readSynthOutput(flags.out, cwd);
    const stacks = selectStacks(synth, flags.stack);
    const terraform = locateTerraform(flags.terraform, env, cwd);
    const result = await deploy({
      mode,
      synth,
      stacks,
      terraform,
      terraformArgs,
      interactive: process.stdin.isTTY === true && !truthy(env.CI),
      env,
      cwd,
      report: (line) => io.out(line),
      terraformOutput: 'inherit',
      githubActions: env.GITHUB_ACTIONS === 'true',
      allowLocalStateInCi: flags.allowLocalState === true,
    });
    const f = result.failed;
    const failure = f ? new ExternalCommandError(f.failedCommand ?? `terraform ${mode}`, f.stack, f.exitCode ?? null, stackHint(f.detail)) : undefined;
    if (result.interrupted) {
      io.err(`ailz: ${mode} interrupted by ${result.interrupted}${failure ? `: ${failure.message}` : ''}; no further stack was started`);
      process.kill(process.pid, result.interrupted);
    }
    if (failure) throw failure;
    return EXIT.OK;
  } catch (e) {
    if (e instanceof DeployError) {
      throw new UserError(e.message, e.kind === 'usage' ? EXIT.USAGE : EXIT.ENVIRONMENT);
    }
    throw e;
  }
}

/** The runner's hint after "failed: <command> (exit n); ", if it gave one. */
function stackHint(detail: string): string | undefined {
  const m = /^failed: [^(]*\([^)]*\); (.*)$/.exec(detail);
  return m ? m[1] : undefined;
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}
