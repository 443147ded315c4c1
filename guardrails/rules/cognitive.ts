/**
 * Azure OpenAI / AI Services accounts, deployments and content filter (RAI) policies.
 * Attribute names: @cdktf/provider-azurerm 14.23.1 (azurerm 4.55.0) lib/cognitive-account,
 * lib/cognitive-deployment, lib/cognitive-account-rai-policy.
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { block, blocks, judge, parseRef, show } from '../document';
import { attributeRule, checkValue, isFalse, isTrue, nonEmptyString, resourceRule } from './helpers';
import { alsoArm, armEquals, checkArm } from './arm';
import { AzapiView, azapiIdentity, azapiOfType, bodyValue } from '../azapi';
import { AZURE_OPENAI_CMK, AZURE_OPENAI_KINDS } from '../../azure/customer-managed-keys';

const ACCOUNT = ['azurerm_cognitive_account'] as const;
const DEPLOYMENT = ['azurerm_cognitive_deployment'] as const;
const RAI = ['azurerm_cognitive_account_rai_policy'] as const;
/** The ARM type of accounts created or changed through azapi (judged like azurerm_cognitive_account). */
export const ACCOUNT_ARM = 'Microsoft.CognitiveServices/accounts';

/** The identity an azapi account states: the azapi `identity` block, or `identity` in the body. */
function armIdentityType(doc: DocumentIndex, view: AzapiView): { state: 'missing' } | { state: 'literal'; value: unknown } | { state: 'unresolved'; text: string } {
  const raw = azapiIdentity(view)?.type ?? bodyValue(view, 'identity.type');
  return judge(doc, raw);
}

function armIdentityCheck(doc: DocumentIndex, view: AzapiView, secure: (v: any) => boolean, expected: string): Violation | undefined {
  const t = armIdentityType(doc, view);
  if (t.state === 'unresolved') return { address: view.node.address, severity: 'warning', message: `identity type cannot be verified: value is ${show(t.text)}; expected ${expected}` };
  if (t.state === 'missing') return view.update ? undefined : { address: view.node.address, message: `identity is not set; expected ${expected}` };
  return secure(t.value) ? undefined : { address: view.node.address, message: `identity type is ${show(t.value)}; expected ${expected}` };
}

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

/** The content filter (RAI) policies written through azapi; judged like azurerm_cognitive_account_rai_policy. */
const RAI_ARM = 'Microsoft.CognitiveServices/accounts/raiPolicies';

const HARM_FILTERS: readonly FilterRequirement[] = ['Hate', 'Sexual', 'Violence', 'SelfHarm'].map((name) => ({ name, sources: ['Prompt', 'Completion'] as const, threshold: true }));

/**
 * The same filter requirements over an ARM body (`properties.contentFilters[]` with `name`, `source`,
 * `enabled`, `blocking`, `severityThreshold`: RaiPolicies API, azapi v2.12.0 cognitiveservices 2025-06-01
 * types). An update that does not set `contentFilters` leaves them as they are and is not judged.
 */
function armFilters(doc: DocumentIndex, view: AzapiView, required: readonly FilterRequirement[]): Violation[] {
  if (view.body === undefined) return [{ address: view.node.address, severity: 'warning', message: `content filters cannot be verified: body is ${show(view.node.attrs.body)}` }];
  const raw = bodyValue(view, 'properties.contentFilters');
  if (raw === undefined && view.update) return [];
  const j = judge(doc, raw);
  if (j.state === 'unresolved') return [{ address: view.node.address, severity: 'warning', message: `content filters cannot be verified: value is ${show(j.text)}` }];
  const list = j.state === 'literal' && Array.isArray(j.value) ? j.value : [];
  const asAzurerm = list.filter((f: any) => f && typeof f === 'object').map((f: any) => ({
    name: f.name, source: f.source, filter_enabled: f.enabled, block_enabled: f.blocking, severity_threshold: f.severityThreshold,
  }));
  return checkFilters(doc, { ...view.node, attrs: { content_filter: asAzurerm } }, required);
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
  alsoArm(attributeRule({
    id: 'AILZ-OAI-001', severity: 'error', area: 'network', resourceTypes: ACCOUNT,
    title: 'OpenAI / AI Services account disables public network access',
    rationale: 'A model endpoint reachable from the internet can be probed, brute-forced and abused for token theft; ailz reaches AI services only through private endpoints.',
    remediation: 'set public_network_access_enabled = false and reach the account through a private endpoint',
    path: 'public_network_access_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { checkov: ['CKV_AZURE_134'], mcsb: ['NS-2'] },
  }), ACCOUNT_ARM, (doc, v) => checkArm(doc, v, { path: 'properties.publicNetworkAccess', secure: armEquals('Disabled'), expected: '"Disabled"', defaultValue: 'Enabled' })),
  alsoArm(attributeRule({
    id: 'AILZ-OAI-002', severity: 'error', area: 'identity', resourceTypes: ACCOUNT,
    title: 'OpenAI / AI Services account disables local (API key) authentication',
    rationale: 'API keys are shared, long-lived secrets that bypass Entra ID, Conditional Access and per-identity audit.',
    remediation: 'set local_auth_enabled = false and grant Cognitive Services OpenAI User to the calling identities',
    path: 'local_auth_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { checkov: ['CKV_AZURE_236'], azurePolicy: ['71ef260a-8f18-47b7-abcb-62d0673d94dc'], mcsb: ['IM-1'] },
  }), ACCOUNT_ARM, (doc, v) => checkArm(doc, v, { path: 'properties.disableLocalAuth', secure: isTrue, expected: 'true', defaultValue: false })),
  alsoArm(resourceRule({
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
  }), ACCOUNT_ARM, (doc, v) => {
    if (v.body !== undefined && bodyValue(v, 'properties.networkAcls') === undefined) {
      return v.update ? undefined : { address: v.node.address, message: 'properties.networkAcls is not set (account accepts traffic from all networks); expected defaultAction "Deny"' };
    }
    const deny = checkArm(doc, v, { path: 'properties.networkAcls.defaultAction', secure: armEquals('Deny'), expected: '"Deny"' });
    if (deny) return deny;
    for (const list of ['ipRules', 'virtualNetworkRules']) {
      const j = judge(doc, bodyValue(v, `properties.networkAcls.${list}`));
      if (j.state === 'unresolved') return { address: v.node.address, severity: 'warning', message: `properties.networkAcls.${list} cannot be verified: value is ${show(j.text)}` };
      if (j.state === 'literal' && (!Array.isArray(j.value) || j.value.length > 0)) return { address: v.node.address, message: `properties.networkAcls.${list} is ${show(j.value)}; expected none (private endpoints only)` };
    }
    return undefined;
  }),
  alsoArm(resourceRule({
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
  }), ACCOUNT_ARM, (doc, v) => {
    const r = checkArm(doc, v, { path: 'properties.restrictOutboundNetworkAccess', secure: isTrue, expected: 'true', defaultValue: false });
    if (r) return r;
    const f = judge(doc, bodyValue(v, 'properties.allowedFqdnList'));
    if (f.state === 'unresolved') return { address: v.node.address, severity: 'warning', message: `properties.allowedFqdnList cannot be verified: value is ${show(f.text)}` };
    const list = f.state === 'literal' && Array.isArray(f.value) ? f.value : [];
    const wildcard = list.find((d: unknown) => typeof d !== 'string' || d.trim() === '' || d.trim() === '*');
    return wildcard !== undefined ? { address: v.node.address, message: `properties.allowedFqdnList contains ${show(wildcard)}; expected concrete FQDNs only` } : undefined;
  }),
  alsoArm(resourceRule({
    id: 'AILZ-OAI-005', severity: 'error', area: 'identity', resourceTypes: ACCOUNT,
    title: 'OpenAI / AI Services account has a managed identity',
    rationale: 'Without a managed identity the account cannot reach customer-managed keys, storage or search keylessly.',
    remediation: 'add identity { type = "UserAssigned", identity_ids = [<user-assigned identity id>] }',
    references: { azurePolicy: ['fe3fd216-4f83-4fc1-8984-2bbec80a3418'], mcsb: ['IM-3'] },
  }, (doc, node) => {
    if (!block(node.attrs, 'identity')) return { address: node.address, message: 'identity is not set; expected a managed identity' };
    return checkValue(doc, node, { path: 'identity.type', secure: nonEmptyString, expected: 'a managed identity type' });
  }), ACCOUNT_ARM, (doc, v) => armIdentityCheck(doc, v, (t) => typeof t === 'string' && t.trim() !== '' && t.trim().toLowerCase() !== 'none', 'a managed identity type')),
  alsoArm(resourceRule({
    id: 'AILZ-OAI-006', severity: 'warning', area: 'identity', resourceTypes: ACCOUNT,
    title: 'OpenAI / AI Services account uses a user-assigned identity',
    rationale: 'A user-assigned identity exists before the account, so its role assignments (e.g. on a search service or storage) are in place at creation and survive re-creation. (A customer-managed key is the exception: Azure OpenAI reads it only through the system-assigned identity, see AILZ-OAI-014.)',
    remediation: 'set identity.type to "UserAssigned" (or "SystemAssigned, UserAssigned") with identity_ids',
    references: { mcsb: ['IM-3'] },
  }, (doc, node) => {
    if (!block(node.attrs, 'identity')) return { address: node.address, message: 'identity is not set; expected a user-assigned identity' };
    return checkValue(doc, node, { path: 'identity.type', secure: (v) => typeof v === 'string' && v.includes('UserAssigned'), expected: 'a type including "UserAssigned"' });
  }), ACCOUNT_ARM, (doc, v) => armIdentityCheck(doc, v, (t) => typeof t === 'string' && t.includes('UserAssigned'), 'a type including "UserAssigned"')),
  alsoArm(attributeRule({
    id: 'AILZ-OAI-007', severity: 'error', area: 'identity', resourceTypes: ACCOUNT,
    title: 'OpenAI / AI Services account has a custom subdomain',
    rationale: 'Entra ID authentication and private endpoints require a custom subdomain; without it only keys and the shared regional endpoint work.',
    remediation: 'set custom_subdomain_name to a globally unique name',
    path: 'custom_subdomain_name', secure: nonEmptyString, expected: 'a custom subdomain name',
    references: { mcsb: ['IM-1'] },
  }), ACCOUNT_ARM, (doc, v) => {
    const sub = judge(doc, bodyValue(v, 'properties.customSubDomainName'));
    if (sub.state === 'unresolved') return undefined;
    if (sub.state === 'missing') return v.update || v.body === undefined ? undefined : { address: v.node.address, message: 'properties.customSubDomainName is not set; expected a custom subdomain name' };
    return nonEmptyString(sub.value) ? undefined : { address: v.node.address, message: `properties.customSubDomainName is ${show(sub.value)}; expected a custom subdomain name` };
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
  alsoArm(resourceRule({
    id: 'AILZ-OAI-010', severity: 'error', area: 'model-risk', resourceTypes: RAI,
    title: 'Content filter policy blocks jailbreak and indirect (prompt injection) attacks',
    rationale: 'Prompt shields stop user jailbreaks and instructions injected through documents and tool output, the top OWASP LLM risk.',
    remediation: 'add content_filter blocks "Jailbreak" and "Indirect Attack" on source "Prompt" with filter_enabled = true and block_enabled = true',
  }, (doc, node) => checkFilters(doc, node, [
    { name: 'Jailbreak', sources: ['Prompt'] },
    { name: 'Indirect Attack', sources: ['Prompt'] },
  ])), RAI_ARM, (doc, v) => armFilters(doc, v, [
    { name: 'Jailbreak', sources: ['Prompt'] },
    { name: 'Indirect Attack', sources: ['Prompt'] },
  ])),
  alsoArm(resourceRule({
    id: 'AILZ-OAI-011', severity: 'error', area: 'model-risk', resourceTypes: RAI,
    title: 'Content filter policy blocks hate, sexual, violence and self-harm content on prompts and completions',
    rationale: 'Harm filters on both directions keep harmful input from steering the model and harmful output from reaching users; a High threshold only blocks the most severe content.',
    remediation: 'add content_filter blocks Hate, Sexual, Violence and SelfHarm for "Prompt" and "Completion" with filter_enabled = true, block_enabled = true, severity_threshold "Medium" or "Low"',
  }, (doc, node) => checkFilters(doc, node, HARM_FILTERS)), RAI_ARM, (doc, v) => armFilters(doc, v, HARM_FILTERS)),
  alsoArm(resourceRule({
    id: 'AILZ-OAI-012', severity: 'error', area: 'model-risk', resourceTypes: RAI,
    title: 'Content filter policy blocks protected material (text and code) in completions',
    rationale: 'Protected material filters keep copyrighted text and licensed code out of completions.',
    remediation: 'add content_filter blocks "Protected Material Text" and "Protected Material Code" on source "Completion" with filter_enabled = true and block_enabled = true',
  }, (doc, node) => checkFilters(doc, node, [
    { name: 'Protected Material Text', sources: ['Completion'] },
    { name: 'Protected Material Code', sources: ['Completion'] },
  ])), RAI_ARM, (doc, v) => armFilters(doc, v, [
    { name: 'Protected Material Text', sources: ['Completion'] },
    { name: 'Protected Material Code', sources: ['Completion'] },
  ])),
];

// --- Customer-managed keys of OpenAI / AI Services accounts, in every Terraform form ---------------

const KEY_ARM = 'Microsoft.KeyVault/vaults/keys';

/** A customer-managed key as an account uses it: where it is configured, the account, the identity, the key. */
interface CmkUse {
  /** The resource that configures the key (report here). */
  address: string;
  /** The account the key encrypts (azurerm or azapi form), when the document has it. */
  account?: ResourceNode;
  /** `identity_client_id` / `keyVaultProperties.identityClientId` as written. */
  identityClientId: unknown;
  key: { state: 'known'; kty: unknown; size: unknown } | { state: 'unknown'; why: string };
}

function keyFromNode(doc: DocumentIndex, node: ResourceNode): CmkUse['key'] {
  if (node.type === 'azurerm_key_vault_key') return { state: 'known', kty: judgeLiteral(doc, node.attrs.key_type), size: judgeLiteral(doc, node.attrs.key_size) };
  const body = node.attrs.body;
  // ARM creates RSA keys with 2048 bits when keySize is absent (KeyProperties.keySize, Microsoft.KeyVault 2025-05-01).
  const size = body?.properties?.keySize === undefined ? 2048 : judgeLiteral(doc, body.properties.keySize);
  return { state: 'known', kty: judgeLiteral(doc, body?.properties?.kty), size };
}

function judgeLiteral(doc: DocumentIndex, v: unknown): unknown {
  const j = judge(doc, v);
  return j.state === 'literal' ? j.value : undefined;
}

/** The key a `key_vault_key_id` value points at (an azurerm key or an azapi vaults/keys resource of this document). */
function keyFromId(doc: DocumentIndex, raw: unknown): CmkUse['key'] {
  const ref = parseRef(raw);
  const target = ref && !ref.suffix ? doc.byAddress(ref.address) : undefined;
  if (target && (target.type === 'azurerm_key_vault_key' || (target.type === 'azapi_resource' && String(target.attrs.type ?? '').toLowerCase().startsWith(KEY_ARM.toLowerCase() + '@')))) {
    return keyFromNode(doc, target);
  }
  return { state: 'unknown', why: `key ${show(raw)} is not a key of this document` };
}

/** The key an ARM `keyVaultProperties` names: by `keyName` in the vault whose `vault_uri` `keyVaultUri` references. */
function keyFromArm(doc: DocumentIndex, keyName: unknown, keyVaultUri: unknown): CmkUse['key'] {
  const name = judge(doc, keyName);
  const ref = parseRef(keyVaultUri);
  const vault = ref && !ref.suffix && ref.attr === 'vault_uri' ? doc.byAddress(ref.address) : undefined;
  if (name.state !== 'literal' || !vault) return { state: 'unknown', why: `key ${show(keyName)} in vault ${show(keyVaultUri)} is not a key of this document` };
  const inVault = (n: ResourceNode, attr: string) => parseRef(n.attrs[attr])?.address === vault.address && judge(doc, n.attrs.name).state === 'literal' && n.attrs.name === name.value;
  const found = doc.ofType('azurerm_key_vault_key').find((n) => inVault(n, 'key_vault_id'))
    ?? doc.ofType('azapi_resource').find((n) => String(n.attrs.type ?? '').toLowerCase().startsWith(KEY_ARM.toLowerCase() + '@') && inVault(n, 'parent_id'));
  return found ? keyFromNode(doc, found) : { state: 'unknown', why: `no key ${show(name.value)} in ${vault.address}` };
}

function accountOf(doc: DocumentIndex, raw: unknown): ResourceNode | undefined {
  const ref = parseRef(raw);
  return ref && !ref.suffix ? doc.byAddress(ref.address) : undefined;
}

/** Every customer-managed key configuration of every account in the document. */
export function customerManagedKeys(doc: DocumentIndex): CmkUse[] {
  const uses: CmkUse[] = [];
  for (const node of doc.ofType('azurerm_cognitive_account')) {
    const cmk = block(node.attrs, 'customer_managed_key');
    if (cmk) uses.push({ address: node.address, account: node, identityClientId: cmk.identity_client_id, key: keyFromId(doc, cmk.key_vault_key_id) });
  }
  for (const node of doc.ofType('azurerm_cognitive_account_customer_managed_key')) {
    uses.push({ address: node.address, account: accountOf(doc, node.attrs.cognitive_account_id), identityClientId: node.attrs.identity_client_id, key: keyFromId(doc, node.attrs.key_vault_key_id) });
  }
  for (const view of azapiOfType(doc, ACCOUNT_ARM)) {
    const source = judge(doc, bodyValue(view, 'properties.encryption.keySource'));
    if (source.state !== 'literal' || typeof source.value !== 'string' || source.value.toLowerCase() !== 'microsoft.keyvault') continue;
    const kvp = (name: string) => bodyValue(view, `properties.encryption.keyVaultProperties.${name}`);
    uses.push({
      address: view.node.address,
      account: view.update ? accountOf(doc, view.node.attrs.resource_id) : view.node,
      identityClientId: kvp('identityClientId'),
      key: keyFromArm(doc, kvp('keyName'), kvp('keyVaultUri')),
    });
  }
  return uses;
}

/** An account's kind and identity type as written (azurerm attributes, or the azapi body and identity). */
function accountFacts(doc: DocumentIndex, account: ResourceNode): { kind: unknown; identityType: unknown } {
  if (account.type === 'azurerm_cognitive_account') return { kind: judgeLiteral(doc, account.attrs.kind), identityType: judgeLiteral(doc, block(account.attrs, 'identity')?.type) };
  const identity = block(account.attrs, 'identity')?.type ?? account.attrs.body?.identity?.type;
  return { kind: judgeLiteral(doc, account.attrs.body?.kind), identityType: judgeLiteral(doc, identity) };
}

export const CMK_RULES: readonly Rule[] = [
  {
    id: 'AILZ-OAI-014', severity: 'error', area: 'data',
    title: 'OpenAI / AI Services customer-managed key is within the limits Azure OpenAI documents (system-assigned identity, RSA 2048)',
    rationale: `Azure OpenAI supports customer-managed keys only through the account's system-assigned identity and only RSA or RSA-HSM keys of ${AZURE_OPENAI_CMK.keySizes.join('/')} bits (${AZURE_OPENAI_CMK.source}). The providers accept any key and any identity, so the apply fails (or the account never encrypts) in Azure, not at plan.`,
    remediation: `give the account a system-assigned identity, grant it Key Vault Crypto Service Encryption User on the key, attach the key without identity_client_id (ailz: OpenAiAccount customerManagedKey), and use an RSA/RSA-HSM ${AZURE_OPENAI_CMK.keySizes.join('/')} key (KeyVault.addKey)`,
    check(doc) {
      const out: Violation[] = [];
      for (const use of customerManagedKeys(doc)) {
        const facts = use.account ? accountFacts(doc, use.account) : undefined;
        if (facts && typeof facts.kind === 'string' && !AZURE_OPENAI_KINDS.includes(facts.kind)) continue;
        const problems: string[] = [];
        const client = judge(doc, use.identityClientId);
        if (client.state === 'unresolved' || (client.state === 'literal' && typeof client.value === 'string' && client.value.trim() !== '')) {
          problems.push(`uses user-assigned identity ${show(client.state === 'literal' ? client.value : client.text)}; Azure OpenAI supports only the system-assigned identity`);
        }
        if (facts && !(typeof facts.identityType === 'string' && /SystemAssigned/i.test(facts.identityType))) {
          problems.push(`account ${use.account!.address} has identity ${show(facts.identityType)}; expected one including "SystemAssigned"`);
        }
        if (use.key.state === 'known') {
          const kty = use.key.kty;
          if (!(typeof kty === 'string' && AZURE_OPENAI_CMK.keyTypes.some((t) => t.toLowerCase() === kty.toLowerCase()))) problems.push(`key type ${show(kty)}; expected ${AZURE_OPENAI_CMK.keyTypes.join(' or ')}`);
          if (!AZURE_OPENAI_CMK.keySizes.includes(Number(use.key.size))) problems.push(`key size ${show(use.key.size)}; expected ${AZURE_OPENAI_CMK.keySizes.join(' or ')}`);
        }
        if (problems.length) out.push({ address: use.address, message: `customer-managed key ${problems.join('; ')}` });
        else if (use.key.state === 'unknown' || !facts) {
          out.push({ address: use.address, severity: 'warning', message: `customer-managed key cannot be fully verified: ${use.key.state === 'unknown' ? use.key.why : 'the account is not in this document'}` });
        }
      }
      return out;
    },
  },
];
