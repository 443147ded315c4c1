/** Role names in reviews: the issue asks for every privileged built-in by name, and the bare GUID for a role ailz does not know. */
import { ACCESS_ADMIN_BUILT_IN_ROLES } from '../../azure/access-admin-roles';
import { PRIVILEGED_ROLES, ROLES } from '../../azure/roles';
import { isPrivilegedRole, roleAssignmentView, roleLabel } from '../../review/describe';

const SUB = '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';

describe('role labels in reviews', () => {
  it.each([...PRIVILEGED_ROLES, ...ACCESS_ADMIN_BUILT_IN_ROLES].map((r) => [r.name, r.id]))('names %s and marks it privileged, however the ID is written', (name, id) => {
    for (const written of [`${SUB}/providers/Microsoft.Authorization/roleDefinitions/${id}`, `/providers/Microsoft.Authorization/roleDefinitions/${id.toUpperCase()}`, id]) {
      expect(roleLabel(written)).toBe(`${name} (${written === id ? id : /[0-9a-fA-F-]{36}$/.exec(written)![0]}, privileged)`);
      expect(isPrivilegedRole(written)).toBe(true);
    }
    expect(roleLabel(undefined, name.toLowerCase())).toBe(`${name} (${id}, privileged)`);
    expect(isPrivilegedRole(undefined, name)).toBe(true);
  });

  it('names Owner, Contributor and User Access Administrator (the issue\'s examples)', () => {
    const names = new Set([...PRIVILEGED_ROLES, ...ACCESS_ADMIN_BUILT_IN_ROLES].map((r) => r.name));
    for (const n of ['Owner', 'Contributor', 'User Access Administrator']) expect(names.has(n)).toBe(true);
  });

  it('names a data role ailz uses without marking it privileged', () => {
    expect(roleLabel(`${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES.cognitiveServicesOpenAiUser.id}`)).toBe(`Cognitive Services OpenAI User (${ROLES.cognitiveServicesOpenAiUser.id})`);
    expect(isPrivilegedRole(ROLES.cognitiveServicesOpenAiUser.id)).toBe(false);
  });

  it('shows a GUID it does not know bare, a reference or an unknown value as such', () => {
    const custom = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    expect(roleLabel(`${SUB}/providers/Microsoft.Authorization/roleDefinitions/${custom}`)).toBe(custom);
    expect(isPrivilegedRole(custom)).toBe(false);
    expect(roleLabel('${azurerm_role_definition.custom.role_definition_resource_id}')).toBe('${azurerm_role_definition.custom.role_definition_resource_id}');
    expect(roleLabel('${azurerm_role_definition.custom.role_definition_resource_id}', 'Owner')).toBe(`Owner (${ROLES.owner.id}, privileged)`);
  });

  it('shows a new Foundry Owner assignment (can grant access, not used by ailz) as privileged, with principal and scope', () => {
    const foundryOwner = ACCESS_ADMIN_BUILT_IN_ROLES.find((r) => r.name === 'Foundry Owner')!;
    const view = roleAssignmentView('azurerm_role_assignment', {
      role_definition_id: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${foundryOwner.id}`, principal_id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', principal_type: 'User', scope: SUB,
    });
    expect(view).toMatchObject({ role: `Foundry Owner (${foundryOwner.id}, privileged)`, privileged: true, principal: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', scope: SUB, eligible: false });
  });
});
