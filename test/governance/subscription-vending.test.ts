import { BUDGET_START_OF_PLAN_MONTH, SubscriptionVending, SubscriptionVendingProps } from '../../constructs/governance/subscription-vending';
import { workloadResourceProviders } from '../../azure/resource-providers';
import { ofType, synthResources } from './helpers';

const SUB = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const PROD_MG = '/providers/Microsoft.Management/managementGroups/contoso-ai-production';
const EXP_MG = '/providers/Microsoft.Management/managementGroups/contoso-ai-experimentation';
const BILLING = '/providers/Microsoft.Billing/billingAccounts/1234567/enrollmentAccounts/7654321';

const existing: SubscriptionVendingProps = {
  workloadName: 'chat', environment: 'production', managementGroupId: PROD_MG, subscriptionId: SUB,
  budget: { monthlyAmount: 5000, contactEmails: ['b@contoso.example', 'a@contoso.example'] }, machineLearning: false,
};
const created: SubscriptionVendingProps = {
  workloadName: 'research', environment: 'experimentation', managementGroupId: EXP_MG, billingScopeId: BILLING,
  budget: { monthlyAmount: 2000, contactEmails: ['ai-research@contoso.example'], startDate: '2026-12-01' }, machineLearning: true,
  tags: { workload: 'research' },
};

describe('SubscriptionVending for an existing subscription', () => {
  const r = synthResources((s) => new SubscriptionVending(s, 'Chat', existing));

  it('associates the subscription with its environment management group and creates none', () => {
    expect(ofType(r, 'azurerm_subscription')).toEqual([]);
    expect(ofType(r, 'azurerm_management_group_subscription_association')).toEqual([
      expect.objectContaining({ management_group_id: PROD_MG, subscription_id: `/subscriptions/${SUB}` }),
    ]);
  });

  it('budgets monthly with alerts at 80 % and 100 % actual and 110 % forecast to the contacts (sorted)', () => {
    const [budget] = ofType(r, 'azurerm_consumption_budget_subscription');
    expect(budget).toMatchObject({ subscription_id: `/subscriptions/${SUB}`, amount: 5000, time_grain: 'Monthly', name: 'budget-chat-monthly' });
    expect(budget.notification.map((n: any) => [n.threshold, n.threshold_type, n.operator, n.enabled, n.contact_emails])).toEqual([
      [80, 'Actual', 'GreaterThanOrEqualTo', true, ['a@contoso.example', 'b@contoso.example']],
      [100, 'Actual', 'GreaterThanOrEqualTo', true, ['a@contoso.example', 'b@contoso.example']],
      [110, 'Forecasted', 'GreaterThanOrEqualTo', true, ['a@contoso.example', 'b@contoso.example']],
    ]);
  });

  it('starts the budget in the month of the first plan (a Terraform expression, no synth-time date) and never moves it', () => {
    const [budget] = ofType(r, 'azurerm_consumption_budget_subscription');
    expect(budget.time_period.start_date).toBe(BUDGET_START_OF_PLAN_MONTH);
    expect(BUDGET_START_OF_PLAN_MONTH).toBe('${formatdate("YYYY-MM-01\'T00:00:00Z\'", plantimestamp())}');
    expect(budget.lifecycle.ignore_changes).toEqual(['time_period']);
  });
});

describe('SubscriptionVending from a billing scope', () => {
  const r = synthResources((s) => new SubscriptionVending(s, 'Research', created));
  const subKey = () => Object.keys(r.azurerm_subscription)[0];

  it('creates the subscription alias as DevTest for experimentation, protected from destroy', () => {
    expect(ofType(r, 'azurerm_subscription')).toEqual([expect.objectContaining({
      alias: 'sub-research', subscription_name: 'sub-research', billing_scope_id: BILLING, workload: 'DevTest',
      tags: { workload: 'research' }, lifecycle: { prevent_destroy: true },
    })]);
  });

  it('associates the created subscription by its subscription_id and budgets it from the given month', () => {
    const [assoc] = ofType(r, 'azurerm_management_group_subscription_association');
    expect(assoc.subscription_id).toBe(`/subscriptions/\${azurerm_subscription.${subKey()}.subscription_id}`);
    expect(assoc.management_group_id).toBe(EXP_MG);
    const [budget] = ofType(r, 'azurerm_consumption_budget_subscription');
    expect(budget.subscription_id).toBe(assoc.subscription_id);
    expect(budget.time_period.start_date).toBe('2026-12-01T00:00:00Z');
  });

  it('creates production subscriptions as Production', () => {
    const prod = synthResources((s) => new SubscriptionVending(s, 'P', { ...created, environment: 'production', managementGroupId: PROD_MG }));
    expect(ofType(prod, 'azurerm_subscription')[0].workload).toBe('Production');
  });

  it('rejects both or neither subscription source, a start date not on the 1st, and no contacts', () => {
    expect(() => synthResources((s) => new SubscriptionVending(s, 'X', { ...created, subscriptionId: SUB }))).toThrow(/exactly one of subscriptionId and billingScopeId/);
    expect(() => synthResources((s) => new SubscriptionVending(s, 'X', { ...created, billingScopeId: undefined }))).toThrow(/exactly one/);
    expect(() => synthResources((s) => new SubscriptionVending(s, 'X', { ...created, budget: { ...created.budget, startDate: '2026-12-15' } })))
      .toThrow(/budget.startDate must be the first day of a month \(YYYY-MM-01\), got "2026-12-15"/);
    expect(() => synthResources((s) => new SubscriptionVending(s, 'X', { ...existing, budget: { monthlyAmount: 1, contactEmails: [] } }))).toThrow(/contactEmails/);
  });
});

describe('workload resource providers', () => {
  it('registers the AI, identity, network, monitoring and security providers for every workload', () => {
    expect(workloadResourceProviders({ machineLearning: false })).toEqual([
      'Microsoft.CognitiveServices', 'Microsoft.KeyVault', 'Microsoft.ManagedIdentity', 'Microsoft.Network',
      'Microsoft.OperationalInsights', 'Microsoft.PolicyInsights', 'Microsoft.Security', 'Microsoft.Storage', 'microsoft.insights',
    ]);
  });
  it('adds Machine Learning and Container Registry only for ML workloads', () => {
    const ml = workloadResourceProviders({ machineLearning: true });
    expect(ml).toEqual(expect.arrayContaining(['Microsoft.MachineLearningServices', 'Microsoft.ContainerRegistry']));
    expect(ml).toEqual([...ml].sort());
    expect(workloadResourceProviders({ machineLearning: false })).not.toContain('Microsoft.MachineLearningServices');
  });
  it('exposes the list on the construct and creates no registration resources in the governance stack', () => {
    let vending!: SubscriptionVending;
    const r = synthResources((s) => { vending = new SubscriptionVending(s, 'R', created); });
    expect(vending.resourceProviders).toContain('Microsoft.MachineLearningServices');
    expect(ofType(r, 'azurerm_resource_provider_registration')).toEqual([]);
  });
});
