import { Construct } from 'constructs';
import { SecurityCenterSubscriptionPricing as AzurermSecurityCenterSubscriptionPricing } from '@cdktf/provider-azurerm/lib/security-center-subscription-pricing';
import { SecurityCenterContact as AzurermSecurityCenterContact } from '@cdktf/provider-azurerm/lib/security-center-contact';
import { SecurityCenterAutomation as AzurermSecurityCenterAutomation } from '@cdktf/provider-azurerm/lib/security-center-automation';
import { DEFENDER_PLANS, DefenderPlanFact, defenderPricingId } from '../../azure/defender-plans';

/** Plan names, sub-plans and every extension of each plan: Azure facts, with their sources. */
export { DEFENDER_PLANS } from '../../azure/defender-plans';

/** What the continuous export sends to the workspace: alerts (SecurityAlert) and recommendations (SecurityRecommendation). */
export const CONTINUOUS_EXPORT_SOURCES = ['Alerts', 'Assessments', 'SubAssessments'] as const;

export interface DefenderPlansProps {
  /**
   * The workload subscription GUID. Plans and the contact apply to the subscription of the azurerm
   * provider in scope (the resource has no subscription argument); this id scopes the export.
   */
  readonly subscriptionId: string;
  /** Resource ID of the platform Log Analytics workspace that receives the continuous export. */
  readonly workspaceId: string;
  /** Email of the security contact (organization.securityContactEmail). */
  readonly securityContactEmail: string;
  /** Resource group for the continuous export automation (in the workload subscription). */
  readonly resourceGroupName: string;
  readonly location: string;
  /**
   * Enable Defender for Containers (AKS / ML compute clusters, registries).
   * @default false - no container plan; turn on where machine learning is on
   */
  readonly containers?: boolean;
  /**
   * Malware scanning cap per storage account per month, in GB (-1 for no cap).
   * @default 5000 - Microsoft's default cap
   */
  readonly malwareScanningCapGbPerMonth?: number;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * Microsoft Defender for Cloud on a workload subscription: the AI (with prompt evidence), Storage
 * (V2 with on-upload malware scanning and sensitive data discovery), Key Vault, Resource Manager and
 * CSPM plans at Standard, Containers when asked, the security contact, and continuous export of
 * alerts and recommendations to the platform workspace.
 *
 * Terraform owns the plans (Azure Policy only audits them, azure/policy-catalog.ts):
 * - every pricing lists every extension of its plan, because azurerm switches off each extension it is not
 *   given (review F19);
 * - every pricing is adopted with an `import` block: azurerm's create refuses a plan that is already on
 *   (a reused subscription, an enterprise policy, a portal click), while an import adopts Free and Standard
 *   alike (every plan of a subscription answers GET) and is a no-op once the pricing is in state (review F10).
 *   Destroying the stack sets the plans back to Free (provider behaviour).
 */
export class DefenderPlans extends Construct {
  /** The plan resources, by resource type (`AI`, `StorageAccounts`, ...). */
  readonly plans: Readonly<Record<string, AzurermSecurityCenterSubscriptionPricing>>;
  /** Resource ID of the continuous export automation. */
  readonly continuousExportId: string;

  constructor(scope: Construct, id: string, props: DefenderPlansProps) {
    super(scope, id);
    const cap = props.malwareScanningCapGbPerMonth ?? 5000;
    if (!Number.isInteger(cap) || (cap !== -1 && cap < 1)) {
      throw new Error(`DefenderPlans ${id}: malwareScanningCapGbPerMonth is ${cap}; use a positive number of GB or -1 for no cap`);
    }
    const enabled: { key: string; plan: DefenderPlanFact }[] = [
      { key: 'Ai', plan: DEFENDER_PLANS.ai },
      { key: 'StorageAccounts', plan: DEFENDER_PLANS.storage },
      { key: 'KeyVaults', plan: DEFENDER_PLANS.keyVaults },
      { key: 'Arm', plan: DEFENDER_PLANS.arm },
      { key: 'CloudPosture', plan: DEFENDER_PLANS.cloudPosture },
      ...(props.containers ? [{ key: 'Containers', plan: DEFENDER_PLANS.containers }] : []),
    ];
    const plans: Record<string, AzurermSecurityCenterSubscriptionPricing> = {};
    for (const { key, plan } of enabled) {
      const pricing = new AzurermSecurityCenterSubscriptionPricing(this, key, {
        tier: 'Standard',
        resourceType: plan.resourceType,
        ...(plan.subplan ? { subplan: plan.subplan } : {}),
        extension: plan.extensions.map(({ name, properties }) => (name === 'OnUploadMalwareScanning'
          ? { name, additionalExtensionProperties: { CapGBPerMonthPerStorageAccount: String(cap) } }
          : { name, ...(properties ? { additionalExtensionProperties: { ...properties } } : {}) })),
      });
      pricing.importFrom(defenderPricingId(props.subscriptionId, plan.resourceType));
      plans[plan.resourceType] = pricing;
    }
    this.plans = plans;

    new AzurermSecurityCenterContact(this, 'Contact', {
      name: 'default1',
      email: props.securityContactEmail,
      alertNotifications: true,
      alertsToAdmins: true,
    });

    const automation = new AzurermSecurityCenterAutomation(this, 'ContinuousExport', {
      // "ExportToWorkspace" is the name under which the portal shows it as continuous export.
      name: 'ExportToWorkspace',
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      description: 'ailz: Defender for Cloud alerts and recommendations to the platform workspace (Sentinel).',
      enabled: true,
      scopes: [`/subscriptions/${props.subscriptionId}`],
      source: CONTINUOUS_EXPORT_SOURCES.map((eventSource) => ({ eventSource })),
      action: [{ type: 'Workspace', resourceId: props.workspaceId }],
      tags: props.tags ?? {},
    });
    this.continuousExportId = automation.id;
  }
}
