import { Testing } from 'cdktf';
import { DELETE_PROTECTION_NAME, DELETE_PROTECTION_RULE, DeleteProtection } from '../../constructs/governance/delete-protection';
import { evaluateCondition } from '../../guardrails/policy-condition';

const SUB = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const MG = '/providers/Microsoft.Management/managementGroups/contoso-ai';
const synth = (props: ConstructorParameters<typeof DeleteProtection>[2]) => JSON.parse(Testing.synthScope((s) => { new DeleteProtection(s, 'P', props); })).resource;

describe('DeleteProtection', () => {
  const r = synth({ managementGroupId: MG, scopes: [{ key: 'chat', subscriptionId: SUB, resourceTypes: ['Microsoft.KeyVault/vaults'], reason: 'Holds keys.' }] });
  const def: any = Object.values(r.azurerm_policy_definition)[0];
  const assignment: any = Object.values(r.azurerm_subscription_policy_assignment)[0];

  it('defines an Indexed custom denyAction (DELETE) policy with cascade deny at the management group', () => {
    // Learn "denyAction effect": cascadeBehaviors only in Indexed mode; mode All never blocks a resource group deletion.
    expect(def).toMatchObject({ name: DELETE_PROTECTION_NAME, policy_type: 'Custom', mode: 'Indexed', management_group_id: MG });
    expect(JSON.parse(def.policy_rule)).toEqual(DELETE_PROTECTION_RULE);
    expect(JSON.parse(def.policy_rule).then).toEqual({ effect: 'denyAction', details: { actionNames: ['delete'], cascadeBehaviors: { resourceGroup: 'deny' } } });
    expect(JSON.parse(def.parameters).resourceTypes.type).toBe('Array');
  });

  it('assigns it at the subscription with the resource types to protect, enforced, with a message that says how to lift it', () => {
    expect(assignment).toMatchObject({ name: DELETE_PROTECTION_NAME, subscription_id: `/subscriptions/${SUB}`, enforce: true });
    expect(assignment.policy_definition_id).toMatch(/^\$\{azurerm_policy_definition\.[^.]+\.id\}$/);
    expect(JSON.parse(assignment.parameters)).toEqual({ resourceTypes: { value: ['Microsoft.KeyVault/vaults'] } });
    expect(assignment.non_compliance_message[0].content).toMatch(/Holds keys\. .*deleteLock: false.*exemption/);
  });

  it('matches exactly the protected types (evaluated like Azure Policy: case-insensitive type match)', () => {
    const parameters = { resourceTypes: ['Microsoft.KeyVault/vaults'] };
    expect(evaluateCondition(DELETE_PROTECTION_RULE.if, { resource: { type: 'microsoft.keyvault/vaults' }, parameters })).toBe(true);
    expect(evaluateCondition(DELETE_PROTECTION_RULE.if, { resource: { type: 'Microsoft.Authorization/roleAssignments' }, parameters })).toBe(false);
    expect(evaluateCondition(DELETE_PROTECTION_RULE.if, { resource: { type: 'Microsoft.Insights/diagnosticSettings' }, parameters })).toBe(false);
  });

  it('defines in the provider\'s subscription when no management group is given, and refuses an empty type list', () => {
    const local = synth({ scopes: [{ key: 'platform', subscriptionId: SUB, resourceTypes: ['Microsoft.OperationalInsights/workspaces'], reason: 'Audit trail.' }] });
    expect((Object.values(local.azurerm_policy_definition)[0] as any).management_group_id).toBeUndefined();
    expect(() => synth({ scopes: [{ key: 'x', subscriptionId: SUB, resourceTypes: [], reason: 'r' }] })).toThrow(/protects no resource type/);
  });
});
