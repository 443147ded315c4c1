import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { synthesizeTo } from '../../cli/synth';
import { referenceConfig, synthStacks } from '../stacks/helpers';

describe('the customer-managed key of earlier releases is forgotten, never destroyed', () => {
  // Earlier releases created the key through the data plane as azurerm_key_vault_key at the same
  // construct path; destroying it would need a network path to the private vault and could remove a key
  // that protects data (CHANGELOG.md).
  it('a CMK workload releases azurerm_key_vault_key at the key\'s construct path', () => {
    const stacks = synthStacks(referenceConfig());
    const key = Object.keys(stacks['workload-chat'].resource.azapi_resource).find((k) => k.startsWith('Ai_KeyVault_CmkKey'))!;
    expect(stacks['workload-chat'].removed).toContainEqual({ from: `azurerm_key_vault_key.${key}`, lifecycle: { destroy: false } });
    expect(JSON.stringify(stacks['workload-research'].removed ?? [])).not.toContain('azurerm_key_vault_key');
  });

  it('synth --hcl keeps the removed block and renders the azapi resources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ailz-hcl-'));
    synthesizeTo(referenceConfig(), dir, 'hcl');
    const hcl = readFileSync(join(dir, 'stacks', 'workload-chat', 'cdk.tf'), 'utf8');
    expect(hcl).toMatch(/removed \{\n  from = azurerm_key_vault_key\.Ai_KeyVault_CmkKey_[0-9A-F]+\n/);
    expect(hcl).toMatch(/resource "azapi_update_resource" "Ai_OpenAi_CustomerManagedKey_[0-9A-F]+" \{\ntype = "Microsoft.CognitiveServices\/accounts@2025-06-01"/);
  });
});
