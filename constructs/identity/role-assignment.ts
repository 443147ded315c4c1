import { Construct } from 'constructs';
import { RoleAssignment as AzurermRoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { BuiltInRole, PRIVILEGED_ROLES, roleDefinitionId } from '../../azure/roles';
import { subscriptionOf } from '../core/subscription';

/** What kind of Entra ID principal receives a role: set on every assignment (no directory lookup, visible in reviews). */
export type PrincipalType = 'ServicePrincipal' | 'Group' | 'User';

export interface RoleAssignmentProps {
  /** The ID of the one resource the role applies to (never a subscription or management group). */
  readonly scope: string;
  /** A built-in role from `constructs/core/roles.ts`; privileged roles are refused. */
  readonly role: BuiltInRole;
  /** Object ID of the principal (a managed identity's `principalId`, a group's object ID). */
  readonly principalId: string;
  readonly principalType: PrincipalType;
  /**
   * The subscription `scope` lives in: the role definition ID is written in the form ARM returns for it
   * (`/subscriptions/<id>/providers/Microsoft.Authorization/roleDefinitions/<guid>`, azure/roles.ts).
   * @default the subscription of the enclosing stack (`setSubscription`)
   */
  readonly subscriptionId?: string;
}

const PRIVILEGED_IDS = new Set(PRIVILEGED_ROLES.map((r) => r.id));

/**
 * One assignment of one built-in role at one resource's scope, by role definition GUID (role names
 * change, GUIDs do not). The building block behind every construct's `grant*` method.
 *
 * Privileged roles (Owner, Contributor, User Access Administrator, RBAC Administrator, Key Vault
 * Administrator) throw: no construct can create a standing assignment of them.
 */
export class RoleAssignment extends Construct {
  readonly id: string;
  readonly resource: AzurermRoleAssignment;

  constructor(scope: Construct, id: string, props: RoleAssignmentProps) {
    super(scope, id);
    if (PRIVILEGED_IDS.has(props.role.id)) {
      throw new Error(`RoleAssignment ${this.node.path}: ${props.role.name} is a privileged role; ailz grants only the narrowest data-plane role at the resource scope`);
    }
    const subscriptionId = props.subscriptionId ?? subscriptionOf(this);
    if (subscriptionId === undefined) {
      throw new Error(`RoleAssignment ${this.node.path}: the subscription of the scope is unknown; build it inside an ailz stack or pass subscriptionId (ARM returns the role definition ID in subscription form below a management group)`);
    }
    this.resource = new AzurermRoleAssignment(this, 'Resource', {
      scope: props.scope,
      roleDefinitionId: roleDefinitionId(props.role, { subscriptionId }),
      principalId: props.principalId,
      principalType: props.principalType,
      // A just-created managed identity may not have replicated in Entra ID yet; the explicit
      // principal type lets ARM skip the lookup that would otherwise fail the first apply.
      ...(props.principalType === 'ServicePrincipal' ? { skipServicePrincipalAadCheck: true } : {}),
    });
    this.id = this.resource.id;
  }
}

/** Who receives a grant: the principal, its type, and a stable name for the construct id (e.g. `App`, `Developers`). */
export interface Grantee {
  /** Stable, code-chosen label; becomes part of the Terraform address, so never derive it from a runtime value. */
  readonly name: string;
  readonly principalId: string;
  readonly principalType: PrincipalType;
}

/** Creates `<Intent><grantee.name>` under `scope`: the shared implementation of the `grant*` methods. */
export function grantRole(scope: Construct, intent: string, resourceId: string, role: BuiltInRole, grantee: Grantee): RoleAssignment {
  if (!/^[A-Za-z][A-Za-z0-9]*$/.test(grantee.name)) {
    throw new Error(`grant ${intent}: grantee name "${grantee.name}" must be letters and digits (it becomes part of a Terraform address)`);
  }
  return new RoleAssignment(scope, `${intent}${grantee.name}`, {
    scope: resourceId,
    role,
    principalId: grantee.principalId,
    principalType: grantee.principalType,
  });
}
