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

/**
 * The activity-log categories a management group's diagnostic setting can export: Administrative (writes and
 * deletes at the group: policy assignments and exemptions, role assignments, subscription placement) and
 * Policy. Source: azurerm v4.55.0 acceptance test TestAccMonitorDiagnosticSetting_managementGroup
 * (internal/services/monitor/monitor_diagnostic_setting_resource_test.go:1541-1575), which creates exactly
 * these on a management group; the REST API is "Management Group Diagnostic Settings - Create Or Update".
 */
export const MANAGEMENT_GROUP_ACTIVITY_LOG_CATEGORIES = ['Administrative', 'Policy'] as const;

export interface ManagementGroupActivityExportProps {
  /** Resource ID of the management group (`/providers/Microsoft.Management/managementGroups/<name>`). */
  readonly managementGroupId: string;
  /** Resource ID of the (platform) Log Analytics workspace. */
  readonly workspaceId: string;
  /**
   * Diagnostic setting name (unique per management group).
   * @default 'ailz-activity-log'
   */
  readonly name?: string;
}

/**
 * Sends a management group's activity log to the platform workspace (`AzureActivity`). Operations at a
 * management group (ailz's policy assignments and exemptions live there) are not in any subscription's
 * activity log, so the governance-change detection (ailz-det-010) needs this export (review F17).
 */
export class ManagementGroupActivityExport extends Construct {
  readonly diagnosticSettingId: string;

  constructor(scope: Construct, id: string, props: ManagementGroupActivityExportProps) {
    super(scope, id);
    const setting = new AzurermMonitorDiagnosticSetting(this, 'Resource', {
      name: props.name ?? 'ailz-activity-log',
      targetResourceId: props.managementGroupId,
      logAnalyticsWorkspaceId: props.workspaceId,
      enabledLog: MANAGEMENT_GROUP_ACTIVITY_LOG_CATEGORIES.map((category) => ({ category })),
    });
    this.diagnosticSettingId = setting.id;
  }
}
