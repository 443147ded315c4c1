#!/usr/bin/env node
'use strict';
/**
 * Checks azure/policy-aliases.ts (the alias exceptions the simulator reads fields with) against a dump of Azure's
 * alias catalog in the layout of maciejporebski/azure-policy-aliases (`aliases/<namespace>/<type-with-dashes>.md`,
 * tables of `| \`<default path>\` | \`<alias>\` |`, generated daily from Get-AzPolicyAlias):
 *
 *   node scripts/verify-policy-aliases.js <path to a checkout of that repository>
 *
 * For every alias of every ARM type in azure/provider-api-versions.ts, the path the simulator resolves must equal the
 * catalog's default path (case-insensitive). Prints the mismatches; exits 1 when there are any. Not part of
 * `npm test` (the dump is not in the repository).
 */
require('../bin/register-ts');
const fs = require('fs');
const path = require('path');
const { compileField } = require('../policy/fields.ts');
const { ARM_TYPE_FACTS } = require('../azure/provider-api-versions.ts');

const dir = process.argv[2];
if (!dir || !fs.existsSync(path.join(dir, 'aliases'))) {
  console.error('usage: node scripts/verify-policy-aliases.js <checkout of an alias dump with aliases/<namespace>/<type>.md>');
  process.exit(2);
}
const wanted = new Set([...Object.keys(ARM_TYPE_FACTS), 'microsoft.network/networkinterfaces']);
let checked = 0;
let childTypeAliases = 0;
const mismatches = [];
for (const ns of fs.readdirSync(path.join(dir, 'aliases')).sort()) {
  for (const file of fs.readdirSync(path.join(dir, 'aliases', ns)).sort()) {
    const type = `${ns}/${file.replace(/\.md$/, '').replace(/-/g, '/')}`;
    if (!wanted.has(type.toLowerCase())) continue;
    const text = fs.readFileSync(path.join(dir, 'aliases', ns, file), 'utf8');
    for (const line of text.split('\n')) {
      const m = /^\| `([^`]*)` \| `([^`]*)` \|/.exec(line);
      if (!m) continue;
      const [, expected, alias] = m;
      if (!alias.toLowerCase().startsWith(`${type.toLowerCase()}/`)) continue;
      // Aliases of a child type spelled with a dot (`registries/scopeMaps.description` -> `properties.description`) judge
      // the child resource, not this type; they select nothing here, as in Azure.
      const rest = alias.slice(type.length + 1);
      const head = rest.split('.')[0];
      if (!head.includes('[') && rest.includes('.') && !/^[A-Z]/.test(head) && !expected.toLowerCase().startsWith(`properties.${head.toLowerCase()}`)
        && !expected.toLowerCase().startsWith(`${head.toLowerCase()}`)) { childTypeAliases++; continue; }
      const c = compileField(type, alias);
      const got = c.kind === 'path' ? c.path : c.kind;
      checked++;
      if (got.toLowerCase() !== expected.toLowerCase()) mismatches.push(`${alias}: simulator ${got}, catalog ${expected}`);
    }
  }
}
for (const m of mismatches) console.log(m);
console.log(`${checked} aliases of ${wanted.size} types checked (${childTypeAliases} aliases of child types skipped), ${mismatches.length} mismatch(es)`);
process.exit(mismatches.length ? 1 : 0);
