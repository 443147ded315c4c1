import { AiManagementGroups, managementGroupResourceId } from '../../constructs/governance/management-groups';
import { ofType, synthResources } from './helpers';

const TENANT = '8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93';

describe('AiManagementGroups', () => {
  const resources = synthResources((s) => new AiManagementGroups(s, 'Mg', { parentManagementGroupId: TENANT, prefix: 'contoso', createPlatformGroup: true }));
  const groups = ofType(resources, 'azurerm_management_group');
  const byName = (name: string) => groups.find((g) => g.name === name);

  it('creates <prefix>-ai under the parent, production and experimentation under it, and the platform group under the parent', () => {
    expect(groups.map((g) => g.name).sort()).toEqual(['contoso-ai', 'contoso-ai-experimentation', 'contoso-ai-production', 'contoso-platform']);
    expect(byName('contoso-ai').parent_management_group_id).toBe(`/providers/Microsoft.Management/managementGroups/${TENANT}`);
    expect(byName('contoso-platform').parent_management_group_id).toBe(`/providers/Microsoft.Management/managementGroups/${TENANT}`);
    const aiKey = Object.entries(resources.azurerm_management_group).find(([, g]) => g.name === 'contoso-ai')![0];
    expect(byName('contoso-ai-production').parent_management_group_id).toBe(`\${azurerm_management_group.${aiKey}.id}`);
    expect(byName('contoso-ai-experimentation').parent_management_group_id).toBe(`\${azurerm_management_group.${aiKey}.id}`);
  });

  it('uses readable display names from the display prefix, defaulting to the prefix', () => {
    expect(byName('contoso-ai').display_name).toBe('contoso AI');
    const custom = ofType(synthResources((s) => new AiManagementGroups(s, 'Mg', {
      parentManagementGroupId: 'alz-landingzones', prefix: 'contoso', displayNamePrefix: 'Contoso', createPlatformGroup: false,
    })), 'azurerm_management_group');
    expect(custom.map((g) => g.display_name).sort()).toEqual(['Contoso AI', 'Contoso AI experimentation', 'Contoso AI production']);
  });

  it('does not create the platform group under an existing hierarchy, and accepts a parent resource ID', () => {
    const groups2 = ofType(synthResources((s) => new AiManagementGroups(s, 'Mg', {
      parentManagementGroupId: '/providers/Microsoft.Management/managementGroups/alz-landingzones', prefix: 'fab', createPlatformGroup: false,
    })), 'azurerm_management_group');
    expect(groups2.map((g) => g.name)).not.toContain('fab-platform');
    expect(groups2.find((g) => g.name === 'fab-ai').parent_management_group_id).toBe('/providers/Microsoft.Management/managementGroups/alz-landingzones');
  });

  it('never pins subscriptions on the group (associations do that; both would fight)', () => {
    for (const g of groups) expect(g.subscription_ids).toBeUndefined();
  });

  it('builds management group resource IDs from names and passes IDs through', () => {
    expect(managementGroupResourceId('x')).toBe('/providers/Microsoft.Management/managementGroups/x');
    expect(managementGroupResourceId('/providers/Microsoft.Management/managementGroups/x')).toBe('/providers/Microsoft.Management/managementGroups/x');
  });
});
