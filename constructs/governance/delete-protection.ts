import { Construct } from 'constructs';
import { PolicyDefinition as AzurermPolicyDefinition } from '@cdktf/provider-azurerm/lib/policy-definition';
import { SubscriptionPolicyAssignment as AzurermSubscriptionPolicyAssignment } from '@cdktf/provider-azurerm/lib/subscription-policy-assignment';

/** Name of ailz's delete-protection policy definition and of its assignments. */
export const DELETE_PROTECTION_NAME = 'ailz-deny-delete';

/**
 * The rule: deny DELETE of the resources whose type is listed, and of their resource group.
 *
 * Microsoft Learn, "Azure Policy definitions denyAction effect" (governance/policy/concepts/effect-deny-action,
 * ms.date 2024-04-17): "The only supported action today is DELETE"; a blocked request returns 403; child and
 * extension resources of a protected resource can still be deleted ("Child resource | Parent resource | Parent
 * protected; child deleted"); "Only policies that have the cascadeBehaviors set to deny in the policy rule block
 * a resource group deletion. Policy doesn't block removal of resources that don't support location and tags nor
 * any policy with mode:all", and cascadeBehaviors is "only supported in policy definitions with mode set to
 * indexed" (default deny). Locks and policy assignments are exempt from denyAction, so the protection can always
 * be lifted deliberately (remove the assignment, or exempt the scope). The built-in "Do not allow deletion of
 * resource types" (78460a36) has mode All and no cascadeBehaviors: deleting the resource group would remove the
 * protected resource, hence this custom Indexed definition.
 */
export const DELETE_PROTECTION_RULE = {
  if: { field: 'type', in: "[parameters('resourceTypes')]" },
  then: { effect: 'denyAction', details: { actionNames: ['delete'], cascadeBehaviors: { resourceGroup: 'deny' } } },
} as const;

export const DELETE_PROTECTION_PARAMETERS = {
  resourceTypes: {
    type: 'Array',
    metadata: { displayName: 'Resource types', description: 'Resource types that cannot be deleted in the assignment scope (nor their resource group).' },
  },
} as const;

export interface ProtectedScope {
  /** Stable key of the assignment (a construct id: static data or a workload's name, never a runtime value). */
  readonly key: string;
  /** The subscription GUID (or a Terraform reference to one) whose resources are protected. */
  readonly subscriptionId: string;
  /** ARM types that cannot be deleted there, e.g. `Microsoft.KeyVault/vaults`. */
  readonly resourceTypes: readonly string[];
  /** Why, shown when a deletion is denied. */
  readonly reason: string;
}

export interface DeleteProtectionProps {
  /**
   * Where the definition lives: a management group containing every protected subscription.
   * @default the subscription of the stack's provider (then only that subscription can be protected)
   */
  readonly managementGroupId?: string;
  /** The subscriptions and resource types to protect. */
  readonly scopes: readonly ProtectedScope[];
}

/**
 * Delete protection by Azure Policy instead of management locks (review F22): a `CanNotDelete` lock also blocks
 * deleting everything under its scope, so renaming a Sentinel rule, a diagnostic setting or a role assignment
 * under the locked workspace or vault fails until the lock is lifted. A denyAction policy blocks the deletion
 * of the protected resource and of its resource group, and nothing under it.
 */
export class DeleteProtection extends Construct {
  readonly definition: AzurermPolicyDefinition;
  readonly assignments: Readonly<Record<string, AzurermSubscriptionPolicyAssignment>>;

  constructor(scope: Construct, id: string, props: DeleteProtectionProps) {
    super(scope, id);
    this.definition = new AzurermPolicyDefinition(this, 'Definition', {
      name: DELETE_PROTECTION_NAME,
      policyType: 'Custom',
      mode: 'Indexed',
      displayName: 'ailz: resources of these types (and their resource group) cannot be deleted',
      description: 'Denies DELETE of the listed resource types and of resource groups that contain them (denyAction, cascade deny). Lift deliberately: remove the assignment or add an exemption.',
      ...(props.managementGroupId ? { managementGroupId: props.managementGroupId } : {}),
      policyRule: JSON.stringify(DELETE_PROTECTION_RULE),
      parameters: JSON.stringify(DELETE_PROTECTION_PARAMETERS),
      metadata: JSON.stringify({ category: 'General', source: 'ailz' }),
    });
    const assignments: Record<string, AzurermSubscriptionPolicyAssignment> = {};
    for (const s of props.scopes) {
      if (s.resourceTypes.length === 0) throw new Error(`DeleteProtection ${id}: scope ${s.key} protects no resource type`);
      assignments[s.key] = new AzurermSubscriptionPolicyAssignment(this, `Assignment-${s.key}`, {
        name: DELETE_PROTECTION_NAME,
        subscriptionId: `/subscriptions/${s.subscriptionId}`,
        policyDefinitionId: this.definition.id,
        displayName: `ailz: do not delete ${[...s.resourceTypes].join(', ')}`,
        description: s.reason,
        enforce: true,
        parameters: JSON.stringify({ resourceTypes: { value: [...s.resourceTypes] } }),
        nonComplianceMessage: [{ content: `${s.reason} To delete it deliberately, remove this assignment (ailz: deleteLock: false for a workload) or add a policy exemption with a justification and an expiry.` }],
      });
    }
    this.assignments = assignments;
  }
}
