import { Construct } from 'constructs';
import { LogAnalyticsWorkspace as AzurermLogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace';
import { DiagnosticSettings } from '../core/diagnostics';

export interface LogAnalyticsWorkspaceProps {
  readonly name: string;
  readonly resourceGroupName: string;
  readonly location: string;
  /**
   * Days of interactive retention, 30 to 730 (azurerm `retention_in_days`).
   * @default 90 - the period Sentinel includes at no retention charge
   */
  readonly retentionInDays?: number;
  /**
   * Daily ingestion cap in GB. A cap stops ingestion (and so detection) for the rest of the day
   * once reached: set it only where cost must win over visibility.
   * @default undefined - no cap (Azure's -1)
   */
  readonly dailyQuotaGb?: number;
  /**
   * Accept ingestion over public endpoints. Diagnostic settings of Azure resources use the Azure
   * backbone either way; agents (AMA) and the Logs Ingestion API need this until an Azure Monitor
   * Private Link Scope (AMPLS) is linked, so turning it off without one loses data.
   * @default true - ingestion works without an AMPLS; access is still Entra-only (local auth off)
   */
  readonly internetIngestionEnabled?: boolean;
  /**
   * Accept queries over public endpoints. Off, analysts can only query (and use the Sentinel
   * portal) from networks reaching an AMPLS private endpoint; scheduled analytics rules keep running.
   * @default true - the SOC can work from the portal; queries still need Entra ID and workspace RBAC
   */
  readonly internetQueryEnabled?: boolean;
  /**
   * Let users read the logs of resources they can read (resource-context access) without a role
   * on the workspace. Off, only principals granted on the workspace read it: this is the security
   * workspace, it holds every subscription's activity log and Sentinel's data.
   * @default false - workspace permissions only
   */
  readonly resourceContextAccess?: boolean;
  /**
   * Where the workspace's own logs (LAQueryLogs: who queried what) and metrics go.
   * @default this workspace - the security workspace audits itself
   */
  readonly diagnosticsWorkspaceId?: string;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * The platform Log Analytics workspace, hardened: Entra-only access (local/shared-key auth off),
 * workspace-permission access mode, PerGB2018, retention from config, optional daily cap, and its
 * own logs (allLogs: the query audit log LAQueryLogs, so reads of security data are themselves
 * logged) and metrics sent to itself through the shared `DiagnosticSettings` helper.
 */
export class LogAnalyticsWorkspace extends Construct {
  /** Azure resource ID of the workspace (what diagnostic settings, Sentinel and Defender take). */
  readonly workspaceId: string;
  /** The workspace (customer) GUID that agents and the query API use. */
  readonly customerId: string;
  readonly name: string;
  readonly resource: AzurermLogAnalyticsWorkspace;

  constructor(scope: Construct, id: string, props: LogAnalyticsWorkspaceProps) {
    super(scope, id);
    const retention = props.retentionInDays ?? 90;
    if (!Number.isInteger(retention) || retention < 30 || retention > 730) {
      throw new Error(`LogAnalyticsWorkspace ${id}: retentionInDays is ${retention}; Azure allows an integer from 30 to 730`);
    }
    if (props.dailyQuotaGb !== undefined && !(props.dailyQuotaGb > 0)) {
      throw new Error(`LogAnalyticsWorkspace ${id}: dailyQuotaGb is ${props.dailyQuotaGb}; use a positive number of GB, or leave it out for no cap`);
    }

    this.resource = new AzurermLogAnalyticsWorkspace(this, 'Resource', {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      sku: 'PerGB2018',
      retentionInDays: retention,
      ...(props.dailyQuotaGb !== undefined ? { dailyQuotaGb: props.dailyQuotaGb } : {}),
      // azurerm 4.x: `local_authentication_enabled` replaces the deprecated `local_authentication_disabled`.
      localAuthenticationEnabled: false,
      allowResourceOnlyPermissions: props.resourceContextAccess ?? false,
      internetIngestionEnabled: props.internetIngestionEnabled ?? true,
      internetQueryEnabled: props.internetQueryEnabled ?? true,
      tags: props.tags ?? {},
    });
    this.workspaceId = this.resource.id;
    this.customerId = this.resource.workspaceId;
    this.name = this.resource.name;

    new DiagnosticSettings(this, 'Diagnostics', { targetResourceId: this.resource.id, logAnalyticsWorkspaceId: props.diagnosticsWorkspaceId ?? this.resource.id });
  }
}
