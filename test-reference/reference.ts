/**
 * The Azure reference catalogs (`../shared/reference/` beside the clone, or AILZ_REFERENCE_DIR): every
 * public-cloud built-in policy with its rule, the built-in roles, the private DNS zone table. Only
 * `npm run check:reference` reads them; `npm test` never does, so a plain clone passes on its own.
 */
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';

export const REFERENCE_DIR = process.env.AILZ_REFERENCE_DIR ?? resolve(__dirname, '..', '..', 'shared', 'reference');

const cache = new Map<string, any>();

/** Parses one catalog file of the reference directory (cached per process). */
export function readReference(file: string): any {
  let v = cache.get(file);
  if (v === undefined) {
    const p = join(REFERENCE_DIR, file);
    if (!existsSync(p)) throw new Error(`${p}: reference catalog not found (set AILZ_REFERENCE_DIR)`);
    v = JSON.parse(readFileSync(p, 'utf8'));
    cache.set(file, v);
  }
  return v;
}
