import { Construct } from 'constructs';
import { SentinelLogAnalyticsWorkspaceOnboarding as AzurermSentinelOnboarding } from '@cdktf/provider-azurerm/lib/sentinel-log-analytics-workspace-onboarding';
import { SentinelAlertRuleScheduled as AzurermSentinelAlertRuleScheduled } from '@cdktf/provider-azurerm/lib/sentinel-alert-rule-scheduled';
import { SentinelAlertRuleMsSecurityIncident as AzurermSentinelAlertRuleMsSecurityIncident } from '@cdktf/provider-azurerm/lib/sentinel-alert-rule-ms-security-incident';
import { DEFENDER_INCIDENT_SEVERITIES, DETECTIONS, Detection, mitreProblems, renderDetectionDescription, renderDetectionQuery } from '../../catalog/detections';

export interface SentinelProps {
  /** Resource ID of the Log Analytics workspace to onboard (`LogAnalyticsWorkspace.workspaceId`). */
  readonly workspaceId: string;
  /**
   * Object ids (or UPNs) of the CI/CD deployment identities. Configuration changes, key listings,
   * role and policy changes by these identities do not alert; by anyone else they do.
   * @default [] - every change alerts
   */
  readonly deploymentPrincipalIds?: readonly string[];
  /**
   * The detections to deploy as scheduled analytics rules.
   * @default DETECTIONS - the whole ailz catalog
   */
  readonly detections?: readonly Detection[];
  /**
   * Also create incidents from every High and Medium Microsoft Defender for Cloud alert (Defender
   * for AI, Storage, Key Vault, Resource Manager, ...), one per alert; ailz-det-014 groups the lower
   * severity Defender for AI alerts. Turn off when the Microsoft Defender XDR connector already creates
   * those incidents, or they arrive twice.
   * @default true - Defender for Cloud alerts become Sentinel incidents
   */
  readonly defenderForCloudIncidents?: boolean;
}

/** Construct id of a detection's rule: derived from the catalog's stable id, never from config. */
export function detectionConstructId(detection: Detection): string {
  return `Detection-${detection.id.toUpperCase()}`;
}

/**
 * Microsoft Sentinel on the platform workspace: the onboarding, one scheduled analytics rule per
 * detection of the ailz catalog (each creating incidents, grouped by matching entities), and an
 * incident creation rule for Microsoft Defender for Cloud alerts.
 */
export class Sentinel extends Construct {
  /** Resource ID of the onboarding (the Sentinel instance). */
  readonly onboardingId: string;
  /** The scheduled rules, by detection id. */
  readonly rules: Readonly<Record<string, AzurermSentinelAlertRuleScheduled>>;

  constructor(scope: Construct, id: string, props: SentinelProps) {
    super(scope, id);
    const onboarding = new AzurermSentinelOnboarding(this, 'Resource', { workspaceId: props.workspaceId });
    this.onboardingId = onboarding.id;

    const detections = props.detections ?? DETECTIONS;
    const seen = new Set<string>();
    const rules: Record<string, AzurermSentinelAlertRuleScheduled> = {};
    for (const detection of detections) {
      if (seen.has(detection.id)) throw new Error(`Sentinel ${id}: detection id ${detection.id} appears twice; ids must be unique`);
      seen.add(detection.id);
      const mitre = mitreProblems(detection);
      if (mitre.length > 0) throw new Error(`Sentinel ${id}: detection ${detection.id}: ${mitre.join('; ')}`);
      rules[detection.id] = new AzurermSentinelAlertRuleScheduled(this, detectionConstructId(detection), {
        name: detection.id,
        logAnalyticsWorkspaceId: onboarding.workspaceId,
        displayName: detection.displayName,
        description: renderDetectionDescription(detection),
        severity: detection.severity,
        enabled: true,
        query: renderDetectionQuery(detection, { deploymentPrincipalIds: props.deploymentPrincipalIds }),
        queryFrequency: detection.queryFrequency,
        queryPeriod: detection.queryPeriod,
        triggerOperator: 'GreaterThan',
        triggerThreshold: detection.triggerThreshold,
        suppressionEnabled: false,
        tactics: [...detection.tactics].sort(),
        // Parent ids only: the Sentinel API rejects sub-techniques here (they are in the description).
        techniques: [...new Set(detection.techniques)].sort(),
        eventGrouping: { aggregationMethod: 'AlertPerResult' },
        entityMapping: detection.entityMappings.map((m) => ({
          entityType: m.entityType,
          fieldMapping: m.fieldMappings.map((f) => ({ identifier: f.identifier, columnName: f.columnName })),
        })),
        incident: {
          createIncidentEnabled: true,
          grouping: {
            // One incident per set of identical entities (same caller, IP, resource) within 6 hours,
            // so a burst becomes one incident and different callers stay apart.
            enabled: true,
            entityMatchingMethod: 'AllEntities',
            lookbackDuration: 'PT6H',
            reopenClosedIncidents: false,
          },
        },
        dependsOn: [onboarding],
      });
    }
    this.rules = rules;

    if (props.defenderForCloudIncidents ?? true) {
      new AzurermSentinelAlertRuleMsSecurityIncident(this, 'DefenderForCloudIncidents', {
        name: 'ailz-defender-for-cloud-incidents',
        logAnalyticsWorkspaceId: onboarding.workspaceId,
        displayName: 'Create incidents from Microsoft Defender for Cloud alerts',
        description: 'Every High and Medium Defender for Cloud alert (Defender for AI, Storage, Key Vault, Resource Manager, Containers) becomes a Sentinel incident.',
        // "Azure Security Center" is the product name Defender for Cloud alerts carry (azurerm product_filter values).
        productFilter: 'Azure Security Center',
        // ailz-det-014 takes the Defender for AI alerts of the other severities: one incident per alert.
        severityFilter: [...DEFENDER_INCIDENT_SEVERITIES],
        enabled: true,
        dependsOn: [onboarding],
      });
    }
  }
}
