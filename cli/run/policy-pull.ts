/**
 * `ailz policy pull [--config FILE] [--scope <management group>] [--cloud ...]`: the policy definitions
 * of every assignment ailz makes, read from the tenant, for the policy simulation to evaluate offline.
 *
 * Writes, beside the config file (the contract the policy loader reads):
 * - `.ailz/policy-definitions/<definition name>.json`: one file per definition, exactly the body of
 *   `GET {ARM}/providers/Microsoft.Authorization/policyDefinitions/<name>?api-version=2023-04-01`
 *   (custom definitions at a management group: GET of their full ID).
 * - with `--scope MG`: `.ailz/policy-definitions/assignments/<assignment name>.json`, the effective
 *   assignments at that management group (`policyAssignments?$filter=atScope()`, ARM GET shape), and
 *   their definitions; a policy set is expanded into its member definitions, and the set itself is
 *   kept in `.ailz/policy-definitions/sets/<set name>.json`; and `assignments/_pulled.json`,
 *   `{ scope, path }`: the management group's ID and the IDs from the tenant root down to it, which the
 *   policy loader reads to place the pulled assignments in ailz's hierarchy (policy/definitions.ts).
 * The directory is replaced as a whole, only when every read succeeded.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'fs';
import { dirname, join, resolve } from 'path';
import { ArmClient } from '../../azure-client/client';
import { ARM_API_VERSIONS } from '../../azure/arm-api-versions';
import { POLICY_CATALOG } from '../../azure/policy-catalog';
import { UserError } from '../errors';
import { EXIT } from '../exit-codes';
import { armClient, AzureDeps, AzureFlags, azureUserError } from './azure';
import { Io } from './assess';

export const POLICY_DIR = join('.ailz', 'policy-definitions');

export interface PolicyPullFlags extends AzureFlags {
  config: string;
  scope?: string;
}

const fileName = (name: string) => {
  if (!/^[A-Za-z0-9._()-]{1,128}$/.test(name)) throw new UserError(`policy object name ${JSON.stringify(name)} is not a safe file name`, EXIT.ENVIRONMENT);
  return `${name}.json`;
};

/** Every definition a policy (set) definition ID stands for: itself, or a set's members. */
async function definitionsOf(client: ArmClient, id: string, sets: Map<string, any>): Promise<string[]> {
  if (/\/policySetDefinitions\//i.test(id)) {
    const set = (await client.get(id, ARM_API_VERSIONS.policy)).body;
    sets.set(String(set.name), set);
    return (set.properties?.policyDefinitions ?? []).map((m: any) => String(m.policyDefinitionId));
  }
  return [id];
}

/** Where the pulled assignments were read (policy/definitions.ts reads it). */
export const PULLED_FILE = '_pulled.json';

const mgId = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;

/**
 * The management group's ID and the IDs from the tenant root down to it: `GET .../managementGroups/{id}?$expand=path`
 * (2021-04-01, GetManagementGroupWithPath.json) lists the groups from the root to the parent, without the group.
 */
async function pulledScope(client: ArmClient, scope: string): Promise<{ scope: string; path: string[] }> {
  const r = await client.get(`/providers/Microsoft.Management/managementGroups/${encodeURIComponent(scope)}`, ARM_API_VERSIONS.managementGroupPath, { $expand: 'path' });
  const name = String(r.body?.name ?? scope);
  const above = r.body?.properties?.details?.path;
  if (!Array.isArray(above)) throw new UserError(`--scope ${scope}: the management group's path was not returned (properties.details.path)`, EXIT.ENVIRONMENT);
  const names = above.map((p: any) => String(p?.name ?? '')).filter(Boolean);
  // Documented without the group itself; tolerate a service that includes it.
  if (names.length === 0 || names[names.length - 1].toLowerCase() !== name.toLowerCase()) names.push(name);
  return { scope: mgId(name), path: names.map(mgId) };
}

export async function runPolicyPull(flags: PolicyPullFlags, io: Io, deps: AzureDeps = {}): Promise<number> {
  const config = resolve(flags.config);
  if (!existsSync(config)) throw new UserError(`--config ${flags.config}: no such file (the definitions are written beside it)`, EXIT.USAGE);
  if (flags.scope !== undefined && !/^[a-zA-Z0-9._()-]{1,90}$/.test(flags.scope)) throw new UserError(`--scope ${flags.scope}: not a management group ID`, EXIT.USAGE);
  const client = armClient(flags, deps);
  const definitions = new Map<string, any>();
  const sets = new Map<string, any>();
  const assignments = new Map<string, any>();
  let pulled: { scope: string; path: string[] } | undefined;
  try {
    const ids = new Set(POLICY_CATALOG.map((e) => e.policyDefinitionId));
    if (flags.scope) {
      const mg = `/providers/Microsoft.Management/managementGroups/${encodeURIComponent(flags.scope)}`;
      pulled = await pulledScope(client, flags.scope);
      for (const a of await client.list(`${mg}/providers/Microsoft.Authorization/policyAssignments`, ARM_API_VERSIONS.policy, { $filter: 'atScope()' })) {
        assignments.set(String(a.name), a);
        for (const d of await definitionsOf(client, String(a.properties?.policyDefinitionId ?? ''), sets)) ids.add(d);
      }
    }
    const all = [...ids].sort();
    const bodies = await Promise.all(all.map((id) => client.get(id, ARM_API_VERSIONS.policy)));
    bodies.forEach((r) => definitions.set(String(r.body.name), r.body));
  } catch (e) {
    throw azureUserError(e);
  } finally {
    client.close();
  }

  const root = join(dirname(config), '.ailz');
  mkdirSync(root, { recursive: true });
  const target = join(dirname(config), POLICY_DIR);
  const tmp = mkdtempSync(join(root, '.policy-definitions.tmp-'));
  try {
    for (const [name, body] of definitions) writeFileSync(join(tmp, fileName(name)), `${JSON.stringify(body, null, 2)}\n`);
    if (assignments.size || pulled) {
      mkdirSync(join(tmp, 'assignments'));
      for (const [name, body] of assignments) writeFileSync(join(tmp, 'assignments', fileName(name)), `${JSON.stringify(body, null, 2)}\n`);
      if (pulled) writeFileSync(join(tmp, 'assignments', PULLED_FILE), `${JSON.stringify(pulled, null, 2)}\n`);
    }
    if (sets.size) {
      mkdirSync(join(tmp, 'sets'));
      for (const [name, body] of sets) writeFileSync(join(tmp, 'sets', fileName(name)), `${JSON.stringify(body, null, 2)}\n`);
    }
    rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  io.out(`ailz policy pull: ${definitions.size} definitions${pulled ? `, ${assignments.size} assignments at ${flags.scope} (${pulled.path.length} management groups from the root)` : ''}${sets.size ? `, ${sets.size} set(s) expanded` : ''} written to ${join(dirname(flags.config), POLICY_DIR)}`);
  return EXIT.OK;
}
