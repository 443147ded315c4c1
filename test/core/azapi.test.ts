import { App, TerraformStack } from 'cdktf';
import { AzapiProvider, AzapiResource, AzapiUpdateResource, DataAzapiResource } from '../../constructs/core/azapi';
import { AZAPI_PROVIDER_VERSION, parseAzapiType } from '../../azure/arm-types';
import { azapiOfType, azapiResources, bodyValue } from '../../guardrails/azapi';
import { indexDocument } from '../../guardrails/document';

const KEY = { type: 'Microsoft.KeyVault/vaults/keys', apiVersion: '2024-11-01', source: 'test' };
const VAULT = '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv';

/** A whole stack (providers and required_providers appear only at stack level). */
function stackJson(fn: (s: TerraformStack) => void): any {
  const app = new App({ outdir: '/tmp/unused', stackTraces: false });
  const stack = new TerraformStack(app, 'test');
  fn(stack);
  return JSON.parse(JSON.stringify((stack as any).toTerraform()));
}

describe('azapi binding', () => {
  const json = stackJson((s) => {
    new AzapiProvider(s, 'azapi', { subscriptionId: 'sub', tenantId: 'tenant' });
    const key = new AzapiResource(s, 'Key', {
      arm: KEY, name: 'cmk', parentId: VAULT,
      body: { properties: { kty: 'RSA', keySize: 2048, rotationPolicy: { attributes: { expiryTime: 'P1Y' } } } },
      responseExportValues: ['properties.keyUri'],
    });
    new AzapiUpdateResource(s, 'Update', { arm: KEY, resourceId: key.id, body: { properties: { keyOps: ['wrapKey'] } } });
    new AzapiResource(s, 'Uses', { arm: KEY, name: 'ref', parentId: VAULT, body: { properties: { note: key.output('properties.keyUri') } } });
  });

  it('pins Azure/azapi exactly and never lets azapi register resource providers', () => {
    expect(json.terraform.required_providers.azapi).toEqual({ source: 'Azure/azapi', version: AZAPI_PROVIDER_VERSION });
    expect(AZAPI_PROVIDER_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(json.provider.azapi).toEqual([{ subscription_id: 'sub', tenant_id: 'tenant', skip_provider_registration: true, disable_default_output: true }]);
  });

  it('writes type as <ARM type>@<api version> and keeps the body exactly as ARM spells it (no snake_case)', () => {
    const key = Object.values(json.resource.azapi_resource)[0] as any;
    expect(key.type).toBe('Microsoft.KeyVault/vaults/keys@2024-11-01');
    expect(key.parent_id).toBe(VAULT);
    expect(key.body.properties.rotationPolicy.attributes.expiryTime).toBe('P1Y');
    expect(key.body.properties.keySize).toBe(2048);
    expect(key.response_export_values).toEqual(['properties.keyUri']);
    expect(key.location).toBeUndefined();
  });

  it('references exported values through output.<path>', () => {
    const uses = (json.resource.azapi_resource as Record<string, any>);
    const name = Object.keys(uses).find((k) => k.startsWith('Key'))!;
    const consumer = Object.values(uses).find((r: any) => r.name === 'ref') as any;
    expect(consumer.body.properties.note).toBe(`\${azapi_resource.${name}.output.properties.keyUri}`);
  });

  it('refuses an output path that is not exported, and a data source with both or neither of name and resourceId', () => {
    expect(() => stackJson((s) => {
      const k = new AzapiResource(s, 'K', { arm: KEY, name: 'k', parentId: VAULT, body: {} });
      k.output('properties.keyUri');
    })).toThrow(/not in responseExportValues/);
    expect(() => stackJson((s) => { new DataAzapiResource(s, 'D', { arm: KEY, responseExportValues: ['id'] }); })).toThrow(/exactly one of resourceId or name/);
    expect(() => stackJson((s) => { new DataAzapiResource(s, 'D', { arm: KEY, name: 'x', resourceId: 'y', responseExportValues: ['id'] }); })).toThrow(/exactly one/);
  });

  it('is read back by the guardrails as ARM requests, updates included', () => {
    const doc = indexDocument({ stack: 'test', json });
    expect(azapiResources(doc)).toHaveLength(3);
    const keys = azapiOfType(doc, 'microsoft.keyvault/VAULTS/keys');
    expect(keys.map((v) => v.update)).toEqual([false, false, true]);
    expect(bodyValue(keys[0], 'properties.kty')).toBe('RSA');
    expect(bodyValue(keys[0], 'properties.missing.deeper')).toBeUndefined();
    expect(keys[0].apiVersion).toBe('2024-11-01');
  });

  it('writes retry as an object, timeouts, locks, replace_triggers_refs and lifecycle as azapi 2.12 and Terraform spell them', () => {
    const j = stackJson((s) => {
      new AzapiProvider(s, 'azapi');
      new AzapiResource(s, 'K', {
        arm: KEY, name: 'k', parentId: VAULT, body: { properties: { kty: 'RSA' } },
        replaceTriggersRefs: ['properties.kty'], lifecycle: { preventDestroy: true }, locks: [VAULT],
      });
      new AzapiUpdateResource(s, 'U', {
        arm: KEY, resourceId: VAULT, body: {}, retry: { errorMessageRegex: ['(?i)forbidden'], intervalSeconds: 15, maxIntervalSeconds: 60 },
        timeouts: { create: '15m' }, locks: [VAULT],
      });
    });
    const k = Object.values(j.resource.azapi_resource)[0] as any;
    expect(k.replace_triggers_refs).toEqual(['properties.kty']);
    expect(k.lifecycle).toEqual({ prevent_destroy: true });
    expect(k.locks).toEqual([VAULT]);
    expect(k.retry).toBeUndefined();
    const u = Object.values(j.resource.azapi_update_resource)[0] as any;
    expect(u.retry).toEqual({ error_message_regex: ['(?i)forbidden'], interval_seconds: 15, max_interval_seconds: 60 });
    expect(u.timeouts).toEqual({ create: '15m' });
    expect(u.locks).toEqual([VAULT]);
  });

  it('writes the same arguments in HCL (synth --hcl): blocks as blocks, the body as an object, strings that look like numbers kept strings', () => {
    const app = new App({ outdir: '/tmp/unused', stackTraces: false, hclOutput: true });
    const stack = new TerraformStack(app, 'hcl');
    new AzapiProvider(stack, 'azapi', { subscriptionId: 'sub' });
    new AzapiResource(stack, 'K', {
      arm: KEY, name: 'k', parentId: VAULT, identity: { type: 'UserAssigned', identityIds: ['${x.id}'] },
      body: { properties: { kty: 'RSA', keySize: 2048, version: '1', note: '${var.n}' } }, tags: { costCenter: '4711' },
    });
    new AzapiUpdateResource(stack, 'U', { arm: KEY, resourceId: VAULT, body: { properties: { keyOps: ['wrapKey'] } }, timeouts: { create: '15m' } });
    const hcl: string = (stack as any).toHclTerraform().hcl;
    expect(hcl).toContain('provider "azapi" {\nsubscription_id = "sub"');
    expect(hcl).toContain('type = "Microsoft.KeyVault/vaults/keys@2024-11-01"');
    expect(hcl).toMatch(/identity \{\s*type = "UserAssigned"\s*identity_ids = \[\s*"\$\{x\.id\}",?\s*\]\s*\}/);
    expect(hcl).toMatch(/body = \{\s*properties = \{\s*kty = "RSA"\s*keySize = 2048\s*version = "1"\s*note = "\$\{var\.n\}"/);
    expect(hcl).toContain('costCenter = "4711"');
    expect(hcl).toMatch(/timeouts \{\s*create = "15m"\s*\}/);
    expect(hcl).not.toMatch(/resource "azapi_update_resource" "U" \{\s*\}/);
  });

  it('parses azapi type strings', () => {
    expect(parseAzapiType('Microsoft.Network/networkWatchers/flowLogs@2024-05-01')).toEqual({ type: 'Microsoft.Network/networkWatchers/flowLogs', apiVersion: '2024-05-01' });
    expect(parseAzapiType('Microsoft.Network/networkWatchers')).toBeUndefined();
    expect(parseAzapiType('x@')).toBeUndefined();
  });
});
