/**
 * What `ailz assess` reads from a tenant, and the export directory that holds it (a public contract:
 * `ailz assess export --out DIR` writes it, `ailz assess --from-export DIR` reads it, a consultant
 * carries it between the two):
 *
 * - `<table>.json` per Resource Graph table (`resources`, `resourcecontainers`, `authorizationresources`,
 *   `policyresources`, `securityresources`): a JSON array of the unprojected rows as Resource Graph
 *   returns them in `data`, all pages concatenated. A missing file is an empty table.
 * - REST-only data, each an object mapping a lower-case resource or scope ID to the `value` array the
 *   API returns for it: `diagnostic-settings.json`, `role-eligibility-schedule-instances.json`,
 *   `role-assignment-schedule-instances.json`, `rai-policies.json`, `sentinel-alert-rules.json`, and
 *   `deployments.json` (Cognitive Services model deployments, which Resource Graph does not index).
 *   A missing file means "not exported": the report names the checks that disabled.
 * - optional `graph-principals.json`: Microsoft Graph directory objects by lower-case object ID; an ID
 *   mapped to `null` was looked up and not found (a deleted principal).
 * - `manifest.json`: `formatVersion` 1, `cloud`, `tenantId`, `scope`, `exportedAt`, the subscriptions
 *   seen and those that could not be read.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'fs';
import { join } from 'path';

export const GRAPH_TABLES = ['resources', 'resourcecontainers', 'authorizationresources', 'policyresources', 'securityresources'] as const;
export type GraphTable = (typeof GRAPH_TABLES)[number];

export const REST_DATA = {
  diagnosticSettings: 'diagnostic-settings.json',
  roleEligibilityScheduleInstances: 'role-eligibility-schedule-instances.json',
  roleAssignmentScheduleInstances: 'role-assignment-schedule-instances.json',
  raiPolicies: 'rai-policies.json',
  sentinelAlertRules: 'sentinel-alert-rules.json',
  deployments: 'deployments.json',
} as const;
export type RestDataKey = keyof typeof REST_DATA;

export const PRINCIPALS_FILE = 'graph-principals.json';
export const MANIFEST_FILE = 'manifest.json';
export const EXPORT_FORMAT_VERSION = 1;

export interface AssessScope {
  managementGroups?: string[];
  subscriptions?: string[];
}

export interface Manifest {
  formatVersion: 1;
  cloud: string;
  tenantId: string;
  /** What was asked for; neither list: every subscription the caller can see. */
  scope: AssessScope;
  exportedAt: string;
  subscriptions: {
    /** Subscriptions Resource Graph returned (the caller can read them). */
    seen: { subscriptionId: string; displayName: string }[];
    /** Subscriptions in scope that could not be read, and why. */
    unreadable: { subscriptionId: string; displayName?: string; reason: string }[];
  };
  /** Other reads that failed (a resource's diagnostic settings, a workspace's rules): the data is incomplete there. */
  errors?: { id: string; what: string; reason: string }[];
}

export interface Snapshot {
  manifest: Manifest;
  /** Resource Graph rows per table (an absent file is an empty table). */
  tables: Record<GraphTable, any[]>;
  /** REST data by lower-case ID; undefined = not exported. */
  rest: { [K in RestDataKey]?: Record<string, any[]> };
  /** Graph directory objects by lower-case ID (null: not found); undefined = no directory read. */
  principals?: Record<string, any | null>;
}

export class ExportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportFormatError';
  }
}

/** One row per line: readable, diffable, and streamable by line-oriented tools. */
function arrayText(rows: readonly unknown[]): string {
  return rows.length === 0 ? '[]\n' : `[\n${rows.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`;
}

function mapText(map: Record<string, unknown>): string {
  const keys = Object.keys(map).sort();
  return keys.length === 0 ? '{}\n' : `{\n${keys.map((k) => `${JSON.stringify(k)}: ${JSON.stringify(map[k])}`).join(',\n')}\n}\n`;
}

/** Writes the snapshot into an existing, empty directory. */
export function writeSnapshot(dir: string, s: Snapshot): void {
  for (const t of GRAPH_TABLES) writeFileSync(join(dir, `${t}.json`), arrayText(s.tables[t]));
  for (const [k, file] of Object.entries(REST_DATA) as [RestDataKey, string][]) {
    const m = s.rest[k];
    if (m) writeFileSync(join(dir, file), mapText(m));
  }
  if (s.principals) writeFileSync(join(dir, PRINCIPALS_FILE), mapText(s.principals));
  writeFileSync(join(dir, MANIFEST_FILE), `${JSON.stringify(s.manifest, null, 2)}\n`);
}

function readJson(dir: string, file: string): unknown {
  const p = join(dir, file);
  let text: string;
  try {
    text = readFileSync(p, 'utf8');
  } catch (e) {
    throw new ExportFormatError(`${p}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ExportFormatError(`${p}: not valid JSON (${(e as Error).message})`);
  }
}

/** Reads an export directory; every problem names the file. */
export function readSnapshot(dir: string): Snapshot {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ExportFormatError(`${dir}: not a directory`);
  if (!existsSync(join(dir, MANIFEST_FILE))) {
    throw new ExportFormatError(`${dir}: no ${MANIFEST_FILE}; not an ailz assess export (files: ${readdirSync(dir).slice(0, 5).join(', ') || 'none'})`);
  }
  const manifest = readJson(dir, MANIFEST_FILE) as Manifest;
  if (!manifest || typeof manifest !== 'object') throw new ExportFormatError(`${join(dir, MANIFEST_FILE)}: expected an object`);
  if (manifest.formatVersion !== EXPORT_FORMAT_VERSION) {
    throw new ExportFormatError(`${join(dir, MANIFEST_FILE)}: formatVersion ${JSON.stringify(manifest.formatVersion)} is not supported (expected ${EXPORT_FORMAT_VERSION})`);
  }
  if (!manifest.subscriptions || !Array.isArray(manifest.subscriptions.seen) || !Array.isArray(manifest.subscriptions.unreadable)) {
    throw new ExportFormatError(`${join(dir, MANIFEST_FILE)}: subscriptions.seen and subscriptions.unreadable must be arrays`);
  }
  const tables = {} as Record<GraphTable, any[]>;
  for (const t of GRAPH_TABLES) {
    const file = `${t}.json`;
    if (!existsSync(join(dir, file))) {
      tables[t] = [];
      continue;
    }
    const v = readJson(dir, file);
    if (!Array.isArray(v)) throw new ExportFormatError(`${join(dir, file)}: expected a JSON array of Resource Graph rows`);
    const bad = v.findIndex((r) => !r || typeof r !== 'object' || Array.isArray(r));
    if (bad >= 0) throw new ExportFormatError(`${join(dir, file)}: row ${bad} is not an object (export unprojected rows, resultFormat objectArray)`);
    tables[t] = v;
  }
  const rest: Snapshot['rest'] = {};
  for (const [k, file] of Object.entries(REST_DATA) as [RestDataKey, string][]) {
    if (!existsSync(join(dir, file))) continue;
    const v = readJson(dir, file);
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ExportFormatError(`${join(dir, file)}: expected an object mapping resource IDs to arrays`);
    for (const [id, arr] of Object.entries(v as Record<string, unknown>)) {
      if (!Array.isArray(arr)) throw new ExportFormatError(`${join(dir, file)}: the value for "${id}" is not an array (the API's "value")`);
    }
    rest[k] = lowerKeys(v as Record<string, any[]>);
  }
  let principals: Snapshot['principals'];
  if (existsSync(join(dir, PRINCIPALS_FILE))) {
    const v = readJson(dir, PRINCIPALS_FILE);
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new ExportFormatError(`${join(dir, PRINCIPALS_FILE)}: expected an object mapping object IDs to directory objects`);
    principals = lowerKeys(v as Record<string, any>);
  }
  return { manifest, tables, rest, principals };
}

function lowerKeys<T>(m: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [k, v] of Object.entries(m)) out[k.toLowerCase()] = v;
  return out;
}
