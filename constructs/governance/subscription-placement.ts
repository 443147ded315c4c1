import { Construct } from 'constructs';
import { ManagementGroupSubscriptionAssociation as AzurermManagementGroupSubscriptionAssociation } from '@cdktf/provider-azurerm/lib/management-group-subscription-association';

export interface SubscriptionPlacementProps {
  /** The subscription GUID. */
  readonly subscriptionId: string;
  /** Resource ID of the management group it belongs under. */
  readonly managementGroupId: string;
}

/**
 * Places an existing subscription (e.g. the platform subscription) under a management group, so the
 * group's policies apply to it. Workload subscriptions use `SubscriptionVending`, which also budgets them.
 */
export class SubscriptionPlacement extends Construct {
  constructor(scope: Construct, id: string, props: SubscriptionPlacementProps) {
    super(scope, id);
    new AzurermManagementGroupSubscriptionAssociation(this, 'Resource', {
      managementGroupId: props.managementGroupId,
      subscriptionId: `/subscriptions/${props.subscriptionId}`,
    });
  }
}
