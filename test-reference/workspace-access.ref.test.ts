/** The built-in roles ailz accepts as diagnostics-destination access (azure/workspace-access.ts) against the role catalog. */
import { DIAGNOSTICS_DESTINATION_ACTIONS, DIAGNOSTICS_DESTINATION_BUILT_IN_ROLES, actionsGrant } from '../azure/workspace-access';
import { readReference } from './reference';

const roles: Array<{ id: string; roleName: string; actions: string[]; notActions: string[] }> = readReference('azure-builtin-roles.json').roles;

it.each(DIAGNOSTICS_DESTINATION_BUILT_IN_ROLES.map((id) => [roles.find((r) => r.id === id)?.roleName ?? id, id] as const))('%s grants both linked-access actions', (_name, id) => {
  const role = roles.find((r) => r.id === id)!;
  expect(role).toBeDefined();
  for (const action of DIAGNOSTICS_DESTINATION_ACTIONS) {
    expect(actionsGrant(role.actions, action) && !actionsGrant(role.notActions ?? [], action)).toBe(true);
  }
});
