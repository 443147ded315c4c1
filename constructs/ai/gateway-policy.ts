/**
 * The AI gateway's API policy, generated from typed options. API Management receives it as raw XML
 * (`azurerm_api_management_api_policy.xml_content`), so every value is escaped here: policy expressions
 * contain `&&`, `<` and `"`, which must be `&amp;&amp;`, `&lt;` and `&quot;` inside an attribute or the
 * document is not well-formed and the apply fails. Element and attribute names are the ones in
 * Microsoft's policy reference (`APIM_POLICY_ELEMENTS`, azure/api-management.ts); the tests parse every
 * combination with an XML parser and check the element names against that table.
 *
 * What the policy does, in order (inbound):
 * 1. `validate-azure-ad-token`: a Microsoft Entra token for the gateway's app registration (audience), from
 *    this tenant, carrying one of the allowed app roles (`roles` claim) or (the alternative) issued to one
 *    of the allowed client applications. Group claims are never used: managed-identity tokens carry none and users in many groups
 *    get an overage claim instead (Learn "validate-azure-ad-token policy", "Microsoft identity platform
 *    access tokens").
 * 2. The caller's object ID and client application ID into variables, and a `trace` with them, the API
 *    and the deployment name: it reaches `ApiManagementGatewayLogs.TraceRecords` in the security
 *    workspace, which the detections read without any prompt content.
 * 3. `llm-token-limit` keyed by the caller's object ID: tokens per minute and, optionally, a quota per period.
 * 4. `llm-emit-token-metric` per caller and deployment (only with a metrics logger).
 * 5. `authentication-managed-identity` for `https://cognitiveservices.azure.com` and `set-backend-service`
 *    to the workload's Azure OpenAI backend: the gateway calls the model with its own identity, never a key.
 * Outbound: a `trace` with the tokens the call consumed and, when the model's content filter blocked the
 * prompt (HTTP 400 with code `content_filter`), `contentFilter=true`: detections count blocks per caller.
 * `promptAttack=true` when Prompt Shields (jailbreak, indirect attack) caused the block. Only 400 bodies are
 * read (C# `&&` short-circuits), so streamed completions are never buffered.
 */
import { APIM_POLICY_ELEMENTS, COGNITIVE_SERVICES_TOKEN_RESOURCE, LLM_TOKEN_QUOTA_PERIODS, LlmTokenQuotaPeriod } from '../../azure/api-management';

export interface GatewayPolicyOptions {
  /** The Entra tenant whose tokens are accepted (organization.tenantId). */
  readonly tenantId: string;
  /** Client ID of the gateway's Entra app registration: tokens must be issued for it (`api://<id>` or `<id>`). */
  readonly audienceAppId: string;
  /**
   * App roles that authorize a caller (`roles` claim, any one of them).
   * @default [] - only `clientApplicationIds` authorize
   */
  readonly appRoles?: readonly string[];
  /**
   * Client application IDs (`appid`/`azp`) that may call, in addition to app-role holders.
   * @default [] - only app roles authorize
   */
  readonly clientApplicationIds?: readonly string[];
  /** The API Management backend (name) of the workload's Azure OpenAI account. */
  readonly backendId: string;
  /** Tokens per minute per caller (prompt and completion). */
  readonly tokensPerMinute: number;
  /**
   * A quota per caller over a period.
   * @default undefined - no quota, only the per-minute limit
   */
  readonly tokenQuota?: { readonly tokens: number; readonly period: LlmTokenQuotaPeriod };
  /**
   * Emit token metrics per caller and deployment to Application Insights (`llm-emit-token-metric`).
   * @default false - token counts still reach Log Analytics through the trace and the language-model logs
   */
  readonly emitTokenMetrics?: boolean;
  /** Trace source name, constant so detections can filter on it. @default 'ailz-gateway' */
  readonly traceSource?: string;
}

/** The `trace` source the detections filter on. */
export const GATEWAY_TRACE_SOURCE = 'ailz-gateway';

/** Variable names the policy sets (and the detections' trace metadata names). */
export const GATEWAY_POLICY_VARIABLES = {
  token: 'ailz-caller-token',
  callerObjectId: 'ailz-caller-oid',
  callerAppId: 'ailz-caller-appid',
  deployment: 'ailz-deployment',
  tokens: 'ailz-tokens-consumed',
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const APP_ROLE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;
const BACKEND_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,79}$/;

/** Escapes text for an XML attribute value or element content (both use the same five entities here). */
export function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A policy element: name, attributes (in the order given) and children. */
interface XmlNode {
  readonly name: string;
  readonly attrs?: ReadonlyArray<readonly [string, string]>;
  readonly children?: readonly (XmlNode | string)[];
}

function render(node: XmlNode | string, indent: string): string {
  if (typeof node === 'string') return `${indent}${xmlEscape(node)}`;
  const attrs = (node.attrs ?? []).map(([k, v]) => ` ${k}="${xmlEscape(v)}"`).join('');
  const children = node.children ?? [];
  if (children.length === 0) return `${indent}<${node.name}${attrs} />`;
  if (children.length === 1 && typeof children[0] === 'string') return `${indent}<${node.name}${attrs}>${xmlEscape(children[0])}</${node.name}>`;
  return [`${indent}<${node.name}${attrs}>`, ...children.map((c) => render(c, `${indent}  `)), `${indent}</${node.name}>`].join('\n');
}

const el = (name: string, attrs: ReadonlyArray<readonly [string, string]> = [], children: readonly (XmlNode | string)[] = []): XmlNode => ({ name, attrs, children });
const base = (): XmlNode => el('base');

/** Policy expression (C#) reading a string variable set earlier in the pipeline. */
function variable(name: string): string {
  return `@(context.Variables.GetValueOrDefault<string>("${name}", "unknown"))`;
}

/**
 * A `trace` whose message is a JSON object (`{"event": ..., <field>: <expression>}`): the detections parse it
 * with `parse_json(tostring(TraceRecords[i].message))`, so they do not depend on how metadata is serialized.
 */
function traceJson(source: string, event: string, fields: ReadonlyArray<readonly [string, string]>): XmlNode {
  const props = [`new JProperty("event", "${event}")`, ...fields.map(([k, expr]) => `new JProperty("${k}", ${expr})`)];
  return el(APIM_POLICY_ELEMENTS.trace, [['source', source], ['severity', 'information']], [
    el('message', [], [`@(new JObject(${props.join(', ')}).ToString())`]),
  ]);
}

/** A string variable as a C# expression (for use inside a larger expression). */
function varExpr(name: string): string {
  return `context.Variables.GetValueOrDefault<string>("${name}", "unknown")`;
}

/** Problems with the options (empty when valid): the construct throws with them, naming each field. */
export function gatewayPolicyProblems(o: GatewayPolicyOptions): string[] {
  const p: string[] = [];
  if (!GUID.test(o.tenantId)) p.push(`tenantId "${o.tenantId}" is not a GUID`);
  if (!GUID.test(o.audienceAppId)) p.push(`audienceAppId "${o.audienceAppId}" is not a GUID (the app registration's client ID)`);
  for (const r of o.appRoles ?? []) if (!APP_ROLE.test(r)) p.push(`app role "${r}" must be 1-120 letters, digits, ".", "_" or "-"`);
  for (const id of o.clientApplicationIds ?? []) if (!GUID.test(id)) p.push(`client application ID "${id}" is not a GUID`);
  const nRoles = (o.appRoles ?? []).length;
  const nClients = (o.clientApplicationIds ?? []).length;
  if (nRoles === 0 && nClients === 0) {
    p.push('no caller is authorized: give app roles or client application IDs (a valid token alone must not be enough)');
  }
  if (nRoles > 0 && nClients > 0) {
    // validate-azure-ad-token requires both when both are given (the client list and the claim are separate
    // conditions of one validation), which would lock out every app-role holder not on the list.
    p.push('give app roles or client application IDs, not both: validate-azure-ad-token would require both');
  }
  if (!BACKEND_ID.test(o.backendId)) p.push(`backendId "${o.backendId}" must be 1-80 letters, digits or hyphens`);
  if (!Number.isInteger(o.tokensPerMinute) || o.tokensPerMinute < 1) p.push(`tokensPerMinute is ${o.tokensPerMinute}; expected a whole number >= 1`);
  if (o.tokenQuota) {
    if (!Number.isInteger(o.tokenQuota.tokens) || o.tokenQuota.tokens < 1) p.push(`tokenQuota.tokens is ${o.tokenQuota.tokens}; expected a whole number >= 1`);
    if (!(LLM_TOKEN_QUOTA_PERIODS as readonly string[]).includes(o.tokenQuota.period)) p.push(`tokenQuota.period "${o.tokenQuota.period}" is not one of ${LLM_TOKEN_QUOTA_PERIODS.join(', ')}`);
  }
  return p;
}

/** The policy document for one workload's API. Deterministic: the same options give the same bytes. */
export function gatewayPolicyXml(o: GatewayPolicyOptions): string {
  const problems = gatewayPolicyProblems(o);
  if (problems.length > 0) throw new Error(`gateway policy: ${problems.join('; ')}`);
  const E = APIM_POLICY_ELEMENTS;
  const V = GATEWAY_POLICY_VARIABLES;
  const source = o.traceSource ?? GATEWAY_TRACE_SOURCE;
  const roles = [...new Set(o.appRoles ?? [])].sort();
  const clients = [...new Set((o.clientApplicationIds ?? []).map((c) => c.toLowerCase()))].sort();

  // validate-azure-ad-token, child elements in the order of the policy statement (Learn
  // "validate-azure-ad-token policy"): client-application-ids, audiences, required-claims. A token must be
  // for the gateway's app registration and either be issued to an allowed client application or carry an
  // allowed app role; the options allow one of the two (gatewayPolicyProblems), never a group claim.
  const validate = el(E.validateAzureAdToken, [
    ['tenant-id', o.tenantId],
    ['header-name', 'Authorization'],
    ['failed-validation-httpcode', '401'],
    ['failed-validation-error-message', 'Unauthorized: a Microsoft Entra token for the AI gateway with an allowed app role is required'],
    ['output-token-variable-name', V.token],
  ], [
    ...(clients.length > 0 ? [el('client-application-ids', [], clients.map((c) => el('application-id', [], [c])))] : []),
    el('audiences', [], [el('audience', [], [`api://${o.audienceAppId}`]), el('audience', [], [o.audienceAppId])]),
    ...(roles.length > 0 ? [el('required-claims', [], [
      el('claim', [['name', 'roles'], ['match', 'any']], roles.map((r) => el('value', [], [r]))),
    ])] : []),
  ]);

  const tokenExpr = `context.Variables.GetValueOrDefault<Jwt>("${V.token}")`;
  const setVars: XmlNode[] = [
    el(E.setVariable, [['name', V.callerObjectId], ['value', `@(${tokenExpr}?.Claims.GetValueOrDefault("oid", "unknown"))`]]),
    el(E.setVariable, [['name', V.callerAppId], ['value', `@{ var t = ${tokenExpr}; var app = t?.Claims.GetValueOrDefault("appid", ""); return !string.IsNullOrEmpty(app) ? app : (t?.Claims.GetValueOrDefault("azp", "unknown") ?? "unknown"); }`]]),
    el(E.setVariable, [['name', V.deployment], ['value', '@{ var s = context.Request.Url.Path.Split(\'/\'); var i = Array.IndexOf(s, "deployments"); return i >= 0 && i + 1 < s.Length ? s[i + 1] : "none"; }']]),
  ];

  const inboundTrace = traceJson(source, 'request', [
    ['callerObjectId', varExpr(V.callerObjectId)],
    ['callerAppId', varExpr(V.callerAppId)],
    ['deployment', varExpr(V.deployment)],
  ]);

  const limitAttrs: Array<[string, string]> = [
    ['counter-key', variable(V.callerObjectId)],
    ['tokens-per-minute', String(o.tokensPerMinute)],
  ];
  if (o.tokenQuota) limitAttrs.push(['token-quota', String(o.tokenQuota.tokens)], ['token-quota-period', o.tokenQuota.period]);
  limitAttrs.push(
    ['estimate-prompt-tokens', 'true'],
    ['remaining-tokens-header-name', 'x-ailz-remaining-tokens'],
    ['tokens-consumed-variable-name', V.tokens],
  );
  const limit = el(E.llmTokenLimit, limitAttrs);

  const metric = o.emitTokenMetrics ? [el(E.llmEmitTokenMetric, [['namespace', 'ailz-gateway']], [
    el('dimension', [['name', 'API ID']]),
    el('dimension', [['name', 'Caller'], ['value', variable(V.callerObjectId)]]),
    el('dimension', [['name', 'Deployment'], ['value', variable(V.deployment)]]),
  ])] : [];

  const inbound = el('inbound', [], [
    base(),
    validate,
    ...setVars,
    inboundTrace,
    limit,
    ...metric,
    el(E.authenticationManagedIdentity, [['resource', COGNITIVE_SERVICES_TOKEN_RESOURCE]]),
    el(E.setBackendService, [['backend-id', o.backendId]]),
    // Callers never learn the backend's address or pass their own credentials on.
    el(E.setHeader, [['name', 'api-key'], ['exists-action', 'delete']]),
  ]);

  const outbound = el('outbound', [], [
    base(),
    traceJson(source, 'response', [
      ['callerObjectId', varExpr(V.callerObjectId)],
      ['deployment', varExpr(V.deployment)],
      // The type llm-token-limit stores in tokens-consumed-variable-name is not documented (Learn
      // llm-token-limit-policy): a GetValueOrDefault<int> of a long would throw and turn every answer into an
      // on-error 500, so the value is read as object and converted (System.Convert is an allowed type: Learn
      // "API Management policy expressions" uses Convert.FromBase64String in its examples).
      ['tokens', `Convert.ToInt64(context.Variables.GetValueOrDefault<object>("${V.tokens}", 0))`],
      ['contentFilter', 'context.Response.StatusCode == 400 && context.Response.Body.As<string>(preserveContent: true).Contains("content_filter")'],
      // Prompt Shields (the account's content filter, ailz-strict) flagged a jailbreak or indirect attack.
      ['promptAttack', 'context.Response.StatusCode == 400 && System.Text.RegularExpressions.Regex.IsMatch(context.Response.Body.As<string>(preserveContent: true), "\\"(jailbreak|indirect_attack)\\"\\\\s*:\\\\s*\\\\{[^}]*\\"filtered\\"\\\\s*:\\\\s*true")'],
    ]),
  ]);

  const onError = el('on-error', [], [
    base(),
    traceJson(source, 'error', [
      ['callerObjectId', varExpr(V.callerObjectId)],
      ['reason', 'context.LastError?.Reason ?? "unknown"'],
      ['source', 'context.LastError?.Source ?? "unknown"'],
    ]),
  ]);

  return `${render(el('policies', [], [inbound, el('backend', [], [base()]), outbound, onError]), '')}\n`;
}
