/**
 * How review reports show values and resources: role GUIDs with their names, references as the
 * reference, unknown-after-apply and sensitive values as such (a sensitive value is never printed).
 */
import { parseAzapiType } from '../azure/arm-types';
import { ACCESS_ADMIN_BUILT_IN_ROLES } from '../azure/access-admin-roles';
import { ROLES } from '../azure/roles';
import { SENSITIVE_VALUE, UNKNOWN_AFTER_APPLY } from '../plan/document';

/** A built-in role a review names: the roles ailz uses (azure/roles.ts) and every built-in that can do everything or grant access. */
interface KnownRole { readonly name: string; readonly id: string; readonly privileged: boolean }
const KNOWN_ROLES: readonly KnownRole[] = [
  ...Object.values(ROLES).map((r) => ({ name: r.name, id: r.id, privileged: r.plane === 'privileged' })),
  ...ACCESS_ADMIN_BUILT_IN_ROLES.map((r) => ({ name: r.name, id: r.id, privileged: true })),
];
const ROLE_BY_GUID: ReadonlyMap<string, KnownRole> = new Map(KNOWN_ROLES.map((r) => [r.id.toLowerCase(), r]));
const ROLE_BY_NAME: ReadonlyMap<string, KnownRole> = new Map(KNOWN_ROLES.map((r) => [r.name.toLowerCase(), r]));
const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A value for a report line: markers by name, strings as written, everything else as compact JSON. */
export function showValue(v: unknown, max = 120): string {
  if (v === undefined || v === null) return '(not set)';
  if (v === UNKNOWN_AFTER_APPLY) return '(known after apply)';
  if (v === SENSITIVE_VALUE) return '(sensitive)';
  const s = typeof v === 'string' ? v : JSON.stringify(v, (_k, x) => (x === UNKNOWN_AFTER_APPLY ? '(known after apply)' : x === SENSITIVE_VALUE ? '(sensitive)' : x));
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The GUID in a role definition ID (`.../roleDefinitions/<guid>`, or a bare GUID), unless it is unknown or a reference. */
function roleGuid(roleDefinitionId: unknown): string | undefined {
  if (typeof roleDefinitionId !== 'string' || roleDefinitionId === UNKNOWN_AFTER_APPLY) return undefined;
  const m = /roleDefinitions\/([0-9a-f-]{36})/i.exec(roleDefinitionId);
  if (m) return m[1];
  return !roleDefinitionId.includes('${') ? GUID.exec(roleDefinitionId)?.[0] : undefined;
}

/** The built-in role an ID or (when there is no ID) a name stands for, when ailz knows it. */
function knownRole(roleDefinitionId: unknown, roleDefinitionName?: unknown): KnownRole | undefined {
  const guid = roleGuid(roleDefinitionId);
  if (guid) return ROLE_BY_GUID.get(guid.toLowerCase());
  if (typeof roleDefinitionName === 'string' && roleDefinitionName !== UNKNOWN_AFTER_APPLY && !roleDefinitionName.includes('${')) return ROLE_BY_NAME.get(roleDefinitionName.toLowerCase());
  return undefined;
}

/**
 * A role definition for people: `Owner (8e3af657-a8ff-443c-a75c-2fe8c4bcb635, privileged)` for a built-in
 * ailz knows (every built-in that can do everything or grant access is known: azure/access-admin-roles.ts),
 * the bare GUID otherwise, or the name when only a name is given.
 */
export function roleLabel(roleDefinitionId: unknown, roleDefinitionName?: unknown): string {
  const guid = roleGuid(roleDefinitionId);
  const role = knownRole(roleDefinitionId, roleDefinitionName);
  if (role) return `${role.name} (${guid ?? role.id}${role.privileged ? ', privileged' : ''})`;
  if (guid) return guid;
  if (typeof roleDefinitionName === 'string' && roleDefinitionName !== UNKNOWN_AFTER_APPLY && !roleDefinitionName.includes('${')) return roleDefinitionName;
  return showValue(roleDefinitionId ?? roleDefinitionName);
}

/** True when the role is a privileged built-in (Owner, Contributor, User Access Administrator, any role that can grant access, ...). */
export function isPrivilegedRole(roleDefinitionId: unknown, roleDefinitionName?: unknown): boolean {
  return knownRole(roleDefinitionId, roleDefinitionName)?.privileged ?? false;
}

/** A role assignment as the reviewer needs it: role, principal, scope (and whether it is PIM-eligible). */
export interface RoleAssignmentView {
  readonly role: string;
  readonly privileged: boolean;
  readonly principal: string;
  readonly principalType?: string;
  readonly scope: string;
  readonly eligible: boolean;
}

/** The role-assignment view of a resource, or undefined when it is not a role assignment. */
export function roleAssignmentView(type: string, attrs: Record<string, any> | undefined): RoleAssignmentView | undefined {
  if (!attrs) return undefined;
  if (type === 'azurerm_role_assignment' || type === 'azurerm_pim_eligible_role_assignment' || type === 'azurerm_pim_active_role_assignment') {
    return {
      role: roleLabel(attrs.role_definition_id, attrs.role_definition_name),
      privileged: isPrivilegedRole(attrs.role_definition_id, attrs.role_definition_name),
      principal: showValue(attrs.principal_id),
      principalType: typeof attrs.principal_type === 'string' ? attrs.principal_type : undefined,
      scope: showValue(attrs.scope, 200),
      eligible: type === 'azurerm_pim_eligible_role_assignment',
    };
  }
  if (type === 'azapi_resource' && typeof attrs.type === 'string') {
    const arm = parseAzapiType(attrs.type)?.type.toLowerCase();
    const props = isObj(attrs.body) && isObj(attrs.body.properties) ? attrs.body.properties : undefined;
    if (!props) return undefined;
    if (arm === 'microsoft.authorization/roleassignments' || arm === 'microsoft.authorization/roleeligibilityschedulerequests' || arm === 'microsoft.authorization/roleassignmentschedulerequests') {
      return {
        role: roleLabel(props.roleDefinitionId),
        privileged: isPrivilegedRole(props.roleDefinitionId),
        principal: showValue(props.principalId),
        principalType: typeof props.principalType === 'string' ? props.principalType : undefined,
        scope: showValue(props.scope ?? attrs.parent_id, 200),
        eligible: arm === 'microsoft.authorization/roleeligibilityschedulerequests',
      };
    }
  }
  return undefined;
}

export function roleAssignmentText(v: RoleAssignmentView): string {
  return `${v.eligible ? 'PIM-eligible ' : ''}${v.role} for ${v.principalType ? `${v.principalType} ` : ''}${v.principal} at ${v.scope}`;
}

/** The ARM type of an azapi resource, if it is one. */
export function armTypeOf(type: string, attrs: Record<string, any> | undefined): string | undefined {
  if ((type !== 'azapi_resource' && type !== 'azapi_update_resource') || !attrs || typeof attrs.type !== 'string') return undefined;
  return parseAzapiType(attrs.type)?.type;
}

/** One line that says what a security-relevant resource is, for its creation or removal. */
export function resourceSummary(type: string, attrs: Record<string, any> | undefined): string | undefined {
  if (!attrs) return undefined;
  const ra = roleAssignmentView(type, attrs);
  if (ra) return roleAssignmentText(ra);
  const a = attrs;
  switch (type) {
    case 'azurerm_network_security_rule':
      return `${showValue(a.direction)} ${showValue(a.access)} ${showValue(a.protocol)} from ${showValue(a.source_address_prefix ?? a.source_address_prefixes)} to ${showValue(a.destination_address_prefix ?? a.destination_address_prefixes)} port ${showValue(a.destination_port_range ?? a.destination_port_ranges)} (priority ${showValue(a.priority)})`;
    case 'azurerm_virtual_network_peering':
      return `peering to ${showValue(a.remote_virtual_network_id)} (forwarded traffic ${showValue(a.allow_forwarded_traffic ?? false)}, gateway transit ${showValue(a.allow_gateway_transit ?? false)})`;
    case 'azurerm_private_endpoint': {
      const c = Array.isArray(a.private_service_connection) ? a.private_service_connection[0] : a.private_service_connection;
      return `private endpoint to ${showValue(c?.private_connection_resource_id)} (${showValue(c?.subresource_names)})`;
    }
    case 'azurerm_management_lock':
      return `${showValue(a.lock_level)} lock on ${showValue(a.scope)}`;
    case 'azurerm_monitor_diagnostic_setting':
      return `diagnostics of ${showValue(a.target_resource_id)} to ${showValue(a.log_analytics_workspace_id ?? a.storage_account_id ?? a.eventhub_name)}`;
    case 'azurerm_security_center_subscription_pricing':
      return `Defender for ${showValue(a.resource_type)}: ${showValue(a.tier)}`;
    case 'azurerm_cognitive_deployment': {
      const m = Array.isArray(a.model) ? a.model[0] : a.model;
      const s = Array.isArray(a.sku) ? a.sku[0] : a.sku;
      return `model ${showValue(m?.name)} ${showValue(m?.version)}, ${showValue(s?.name)} capacity ${showValue(s?.capacity)}, content filter ${showValue(a.rai_policy_name)}`;
    }
  }
  const arm = armTypeOf(type, a);
  if (arm) {
    const props = isObj(a.body) && isObj(a.body.properties) ? a.body.properties : {};
    if (/^microsoft\.cognitiveservices\/accounts\/deployments$/i.test(arm)) {
      const sku = isObj(a.body?.sku) ? a.body.sku : {};
      return `${arm} ${showValue(a.name)}: model ${showValue(props.model?.name)} ${showValue(props.model?.version)}, ${showValue(sku.name)} capacity ${showValue(sku.capacity)}, content filter ${showValue(props.raiPolicyName)}`;
    }
    return `${arm} ${showValue(a.name)}${type === 'azapi_update_resource' ? ' (properties of an existing resource)' : ''}`;
  }
  if (/policy_assignment$/.test(type)) return `assigns ${showValue(a.policy_definition_id)}${a.enforce === false ? ' (not enforced)' : ''}`;
  if (/policy_exemption$/.test(type)) return `${showValue(a.exemption_category)} exemption from ${showValue(a.policy_assignment_id)}, expires ${showValue(a.expires_on)}`;
  if (typeof a.name === 'string') return `name ${showValue(a.name)}`;
  return undefined;
}
