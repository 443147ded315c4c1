import { CMK_EXCLUDED_COGNITIVE_KINDS, POLICY_CATALOG, PolicyInputs, resolvePolicyCatalog } from '../azure/policy-catalog';
import { readReference } from './reference';

interface RefParam { type: string; allowedValues?: unknown[]; defaultValue?: unknown }
interface RefDefinition {
  id: string; name: string; displayName: string; category: string; deprecated: boolean; preview: boolean;
  effectParameter: string | null; effects: string[]; parameters: Record<string, RefParam>; roleDefinitionIds?: string[];
}
const definitions: RefDefinition[] = readReference('azure-policy-definitions.json').definitions;
const byId = new Map(definitions.map((d) => [d.id.toLowerCase(), d]));
const roles: Array<{ id: string; roleName: string }> = readReference('azure-builtin-roles.json').roles;
const roleIds = new Set(roles.map((r) => r.id));

const INPUTS: PolicyInputs = {
  allowedLocations: ['swedencentral', 'westeurope'],
  logAnalyticsWorkspaceId: '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-platform/providers/Microsoft.OperationalInsights/workspaces/log-platform',
  approvedModelAssetIds: ['azureml://registries/azure-openai/models/gpt-4o/versions/2024-11-20'],
};
const resolvedDeny = resolvePolicyCatalog({ ...INPUTS, customerManagedKeysEffect: 'Deny' });
const resolvedAudit = resolvePolicyCatalog({ ...INPUTS, customerManagedKeysEffect: 'Audit' });

function typeMatches(type: string, value: unknown): boolean {
  switch (type.toLowerCase()) {
    case 'string': return typeof value === 'string';
    case 'array': return Array.isArray(value);
    case 'boolean': return typeof value === 'boolean';
    case 'integer': return Number.isInteger(value);
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    default: return false;
  }
}

describe('policy catalog against the Azure reference', () => {
  it.each(POLICY_CATALOG.map((e) => [e.key, e] as const))('%s is a real, current built-in with that display name', (_key, entry) => {
    const ref = byId.get(entry.policyDefinitionId.toLowerCase());
    expect(ref).toBeDefined();
    expect(ref!.deprecated).toBe(false);
    expect(ref!.preview).toBe(false);
    expect(entry.displayName).toBe(ref!.displayName);
    expect(entry.effectParameter).toBe(ref!.effectParameter);
  });

  it.each(POLICY_CATALOG.map((e) => [e.key, e] as const))('%s names exactly the roles its definition needs to remediate', (_key, entry) => {
    const ref = byId.get(entry.policyDefinitionId.toLowerCase())!;
    expect([...entry.roleDefinitionIds].sort()).toEqual([...(ref.roleDefinitionIds ?? [])].sort());
    for (const guid of entry.roleDefinitionIds) expect(roleIds.has(guid)).toBe(true);
  });

  it.each([...resolvedDeny, ...resolvedAudit].map((r) => [r.entry.key, r.effect, r] as const))(
    '%s (effect %s): every parameter exists with the right type and allowed value, the effect is allowed',
    (_key, _effect, resolved) => {
      const ref = byId.get(resolved.entry.policyDefinitionId.toLowerCase())!;
      expect(ref.effects.map((e) => e.toLowerCase())).toContain(resolved.effect.toLowerCase());
      for (const [name, value] of Object.entries(resolved.parameters)) {
        const param = ref.parameters[name];
        expect(param).toBeDefined();
        expect(typeMatches(param.type, value)).toBe(true);
        if (param.allowedValues) {
          const allowed = param.allowedValues.map((v) => (typeof v === 'string' ? v.toLowerCase() : v));
          expect(allowed).toContain(typeof value === 'string' ? value.toLowerCase() : value);
        }
      }
      // Every required parameter (no default) is passed.
      for (const [name, param] of Object.entries(ref.parameters)) {
        if (param.defaultValue === undefined) expect(Object.keys(resolved.parameters)).toContain(name);
      }
    },
  );

  it('uses Deny wherever the definition allows it, else the strongest allowed effect (documented exceptions only)', () => {
    const rank = ['deny', 'deployifnotexists', 'modify', 'audit', 'auditifnotexists'];
    // cmk-cognitive: a Deny refuses the creating request of an Azure OpenAI account, whose key can only be
    // attached through its system-assigned identity after creation (azure/policy-catalog.ts, review F5).
    const weaker: Record<string, string> = { 'cmk-cognitive': 'audit' };
    for (const r of resolvedDeny) {
      const ref = byId.get(r.entry.policyDefinitionId.toLowerCase())!;
      const allowed = ref.effects.map((e) => e.toLowerCase());
      const strongest = rank.find((e) => allowed.includes(e));
      // AuditIfNotExists and DeployIfNotExists are alternatives for the DINE definitions; ailz deploys.
      expect([r.entry.key, r.effect.toLowerCase()]).toEqual([r.entry.key, weaker[r.entry.key] ?? strongest]);
      if (weaker[r.entry.key]) expect(allowed).toContain(weaker[r.entry.key]);
    }
  });


  it('does not use the deprecated "Cognitive Services accounts should disable public network access" (0725b4dd)', () => {
    expect(byId.get('/providers/microsoft.authorization/policydefinitions/0725b4dd-7e76-479c-a735-68e7ee23d5ca')!.deprecated).toBe(true);
    expect(POLICY_CATALOG.map((e) => e.policyDefinitionId.toLowerCase())).not.toContain(
      '/providers/microsoft.authorization/policydefinitions/0725b4dd-7e76-479c-a735-68e7ee23d5ca');
  });

  it('only narrows the CMK policy\'s default excluded kinds, dropping AIServices', () => {
    const ref = byId.get('/providers/microsoft.authorization/policydefinitions/67121cc7-ff39-4ab8-b7e3-95b84dab487d')!;
    const defaults = ref.parameters.excludedKinds.defaultValue as string[];
    expect(defaults).toContain('AIServices');
    expect(CMK_EXCLUDED_COGNITIVE_KINDS).toEqual(defaults.filter((k) => k !== 'AIServices'));
  });


});

