/**
 * Errors the CLI reports, and the one mapping from an error to the exit-code table (cli/exit-codes.ts,
 * README "Exit codes"). Commands throw; `exitCodeFor` prints one line per problem and picks the code.
 * User and environment problems never print a stack trace.
 */
import { ConfigError } from '../config/load';
import { NamingError } from '../constructs/core/naming';
import { EXIT, ExitCode } from './exit-codes';

/** Where a command writes what it has to say. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Raw stdout for streamed reports (a large `check` writes its report as it goes). */
  write?(chunk: string): void;
}

/**
 * A problem the user must fix (bad input, refused output location, a read-only disk): printed as
 * `ailz: <message>` without a stack trace. The message names the file or flag and the cause.
 */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: ExitCode = EXIT.USAGE) {
    super(message);
    this.name = 'UserError';
  }
}

/**
 * An external command (terraform) failed. The message names the stack and the command's exit code,
 * e.g. `terraform plan failed for stack workload-chat (exit 1)`; exit code 5.
 */
export class ExternalCommandError extends UserError {
  constructor(readonly command: string, readonly stack: string, readonly commandExitCode: number | null, detail?: string) {
    super(`${command} failed for stack ${stack} (${commandExitCode === null ? 'killed by a signal' : `exit ${commandExitCode}`})${detail ? `: ${detail}` : ''}`, EXIT.EXTERNAL);
    this.name = 'ExternalCommandError';
  }
}

/** The exit code of a bug (not part of the contract's table): sysexits' EX_SOFTWARE, never mistaken for findings. */
export const INTERNAL_ERROR_EXIT = 70;

/**
 * errno codes that say the machine, not the input, is the problem: permissions, a read-only or full
 * disk, too many open files, an I/O error. Everything else about a path (missing, not a file, a
 * dangling symlink, a loop) is an input problem.
 */
const ENVIRONMENT_ERRNO: ReadonlySet<string> = new Set([
  'EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EMFILE', 'ENFILE', 'EIO', 'EBUSY', 'ETXTBSY', 'EAGAIN', 'ENOMEM',
]);

const ERRNO_CAUSES: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  EBUSY: 'resource busy',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a path component is not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EEXIST: 'already exists',
  ENOTEMPTY: 'directory not empty',
  EXDEV: 'on another file system',
};

/** True for a Node.js system error (`err.code` such as `EACCES`). */
export function isErrnoError(e: unknown): e is NodeJS.ErrnoException {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code!);
}

/** The exit code for a failed file-system call: 3 for the environment (permissions, disk), 2 otherwise. */
export function errnoExitCode(code: string | undefined): ExitCode {
  return code !== undefined && ENVIRONMENT_ERRNO.has(code) ? EXIT.ENVIRONMENT : EXIT.USAGE;
}

/** A short human cause for an errno code: `permission denied (EACCES)`. */
export function errnoCause(code: string | undefined): string {
  if (!code) return 'unknown error';
  return ERRNO_CAUSES[code] ? `${ERRNO_CAUSES[code]} (${code})` : code;
}

/** `cannot open /x/cdk.tf.json: permission denied (EACCES)` for a system error Node raised. */
export function describeErrno(e: NodeJS.ErrnoException): string {
  const verb = e.syscall === 'open' || e.syscall === 'read' ? 'read' : e.syscall ?? 'access';
  return `cannot ${verb}${e.path ? ` ${e.path}` : ''}: ${errnoCause(e.code)}`;
}

/**
 * Turns a failed file-system call into a one-line UserError naming the file and the cause, with the
 * exit code of the table: `cannot read landing-zone.yaml: permission denied (EACCES)`.
 * Anything that is not a system error is returned unchanged (a bug stays a bug).
 */
export function fileError(e: unknown, action: string, file: string): unknown {
  if (!isErrnoError(e)) return e;
  return new UserError(`cannot ${action} ${file}: ${errnoCause(e.code)}`, errnoExitCode(e.code));
}

/**
 * Prints `e` the way the table says and returns its exit code. Every command's failure goes through
 * here (runCli calls it for anything a command throws); commands that handle several stacks may call
 * it per stack and combine the codes with `worstExitCode`.
 */
export function exitCodeFor(e: unknown, io: CliIo): number {
  if (e instanceof ConfigError) {
    for (const p of e.problems) io.err(p);
    io.err(`ailz: ${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} in the config; nothing was written`);
    return errnoExitCode(e.errno);
  }
  if (e instanceof UserError) {
    io.err(`ailz: ${e.message}`);
    return e.exitCode;
  }
  // A construct rejecting a value the config let through (a name too long for its resource type).
  if (e instanceof NamingError) {
    io.err(`ailz: ${e.message}; nothing was written`);
    return EXIT.USAGE;
  }
  // A file-system failure no command anticipated still names its path and cause, never "internal error".
  if (isErrnoError(e)) {
    io.err(`ailz: ${describeErrno(e)}`);
    return errnoExitCode(e.code);
  }
  if (e instanceof RangeError && /call stack/i.test(e.message)) {
    io.err('ailz: the input is nested too deeply to process');
    return EXIT.USAGE;
  }
  const err = e as Error;
  io.err(`ailz: internal error: ${err?.message ?? String(e)}`);
  if (process.env.AILZ_DEBUG) io.err(err?.stack ?? '');
  else io.err('ailz: set AILZ_DEBUG=1 for the stack trace, and please report it');
  return INTERNAL_ERROR_EXIT;
}

/**
 * The code a multi-part run (several stacks, several scopes) ends with: the most severe of its parts.
 * Order: internal error, external command, environment, usage, partial, findings, ok.
 */
export function worstExitCode(codes: readonly number[]): number {
  const rank = [EXIT.OK, EXIT.FINDINGS, EXIT.PARTIAL, EXIT.USAGE, EXIT.ENVIRONMENT, EXIT.EXTERNAL, INTERNAL_ERROR_EXIT] as number[];
  let worst: number = EXIT.OK;
  for (const c of codes) {
    if (!rank.includes(c)) return c;
    if (rank.indexOf(c) > rank.indexOf(worst)) worst = c;
  }
  return worst;
}
