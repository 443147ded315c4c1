/**
 * The one exit-code contract of every `ailz` command, present and future (README "Exit codes").
 * A CI script must be able to tell a broken config from a security finding from a broken runner.
 */
export const EXIT = {
  /** Everything ran; no finding at or above `--fail-on`. */
  OK: 0,
  /** Findings at or above `--fail-on` (default `error`). */
  FINDINGS: 1,
  /** Usage or invalid input: bad flags, an invalid config, unreadable or non-Terraform input. */
  USAGE: 2,
  /** Environment: permissions, disk, network, Azure authentication. */
  ENVIRONMENT: 3,
  /** Partial result: a scope could not be read (the output says which). */
  PARTIAL: 4,
  /** An external command (terraform) failed; the message names the stack and its exit code. */
  EXTERNAL: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
