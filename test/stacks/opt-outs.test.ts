/**
 * Every explicit loosening in the config is reported by the guardrails (as a warning: allowed, but
 * visible in every report and in ailz-findings.json), and the secure default reports nothing.
 */
import { configWith, referenceConfig, resourcesOf, synthStacks } from './helpers';
import { evaluate } from '../../guardrails';
import { TEST_AS_OF } from '../as-of';

function findings(stacks: Record<string, any>) {
  return evaluate(Object.entries(stacks).map(([stack, json]) => ({ stack, json })), { asOf: TEST_AS_OF }).findings;
}

/** Effect of each customer-managed-key policy assignment of the governance stack, by assignment name. */
function cmkEffects(stacks: Record<string, any>): Record<string, string> {
  return Object.fromEntries(resourcesOf(stacks.governance)
    .filter(([t, , b]) => t === 'azurerm_management_group_policy_assignment' && /^cmk-/.test(b.name))
    .map(([, , b]) => [b.name, JSON.parse(b.parameters).effect?.value]));
}

describe('config opt-outs are reported', () => {
  it('the reference config (secure defaults) reports nothing', () => {
    expect(findings(synthStacks(referenceConfig()))).toEqual([]);
  });

  it('openai.allowGlobalProcessing with a GlobalStandard deployment in production -> AILZ-PRD-001', () => {
    const stacks = synthStacks(configWith((c) => {
      c.workloads[0].openai.allowGlobalProcessing = true;
      c.workloads[0].openai.deployments[0].sku = 'GlobalStandard';
    }));
    const f = findings(stacks);
    expect(f.map((x) => [x.rule, x.severity, x.stack])).toEqual([['AILZ-PRD-001', 'warning', 'workload-chat']]);
    const deployment = resourcesOf(stacks['workload-chat']).find(([t, , b]) => t === 'azurerm_cognitive_deployment' && b.name === 'chat')![2];
    expect(deployment.sku.name).toBe('GlobalStandard');
  });

  it('encryption.customerManagedKeys: false in production -> AILZ-PRD-002, and the CMK policies audit instead of deny', () => {
    const stacks = synthStacks(configWith((c) => { c.workloads[0].encryption = { customerManagedKeys: false }; }));
    expect(findings(stacks).map((x) => [x.rule, x.severity, x.stack])).toEqual([['AILZ-PRD-002', 'warning', 'workload-chat']]);
    const account = resourcesOf(stacks['workload-chat']).find(([t]) => t === 'azurerm_cognitive_account')![2];
    expect(account.customer_managed_key).toBeUndefined();
    expect(cmkEffects(stacks)).toEqual({ 'cmk-cognitive': 'Audit', 'cmk-ml-workspace': 'Audit', 'cmk-storage': 'Audit' });
  });

  it('the production default encrypts with customer-managed keys; the ML CMK policy denies, the AI Services one audits', () => {
    const stacks = synthStacks(referenceConfig());
    const attach = resourcesOf(stacks['workload-chat']).find(([t]) => t === 'azapi_update_resource')![2];
    expect(attach.body.properties.encryption.keySource).toBe('Microsoft.KeyVault');
    // The storage CMK definition allows only Audit (or Disabled); the AI Services one would deny the
    // account's creating request, which carries no key (Azure OpenAI attaches it through its system identity).
    expect(cmkEffects(stacks)).toEqual({ 'cmk-cognitive': 'Audit', 'cmk-ml-workspace': 'Deny', 'cmk-storage': 'Audit' });
  });

  it('deleteLock: false in production -> AILZ-PRD-006 (no delete protection policy at its subscription)', () => {
    const stacks = synthStacks(configWith((c) => { c.workloads[0].deleteLock = false; }));
    expect(findings(stacks).map((x) => [x.rule, x.severity, x.stack, x.address])).toEqual([['AILZ-PRD-006', 'warning', 'governance', 'azurerm_subscription_policy_assignment[workload-chat]']]);
    expect(resourcesOf(stacks.governance).filter(([t]) => t === 'azurerm_subscription_policy_assignment').map(([, , b]) => JSON.parse(b.parameters).resourceTypes.value))
      .toEqual([['Microsoft.OperationalInsights/workspaces']]);
  });
});

describe('a production workload with machine learning', () => {
  it('reports nothing with the defaults (its ML vault is delete-protected and encrypted like the rest)', () => {
    const stacks = synthStacks(configWith((c) => { c.workloads[0].machineLearning = true; }));
    expect(findings(stacks).map((f) => `${f.rule} ${f.stack}/${f.address} ${f.message}`)).toEqual([]);
    const vaults = resourcesOf(stacks['workload-chat']).filter(([t]) => t === 'azurerm_key_vault');
    expect(vaults).toHaveLength(2);
    // No lock: the governance stack's denyAction policy covers every vault of the subscription (review F22).
    expect(resourcesOf(stacks['workload-chat']).filter(([t]) => t === 'azurerm_management_lock')).toEqual([]);
    const protectedTypes = resourcesOf(stacks.governance).filter(([t]) => t === 'azurerm_subscription_policy_assignment').flatMap(([, , b]) => JSON.parse(b.parameters).resourceTypes.value);
    expect(protectedTypes).toContain('Microsoft.KeyVault/vaults');
  });
});
