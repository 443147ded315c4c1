import { Construct } from 'constructs';
import { ApplicationInsights as AzurermApplicationInsights } from '@cdktf/provider-azurerm/lib/application-insights';

export interface ApplicationInsightsProps {
  /** `appi-...` */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** The platform Log Analytics workspace that stores the telemetry (workspace-based component). */
  readonly logAnalyticsWorkspaceId: string;
  /**
   * Accept telemetry from public networks.
   * @default false - ingestion only through an Azure Monitor Private Link Scope (AMPLS) of the platform
   */
  readonly internetIngestion?: boolean;
  /**
   * Allow queries from public networks.
   * @default false - query through the Log Analytics workspace (where the data lives) or an AMPLS
   */
  readonly internetQuery?: boolean;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * A workspace-based Application Insights component (what an ML workspace requires): telemetry lands
 * in the platform Log Analytics workspace, local (instrumentation key) authentication is off so only
 * Entra ID identities with Monitoring Metrics Publisher can send, and public ingestion and query are off.
 *
 * No diagnostic setting: a workspace-based component already writes all its telemetry to the Log
 * Analytics workspace; a diagnostic setting would only duplicate it. The connection string and
 * instrumentation key are never exposed by this construct.
 */
export class ApplicationInsights extends Construct {
  readonly id: string;
  readonly resource: AzurermApplicationInsights;

  constructor(scope: Construct, id: string, props: ApplicationInsightsProps) {
    super(scope, id);
    this.resource = new AzurermApplicationInsights(this, 'Resource', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      applicationType: 'web',
      workspaceId: props.logAnalyticsWorkspaceId,
      localAuthenticationDisabled: true,
      internetIngestionEnabled: props.internetIngestion ?? false,
      internetQueryEnabled: props.internetQuery ?? false,
      // IP addresses in telemetry stay masked (personal data).
      disableIpMasking: false,
      tags: props.tags ?? {},
    });
    this.id = this.resource.id;
  }
}
