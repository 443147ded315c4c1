import { Construct } from 'constructs';
import { ConsumptionBudgetSubscription as AzurermConsumptionBudgetSubscription } from '@cdktf/provider-azurerm/lib/consumption-budget-subscription';
import { ManagementGroupSubscriptionAssociation as AzurermManagementGroupSubscriptionAssociation } from '@cdktf/provider-azurerm/lib/management-group-subscription-association';
import { Subscription as AzurermSubscription } from '@cdktf/provider-azurerm/lib/subscription';
import { workloadResourceProviders } from '../../azure/resource-providers';

/*
 * Why the workload stack registers its own resource providers and not `azurerm_resource_provider_registration`
 * here: that resource registers in the subscription of the provider that runs it. The governance stack
 * runs against the platform subscription, and for a `billingScopeId` workload the subscription ID is
 * unknown until apply, so a per-workload provider alias could not even be configured at plan time. The
 * workload stack's provider already targets the workload subscription and registers
 * `workloadResourceProviders()` (azure/resource-providers.ts) before it creates anything.
 */

/** Budget alert thresholds (percent of the monthly amount): early warning, reached, forecast to overrun. */
export const BUDGET_NOTIFICATIONS: ReadonlyArray<{ readonly threshold: number; readonly thresholdType: 'Actual' | 'Forecasted' }> = [
  { threshold: 80, thresholdType: 'Actual' },
  { threshold: 100, thresholdType: 'Actual' },
  { threshold: 110, thresholdType: 'Forecasted' },
];

/**
 * Start of the budget when no `startDate` is given: the first day of the month Terraform first plans it.
 * Azure rejects a monthly budget that starts before the current month and refuses to change the start
 * later, so the value is computed once by Terraform (not by synth: the synthesized JSON stays the same
 * string every run) and then frozen by `ignore_changes`.
 */
export const BUDGET_START_OF_PLAN_MONTH = `\${formatdate("YYYY-MM-01'T00:00:00Z'", plantimestamp())}`;

export interface SubscriptionVendingProps {
  /** The workload name (`workloads[].name`), used in resource names. */
  readonly workloadName: string;
  /** Decides the subscription offer for a created subscription: production → `Production`, experimentation → `DevTest`. */
  readonly environment: 'production' | 'experimentation';
  /** Resource ID of the environment's management group (`AiManagementGroups.productionId` / `experimentationId`). */
  readonly managementGroupId: string;
  /** An existing subscription (GUID) to associate. Exactly one of `subscriptionId` / `billingScopeId`. */
  readonly subscriptionId?: string;
  /** A billing scope (EA enrollment account, MCA invoice section) to create the subscription under. */
  readonly billingScopeId?: string;
  /**
   * Display name and alias of a created subscription.
   * @default `sub-<workloadName>`
   */
  readonly subscriptionName?: string;
  /** The monthly budget. */
  readonly budget: {
    /** Amount per month in the billing currency. */
    readonly monthlyAmount: number;
    /** Who gets the 80 % / 100 % actual and 110 % forecast alerts. */
    readonly contactEmails: readonly string[];
    /**
     * First day of the first budget month, `YYYY-MM-01`; must not be before the month of the first apply.
     * @default the month of the first `terraform plan` (BUDGET_START_OF_PLAN_MONTH), frozen afterwards
     */
    readonly startDate?: string;
  };
  /** Whether the workload uses Azure Machine Learning (adds its resource providers to `resourceProviders`). */
  readonly machineLearning: boolean;
  /**
   * An isolated AI gateway in the subscription (adds `Microsoft.ApiManagement`, and `Microsoft.Web` for Premium v2).
   * @default undefined - no gateway of its own
   */
  readonly apiManagement?: 'classic' | 'v2';
  /**
   * Let `terraform destroy` cancel a subscription this construct created.
   * @default false - `prevent_destroy`: a created subscription holds every workload resource
   */
  readonly allowSubscriptionDestroy?: boolean;
  /** Tags for the created subscription. */
  readonly tags?: Record<string, string>;
}

/**
 * Places a workload subscription under its environment's management group (creating it first from a
 * billing scope if needed) and gives it a monthly budget with alerts.
 */
export class SubscriptionVending extends Construct {
  /** The created subscription alias, for `billingScopeId` workloads. */
  public readonly subscription?: AzurermSubscription;
  /** The subscription GUID (a Terraform reference for created subscriptions). */
  public readonly subscriptionId: string;
  /** `/subscriptions/<guid>`. */
  public readonly subscriptionResourceId: string;
  public readonly association: AzurermManagementGroupSubscriptionAssociation;
  public readonly budget: AzurermConsumptionBudgetSubscription;
  /** Resource providers to register in this subscription (see `workloadResourceProviders`). */
  public readonly resourceProviders: readonly string[];

  constructor(scope: Construct, id: string, props: SubscriptionVendingProps) {
    super(scope, id);
    if ((props.subscriptionId === undefined) === (props.billingScopeId === undefined)) {
      throw new Error(`workload ${props.workloadName}: set exactly one of subscriptionId and billingScopeId`);
    }
    const startDate = props.budget.startDate;
    if (startDate !== undefined && !/^\d{4}-(0[1-9]|1[0-2])-01$/.test(startDate)) {
      throw new Error(`workload ${props.workloadName}: budget.startDate must be the first day of a month (YYYY-MM-01), got "${startDate}"`);
    }
    if (props.budget.contactEmails.length === 0) {
      throw new Error(`workload ${props.workloadName}: budget.contactEmails must name at least one recipient`);
    }

    if (props.billingScopeId !== undefined) {
      const name = props.subscriptionName ?? `sub-${props.workloadName}`;
      this.subscription = new AzurermSubscription(this, 'Subscription', {
        alias: name,
        subscriptionName: name,
        billingScopeId: props.billingScopeId,
        workload: props.environment === 'production' ? 'Production' : 'DevTest',
        tags: props.tags,
        lifecycle: { preventDestroy: !props.allowSubscriptionDestroy },
      });
      this.subscriptionId = this.subscription.subscriptionId;
    } else {
      this.subscriptionId = props.subscriptionId!;
    }
    this.subscriptionResourceId = `/subscriptions/${this.subscriptionId}`;

    this.association = new AzurermManagementGroupSubscriptionAssociation(this, 'Resource', {
      managementGroupId: props.managementGroupId,
      subscriptionId: this.subscriptionResourceId,
    });

    this.budget = new AzurermConsumptionBudgetSubscription(this, 'Budget', {
      name: `budget-${props.workloadName}-monthly`,
      subscriptionId: this.subscriptionResourceId,
      amount: props.budget.monthlyAmount,
      timeGrain: 'Monthly',
      timePeriod: { startDate: startDate !== undefined ? `${startDate}T00:00:00Z` : BUDGET_START_OF_PLAN_MONTH },
      notification: BUDGET_NOTIFICATIONS.map((n) => ({
        enabled: true,
        operator: 'GreaterThanOrEqualTo',
        threshold: n.threshold,
        thresholdType: n.thresholdType,
        contactEmails: [...props.budget.contactEmails].sort(),
      })),
      // Azure cannot change a budget's start date in place.
      lifecycle: { ignoreChanges: ['time_period'] },
    });

    this.resourceProviders = workloadResourceProviders({ machineLearning: props.machineLearning, apiManagement: props.apiManagement });
  }
}
