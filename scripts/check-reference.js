#!/usr/bin/env node
'use strict';
/**
 * `npm run check:reference`: cross-checks the Azure facts written in `azure/` (roles, policy
 * definitions, DNS zones, ...) and the reference synth against the full catalogs in
 * `../shared/reference/` (or AILZ_REFERENCE_DIR). Not part of `npm test`: a plain clone has no
 * `../shared`. `.ci/run` runs it when `../shared` exists beside the clone.
 */
const { existsSync } = require('fs');
const { resolve } = require('path');
const { spawnSync } = require('child_process');

const root = resolve(__dirname, '..');
const dir = process.env.AILZ_REFERENCE_DIR || resolve(root, '..', 'shared', 'reference');
if (!existsSync(dir)) {
  console.error(`check:reference: no reference catalogs at ${dir} (put shared/reference beside the clone or set AILZ_REFERENCE_DIR)`);
  process.exit(2);
}
const jest = require.resolve('jest/bin/jest');
const r = spawnSync(process.execPath, [jest, '-c', 'jest.reference.config.js', ...process.argv.slice(2)], {
  cwd: root, stdio: 'inherit', env: { ...process.env, AILZ_REFERENCE_DIR: dir },
});
process.exit(r.status === null ? 1 : r.status);
