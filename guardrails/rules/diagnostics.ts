/**
 * Diagnostic settings: every resource that supports them sends logs and metrics to Log Analytics.
 * The rules judge the one view of guardrails/diagnostic-settings.ts, so a setting written with azurerm
 * (lib/monitor-diagnostic-setting: target_resource_id, log_analytics_workspace_id, enabled_log.category /
 * category_group, enabled_metric.category, legacy metric block) or with azapi
 * (`Microsoft.Insights/diagnosticSettings`: parent_id, body.properties.{workspaceId, logs, metrics}) is
 * judged the same.
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { judge, parseRef, show } from '../document';
import { DiagnosticSettingView, diagnosticSettingArm, diagnosticSettings } from '../diagnostic-settings';
import { appliesToWorkload, isDisabled, policyAssignments } from '../policy-assignments';
import { CannotEvaluate, evaluateCondition, looseEquals } from '../policy-condition';
import { existenceFact } from '../../azure/policy-existence';

/** One ID segment: literal text or a single Terraform expression. */
const SEG = String.raw`(?:\$\{[^}]+\}|[^/$]+)`;
const SUBSCRIPTION_ID = new RegExp(`^/subscriptions/${SEG}/?$`, 'i');
/** A management group: its diagnostic setting exports the group's activity log (categories only, no metrics). */
const MANAGEMENT_GROUP_ID = new RegExp(`^/providers/Microsoft\\.Management/managementGroups/${SEG}/?$`, 'i');

/** Settings targeting `node` (plus an exact suffix, e.g. `/blobServices/default`), in either form. */
function targeting(doc: DocumentIndex, node: ResourceNode, suffix: string): DiagnosticSettingView[] {
  return diagnosticSettings(doc).filter((v) => {
    const ref = parseRef(v.target);
    return ref !== undefined && ref.attr === 'id' && ref.address === node.address && ref.suffix.toLowerCase() === suffix.toLowerCase();
  });
}

/** Settings targeting `node` (plus an exact suffix) that send to Log Analytics. */
function settingsFor(doc: DocumentIndex, node: ResourceNode, suffix: string): DiagnosticSettingView[] {
  return targeting(doc, node, suffix).filter((v) => v.workspace !== undefined && v.workspace !== null && v.workspace !== '');
}

function coverageRule(id: string, type: string, service: string, suffix: string, policy?: string): Rule {
  const where = suffix ? `${service} (${suffix})` : service;
  return {
    id, severity: 'error', area: 'monitoring',
    title: `${where[0].toUpperCase()}${where.slice(1)} sends diagnostics to Log Analytics`,
    rationale: `Without resource logs from the ${where} there is no trail of data-plane access or configuration change for detections and investigations.`,
    remediation: `add a diagnostic setting (azurerm_monitor_diagnostic_setting, or azapi Microsoft.Insights/diagnosticSettings) with target = <${type}>.id${suffix ? ` + "${suffix}"` : ''} and the platform workspace as destination`,
    references: { ...(policy ? { azurePolicy: [policy] } : {}), mcsb: ['LT-3'] },
    check(doc) {
      return doc.ofType(type)
        .filter((n) => settingsFor(doc, n, suffix).length === 0)
        .map((n) => ({ address: n.address, message: `${where} has no diagnostic setting sending to Log Analytics` }));
    },
  };
}

type TargetKind = { kind: 'resource'; type: string; suffix: string } | { kind: 'subscription' } | { kind: 'unknown'; text: string };

function targetOf(doc: DocumentIndex, setting: DiagnosticSettingView): TargetKind {
  const raw = setting.target;
  const ref = parseRef(raw);
  if (ref && ref.attr === 'id') {
    const t = doc.byAddress(ref.address);
    if (t && !t.address.startsWith('data.')) return { kind: 'resource', type: t.type, suffix: ref.suffix.toLowerCase() };
    if (t && t.type === 'azurerm_subscription' && !ref.suffix) return { kind: 'subscription' };
    if (t && t.type === 'azurerm_management_group' && !ref.suffix) return { kind: 'subscription' };
  }
  const j = judge(doc, raw);
  const text = j.state === 'literal' ? j.value : raw;
  // The shape decides: `/subscriptions/<id>` is a subscription even when <id> is an expression.
  // Activity-log targets (a subscription or a management group) have categories, no category groups or metrics.
  if (typeof text === 'string' && (SUBSCRIPTION_ID.test(text) || MANAGEMENT_GROUP_ID.test(text))) return { kind: 'subscription' };
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

function literalCategories(doc: DocumentIndex, s: DiagnosticSettingView): string[] | undefined {
  const out: string[] = [];
  for (const l of s.logs.filter((x) => enabledState(doc, x.enabled) !== 'off')) {
    const c = judge(doc, l.category);
    if (c.state !== 'literal' || typeof c.value !== 'string') return undefined;
    out.push(c.value.toLowerCase());
  }
  return out;
}

/** The Terraform resource (and ID suffix) a diagnostics policy's `if` type designates. */
const MONITORED_BY_POLICY: Record<string, { type: string; suffix: string }> = {
  'microsoft.cognitiveservices/accounts': { type: 'azurerm_cognitive_account', suffix: '' },
  'microsoft.keyvault/vaults': { type: 'azurerm_key_vault', suffix: '' },
  'microsoft.machinelearningservices/workspaces': { type: 'azurerm_machine_learning_workspace', suffix: '' },
  'microsoft.storage/storageaccounts/blobservices': { type: 'azurerm_storage_account', suffix: '/blobServices/default' },
  'microsoft.storage/storageaccounts/fileservices': { type: 'azurerm_storage_account', suffix: '/fileServices/default' },
  'microsoft.storage/storageaccounts/queueservices': { type: 'azurerm_storage_account', suffix: '/queueServices/default' },
  'microsoft.storage/storageaccounts/tableservices': { type: 'azurerm_storage_account', suffix: '/tableServices/default' },
};

function settingRule(
  meta: Omit<Rule, 'check'>,
  fn: (doc: DocumentIndex, s: DiagnosticSettingView, target: TargetKind, key: string) => Violation | undefined,
): Rule {
  return {
    ...meta,
    check(doc) {
      const out: Violation[] = [];
      for (const s of diagnosticSettings(doc)) {
        if (!s.readable) {
          out.push({ address: s.node.address, severity: 'warning', message: 'the azapi body is an expression: the setting cannot be verified' });
          continue;
        }
        const t = targetOf(doc, s);
        const v = fn(doc, s, t, t.kind === 'resource' ? `${t.type}|${t.suffix}` : '');
        if (v) out.push(v);
      }
      return out;
    },
  };
}

/** Whether a log or metric entry is on: a literal true, or an expression (then unresolved). */
function enabledState(doc: DocumentIndex, v: unknown): 'on' | 'off' | 'unresolved' {
  const j = judge(doc, v);
  if (j.state === 'unresolved') return 'unresolved';
  return j.state === 'literal' && looseEquals(j.value, true) ? 'on' : 'off';
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
    const raw = s.workspace;
    const at = s.node.address;
    if (raw === undefined || raw === null || raw === '') return { address: at, message: `${s.workspaceAttr} is not set; expected the platform Log Analytics workspace` };
    const ref = parseRef(raw);
    if (ref && ref.attr === 'id' && !ref.suffix) {
      const t = doc.byAddress(ref.address);
      if (t && t.type === 'azurerm_log_analytics_workspace') return undefined;
    }
    const j = judge(doc, raw);
    if (j.state === 'literal') {
      return typeof j.value === 'string' && /\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i.test(j.value)
        ? undefined : { address: at, message: `${s.workspaceAttr} ${show(j.value)} is not a Log Analytics workspace ID` };
    }
    return { address: at, severity: 'warning', message: `${s.workspaceAttr} cannot be verified: value is ${show(raw)}` };
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
    const at = s.node.address;
    // Only entries that are on count (azapi may list a group disabled, as the category-group policies do).
    const logs = s.logs.filter((l) => enabledState(doc, l.enabled) !== 'off');
    if (s.logs.some((l) => enabledState(doc, l.enabled) === 'unresolved')) return { address: at, severity: 'warning', message: 'a log entry\'s enabled flag cannot be verified: value is an unresolved expression' };
    const groups = logs.filter((l) => l.categoryGroup !== undefined).map((l) => judge(doc, l.categoryGroup));
    if (groups.some((g) => g.state === 'literal' && String(g.value).toLowerCase() === 'alllogs')) return undefined;
    if (groups.some((g) => g.state === 'unresolved')) return { address: at, severity: 'warning', message: 'the log category group cannot be verified: value is an unresolved expression' };
    if (groups.some((g) => g.state === 'literal' && String(g.value).toLowerCase() === 'audit')) return { address: at, severity: 'warning', message: 'only the "audit" category group is enabled; expected "allLogs" (audit misses request/response logs)' };
    if (logs.length > 0) return { address: at, severity: 'warning', message: 'individual log categories are enabled; coverage cannot be verified, expected category group "allLogs"' };
    if (t.kind === 'unknown' || !KNOWN.has(key)) return { address: at, severity: 'warning', message: `no enabled log; target ${t.kind === 'unknown' ? t.text : key} cannot be classified` };
    return { address: at, message: s.form === 'azurerm' ? 'no enabled_log block; expected category_group "allLogs"' : 'no enabled log entry; expected categoryGroup "allLogs" enabled' };
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
    const at = s.node.address;
    // Entries count only when not disabled (the deprecated azurerm `metric` block and azapi carry a flag).
    const all = s.metrics.filter((m) => enabledState(doc, m.enabled) !== 'off').map((m) => judge(doc, m.category));
    if (all.some((c) => c.state === 'literal' && c.value === 'AllMetrics')) return undefined;
    if (all.some((c) => c.state === 'unresolved') || s.metrics.some((m) => enabledState(doc, m.enabled) === 'unresolved')) return { address: at, severity: 'warning', message: 'metric category cannot be verified: value is an unresolved expression' };
    if (t.kind === 'unknown' || !KNOWN.has(key)) return { address: at, severity: 'warning', message: `AllMetrics not enabled; target ${t.kind === 'unknown' ? t.text : key} cannot be classified` };
    return { address: at, message: s.form === 'azurerm' ? 'AllMetrics is not enabled; expected enabled_metric { category = "AllMetrics" }' : 'AllMetrics is not enabled; expected metrics [{ category = "AllMetrics", enabled = true }]' };
  }),
  {
    id: 'AILZ-DIAG-013', severity: 'error', area: 'monitoring',
    title: 'Diagnostic settings satisfy the existence condition of the diagnostics DeployIfNotExists policies assigned over them',
    rationale: 'A DeployIfNotExists diagnostics assignment sees a resource as compliant only when one of its diagnostic settings matches the definition\'s existence condition (the category-group built-ins want a disabled audit entry next to allLogs; the storage-service built-ins look only at the setting named by profileName). Otherwise the resource is non-compliant for ever, and a remediation adds a second setting to the same workspace, which Azure Monitor refuses ("data sink already used") or which makes Terraform\'s own setting fail on a new resource.',
    remediation: 'write the setting in the shape the definition deploys (category-group types: logs audit enabled=false and allLogs enabled=true, through azapi Microsoft.Insights/diagnosticSettings; constructs/core/diagnostics.ts does), and pass the setting\'s name as profileName to the storage-service assignments',
    references: { azurePolicy: ['55d1f543-d1b0-4811-9663-d6d0dbc6326d', '6b359d8f-f88d-4052-aa7c-32015963ecc1', '90c90eda-bfe7-4c67-bf26-410420ed1047', 'b4fe1a3b-0715-4c6c-a5ea-ffc33cf823cb'], mcsb: ['LT-3', 'GS-1'] },
    check(doc, set) {
      if (doc.kind !== 'workload') return [];
      const out: Violation[] = [];
      for (const a of policyAssignments(set)) {
        if (!a.definition || isDisabled(a) || !appliesToWorkload(a, doc)) continue;
        const fact = existenceFact(a.definition);
        if (!fact || fact.relatedType !== 'Microsoft.Insights/diagnosticSettings') continue;
        const monitored = MONITORED_BY_POLICY[fact.resourceType.toLowerCase()];
        if (!monitored) continue;
        const where = `${a.doc.stack}/${a.node.address} (${a.name}, ${fact.id})`;
        for (const node of doc.ofType(monitored.type)) {
          const own = targeting(doc, node, monitored.suffix);
          if (own.length === 0) continue; // nothing Terraform writes: the policy deploys its own setting (the safety net)
          const at = own[0].node.address;
          if (!a.parameters) {
            out.push({ address: at, severity: 'warning', message: `${where}: parameters cannot be read, so its existence condition cannot be evaluated` });
            continue;
          }
          const parameters = { ...fact.parameterDefaults, ...a.parameters };
          const nameParam = fact.relatedName ? /^\[parameters\('([^']+)'\)\]$/.exec(fact.relatedName) : null;
          const relatedName = fact.relatedName === undefined ? undefined : nameParam ? parameters[nameParam[1]] : fact.relatedName;
          const related = relatedName === undefined ? own : own.filter((v) => {
            const n = judge(doc, v.name);
            return n.state !== 'literal' || looseEquals(n.value, relatedName);
          });
          let results: ('unknown' | boolean)[];
          try {
            results = related.map((v) => (judge(doc, v.name).state === 'unresolved' ? 'unknown' : evaluateCondition(fact.existenceCondition, { resource: diagnosticSettingArm(doc, v), parameters })));
          } catch (e) {
            if (!(e instanceof CannotEvaluate)) throw e;
            out.push({ address: at, severity: 'warning', message: `${where}: existence condition cannot be evaluated (${e.message})` });
            continue;
          }
          if (results.includes(true)) continue;
          if (results.includes('unknown')) {
            out.push({ address: at, severity: 'warning', message: `${where}: the existence condition cannot be verified on ${node.address}'s setting (a value is an unresolved expression)` });
            continue;
          }
          const only = relatedName !== undefined ? ` (it looks only at the setting named ${show(relatedName)})` : '';
          out.push({ address: at, message: `${where}: no diagnostic setting Terraform writes on ${node.address} satisfies its existence condition${only}; the resource stays non-compliant and a remediation adds a second setting to the same workspace` });
        }
      }
      return out;
    },
  },
];
