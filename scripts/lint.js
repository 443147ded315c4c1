#!/usr/bin/env node
'use strict';
/**
 * Project lint rules that a generic linter would need plugins for:
 *  - provider classes only by deep import (`@cdktf/provider-azurerm/lib/<resource>`): the package
 *    root loads ~1,500 classes (2.6 s and 400 MB per process);
 *  - no focused or skipped tests (`it.only`, `describe.skip`, `xit`, ...): they hide what the suite no longer checks;
 *  - constructs never read config files or the environment (data flows config -> stacks -> constructs);
 *  - layering: Azure's facts (`azure/`) and ailz's own catalogs (`catalog/`) sit at the bottom and import
 *    nothing of the project above them; guardrails judge Terraform JSON and never import constructs,
 *    stacks, config or the CLI (a rule never imports a construct to learn a fact); the diagram reads the
 *    config and Terraform JSON, never constructs, stacks or the CLI; the deploy runner (`deploy/`)
 *    imports nothing of the project (it reads the synth output as files); the live assessment (`assess/`)
 *    and the Azure REST client (`azure-client/`) read facts from `azure/`, never from constructs, stacks or the CLI;
 *    the plan adapter (`plan/`) and the review layer (`review/`) sit above the guardrails and below the CLI;
 *  - tests never read `../shared` (a plain clone has none; cross-checks belong in `npm run check:reference`).
 * Exits 1 with `file:line: message` for each violation.
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const SKIP_DIRS = new Set(['node_modules', 'dist', 'cdktf.out', '.git', 'coverage', '.bench-tmp']);
// Assembled so that this file does not match its own rule.
const ROOT_IMPORT = new RegExp(`(from\\s+|require\\(\\s*|import\\(\\s*)['"]@cdktf/provider-azurerm['"/]?['"]`);
const FOCUSED = /\b(it|test|describe)\.(only|skip|todo)\s*\(|\bx(it|describe|test)\s*\(|\bf(it|describe)\s*\(/;
const PROJECT_IMPORT = /(?:from\s+|require\(\s*|import\(\s*)['"]((?:\.\.?\/)+)([A-Za-z0-9_-]+)/g;
const SHARED_READ = /['"`][^'"`]*(\.\.\/)+shared\b|['"]shared['"]\s*,\s*['"](reference|fixtures|reviews)['"]/;
/** Top-level directories each layer may import from (besides its own). */
const LAYER_IMPORTS = {
  azure: new Set(['azure']),
  catalog: new Set(['azure', 'catalog']),
  guardrails: new Set(['azure', 'catalog', 'guardrails', 'arm', 'policy', 'package.json']),
  // The diagram reads the typed config or Terraform JSON (through the guardrails' loader), never the
  // stacks or constructs that produce it: a synth output of any ailz version draws the same.
  diagram: new Set(['azure', 'catalog', 'config', 'guardrails', 'diagram']),
  // The deploy runner reads synth outputs as files and runs terraform: it never builds stacks or prints for the CLI.
  deploy: new Set(['deploy']),
  // The config's types (LandingZoneConfig) only: assess never loads or builds stacks.
  assess: new Set(['azure', 'catalog', 'guardrails', 'arm', 'policy', 'azure-client', 'config', 'assess']),
  // package.json: the user agent carries the ailz version.
  'azure-client': new Set(['azure', 'azure-client', 'package']),
  // The plan adapter reads plan JSON into the documents the guardrails judge; the review layer compares
  // and reports; neither reaches up into the CLI, config files, stacks or constructs.
  plan: new Set(['azure', 'guardrails', 'arm', 'plan']),
  review: new Set(['azure', 'catalog', 'guardrails', 'arm', 'policy', 'plan', 'review', 'diagram']),
};
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
    const layer = rel.split(path.sep)[0];
    if (LAYER_IMPORTS[layer]) {
      for (const m of line.matchAll(PROJECT_IMPORT)) {
        const target = path.relative(root, path.resolve(path.dirname(file), m[1], m[2])).split(path.sep)[0];
        if (!LAYER_IMPORTS[layer].has(target)) violations.push(`${at}: ${layer}/ must not import ${target}/ (layering: see scripts/lint.js)`);
      }
    }
    if (rel.startsWith('test' + path.sep) && SHARED_READ.test(line)) {
      violations.push(`${at}: tests never read ../shared (a plain clone has none); put the cross-check in test-reference/ (npm run check:reference)`);
    }
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
