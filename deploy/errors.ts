/**
 * Errors of the deploy runner. The runner sits below the CLI and knows nothing of its exit codes: it says
 * what kind of problem it met, and `cli/run/deploy.ts` maps the kind to the exit-code table
 * (`usage` 2, `environment` 3).
 */
export type DeployErrorKind =
  /** Bad flags, an unknown stack, no synth output or one ailz cannot read: the user fixes the input. */
  | 'usage'
  /** The machine: terraform missing, not executable, too old; a file the runner may not read or write. */
  | 'environment';
// Terraform failing is not an error of the runner: it is a result (DeployResult.failed, with the stack, the
// command and terraform's exit code), which the CLI reports as an external command failure (exit 5).

export class DeployError extends Error {
  constructor(message: string, readonly kind: DeployErrorKind) {
    super(message);
    this.name = 'DeployError';
  }
}
