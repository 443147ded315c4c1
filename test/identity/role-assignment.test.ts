import { RoleAssignment, grantRole } from '../../constructs/identity/role-assignment';
import { UserAssignedIdentity } from '../../constructs/identity/user-assigned-identity';
import { ROLES } from '../../azure/roles';
import { Testing } from 'cdktf';
import { SUBSCRIPTION, only, refTo, resources, roleIdOf, synth } from '../data/helpers';

describe('RoleAssignment', () => {
  it('assigns by role definition GUID with principal_type, skipping the directory lookup for service principals', () => {
    const json = synth((s) => { new RoleAssignment(s, 'Ra', { scope: '/x', role: ROLES.acrPull, principalId: 'p', principalType: 'ServicePrincipal' }); });
    const ra = only(json, 'azurerm_role_assignment');
    expect(ra).toEqual({ scope: '/x', role_definition_id: roleIdOf(ROLES.acrPull), principal_id: 'p', principal_type: 'ServicePrincipal', skip_service_principal_aad_check: true });
    expect(ra.role_definition_name).toBeUndefined();
  });

  it('writes the role definition ID in the subscription form ARM returns below a management group, for the enclosing stack\'s subscription or the one given', () => {
    const json = synth((s) => {
      new RoleAssignment(s, 'Here', { scope: '/x', role: ROLES.acrPull, principalId: 'p', principalType: 'Group' });
      new RoleAssignment(s, 'There', { scope: '/y', role: ROLES.acrPull, principalId: 'p', principalType: 'Group', subscriptionId: '${var.other}' });
    });
    expect(resources(json, 'azurerm_role_assignment').map((r) => r.role_definition_id).sort()).toEqual([
      '/subscriptions/${var.other}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d',
      `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`,
    ]);
  });

  it('refuses to guess the subscription outside an ailz stack', () => {
    expect(() => Testing.synthScope((s) => { new RoleAssignment(s, 'Ra', { scope: '/x', role: ROLES.acrPull, principalId: 'p', principalType: 'Group' }); }))
      .toThrow(/subscription of the scope is unknown/);
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
