/**
 * The AI gateway (API Management): private, keyless, authenticating, token-limited, and logging prompts
 * and completions where only a named group can read them.
 *
 * Attribute names: azurerm 4.55.0 `.release/provider-schema.json` (extracted in azure/azurerm-apim-schema.ts):
 * azurerm_api_management (virtual_network_type, virtual_network_configuration, identity, security.*),
 * azurerm_api_management_api (subscription_required, default true), azurerm_api_management_backend
 * (credentials.header / query / authorization), azurerm_api_management_api_policy (xml_content). The API
 * diagnostic with language-model logging is an azapi resource (`Microsoft.ApiManagement/service/apis/diagnostics`),
 * read through guardrails/azapi.ts. Log categories: Learn "Supported logs for Microsoft.ApiManagement/service".
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { block, blocks, judge, parseRef, show } from '../document';
import { azapiOfType, bodyValue } from '../azapi';
import { resourceRule } from './helpers';

const APIM = 'azurerm_api_management';
const API = 'azurerm_api_management_api';
const DIAG = 'azurerm_monitor_diagnostic_setting';

/** The literal policy XML of an API (or undefined when it is an expression or a link). */
function policyXml(doc: DocumentIndex, api: ResourceNode): { xml?: string; unresolved: boolean; missing: boolean } {
  const policies = doc.ofType('azurerm_api_management_api_policy').filter((p) => {
    const ref = parseRef(p.attrs.api_name);
    if (ref) return ref.address === api.address;
    const name = judge(doc, api.attrs.name);
    return name.state === 'literal' && p.attrs.api_name === name.value;
  });
  if (policies.length === 0) return { unresolved: false, missing: true };
  const j = judge(doc, policies[0].attrs.xml_content);
  if (j.state !== 'literal' || typeof j.value !== 'string') return { unresolved: true, missing: false };
  return { xml: j.value, unresolved: false, missing: false };
}

/** Whether an element appears in a policy document (`<name` followed by whitespace, `>` or `/`). */
function hasElement(xml: string, name: string): boolean {
  return new RegExp(`<${name.replace(/[-]/g, '\\-')}[\\s/>]`).test(xml);
}

function policyRule(meta: Omit<Rule, 'check'>, elements: readonly string[], what: string): Rule {
  return resourceRule({ ...meta, resourceTypes: [API] }, (doc, api): Violation | undefined => {
    const p = policyXml(doc, api);
    if (p.missing) return { address: api.address, message: `no azurerm_api_management_api_policy for this API; expected ${what}` };
    if (p.unresolved || p.xml === undefined) return { address: api.address, severity: 'warning', message: `the API policy cannot be verified (xml_content is not a literal); expected ${what}` };
    if (elements.some((e) => hasElement(p.xml!, e))) return undefined;
    return { address: api.address, message: `the API policy has no ${elements.map((e) => `<${e}>`).join(' or ')}; expected ${what}` };
  });
}

/** Diagnostic settings targeting an API Management instance, with their literal categories. */
function settingsOf(doc: DocumentIndex, apim: ResourceNode): { node: ResourceNode; categories: string[]; metrics: boolean; workspace: unknown }[] {
  return doc.referencing(DIAG, 'target_resource_id', apim).filter((r) => !r.suffix).map(({ node }) => ({
    node,
    categories: blocks(node.attrs, 'enabled_log').flatMap((l) => {
      const c = judge(doc, l.category);
      const g = judge(doc, l.category_group);
      return [c, g].filter((x) => x.state === 'literal' && typeof x.value === 'string').map((x) => String((x as { value: unknown }).value).toLowerCase());
    }),
    metrics: blocks(node.attrs, 'enabled_metric').some((m) => judge(doc, m.category).state === 'literal' && m.category === 'AllMetrics'),
    workspace: node.attrs.log_analytics_workspace_id,
  })).filter((s) => s.workspace !== undefined && s.workspace !== null && s.workspace !== '');
}

export const API_MANAGEMENT_RULES: readonly Rule[] = [
  resourceRule({
    id: 'AILZ-APIM-001', severity: 'error', area: 'network', resourceTypes: [APIM],
    title: 'AI gateway is injected into a virtual network in internal mode',
    rationale: 'In internal mode the gateway has only a private IP from its first apply; None or External expose the gateway (and every model behind it) on a public endpoint, and the private-endpoint-only alternative needs public access on at creation (azurerm 4.55 docs).',
    remediation: 'set virtual_network_type = "Internal" with virtual_network_configuration { subnet_id } on a Developer, Premium or PremiumV2 SKU',
    // Built-ins "API Management services should use a virtual network", "... should use a SKU that supports virtual networks".
    references: { mcsb: ['NS-2'], azurePolicy: ['ef619a2c-cc4d-4d03-b2ba-8c94a834d85b', '73ef9241-5d81-4cd4-b483-8443d1730fe5'] },
  }, (doc, node) => {
    const t = judge(doc, node.attrs.virtual_network_type);
    if (t.state === 'unresolved') return { address: node.address, severity: 'warning', message: `virtual_network_type cannot be verified: value is ${show(t.text)}` };
    const value = t.state === 'missing' ? 'None' : String(t.value);
    if (value.toLowerCase() !== 'internal') return { address: node.address, message: `virtual_network_type is ${value}${t.state === 'missing' ? ' (azurerm default)' : ''}; the gateway is reachable from the internet, expected "Internal"` };
    if (!block(node.attrs, 'virtual_network_configuration')) return { address: node.address, message: 'virtual_network_type is Internal without virtual_network_configuration (the provider rejects this)' };
    return undefined;
  }),
  resourceRule({
    id: 'AILZ-APIM-002', severity: 'error', area: 'identity', resourceTypes: [API],
    title: 'AI gateway APIs do not use subscription keys',
    rationale: 'A subscription key is a shared secret that identifies no one; callers authenticate with Microsoft Entra tokens (validate-azure-ad-token), so token limits and logs name a real identity.',
    remediation: 'set subscription_required = false and authenticate callers with validate-azure-ad-token in the API policy',
    references: { mcsb: ['IM-1'] },
  }, (doc, node) => {
    const j = judge(doc, node.attrs.subscription_required);
    if (j.state === 'unresolved') return { address: node.address, severity: 'warning', message: `subscription_required cannot be verified: value is ${show(j.text)}` };
    if (j.state === 'missing') return { address: node.address, message: 'subscription_required is not set (azurerm default true): callers need a subscription key' };
    return j.value === false ? undefined : { address: node.address, message: `subscription_required is ${show(j.value)}; expected false (Entra ID only)` };
  }),
  resourceRule({
    id: 'AILZ-APIM-003', severity: 'error', area: 'identity', resourceTypes: ['azurerm_api_management_backend', API],
    title: 'AI gateway reaches its model backends without keys',
    rationale: 'A backend key (api-key header, query secret or Authorization credential) is a long-lived secret in the gateway configuration; the gateway\'s managed identity (authentication-managed-identity) needs none.',
    remediation: 'remove credentials from the backend and authenticate with <authentication-managed-identity resource="https://cognitiveservices.azure.com" /> in the API policy',
    references: { mcsb: ['IM-3'] },
  }, (doc, node) => {
    if (node.type === API) {
      const p = policyXml(doc, node);
      if (!p.xml) return undefined;
      // An api-key header set with a value (not deleted) is a key sent to the backend.
      const sets = [...p.xml.matchAll(/<set-header\s+[^>]*name="api-key"[^>]*>/gi)].map((m) => m[0]);
      if (sets.some((s) => !/exists-action="delete"/i.test(s))) return { address: node.address, message: 'the API policy sets an api-key header: the backend is reached with a key' };
      return undefined;
    }
    const creds = block(node.attrs, 'credentials');
    if (!creds) return undefined;
    const keyed = ['header', 'query'].filter((k) => creds[k] && Object.keys(creds[k]).length > 0);
    if (block(creds, 'authorization')) keyed.push('authorization');
    return keyed.length > 0 ? { address: node.address, message: `backend credentials carry ${keyed.join(', ')}: the backend is reached with a secret` } : undefined;
  }),
  resourceRule({
    id: 'AILZ-APIM-004', severity: 'error', area: 'monitoring', resourceTypes: [APIM],
    title: 'AI gateway sends gateway logs and metrics, and prompts and completions, to Log Analytics',
    rationale: 'Gateway logs (who called, with ailz\'s caller trace) and metrics feed the detections; the language-model logs (GatewayLlmLogs) are the only record of prompts and completions for forensics.',
    remediation: 'add a diagnostic setting with GatewayLogs and AllMetrics to the security workspace, and one with GatewayLlmLogs to the restricted prompt workspace',
    references: { mcsb: ['LT-3'] },
  }, (doc, node) => {
    const settings = settingsOf(doc, node);
    const missing: string[] = [];
    if (!settings.some((s) => s.categories.includes('gatewaylogs') || s.categories.includes('alllogs'))) missing.push('GatewayLogs');
    if (!settings.some((s) => s.categories.includes('gatewayllmlogs') || s.categories.includes('alllogs'))) missing.push('GatewayLlmLogs (prompts and completions)');
    if (!settings.some((s) => s.metrics)) missing.push('AllMetrics');
    return missing.length > 0 ? { address: node.address, message: `no diagnostic setting sends ${missing.join(', ')} to Log Analytics` } : undefined;
  }),
  resourceRule({
    id: 'AILZ-APIM-005', severity: 'error', area: 'monitoring', resourceTypes: [API],
    title: 'AI gateway API logs prompts and completions (language-model logs)',
    rationale: 'Without "Log LLM messages" on the API\'s Azure Monitor diagnostic the GatewayLlmLogs category carries token counts only, and investigations cannot see what was asked or answered.',
    remediation: 'add an API diagnostic (azapi Microsoft.ApiManagement/service/apis/diagnostics, 2024-06-01-preview or later) with properties.largeLanguageModel.logs = "enabled" and requests/responses.messages = "all"',
    references: { mcsb: ['LT-3'] },
  }, (doc, api) => {
    const name = judge(doc, api.attrs.name);
    const diags = azapiOfType(doc, 'Microsoft.ApiManagement/service/apis/diagnostics').filter((v) => {
      const parent = judge(doc, v.node.attrs.parent_id);
      if (parent.state === 'literal' && typeof parent.value === 'string' && name.state === 'literal') return parent.value.endsWith(`/apis/${String(name.value)}`);
      const raw = v.node.attrs.parent_id;
      return typeof raw === 'string' && name.state === 'literal' && raw.endsWith(`/apis/${String(name.value)}`);
    });
    if (diags.length === 0) return { address: api.address, message: 'no API diagnostic with language-model logging; prompts and completions are not logged' };
    const ok = diags.some((d) => String(bodyValue(d, 'properties.largeLanguageModel.logs')).toLowerCase() === 'enabled'
      && String(bodyValue(d, 'properties.largeLanguageModel.requests.messages')).toLowerCase() === 'all'
      && String(bodyValue(d, 'properties.largeLanguageModel.responses.messages')).toLowerCase() === 'all');
    return ok ? undefined : { address: api.address, message: 'the API diagnostic does not log all request and response messages (properties.largeLanguageModel)' };
  }),
  policyRule({
    id: 'AILZ-APIM-006', severity: 'error', area: 'model-risk',
    title: 'AI gateway API limits tokens per caller',
    rationale: 'Without a token limit one caller (or a stolen identity) can exhaust the deployment\'s quota for everyone and run up cost; a per-caller counter also bounds model extraction.',
    remediation: 'add <llm-token-limit counter-key="<caller identity>" tokens-per-minute="..."> to the API policy (gateway.tokensPerMinute)',
  }, ['llm-token-limit', 'azure-openai-token-limit'], 'a per-caller token limit'),
  policyRule({
    id: 'AILZ-APIM-007', severity: 'error', area: 'identity',
    title: 'AI gateway API authenticates callers with Microsoft Entra ID',
    rationale: 'Without token validation anyone who reaches the private gateway can call the models with the gateway\'s own identity.',
    remediation: 'add <validate-azure-ad-token tenant-id="..."> with the gateway app registration as audience and the allowed app roles or client applications',
    references: { mcsb: ['IM-1'] },
  }, ['validate-azure-ad-token', 'validate-jwt'], 'caller token validation'),
  resourceRule({
    id: 'AILZ-APIM-008', severity: 'error', area: 'identity', resourceTypes: [APIM],
    title: 'AI gateway has a managed identity',
    rationale: 'The gateway authenticates to the models (and nothing else) with its own identity; without one it would need keys.',
    remediation: 'add identity { type = "SystemAssigned" }',
    references: { mcsb: ['IM-3'] },
  }, (_doc, node) => (block(node.attrs, 'identity') ? undefined : { address: node.address, message: 'no identity block: the gateway cannot authenticate to backends without keys' })),
  resourceRule({
    id: 'AILZ-APIM-009', severity: 'error', area: 'network', resourceTypes: [APIM],
    title: 'AI gateway refuses SSL 3.0, TLS 1.0 and TLS 1.1',
    rationale: 'Legacy protocols on either side of the gateway expose prompts and tokens to downgrade attacks.',
    remediation: 'leave every security.*_ssl30_enabled / *_tls10_enabled / *_tls11_enabled false (the azurerm default)',
    references: { mcsb: ['DP-3'] },
  }, (doc, node) => {
    const sec = block(node.attrs, 'security') ?? {};
    const on = ['backend_ssl30_enabled', 'backend_tls10_enabled', 'backend_tls11_enabled', 'frontend_ssl30_enabled', 'frontend_tls10_enabled', 'frontend_tls11_enabled', 'triple_des_ciphers_enabled']
      .filter((k) => { const j = judge(doc, sec[k]); return j.state === 'literal' && j.value === true; });
    return on.length > 0 ? { address: node.address, message: `legacy protocols enabled: ${on.join(', ')}` } : undefined;
  }),
  resourceRule({
    id: 'AILZ-APIM-010', severity: 'warning', area: 'data', resourceTypes: [APIM],
    title: 'Prompts and completions go to a workspace of their own',
    rationale: 'Every reader of the security workspace (SOC analysts, Sentinel) would read prompt bodies if GatewayLlmLogs landed there; a separate workspace lets one named group read them.',
    remediation: 'send GatewayLlmLogs with its own diagnostic setting to a separate Log Analytics workspace (ailz: platform.gateway.promptLog)',
    references: { mcsb: ['DP-2'] },
  }, (doc, node) => {
    const settings = settingsOf(doc, node);
    const llm = settings.filter((s) => s.categories.includes('gatewayllmlogs') || s.categories.includes('alllogs'));
    const other = settings.filter((s) => s.categories.some((c) => c !== 'gatewayllmlogs'));
    const shared = llm.find((l) => other.some((o) => o.node !== l.node && JSON.stringify(o.workspace) === JSON.stringify(l.workspace)) || l.categories.some((c) => c !== 'gatewayllmlogs'));
    return shared ? { address: shared.node.address, message: 'prompts and completions (GatewayLlmLogs) share a workspace with the gateway\'s other logs: every reader of that workspace reads them' } : undefined;
  }),
];
