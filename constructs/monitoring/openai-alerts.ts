import { Construct } from 'constructs';
import { MonitorMetricAlert as AzurermMonitorMetricAlert } from '@cdktf/provider-azurerm/lib/monitor-metric-alert';

/**
 * Metric names and dimensions of Microsoft.CognitiveServices/accounts, from Microsoft's
 * "Supported metrics for Microsoft.CognitiveServices/accounts"
 * (learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-cognitiveservices-accounts-metrics).
 * The legacy ClientErrors / ServerErrors / BlockedCalls metrics are documented "Do not use for
 * Azure OpenAI service", so errors are read from AzureOpenAIRequests split by StatusCode.
 */
export const COGNITIVE_SERVICES_METRIC_NAMESPACE = 'Microsoft.CognitiveServices/accounts';
export const OPENAI_METRICS = {
  /** "Azure OpenAI Requests", Total; dimensions include StatusCode and ModelDeploymentName. */
  requests: 'AzureOpenAIRequests',
  /** "Processed Inference Tokens" (prompt + generated), Total. */
  tokens: 'TokenTransaction',
  /** "Blocked Volume": calls rejected by the content filter, Total. */
  contentFilterBlocks: 'RAIRejectedRequests',
} as const;

export interface OpenAiAlertsProps {
  /** Resource ID of the Azure OpenAI / AI Services account. */
  readonly accountId: string;
  /** Resource ID of the action group to notify (`SecurityActionGroup.actionGroupId`). */
  readonly actionGroupId: string;
  /** Resource group the alert rules live in. */
  readonly resourceGroupName: string;
  /** Prefix of the alert rule names, usually the account name (`oai-...`). */
  readonly namePrefix: string;
  /**
   * Throttled (429) requests in 5 minutes that raise the throttling alert.
   * @default 50
   */
  readonly throttledRequestsThreshold?: number;
  /**
   * Server error (5xx) responses in 5 minutes that raise the server error alert.
   * @default 10
   */
  readonly serverErrorsThreshold?: number;
  /**
   * Content-filter rejections in 15 minutes that raise the blocked-prompts alert (a burst of
   * blocked prompts is what a jailbreak or prompt injection campaign looks like from metrics).
   * @default 20
   */
  readonly contentFilterBlocksThreshold?: number;
  /**
   * Sensitivity of the dynamic (learned baseline) threshold on token volume.
   * @default 'Medium'
   */
  readonly tokenVolumeSensitivity?: 'Low' | 'Medium' | 'High';
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * Azure Monitor metric alerts on one Azure OpenAI account: throttling, server errors, unusual token
 * volume (dynamic threshold) and content-filter rejections, all to the security action group.
 */
export class OpenAiAlerts extends Construct {
  readonly throttling: AzurermMonitorMetricAlert;
  readonly serverErrors: AzurermMonitorMetricAlert;
  readonly tokenVolume: AzurermMonitorMetricAlert;
  readonly contentFilterBlocks: AzurermMonitorMetricAlert;

  constructor(scope: Construct, id: string, props: OpenAiAlertsProps) {
    super(scope, id);
    const common = {
      resourceGroupName: props.resourceGroupName,
      scopes: [props.accountId],
      autoMitigate: true,
      enabled: true,
      action: [{ actionGroupId: props.actionGroupId }],
      tags: props.tags ?? {},
    };
    const requests = (operator: string, threshold: number, statusCodes: string[]) => [{
      metricNamespace: COGNITIVE_SERVICES_METRIC_NAMESPACE,
      metricName: OPENAI_METRICS.requests,
      aggregation: 'Total',
      operator,
      threshold,
      dimension: [{ name: 'StatusCode', operator: 'Include', values: statusCodes }],
    }];

    this.throttling = new AzurermMonitorMetricAlert(this, 'Throttling', {
      ...common,
      name: `${props.namePrefix}-throttling`,
      description: 'Azure OpenAI is throttling (HTTP 429): quota exhausted by load or by abuse. Check which identity drives the load (Sentinel ailz-det-001/005).',
      severity: 2,
      frequency: 'PT1M',
      windowSize: 'PT5M',
      criteria: requests('GreaterThan', props.throttledRequestsThreshold ?? 50, ['429']),
    });

    this.serverErrors = new AzurermMonitorMetricAlert(this, 'ServerErrors', {
      ...common,
      name: `${props.namePrefix}-server-errors`,
      description: 'Azure OpenAI returns server errors (HTTP 5xx). Check Azure Service Health and the deployment status.',
      severity: 1,
      frequency: 'PT1M',
      windowSize: 'PT5M',
      criteria: requests('GreaterThan', props.serverErrorsThreshold ?? 10, ['500', '502', '503', '504']),
    });

    this.tokenVolume = new AzurermMonitorMetricAlert(this, 'TokenVolume', {
      ...common,
      name: `${props.namePrefix}-token-volume`,
      description: 'Token volume is above the learned baseline: possible model extraction or wallet abuse. See Sentinel ailz-det-003/004.',
      severity: 2,
      frequency: 'PT5M',
      windowSize: 'PT15M',
      dynamicCriteria: {
        metricNamespace: COGNITIVE_SERVICES_METRIC_NAMESPACE,
        metricName: OPENAI_METRICS.tokens,
        aggregation: 'Total',
        operator: 'GreaterThan',
        alertSensitivity: props.tokenVolumeSensitivity ?? 'Medium',
        evaluationTotalCount: 4,
        evaluationFailureCount: 2,
      },
    });

    this.contentFilterBlocks = new AzurermMonitorMetricAlert(this, 'ContentFilterBlocks', {
      ...common,
      name: `${props.namePrefix}-content-filter-blocks`,
      description: 'Many prompts were rejected by the content filter: a jailbreak or prompt injection campaign, or a broken client. Check Defender for AI alerts.',
      severity: 2,
      frequency: 'PT5M',
      windowSize: 'PT15M',
      criteria: [{
        metricNamespace: COGNITIVE_SERVICES_METRIC_NAMESPACE,
        metricName: OPENAI_METRICS.contentFilterBlocks,
        aggregation: 'Total',
        operator: 'GreaterThan',
        threshold: props.contentFilterBlocksThreshold ?? 20,
      }],
    });
  }
}
