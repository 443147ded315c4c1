import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import { LogAnalyticsWorkspace } from '../../constructs/monitoring/log-analytics-workspace';
import { Sentinel, detectionConstructId } from '../../constructs/monitoring/sentinel';
import { DETECTIONS, renderDetectionDescription, renderDetectionQuery } from '../../catalog/detections';
import { SecurityActionGroup } from '../../constructs/monitoring/action-group';
import { OpenAiAlerts } from '../../constructs/monitoring/openai-alerts';
import { DefenderPlans, DEFENDER_PLANS } from '../../constructs/monitoring/defender';
import { ActivityLogExport, ACTIVITY_LOG_CATEGORIES, ManagementGroupActivityExport } from '../../constructs/monitoring/activity-log';
import { TEST_AS_OF } from '../as-of';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Resources = Record<string, Record<string, any>>;

function synth(build: (scope: Construct) => void): Resources {
  return JSON.parse(Testing.synthScope((scope) => { build(scope); })).resource;
}
function only(resources: Resources, type: string): any {
  const all = Object.values(resources[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
}

const WS = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-platform/providers/Microsoft.OperationalInsights/workspaces/log-ailz';
const ACCOUNT = '/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-chat/providers/Microsoft.CognitiveServices/accounts/oai-chat';
const AG = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-platform/providers/Microsoft.Insights/actionGroups/ag-sec';
const TAGS = { managedBy: 'ailz', workload: 'platform' };

describe('LogAnalyticsWorkspace', () => {
  const base = { name: 'log-ailz', resourceGroupName: 'rg-platform', location: 'swedencentral', tags: TAGS };

  it('is hardened by default: Entra-only, workspace permissions, PerGB2018, 90 days, no cap', () => {
    const r = synth((s) => new LogAnalyticsWorkspace(s, 'Workspace', base));
    const ws = only(r, 'azurerm_log_analytics_workspace');
    expect(ws).toMatchObject({
      name: 'log-ailz', sku: 'PerGB2018', retention_in_days: 90, local_authentication_enabled: false,
      allow_resource_only_permissions: false, internet_ingestion_enabled: true, internet_query_enabled: true, tags: TAGS,
    });
    expect(ws.local_authentication_disabled).toBeUndefined();
    expect(ws.daily_quota_gb).toBeUndefined();
  });

  it('takes retention and a daily cap from props', () => {
    const ws = only(synth((s) => new LogAnalyticsWorkspace(s, 'Workspace', { ...base, retentionInDays: 365, dailyQuotaGb: 20 })), 'azurerm_log_analytics_workspace');
    expect(ws).toMatchObject({ retention_in_days: 365, daily_quota_gb: 20 });
  });

  it('sends its own logs (query audit) and metrics to itself', () => {
    const r = synth((s) => new LogAnalyticsWorkspace(s, 'Workspace', base));
    const diag = only(r, 'azurerm_monitor_diagnostic_setting');
    expect(diag.target_resource_id).toMatch(/^\$\{azurerm_log_analytics_workspace\.[^.]+\.id\}$/);
    expect(diag.log_analytics_workspace_id).toBe(diag.target_resource_id);
    expect(diag.enabled_log).toEqual([{ category_group: 'allLogs' }]);
    expect(diag.enabled_metric).toEqual([{ category: 'AllMetrics' }]);
  });

  it('uses Resource as the id of the workspace', () => {
    let ws: LogAnalyticsWorkspace | undefined;
    synth((s) => { ws = new LogAnalyticsWorkspace(s, 'Workspace', base); });
    expect(ws!.node.findChild('Resource')).toBe(ws!.resource);
  });

  it.each([29, 731, 90.5])('rejects retention %p with the allowed range', (retentionInDays) => {
    expect(() => synth((s) => new LogAnalyticsWorkspace(s, 'Workspace', { ...base, retentionInDays })))
      .toThrow(/retentionInDays is .*; Azure allows an integer from 30 to 730/);
  });

  it('rejects a non-positive daily cap', () => {
    expect(() => synth((s) => new LogAnalyticsWorkspace(s, 'Workspace', { ...base, dailyQuotaGb: 0 }))).toThrow(/dailyQuotaGb is 0/);
  });
});

describe('Sentinel', () => {
  const r = synth((s) => new Sentinel(s, 'Sentinel', { workspaceId: WS, deploymentPrincipalIds: ['11111111-2222-3333-4444-555555555555'] }));
  const rules = r.azurerm_sentinel_alert_rule_scheduled;

  it('onboards the workspace', () => {
    expect(only(r, 'azurerm_sentinel_log_analytics_workspace_onboarding').workspace_id).toBe(WS);
  });

  it('creates one scheduled rule per detection, named by the stable id and addressed by it', () => {
    expect(Object.keys(rules)).toHaveLength(DETECTIONS.length);
    for (const d of DETECTIONS) {
      const [address] = Object.entries(rules).find(([, x]: [string, any]) => x.name === d.id)!;
      expect(address.startsWith(`Sentinel_${detectionConstructId(d)}_`)).toBe(true);
    }
    expect(detectionConstructId(DETECTIONS[0])).toBe('Detection-AILZ-DET-001');
  });

  it.each(DETECTIONS.map((d) => [d.id, d] as const))('%s carries query, schedule, MITRE, entities and incident grouping', (_id, d) => {
    const rule: any = Object.values(rules).find((x: any) => x.name === d.id);
    expect(rule).toMatchObject({
      display_name: d.displayName,
      description: renderDetectionDescription(d),
      severity: d.severity,
      enabled: true,
      query: renderDetectionQuery(d, { deploymentPrincipalIds: ['11111111-2222-3333-4444-555555555555'] }),
      query_frequency: d.queryFrequency,
      query_period: d.queryPeriod,
      trigger_operator: 'GreaterThan',
      trigger_threshold: d.triggerThreshold,
      tactics: [...d.tactics].sort(),
      techniques: [...d.techniques].sort(),
      event_grouping: { aggregation_method: 'AlertPerResult' },
      incident: { create_incident_enabled: true, grouping: { enabled: true, entity_matching_method: 'AllEntities', lookback_duration: 'PT6H', reopen_closed_incidents: false } },
    });
    expect(rule.log_analytics_workspace_id).toMatch(/^\$\{azurerm_sentinel_log_analytics_workspace_onboarding\.[^.]+\.workspace_id\}$/);
    expect(rule.depends_on).toEqual([expect.stringMatching(/^azurerm_sentinel_log_analytics_workspace_onboarding\./)]);
    expect(rule.entity_mapping).toEqual(d.entityMappings.map((m) => ({
      entity_type: m.entityType,
      field_mapping: m.fieldMappings.map((f) => ({ identifier: f.identifier, column_name: f.columnName })),
    })));
  });

  it('bakes the deployment allow-list into the configuration-change rules only', () => {
    const withList = Object.values(rules).filter((x: any) => x.query.includes('11111111-2222-3333-4444-555555555555'));
    expect(withList.map((x: any) => x.name).sort()).toEqual(DETECTIONS.filter((d) => d.usesDeploymentAllowList).map((d) => d.id).sort());
  });

  it('creates incidents from Defender for Cloud alerts', () => {
    expect(only(r, 'azurerm_sentinel_alert_rule_ms_security_incident')).toMatchObject({
      product_filter: 'Azure Security Center', severity_filter: ['High', 'Medium'], enabled: true,
    });
  });

  it('can leave Defender incidents to the Defender XDR connector', () => {
    const r2 = synth((s) => new Sentinel(s, 'Sentinel', { workspaceId: WS, defenderForCloudIncidents: false }));
    expect(r2.azurerm_sentinel_alert_rule_ms_security_incident).toBeUndefined();
  });

  it('synthesizes the reviewed rule set (snapshot: every query change shows up in review)', () => {
    expect(r).toMatchSnapshot();
  });

  it('refuses a detection with a sub-technique in techniques (Sentinel rejects it at apply)', () => {
    expect(() => synth((s) => new Sentinel(s, 'Sentinel', { workspaceId: WS, detections: [{ ...DETECTIONS[0], techniques: ['T1078.004'] }] })))
      .toThrow(/ailz-det-001: technique "T1078\.004" is not a parent technique id/);
  });

  it('refuses duplicate detection ids', () => {
    expect(() => synth((s) => new Sentinel(s, 'Sentinel', { workspaceId: WS, detections: [DETECTIONS[0], DETECTIONS[0]] })))
      .toThrow(/ailz-det-001 appears twice/);
  });
});

describe('SecurityActionGroup', () => {
  it('emails the security contact with the common alert schema', () => {
    const r = synth((s) => new SecurityActionGroup(s, 'Alerts', { name: 'ag-sec', resourceGroupName: 'rg-platform', emails: ['soc@contoso.com'], tags: TAGS }));
    expect(only(r, 'azurerm_monitor_action_group')).toMatchObject({
      name: 'ag-sec', short_name: 'ailz-sec', location: 'global', enabled: true, tags: TAGS,
      email_receiver: [{ name: 'security-contact-1', email_address: 'soc@contoso.com', use_common_alert_schema: true }],
    });
  });

  it('rejects a short name Azure would refuse', () => {
    expect(() => synth((s) => new SecurityActionGroup(s, 'Alerts', { name: 'ag', resourceGroupName: 'rg', emails: ['a@b.c'], shortName: 'way-too-long-name' })))
      .toThrow(/has 17 characters; Azure allows 1 to 12/);
  });
});

describe('OpenAiAlerts', () => {
  const r = synth((s) => new OpenAiAlerts(s, 'Alerts', { accountId: ACCOUNT, actionGroupId: AG, resourceGroupName: 'rg-chat', namePrefix: 'oai-chat', tags: TAGS }));
  const alerts = Object.values(r.azurerm_monitor_metric_alert) as any[];
  const byName = (n: string) => alerts.find((a) => a.name === n);

  it('targets the account and notifies the action group', () => {
    expect(alerts).toHaveLength(4);
    for (const a of alerts) {
      expect(a).toMatchObject({ scopes: [ACCOUNT], action: [{ action_group_id: AG }], auto_mitigate: true, tags: TAGS });
    }
  });

  it('alerts on throttling and server errors from AzureOpenAIRequests split by StatusCode', () => {
    expect(byName('oai-chat-throttling').criteria).toEqual([{
      metric_namespace: 'Microsoft.CognitiveServices/accounts', metric_name: 'AzureOpenAIRequests', aggregation: 'Total',
      operator: 'GreaterThan', threshold: 50, dimension: [{ name: 'StatusCode', operator: 'Include', values: ['429'] }],
    }]);
    expect(byName('oai-chat-server-errors').criteria[0]).toMatchObject({
      metric_name: 'AzureOpenAIRequests', threshold: 10, dimension: [{ name: 'StatusCode', operator: 'Include', values: ['500', '502', '503', '504'] }],
    });
  });

  it('alerts on unusual token volume with a dynamic threshold, and on content-filter bursts', () => {
    expect(byName('oai-chat-token-volume').dynamic_criteria).toMatchObject({
      metric_namespace: 'Microsoft.CognitiveServices/accounts', metric_name: 'TokenTransaction', aggregation: 'Total',
      operator: 'GreaterThan', alert_sensitivity: 'Medium',
    });
    expect(byName('oai-chat-content-filter-blocks').criteria[0]).toMatchObject({ metric_name: 'RAIRejectedRequests', threshold: 20 });
  });
});

describe('DefenderPlans', () => {
  const props = {
    subscriptionId: '00000000-0000-0000-0000-000000000002', workspaceId: WS, securityContactEmail: 'soc@contoso.com',
    resourceGroupName: 'rg-security', location: 'swedencentral', tags: TAGS,
  };
  const plansOf = (r: Resources) => Object.fromEntries((Object.values(r.azurerm_security_center_subscription_pricing) as any[]).map((p) => [p.resource_type, p]));

  it('turns on the AI, Storage, Key Vault, Resource Manager and CSPM plans at Standard', () => {
    const plans = plansOf(synth((s) => new DefenderPlans(s, 'Defender', props)));
    expect(Object.keys(plans).sort()).toEqual(['AI', 'Arm', 'CloudPosture', 'KeyVaults', 'StorageAccounts']);
    for (const p of Object.values(plans) as any[]) expect(p.tier).toBe('Standard');
    expect(plans.AI.extension).toEqual([{ name: 'AIPromptEvidence' }, { name: 'AIPromptSharingWithPurview' }]);
    expect(plans.StorageAccounts.subplan).toBe('DefenderForStorageV2');
    expect(plans.StorageAccounts.extension).toEqual([
      { name: 'OnUploadMalwareScanning', additional_extension_properties: { CapGBPerMonthPerStorageAccount: '5000' } },
      { name: 'SensitiveDataDiscovery' },
    ]);
    expect(plans.CloudPosture.extension.map((e: any) => e.name)).toEqual([
      'SensitiveDataDiscovery', 'ContainerRegistriesVulnerabilityAssessments', 'AgentlessDiscoveryForKubernetes', 'AgentlessVmScanning', 'EntraPermissionsManagement',
    ]);
    expect(plans.CloudPosture.extension.find((e: any) => e.name === 'AgentlessVmScanning').additional_extension_properties).toEqual({ ExclusionTags: '[]' });
  });

  it('adopts every pricing with an import block (create refuses a plan that is already on)', () => {
    const json = JSON.parse(Testing.synthScope((s) => { new DefenderPlans(s, 'Defender', props); }));
    const pricings = Object.entries<any>(json.resource.azurerm_security_center_subscription_pricing);
    expect(json.import).toHaveLength(pricings.length);
    for (const [name, p] of pricings) {
      expect(json.import).toContainEqual({ to: `azurerm_security_center_subscription_pricing.${name}`, id: `/subscriptions/${props.subscriptionId}/providers/Microsoft.Security/pricings/${p.resource_type}` });
    }
  });

  it('uses only plan names azurerm accepts as resource_type', () => {
    // azurerm security_center_subscription_pricing resource_type values (hashicorp/terraform-provider-azurerm docs, 4.x).
    const allowed = ['AI', 'Api', 'AppServices', 'ContainerRegistry', 'KeyVaults', 'KubernetesService', 'SqlServers', 'SqlServerVirtualMachines',
      'StorageAccounts', 'VirtualMachines', 'Arm', 'Dns', 'OpenSourceRelationalDatabases', 'Containers', 'CosmosDbs', 'CloudPosture'];
    for (const plan of Object.values(DEFENDER_PLANS)) expect(allowed).toContain(plan.resourceType);
  });

  it('has no container plan unless asked', () => {
    expect(plansOf(synth((s) => new DefenderPlans(s, 'Defender', props))).Containers).toBeUndefined();
  });

  it('adds Containers when asked', () => {
    const plans = plansOf(synth((s) => new DefenderPlans(s, 'Defender', { ...props, containers: true })));
    expect(plans.Containers).toMatchObject({ tier: 'Standard' });
  });

  it('sets the security contact with notifications to the contact and admins', () => {
    expect(only(synth((s) => new DefenderPlans(s, 'Defender', props)), 'azurerm_security_center_contact'))
      .toMatchObject({ email: 'soc@contoso.com', alert_notifications: true, alerts_to_admins: true });
  });

  it('exports alerts and recommendations continuously to the platform workspace', () => {
    expect(only(synth((s) => new DefenderPlans(s, 'Defender', props)), 'azurerm_security_center_automation')).toMatchObject({
      name: 'ExportToWorkspace', enabled: true, scopes: ['/subscriptions/00000000-0000-0000-0000-000000000002'],
      action: [{ type: 'Workspace', resource_id: WS }],
      source: [{ event_source: 'Alerts' }, { event_source: 'Assessments' }, { event_source: 'SubAssessments' }],
      tags: TAGS,
    });
  });
});

describe('ActivityLogExport', () => {
  it('sends every subscription activity log category to the workspace', () => {
    const diag = only(synth((s) => new ActivityLogExport(s, 'ActivityLog', { subscriptionId: '00000000-0000-0000-0000-000000000002', workspaceId: WS })),
      'azurerm_monitor_diagnostic_setting');
    expect(diag).toMatchObject({ name: 'ailz-activity-log', target_resource_id: '/subscriptions/00000000-0000-0000-0000-000000000002', log_analytics_workspace_id: WS });
    expect(diag.enabled_log.map((l: any) => l.category).sort()).toEqual(
      ['Administrative', 'Alert', 'Autoscale', 'Policy', 'Recommendation', 'ResourceHealth', 'Security', 'ServiceHealth'],
    );
    expect([...ACTIVITY_LOG_CATEGORIES]).toHaveLength(8);
  });
});

describe('ManagementGroupActivityExport', () => {
  it('sends a management group\'s Administrative and Policy activity to the workspace', () => {
    const r = synth((s) => new ManagementGroupActivityExport(s, 'Mg', { managementGroupId: '/providers/Microsoft.Management/managementGroups/contoso-ai', workspaceId: WS }));
    expect(only(r, 'azurerm_monitor_diagnostic_setting')).toEqual(expect.objectContaining({
      name: 'ailz-activity-log', target_resource_id: '/providers/Microsoft.Management/managementGroups/contoso-ai', log_analytics_workspace_id: WS,
      enabled_log: [{ category: 'Administrative' }, { category: 'Policy' }],
    }));
  });
});

describe('guardrails', () => {
  // The monitoring constructs must pass the ailz rule catalog as they are (no error findings).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { evaluate } = require('../../guardrails/evaluate');

  it('finds no error in the platform monitoring set or the workload Defender set', () => {
    const platform = JSON.parse(Testing.synthScope((s) => {
      const ws = new LogAnalyticsWorkspace(s, 'Workspace', { name: 'log-ailz', resourceGroupName: 'rg-platform', location: 'swedencentral', tags: TAGS });
      new Sentinel(s, 'Sentinel', { workspaceId: ws.workspaceId });
      const ag = new SecurityActionGroup(s, 'ActionGroup', { name: 'ag-sec', resourceGroupName: 'rg-platform', emails: ['soc@contoso.com'] });
      new OpenAiAlerts(s, 'OpenAiAlerts', { accountId: ACCOUNT, actionGroupId: ag.actionGroupId, resourceGroupName: 'rg-platform', namePrefix: 'oai-chat' });
      new ActivityLogExport(s, 'ActivityLog', { subscriptionId: '00000000-0000-0000-0000-000000000001', workspaceId: ws.workspaceId });
    }));
    const workload = JSON.parse(Testing.synthScope((s) => {
      new DefenderPlans(s, 'Defender', {
        subscriptionId: '00000000-0000-0000-0000-000000000002', workspaceId: WS, securityContactEmail: 'soc@contoso.com',
        resourceGroupName: 'rg-security', location: 'swedencentral', containers: true,
      });
      new ActivityLogExport(s, 'ActivityLog', { subscriptionId: '00000000-0000-0000-0000-000000000002', workspaceId: WS });
    }));
    const result = evaluate([{ stack: 'platform', json: platform }, { stack: 'workload-chat', json: workload }], { asOf: TEST_AS_OF });
    const findings = result.findings as { severity: string; rule: string; address: string; message: string }[];
    expect(findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.address} ${f.message}`)).toEqual([]);
  });

  it('would catch a weakened workspace (the check above can fail)', () => {
    const weakened = JSON.parse(Testing.synthScope((s) => {
      const ws = new LogAnalyticsWorkspace(s, 'Workspace', { name: 'log-ailz', resourceGroupName: 'rg-platform', location: 'swedencentral' });
      ws.resource.addOverride('local_authentication_enabled', true);
    }));
    const findings = evaluate([{ stack: 'platform', json: weakened }]).findings as { severity: string; rule: string }[];
    expect(findings.filter((f) => f.severity === 'error').map((f) => f.rule)).toContain('AILZ-LOG-001');
  });
});
