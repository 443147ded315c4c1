#!/usr/bin/env node
'use strict';
// Regenerates the availability table of azure/model-availability.ts from Microsoft's region matrices:
//   node scripts/refresh-model-availability.js region-americas.md region-europe.md region-asia-pacific.md region-middle-east-africa.md
// (the four includes of MicrosoftDocs/azure-ai-docs articles/foundry/openai/includes/model-matrix/).
// Only models of the lifecycle table in azure/models.ts are kept. Then update MODEL_SOURCES in
// azure/models.ts (commits, ms.date, read date) and review the diff: README "Refreshing the model catalog".
require('../bin/register-ts');
const fs = require('fs');
const path = require('path');
const { parseRegionMatrix, mergeMatrices, renderAvailability } = require('./model-matrix.ts');
const { MODEL_LIFECYCLE } = require('../azure/models.ts');

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scripts/refresh-model-availability.js <region-*.md> ...');
  process.exit(2);
}
const rows = files.flatMap((f) => parseRegionMatrix(fs.readFileSync(f, 'utf8'), f));
const known = new Set(MODEL_LIFECYCLE.map((m) => m.model));
const body = renderAvailability(mergeMatrices(rows, (m) => known.has(m)));
const target = path.join(__dirname, '..', 'azure', 'model-availability.ts');
const text = fs.readFileSync(target, 'utf8');
const START = '// <generated>';
const END = '// </generated>';
const s = text.indexOf(START);
const e = text.indexOf(END);
if (s < 0 || e < s) throw new Error(`${target} has no ${START} ... ${END} markers`);
fs.writeFileSync(target, `${text.slice(0, s + START.length)}\n${body}\n  ${text.slice(e)}`);
const skipped = [...new Set(rows.map((r) => r.model).filter((m) => !known.has(m)))].sort();
console.log(`updated ${path.relative(process.cwd(), target)} from ${rows.length} matrix rows; not in the lifecycle table (skipped): ${skipped.join(', ')}`);
