import { Construct } from 'constructs';
import { ITerraformDependable } from 'cdktf';
import { DataAzurermPolicyAssignment } from '@cdktf/provider-azurerm/lib/data-azurerm-policy-assignment';
import { RoleAssignment as AzurermRoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { RoleDefinition as AzurermRoleDefinition } from '@cdktf/provider-azurerm/lib/role-definition';
import { DIAGNOSTICS_DESTINATION_ACTIONS } from '../../azure/workspace-access';

export interface DiagnosticsPolicyAssignmentRef {
  /** The assignment's name (the policy catalog key, e.g. `diag-cognitive`). */
  readonly name: string;
  /** Resource ID of the scope it is assigned at (a management group). */
  readonly scopeId: string;
}

export interface DiagnosticsDestinationAccessProps {
  /** Resource ID of the Log Analytics workspace the policies' diagnostic settings send to. */
  readonly workspaceId: string;
  /** Resource ID of the workspace's resource group: where the custom role is defined and assignable. */
  readonly resourceGroupId: string;
  /**
   * Name of the custom role (unique in the tenant).
   * @example 'ailz contoso diagnostics destination'
   */
  readonly roleName: string;
  /** The DeployIfNotExists diagnostics assignments whose identities need the workspace as a destination. */
  readonly assignments: readonly DiagnosticsPolicyAssignmentRef[];
  /** What must exist before the grants (the workspace). @default none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * Lets the managed identities of the DeployIfNotExists diagnostics assignments use the platform workspace
 * as a diagnostic-setting destination. A remediation writes the setting as the assignment's identity, and
 * Azure checks linked access on the destination workspace, which lives in the platform subscription,
 * outside the management group where the identity holds its remediation roles (review F16).
 *
 * One custom role with exactly the two actions the linked-access check needs (azure/workspace-access.ts),
 * assigned to each identity on the workspace only; the identities are looked up by assignment name at plan
 * time (`data.azurerm_policy_assignment`), so the governance stack must be applied first, as the deployment
 * order already says.
 */
export class DiagnosticsDestinationAccess extends Construct {
  readonly role: AzurermRoleDefinition;
  /** The role assignments, by policy assignment name. */
  readonly grants: Readonly<Record<string, AzurermRoleAssignment>>;

  constructor(scope: Construct, id: string, props: DiagnosticsDestinationAccessProps) {
    super(scope, id);
    const names = props.assignments.map((a) => a.name);
    if (new Set(names).size !== names.length) throw new Error(`DiagnosticsDestinationAccess ${id}: an assignment is listed twice (${names.join(', ')})`);
    this.role = new AzurermRoleDefinition(this, 'Role', {
      name: props.roleName,
      scope: props.resourceGroupId,
      description: 'ailz: lets DeployIfNotExists diagnostics policies send diagnostic settings to the platform Log Analytics workspace (linked access: read, shared keys). Nothing else.',
      permissions: [{ actions: [...DIAGNOSTICS_DESTINATION_ACTIONS] }],
      assignableScopes: [props.resourceGroupId],
    });
    const grants: Record<string, AzurermRoleAssignment> = {};
    // Construct ids from the catalog keys: static data in this repository, never user input.
    for (const a of [...props.assignments].sort((x, y) => x.name.localeCompare(y.name))) {
      const assignment = new DataAzurermPolicyAssignment(this, `Assignment-${a.name}`, { name: a.name, scopeId: a.scopeId });
      grants[a.name] = new AzurermRoleAssignment(this, `Grant-${a.name}`, {
        scope: props.workspaceId,
        roleDefinitionId: this.role.roleDefinitionResourceId,
        principalId: assignment.identity.get(0).principalId,
        principalType: 'ServicePrincipal',
        description: `Lets policy assignment ${a.name} remediate with this workspace as the destination (linked access).`,
        // The identity exists since the governance apply; skip the Entra lookup like the remediation grants do.
        skipServicePrincipalAadCheck: true,
        dependsOn: props.dependsOn,
      });
    }
    this.grants = grants;
  }
}
