/**
 * Monitoring and security resources. Provider source: hashicorp/terraform-provider-azurerm @ v4.55.0,
 * `internal/services/...` (cited per adapter).
 */
import { ArmValue, UNKNOWN } from '../resource';
import { Resolved, unresolved } from '../terraform';
import { Adapter, compact, enabledDisabled, negate } from '../adapter';

/**
 * azurerm_monitor_diagnostic_setting: monitor/monitor_diagnostic_setting_resource.go:230-345
 * resourceMonitorDiagnosticSettingCreate. `enabled_log` entries are always sent `enabled: true` with either
 * `category` or `categoryGroup` (:629-667); `enabled_metric` entries `enabled: true` (:765-779); legacy `metric`
 * blocks carry their own `enabled` (:733-763); destinations only when non-empty (:297-316). Without any log or
 * metric entry the slices are nil and serialize as null.
 */
export const DIAGNOSTIC_SETTING: Adapter = {
  terraformType: 'azurerm_monitor_diagnostic_setting',
  source: 'monitor/monitor_diagnostic_setting_resource.go:230-345,629-667,733-779',
  build: (c) => {
    const logs = c.blocks('enabled_log').map((l) => compact({
      category: l.category ? c.resolve(l.category) : undefined,
      categoryGroup: !l.category && l.category_group ? c.resolve(l.category_group) : undefined,
      enabled: true,
      retentionPolicy: c.block('retention_policy', l) ? { days: c.resolve(c.block('retention_policy', l)!.days) ?? UNKNOWN, enabled: c.resolve(c.block('retention_policy', l)!.enabled) ?? UNKNOWN } : undefined,
    }));
    const legacyMetrics: ArmValue[] = c.blocks('metric').map((m) => ({ category: c.resolve(m.category) ?? UNKNOWN, enabled: c.resolve(m.enabled, true) ?? true }));
    const enabledMetrics: ArmValue[] = c.blocks('enabled_metric').map((m) => ({ category: c.resolve(m.category) ?? UNKNOWN, enabled: true }));
    const metrics = enabledMetrics.length > 0 ? enabledMetrics : legacyMetrics;
    const nonEmpty = (name: string) => {
      const v = c.value(name);
      return v === '' ? undefined : v;
    };
    return {
      drafts: [{
        type: 'Microsoft.Insights/diagnosticSettings',
        name: c.nameOf(),
        placement: { kind: 'extension', targetId: c.resolved('target_resource_id') },
        properties: compact({
          logs: c.unknownBlock('enabled_log') ? UNKNOWN : logs.length > 0 ? logs : null,
          metrics: c.unknownBlock('enabled_metric') ? UNKNOWN : metrics.length > 0 ? metrics : null,
          eventHubAuthorizationRuleId: nonEmpty('eventhub_authorization_rule_id'),
          eventHubName: nonEmpty('eventhub_authorization_rule_id') !== undefined ? nonEmpty('eventhub_name') : undefined,
          workspaceId: nonEmpty('log_analytics_workspace_id'),
          storageAccountId: nonEmpty('storage_account_id'),
          marketplacePartnerId: nonEmpty('partner_solution_id'),
          logAnalyticsDestinationType: nonEmpty('log_analytics_destination_type'),
        }),
        modelled: 'all',
      }],
    };
  },
};

/**
 * azurerm_log_analytics_workspace: loganalytics/log_analytics_workspace_resource.go:236-371
 * (payload :303-330). Defaults: internet ingestion/query enabled, local authentication enabled.
 */
export const LOG_ANALYTICS_WORKSPACE: Adapter = {
  terraformType: 'azurerm_log_analytics_workspace',
  source: 'loganalytics/log_analytics_workspace_resource.go:236-371',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.OperationalInsights/workspaces',
      name: c.nameOf(),
      placement: c.inResourceGroup(),
      location: c.location(),
      tags: c.tags(),
      identity: c.identity(false),
      properties: compact({
        sku: { name: c.value('sku', 'PerGB2018') ?? UNKNOWN },
        publicNetworkAccessForIngestion: enabledDisabled(c.bool('internet_ingestion_enabled', true)),
        publicNetworkAccessForQuery: enabledDisabled(c.bool('internet_query_enabled', true)),
        retentionInDays: c.value('retention_in_days', 30),
        features: {
          enableLogAccessUsingOnlyResourcePermissions: c.bool('allow_resource_only_permissions', true),
          disableLocalAuth: negate(c.bool('local_authentication_enabled', true)),
        },
      }),
      modelled: { properties: ['sku', 'publicNetworkAccessForIngestion', 'publicNetworkAccessForQuery', 'retentionInDays', 'features'] },
    }],
  }),
};

/** azurerm_monitor_action_group: monitor/monitor_action_group_resource.go:446 (location `global`). */
export const ACTION_GROUP: Adapter = {
  terraformType: 'azurerm_monitor_action_group',
  source: 'monitor/monitor_action_group_resource.go:446-520',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Insights/actionGroups',
      name: c.nameOf(),
      placement: c.inResourceGroup(),
      location: c.location() ?? 'global',
      tags: c.tags(),
      properties: compact({ groupShortName: c.value('short_name') ?? UNKNOWN, enabled: c.bool('enabled', true) }),
      modelled: { properties: ['groupShortName', 'enabled'] },
    }],
  }),
};

/** azurerm_monitor_metric_alert: monitor/monitor_metric_alert_resource.go:390-470 (location `global`). */
export const METRIC_ALERT: Adapter = {
  terraformType: 'azurerm_monitor_metric_alert',
  source: 'monitor/monitor_metric_alert_resource.go:390-470',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Insights/metricAlerts',
      name: c.nameOf(),
      placement: c.inResourceGroup(),
      location: 'global',
      tags: c.tags(),
      properties: compact({
        enabled: c.bool('enabled', true),
        severity: c.value('severity', 3),
        scopes: c.value('scopes') ?? UNKNOWN,
        autoMitigate: c.bool('auto_mitigate', true),
        evaluationFrequency: c.value('frequency', 'PT1M'),
        windowSize: c.value('window_size', 'PT5M'),
      }),
      modelled: { properties: ['enabled', 'severity', 'scopes', 'autoMitigate', 'evaluationFrequency', 'windowSize'] },
    }],
  }),
};

/**
 * azurerm_security_center_subscription_pricing: securitycenter/security_center_subscription_pricing_resource.go:114-188.
 * `pricingTier`, `subPlan` (only when set, :144-146) and extensions: the configured ones `isEnabled: "True"`
 * (expandSecurityCenterSubscriptionPricingExtensions); extensions the backend lists but the config does not are
 * sent disabled, which the plan cannot know (review F19), so only the configured ones are modelled.
 */
export const SUBSCRIPTION_PRICING: Adapter = {
  terraformType: 'azurerm_security_center_subscription_pricing',
  source: 'securitycenter/security_center_subscription_pricing_resource.go:114-188',
  build: (c) => {
    const extensions = c.blocks('extension').filter((e) => e.name).map((e) => compact({
      name: c.resolve(e.name) ?? UNKNOWN,
      isEnabled: 'True',
      additionalExtensionProperties: e.additional_extension_properties ? c.resolve(e.additional_extension_properties) : undefined,
    }));
    const tier = c.value('tier') ?? UNKNOWN;
    return {
      drafts: [{
        type: 'Microsoft.Security/pricings',
        name: c.nameOf('resource_type'),
        placement: { kind: 'subscription' },
        properties: compact({
          pricingTier: tier,
          subPlan: c.value('subplan'),
          extensions: tier === 'Standard' ? extensions : undefined,
        }),
        modelled: 'all',
      }],
    };
  },
};

/**
 * azurerm_security_center_contact: securitycenter/security_center_contact_resource.go:75-125 (2017-08-01-preview body).
 * Azure Policy's aliases of this type point to the paths of a later API version (`properties.emails`,
 * `properties.alertNotifications.state`), so no property is modelled: every alias reads as unknown.
 */
export const SECURITY_CONTACT: Adapter = {
  terraformType: 'azurerm_security_center_contact',
  source: 'securitycenter/security_center_contact_resource.go:75-125',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Security/securityContacts',
      name: c.nameOf('name'),
      placement: { kind: 'subscription' },
      properties: compact({
        email: c.value('email') ?? UNKNOWN,
        phone: c.value('phone'),
        alertNotifications: c.bool('alert_notifications', false) === true ? 'On' : 'Off',
        alertsToAdmins: c.bool('alerts_to_admins', false) === true ? 'On' : 'Off',
      }),
      modelled: { properties: [] },
    }],
  }),
};

/** azurerm_security_center_automation: securitycenter/security_center_automation_resource.go:220-300. */
export const SECURITY_AUTOMATION: Adapter = {
  terraformType: 'azurerm_security_center_automation',
  source: 'securitycenter/security_center_automation_resource.go:220-300',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Security/automations',
      name: c.nameOf(),
      placement: c.inResourceGroup(),
      location: c.location(),
      tags: c.tags(),
      properties: compact({
        isEnabled: c.bool('enabled', true),
        description: c.value('description'),
        scopes: (c.value('scopes') as ArmValue) ?? UNKNOWN,
        actions: c.blocks('action').map((a) => compact({ actionType: c.resolve(a.type) ?? UNKNOWN, resourceId: c.resolve(a.resource_id) ?? UNKNOWN })),
      }),
      modelled: { properties: ['isEnabled', 'description', 'scopes', 'actions'] },
    }],
  }),
};

const workspaceChild = (terraformType: string, type: string, source: string, kind: string | undefined, nameAttr: string | undefined): Adapter => ({
  terraformType,
  source,
  build: (c) => ({
    drafts: [{
      type,
      name: nameAttr ? c.nameOf(nameAttr) : { value: 'default', scope: 'default' },
      placement: { kind: 'extension', targetId: c.resolved('log_analytics_workspace_id') },
      kind,
      properties: compact({ enabled: kind ? c.bool('enabled', true) : undefined, displayName: c.value('display_name') }),
      modelled: { properties: kind ? ['enabled', 'displayName'] : [] },
    }],
  }),
});

/** Sentinel: extension resources of the Log Analytics workspace (securityinsights 2023-12-01-preview / 2022-11-01). */
export const SENTINEL_ADAPTERS: readonly Adapter[] = [
  workspaceChild('azurerm_sentinel_alert_rule_scheduled', 'Microsoft.SecurityInsights/alertRules', 'sentinel/sentinel_alert_rule_scheduled_resource.go:354', 'Scheduled', 'name'),
  workspaceChild('azurerm_sentinel_alert_rule_ms_security_incident', 'Microsoft.SecurityInsights/alertRules', 'sentinel/sentinel_alert_rule_ms_security_incident_resource.go:133', 'MicrosoftSecurityIncidentCreation', 'name'),
  workspaceChild('azurerm_sentinel_log_analytics_workspace_onboarding', 'Microsoft.SecurityInsights/onboardingStates', 'sentinel/sentinel_log_analytics_workspace_onboarding_resource.go:63', undefined, undefined),
];

/** azurerm_consumption_budget_subscription: consumption/consumption_budget_subscription_resource.go:59 (extension of the subscription). */
export const SUBSCRIPTION_BUDGET: Adapter = {
  terraformType: 'azurerm_consumption_budget_subscription',
  source: 'consumption/consumption_budget_subscription_resource.go:59',
  build: (c) => ({
    drafts: [{
      type: 'Microsoft.Consumption/budgets',
      name: c.nameOf(),
      placement: { kind: 'extension', targetId: c.resolved('subscription_id') },
      subscription: subscriptionOf(c.resolved('subscription_id')),
      properties: compact({ amount: c.value('amount') ?? UNKNOWN, timeGrain: c.value('time_grain', 'Monthly'), category: 'Cost' }),
      modelled: { properties: ['amount', 'timeGrain', 'category'] },
    }],
  }),
};

function subscriptionOf(id: Resolved): Resolved | undefined {
  const m = /^\/subscriptions\/([^/]+)/.exec(id.scope);
  if (!m) return undefined;
  const v = typeof id.value === 'string' ? /^\/subscriptions\/([^/]+)/i.exec(id.value)?.[1] : undefined;
  return v ? { value: v, scope: m[1] } : unresolved(m[1]);
}
