/**
 * Which files `ailz check` reads, named as Terraform names them (hashicorp/terraform
 * `internal/configs/parser_file_matcher.go`, `parser_config_dir.go`):
 * - `*.tf.json` is JSON syntax, `*.tf` native syntax (suffixes are case-sensitive);
 * - `override.tf.json` / `*_override.tf.json` (and the `.tf` forms) are override files, merged after the others;
 * - hidden files (`.name`), editor backups (`name~`) and emacs lock files (`#name#`) are ignored;
 * - a directory is one module: its files, not its subdirectories.
 */
import * as fs from 'fs';
import * as path from 'path';

/** `check` refuses more Terraform JSON than this per run, before parsing (README "CLI"). */
export const MAX_CHECK_INPUT_BYTES = 128 * 1024 * 1024;

/** Bad input: every problem found, each naming its file (and position where there is one). Exit code 2. */
export class TerraformInputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems in the Terraform input:\n${problems.join('\n')}`);
    this.name = 'TerraformInputError';
  }
}

/** Terraform's `IsIgnoredFile`. */
export function isIgnoredFile(name: string): boolean {
  return name.startsWith('.') || name.endsWith('~') || (name.startsWith('#') && name.endsWith('#'));
}

/** Terraform's `fileExt` for configuration files: `.tf.json`, `.tf`, or undefined. */
export function configExtension(name: string): '.tf.json' | '.tf' | undefined {
  if (name.endsWith('.tf')) return '.tf';
  if (name.endsWith('.tf.json')) return '.tf.json';
  return undefined;
}

/** `override.tf(.json)` or `*_override.tf(.json)`. */
export function isOverrideFile(name: string): boolean {
  const ext = configExtension(name);
  if (!ext) return false;
  const base = name.slice(0, name.length - ext.length);
  return base === 'override' || base.endsWith('_override');
}

/** The configuration files of one directory, as Terraform would load them. */
export interface ModuleFiles {
  dir: string;
  /** `*.tf.json` primary files, sorted. */
  primary: string[];
  /** `*.tf.json` override files, sorted. */
  overrides: string[];
  /** `*.tf` files (primary and override): not read by ailz. */
  native: string[];
}

export function moduleFiles(dir: string): ModuleFiles {
  const out: ModuleFiles = { dir, primary: [], overrides: [], native: [] };
  // Sorted like Go's os.ReadDir (byte order), which Terraform's lexical processing follows.
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (isIgnoredFile(entry.name)) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(p))) continue;
    const ext = configExtension(entry.name);
    if (ext === '.tf') out.native.push(p);
    else if (ext === '.tf.json') (isOverrideFile(entry.name) ? out.overrides : out.primary).push(p);
  }
  return out;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** One configuration to check: a stack of a synth output, a module directory, or a single file. */
export interface StackInput {
  stack: string;
  /** The path the user gave (or the stack's directory under it). */
  input: string;
  dir?: string;
  primary: string[];
  overrides: string[];
  native: string[];
}

/**
 * Resolves a `--dir` argument: a synth output (`DIR/stacks/<stack>/`, one configuration per stack),
 * a directory of `*.tf.json` files (one configuration, named after the directory), or one JSON file
 * (named after the file, or after its directory for `cdk.tf.json`).
 */
export function discoverInputs(pathOrDir: string): StackInput[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(pathOrDir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new TerraformInputError([code === 'ENOENT' || code === 'ENOTDIR' ? `${pathOrDir}: no such file or directory` : `${pathOrDir}: cannot be read (${code ?? (e as Error).message})`]);
  }
  if (stat.isFile()) return [fileInput(pathOrDir)];
  if (!stat.isDirectory()) throw new TerraformInputError([`${pathOrDir}: not a file or directory`]);

  const stacksDir = path.join(pathOrDir, 'stacks');
  if (isDirectory(stacksDir)) {
    const inputs: StackInput[] = [];
    const nativeOnly: string[] = [];
    for (const name of fs.readdirSync(stacksDir).sort()) {
      const dir = path.join(stacksDir, name);
      if (isIgnoredFile(name) || !isDirectory(dir)) continue;
      const files = moduleFiles(dir);
      if (files.primary.length + files.overrides.length > 0) inputs.push({ stack: name, input: dir, dir, ...pick(files) });
      else if (files.native.length > 0) nativeOnly.push(...files.native);
    }
    if (inputs.length > 0) return inputs;
    if (nativeOnly.length > 0) throw new TerraformInputError([`${pathOrDir}: no Terraform JSON found: ${nativeOnly.map((f) => path.relative(pathOrDir, f)).join(', ')} ${nativeOnly.length === 1 ? 'is' : 'are'} HCL native syntax (a \`synth --hcl\` output?), which ailz check does not read; synthesize JSON (without --hcl) and check that`]);
  }
  const files = moduleFiles(pathOrDir);
  if (files.primary.length + files.overrides.length > 0) {
    return [{ stack: path.basename(path.resolve(pathOrDir)), input: pathOrDir, dir: pathOrDir, ...pick(files) }];
  }
  if (files.native.length > 0) {
    throw new TerraformInputError([`${pathOrDir}: no Terraform JSON found: ${files.native.map((f) => path.basename(f)).join(', ')} ${files.native.length === 1 ? 'is' : 'are'} HCL native syntax, which ailz check does not read (it reads *.tf.json; for a plan use \`terraform show -json\` and \`ailz review-plan\`)`]);
  }
  throw new TerraformInputError([`${pathOrDir}: no Terraform JSON found (expected ${path.join(pathOrDir, 'stacks', '<stack>', 'cdk.tf.json')}, *.tf.json files, or a .tf.json file)`]);
}

function pick(f: ModuleFiles) {
  return { primary: f.primary, overrides: f.overrides, native: f.native };
}

function fileInput(file: string): StackInput {
  const base = path.basename(file);
  if (configExtension(base) === '.tf') {
    throw new TerraformInputError([`${file}: HCL native syntax, which ailz check does not read: give it Terraform JSON (*.tf.json); for a plan use \`terraform show -json\` and \`ailz review-plan\``]);
  }
  if (!base.endsWith('.json')) throw new TerraformInputError([`${file}: expected a Terraform JSON file (*.tf.json)`]);
  if (isOverrideFile(base)) {
    throw new TerraformInputError([`${file}: an override file: Terraform merges it into the other files of its directory and never reads it alone; check the directory ${path.dirname(file)}`]);
  }
  const stack = base === 'cdk.tf.json' ? path.basename(path.dirname(path.resolve(file))) : base.replace(/\.tf\.json$/, '').replace(/\.json$/, '');
  return { stack, input: file, primary: [file], overrides: [], native: [] };
}

/** Fails before reading anything when the inputs exceed {@link MAX_CHECK_INPUT_BYTES}. */
export function checkInputSize(inputs: readonly StackInput[]): void {
  let total = 0;
  for (const i of inputs) for (const f of [...i.primary, ...i.overrides]) total += fs.statSync(f).size;
  if (total > MAX_CHECK_INPUT_BYTES) {
    const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    throw new TerraformInputError([`the Terraform JSON to check is ${mb(total)}, over the ${mb(MAX_CHECK_INPUT_BYTES)} ailz check reads in one run (its memory stays under 1 GB up to there): check the stacks separately`]);
  }
}

/** The file's text: UTF-8 (an invalid sequence is an error, not a silent U+FFFD), a leading BOM ignored as the YAML loader ignores it. */
export function readText(file: string): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new TerraformInputError([`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`]);
  }
  // Node's decoder turns invalid UTF-8 into U+FFFD: only then is the file decoded again, strictly.
  if (text.includes('\uFFFD')) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(fs.readFileSync(file));
    } catch {
      throw new TerraformInputError([`${file}: not valid UTF-8 (Terraform reads configuration files as UTF-8)`]);
    }
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
