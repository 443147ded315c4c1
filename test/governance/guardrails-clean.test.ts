import { Testing } from 'cdktf';
import { evaluate } from '../../guardrails/evaluate';
import { AiManagementGroups } from '../../constructs/governance/management-groups';
import { AiPolicyAssignments } from '../../constructs/governance/policy-assignments';
import { SubscriptionVending } from '../../constructs/governance/subscription-vending';
import { WorkloadAdminAccess } from '../../constructs/governance/privileged-access';
import { PolicyExemptions } from '../../constructs/governance/policy-exemptions';
import { AzurermProvider } from '@cdktf/provider-azurerm/lib/provider';
import { azurermFeatures } from '../../stacks/base-stack';
import { DeleteProtection } from '../../constructs/governance/delete-protection';

describe('governance constructs and the guardrail catalog', () => {
  it('produce no finding (enforced assignments, expiring exemptions, no privileged or name-based role assignments)', () => {
    const json = JSON.parse(Testing.synthScope((s) => {
      // The provider the governance stack configures (its features block is judged too: AILZ-PRV-003).
      new AzurermProvider(s, 'azurerm', { features: [azurermFeatures()] });
      const mg = new AiManagementGroups(s, 'Mg', { parentManagementGroupId: 'root', prefix: 'contoso', createPlatformGroup: true });
      const policy = new AiPolicyAssignments(s, 'Policy', {
        aiManagementGroupId: mg.aiId, productionManagementGroupId: mg.productionId, experimentationManagementGroupId: mg.experimentationId,
        location: 'swedencentral', allowedLocations: ['swedencentral'], logAnalyticsWorkspaceId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log',
        approvedModelAssetIds: ['azureml://registries/azure-openai/models/gpt-4o/versions/2024-11-20'],
      });
      new PolicyExemptions(s, 'Exemptions', {
        assignmentIds: policy.assignmentIds,
        exemptions: [{ assignment: 'kv-rbac', scope: 'contoso-ai-experimentation', category: 'Waiver', justification: 'Vendor tool needs access policies until Q2', expires: '2027-01-01' }],
      });
      for (const [name, environment, source] of [['chat', 'production', { subscriptionId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f' }], ['lab', 'experimentation', { billingScopeId: '/providers/Microsoft.Billing/billingAccounts/1/enrollmentAccounts/2' }]] as const) {
        const v = new SubscriptionVending(s, `Vend-${name}`, {
          workloadName: name, environment, managementGroupId: environment === 'production' ? mg.productionId : mg.experimentationId, ...source,
          budget: { monthlyAmount: 100, contactEmails: ['owners@contoso.example'] }, machineLearning: true,
        });
        new WorkloadAdminAccess(s, `Admins-${name}`, { subscriptionId: v.subscriptionId, adminsGroupObjectId: '4f5a6b7c-8d9e-4f0a-9b1c-2d3e4f5a6b7c', approversGroupObjectId: '7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f', environment });
      }
      new DeleteProtection(s, 'DeleteProtection', { scopes: [{ key: 'platform', subscriptionId: '0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e', resourceTypes: ['Microsoft.OperationalInsights/workspaces'], reason: 'Audit trail.' }] });
    }));
    expect(evaluate([{ stack: 'governance', json, path: 'governance/cdk.tf.json' } as any]).findings).toEqual([]);
  });
});
