#!/usr/bin/env node
'use strict';
// Runs a TypeScript file of this repository through the transpile-only loader: `node bin/ts-run.js file.ts [args]`.
require('./register-ts');
const path = require('path');
const file = path.resolve(process.argv[2]);
process.argv.splice(1, 1);
require(file);
