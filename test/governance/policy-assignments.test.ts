import { AiManagementGroups } from '../../constructs/governance/management-groups';
import { AiPolicyAssignments } from '../../constructs/governance/policy-assignments';
import { POLICY_CATALOG } from '../../azure/policy-catalog';
import { PRIVILEGED_ROLES } from '../../azure/roles';
import { TerraformVariable } from 'cdktf';
import { ofType, synthResources } from './helpers';

// The catalog's roleDefinitionIds are the definitions' own (checked against the Azure catalog by npm run check:reference).
const catalogById = new Map(POLICY_CATALOG.map((e) => [e.policyDefinitionId.toLowerCase(), e]));
const WORKSPACE = '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-platform/providers/Microsoft.OperationalInsights/workspaces/log-platform';

const resources = synthResources((s) => {
  const mg = new AiManagementGroups(s, 'Mg', { parentManagementGroupId: 'tenant-root', prefix: 'contoso', createPlatformGroup: true });
  new AiPolicyAssignments(s, 'Policy', {
    aiManagementGroupId: mg.aiId, productionManagementGroupId: mg.productionId, experimentationManagementGroupId: mg.experimentationId,
    location: 'swedencentral', allowedLocations: ['swedencentral', 'westeurope'], logAnalyticsWorkspaceId: WORKSPACE,
    approvedModelAssetIds: ['azureml://registries/azure-openai/models/gpt-4o/versions/2024-11-20'],
  });
});
const mgKey = (name: string) => Object.entries(resources.azurerm_management_group).find(([, g]) => g.name === name)![0];
const mgRef = (name: string) => `\${azurerm_management_group.${mgKey(name)}.id}`;
const assignmentEntries = Object.entries(resources.azurerm_management_group_policy_assignment ?? {});
const assignments = assignmentEntries.map(([, a]) => a);
const byName = (name: string) => assignments.find((a) => a.name === name);
const roleAssignments = ofType(resources, 'azurerm_role_assignment');

describe('AiPolicyAssignments', () => {
  it('assigns every catalog entry once, by its key', () => {
    expect(assignments.map((a) => a.name).sort()).toEqual(POLICY_CATALOG.map((e) => e.key).sort());
  });

  it('enforces every assignment (enforce = true, enforcementMode Default)', () => {
    for (const a of assignments) expect(a.enforce).toBe(true);
  });

  it('assigns the central controls at <prefix>-ai, production extras at production, sandbox limits at experimentation', () => {
    for (const e of POLICY_CATALOG) {
      const expected = { ai: 'contoso-ai', production: 'contoso-ai-production', experimentation: 'contoso-ai-experimentation' }[e.scope];
      expect(byName(e.key).management_group_id).toBe(mgRef(expected));
    }
    for (const key of ['ai-restrict-network', 'ai-disable-local-auth', 'st-no-shared-key', 'deny-public-ip', 'allowed-locations', 'diag-cognitive']) {
      expect(byName(key).management_group_id).toBe(mgRef('contoso-ai'));
    }
  });

  it('passes parameters as JSON { name: { value } } with sorted keys', () => {
    const loc = byName('allowed-locations');
    expect(loc.parameters).toBe('{"effect":{"value":"Deny"},"listOfAllowedLocations":{"value":["swedencentral","westeurope"]}}');
    const diag = JSON.parse(byName('diag-key-vault').parameters);
    expect(diag).toEqual({ categoryGroup: { value: 'allLogs' }, effect: { value: 'DeployIfNotExists' }, logAnalytics: { value: WORKSPACE } });
    expect(byName('nic-no-public-ip').parameters).toBeUndefined();
  });

  it('gives each assignment a non-compliance message', () => {
    for (const a of assignments) {
      expect(a.non_compliance_message).toHaveLength(1);
      expect(a.non_compliance_message[0].content.length).toBeGreaterThan(30);
    }
  });

  it('gives DeployIfNotExists assignments a system-assigned identity and a location; Deny/Audit ones none', () => {
    for (const e of POLICY_CATALOG) {
      const a = byName(e.key);
      if (e.roleDefinitionIds.length > 0) {
        expect(a.identity).toEqual({ type: 'SystemAssigned' });
        expect(a.location).toBe('swedencentral');
      } else {
        expect(a.identity).toBeUndefined();
        expect(a.location).toBeUndefined();
      }
    }
    for (const key of ['diag-cognitive', 'diag-ml-workspace', 'diag-key-vault', 'diag-storage-blob']) {
      expect(byName(key).identity).toEqual({ type: 'SystemAssigned' });
    }
    // Defender plans are audited, not deployed: no identity that could remediate them (review F10-F12).
    for (const key of ['defender-ai', 'defender-storage', 'defender-key-vault', 'defender-arm', 'defender-cspm']) {
      expect(byName(key).identity).toBeUndefined();
    }
  });

  it('grants each remediating identity exactly the roles its definition names, at the assignment\'s management group', () => {
    for (const [tfName, a] of assignmentEntries) {
      const entry = catalogById.get(a.policy_definition_id.toLowerCase())!;
      const mine = roleAssignments.filter((r) => r.principal_id === `\${azurerm_management_group_policy_assignment.${tfName}.identity[0].principal_id}`);
      expect(mine.map((r) => r.role_definition_id).sort()).toEqual(
        entry.roleDefinitionIds.map((g) => `/providers/Microsoft.Authorization/roleDefinitions/${g}`).sort());
      for (const r of mine) {
        expect(r.scope).toBe(a.management_group_id);
        expect(r.principal_type).toBe('ServicePrincipal');
      }
    }
    expect(roleAssignments.length).toBe(POLICY_CATALOG.reduce((n, e) => n + e.roleDefinitionIds.length, 0));
  });

  it('creates no assignment of Owner, Contributor, User Access Administrator or another privileged role', () => {
    const privileged = PRIVILEGED_ROLES.map((r) => r.id);
    for (const r of roleAssignments) {
      expect(privileged.some((id) => r.role_definition_id.endsWith(id))).toBe(false);
      expect(r.role_definition_name).toBeUndefined();
    }
  });

  it('resolves a workspace ID known only to Terraform (a reference) inside the parameters JSON', () => {
    const r = synthResources((s) => {
      const ws = new TerraformVariable(s, 'workspace_id', { type: 'string' });
      new AiPolicyAssignments(s, 'Policy', {
        aiManagementGroupId: 'ai', productionManagementGroupId: 'prod', experimentationManagementGroupId: 'exp',
        location: 'westeurope', allowedLocations: ['westeurope'], logAnalyticsWorkspaceId: ws.stringValue,
      });
    });
    const diag = ofType(r, 'azurerm_management_group_policy_assignment').find((a) => a.name === 'diag-cognitive');
    expect(diag.parameters).toBe('{"categoryGroup":{"value":"allLogs"},"effect":{"value":"DeployIfNotExists"},"logAnalytics":{"value":"${var.workspace_id}"}}');
  });

  it('leaves out approved models when no list is given', () => {
    const without = synthResources((s) => new AiPolicyAssignments(s, 'Policy', {
      aiManagementGroupId: 'ai', productionManagementGroupId: 'prod', experimentationManagementGroupId: 'exp',
      location: 'westeurope', allowedLocations: ['westeurope'], logAnalyticsWorkspaceId: WORKSPACE,
    }));
    const names = ofType(without, 'azurerm_management_group_policy_assignment').map((a) => a.name);
    expect(names).not.toContain('approved-models');
    expect(names).toContain('cmk-cognitive');
  });
});
