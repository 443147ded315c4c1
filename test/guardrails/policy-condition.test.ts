/**
 * The policy-condition evaluator on the real existence conditions (azure/policy-existence.ts, copied from the
 * built-ins) and on the semantics Microsoft documents (Azure Policy definition structure: `count` with
 * `where`, `[*]` fields, case-insensitive string comparison, template functions in operands).
 */
import { existenceFact } from '../../azure/policy-existence';
import { CannotEvaluate, evaluateCondition, looseEquals } from '../../guardrails/policy-condition';

const WS = '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log';
const setting = (logs: object[], workspaceId: unknown = WS) => ({ type: 'Microsoft.Insights/diagnosticSettings', name: 'diag', properties: { workspaceId, logs, metrics: [] } });
const params = (id: string, given: Record<string, unknown>) => ({ ...existenceFact(id)!.parameterDefaults, ...given });

describe('category-group diagnostic settings (55d1f543, review F15)', () => {
  const fact = existenceFact('55d1f543-d1b0-4811-9663-d6d0dbc6326d')!;
  const p = params(fact.id, { categoryGroup: 'allLogs', logAnalytics: WS });
  const holds = (resource: Record<string, unknown>, parameters = p) => evaluateCondition(fact.existenceCondition, { resource, parameters });

  it('does not hold on the shape azurerm can write (allLogs only)', () => {
    expect(holds(setting([{ categoryGroup: 'allLogs', enabled: true }]))).toBe(false);
  });

  it('holds on the shape the definition deploys itself (audit disabled, allLogs enabled)', () => {
    expect(holds(setting([{ categoryGroup: 'audit', enabled: false }, { categoryGroup: 'allLogs', enabled: true }]))).toBe(true);
  });

  it('compares the workspace case-insensitively, and refuses another one', () => {
    const logs = [{ categoryGroup: 'audit', enabled: false }, { categoryGroup: 'allLogs', enabled: true }];
    expect(holds(setting(logs, WS.toLowerCase()))).toBe(true);
    expect(holds(setting(logs, `${WS}-other`))).toBe(false);
  });

  it('is unknown, never true, when the workspace is a Terraform expression', () => {
    expect(holds(setting([{ categoryGroup: 'audit', enabled: false }, { categoryGroup: 'allLogs', enabled: true }], '${var.ws}'))).toBe('unknown');
  });

  it('follows the assignment parameter: with categoryGroup audit it wants audit enabled and allLogs disabled', () => {
    const audit = params(fact.id, { categoryGroup: 'audit', logAnalytics: WS });
    expect(holds(setting([{ categoryGroup: 'audit', enabled: true }, { categoryGroup: 'allLogs', enabled: false }]), audit)).toBe(true);
    expect(holds(setting([{ categoryGroup: 'audit', enabled: false }, { categoryGroup: 'allLogs', enabled: true }]), audit)).toBe(false);
  });
});

describe('Defender for Cloud plans (review F11, F12)', () => {
  const pricing = (pricingTier: string, subPlan?: string, extensions: object[] = []) => ({ type: 'Microsoft.Security/pricings', name: 'x', properties: { pricingTier, ...(subPlan ? { subPlan } : {}), extensions } });

  it('b7021b2b (Resource Manager DINE) fails when the sub-plan differs from its parameter', () => {
    const fact = existenceFact('b7021b2b-08fd-4dc0-9de7-3c6ece09faf9')!;
    expect(evaluateCondition(fact.existenceCondition, { resource: pricing('Standard', 'PerSubscription'), parameters: params(fact.id, { subPlan: 'PerApiCall' }) })).toBe(false);
    expect(evaluateCondition(fact.existenceCondition, { resource: pricing('Standard', 'PerSubscription'), parameters: params(fact.id, { subPlan: 'PerSubscription' }) })).toBe(true);
  });

  it('640d2586 (Storage audit) needs both malware scanning and sensitive data discovery on', () => {
    const fact = existenceFact('640d2586-54d2-465f-877f-9ffc1d2109f4')!;
    const on = (name: string) => ({ name, isEnabled: 'True' });
    const holds = (ext: object[]) => evaluateCondition(fact.existenceCondition, { resource: pricing('Standard', 'DefenderForStorageV2', ext), parameters: params(fact.id, {}) });
    expect(holds([on('OnUploadMalwareScanning'), on('SensitiveDataDiscovery')])).toBe(true);
    expect(holds([on('OnUploadMalwareScanning'), { name: 'SensitiveDataDiscovery', isEnabled: 'False' }])).toBe(false);
    expect(holds([on('OnUploadMalwareScanning')])).toBe(false);
  });
});

describe('semantics', () => {
  const r = { type: 'T', properties: { xs: [{ a: 1 }, { a: 2 }], s: 'Hello' } };
  const ev = (cond: object, parameters: Record<string, unknown> = {}) => evaluateCondition(cond, { resource: r, parameters });

  it('string equality ignores case; a boolean equals its spelling', () => {
    expect(looseEquals('ABC', 'abc')).toBe(true);
    expect(looseEquals(true, 'True')).toBe(true);
    expect(looseEquals(false, 'true')).toBe(false);
  });

  it('evaluates template functions in operands and fails closed on unknown ones and unknown aliases', () => {
    expect(ev({ value: "[equals(parameters('p'), 'x')]", equals: true }, { p: 'X' })).toBe(true);
    expect(ev({ value: "[first(parameters('l'))]", equals: '*' }, { l: ['*'] })).toBe(true);
    expect(() => ev({ value: "[resourceGroup().location]", equals: 'x' })).toThrow(CannotEvaluate);
    expect(() => ev({ field: 'Microsoft.Storage/storageAccounts/minimumTlsVersion', equals: 'x' })).toThrow(CannotEvaluate);
    expect(() => ev({ value: "[parameters('missing')]", equals: 'x' })).toThrow(/no value/);
  });

  it('combines unknown with allOf/anyOf/not in three-valued logic', () => {
    const u = { value: "[parameters('u')]", equals: 'x' };
    const t = { value: 'a', equals: 'A' };
    const f = { value: 'a', equals: 'b' };
    const p = { u: '${var.u}' };
    expect(ev({ allOf: [u, f] }, p)).toBe(false);
    expect(ev({ allOf: [u, t] }, p)).toBe('unknown');
    expect(ev({ anyOf: [u, t] }, p)).toBe(true);
    expect(ev({ not: u }, p)).toBe('unknown');
  });
});
