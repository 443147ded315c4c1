/**
 * The stack graph of a synth output, as `ailz plan` and `ailz apply` need it: each stack's working directory,
 * its dependencies in apply order, the plan-time lookups that fail while a predecessor is not applied, its
 * state backend and its pinned providers. Read from the files synth writes (`manifest.json`, cdktf's format,
 * and `ailz-stacks.json`, README "Plan and apply"); plan and apply never synthesize.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'fs';
import { dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'path';
import { DeployError } from './errors';

/** The manifest cdktf writes (and `npx cdktf-cli synth` too). */
export const MANIFEST_FILE = 'manifest.json';
/** The stack order file ailz synth writes beside the manifest (cli/synth.ts STACK_ORDER_FILE). */
export const STACK_ORDER_FILE = 'ailz-stacks.json';
/** The newest `ailz-stacks.json` format this runner reads. */
export const STACK_ORDER_SCHEMA_VERSION = 1;

/** A plan-time lookup of an object another stack creates (ailz-stacks.json `predecessorLookups[]`). */
export interface PredecessorLookup {
  readonly stack: string;
  readonly dataSource: string;
  readonly what: string;
}

/** Where a stack keeps its state, as its Terraform configuration says. */
export type StackBackend =
  /** The local backend; `path` is as written, relative to the stack directory Terraform runs in. */
  | { readonly type: 'local'; readonly path: string }
  /** Any other backend (azurerm, ...): only Terraform itself can read that state. */
  | { readonly type: string; readonly path?: undefined };

export interface DeployStack {
  readonly name: string;
  /** The stack directory Terraform runs in (absolute). */
  readonly dir: string;
  /** Stacks to apply first (direct dependencies). */
  readonly dependsOn: readonly string[];
  /**
   * The plan-time lookups of objects that other stacks create; `undefined` when the output has no
   * `ailz-stacks.json` (a foreign cdktf output), in which case every dependency is treated as looked up.
   */
  readonly predecessorLookups?: readonly PredecessorLookup[];
  readonly backend: StackBackend;
  /** `required_providers` with an exact version: registry address (`registry.terraform.io/hashicorp/azurerm`) to version. */
  readonly providerPins: Readonly<Record<string, string>>;
  /** False for an HCL output (`cdk.tf`): its required providers are not read. */
  readonly providersKnown: boolean;
  /** `terraform.required_version`, when the stack says one. */
  readonly requiredVersion?: string;
}

export interface SynthOutput {
  /** `--out` as given. */
  readonly outArg: string;
  /** The output directory, symlinks resolved (Terraform resolves the relative state path physically). */
  readonly dir: string;
  /** The directory that holds the output: where local state lives (`../../../terraform.<stack>.tfstate`). */
  readonly root: string;
  /** Every stack, in apply order. */
  readonly stacks: readonly DeployStack[];
  /** Where the order came from. */
  readonly orderSource: typeof STACK_ORDER_FILE | typeof MANIFEST_FILE;
}

/** A stack name becomes a file name (plan files, data directories): cdktf allows more than that. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Reads the synth output at `outArg` (relative to `cwd`). Throws DeployError for anything it cannot use. */
export function readSynthOutput(outArg: string, cwd: string = process.cwd()): SynthOutput {
  const given = resolve(cwd, outArg);
  if (!existsSync(given)) {
    throw new DeployError(`no synth output at ${outArg}: run \`ailz synth\` first (plan and apply never synthesize)`, 'usage');
  }
  const dir = realpath(given, outArg);
  if (!statSync(dir).isDirectory()) throw new DeployError(`--out ${outArg}: not a directory`, 'usage');
  const manifestPath = join(dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) {
    throw new DeployError(`--out ${outArg} is not a synth output (no ${MANIFEST_FILE}): run \`ailz synth\` first`, 'usage');
  }
  const manifest = readJson(manifestPath, `${outArg}/${MANIFEST_FILE}`) as { stacks?: unknown };
  if (!isRecord(manifest) || !isRecord(manifest.stacks) || Object.keys(manifest.stacks).length === 0) {
    throw new DeployError(`${outArg}/${MANIFEST_FILE}: no stacks (expected cdktf's manifest with "stacks"); run \`ailz synth\` again`, 'usage');
  }
  const manifestStacks = new Map<string, { dependencies: string[]; workingDirectory: string }>();
  for (const [name, raw] of Object.entries(manifest.stacks)) {
    const entry = raw as { dependencies?: unknown; workingDirectory?: unknown };
    if (!SAFE_NAME.test(name)) throw new DeployError(`${outArg}/${MANIFEST_FILE}: stack name ${JSON.stringify(name)} is not a plain name (letters, digits, . _ -)`, 'usage');
    const deps = Array.isArray(entry?.dependencies) ? entry.dependencies : [];
    const wd = typeof entry?.workingDirectory === 'string' ? entry.workingDirectory : `stacks/${name}`;
    if (isAbsolute(wd) || normalize(wd).split(sep).includes('..')) {
      throw new DeployError(`${outArg}/${MANIFEST_FILE}: stack ${name}: workingDirectory ${JSON.stringify(wd)} leaves the output directory`, 'usage');
    }
    manifestStacks.set(name, { dependencies: deps.map(String), workingDirectory: wd });
  }
  for (const [name, s] of manifestStacks) {
    for (const d of s.dependencies) {
      if (!manifestStacks.has(d)) throw new DeployError(`${outArg}/${MANIFEST_FILE}: stack ${name} depends on ${d}, which is not in the output`, 'usage');
    }
  }

  const orderPath = join(dir, STACK_ORDER_FILE);
  const order = existsSync(orderPath) ? readStackOrder(orderPath, outArg, manifestStacks) : undefined;
  const names = order ? order.map((o) => o.stack) : topologicalOrder(manifestStacks, outArg);

  const stacks = names.map((name): DeployStack => {
    const m = manifestStacks.get(name)!;
    const stackDir = join(dir, m.workingDirectory);
    const config = readStackConfig(stackDir, `${outArg}/${m.workingDirectory}`);
    const o = order?.find((e) => e.stack === name);
    return {
      name,
      dir: stackDir,
      dependsOn: m.dependencies,
      predecessorLookups: o?.predecessorLookups,
      backend: config.backend,
      providerPins: config.providerPins,
      providersKnown: config.providersKnown,
      requiredVersion: config.requiredVersion,
    };
  });
  return { outArg, dir, root: dirname(dir), stacks, orderSource: order ? STACK_ORDER_FILE : MANIFEST_FILE };
}

/**
 * The stacks `--stack` names, in apply order (the order of the flags does not matter); every stack when
 * none is named. An unknown name is a usage error listing the stacks there are.
 */
export function selectStacks(output: SynthOutput, names: readonly string[]): DeployStack[] {
  if (names.length === 0) return [...output.stacks];
  const known = new Set(output.stacks.map((s) => s.name));
  const unknown = [...new Set(names)].filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new DeployError(
      `--stack ${unknown.join(', ')}: no such stack in ${output.outArg} (stacks: ${output.stacks.map((s) => s.name).join(', ')})`,
      'usage',
    );
  }
  const wanted = new Set(names);
  return output.stacks.filter((s) => wanted.has(s.name));
}

function readStackOrder(
  path: string, outArg: string, manifest: ReadonlyMap<string, { dependencies: string[] }>,
): { stack: string; predecessorLookups: PredecessorLookup[] }[] {
  const where = `${outArg}/${STACK_ORDER_FILE}`;
  const doc = readJson(path, where) as { schemaVersion?: unknown; stacks?: unknown };
  if (!isRecord(doc) || typeof doc.schemaVersion !== 'number' || !Array.isArray(doc.stacks)) {
    throw new DeployError(`${where}: expected { schemaVersion, stacks: [...] }; run \`ailz synth\` again`, 'usage');
  }
  if (doc.schemaVersion > STACK_ORDER_SCHEMA_VERSION) {
    throw new DeployError(`${where}: schemaVersion ${doc.schemaVersion} was written by a newer ailz (this one reads ${STACK_ORDER_SCHEMA_VERSION}); upgrade ailz or synth with this one`, 'usage');
  }
  const seen = new Set<string>();
  const entries = doc.stacks.map((raw, i) => {
    const e = raw as { stack?: unknown; dependsOn?: unknown; predecessorLookups?: unknown };
    if (!isRecord(e) || typeof e.stack !== 'string' || !manifest.has(e.stack)) {
      throw new DeployError(`${where}: stacks[${i}] names a stack that is not in ${MANIFEST_FILE}; run \`ailz synth\` again`, 'usage');
    }
    if (seen.has(e.stack)) throw new DeployError(`${where}: stack ${e.stack} is listed twice`, 'usage');
    // Every dependency must come earlier: that is what "apply order" means.
    for (const d of manifest.get(e.stack)!.dependencies) {
      if (!seen.has(d)) throw new DeployError(`${where}: stack ${e.stack} comes before its dependency ${d}; run \`ailz synth\` again`, 'usage');
    }
    seen.add(e.stack);
    const lookups = Array.isArray(e.predecessorLookups) ? e.predecessorLookups : [];
    const predecessorLookups = lookups.map((l, j): PredecessorLookup => {
      const lookup = l as Partial<PredecessorLookup>;
      if (!isRecord(lookup) || typeof lookup.stack !== 'string' || typeof lookup.dataSource !== 'string' || !manifest.has(lookup.stack)) {
        throw new DeployError(`${where}: ${e.stack}.predecessorLookups[${j}] must name a stack of the output and a data source`, 'usage');
      }
      return { stack: lookup.stack, dataSource: lookup.dataSource, what: typeof lookup.what === 'string' ? lookup.what : lookup.dataSource };
    });
    return { stack: e.stack, predecessorLookups };
  });
  const missing = [...manifest.keys()].filter((n) => !seen.has(n));
  if (missing.length > 0) throw new DeployError(`${where}: no entry for ${missing.join(', ')} (in ${MANIFEST_FILE}); run \`ailz synth\` again`, 'usage');
  return entries;
}

/** Kahn's algorithm; among stacks ready at the same time, the manifest's order. */
function topologicalOrder(manifest: ReadonlyMap<string, { dependencies: string[] }>, outArg: string): string[] {
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < manifest.size) {
    const next = [...manifest.entries()].find(([n, s]) => !done.has(n) && s.dependencies.every((d) => done.has(d)));
    if (!next) {
      const left = [...manifest.keys()].filter((n) => !done.has(n));
      throw new DeployError(`${outArg}/${MANIFEST_FILE}: the dependencies of ${left.join(', ')} form a cycle`, 'usage');
    }
    done.add(next[0]);
    order.push(next[0]);
  }
  return order;
}

/** The backend and the exact provider pins of one stack, from `cdk.tf.json` (or, for the backend, `cdk.tf`). */
function readStackConfig(stackDir: string, where: string): { backend: StackBackend; providerPins: Record<string, string>; providersKnown: boolean; requiredVersion?: string } {
  const jsonPath = join(stackDir, 'cdk.tf.json');
  if (existsSync(jsonPath)) {
    const doc = readJson(jsonPath, `${where}/cdk.tf.json`) as {
      terraform?: { backend?: Record<string, { path?: unknown }>; required_providers?: Record<string, unknown>; required_version?: unknown };
    };
    const backendBlock = doc?.terraform?.backend;
    const type = isRecord(backendBlock) ? Object.keys(backendBlock)[0] : undefined;
    let backend: StackBackend;
    if (type === undefined) backend = { type: 'local', path: 'terraform.tfstate' };
    else if (type === 'local') {
      const p = backendBlock![type]?.path;
      backend = { type: 'local', path: typeof p === 'string' ? p : 'terraform.tfstate' };
    } else backend = { type };
    const providerPins: Record<string, string> = {};
    for (const [local, req] of Object.entries(doc?.terraform?.required_providers ?? {})) {
      const r = req as { source?: unknown; version?: unknown };
      const source = typeof r?.source === 'string' ? r.source : `hashicorp/${local}`;
      const exact = typeof r?.version === 'string' ? /^\s*=?\s*(\d+\.\d+\.\d+)\s*$/.exec(r.version) : null;
      if (exact) providerPins[providerAddress(source)] = exact[1];
      else providerPins[providerAddress(source)] = '';
    }
    const rv = doc?.terraform?.required_version;
    return { backend, providerPins, providersKnown: true, requiredVersion: typeof rv === 'string' ? rv : undefined };
  }
  const hclPath = join(stackDir, 'cdk.tf');
  if (existsSync(hclPath)) {
    const text = readText(hclPath, `${where}/cdk.tf`);
    const m = /\bbackend\s+"([^"]+)"\s*\{([^}]*)\}/.exec(text);
    let backend: StackBackend = { type: 'local', path: 'terraform.tfstate' };
    if (m && m[1] === 'local') {
      const p = /\bpath\s*=\s*"([^"]*)"/.exec(m[2]);
      backend = { type: 'local', path: p ? p[1] : 'terraform.tfstate' };
    } else if (m) backend = { type: m[1] };
    const rv = /\brequired_version\s*=\s*"([^"]*)"/.exec(text);
    return { backend, providerPins: {}, providersKnown: false, requiredVersion: rv ? rv[1] : undefined };
  }
  throw new DeployError(`${where}: neither cdk.tf.json nor cdk.tf; run \`ailz synth\` again`, 'usage');
}

/** `hashicorp/azurerm` -> `registry.terraform.io/hashicorp/azurerm` (lower case, as the lock file writes it). */
export function providerAddress(source: string): string {
  const parts = source.toLowerCase().split('/');
  return (parts.length === 2 ? ['registry.terraform.io', ...parts] : parts).join('/');
}

function realpath(path: string, shown: string): string {
  try {
    return realpathSync(path);
  } catch (e) {
    throw fsError(e, 'resolve', shown);
  }
}

function readText(path: string, shown: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw fsError(e, 'read', shown);
  }
}

function readJson(path: string, shown: string): unknown {
  const text = readText(path, shown);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new DeployError(`${shown}: not valid JSON (${(e as Error).message}); run \`ailz synth\` again`, 'usage');
  }
}

/** Permissions and I/O are the machine's problem (exit 3); anything else about a path is the input's. */
export function fsError(e: unknown, action: string, shown: string): DeployError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const environment = code !== undefined && ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'EIO', 'EMFILE', 'ENFILE', 'EBUSY'].includes(code);
  return new DeployError(`cannot ${action} ${shown}: ${(e as Error)?.message ?? String(e)}`, environment ? 'environment' : 'usage');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `path` relative to `from` for printing, `.` for itself. */
export function shownPath(path: string, from: string): string {
  return relative(from, path) || '.';
}
