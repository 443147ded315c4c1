#!/usr/bin/env node
'use strict';
/**
 * Project lint rules that a generic linter would need plugins for:
 *  - provider classes only by deep import (`@cdktf/provider-azurerm/lib/<resource>`): the package
 *    root loads ~1,500 classes (2.6 s and 400 MB per process);
 *  - no focused or skipped tests (`it.only`, `describe.skip`, `xit`, ...): they hide what the suite no longer checks;
 *  - constructs never read config files or the environment (data flows config -> stacks -> constructs).
 * Exits 1 with `file:line: message` for each violation.
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const SKIP_DIRS = new Set(['node_modules', 'dist', 'cdktf.out', '.git', 'coverage', '.bench-tmp']);
// Assembled so that this file does not match its own rule.
const ROOT_IMPORT = new RegExp(`(from\\s+|require\\(\\s*|import\\(\\s*)['"]@cdktf/provider-azurerm['"/]?['"]`);
const FOCUSED = /\b(it|test|describe)\.(only|skip|todo)\s*\(|\bx(it|describe|test)\s*\(|\bf(it|describe)\s*\(/;
const CONSTRUCT_FORBIDDEN = /\bprocess\.env\b|from\s+['"](\.\.\/)+config\/(load|schema)['"]|\breadFileSync\b/;

const violations = [];
function walk(dir) {
  for (const name of fs.readdirSync(dir).sort()) {
    if (SKIP_DIRS.has(name)) continue;
    const p = path.join(dir, name);
    const stat = fs.statSync(p);
    if (stat.isDirectory()) walk(p);
    else if (/\.(ts|js)$/.test(name)) check(p);
  }
}

function check(file) {
  const rel = path.relative(root, file);
  if (rel === path.join('scripts', 'lint.js')) return;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    const at = `${rel}:${i + 1}`;
    if (ROOT_IMPORT.test(line) && !rel.startsWith('bench')) {
      violations.push(`${at}: import provider classes by deep path ('@cdktf/provider-azurerm/lib/<resource>'), never the package root`);
    }
    if (rel.startsWith('test') && FOCUSED.test(line)) violations.push(`${at}: focused or skipped test`);
    if (rel.startsWith('constructs') && CONSTRUCT_FORBIDDEN.test(line)) {
      violations.push(`${at}: constructs take plain props; they never read config files or environment variables`);
    }
  });
}

walk(root);
if (violations.length > 0) {
  for (const v of violations) console.error(v);
  console.error(`lint: ${violations.length} violation${violations.length === 1 ? '' : 's'}`);
  process.exit(1);
}
console.log('lint: ok');
