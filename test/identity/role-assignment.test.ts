import { RoleAssignment, grantRole } from '../../constructs/identity/role-assignment';
import { UserAssignedIdentity } from '../../constructs/identity/user-assigned-identity';
import { ROLES, roleDefinitionId } from '../../azure/roles';
import { only, refTo, synth } from '../data/helpers';

describe('RoleAssignment', () => {
  it('assigns by role definition GUID with principal_type, skipping the directory lookup for service principals', () => {
    const json = synth((s) => { new RoleAssignment(s, 'Ra', { scope: '/x', role: ROLES.acrPull, principalId: 'p', principalType: 'ServicePrincipal' }); });
    const ra = only(json, 'azurerm_role_assignment');
    expect(ra).toEqual({ scope: '/x', role_definition_id: roleDefinitionId(ROLES.acrPull), principal_id: 'p', principal_type: 'ServicePrincipal', skip_service_principal_aad_check: true });
    expect(ra.role_definition_name).toBeUndefined();
  });

  it.each([ROLES.owner, ROLES.contributor, ROLES.userAccessAdministrator, ROLES.rbacAdministrator, ROLES.keyVaultAdministrator])('refuses privileged role %o', (role) => {
    expect(() => synth((s) => { new RoleAssignment(s, 'Ra', { scope: '/x', role, principalId: 'p', principalType: 'User' }); })).toThrow(/is a privileged role/);
  });

  it('rejects grantee names that cannot be part of a Terraform address', () => {
    expect(() => synth((s) => { grantRole(s, 'AcrPull', '/x', ROLES.acrPull, { name: 'my team', principalId: 'p', principalType: 'Group' }); })).toThrow(/grantee name "my team"/);
  });
});

describe('UserAssignedIdentity', () => {
  it('is tagged and offers itself as a service-principal grantee', () => {
    let grantee: any;
    const json = synth((s) => {
      const id = new UserAssignedIdentity(s, 'Id', { name: 'id-app', resourceGroupName: 'rg', location: 'swedencentral', tags: { a: 'b' } });
      grantee = id.grantee('App');
      grantRole(s, 'AcrPull', '/x', ROLES.acrPull, grantee);
    });
    expect(only(json, 'azurerm_user_assigned_identity').tags).toEqual({ a: 'b' });
    expect(only(json, 'azurerm_role_assignment').principal_id).toBe(refTo(json, 'azurerm_user_assigned_identity', 'principal_id'));
    expect(grantee.principalType).toBe('ServicePrincipal');
  });
});
