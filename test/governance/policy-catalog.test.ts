import {
  POLICY_ASSIGNMENT_NAMES, POLICY_CATALOG, PolicyInputs, resolvePolicyCatalog,
} from '../../azure/policy-catalog';
import { PRIVILEGED_ROLES } from '../../azure/roles';

const INPUTS: PolicyInputs = {
  allowedLocations: ['swedencentral', 'westeurope'],
  logAnalyticsWorkspaceId: '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-platform/providers/Microsoft.OperationalInsights/workspaces/log-platform',
  approvedModelAssetIds: ['azureml://registries/azure-openai/models/gpt-4o/versions/2024-11-20'],
};
const resolvedDeny = resolvePolicyCatalog({ ...INPUTS, customerManagedKeysEffect: 'Deny' });
const resolvedAudit = resolvePolicyCatalog({ ...INPUTS, customerManagedKeysEffect: 'Audit' });

describe('policy catalog', () => {
  it('never needs a privileged role (Owner, Contributor, User Access Administrator, ...) to remediate', () => {
    const privileged = new Set(PRIVILEGED_ROLES.map((r) => r.id));
    for (const entry of POLICY_CATALOG) for (const guid of entry.roleDefinitionIds) expect(privileged.has(guid)).toBe(false);
  });

  it('has unique keys that are valid management-group assignment names (at most 24 characters)', () => {
    expect(new Set(POLICY_ASSIGNMENT_NAMES).size).toBe(POLICY_ASSIGNMENT_NAMES.length);
    for (const key of POLICY_ASSIGNMENT_NAMES) expect(key).toMatch(/^[a-z][a-z0-9-]{2,23}$/);
  });

  it('gives every entry a non-compliance message that says what to do', () => {
    for (const e of POLICY_CATALOG) expect(e.nonComplianceMessage).toMatch(/\b(Set|Keep|Give|Remove|Deploy|Create|Run|Turn on|Disable|Only|Experimentation|Public|Production)\b/);
  });
});

describe('resolvePolicyCatalog', () => {
  it('fills allowed locations and the workspace from the inputs, with the effect, keys sorted', () => {
    const loc = resolvedDeny.find((r) => r.entry.key === 'allowed-locations')!;
    expect(loc.parameters).toEqual({ effect: 'Deny', listOfAllowedLocations: ['swedencentral', 'westeurope'] });
    const diag = resolvedDeny.find((r) => r.entry.key === 'diag-cognitive')!;
    expect(Object.keys(diag.parameters)).toEqual(['categoryGroup', 'effect', 'logAnalytics']);
    expect(diag.parameters).toEqual({ categoryGroup: 'allLogs', effect: 'DeployIfNotExists', logAnalytics: INPUTS.logAnalyticsWorkspaceId });
  });

  it('defaults the production ML CMK effect to Deny and lets it be Audit; AI Services CMK is always audited', () => {
    const noChoice = resolvePolicyCatalog({ allowedLocations: ['westeurope'], logAnalyticsWorkspaceId: 'x' });
    expect(noChoice.find((r) => r.entry.key === 'cmk-ml-workspace')!.effect).toBe('Deny');
    expect(resolvedAudit.find((r) => r.entry.key === 'cmk-ml-workspace')!.effect).toBe('Audit');
    // A Deny would refuse the creating request of an Azure OpenAI account, whose key is attached afterwards.
    for (const resolved of [noChoice, resolvedDeny, resolvedAudit]) expect(resolved.find((r) => r.entry.key === 'cmk-cognitive')!.effect).toBe('Audit');
  });

  it('assigns approved models only when a list is given', () => {
    const without = resolvePolicyCatalog({ allowedLocations: ['westeurope'], logAnalyticsWorkspaceId: 'x' });
    expect(without.map((r) => r.entry.key)).not.toContain('approved-models');
    expect(resolvedDeny.find((r) => r.entry.key === 'approved-models')!.parameters).toEqual({
      allowedAssetIds: INPUTS.approvedModelAssetIds, effect: 'Deny',
    });
  });
});

describe('issue 6 controls are all covered', () => {
  const at = (scope: string, guid: string, effect?: string) => {
    const r = resolvedDeny.find((x) => x.entry.scope === scope && x.entry.policyDefinitionId.endsWith(guid));
    expect(r).toBeDefined();
    if (effect) expect(r!.effect.toLowerCase()).toBe(effect.toLowerCase());
    return r!;
  };
  it.each([
    ['AI Services restrict network access', '037eea7a-bd0a-46c5-9a66-03aea78705d3', 'Deny'],
    ['AI Services disable local auth', '71ef260a-8f18-47b7-abcb-62d0673d94dc', 'Deny'],
    ['Cognitive Services managed identity', 'fe3fd216-4f83-4fc1-8984-2bbec80a3418', 'Deny'],
    ['ML workspaces disable public access', '438c38d2-3772-465a-a9cc-7a6666a275ce', 'Deny'],
    ['ML computes disable local auth', 'e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f', 'Deny'],
    ['Key Vault purge protection', '0b60c0b2-2dc2-4e1c-b5c9-abbed971de53', 'Deny'],
    ['Key Vault soft delete', '1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d', 'Deny'],
    ['Key Vault RBAC model', '12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5', 'Deny'],
    ['storage no shared key', '8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54', 'Deny'],
    ['storage secure transfer', '404c3081-a854-4457-ae30-26a93ef643f9', 'Deny'],
    ['storage minimum TLS', 'fe83a0eb-a853-422d-aac2-1bffd182c5d0', 'Deny'],
    ['storage no public network access', 'b2982f36-99f2-4db5-8eff-283140c09693', 'Deny'],
    ['storage no anonymous blob access', '4fa4b6c0-31ca-4c0d-b10d-24b96f62a751', 'Deny'],
    ['container registry no public access', '0fdf0491-d080-4575-b627-ad0e843cba0f', 'Deny'],
    ['container registry admin off', 'dc921057-6b28-4fbe-9b83-f7bec05db6c2', 'Deny'],
    ['network interfaces without public IPs', '83a86a26-fd1f-447c-b59d-e51f44264114', 'deny'],
    ['diagnostics for Cognitive Services', '55d1f543-d1b0-4811-9663-d6d0dbc6326d', 'DeployIfNotExists'],
    ['diagnostics for ML workspaces', '90c90eda-bfe7-4c67-bf26-410420ed1047', 'DeployIfNotExists'],
    ['diagnostics for Key Vault', '6b359d8f-f88d-4052-aa7c-32015963ecc1', 'DeployIfNotExists'],
    ['diagnostics for storage (blob)', 'b4fe1a3b-0715-4c6c-a5ea-ffc33cf823cb', 'DeployIfNotExists'],
    ['Defender for AI services (audited: its DINE needs Owner)', 'c2c0c6d8-007b-4a48-8d9b-3539bddd8e87', 'AuditIfNotExists'],
    // Defender plans: Terraform owns them (DefenderPlans), policy audits (review F10-F12).
    ['Defender for Storage (audited: V2 with malware scanning and sensitive data discovery)', '640d2586-54d2-465f-877f-9ffc1d2109f4', 'AuditIfNotExists'],
    ['Defender for Key Vault (audited)', '0e6763cc-5078-4e64-889d-ff4d9a839047', 'AuditIfNotExists'],
    ['Defender for Resource Manager (audited)', 'c3d20c29-b36d-48fe-808b-99a87530ad99', 'AuditIfNotExists'],
    ['Defender CSPM (audited)', '1f90fc71-a595-4066-8974-d4d0802e8ef0', 'AuditIfNotExists'],
  ])('at <prefix>-ai: %s', (_control, guid, effect) => { at('ai', guid, effect); });

  it('at <prefix>-ai: no public IPs (not-allowed resource types: publicIPAddresses)', () => {
    const r = resolvedDeny.find((x) => x.entry.key === 'deny-public-ip')!;
    expect(r.entry.scope).toBe('ai');
    expect(r.parameters.listOfResourceTypesNotAllowed).toEqual(['Microsoft.Network/publicIPAddresses']);
  });

  it('at <prefix>-ai: allowed locations from the inputs', () => {
    expect(at('ai', 'e56962a6-4747-49cd-b67b-bf8b01975c4c', 'Deny').parameters.listOfAllowedLocations).toEqual(INPUTS.allowedLocations);
  });

  it('at <prefix>-ai: every diagnostics policy sends all logs to the given workspace', () => {
    const diags = resolvedDeny.filter((r) => r.entry.key.startsWith('diag-'));
    expect(diags.length).toBe(7);
    for (const d of diags) {
      expect(d.parameters.logAnalytics).toBe(INPUTS.logAnalyticsWorkspaceId);
      if ('categoryGroup' in d.parameters) expect(d.parameters.categoryGroup).toBe('allLogs');
      else expect(d.parameters.logsEnabled).toBe(true);
    }
  });

  it.each([
    ['CMK for AI Services (Audit: the account\'s key is attached after creation)', '67121cc7-ff39-4ab8-b7e3-95b84dab487d', 'Audit'],
    ['CMK for ML workspaces', 'ba769a63-b8cc-4b2d-abf6-ac33c7204be8', 'Deny'],
    ['CMK for storage (Audit is the strongest allowed)', '6fac406b-40ca-413b-bf8e-0bf964659c25', 'Audit'],
    ['approved model deployments', 'aafe3651-cb78-4f68-9f81-e7e41509110f', 'Deny'],
  ])('at <prefix>-ai-production: %s', (_control, guid, effect) => { at('production', guid, effect); });

  it('at <prefix>-ai-experimentation: no hybrid connectivity resource types', () => {
    const r = at('experimentation', '6c112d4e-5bc7-47ae-a041-ea2d9dccd749', 'Deny');
    expect(r.parameters.listOfResourceTypesNotAllowed).toEqual(expect.arrayContaining([
      'Microsoft.Network/virtualNetworkGateways', 'Microsoft.Network/connections', 'Microsoft.Network/expressRouteCircuits',
      'Microsoft.Network/vpnGateways', 'Microsoft.Network/virtualWans',
    ]));
    // The spoke-to-hub peering must stay possible.
    expect(r.parameters.listOfResourceTypesNotAllowed).not.toContain('Microsoft.Network/virtualNetworks/virtualNetworkPeerings');
  });
});
