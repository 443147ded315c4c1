/**
 * Terraform, the user's install: finding it, reading its version, rendering each command exactly as it runs,
 * and running it. ailz never downloads or bundles Terraform.
 */
import { spawn, ChildProcess } from 'child_process';
import { accessSync, constants, statSync } from 'fs';
import { delimiter, resolve } from 'path';
import { DeployError } from './errors';

export interface TerraformBinary {
  /** How commands print it: `terraform`, or the `--terraform` path as given. */
  readonly shown: string;
  /** The file that runs (absolute). */
  readonly path: string;
}

/** The oldest Terraform the stacks accept when they say nothing else (stacks/base-stack.ts TERRAFORM_REQUIRED_VERSION). */
export const MIN_TERRAFORM_VERSION = '1.8.0';

/**
 * The terraform to run: `--terraform PATH`, else the first `terraform` on PATH. Missing or not executable is
 * the environment's problem (exit 3), with what to do about it.
 */
export function locateTerraform(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string = process.cwd()): TerraformBinary {
  if (flag !== undefined) {
    if (flag === '') throw new DeployError('--terraform: empty path', 'usage');
    const path = resolve(cwd, flag);
    const problem = executableProblem(path);
    if (problem) throw new DeployError(`--terraform ${flag}: ${problem}`, 'environment');
    return { shown: flag, path };
  }
  const names = process.platform === 'win32'
    ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean).map((ext) => `terraform${ext.toLowerCase()}`)
    : ['terraform'];
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const skipped: string[] = [];
  for (const dir of dirs) {
    for (const name of names) {
      const path = resolve(cwd, dir, name);
      const problem = executableProblem(path);
      if (!problem) return { shown: 'terraform', path };
      if (!/no such file/.test(problem)) skipped.push(`${path} (${problem})`);
    }
  }
  const found = skipped.length > 0 ? `; found but unusable: ${skipped.join(', ')}` : '';
  throw new DeployError(
    `terraform not found on PATH${found}: install Terraform ${MIN_TERRAFORM_VERSION} or later (it is not an ailz dependency), or pass --terraform PATH`,
    'environment',
  );
}

function executableProblem(path: string): string | undefined {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file' : `cannot read it (${code})`;
  }
  if (st.isDirectory()) return 'is a directory';
  if (process.platform === 'win32') return undefined;
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return 'not executable (chmod +x, or install Terraform again)';
  }
  return undefined;
}

/** One terraform command as ailz runs and prints it. */
export interface TerraformInvocation {
  /** `-chdir=` value, as passed (relative to the directory ailz runs in); none for `version`. */
  readonly chdir?: string;
  /** Everything after the global options: `init -input=false`, `plan -out=...`. */
  readonly args: readonly string[];
  /** Environment variables ailz sets for this command (printed before it). */
  readonly env: Readonly<Record<string, string>>;
  /** Where ailz writes the command's standard output, as printed (`> file`); the command itself is unchanged. */
  readonly stdoutTo?: string;
}

/** The command line exactly as it runs, quoted for a POSIX shell: what the user can paste to run it by hand. */
export function renderCommand(bin: TerraformBinary, inv: TerraformInvocation): string {
  const env = Object.entries(inv.env).map(([k, v]) => `${k}=${shellQuote(v)}`);
  const argv = [bin.shown, ...(inv.chdir !== undefined ? [`-chdir=${inv.chdir}`] : []), ...inv.args].map(shellQuote);
  return [...env, ...argv, ...(inv.stdoutTo ? ['>', shellQuote(inv.stdoutTo)] : [])].join(' ');
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./=:@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Where terraform's output goes: the terminal itself, or callbacks (tests, and commands whose output ailz reads). */
export type TerraformOutput = 'inherit' | { stdout(chunk: string): void; stderr(chunk: string): void };

export interface RunOptions {
  readonly cwd: string;
  /** The environment terraform starts with; `inv.env` is laid over it. */
  readonly env: NodeJS.ProcessEnv;
  readonly output: TerraformOutput;
  /** Collect standard output (and error) instead of passing it on: `version -json`, `show -json`, `state list`. */
  readonly capture?: boolean;
  /**
   * Run terraform in its own process group. Without a terminal nobody else signals the group, and ailz
   * forwards each signal it gets exactly once (deploy/runner.ts); with a terminal terraform stays in the
   * foreground group, so that Ctrl-C reaches it directly and it can ask for approval.
   */
  readonly detached?: boolean;
  /** Called with the running child (signal forwarding). */
  readonly onSpawn?: (child: ChildProcess) => void;
}

export interface RunResult {
  /** Exit code, or null when a signal ended it. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one terraform command; resolves when it exits. A binary that cannot be started is an environment error. */
export function runTerraform(bin: TerraformBinary, inv: TerraformInvocation, opts: RunOptions): Promise<RunResult> {
  const argv = [...(inv.chdir !== undefined ? [`-chdir=${inv.chdir}`] : []), ...inv.args];
  const piped = opts.capture || opts.output !== 'inherit';
  return new Promise((resolvePromise, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(bin.path, argv, {
        cwd: opts.cwd,
        env: { ...opts.env, ...inv.env },
        stdio: ['inherit', piped ? 'pipe' : 'inherit', piped ? 'pipe' : 'inherit'],
        detached: opts.detached === true && process.platform !== 'win32',
        windowsHide: true,
      });
    } catch (e) {
      reject(startError(bin, e));
      return;
    }
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (opts.capture) stdout += chunk;
      else if (opts.output !== 'inherit') opts.output.stdout(chunk);
    });
    child.stderr?.on('data', (chunk: string) => {
      if (opts.capture) stderr += chunk;
      else if (opts.output !== 'inherit') opts.output.stderr(chunk);
    });
    child.on('error', (e) => reject(startError(bin, e)));
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
    opts.onSpawn?.(child);
  });
}

function startError(bin: TerraformBinary, e: unknown): DeployError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'ENOEXEC' ? 'not an executable for this machine' : (e as Error)?.message ?? String(e);
  return new DeployError(`cannot run ${bin.shown} (${bin.path}): ${why}`, 'environment');
}

/** `1.11.4` -> [1, 11, 4]; prerelease suffixes are ignored. */
export function parseVersion(v: string): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

export function versionAtLeast(v: string, min: string): boolean {
  const a = parseVersion(v);
  const b = parseVersion(min);
  if (!a || !b) return false;
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/**
 * The oldest version every stack accepts, from `required_version` constraints of the form `>= x.y.z` (what
 * ailz writes); other forms are left to Terraform, which checks them at init.
 */
export function minimumRequired(constraints: readonly (string | undefined)[]): string {
  let min = MIN_TERRAFORM_VERSION;
  for (const c of constraints) {
    const m = c ? /^\s*>=\s*(\d+\.\d+\.\d+)\s*$/.exec(c) : null;
    if (m && versionAtLeast(m[1], min)) min = m[1];
  }
  return min;
}
