/**
 * Where `check --policy`, synth's policy gate and `policy explain` get policy definitions: `--policy-definitions
 * PATH` (a directory in the `.ailz/policy-definitions/` layout or a catalog file), else the cache beside the config
 * file. Absent definitions are reported, never treated as "no findings".
 */
import { existsSync } from 'fs';
import { resolve } from 'path';
import { DefinitionStore, DefinitionsError, defaultDefinitionsPath, loadDefinitions } from '../policy/definitions';
import { UserError } from './atomic';
import { EXIT } from './exit-codes';

export type DefinitionsLookup = { readonly store: DefinitionStore; readonly path: string } | { readonly missing: string };

/**
 * Loads the definitions named by `flag`, or the cache beside `configFile` (default `landing-zone.yaml` in the
 * working directory). Unreadable or invalid files are a usage error (exit 2).
 */
export function lookupDefinitions(flag: string | undefined, configFile: string | undefined): DefinitionsLookup {
  const path = flag ?? defaultDefinitionsPath(configFile ?? resolve('landing-zone.yaml'));
  if (!flag && !existsSync(path)) {
    return { missing: `no policy definitions: ${path} does not exist (run \`ailz policy pull\`, or pass --policy-definitions <directory or catalog file>)` };
  }
  try {
    return { store: loadDefinitions(path), path };
  } catch (e) {
    if (e instanceof DefinitionsError) throw new UserError(`--policy-definitions: ${e.message}`, EXIT.USAGE);
    throw e;
  }
}
