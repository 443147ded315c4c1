import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { AZURERM_FORCE_NEW, FORCE_NEW_SOURCE } from '../../azure/force-new';
import { AZAPI_FORCE_NEW, AZURERM_MAY_REPLACE } from '../../azure/may-replace';
import { referenceConfig, synthStacks } from '../stacks/helpers';

const ROOT = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : n.endsWith('.ts') ? [p] : [];
  });
}

describe('force-new facts (azure/force-new.ts, generated from the azurerm v4.55.0 provider schema)', () => {
  it('names its source and tag', () => {
    expect(FORCE_NEW_SOURCE).toEqual({ provider: 'hashicorp/azurerm', tag: 'v4.55.0', file: '.release/provider-schema.json', read: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('covers every azurerm resource type the reference landing zone synthesizes', () => {
    const stacks = synthStacks(referenceConfig());
    const emitted = new Set<string>();
    for (const json of Object.values(stacks)) for (const t of Object.keys(json.resource ?? {})) if (t.startsWith('azurerm_')) emitted.add(t);
    expect(emitted.size).toBeGreaterThan(30);
    expect([...emitted].filter((t) => !AZURERM_FORCE_NEW[t])).toEqual([]);
  });

  it('covers every provider class a construct or stack imports (types the reference config does not switch on included)', () => {
    const imported = new Set<string>();
    for (const f of [...sources(join(ROOT, 'constructs')), ...sources(join(ROOT, 'stacks'))]) {
      for (const m of readFileSync(f, 'utf8').matchAll(/@cdktf\/provider-azurerm\/lib\/([a-z0-9-]+)/g)) {
        // Data sources are read, never replaced.
        if (m[1] !== 'provider' && !m[1].startsWith('data-')) imported.add(`azurerm_${m[1].replace(/-/g, '_')}`);
      }
    }
    expect([...imported].filter((t) => !AZURERM_FORCE_NEW[t])).toEqual([]);
  });

  it('covers the AI gateway types (API Management) the gateway work adds', () => {
    for (const t of ['azurerm_api_management', 'azurerm_api_management_api', 'azurerm_api_management_backend', 'azurerm_api_management_api_policy', 'azurerm_api_management_logger', 'azurerm_api_management_diagnostic']) {
      expect(AZURERM_FORCE_NEW[t]).toBeDefined();
    }
  });

  it('holds the facts a reviewer relies on (spot checks against the provider source)', () => {
    // internal/services/keyvault/key_vault_resource.go: name, location and resource group are ForceNew.
    expect(AZURERM_FORCE_NEW.azurerm_key_vault.forceNew).toEqual(expect.arrayContaining(['name', 'location', 'resource_group_name']));
    expect(AZURERM_FORCE_NEW.azurerm_key_vault.forceNew).not.toContain('purge_protection_enabled');
    // internal/services/cognitive/cognitive_deployment_resource.go:82-109: the model block is ForceNew (its
    // count), format and name are ForceNew, version is not (a version upgrade is an in-place update).
    expect(AZURERM_FORCE_NEW.azurerm_cognitive_deployment.blocks).toContain('model');
    expect(AZURERM_FORCE_NEW.azurerm_cognitive_deployment.forceNew).toEqual(expect.arrayContaining(['model.name', 'model.format']));
    expect(AZURERM_FORCE_NEW.azurerm_cognitive_deployment.forceNew).not.toContain('model.version');
    // Role assignments cannot be updated at all.
    expect(AZURERM_FORCE_NEW.azurerm_role_assignment.forceNew).toEqual(expect.arrayContaining(['principal_id', 'role_definition_id', 'scope']));
    // role_definition_id is Optional+Computed: leaving it to the provider is not a change.
    expect(AZURERM_FORCE_NEW.azurerm_role_assignment.computed).toContain('role_definition_id');
  });

  it('lists every path in sorted order, each once, blocks apart from values', () => {
    for (const [type, f] of Object.entries(AZURERM_FORCE_NEW)) {
      expect([...f.forceNew].sort()).toEqual(f.forceNew);
      expect(new Set(f.forceNew).size).toBe(f.forceNew.length);
      for (const b of f.blocks) expect(f.forceNew).not.toContain(b);
      for (const c of f.computed) expect([...f.forceNew, ...f.blocks]).toContain(c);
      expect(type).toMatch(/^azurerm_[a-z0-9_]+$/);
    }
  });
});

describe('may-replace facts (azure/may-replace.ts)', () => {
  it('cites a provider file and line for every CustomizeDiff replacement, on a type ailz knows', () => {
    for (const [type, facts] of Object.entries(AZURERM_MAY_REPLACE)) {
      expect(AZURERM_FORCE_NEW[type]).toBeDefined();
      for (const f of facts) {
        expect(f.source).toMatch(/^internal\/services\/[a-z]+\/[a-z_]+\.go:\d+$/);
        // A CustomizeDiff replacement is conditional: the attribute itself is not ForceNew in the schema.
        expect(AZURERM_FORCE_NEW[type].forceNew).not.toContain(f.path);
      }
    }
  });

  it('knows azapi 2.12.0 replaces on name and parent_id but not on the api-version', () => {
    expect(AZAPI_FORCE_NEW.azapi_resource).toEqual(expect.arrayContaining(['name', 'parent_id', 'location']));
    expect(AZAPI_FORCE_NEW.azapi_resource).not.toContain('type');
  });
});
