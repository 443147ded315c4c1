import { Construct } from 'constructs';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';
import { AzapiResource } from './azapi';
import { ARM_TYPES } from '../../azure/arm-types';
import { DIAGNOSTIC_SETTING_NAME, POLICY_CATALOG } from '../../azure/policy-catalog';
import { existenceFact } from '../../azure/policy-existence';

/** The diagnostic setting name ailz uses on every resource (names are unique per target resource). */
export { DIAGNOSTIC_SETTING_NAME };

/**
 * ARM types (lower case) whose diagnostic settings a category-group DeployIfNotExists built-in of the ailz
 * policy catalog governs ("Enable logging by category group for ..."): Cognitive Services, Key Vault, ML
 * workspaces. Their existence condition wants exactly one `audit` entry and one `allLogs` entry, the one
 * matching the assignment's `categoryGroup` enabled and the other present but disabled.
 */
export const CATEGORY_GROUP_GOVERNED_TYPES: ReadonlySet<string> = new Set(POLICY_CATALOG
  .filter((e) => 'categoryGroup' in e.parameters)
  .map((e) => existenceFact(e.policyDefinitionId)?.resourceType.toLowerCase())
  .filter((t): t is string => t !== undefined));

export interface DiagnosticSettingsProps {
  /** ID of the resource whose logs and metrics are sent. */
  readonly targetResourceId: string;
  /**
   * ARM type of that resource (`Microsoft.KeyVault/vaults`). Types a category-group policy of the ailz
   * catalog governs get the policy's own shape, written through azapi (see the class comment).
   * @default undefined - the setting is written with azurerm
   */
  readonly targetType?: string;
  /** ID of the (platform) Log Analytics workspace that receives them. */
  readonly logAnalyticsWorkspaceId: string;
  /**
   * Log category groups to send.
   * @default ['allLogs'] - every category, so Azure OpenAI `RequestResponse`, `Trace` and
   * `AzureOpenAIRequestUsage` are included, not only `audit`
   */
  readonly logCategoryGroups?: readonly string[];
  /**
   * Metric categories to send.
   * @default ['AllMetrics']
   */
  readonly metricCategories?: readonly string[];
}

/**
 * Sends a resource's logs and metrics to Log Analytics. The destination table is Azure's default
 * (`AzureDiagnostics` for most services), which the Sentinel detections query. The one helper every
 * construct uses, so no resource is forgotten and every setting looks the same to the guardrails.
 *
 * Terraform owns the diagnostic settings; the DeployIfNotExists diagnostics policies stay assigned as a
 * safety net for resources Terraform does not configure, and must see Terraform's setting as compliant
 * (review F15). For a type a category-group built-in governs, the setting is therefore written exactly as
 * that built-in deploys it: `audit` disabled, `allLogs` enabled, through azapi
 * (`Microsoft.Insights/diagnosticSettings@2021-05-01-preview`), because azurerm 4.55 sends only enabled
 * entries. A setting azurerm wrote before under the same construct path is moved to it (`moved`; azapi 2.12
 * adopts `azurerm_monitor_diagnostic_setting` state, internal/services/parse/azurerm_resource_id.go), not
 * destroyed and re-created.
 */
export class DiagnosticSettings extends Construct {
  readonly id: string;

  constructor(scope: Construct, id: string, props: DiagnosticSettingsProps) {
    super(scope, id);
    const logs = props.logCategoryGroups ?? ['allLogs'];
    const metrics = props.metricCategories ?? ['AllMetrics'];
    if (props.targetType && CATEGORY_GROUP_GOVERNED_TYPES.has(props.targetType.toLowerCase())) {
      if (logs.length !== 1 || logs[0] !== 'allLogs') {
        throw new Error(`DiagnosticSettings ${id}: ${props.targetType} is governed by a category-group policy that expects allLogs; logCategoryGroups is ${JSON.stringify(logs)}`);
      }
      const setting = new AzapiResource(this, 'Resource', {
        arm: ARM_TYPES.diagnosticSettings,
        name: DIAGNOSTIC_SETTING_NAME,
        parentId: props.targetResourceId,
        body: {
          properties: {
            workspaceId: props.logAnalyticsWorkspaceId,
            // The built-in's own shape: both groups present, only allLogs on (its existence condition counts each once).
            logs: [{ categoryGroup: 'audit', enabled: false }, { categoryGroup: 'allLogs', enabled: true }],
            metrics: metrics.map((category) => ({ category, enabled: true })),
          },
        },
      });
      setting.moveFromId(`azurerm_monitor_diagnostic_setting.${setting.friendlyUniqueId}`);
      this.id = setting.id;
      return;
    }
    const setting = new MonitorDiagnosticSetting(this, 'Resource', {
      name: DIAGNOSTIC_SETTING_NAME,
      targetResourceId: props.targetResourceId,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      enabledLog: logs.map((categoryGroup) => ({ categoryGroup })),
      enabledMetric: metrics.map((category) => ({ category })),
    });
    this.id = setting.id;
  }
}
