import { Construct } from 'constructs';
import { MonitorDiagnosticSetting as AzurermMonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting';

/**
 * Every category of the Azure activity log at subscription scope
 * (learn.microsoft.com/azure/azure-monitor/essentials/activity-log-schema#categories).
 */
export const ACTIVITY_LOG_CATEGORIES = [
  'Administrative', 'Alert', 'Autoscale', 'Policy', 'Recommendation', 'ResourceHealth', 'Security', 'ServiceHealth',
] as const;

export interface ActivityLogExportProps {
  /** The subscription GUID whose activity log is exported. */
  readonly subscriptionId: string;
  /** Resource ID of the (platform) Log Analytics workspace. */
  readonly workspaceId: string;
  /**
   * Diagnostic setting name (unique per subscription).
   * @default 'ailz-activity-log'
   */
  readonly name?: string;
}

/**
 * Sends a subscription's whole activity log (all eight categories) to the platform workspace, where
 * it becomes the `AzureActivity` table the configuration-change detections read.
 */
export class ActivityLogExport extends Construct {
  /** Resource ID of the diagnostic setting. */
  readonly diagnosticSettingId: string;

  constructor(scope: Construct, id: string, props: ActivityLogExportProps) {
    super(scope, id);
    const setting = new AzurermMonitorDiagnosticSetting(this, 'Resource', {
      name: props.name ?? 'ailz-activity-log',
      targetResourceId: `/subscriptions/${props.subscriptionId}`,
      logAnalyticsWorkspaceId: props.workspaceId,
      enabledLog: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category })),
    });
    this.diagnosticSettingId = setting.id;
  }
}
