import { Construct } from 'constructs';
import { ManagementGroupPolicyAssignment as AzurermManagementGroupPolicyAssignment } from '@cdktf/provider-azurerm/lib/management-group-policy-assignment';
import { RoleAssignment as AzurermRoleAssignment } from '@cdktf/provider-azurerm/lib/role-assignment';
import { POLICY_CATALOG, PolicyCatalogEntry, PolicyInputs, PolicyScope, resolvePolicyCatalog } from '../../azure/policy-catalog';
import { roleDefinitionId } from '../../azure/roles';

export interface AiPolicyAssignmentsProps extends PolicyInputs {
  /** Resource ID of `<prefix>-ai` (`AiManagementGroups.aiId`). */
  readonly aiManagementGroupId: string;
  /** Resource ID of `<prefix>-ai-production`. */
  readonly productionManagementGroupId: string;
  /** Resource ID of `<prefix>-ai-experimentation`. */
  readonly experimentationManagementGroupId: string;
  /**
   * Region of the system-assigned identities of DeployIfNotExists/Modify assignments (Azure requires a
   * location for an assignment with an identity); use `organization.primaryLocation`.
   */
  readonly location: string;
  /**
   * The catalog to assign; tests and forks may narrow it.
   * @default POLICY_CATALOG - every control of issue 6
   */
  readonly catalog?: readonly PolicyCatalogEntry[];
  /**
   * Scopes excluded from an assignment (`not_scopes`), by catalog key: resource, resource group or
   * subscription IDs the assignment does not evaluate at all. Azure Policy lets an assignment exclude
   * "child resource containers and child resources" (Learn "Azure Policy assignment structure",
   * excluded scopes), and the provider sends the list as written and updates it in place
   * (azurerm 4.55 `internal/services/policy/assignment_resource_base.go:95-97, 294-296`). Each entry
   * must be as narrow as the design allows: a carve-out weakens the control for everything under it.
   * @default {} - no exclusions
   */
  readonly notScopes?: Readonly<Record<string, readonly string[]>>;
}

/** One assignment the construct made. */
export interface AssignedPolicy {
  readonly entry: PolicyCatalogEntry;
  readonly assignment: AzurermManagementGroupPolicyAssignment;
  /** Role assignments that let the assignment's identity remediate (empty for Deny/Audit). */
  readonly remediationRoles: readonly AzurermRoleAssignment[];
}

/**
 * Assigns the AI policy catalog at the AI management groups, enforced (`enforce = true`, i.e.
 * enforcementMode Default; peer landing zones ship these as DoNotEnforce).
 *
 * DeployIfNotExists/Modify assignments get a system-assigned identity and, at the assignment's own
 * management group, one role assignment per role the definition names in `roleDefinitionIds`, so
 * remediation tasks work without a manual grant. A system-assigned identity per assignment (rather than
 * one shared user-assigned identity) keeps the governance stack free of a resource group in some
 * subscription and gives each identity only the roles its own definition needs.
 */
export class AiPolicyAssignments extends Construct {
  /** Assignments by catalog key (= assignment name). */
  public readonly assignments: Readonly<Record<string, AssignedPolicy>>;
  /** Assignment resource IDs by catalog key, for exemptions. */
  public readonly assignmentIds: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: AiPolicyAssignmentsProps) {
    super(scope, id);
    const scopes: Record<PolicyScope, string> = {
      ai: props.aiManagementGroupId,
      production: props.productionManagementGroupId,
      experimentation: props.experimentationManagementGroupId,
    };
    const assignments: Record<string, AssignedPolicy> = {};
    const ids: Record<string, string> = {};

    const resolved = resolvePolicyCatalog(props, props.catalog ?? POLICY_CATALOG);
    for (const key of Object.keys(props.notScopes ?? {})) {
      if (!resolved.some((r) => r.entry.key === key)) throw new Error(`AiPolicyAssignments: notScopes names "${key}", which is not an assignment of the catalog`);
    }
    for (const { entry, parameters } of resolved) {
      const needsIdentity = entry.roleDefinitionIds.length > 0;
      const notScopes = props.notScopes?.[entry.key] ?? [];
      const managementGroupId = scopes[entry.scope];
      // Construct ids come from the catalog keys: static data in this repository, never user input.
      const assignment = new AzurermManagementGroupPolicyAssignment(this, entry.key, {
        name: entry.key,
        managementGroupId,
        policyDefinitionId: entry.policyDefinitionId,
        displayName: entry.displayName,
        description: `ailz control: ${entry.control}`,
        enforce: true,
        parameters: Object.keys(parameters).length > 0 ? JSON.stringify(
          Object.fromEntries(Object.entries(parameters).map(([name, value]) => [name, { value }])),
        ) : undefined,
        nonComplianceMessage: [{ content: entry.nonComplianceMessage }],
        ...(notScopes.length > 0 ? { notScopes: [...notScopes] } : {}),
        ...(needsIdentity ? { identity: { type: 'SystemAssigned' }, location: props.location } : {}),
      });
      const remediationRoles = [...entry.roleDefinitionIds].sort().map((roleGuid) =>
        new AzurermRoleAssignment(this, `${entry.key}-remediation-${roleGuid}`, {
          scope: managementGroupId,
          // At a management group ARM returns the role definition ID without a scope (azure/roles.ts).
          roleDefinitionId: roleDefinitionId(roleGuid, { tenant: true }),
          principalId: assignment.identity.principalId,
          principalType: 'ServicePrincipal',
          description: `Lets policy assignment ${entry.key} remediate (roleDefinitionIds of its definition).`,
          // The identity is created with the assignment; Entra ID replication may lag behind.
          skipServicePrincipalAadCheck: true,
        }));
      assignments[entry.key] = { entry, assignment, remediationRoles };
      ids[entry.key] = assignment.id;
    }
    this.assignments = assignments;
    this.assignmentIds = ids;
  }
}
