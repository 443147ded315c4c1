import { ROLES, PRIVILEGED_ROLES, roleDefinitionId, roleDefinitionScopeOf } from '../../azure/roles';

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

  // ARM's rule: the role definition ID of an assignment reads back without scope at a management group or
  // the tenant, and in the form of the assignment's subscription anywhere below (azurerm v4.55.0
  // role_assignment_resource.go:310,316-318; hashicorp/terraform-provider-azurerm#19847).
  it.each([
    ['/', '/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d'],
    ['/providers/Microsoft.Management/managementGroups/contoso-ai', '/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d'],
    ['/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d'],
    ['/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/resourceGroups/rg', '/subscriptions/1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d'],
    ['/subscriptions/${var.subscription_id}/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/cr', '/subscriptions/${var.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d'],
  ])('an assignment at %s reads back %s', (scope, returned) => {
    expect(roleDefinitionId(ROLES.acrPull, roleDefinitionScopeOf(scope)!)).toBe(returned);
  });

  it('cannot tell the form from a reference (the caller names the subscription)', () => {
    expect(roleDefinitionScopeOf('${azurerm_key_vault.kv.id}')).toBeUndefined();
    expect(roleDefinitionId('7f951dda-4ed3-4680-a7ca-43fe172d538d', { subscriptionId: 'abc' })).toBe('/subscriptions/abc/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d');
  });
});
