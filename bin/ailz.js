#!/usr/bin/env node
'use strict';
// The ailz CLI. Runs the compiled JavaScript when installed from a package (dist/), and the
// TypeScript sources through a transpile-only, disk-cached loader in a checkout: never a
// type-checking compile on the hot path.
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
let cli;
if (fs.existsSync(path.join(root, 'cli', 'main.ts'))) {
  require('./register-ts');
  cli = require(path.join(root, 'cli', 'main.ts'));
} else {
  cli = require(path.join(root, 'dist', 'cli', 'main.js'));
}
cli.runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`ailz: internal error: ${e && e.message}\n`);
    process.exitCode = 70; // a bug: outside the exit-code table (cli/errors.ts INTERNAL_ERROR_EXIT)
  },
);
