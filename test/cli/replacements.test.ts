/**
 * Changes that destroy: validate and synth warn when the names of an existing output would change
 * (Azure replaces a renamed or moved resource), listing each resource, and --fail-on warning turns
 * the warning into exit 1 with nothing written.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { predictReplacements } from '../../cli/replacements';
import { EXIT } from '../../cli/exit-codes';
import { ailz, readTree, REFERENCE_CONFIG, tempDir } from './helpers';
import { catalogAgeStderr } from '../as-of';

const reference = readFileSync(REFERENCE_CONFIG, 'utf8');
/** The reference with the chat workload's first occurrence of `from` replaced. */
function edited(dir: string, from: string, to: string): string {
  const file = join(dir, `${to.replace(/\W+/g, '-')}.yaml`);
  writeFileSync(file, reference.replace(from, to));
  return file;
}

describe('predictReplacements', () => {
  const doc = (stack: string, resource: Record<string, Record<string, any>>) => ({ stack, json: { resource } });

  it('finds changed names, locations and resource groups (through references), and dropped resources and stacks', () => {
    const previous = [
      doc('workload-chat', {
        azurerm_resource_group: { rg: { name: 'rg-a-prod', location: 'swedencentral' } },
        azurerm_key_vault: { kv: { name: 'kv-a', location: 'swedencentral', resource_group_name: '${azurerm_resource_group.rg.name}' } },
        azurerm_management_lock: { lock: { name: 'lock-kv-a', scope: '${azurerm_key_vault.kv.id}' } },
        azurerm_role_assignment: { ra: { scope: 'x', role_definition_name: 'Reader' } },
      }),
      doc('workload-gone', { azurerm_resource_group: { rg: { name: 'rg-gone' } } }),
    ];
    const next = [doc('workload-chat', {
      azurerm_resource_group: { rg: { name: 'rg-a-exp', location: 'swedencentral' } },
      azurerm_key_vault: { kv: { name: 'kv-a', location: 'swedencentral', resource_group_name: '${azurerm_resource_group.rg.name}' } },
      azurerm_role_assignment: { ra: { scope: 'y', role_definition_name: 'Reader' } },
    })];
    expect(predictReplacements(previous, next)).toEqual({
      replacements: [
        { stack: 'workload-chat', address: 'azurerm_key_vault.kv', kind: 'replaced', changes: [{ argument: 'resource_group_name', before: 'rg-a-prod', after: 'rg-a-exp' }] },
        { stack: 'workload-chat', address: 'azurerm_management_lock.lock', kind: 'removed', changes: [] },
        { stack: 'workload-chat', address: 'azurerm_resource_group.rg', kind: 'replaced', changes: [{ argument: 'name', before: 'rg-a-prod', after: 'rg-a-exp' }] },
      ],
      removedStacks: [{ stack: 'workload-gone', resources: 1 }],
    });
  });

  it('finds nothing when nothing that forces a replacement changes', () => {
    const d = [doc('platform', { azurerm_virtual_network: { hub: { name: 'vnet-hub', location: 'swedencentral', address_space: ['10.0.0.0/22'] } } })];
    const n = [doc('platform', { azurerm_virtual_network: { hub: { name: 'vnet-hub', location: 'swedencentral', address_space: ['10.0.0.0/21'] } } })];
    expect(predictReplacements(d, n)).toEqual({ replacements: [], removedStacks: [] });
  });
});

describe('validate and synth warn before destroying', () => {
  let dir: string;
  let out: string;
  let before: Record<string, string>;
  beforeAll(() => {
    dir = tempDir();
    out = join(dir, 'out');
    expect(ailz(['synth', '-c', REFERENCE_CONFIG, '-o', out]).code).toBe(0);
    before = readTree(out);
  });

  it('validate: a changed environment lists every resource it would replace, exit 0', () => {
    const r = ailz(['validate', '-c', edited(dir, 'environment: production', 'environment: experimentation'), '--previous', out]);
    expect(r.code).toBe(EXIT.OK);
    expect(r.stderr).toMatch(/^warning: workload-chat: applying this would replace \d+ and destroy \d+ resources of the output in .*out \(Azure cannot rename or move them\):$/m);
    expect(r.stderr).toMatch(/^ {2}azurerm_resource_group\.ResourceGroup_[0-9A-F]+: name rg-contoso-chat-prod-sdc -> rg-contoso-chat-exp-sdc$/m);
    expect(r.stderr).toMatch(/^ {2}azurerm_key_vault\.Ai_KeyVault_[0-9A-F]+: name kv-contoso-chat-p-\w+ -> kv-contoso-chat-e-\w+, resource_group_name rg-contoso-chat-prod-sdc -> rg-contoso-chat-exp-sdc$/m);
    expect(r.stderr).not.toMatch(/workload-research/);
  });

  it('validate: a changed location replaces with the location named; --fail-on warning exits 1', () => {
    const file = edited(dir, 'location: westeurope\n    addressSpace: 10.2.0.0/22', 'location: swedencentral\n    addressSpace: 10.2.0.0/22');
    const r = ailz(['validate', '-c', file, '--previous', out, '--fail-on', 'warning']);
    expect(r.code).toBe(EXIT.FINDINGS);
    expect(r.stderr).toMatch(/^ {2}azurerm_resource_group\.ResourceGroup_[0-9A-F]+: name rg-contoso-research-exp-we -> rg-contoso-research-exp-sdc, location westeurope -> swedencentral$/m);
  });

  it('validate: the same config, --no-previous, or no output: no warning', () => {
    // Only the model catalog's age, when it is older than 180 days on TEST_AS_OF.
    expect(ailz(['validate', '-c', REFERENCE_CONFIG, '--previous', out]).stderr).toBe(catalogAgeStderr());
    expect(ailz(['validate', '-c', edited(dir, 'environment: production', 'environment: experimentation'), '--no-previous']).stderr).toBe(catalogAgeStderr());
    expect(ailz(['validate', '-c', REFERENCE_CONFIG], tempDir()).stderr).toBe(catalogAgeStderr());
  });

  it('validate: --previous naming a directory without output is a usage error', () => {
    const r = ailz(['validate', '-c', REFERENCE_CONFIG, '--previous', join(dir, 'nothing')]);
    expect(r.code).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/--previous .*nothing: no synth output there/);
  });

  it('validate: a renamed workload leaves its old stack behind, said so', () => {
    const r = ailz(['validate', '-c', edited(dir, 'name: chat', 'name: chatbot'), '--previous', out]);
    expect(r.stderr).toMatch(/^warning: stack workload-chat of .*out is no longer synthesized: its \d+ resources stay in Azure until that stack is destroyed/m);
  });

  it('synth compares with --out by default; --fail-on warning writes nothing', () => {
    const target = join(tempDir(), 'out');
    expect(ailz(['synth', '-c', REFERENCE_CONFIG, '-o', target]).code).toBe(0);
    const changed = edited(dir, 'environment: production', 'environment: experimentation');
    const refused = ailz(['synth', '-c', changed, '-o', target, '--fail-on', 'warning']);
    expect(refused.code).toBe(EXIT.FINDINGS);
    expect(refused.stderr).toMatch(/\d+ resources would be replaced or destroyed \(--fail-on warning\); nothing was written/);
    expect(readTree(target)).toEqual(before);
    const done = ailz(['synth', '-c', changed, '-o', target]);
    expect(done.code).toBe(EXIT.OK);
    expect(done.stderr).toMatch(/^warning: workload-chat: applying this would replace/m);
    expect(readTree(target)).not.toEqual(before);
  });
});
