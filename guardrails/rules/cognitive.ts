/**
 * Azure OpenAI / AI Services accounts, deployments and content filter (RAI) policies.
 * Attribute names: @cdktf/provider-azurerm 14.23.1 (azurerm 4.55.0) lib/cognitive-account,
 * lib/cognitive-deployment, lib/cognitive-account-rai-policy.
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { block, blocks, judge, parseRef, show } from '../document';
import { attributeRule, checkValue, isFalse, isTrue, nonEmptyString, resourceRule } from './helpers';

const ACCOUNT = ['azurerm_cognitive_account'] as const;
const DEPLOYMENT = ['azurerm_cognitive_deployment'] as const;
const RAI = ['azurerm_cognitive_account_rai_policy'] as const;

/** Normalised content filter name: Azure accepts `SelfHarm`, `Selfharm`, `Indirect Attack`... */
const norm = (s: unknown) => (typeof s === 'string' ? s.toLowerCase().replace(/[^a-z0-9]/g, '') : '');

interface FilterRequirement {
  name: string;
  sources: readonly ('Prompt' | 'Completion')[];
  /** Harm categories also need a severity threshold that blocks medium content. */
  threshold?: boolean;
}

function checkFilters(doc: DocumentIndex, node: ResourceNode, required: readonly FilterRequirement[]): Violation[] {
  const filters = blocks(node.attrs, 'content_filter');
  const problems: string[] = [];
  let unresolved = false;
  for (const req of required) {
    for (const source of req.sources) {
      const f = filters.find((x) => norm(x.name) === norm(req.name) && norm(x.source) === norm(source));
      if (!f) {
        problems.push(`${req.name}/${source} missing`);
        continue;
      }
      const checks: [string, (v: any) => boolean][] = [
        ['filter_enabled', isTrue],
        ['block_enabled', isTrue],
      ];
      if (req.threshold) checks.push(['severity_threshold', (v) => v === 'Low' || v === 'Medium']);
      for (const [attr, ok] of checks) {
        const j = judge(doc, f[attr]);
        if (j.state === 'unresolved') unresolved = true;
        else if (j.state === 'missing' || !ok(j.value)) problems.push(`${req.name}/${source} ${attr}=${show(j.state === 'literal' ? j.value : undefined)}`);
      }
    }
  }
  if (problems.length) return [{ address: node.address, message: `content filters not enforced: ${problems.join(', ')}` }];
  if (unresolved) return [{ address: node.address, severity: 'warning', message: 'content filters cannot be verified: a filter attribute is an unresolved expression' }];
  return [];
}

/** Environment tag of the account a deployment belongs to. */
export function deploymentEnvironment(doc: DocumentIndex, node: ResourceNode): { state: 'known'; env: string } | { state: 'unknown'; why: string } {
  const ref = parseRef(node.attrs.cognitive_account_id);
  const account = ref && !ref.suffix ? doc.byAddress(ref.address) : undefined;
  if (!account) return { state: 'unknown', why: `cognitive_account_id ${show(node.attrs.cognitive_account_id)} is not an account in this stack` };
  const env = judge(doc, account.attrs.tags?.environment);
  if (env.state !== 'literal' || typeof env.value !== 'string') return { state: 'unknown', why: `the account's tags.environment is ${env.state === 'unresolved' ? show(env.text) : 'not set'}` };
  return { state: 'known', env: env.value.toLowerCase() };
}

export const COGNITIVE_RULES: readonly Rule[] = [
  attributeRule({
    id: 'AILZ-OAI-001', severity: 'error', area: 'network', resourceTypes: ACCOUNT,
    title: 'OpenAI / AI Services account disables public network access',
    rationale: 'A model endpoint reachable from the internet can be probed, brute-forced and abused for token theft; ailz reaches AI services only through private endpoints.',
    remediation: 'set public_network_access_enabled = false and reach the account through a private endpoint',
    path: 'public_network_access_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { checkov: ['CKV_AZURE_134'], mcsb: ['NS-2'] },
  }),
  attributeRule({
    id: 'AILZ-OAI-002', severity: 'error', area: 'identity', resourceTypes: ACCOUNT,
    title: 'OpenAI / AI Services account disables local (API key) authentication',
    rationale: 'API keys are shared, long-lived secrets that bypass Entra ID, Conditional Access and per-identity audit.',
    remediation: 'set local_auth_enabled = false and grant Cognitive Services OpenAI User to the calling identities',
    path: 'local_auth_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { checkov: ['CKV_AZURE_236'], azurePolicy: ['71ef260a-8f18-47b7-abcb-62d0673d94dc'], mcsb: ['IM-1'] },
  }),
  resourceRule({
    id: 'AILZ-OAI-003', severity: 'error', area: 'network', resourceTypes: ACCOUNT,
    title: 'OpenAI / AI Services account network ACL denies by default with no IP or VNet rules',
    rationale: 'Network ACLs are the second line behind disabled public access: a Deny default with no allow rules keeps the account private even if public access is re-enabled.',
    remediation: 'add network_acls { default_action = "Deny" } without ip_rules or virtual_network_rules',
    references: { azurePolicy: ['037eea7a-bd0a-46c5-9a66-03aea78705d3'], mcsb: ['NS-2'] },
  }, (doc, node) => {
    const acl = block(node.attrs, 'network_acls');
    if (!acl) return { address: node.address, message: 'network_acls is not set (account accepts traffic from all networks); expected default_action "Deny"' };
    const v = checkValue(doc, node, { path: 'network_acls.default_action', secure: (x) => x === 'Deny', expected: '"Deny"' });
    if (v) return v;
    const ip = acl.ip_rules;
    const vnet = blocks(acl, 'virtual_network_rules');
    if ((Array.isArray(ip) && ip.length > 0) || (typeof ip === 'string') || vnet.length > 0) {
      return { address: node.address, message: `network_acls allows ${Array.isArray(ip) && ip.length ? `ip_rules ${show(ip)}` : 'virtual_network_rules'}; expected none (private endpoints only)` };
    }
    return undefined;
  }),
  resourceRule({
    id: 'AILZ-OAI-004', severity: 'error', area: 'data', resourceTypes: ACCOUNT,
    title: 'OpenAI / AI Services account restricts outbound access to an FQDN allow-list',
    rationale: 'Features such as "on your data" let the account call out; unrestricted egress is a data exfiltration path.',
    remediation: 'set outbound_network_access_restricted = true and list the allowed destinations in fqdns (an empty list allows none)',
    references: { mcsb: ['NS-2'] },
  }, (doc, node) => {
    const v = checkValue(doc, node, { path: 'outbound_network_access_restricted', secure: isTrue, expected: 'true', defaultValue: false });
    if (v) return v;
    // With the restriction on, fqdns is the complete allow-list: an empty (or absent) list allows no
    // outbound call at all, the strictest setting. Anything listed must be a concrete FQDN.
    const f = judge(doc, node.attrs.fqdns);
    if (f.state === 'unresolved') return { address: node.address, severity: 'warning', message: `fqdns cannot be verified: value is ${show(f.text)}` };
    const list = f.state === 'literal' && Array.isArray(f.value) ? f.value : [];
    const wildcard = list.find((d: unknown) => typeof d !== 'string' || d.trim() === '' || d.trim() === '*');
    if (wildcard !== undefined) return { address: node.address, message: `fqdns contains ${show(wildcard)}; expected concrete FQDNs only` };
    return undefined;
  }),
  resourceRule({
    id: 'AILZ-OAI-005', severity: 'error', area: 'identity', resourceTypes: ACCOUNT,
    title: 'OpenAI / AI Services account has a managed identity',
    rationale: 'Without a managed identity the account cannot reach customer-managed keys, storage or search keylessly.',
    remediation: 'add identity { type = "UserAssigned", identity_ids = [<user-assigned identity id>] }',
    references: { azurePolicy: ['fe3fd216-4f83-4fc1-8984-2bbec80a3418'], mcsb: ['IM-3'] },
  }, (doc, node) => {
    if (!block(node.attrs, 'identity')) return { address: node.address, message: 'identity is not set; expected a managed identity' };
    return checkValue(doc, node, { path: 'identity.type', secure: nonEmptyString, expected: 'a managed identity type' });
  }),
  resourceRule({
    id: 'AILZ-OAI-006', severity: 'warning', area: 'identity', resourceTypes: ACCOUNT,
    title: 'OpenAI / AI Services account uses a user-assigned identity',
    rationale: 'A user-assigned identity exists before the account, so its role assignments (e.g. on the CMK vault) are in place at creation and survive re-creation.',
    remediation: 'set identity.type to "UserAssigned" (or "SystemAssigned, UserAssigned") with identity_ids',
    references: { mcsb: ['IM-3'] },
  }, (doc, node) => {
    if (!block(node.attrs, 'identity')) return { address: node.address, message: 'identity is not set; expected a user-assigned identity' };
    return checkValue(doc, node, { path: 'identity.type', secure: (v) => typeof v === 'string' && v.includes('UserAssigned'), expected: 'a type including "UserAssigned"' });
  }),
  attributeRule({
    id: 'AILZ-OAI-007', severity: 'error', area: 'identity', resourceTypes: ACCOUNT,
    title: 'OpenAI / AI Services account has a custom subdomain',
    rationale: 'Entra ID authentication and private endpoints require a custom subdomain; without it only keys and the shared regional endpoint work.',
    remediation: 'set custom_subdomain_name to a globally unique name',
    path: 'custom_subdomain_name', secure: nonEmptyString, expected: 'a custom subdomain name',
    references: { mcsb: ['IM-1'] },
  }),
  attributeRule({
    id: 'AILZ-OAI-008', severity: 'error', area: 'model-risk', resourceTypes: DEPLOYMENT,
    title: 'Model deployment has a content filter (RAI) policy attached',
    rationale: 'The RAI policy carries prompt shields and harm filters; a deployment without one silently depends on whatever default the service applies.',
    remediation: 'set rai_policy_name to an azurerm_cognitive_account_rai_policy on the same account',
    path: 'rai_policy_name', secure: nonEmptyString, expected: 'a content filter policy name',
  }),
  resourceRule({
    id: 'AILZ-OAI-009', severity: 'error', area: 'model-risk', resourceTypes: DEPLOYMENT,
    title: 'Production model deployment pins its version (no auto-upgrade)',
    rationale: 'An automatic model version upgrade changes model behaviour (and its safety profile) in production without review.',
    remediation: 'set version_upgrade_option = "NoAutoUpgrade" and pin model.version',
  }, (doc, node) => {
    const v = checkValue(doc, node, { path: 'version_upgrade_option', secure: (x) => x === 'NoAutoUpgrade', expected: '"NoAutoUpgrade"', defaultValue: 'OnceNewDefaultVersionAvailable' });
    if (!v) return undefined;
    const env = deploymentEnvironment(doc, node);
    if (env.state === 'known') return env.env === 'production' ? { ...v, message: `${v.message} (production account)` } : undefined;
    return { address: node.address, severity: 'warning', message: `${v.message}; environment cannot be determined (${env.why})` };
  }),
  resourceRule({
    id: 'AILZ-OAI-010', severity: 'error', area: 'model-risk', resourceTypes: RAI,
    title: 'Content filter policy blocks jailbreak and indirect (prompt injection) attacks',
    rationale: 'Prompt shields stop user jailbreaks and instructions injected through documents and tool output, the top OWASP LLM risk.',
    remediation: 'add content_filter blocks "Jailbreak" and "Indirect Attack" on source "Prompt" with filter_enabled = true and block_enabled = true',
  }, (doc, node) => checkFilters(doc, node, [
    { name: 'Jailbreak', sources: ['Prompt'] },
    { name: 'Indirect Attack', sources: ['Prompt'] },
  ])),
  resourceRule({
    id: 'AILZ-OAI-011', severity: 'error', area: 'model-risk', resourceTypes: RAI,
    title: 'Content filter policy blocks hate, sexual, violence and self-harm content on prompts and completions',
    rationale: 'Harm filters on both directions keep harmful input from steering the model and harmful output from reaching users; a High threshold only blocks the most severe content.',
    remediation: 'add content_filter blocks Hate, Sexual, Violence and SelfHarm for "Prompt" and "Completion" with filter_enabled = true, block_enabled = true, severity_threshold "Medium" or "Low"',
  }, (doc, node) => checkFilters(doc, node, ['Hate', 'Sexual', 'Violence', 'SelfHarm'].map((name) => ({ name, sources: ['Prompt', 'Completion'] as const, threshold: true })))),
  resourceRule({
    id: 'AILZ-OAI-012', severity: 'error', area: 'model-risk', resourceTypes: RAI,
    title: 'Content filter policy blocks protected material (text and code) in completions',
    rationale: 'Protected material filters keep copyrighted text and licensed code out of completions.',
    remediation: 'add content_filter blocks "Protected Material Text" and "Protected Material Code" on source "Completion" with filter_enabled = true and block_enabled = true',
  }, (doc, node) => checkFilters(doc, node, [
    { name: 'Protected Material Text', sources: ['Completion'] },
    { name: 'Protected Material Code', sources: ['Completion'] },
  ])),
];
