/**
 * Diagnostic settings: every resource that supports them sends logs and metrics to Log Analytics.
 * Attribute names: azurerm 4.55.0 lib/monitor-diagnostic-setting (target_resource_id,
 * log_analytics_workspace_id, enabled_log.category / category_group, enabled_metric.category, legacy metric block).
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { blocks, judge, parseRef, show } from '../document';

const DIAG = 'azurerm_monitor_diagnostic_setting';
/** One ID segment: literal text or a single Terraform expression. */
const SEG = String.raw`(?:\$\{[^}]+\}|[^/$]+)`;
const SUBSCRIPTION_ID = new RegExp(`^/subscriptions/${SEG}/?$`, 'i');

/** Settings targeting `node` (plus an exact suffix, e.g. `/blobServices/default`) that send to Log Analytics. */
function settingsFor(doc: DocumentIndex, node: ResourceNode, suffix: string): ResourceNode[] {
  return doc.referencing(DIAG, 'target_resource_id', node)
    .filter((r) => r.suffix.toLowerCase() === suffix.toLowerCase())
    .map((r) => r.node)
    .filter((s) => s.attrs.log_analytics_workspace_id !== undefined && s.attrs.log_analytics_workspace_id !== null && s.attrs.log_analytics_workspace_id !== '');
}

function coverageRule(id: string, type: string, service: string, suffix: string, policy?: string): Rule {
  const where = suffix ? `${service} (${suffix})` : service;
  return {
    id, severity: 'error', area: 'monitoring',
    title: `${where[0].toUpperCase()}${where.slice(1)} sends diagnostics to Log Analytics`,
    rationale: `Without resource logs from the ${where} there is no trail of data-plane access or configuration change for detections and investigations.`,
    remediation: `add an azurerm_monitor_diagnostic_setting with target_resource_id = <${type}>.id${suffix ? ` + "${suffix}"` : ''} and log_analytics_workspace_id = the platform workspace`,
    references: { ...(policy ? { azurePolicy: [policy] } : {}), mcsb: ['LT-3'] },
    check(doc) {
      return doc.ofType(type)
        .filter((n) => settingsFor(doc, n, suffix).length === 0)
        .map((n) => ({ address: n.address, message: `${where} has no diagnostic setting sending to Log Analytics` }));
    },
  };
}

type TargetKind = { kind: 'resource'; type: string; suffix: string } | { kind: 'subscription' } | { kind: 'unknown'; text: string };

function targetOf(doc: DocumentIndex, setting: ResourceNode): TargetKind {
  const raw = setting.attrs.target_resource_id;
  const ref = parseRef(raw);
  if (ref && ref.attr === 'id') {
    const t = doc.byAddress(ref.address);
    if (t && !t.address.startsWith('data.')) return { kind: 'resource', type: t.type, suffix: ref.suffix.toLowerCase() };
    if (t && t.type === 'azurerm_subscription' && !ref.suffix) return { kind: 'subscription' };
  }
  const j = judge(doc, raw);
  const text = j.state === 'literal' ? j.value : raw;
  // The shape decides: `/subscriptions/<id>` is a subscription even when <id> is an expression.
  if (typeof text === 'string' && SUBSCRIPTION_ID.test(text)) return { kind: 'subscription' };
  return { kind: 'unknown', text: show(raw) };
}

/** Resource types whose diagnostic settings only offer metrics (no log categories) at this level. */
const METRICS_ONLY = new Set(['azurerm_storage_account|']);
/** Resource types without diagnostic metrics. Source: Azure Monitor supported metrics/logs tables (NSG: logs only). */
const LOGS_ONLY = new Set(['azurerm_network_security_group|']);
/** Types ailz knows support both (or which it has judged): anything else is "cannot be verified" when incomplete. */
const KNOWN = new Set([
  'azurerm_cognitive_account|', 'azurerm_machine_learning_workspace|', 'azurerm_key_vault|', 'azurerm_storage_account|',
  'azurerm_storage_account|/blobservices/default', 'azurerm_container_registry|', 'azurerm_search_service|',
  'azurerm_network_security_group|', 'azurerm_virtual_network|', 'azurerm_log_analytics_workspace|',
]);

/**
 * API Management's settings are split by sensitivity on purpose (constructs/ai/api-gateway.ts): metadata
 * categories and metrics to the security workspace, `GatewayLlmLogs` (prompts and completions) alone to a
 * restricted workspace. Their coverage is judged by AILZ-APIM-004/005 instead of the allLogs rule.
 * Categories: Learn "Supported logs for Microsoft.ApiManagement/service", read 2026-11-26.
 */
const APIM_KEY = 'azurerm_api_management|';
const APIM_CATEGORIES = new Set(['gatewaylogs', 'gatewayllmlogs', 'websocketconnectionlogs', 'developerportalauditlogs', 'gatewaymcplogs']);

function literalCategories(doc: DocumentIndex, s: ResourceNode): string[] | undefined {
  const out: string[] = [];
  for (const l of blocks(s.attrs, 'enabled_log')) {
    const c = judge(doc, l.category);
    if (c.state !== 'literal' || typeof c.value !== 'string') return undefined;
    out.push(c.value.toLowerCase());
  }
  return out;
}

function settingRule(
  meta: Omit<Rule, 'check'>,
  fn: (doc: DocumentIndex, s: ResourceNode, target: TargetKind, key: string) => Violation | undefined,
): Rule {
  return {
    ...meta,
    check(doc) {
      const out: Violation[] = [];
      for (const s of doc.ofType(DIAG)) {
        const t = targetOf(doc, s);
        const v = fn(doc, s, t, t.kind === 'resource' ? `${t.type}|${t.suffix}` : '');
        if (v) out.push(v);
      }
      return out;
    },
  };
}

export const DIAGNOSTICS_RULES: readonly Rule[] = [
  coverageRule('AILZ-DIAG-001', 'azurerm_cognitive_account', 'OpenAI / AI Services account', '', '1b4d1c4e-934c-4703-944c-27c82c06bebb'),
  coverageRule('AILZ-DIAG-002', 'azurerm_machine_learning_workspace', 'ML workspace', '', 'afe0c3be-ba3b-4544-ba52-0c99672a8ad6'),
  coverageRule('AILZ-DIAG-003', 'azurerm_key_vault', 'Key Vault', '', 'cf820ca0-f99e-4f3e-84fb-66e913812d21'),
  coverageRule('AILZ-DIAG-004', 'azurerm_storage_account', 'storage account', ''),
  coverageRule('AILZ-DIAG-005', 'azurerm_storage_account', 'storage account blob service', '/blobServices/default'),
  coverageRule('AILZ-DIAG-006', 'azurerm_container_registry', 'container registry', ''),
  coverageRule('AILZ-DIAG-007', 'azurerm_search_service', 'search service', '', 'b4330a05-a843-4bc8-bf9a-cacce50c67f4'),
  coverageRule('AILZ-DIAG-008', 'azurerm_network_security_group', 'network security group', ''),
  coverageRule('AILZ-DIAG-009', 'azurerm_virtual_network', 'virtual network', ''),
  settingRule({
    id: 'AILZ-DIAG-010', severity: 'error', area: 'monitoring',
    title: 'Diagnostic settings send to a Log Analytics workspace',
    rationale: 'Detections (Sentinel analytics rules) only see what lands in the workspace; storage or Event Hub destinations alone are not queried.',
    remediation: 'set log_analytics_workspace_id to the platform workspace (azurerm_log_analytics_workspace id)',
    references: { mcsb: ['LT-5'] },
  }, (doc, s) => {
    const raw = s.attrs.log_analytics_workspace_id;
    if (raw === undefined || raw === null || raw === '') return { address: s.address, message: 'log_analytics_workspace_id is not set; expected the platform Log Analytics workspace' };
    const ref = parseRef(raw);
    if (ref && ref.attr === 'id' && !ref.suffix) {
      const t = doc.byAddress(ref.address);
      if (t && t.type === 'azurerm_log_analytics_workspace') return undefined;
    }
    const j = judge(doc, raw);
    if (j.state === 'literal') {
      return typeof j.value === 'string' && /\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i.test(j.value)
        ? undefined : { address: s.address, message: `log_analytics_workspace_id ${show(j.value)} is not a Log Analytics workspace ID` };
    }
    return { address: s.address, severity: 'warning', message: `log_analytics_workspace_id cannot be verified: value is ${show(raw)}` };
  }),
  settingRule({
    id: 'AILZ-DIAG-011', severity: 'error', area: 'monitoring',
    title: 'Diagnostic settings enable the allLogs category group',
    rationale: 'Only allLogs includes Azure OpenAI RequestResponse, Trace and AzureOpenAIRequestUsage; "audit" alone misses model invocations.',
    remediation: 'add enabled_log { category_group = "allLogs" }',
    references: { mcsb: ['LT-3'] },
  }, (doc, s, t, key) => {
    if (t.kind === 'subscription' || METRICS_ONLY.has(key)) return undefined;
    if (key === APIM_KEY) {
      const cats = literalCategories(doc, s);
      if (cats && cats.length > 0 && cats.every((c) => APIM_CATEGORIES.has(c))) return undefined;
    }
    const logs = blocks(s.attrs, 'enabled_log');
    const groups = logs.map((l) => judge(doc, l.category_group));
    if (groups.some((g) => g.state === 'literal' && String(g.value).toLowerCase() === 'alllogs')) return undefined;
    if (groups.some((g) => g.state === 'unresolved')) return { address: s.address, severity: 'warning', message: 'enabled_log.category_group cannot be verified: value is an unresolved expression' };
    if (groups.some((g) => g.state === 'literal' && String(g.value).toLowerCase() === 'audit')) return { address: s.address, severity: 'warning', message: 'only the "audit" category group is enabled; expected "allLogs" (audit misses request/response logs)' };
    if (logs.length > 0) return { address: s.address, severity: 'warning', message: 'individual log categories are enabled; coverage cannot be verified, expected category_group "allLogs"' };
    if (t.kind === 'unknown' || !KNOWN.has(key)) return { address: s.address, severity: 'warning', message: `no enabled_log; target ${t.kind === 'unknown' ? t.text : key} cannot be classified` };
    return { address: s.address, message: 'no enabled_log block; expected category_group "allLogs"' };
  }),
  settingRule({
    id: 'AILZ-DIAG-012', severity: 'error', area: 'monitoring',
    title: 'Diagnostic settings enable AllMetrics',
    rationale: 'Metrics (throttling, latency, token counts, transactions) drive alerts on abuse and abnormal invocation rates.',
    remediation: 'add enabled_metric { category = "AllMetrics" }',
    references: { mcsb: ['LT-3'] },
  }, (doc, s, t, key) => {
    if (t.kind === 'subscription' || LOGS_ONLY.has(key)) return undefined;
    // The prompt-only setting of a gateway: its metrics travel with the security setting (AILZ-APIM-004).
    if (key === APIM_KEY && literalCategories(doc, s)?.join(',') === 'gatewayllmlogs') return undefined;
    const modern = blocks(s.attrs, 'enabled_metric').map((m) => judge(doc, m.category));
    // Legacy `metric` block (deprecated in azurerm 4.x): counts only when not explicitly disabled.
    const legacy = blocks(s.attrs, 'metric').filter((m) => m.enabled !== false && m.enabled !== 'false').map((m) => judge(doc, m.category));
    const all = [...modern, ...legacy];
    if (all.some((c) => c.state === 'literal' && c.value === 'AllMetrics')) return undefined;
    if (all.some((c) => c.state === 'unresolved')) return { address: s.address, severity: 'warning', message: 'metric category cannot be verified: value is an unresolved expression' };
    if (t.kind === 'unknown' || !KNOWN.has(key)) return { address: s.address, severity: 'warning', message: `AllMetrics not enabled; target ${t.kind === 'unknown' ? t.text : key} cannot be classified` };
    return { address: s.address, message: 'AllMetrics is not enabled; expected enabled_metric { category = "AllMetrics" }' };
  }),
];
