#!/usr/bin/env node
'use strict';
/**
 * Generates azure/force-new.ts: for every azurerm resource type ailz emits or judges, the attributes
 * whose change makes Terraform destroy and recreate the resource (`forceNew: true` in the provider's
 * published schema), nested blocks included as dotted paths (`identity.type`).
 *
 *   git -C <azurerm mirror> show v4.55.0:.release/provider-schema.json > /tmp/provider-schema.json
 *   node scripts/extract-force-new.js /tmp/provider-schema.json [--tag v4.55.0] [--date YYYY-MM-DD]
 *
 * The schema file is the `.release/provider-schema.json` of hashicorp/terraform-provider-azurerm at the
 * pinned tag (the provider's own export: `{ providerName, schemaVersion, providerSchema: { resources } }`,
 * each attribute with `forceNew`, `computed`, `optional`, and `elem.schema` for nested blocks).
 *
 * Which types: every provider class the constructs and stacks import (`@cdktf/provider-azurerm/lib/<x>`),
 * every `azurerm_*` type the guardrails name, and the types the AI gateway work adds (EXTRA_TYPES).
 * test/azure/force-new.test.ts checks that the table covers every type the stacks emit.
 * Replacements the provider decides in CustomizeDiff are not in the schema: azure/may-replace.ts.
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const schemaFile = args.find((a, i) => !a.startsWith('--') && !['--tag', '--date'].includes(args[i - 1]));
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const TAG = opt('--tag', 'v4.55.0');
const DATE = opt('--date', new Date().toISOString().slice(0, 10));
if (!schemaFile) {
  console.error('usage: node scripts/extract-force-new.js <provider-schema.json> [--tag v4.55.0] [--date YYYY-MM-DD]');
  process.exit(2);
}

/** Types the AI gateway (API Management) and model work add; not yet imported by a construct. */
const EXTRA_TYPES = [
  'azurerm_api_management',
  'azurerm_api_management_api',
  'azurerm_api_management_api_diagnostic',
  'azurerm_api_management_api_policy',
  'azurerm_api_management_backend',
  'azurerm_api_management_diagnostic',
  'azurerm_api_management_logger',
  'azurerm_api_management_named_value',
  'azurerm_api_management_policy',
  'azurerm_api_management_product',
  'azurerm_api_management_product_api',
  'azurerm_api_management_product_policy',
  'azurerm_api_management_subscription',
  'azurerm_cognitive_account',
  'azurerm_cognitive_account_customer_managed_key',
  'azurerm_cognitive_account_rai_blocklist',
  'azurerm_cognitive_account_rai_policy',
  'azurerm_cognitive_deployment',
  'azurerm_federated_identity_credential',
  'azurerm_key_vault_secret',
  'azurerm_monitor_activity_log_alert',
  'azurerm_resource_group_policy_assignment',
  'azurerm_resource_policy_assignment',
  'azurerm_sentinel_alert_rule_nrt',
  'azurerm_storage_account_network_rules',
  'azurerm_storage_container',
  'azurerm_subscription_policy_assignment',
];

function sourceFiles(dir) {
  const out = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (fs.statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (name.endsWith('.ts')) out.push(p);
  }
  return out;
}

/** The types ailz emits (and the gateway types): each must exist in the schema. */
function typesEmitted() {
  const types = new Set(EXTRA_TYPES);
  for (const dir of ['constructs', 'stacks']) {
    for (const f of sourceFiles(path.join(root, dir))) {
      for (const m of fs.readFileSync(f, 'utf8').matchAll(/@cdktf\/provider-azurerm\/lib\/([a-z0-9-]+)/g)) {
        // Data sources (`data-azurerm-*`) are read, never created or replaced: they have no force-new facts.
        if (m[1] !== 'provider' && !m[1].startsWith('data-')) types.add(`azurerm_${m[1].replace(/-/g, '_')}`);
      }
    }
  }
  return types;
}

/** Types the guardrails name (a string that only looks like one, such as a prefix, is skipped). */
function typesJudged(schemaTypes) {
  const types = new Set();
  for (const f of sourceFiles(path.join(root, 'guardrails'))) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/\b(azurerm_[a-z0-9_]*[a-z0-9])\b/g)) if (schemaTypes[m[1]]) types.add(m[1]);
  }
  return types;
}

/**
 * Dotted paths of force-new attributes (and whether each is also computed), recursing into nested
 * blocks. A force-new nested block is marked `block`: the plugin SDK applies a block's ForceNew to the
 * number of blocks only (helper/schema/schema.go diffList/diffSet: the `.#` count attribute carries the
 * parent's ForceNew; nested attributes keep their own flags), while a list or set of primitives passes
 * its ForceNew to every element.
 */
function forceNewPaths(schema, prefix = '') {
  const out = [];
  for (const name of Object.keys(schema).sort()) {
    const attr = schema[name];
    const p = prefix ? `${prefix}.${name}` : name;
    const nested = !!(attr.elem && attr.elem.schema);
    if (attr.forceNew) out.push({ path: p, computed: !!attr.computed && !attr.required, block: nested });
    if (nested) out.push(...forceNewPaths(attr.elem.schema, p));
  }
  return out;
}

const raw = JSON.parse(fs.readFileSync(schemaFile, 'utf8'));
const resources = raw && raw.providerSchema && raw.providerSchema.resources;
if (!resources) {
  console.error(`${schemaFile}: not a provider schema export (expected providerSchema.resources)`);
  process.exit(2);
}
const missing = [];
const lines = [];
const emitted = typesEmitted();
for (const type of [...new Set([...emitted, ...typesJudged(resources)])].sort()) {
  const r = resources[type];
  if (!r) {
    missing.push(type);
    continue;
  }
  const paths = forceNewPaths(r.schema);
  const list = (ps) => ps.map((p) => JSON.stringify(p.path)).join(', ');
  const blocks = paths.filter((p) => p.block);
  lines.push(`  ${type}: { forceNew: [${list(paths.filter((p) => !p.block))}], blocks: [${list(blocks)}], computed: [${list(paths.filter((p) => p.computed))}] },`);
}
if (missing.length > 0) {
  console.error(`not in the ${TAG} schema (renamed or removed?): ${missing.join(', ')}`);
  process.exit(1);
}

const out = `/**
 * GENERATED by scripts/extract-force-new.js; do not edit (re-run it against a new provider tag instead).
 *
 * Which attribute changes make Terraform destroy and recreate a resource: the attributes marked
 * \`forceNew\` in the azurerm provider's published schema (nested blocks as dotted paths). For a
 * force-new nested block (\`blocks\`) only adding or removing the block replaces (the plugin SDK gives
 * the block's ForceNew to its count; nested attributes keep their own flags). \`computed\` lists the
 * force-new attributes that are also Computed: removing one from the config keeps the prior value (no
 * replacement); changing its value still replaces. Replacements the provider decides in CustomizeDiff
 * at plan time are not in the schema: see may-replace.ts.
 *
 * Source: hashicorp/terraform-provider-azurerm ${TAG}, .release/provider-schema.json (read ${DATE}).
 */
export const FORCE_NEW_SOURCE = {
  provider: 'hashicorp/azurerm',
  tag: '${TAG}',
  file: '.release/provider-schema.json',
  read: '${DATE}',
} as const;

export interface ForceNewFacts {
  /** Dotted attribute paths whose change of value forces replacement. */
  readonly forceNew: readonly string[];
  /** Nested blocks whose addition or removal (not the change of their content) forces replacement. */
  readonly blocks: readonly string[];
  /** The subset that is Optional+Computed: leaving it out of the config is not a change. */
  readonly computed: readonly string[];
}

export const AZURERM_FORCE_NEW: Readonly<Record<string, ForceNewFacts>> = {
${lines.join('\n')}
};
`;
fs.writeFileSync(path.join(root, 'azure', 'force-new.ts'), out);
console.log(`azure/force-new.ts: ${lines.length} resource types from ${TAG}`);
