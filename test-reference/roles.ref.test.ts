import { ACCESS_ADMIN_BUILT_IN_ROLES } from '../azure/access-admin-roles';
import { ROLES, PRIVILEGED_ROLES } from '../azure/roles';
import { readReference } from './reference';

interface CatalogRole { id: string; roleName: string; formerNames?: string[]; actions: string[]; dataActions: string[] }
const catalog: CatalogRole[] = readReference('azure-builtin-roles.json').roles;
const byId = new Map(catalog.map((r) => [r.id, r]));

describe('role catalog', () => {
  it.each(Object.entries(ROLES))('%s is a real built-in role with that name and GUID', (_key, role) => {
    const entry = byId.get(role.id);
    expect(entry).toBeDefined();
    expect([entry!.roleName, ...(entry!.formerNames ?? [])]).toContain(role.name);
  });

  it('never marks a role that can write everything or manage access as a data role', () => {
    for (const role of Object.values(ROLES).filter((r) => r.plane !== 'privileged')) {
      const actions = byId.get(role.id)!.actions;
      expect(actions).not.toContain('*');
      expect(actions.filter((a) => /^Microsoft\.Authorization\/(\*$|roleAssignments\/(write|\*))/i.test(a))).toEqual([]);
    }
  });

  it('marks a role privileged when it can write everything or manage role assignments', () => {
    for (const role of PRIVILEGED_ROLES) {
      const entry = byId.get(role.id)!;
      const canDoAll = entry.actions.includes('*') || entry.dataActions.includes('*') || entry.dataActions.includes('Microsoft.KeyVault/vaults/*');
      const canGrant = entry.actions.some((a) => /^Microsoft\.Authorization\/(\*$|roleAssignments\/(write|\*))/i.test(a));
      expect(canDoAll || canGrant).toBe(true);
    }
  });

  it('lists as access-admin roles exactly the built-ins that can do everything or grant access, with their current names (azure/access-admin-roles.ts)', () => {
    const grants = (r: CatalogRole) => r.actions.some((a) => /^Microsoft\.Authorization\/(\*$|roleAssignments\/(write|\*))/i.test(a));
    const expected = catalog.filter((r) => r.actions.includes('*') || grants(r))
      .map((r) => ({ name: r.roleName, id: r.id, power: r.actions.includes('*') ? 'all' : 'grant' }))
      .sort((a, b) => a.name.localeCompare(b.name));
    expect([...ACCESS_ADMIN_BUILT_IN_ROLES].sort((a, b) => a.name.localeCompare(b.name))).toEqual(expected);
    // Owner, Contributor and User Access Administrator, the examples, are among them.
    for (const r of [ROLES.owner, ROLES.contributor, ROLES.userAccessAdministrator]) expect(ACCESS_ADMIN_BUILT_IN_ROLES.map((x) => x.id)).toContain(r.id);
  });
});
