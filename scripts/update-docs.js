#!/usr/bin/env node
'use strict';
// Regenerates the generated parts of the docs: README's rule table and detection table, docs/rules.md,
// and the committed JSON Schema. Tests fail when any of them drifts: run `npm run docs` then.
require('../bin/register-ts');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const { writeRulesDocs } = require('../guardrails/gen-docs.ts');
const { renderDetectionTable } = require('../catalog/detections.ts');
const { configJsonSchema } = require('../config/json-schema.ts');
const { renderSubnetTable } = require('../config/subnet-plan.ts');
const { loadConfigFile } = require('../config/load.ts');

const done = writeRulesDocs(root);
const readmePath = path.join(root, 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
const START = '<!-- detections:start -->';
const END = '<!-- detections:end -->';
const s = readme.indexOf(START);
const e = readme.indexOf(END);
if (s < 0 || e < s) throw new Error(`README.md has no ${START} ... ${END} markers`);
fs.writeFileSync(readmePath, `${readme.slice(0, s + START.length)}\n${renderDetectionTable().trim()}\n${readme.slice(e)}`);
done.push('README.md detections');
// The subnet table, with the reference deployment's actual ranges (review F27).
const reference = loadConfigFile(path.join(root, 'landing-zone.yaml'));
const withSubnets = fs.readFileSync(readmePath, 'utf8');
const SS = '<!-- subnets:start -->';
const SE = '<!-- subnets:end -->';
const a = withSubnets.indexOf(SS);
const b = withSubnets.indexOf(SE);
if (a < 0 || b < a) throw new Error(`README.md has no ${SS} ... ${SE} markers`);
const table = renderSubnetTable(reference.platform.hubAddressSpace, reference.workloads.map((w) => ({ name: w.name, addressSpace: w.addressSpace })));
fs.writeFileSync(readmePath, `${withSubnets.slice(0, a + SS.length)}\n${table}\n${withSubnets.slice(b)}`);
done.push('README.md subnets');
fs.writeFileSync(path.join(root, 'config', 'landing-zone.schema.json'), `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
done.push('config/landing-zone.schema.json');
console.log(`updated ${done.join(', ')}`);
