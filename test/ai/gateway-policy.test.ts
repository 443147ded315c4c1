/**
 * The AI gateway policy is sent to API Management as raw XML: every option combination must be a
 * well-formed document (parsed here with @xmldom/xmldom, errors fatal), use only element names of
 * Microsoft's policy reference, and carry policy expressions whose `&&`, `<` and quotes survive the
 * escaping exactly (what API Management evaluates is the decoded attribute value).
 */
import { DOMParser } from '@xmldom/xmldom';
import { APIM_POLICY_ELEMENTS, COGNITIVE_SERVICES_TOKEN_RESOURCE } from '../../azure/api-management';
import { GATEWAY_POLICY_VARIABLES, GATEWAY_TRACE_SOURCE, GatewayPolicyOptions, gatewayPolicyProblems, gatewayPolicyXml, xmlEscape } from '../../constructs/ai/gateway-policy';

const TENANT = '8f3b6a2e-4c1d-4e8f-9a7b-2d5c6e1f0a93';
const AUDIENCE = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d';
const CLIENT = '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
const base: GatewayPolicyOptions = { tenantId: TENANT, audienceAppId: AUDIENCE, appRoles: ['Invoke.chat'], backendId: 'oai-chat', tokensPerMinute: 10000 };

/**
 * Parses strictly: every parser error is fatal. @xmldom/xmldom 0.9.12 rejects a bare `<` in an attribute and
 * mismatched tags, but accepts a bare `&` (measured: `<i v="a && b"/>` parses without an error), which XML 1.0
 * ("2.4 Character Data": `&` only as the start of a reference) and API Management reject; so the one rule it
 * does not enforce is checked on the raw text first. (jsdom's strict XML parser, a devDependency of the
 * diagram tests, was tried: under jest its ESM dependencies do not load without a transform.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- xmldom's DOM, without the DOM lib in tsconfig
type Doc = any;
function parse(xml: string): Doc {
  const bare = /&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/.exec(xml);
  if (bare) throw new Error(`bare & at offset ${bare.index}: ${xml.slice(Math.max(0, bare.index - 20), bare.index + 20)}`);
  return new DOMParser({ onError: (level: string, message: string) => { throw new Error(`${level}: ${message}`); } }).parseFromString(xml, 'text/xml');
}

function elements(node: Doc, out: string[] = []): string[] {
  if (node.nodeType === 1) out.push(node.tagName);
  for (let c = node.firstChild; c; c = c.nextSibling) elements(c, out);
  return out;
}

/**
 * Every element name a policy may contain: the policy statements (APIM_POLICY_ELEMENTS) and the section
 * and child elements their reference pages define (Learn "Policies in Azure API Management": policies,
 * inbound, backend, outbound, on-error, base; validate-azure-ad-token: audiences/audience,
 * client-application-ids/application-id, required-claims/claim/value; trace: message; llm-emit-token-metric:
 * dimension).
 */
const ALLOWED = new Set<string>([
  ...Object.values(APIM_POLICY_ELEMENTS),
  'policies', 'inbound', 'backend', 'outbound', 'on-error', 'base',
  'audiences', 'audience', 'client-application-ids', 'application-id', 'required-claims', 'claim', 'value',
  'message', 'dimension',
]);

const combos: [string, GatewayPolicyOptions][] = [];
for (const auth of ['roles', 'clients'] as const) {
  for (const quota of [false, true]) {
    for (const metrics of [false, true]) {
      combos.push([`${auth}${quota ? ' + quota' : ''}${metrics ? ' + metrics' : ''}`, {
        ...base,
        ...(auth === 'clients' ? { appRoles: [], clientApplicationIds: [CLIENT] } : { appRoles: ['Invoke.chat', 'Invoke.admin'] }),
        ...(quota ? { tokenQuota: { tokens: 1000000, period: 'Daily' as const } } : {}),
        emitTokenMetrics: metrics,
      }]);
    }
  }
}

describe.each(combos)('gateway policy (%s)', (_name, options) => {
  const xml = gatewayPolicyXml(options);
  const doc = parse(xml);
  const all = elements(doc.documentElement);

  it('is a well-formed document whose root is <policies> with the four sections, each starting with <base />', () => {
    expect(doc.documentElement.tagName).toBe('policies');
    const sections = Array.from<Doc>(doc.documentElement.childNodes).filter((n) => n.nodeType === 1).map((n) => n.tagName);
    expect(sections).toEqual(['inbound', 'backend', 'outbound', 'on-error']);
    for (const s of sections) {
      const first = Array.from<Doc>(doc.getElementsByTagName(s)[0].childNodes).find((n) => n.nodeType === 1);
      expect(first.tagName).toBe('base');
    }
  });

  it('uses only element names of Microsoft\'s policy reference', () => {
    expect(all.filter((e) => !ALLOWED.has(e))).toEqual([]);
  });

  it('validates an Entra token for the gateway app registration and authorizes by app role or client application, never a group', () => {
    const v = doc.getElementsByTagName('validate-azure-ad-token')[0];
    expect(v.getAttribute('tenant-id')).toBe(TENANT);
    expect(v.getAttribute('header-name')).toBe('Authorization');
    const audiences = Array.from<Doc>(v.getElementsByTagName('audience')).map((a) => a.textContent);
    expect(audiences).toEqual([`api://${AUDIENCE}`, AUDIENCE]);
    const claims = Array.from<Doc>(v.getElementsByTagName('claim'));
    if (options.clientApplicationIds?.length) {
      expect(Array.from<Doc>(v.getElementsByTagName('application-id')).map((a) => a.textContent)).toEqual([CLIENT]);
      expect(claims).toHaveLength(0);
    } else {
      expect(claims.map((c) => [c.getAttribute('name'), c.getAttribute('match')])).toEqual([['roles', 'any']]);
      expect(Array.from<Doc>(claims[0].getElementsByTagName('value')).map((x) => x.textContent)).toEqual(['Invoke.admin', 'Invoke.chat']);
    }
    expect(xml).not.toMatch(/groups/);
    // Child order as in the policy statement: client-application-ids, audiences, required-claims.
    const order = Array.from<Doc>(v.childNodes).filter((n) => n.nodeType === 1).map((n) => n.tagName);
    expect(order).toEqual(options.clientApplicationIds?.length ? ['client-application-ids', 'audiences'] : ['audiences', 'required-claims']);
  });

  it('limits tokens per caller object ID, with the quota only when configured, after authentication', () => {
    const limit = doc.getElementsByTagName('llm-token-limit')[0];
    expect(limit.getAttribute('counter-key')).toBe(`@(context.Variables.GetValueOrDefault<string>("${GATEWAY_POLICY_VARIABLES.callerObjectId}", "unknown"))`);
    expect(limit.getAttribute('tokens-per-minute')).toBe('10000');
    expect(limit.getAttribute('token-quota')).toBe(options.tokenQuota ? '1000000' : null);
    expect(limit.getAttribute('token-quota-period')).toBe(options.tokenQuota ? 'Daily' : null);
    expect(all.indexOf('llm-token-limit')).toBeGreaterThan(all.indexOf('validate-azure-ad-token'));
  });

  it('calls the backend with the gateway\'s managed identity and strips any caller api-key', () => {
    expect(doc.getElementsByTagName('authentication-managed-identity')[0].getAttribute('resource')).toBe(COGNITIVE_SERVICES_TOKEN_RESOURCE);
    expect(doc.getElementsByTagName('set-backend-service')[0].getAttribute('backend-id')).toBe('oai-chat');
    const header = doc.getElementsByTagName('set-header')[0];
    expect([header.getAttribute('name'), header.getAttribute('exists-action')]).toEqual(['api-key', 'delete']);
  });

  it('emits token metrics only when asked', () => {
    expect(all.includes('llm-emit-token-metric')).toBe(options.emitTokenMetrics === true);
  });

  it('keeps policy expressions intact through the escaping (&&, <, quotes)', () => {
    const deployment = Array.from<Doc>(doc.getElementsByTagName('set-variable')).find((e) => e.getAttribute('name') === GATEWAY_POLICY_VARIABLES.deployment)!;
    expect(deployment.getAttribute('value')).toBe('@{ var s = context.Request.Url.Path.Split(\'/\'); var i = Array.IndexOf(s, "deployments"); return i >= 0 && i + 1 < s.Length ? s[i + 1] : "none"; }');
    // The raw text carries the entities, never a bare & or < inside an attribute.
    expect(xml).toContain('i &gt;= 0 &amp;&amp; i + 1 &lt; s.Length');
    for (const m of xml.matchAll(/="([^"]*)"/g)) expect(m[1]).not.toMatch(/[<&](?!amp;|lt;|gt;|quot;|apos;)/);
  });

  it('traces the caller as JSON for the detections, under one constant source', () => {
    const traces = Array.from<Doc>(doc.getElementsByTagName('trace'));
    expect(traces.length).toBe(3);
    for (const t of traces) expect(t.getAttribute('source')).toBe(GATEWAY_TRACE_SOURCE);
    const messages = traces.map((t) => t.getElementsByTagName('message')[0].textContent!);
    expect(messages[0]).toMatch(/^@\(new JObject\(new JProperty\("event", "request"\), new JProperty\("callerObjectId", /);
    // Whatever numeric type the gateway stores the count as, the trace converts it instead of casting.
    expect(messages[1]).toContain('new JProperty("tokens", Convert.ToInt64(context.Variables.GetValueOrDefault<object>("ailz-tokens-consumed", 0)))');
    expect(messages.join('\n')).not.toMatch(/GetValueOrDefault<(int|long)>/);
    expect(messages[1]).toContain('new JProperty("promptAttack"');
  });
});

describe('gateway policy options', () => {
  it('is deterministic: the same options give the same bytes, whatever the order of roles', () => {
    expect(gatewayPolicyXml({ ...base, appRoles: ['b', 'a'] })).toBe(gatewayPolicyXml({ ...base, appRoles: ['a', 'b', 'a'] }));
  });

  it('names every problem: no caller authorized, both authorizations, bad IDs, bad limits', () => {
    expect(gatewayPolicyProblems({ ...base, appRoles: [] })).toEqual([expect.stringMatching(/no caller is authorized/)]);
    expect(gatewayPolicyProblems({ ...base, clientApplicationIds: [CLIENT] })).toEqual([expect.stringMatching(/not both/)]);
    expect(gatewayPolicyProblems({ ...base, tenantId: 'contoso' })).toEqual([expect.stringMatching(/tenantId "contoso" is not a GUID/)]);
    expect(gatewayPolicyProblems({ ...base, appRoles: ['bad role'] })).toEqual([expect.stringMatching(/app role "bad role"/)]);
    expect(gatewayPolicyProblems({ ...base, tokensPerMinute: 0 })).toEqual([expect.stringMatching(/tokensPerMinute is 0/)]);
    expect(gatewayPolicyProblems({ ...base, tokenQuota: { tokens: 5, period: 'Fortnightly' as any } })).toEqual([expect.stringMatching(/period "Fortnightly"/)]);
    expect(() => gatewayPolicyXml({ ...base, backendId: 'bad id' })).toThrow(/backendId "bad id"/);
  });

  it('escapes the five XML specials', () => {
    expect(xmlEscape(`a && b < c > d "e" 'f'`)).toBe('a &amp;&amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;');
  });

  it('a broken document is caught by the parser the tests use (the check can fail)', () => {
    expect(() => parse('<policies><inbound><set-variable value="a && b" /></inbound></policies>')).toThrow(/bare &/);
    expect(() => parse('<policies><inbound><set-variable value="a < b" /></inbound></policies>')).toThrow(/Unescaped '<'/);
    expect(() => parse('<policies><inbound></policies>')).toThrow(/mismatch/);
  });
});
