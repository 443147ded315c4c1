/**
 * A directory is one module, as Terraform loads it (hashicorp/terraform internal/configs
 * parser_file_matcher.go, module.go, module_merge.go, module_merge_body.go; "Override Files" doc):
 * file names, override merging, and notices for everything not evaluated.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { evaluate, indexDocument, loadStacks, TerraformDocument, TerraformInputError } from '../../../guardrails';
import { configExtension, isIgnoredFile, isOverrideFile, moduleFiles } from '../../../guardrails/tfjson/files';
import { mergeBody } from '../../../guardrails/tfjson/module';

const HARD_KV = {
  name: 'kv-demo', rbac_authorization_enabled: true, purge_protection_enabled: true, public_network_access_enabled: false,
  network_acls: [{ default_action: 'Deny', bypass: 'AzureServices' }],
};

function dir(files: Record<string, string | object>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ailz-module-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return d;
}
const load = (files: Record<string, string | object>) => loadStacks([dir(files)]);
const problems = (files: Record<string, string | object>) => {
  try {
    load(files);
  } catch (e) {
    if (e instanceof TerraformInputError) return [...e.problems];
    throw e;
  }
  throw new Error('expected the input to be rejected');
};
const kv = (body: object) => ({ resource: { azurerm_key_vault: { kv: body } } });
const notices = (docs: TerraformDocument[]) => (evaluate(docs).notices ?? []).map((n) => `${n.code}: ${n.message}`);
const rules = (docs: TerraformDocument[], rule: string) => evaluate(docs).findings.filter((f) => f.rule === rule).map((f) => f.message);

describe('file names are matched as Terraform matches them', () => {
  test('configuration, override, ignored and other files', () => {
    expect(['a.tf.json', 'a.tf', 'a.json', 'a.TF.JSON', 'a.tf.json.bak', 'a.tftest.json'].map(configExtension)).toEqual(['.tf.json', '.tf', undefined, undefined, undefined, undefined]);
    expect(['override.tf.json', 'x_override.tf.json', 'override.tf', 'x_override.tf', 'xoverride.tf.json', 'override.json', 'override_x.tf.json'].map(isOverrideFile))
      .toEqual([true, true, true, true, false, false, false]);
    expect(['.hidden.tf.json', 'a.tf.json~', '#a.tf.json#', 'a.tf.json', '#a.tf.json'].map(isIgnoredFile)).toEqual([true, true, true, false, false]);
  });

  test('a directory lists its files in byte order, overrides apart, ignoring hidden files, backups and subdirectories', () => {
    const d = dir({
      'b.tf.json': '{}', 'a.tf.json': '{}', 'z_override.tf.json': '{}', 'override.tf.json': '{}', '.hidden.tf.json': '{}', 'c.tf.json~': '{}',
      '#d.tf.json#': '{}', 'E.tf.json': '{}', 'main.tf': '', 'x.TF.JSON': '{}', 'notes.json': '{}', 'sub/inner.tf.json': '{}',
    });
    const f = moduleFiles(d);
    expect(f.primary.map((p) => path.basename(p))).toEqual(['E.tf.json', 'a.tf.json', 'b.tf.json']);
    expect(f.overrides.map((p) => path.basename(p))).toEqual(['override.tf.json', 'z_override.tf.json']);
    expect(f.native.map((p) => path.basename(p))).toEqual(['main.tf']);
  });
});

describe('override files are merged as Terraform merges them', () => {
  test('an argument in an override replaces the argument', () => {
    const base = { 'main.tf.json': kv({ ...HARD_KV, purge_protection_enabled: false }) };
    expect(rules(load(base), 'AILZ-KV-002')).toHaveLength(1);
    const docs = load({ ...base, 'main_override.tf.json': kv({ purge_protection_enabled: true }) });
    expect(rules(docs, 'AILZ-KV-002')).toEqual([]);
    expect(notices(docs)).toContain('override-merged: override file main_override.tf.json merged into 1 block, as Terraform merges override files');
  });

  test('an override can also make a resource insecure, and the finding points into the override file', () => {
    const docs = load({ 'main.tf.json': kv(HARD_KV), 'override.tf.json': kv({ purge_protection_enabled: false }) });
    const f = evaluate(docs).findings.find((x) => x.rule === 'AILZ-KV-002')!;
    expect(f.location!.file).toMatch(/override\.tf\.json$/);
  });

  test('a nested block type in an override replaces every block of that type; other types stay', () => {
    const base = kv({ ...HARD_KV, network_acls: [{ default_action: 'Deny' }, { default_action: 'Deny' }] });
    const docs = load({ 'main.tf.json': base, 'z_override.tf.json': kv({ network_acls: { default_action: 'Allow', bypass: 'None' } }) });
    expect(indexDocument(docs[0]).byAddress('azurerm_key_vault.kv')!.attrs.network_acls).toEqual({ default_action: 'Allow', bypass: 'None' });
    expect(rules(docs, 'AILZ-KV-005')).toEqual(['network_acls.default_action is "Allow"; expected "Deny"']);
  });

  test('later override files win (lexical order)', () => {
    const docs = load({ 'main.tf.json': kv(HARD_KV), 'a_override.tf.json': kv({ purge_protection_enabled: false }), 'b_override.tf.json': kv({ purge_protection_enabled: true }) });
    expect(rules(docs, 'AILZ-KV-002')).toEqual([]);
  });

  test('lifecycle merges argument by argument; dynamic blocks of an overridden type are dropped', () => {
    expect(mergeBody(
      { lifecycle: [{ prevent_destroy: true, ignore_changes: ['tags'] }], dynamic: { network_acls: { content: {} }, ip_rule: { content: {} } }, a: 1 },
      { lifecycle: { create_before_destroy: true }, network_acls: { default_action: 'Deny' } },
      true,
    )).toEqual({
      lifecycle: [{ prevent_destroy: true, ignore_changes: ['tags'], create_before_destroy: true }],
      dynamic: [{ ip_rule: { content: {} } }],
      network_acls: { default_action: 'Deny' },
      a: 1,
    });
  });

  test.each([
    ['a resource with no base', { 'main.tf.json': kv(HARD_KV), 'x_override.tf.json': { resource: { azurerm_key_vault: { other: {} } } } }, /Missing resource to override: There is no azurerm_key_vault resource named "other"/],
    ['depends_on in an override', { 'main.tf.json': kv(HARD_KV), 'x_override.tf.json': kv({ depends_on: ['azurerm_resource_group.rg'] }) }, /Unsupported override: The depends_on argument may not be overridden/],
    ['a moved block in an override', { 'main.tf.json': kv(HARD_KV), 'x_override.tf.json': { moved: { from: 'a.b', to: 'a.c' } } }, /Cannot override 'moved' blocks/],
    ['an aliased provider with no base', { 'main.tf.json': kv(HARD_KV), 'x_override.tf.json': { provider: { azurerm: { alias: 'hub' } } } }, /Missing base provider configuration for override: There is no azurerm provider configuration with the alias "hub"/],
  ])('Terraform rejects %s', (_what, files, message) => {
    expect(problems(files)[0]).toMatch(message);
  });

  test('with .tf files beside, an override whose base may be there is not evaluated, and said', () => {
    const docs = load({ 'main.tf.json': kv(HARD_KV), 'main.tf': 'resource "azurerm_key_vault" "hcl" {}', 'x_override.tf.json': { resource: { azurerm_key_vault: { hcl: { purge_protection_enabled: false } } } } });
    expect(indexDocument(docs[0]).byAddress('azurerm_key_vault.hcl')).toBeUndefined();
    expect(notices(docs)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^override-without-base: resource "azurerm_key_vault" "hcl" in override file x_override\.tf\.json has no base in the JSON files \(it may be in main\.tf, which are not read\): not evaluated$/),
      expect.stringMatching(/^native-syntax-file: main\.tf: HCL native syntax is not read; blocks declared there are not checked/),
    ]));
  });
});

describe('what is not evaluated is said, never skipped silently', () => {
  test.each([
    ['a module call', { ...kv(HARD_KV), module: { net: { source: './net' } } }, /^module-call: module "net" \(source \.\/net\) is not evaluated: the resources it declares are not checked$/],
    ['count', kv({ ...HARD_KV, count: '${var.n}' }), /^count-for-each: count\/for_each is not expanded on 1 block \(azurerm_key_vault\.kv\): each is judged once, as written$/],
    ['for_each on a data source', { ...kv(HARD_KV), data: { azurerm_subscription: { s: { for_each: '${var.subs}' } } } }, /count\/for_each is not expanded on 1 block \(data\.azurerm_subscription\.s\)/],
    ['a dynamic block', kv({ ...HARD_KV, dynamic: { ip_rule: { for_each: '${var.ips}', content: { value: '${ip_rule.value}' } } } }), /^dynamic-block: dynamic blocks are not expanded in 1 block \(azurerm_key_vault\.kv\)/],
    ['a dynamic block nested in a block', kv({ ...HARD_KV, network_acls: { default_action: 'Deny', dynamic: { virtual_network_subnet_ids: { for_each: [] } } } }), /^dynamic-block: /],
    ['an ephemeral resource', { ...kv(HARD_KV), ephemeral: { azurerm_key_vault_secret: { s: { name: 'x' } } } }, /^not-evaluated-block: 1 ephemeral block \(azurerm_key_vault_secret\.s\) not evaluated$/],
    ['a check block', { ...kv(HARD_KV), check: { health: { assert: { condition: true } } } }, /^not-evaluated-block: 1 check block \(health\) not evaluated$/],
  ])('%s', (_what, json, message) => {
    expect(notices(load({ 'main.tf.json': json }))).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });

  test('.tf files beside the JSON are named', () => {
    const docs = load({ 'main.tf.json': kv(HARD_KV), 'variables.tf': '', 'network.tf': '', 'z_override.tf': '' });
    expect(notices(docs)).toContainEqual(expect.stringMatching(/^native-syntax-file: network\.tf, variables\.tf, z_override\.tf: HCL native syntax is not read/));
  });

  test('a module call notice carries the position of its block', () => {
    const docs = load({ 'main.tf.json': { ...kv(HARD_KV), module: { net: { source: './net' } } } });
    const n = evaluate(docs).notices!.find((x) => x.code === 'module-call')!;
    const text = fs.readFileSync(docs[0].path!, 'utf8');
    expect(n.location).toMatchObject({ startLine: text.split('\n').findIndex((l) => l.includes('"net"')) + 1, startColumn: 5 });
  });

  test('many blocks with count are listed briefly', () => {
    const many: Record<string, object> = {};
    for (let i = 0; i < 8; i++) many[`kv${i}`] = { ...HARD_KV, count: 2 };
    expect(notices(load({ 'main.tf.json': { resource: { azurerm_key_vault: many } } }))).toContainEqual(
      'count-for-each: count/for_each is not expanded on 8 blocks (azurerm_key_vault.kv0, azurerm_key_vault.kv1, azurerm_key_vault.kv2, azurerm_key_vault.kv3, azurerm_key_vault.kv4 and 3 more): each is judged once, as written',
    );
  });
});
