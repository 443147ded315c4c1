import { ROLES, PRIVILEGED_ROLES, roleDefinitionId } from '../../azure/roles';

describe('role catalog', () => {
  it('treats Owner, Contributor, User Access Administrator, RBAC Administrator and Key Vault Administrator as privileged', () => {
    expect(PRIVILEGED_ROLES.map((r) => r.name).sort()).toEqual(
      ['Contributor', 'Key Vault Administrator', 'Owner', 'Role Based Access Control Administrator', 'User Access Administrator'],
    );
  });

  it('has one GUID per role', () => {
    const ids = Object.values(ROLES).map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('builds role definition IDs from the GUID', () => {
    expect(roleDefinitionId(ROLES.acrPull)).toBe('/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d');
  });
});
