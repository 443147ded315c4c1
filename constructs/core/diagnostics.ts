import { Construct } from 'constructs';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';

/** The diagnostic setting name ailz uses on every resource (names are unique per target resource). */
export const DIAGNOSTIC_SETTING_NAME = 'diag-ailz-to-log-analytics';

export interface DiagnosticSettingsProps {
  /** ID of the resource whose logs and metrics are sent. */
  readonly targetResourceId: string;
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
 * (`AzureDiagnostics` for most services), which the Sentinel detections query. The one helper every construct uses, so no resource is
 * forgotten and every setting looks the same to the guardrails.
 */
export class DiagnosticSettings extends Construct {
  readonly id: string;

  constructor(scope: Construct, id: string, props: DiagnosticSettingsProps) {
    super(scope, id);
    const logs = props.logCategoryGroups ?? ['allLogs'];
    const metrics = props.metricCategories ?? ['AllMetrics'];
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
