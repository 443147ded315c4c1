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
   * Accept telemetry over the public ingestion endpoint (Entra ID tokens only: local auth is off).
   * @default true - without an Azure Monitor Private Link Scope, which ailz does not deploy, a component
   * closed to public ingestion receives nothing (review F18); set false only when the component is linked
   * to an AMPLS (the guardrails report it otherwise)
   */
  readonly internetIngestion?: boolean;
  /**
   * Allow queries over the public query endpoint (Entra ID and Azure RBAC only).
   * @default true - as for ingestion: closed without an AMPLS, the portal and ML studio show nothing
   */
  readonly internetQuery?: boolean;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * A workspace-based Application Insights component (what an ML workspace requires): telemetry lands
 * in the platform Log Analytics workspace, and local (instrumentation key) authentication is off so only
 * Entra ID identities with Monitoring Metrics Publisher can send. Ingestion and query use the public
 * endpoints (as the platform Log Analytics workspace does): private-only ingestion needs an Azure Monitor
 * Private Link Scope with its DNS zones, a hub-wide change ailz does not make (README "Decisions and known limits").
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
      internetIngestionEnabled: props.internetIngestion ?? true,
      internetQueryEnabled: props.internetQuery ?? true,
      // IP addresses in telemetry stay masked (personal data).
      disableIpMasking: false,
      tags: props.tags ?? {},
    });
    this.id = this.resource.id;
  }
}
