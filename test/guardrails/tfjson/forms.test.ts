/**
 * Every form Terraform's JSON syntax allows is read, found at the right address and judged; what
 * Terraform rejects is rejected with positions; what is not evaluated is said. Sources:
 * hashicorp/hcl `json/spec.md` and `json/structure.go` (bodies, labels, repeated names, "//"),
 * hashicorp/terraform `internal/configs` (top-level schema, duplicate blocks, override merging) and
 * Terraform's "JSON Configuration Syntax" and "Override Files" documentation.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { evaluate, indexDocument, loadStacks, TerraformDocument, TerraformInputError } from '../../../guardrails';

const HARD_KV = {
  name: 'kv-demo', location: 'swedencentral', resource_group_name: 'rg', tenant_id: '00000000-0000-0000-0000-000000000000', sku_name: 'standard',
  rbac_authorization_enabled: true, purge_protection_enabled: true, public_network_access_enabled: false, soft_delete_retention_days: 90,
  network_acls: [{ default_action: 'Deny', bypass: 'AzureServices' }],
};
const BAD_KV = { ...HARD_KV, purge_protection_enabled: false };

function dir(files: Record<string, string | object>): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ailz-forms-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  }
  return d;
}

const load = (files: Record<string, string | object>, sub = ''): TerraformDocument[] => loadStacks([path.join(dir(files), sub)]);
const problems = (files: Record<string, string | object>, sub = ''): string[] => {
  try {
    load(files, sub);
  } catch (e) {
    if (e instanceof TerraformInputError) return [...e.problems];
    throw e;
  }
  throw new Error('expected the input to be rejected');
};
const purge = (docs: TerraformDocument[]) => evaluate(docs).findings.filter((f) => f.rule === 'AILZ-KV-002').map((f) => `${f.stack}/${f.address}`);

describe('every body and label form of the spec is found at its address and judged', () => {
  const kv = (body: unknown) => ({ resource: { azurerm_key_vault: { kv: body } } });
  test.each<[string, unknown]>([
    ['canonical objects', kv(BAD_KV)],
    ['the root as an array of objects', [{ terraform: {} }, kv(BAD_KV)]],
    ['an array at the block-type level ("resource": [{...}])', { resource: [{ azurerm_resource_group: { rg: { name: 'rg', location: 'swedencentral' } } }, { azurerm_key_vault: { kv: BAD_KV } }] }],
    ['an array at the type label level ("azurerm_key_vault": [{"kv": {...}}])', { resource: { azurerm_key_vault: [{ kv: BAD_KV }] } }],
    ['an array of one body at the name level', kv([BAD_KV])],
    ['a body written as an array of objects (properties merged in order)', kv([[{ ...HARD_KV, purge_protection_enabled: undefined }, { purge_protection_enabled: false }]])],
    ['the label levels split over several objects of an array', { resource: [{ azurerm_key_vault: [{ kv: BAD_KV }] }] }],
  ])('%s', (_form, json) => {
    const docs = load({ 'main.tf.json': json as object });
    expect(purge(docs)).toEqual([`${path.basename(path.dirname(docs[0].path!))}/azurerm_key_vault.kv`]);
    // And its position is the line that sets the attribute.
    const f = evaluate(docs).findings.find((x) => x.rule === 'AILZ-KV-002')!;
    const lines = fs.readFileSync(docs[0].path!, 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('"purge_protection_enabled": false')) + 1;
    expect(f.location).toMatchObject({ startLine: line, startColumn: lines[line - 1].indexOf('"') + 1, endLine: line });
    // The same form with the secure value is not reported.
    const fixed = JSON.parse(JSON.stringify(json).replace('"purge_protection_enabled":false', '"purge_protection_enabled":true'));
    expect(purge(load({ 'main.tf.json': fixed }))).toEqual([]);
  });

  test('"resource" given twice at the root: both definitions declare blocks (HCL keeps every definition)', () => {
    const text = `{"resource": {"azurerm_resource_group": {"rg": {"name": "rg", "location": "swedencentral"}}},
      "resource": {"azurerm_key_vault": {"kv": ${JSON.stringify(BAD_KV)}}}}`;
    const docs = load({ 'main.tf.json': text });
    expect(purge(docs)).toHaveLength(1);
    expect(indexDocument(docs[0]).byAddress('azurerm_resource_group.rg')).toBeDefined();
  });

  test('a resource type given twice under "resource": both are read', () => {
    const text = `{"resource": {"azurerm_key_vault": {"a": ${JSON.stringify(BAD_KV)}}, "azurerm_key_vault": {"b": ${JSON.stringify(BAD_KV)}}}}`;
    expect(purge(load({ 'main.tf.json': text })).map((a) => a.split('/')[1])).toEqual(['azurerm_key_vault.a', 'azurerm_key_vault.b']);
  });

  test('a directory of several *.tf.json files is one configuration', () => {
    const docs = load({ 'vault.tf.json': { resource: { azurerm_key_vault: { kv: BAD_KV } } }, 'rg.tf.json': { resource: { azurerm_resource_group: { rg: { name: 'rg' } } } } }, '');
    expect(docs).toHaveLength(1);
    const idx = indexDocument(docs[0]);
    expect(idx.resources().map((r) => r.address).sort()).toEqual(['azurerm_key_vault.kv', 'azurerm_resource_group.rg']);
  });

  test('data sources, providers and variables in array forms', () => {
    const docs = load({
      'main.tf.json': {
        data: [{ azurerm_client_config: { current: {} } }, { azurerm_subscription: [{ primary: {} }] }],
        provider: [{ azurerm: { features: {} } }, { azurerm: [{ alias: 'hub', features: {}, subscription_id: '${var.hub}' }] }],
        variable: [{ hub: { type: 'string' } }, { other: {} }],
        resource: { azurerm_key_vault: { kv: HARD_KV } },
      },
    });
    const idx = indexDocument(docs[0]);
    expect(idx.byAddress('data.azurerm_client_config.current')).toBeDefined();
    expect(idx.byAddress('data.azurerm_subscription.primary')).toBeDefined();
    expect(idx.providers('azurerm').map((p) => p.alias ?? '(default)')).toEqual(['(default)', 'hub']);
  });

  test('nested blocks as an object, an array, or a repeated property: each form is judged', () => {
    const acl = (v: unknown) => ({ resource: { azurerm_key_vault: { kv: { ...HARD_KV, network_acls: v } } } });
    const kv005 = (docs: TerraformDocument[]) => evaluate(docs).findings.filter((f) => f.rule === 'AILZ-KV-005').map((f) => f.message);
    expect(kv005(load({ 'a.tf.json': acl({ default_action: 'Allow' }) }))).toEqual(['network_acls.default_action is "Allow"; expected "Deny"']);
    expect(kv005(load({ 'a.tf.json': acl([{ default_action: 'Allow' }]) }))).toEqual(['network_acls.default_action is "Allow"; expected "Deny"']);
    const repeated = `{"resource": {"azurerm_key_vault": {"kv": {"name": "kv", "rbac_authorization_enabled": true, "purge_protection_enabled": true,
      "public_network_access_enabled": false, "network_acls": {"default_action": "Allow"}, "network_acls": {"default_action": "Deny"}}}}}`;
    // Two blocks: the rule reads the first, as with any list of blocks.
    expect(kv005(load({ 'a.tf.json': repeated }))).toEqual(['network_acls.default_action is "Allow"; expected "Deny"']);
  });
});

describe('repeated names Terraform rejects', () => {
  test('one resource declared twice under one type: "Duplicate resource" with both positions', () => {
    const text = '{\n  "resource": {\n    "azurerm_key_vault": {\n      "kv": {"name": "a"},\n      "kv": {"name": "b"}\n    }\n  }\n}\n';
    const p = problems({ 'main.tf.json': text });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/main\.tf\.json:5:7: Duplicate resource "azurerm_key_vault" configuration: A azurerm_key_vault resource named "kv" was already declared at .*main\.tf\.json:4:7/);
  });

  test('two bodies in an array under one name are two blocks with one address: rejected', () => {
    expect(problems({ 'main.tf.json': { resource: { azurerm_key_vault: { kv: [HARD_KV, BAD_KV] } } } })[0]).toMatch(/Duplicate resource "azurerm_key_vault" configuration/);
  });

  test('the same address in two files of a directory', () => {
    const p = problems({ 'a.tf.json': { resource: { azurerm_key_vault: { kv: HARD_KV } } }, 'b.tf.json': { resource: { azurerm_key_vault: { kv: BAD_KV } } } });
    expect(p[0]).toMatch(/b\.tf\.json:\d+:\d+: Duplicate resource .* already declared at .*a\.tf\.json:\d+:\d+/);
  });

  test('an argument set twice in one body: "Duplicate argument", never the last silently', () => {
    const text = '{"resource": {"azurerm_key_vault": {"kv": {"purge_protection_enabled": false, "purge_protection_enabled": true}}}}';
    expect(problems({ 'main.tf.json': text })).toEqual([expect.stringMatching(/main\.tf\.json:1:79: Duplicate argument: The argument "purge_protection_enabled" was already set at .*main\.tf\.json:1:44\./)]);
  });

  test('a key repeated inside an expression object (tags): "Duplicate object attribute"', () => {
    const text = '{"resource": {"azurerm_key_vault": {"kv": {"tags": {"env": "prod", "env": "dev"}}}}}';
    expect(problems({ 'main.tf.json': text })[0]).toMatch(/1:68: Duplicate object attribute: An attribute named "env" was already defined at .*1:53/);
  });

  test.each([
    ['provider default twice', { provider: { azurerm: [{ features: {} }, { features: {} }] }, resource: { azurerm_key_vault: { kv: HARD_KV } } }, /Duplicate provider configuration: A default \(non-aliased\) provider configuration for "azurerm"/],
    ['variable twice', { variable: [{ a: {} }, { a: {} }], resource: { azurerm_key_vault: { kv: HARD_KV } } }, /Duplicate variable declaration: A variable named "a"/],
    ['data source twice', { data: { azurerm_client_config: { c: [{}, {}] } }, resource: { azurerm_key_vault: { kv: HARD_KV } } }, /Duplicate data "azurerm_client_config" configuration/],
    ['local twice', { locals: [{ a: 1 }, { a: 2 }], resource: { azurerm_key_vault: { kv: HARD_KV } } }, /Duplicate local value definition: A local value named "a"/],
  ])('%s', (_what, json, message) => {
    expect(problems({ 'main.tf.json': json })[0]).toMatch(message);
  });
});

describe('"//" comments (HCL JSON spec: ignored in bodies and at the root)', () => {
  test('comments at the root and in bodies are ignored, and may repeat', () => {
    const text = `{"//": "generated", "//": {"metadata": {}}, "resource": {"azurerm_key_vault": {"kv": {"//": "note", "//": "again", ${JSON.stringify(BAD_KV).slice(1)}}}}`;
    expect(purge(load({ 'main.tf.json': text }))).toHaveLength(1);
  });
});

describe('what Terraform rejects in the structure', () => {
  test.each([
    ['"resource": {}', '{"resource": {}}', /Missing block label: At least one object property is required, whose name represents the resource block's type/],
    ['"resource": null', '{"resource": null}', /Missing block label/],
    ['a type with no names', '{"resource": {"azurerm_key_vault": {}}}', /Missing block label: .*resource block's name/],
    ['a body that is a string', '{"resource": {"azurerm_key_vault": {"kv": "x"}}}', /Incorrect JSON value type: Either a JSON object or a JSON array is required.*found a string/],
    ['an unknown top-level block type', '{"resource": {"azurerm_key_vault": {"kv": {}}}, "resources": {}}', /Extraneous JSON object property: No argument or block type is named "resources"/],
    ['required_providers at the top level', '{"required_providers": {}, "resource": {"azurerm_key_vault": {"kv": {}}}}', /Invalid required_providers block: .* nested inside a "terraform" block/],
  ])('%s', (_what, text, message) => {
    expect(problems({ 'main.tf.json': text })[0]).toMatch(message);
  });

  test('null at the body level declares no block (valid)', () => {
    const docs = load({ 'main.tf.json': { resource: { azurerm_key_vault: { kv: BAD_KV, other: null } } } });
    expect(indexDocument(docs[0]).resources().map((r) => r.address)).toEqual(['azurerm_key_vault.kv']);
  });
});

describe('positions', () => {
  const pretty = { resource: { azurerm_key_vault: { kv: BAD_KV } } };
  const lineOf = (text: string, needle: string) => text.slice(0, text.indexOf(needle)).split('\n').length;

  test('a finding points at the attribute the rule judged, by line and column', () => {
    const docs = load({ 'main.tf.json': pretty });
    const text = JSON.stringify(pretty, null, 2);
    const f = evaluate(docs).findings.find((x) => x.rule === 'AILZ-KV-002')!;
    const line = lineOf(text, '"purge_protection_enabled"');
    expect(f.location).toEqual({ file: docs[0].path, startLine: line, startColumn: 9, endLine: line, endColumn: 9 + '"purge_protection_enabled": false'.length });
    expect(f.evidence).toEqual({ attribute: 'purge_protection_enabled', value: false, expected: 'true' });
  });

  test('a missing attribute points at the resource block', () => {
    const { purge_protection_enabled: _omit, ...noPurge } = BAD_KV;
    const json = { resource: { azurerm_key_vault: { kv: noPurge } } };
    const docs = load({ 'main.tf.json': json });
    const f = evaluate(docs).findings.find((x) => x.rule === 'AILZ-KV-002')!;
    const text = JSON.stringify(json, null, 2);
    expect(f.location!.startLine).toBe(lineOf(text, '"kv"'));
    expect(f.location!.startColumn).toBe(7);
    expect(f.location!.endLine).toBe(text.split('\n').length - 3);
  });

  test('positions in the array forms and in a file with repeated names (read by the positional parser)', () => {
    const text = '[\n {"resource": [\n  {"azurerm_key_vault": [\n   {"kv": {"purge_protection_enabled": false}}]}]},\n {"resource": {}, "resource": {"azurerm_resource_group": {"rg": {}}}}\n]';
    // The empty "resource" is an error: fix it, keep the repeated name.
    const valid = text.replace('{"resource": {}, ', '{"//": 1, ');
    const docs = load({ 'main.tf.json': valid.replace('"//": 1, "resource"', '"resource": {"azurerm_resource_group": {"rg0": {}}}, "resource"') });
    const f = evaluate(docs).findings.find((x) => x.rule === 'AILZ-KV-002')!;
    expect(f.location).toMatchObject({ startLine: 4, startColumn: 12, endLine: 4, endColumn: 12 + '"purge_protection_enabled": false'.length });
  });

  test('a UTF-8 BOM is ignored, as the YAML loader ignores it: same findings, same positions', () => {
    const text = JSON.stringify(pretty, null, 2);
    const norm = (docs: TerraformDocument[]) => evaluate(docs).findings.map((f) => ({ ...f, stack: '', location: { ...f.location, file: '' } }));
    const plain = norm(load({ 'main.tf.json': text }));
    const bom = norm(load({ 'main.tf.json': `\uFEFF${text}` }));
    expect(bom).toEqual(plain);
    expect(bom.length).toBeGreaterThan(0);
  });
});
