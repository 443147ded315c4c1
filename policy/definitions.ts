/**
 * Loading policy definitions, initiatives and pulled assignments.
 *
 * Two sources, both offline:
 *
 * 1. **A definitions directory** (`.ailz/policy-definitions/`, written by `ailz policy pull`; any directory in the
 *    same layout works). The contract, for the writer (`policy pull`) and this reader:
 *
 *      <dir>/<anything>.json                      one policy definition per file, exactly as
 *                                                 `GET {scope}/providers/Microsoft.Authorization/policyDefinitions/<name>?api-version=2023-04-01`
 *                                                 returns it: `{ id, name, type, properties: { displayName, policyType,
 *                                                 mode, parameters, policyRule, version, metadata, ... } }`
 *      <dir>/sets/<anything>.json                 one initiative per file, as `GET .../policySetDefinitions/<name>?api-version=2023-04-01`
 *                                                 returns it (`properties.policyDefinitions[]` with `parameters`); `policySetDefinitions/`
 *                                                 is read too
 *      <dir>/assignments/<anything>.json          one policy assignment per file, as
 *                                                 `GET {scope}/providers/Microsoft.Authorization/policyAssignments/<name>?api-version=2023-04-01`
 *                                                 returns it: `{ id, name, type, location?, identity?, properties: {
 *                                                 displayName, policyDefinitionId, definitionVersion?, scope, notScopes[],
 *                                                 parameters: { <name>: { value } }, enforcementMode, overrides?[],
 *                                                 resourceSelectors?[], nonComplianceMessages?[] } }`. `policy pull --scope <mg>`
 *                                                 writes the assignments effective at that management group
 *                                                 (`$filter=atScope()`: those at the group and above it).
 *      <dir>/assignments/_pulled.json             optional: `{ "scope": "<management group ID given to --scope>",
 *                                                 "path": ["<root management group ID>", ..., "<scope ID>"] }`: where the
 *                                                 pulled assignments were read (ancestors first). Without it, every pulled
 *                                                 assignment at a management group outside ailz's own hierarchy is taken to be
 *                                                 above ailz (that is what `atScope()` returns when ailz sits below the scope).
 *
 *    File names carry no meaning: definitions are indexed by their `id` (case-insensitive), so custom definitions of the
 *    same name at two management groups can coexist (`<name>.<n>.json`).
 *
 * 2. **A catalog file** in the format of `../shared/reference/azure-policy-rules.json`: a JSON object whose
 *    `definitions` array holds `{ id, name, displayName, version, mode, category, parameters, policyRule, path }`, one per
 *    line. Only lines whose `name` is needed are parsed (the public catalog is 7 MB).
 */
import * as fs from 'fs';
import * as path from 'path';
import { PolicyDefinition, PolicySetDefinition } from './types';

/** A problem with the input files: the CLI prints it and exits with the usage code. */
export class DefinitionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DefinitionsError';
  }
}

/** The raw JSON of one pulled assignment and where it came from. */
export interface PulledAssignmentFile {
  readonly file: string;
  readonly json: any;
}

export interface PulledScope {
  readonly scope: string;
  readonly path: readonly string[];
}

export interface DefinitionStore {
  /** A definition by resource ID (case-insensitive); built-ins also by their bare name. */
  definition(id: string): PolicyDefinition | undefined;
  initiative(id: string): PolicySetDefinition | undefined;
  /** Pulled assignments (definitions directory only). */
  readonly assignments: readonly PulledAssignmentFile[];
  readonly pulledScope?: PulledScope;
  /** What was loaded, for messages: `directory <path> (N definitions)` or `catalog <file>`. */
  readonly description: string;
}

const norm = (s: string) => s.toLowerCase();
const nameOf = (id: string) => id.split('/').pop() ?? id;

function readJson(file: string): any {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new DefinitionsError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DefinitionsError(`${file}: not valid JSON (${(e as Error).message})`);
  }
}

/** A definition from Azure's ARM shape (`{ id, name, properties }`) or the catalog's flat shape. */
export function definitionFromJson(json: any, source: string): PolicyDefinition {
  const p = json?.properties ?? json;
  const id = json?.id;
  if (typeof id !== 'string' || !id.toLowerCase().includes('/policydefinitions/')) {
    throw new DefinitionsError(`${source}: not a policy definition (no "id" naming .../policyDefinitions/<name>)`);
  }
  if (!p?.policyRule || typeof p.policyRule !== 'object' || !('if' in p.policyRule) || !('then' in p.policyRule)) {
    throw new DefinitionsError(`${source}: policy definition ${id} has no policyRule with "if" and "then"`);
  }
  return {
    id,
    name: json.name ?? nameOf(id),
    displayName: p.displayName ?? json.name ?? nameOf(id),
    version: p.version ?? p.metadata?.version,
    mode: p.mode ?? null,
    parameters: p.parameters ?? {},
    policyRule: p.policyRule,
    source,
  };
}

function initiativeFromJson(json: any, source: string): PolicySetDefinition {
  const p = json?.properties ?? json;
  if (typeof json?.id !== 'string' || !Array.isArray(p?.policyDefinitions)) {
    throw new DefinitionsError(`${source}: not a policy set definition (needs "id" and properties.policyDefinitions[])`);
  }
  return { id: json.id, name: json.name ?? nameOf(json.id), displayName: p.displayName ?? json.name, parameters: p.parameters ?? {}, policyDefinitions: p.policyDefinitions, source };
}

function listJson(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
}

/** Loads a definitions directory (the `policy pull` cache layout above). */
export function loadDefinitionsDirectory(dir: string): DefinitionStore {
  const defs = new Map<string, PolicyDefinition>();
  const byName = new Map<string, PolicyDefinition>();
  for (const file of listJson(dir)) {
    const d = definitionFromJson(readJson(file), file);
    if (defs.has(norm(d.id))) throw new DefinitionsError(`${file}: definition ${d.id} is also in ${defs.get(norm(d.id))!.source}`);
    defs.set(norm(d.id), d);
    if (!byName.has(norm(d.name))) byName.set(norm(d.name), d);
  }
  const sets = new Map<string, PolicySetDefinition>();
  for (const file of [...listJson(path.join(dir, 'sets')), ...listJson(path.join(dir, 'policySetDefinitions'))]) {
    const s = initiativeFromJson(readJson(file), file);
    sets.set(norm(s.id), s);
  }
  const assignments: PulledAssignmentFile[] = [];
  let pulledScope: PulledScope | undefined;
  for (const file of listJson(path.join(dir, 'assignments'))) {
    const json = readJson(file);
    if (path.basename(file) === '_pulled.json') {
      if (typeof json?.scope !== 'string') throw new DefinitionsError(`${file}: expected { "scope": "<management group ID>", "path": [...] }`);
      pulledScope = { scope: json.scope, path: Array.isArray(json.path) ? json.path.map(String) : [json.scope] };
      continue;
    }
    if (typeof json?.properties?.policyDefinitionId !== 'string' || typeof json?.name !== 'string') {
      throw new DefinitionsError(`${file}: not a policy assignment (needs "name" and properties.policyDefinitionId)`);
    }
    assignments.push({ file, json });
  }
  if (defs.size === 0 && sets.size === 0 && assignments.length === 0) {
    throw new DefinitionsError(`${dir}: no policy definitions (*.json) found; run \`ailz policy pull\` or pass a catalog file`);
  }
  return {
    definition: (id) => defs.get(norm(id)) ?? (isBuiltInId(id) ? byName.get(norm(nameOf(id))) : undefined),
    initiative: (id) => sets.get(norm(id)),
    assignments,
    pulledScope,
    description: `directory ${dir} (${defs.size} definitions${sets.size ? `, ${sets.size} initiatives` : ''}${assignments.length ? `, ${assignments.length} pulled assignments` : ''})`,
  };
}

const isBuiltInId = (id: string) => /^\/providers\/microsoft\.authorization\/policy(set)?definitions\//i.test(id) || !id.includes('/');

/**
 * Loads a catalog file lazily: the file is scanned once; a definition is parsed the first time it is asked for.
 * Only built-in IDs (`/providers/Microsoft.Authorization/policyDefinitions/<name>`) can be in a catalog.
 */
export function loadCatalogFile(file: string): DefinitionStore {
  const text = (() => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new DefinitionsError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  })();
  const lines = text.split('\n');
  if (!/"definitions"\s*:/.test(lines[0] ?? '')) {
    throw new DefinitionsError(`${file}: not a policy rules catalog (expected a header line with "definitions": [ and one definition per line)`);
  }
  // Index: name -> line number, from the `"name":"..."` member of each line (cheap; no JSON parse).
  const index = new Map<string, number>();
  lines.forEach((line, i) => {
    if (i === 0) return;
    const m = /"id":"([^"]+)"/.exec(line);
    if (m) index.set(norm(nameOf(m[1])), i);
  });
  if (index.size === 0) throw new DefinitionsError(`${file}: the catalog holds no definitions`);
  const parsed = new Map<string, PolicyDefinition>();
  return {
    definition: (id) => {
      if (!isBuiltInId(id)) return undefined;
      const key = norm(nameOf(id));
      const hit = parsed.get(key);
      if (hit) return hit;
      const i = index.get(key);
      if (i === undefined) return undefined;
      let json: any;
      try {
        json = JSON.parse(lines[i].replace(/,\s*$/, ''));
      } catch (e) {
        throw new DefinitionsError(`${file}:${i + 1}: not valid JSON (${(e as Error).message})`);
      }
      const d = definitionFromJson(json, `${file}:${i + 1}`);
      parsed.set(key, d);
      return d;
    },
    initiative: () => undefined,
    assignments: [],
    description: `catalog ${file} (${index.size} definitions)`,
  };
}

/** A directory or a catalog file, by what the path is. */
export function loadDefinitions(p: string): DefinitionStore {
  if (!fs.existsSync(p)) throw new DefinitionsError(`${p}: no such file or directory`);
  return fs.statSync(p).isDirectory() ? loadDefinitionsDirectory(p) : loadCatalogFile(p);
}

/** The definitions cache beside a config file: `<config dir>/.ailz/policy-definitions`. */
export function defaultDefinitionsPath(configFile: string): string {
  return path.join(path.dirname(path.resolve(configFile)), '.ailz', 'policy-definitions');
}

/** A store over in-memory definitions (tests, and callers that already hold them). */
export function memoryStore(defs: readonly PolicyDefinition[], sets: readonly PolicySetDefinition[] = [], assignments: readonly PulledAssignmentFile[] = [], pulledScope?: PulledScope): DefinitionStore {
  const m = new Map(defs.map((d) => [norm(d.id), d]));
  const byName = new Map(defs.map((d) => [norm(d.name), d]));
  const s = new Map(sets.map((x) => [norm(x.id), x]));
  return {
    definition: (id) => m.get(norm(id)) ?? (isBuiltInId(id) ? byName.get(norm(nameOf(id))) : undefined),
    initiative: (id) => s.get(norm(id)),
    assignments,
    pulledScope,
    description: `${defs.length} definitions in memory`,
  };
}
