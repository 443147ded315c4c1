/** Storage accounts. Attribute names: azurerm 4.55.0 lib/storage-account. */
import { DocumentIndex, DocumentSet, ResourceNode, Rule, Violation } from '../types';
import { block, judge, parseRef, show } from '../document';
import { flowLogsInto } from '../flow-logs';
import { azurermProviderOf } from './provider';
import { attributeRule, checkValue, isFalse, isTrue, resourceRule } from './helpers';

/**
 * Built-in "Storage accounts should disable public network access": `type == Microsoft.Storage/storageAccounts`
 * and `publicNetworkAccess notEquals "Disabled"` -> [parameters('effect')], default Audit (Azure/azure-policy
 * built-in-policies/policyDefinitions/Storage/StoragePublicNetworkAccess_AuditDeny.json, v1.0.1; upstream 1.1.0
 * also allows "SecuredByPerimeter"). azurerm 4.55 sends publicNetworkAccess "Enabled" unless
 * public_network_access_enabled = false (storage_account_resource.go:1375-1377).
 */
const DENY_PUBLIC_STORAGE = { definition: 'b2982f36-99f2-4db5-8eff-283140c09693', defaultEffect: 'Audit' } as const;
const ASSIGNMENT_TYPES = ['azurerm_management_group_policy_assignment', 'azurerm_subscription_policy_assignment'] as const;
const SCOPE = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+)(?:\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+))?)?\/?$/i;

interface AccountId { subscription: string; subscriptionLiteral: boolean; resourceGroup?: string; name?: string }

function accountId(doc: DocumentIndex, node: ResourceNode): AccountId {
  const provider = azurermProviderOf(doc, node).body;
  const sub = judge(doc, provider?.subscription_id);
  const rg = judge(doc, node.attrs.resource_group_name);
  const name = judge(doc, node.attrs.name);
  return {
    subscription: sub.state === 'literal' ? String(sub.value) : sub.state === 'unresolved' ? sub.text : '',
    subscriptionLiteral: sub.state === 'literal',
    resourceGroup: rg.state === 'literal' ? String(rg.value) : undefined,
    name: name.state === 'literal' ? String(name.value) : undefined,
  };
}

/** Whether a `not_scopes` entry or exemption scope covers the account: true, false, or undefined when it cannot be told. */
function covers(scope: string, account: AccountId): boolean | undefined {
  const m = SCOPE.exec(scope);
  if (!m) return false;
  const [, sub, rg, name] = m;
  const eq = (a?: string, b?: string) => a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();
  // Storage account names are globally unique: a resource-level entry is decided by the name (and group).
  if (name) return eq(name, account.name) && eq(rg, account.resourceGroup);
  const subscriptionKnown = account.subscriptionLiteral && !sub.includes('${');
  if (rg && !eq(rg, account.resourceGroup)) return false;
  if (!subscriptionKnown) return undefined;
  return eq(sub, account.subscription);
}

/** Enforced Deny assignments of the public-network definition in the governance documents of the run. */
function denyAssignments(set: DocumentSet): { doc: DocumentIndex; node: ResourceNode; warning?: string }[] {
  const out: { doc: DocumentIndex; node: ResourceNode; warning?: string }[] = [];
  for (const doc of set.ofKind('governance')) {
    for (const type of ASSIGNMENT_TYPES) {
      for (const node of doc.ofType(type)) {
        const def = judge(doc, node.attrs.policy_definition_id);
        if (def.state !== 'literal' || !String(def.value).toLowerCase().endsWith(`/${DENY_PUBLIC_STORAGE.definition}`)) continue;
        const enforce = judge(doc, node.attrs.enforce);
        if (enforce.state === 'literal' && enforce.value === false) continue;
        const params = judge(doc, node.attrs.parameters);
        let effect: unknown = DENY_PUBLIC_STORAGE.defaultEffect;
        if (params.state === 'unresolved') { out.push({ doc, node, warning: `its parameters cannot be read (${show(params.text)})` }); continue; }
        if (params.state === 'literal') {
          try {
            const parsed = typeof params.value === 'string' ? JSON.parse(params.value) : params.value;
            if (parsed?.effect?.value !== undefined) effect = parsed.effect.value;
          } catch { out.push({ doc, node, warning: 'its parameters are not JSON' }); continue; }
        }
        if (typeof effect === 'string' && effect.toLowerCase() === 'deny') out.push({ doc, node });
      }
    }
  }
  return out;
}

/** Exemption scopes (management group or subscription) of the governance documents that name `assignment`. */
function exemptionScopes(doc: DocumentIndex, assignment: ResourceNode): string[] {
  const out: string[] = [];
  for (const type of ['azurerm_management_group_policy_exemption', 'azurerm_subscription_policy_exemption']) {
    for (const ex of doc.ofType(type)) {
      const ref = parseRef(ex.attrs.policy_assignment_id);
      if (ref?.address !== assignment.address) continue;
      out.push(type.startsWith('azurerm_management') ? '*' : String(ex.attrs.subscription_id ?? ''));
    }
  }
  return out;
}

const SA = ['azurerm_storage_account'] as const;

export const STORAGE_RULES: readonly Rule[] = [
  attributeRule({
    id: 'AILZ-ST-001', severity: 'error', area: 'identity', resourceTypes: SA,
    title: 'Storage account disables shared key access',
    rationale: 'Account keys and SAS derived from them grant full, unaudited, non-expiring access to training data.',
    remediation: 'set shared_access_key_enabled = false (use Entra ID and Storage Blob Data roles)',
    path: 'shared_access_key_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { azurePolicy: ['8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54'], mcsb: ['IM-1'] },
  }),
  attributeRule({
    id: 'AILZ-ST-002', severity: 'error', area: 'data', resourceTypes: SA,
    title: 'Storage account requires TLS 1.2',
    rationale: 'TLS 1.0/1.1 have known weaknesses.',
    remediation: 'set min_tls_version = "TLS1_2"',
    path: 'min_tls_version', secure: (v) => v === 'TLS1_2', expected: '"TLS1_2"', defaultValue: 'TLS1_2',
    references: { checkov: ['CKV_AZURE_44'], azurePolicy: ['fe83a0eb-a853-422d-aac2-1bffd182c5d0'], mcsb: ['DP-3'] },
  }),
  attributeRule({
    id: 'AILZ-ST-003', severity: 'error', area: 'data', resourceTypes: SA,
    title: 'Storage account forbids public (anonymous) blob access',
    rationale: 'Anonymous containers are the most common cause of training-data leaks.',
    remediation: 'set allow_nested_items_to_be_public = false',
    path: 'allow_nested_items_to_be_public', secure: isFalse, expected: 'false', defaultValue: true,
    references: { azurePolicy: ['4fa4b6c0-31ca-4c0d-b10d-24b96f62a751'], mcsb: ['NS-2'] },
  }),
  resourceRule({
    id: 'AILZ-ST-004', severity: 'error', area: 'network', resourceTypes: SA,
    title: 'Storage account disables public network access',
    rationale: 'Data stores are reached through private endpoints only. One narrow exception: the destination of a '
      + 'VNet flow log, because Network Watcher writes as a trusted Azure service, which Azure only lets through while '
      + 'the public endpoint is "enabled from selected networks"; such an account passes only with a firewall that '
      + 'denies by default, allows no IP or subnet, and bypasses nothing but AzureServices.',
    remediation: 'set public_network_access_enabled = false and add private endpoints for the subresources in use',
    references: { checkov: ['CKV_AZURE_59'], azurePolicy: ['b2982f36-99f2-4db5-8eff-283140c09693'], mcsb: ['NS-2'] },
  }, (doc, node) => {
    const violation = checkValue(doc, node, { path: 'public_network_access_enabled', secure: isFalse, expected: 'false', defaultValue: true });
    if (!violation || violation.severity === 'warning') return violation;
    // The destination of a flow log written with azurerm or azapi (guardrails/flow-logs.ts).
    const flowLogDestination = flowLogsInto(doc, node).length > 0;
    const rules = block(node.attrs, 'network_rules');
    const empty = (v: unknown) => v === undefined || (Array.isArray(v) && v.length === 0);
    const trustedServicesOnly = rules !== undefined && rules.default_action === 'Deny' && empty(rules.ip_rules)
      && empty(rules.virtual_network_subnet_ids) && empty(rules.private_link_access)
      && Array.isArray(rules.bypass) && rules.bypass.length === 1 && rules.bypass[0] === 'AzureServices';
    if (flowLogDestination && trustedServicesOnly) return undefined;
    return flowLogDestination
      ? { ...violation, message: `${violation.message}; as a flow-log destination it may keep the public endpoint only behind network_rules { default_action = "Deny", bypass = ["AzureServices"] } with no IP, subnet or resource-instance rules` }
      : violation;
  }),
  attributeRule({
    id: 'AILZ-ST-005', severity: 'error', area: 'data', resourceTypes: SA,
    title: 'Storage account accepts HTTPS only',
    rationale: 'Plain HTTP exposes data and tokens in transit.',
    remediation: 'set https_traffic_only_enabled = true',
    path: 'https_traffic_only_enabled', secure: isTrue, expected: 'true', defaultValue: true,
    references: { azurePolicy: ['404c3081-a854-4457-ae30-26a93ef643f9'], mcsb: ['DP-3'] },
  }),
  attributeRule({
    id: 'AILZ-ST-006', severity: 'error', area: 'data', resourceTypes: SA,
    title: 'Storage account uses infrastructure (double) encryption',
    rationale: 'A second, independent encryption layer protects data if one algorithm or key is compromised.',
    remediation: 'set infrastructure_encryption_enabled = true (forces a new account)',
    path: 'infrastructure_encryption_enabled', secure: isTrue, expected: 'true', defaultValue: false,
    references: { azurePolicy: ['4733ea7b-a883-42fe-8cac-97454c2a9e4a'], mcsb: ['DP-4'] },
  }),
  attributeRule({
    id: 'AILZ-ST-007', severity: 'error', area: 'identity', resourceTypes: SA,
    title: 'Storage account defaults to Entra ID (OAuth) authorization in the portal',
    rationale: 'Keeps people from falling back to keys when browsing data.',
    remediation: 'set default_to_oauth_authentication = true',
    path: 'default_to_oauth_authentication', secure: isTrue, expected: 'true', defaultValue: false,
    references: { mcsb: ['IM-1'] },
  }),
  resourceRule({
    id: 'AILZ-ST-008', severity: 'warning', area: 'data', resourceTypes: SA,
    title: 'Storage account keeps blob versions',
    rationale: 'Versions are the evidence trail against data poisoning: every overwrite of training data stays recoverable.',
    remediation: 'set blob_properties { versioning_enabled = true }',
    references: { mcsb: ['BR-1'] },
  }, (doc, node) => checkValue(doc, node, { path: 'blob_properties.versioning_enabled', secure: isTrue, expected: 'true', defaultValue: false })),
  resourceRule({
    id: 'AILZ-ST-009', severity: 'warning', area: 'data', resourceTypes: SA,
    title: 'Storage account soft-deletes blobs and containers for at least 7 days',
    rationale: 'Soft delete recovers training data from accidental or malicious deletion.',
    remediation: 'set blob_properties { delete_retention_policy { days = 7+ } container_delete_retention_policy { days = 7+ } }',
    references: { mcsb: ['BR-1'] },
  }, (doc, node) => {
    const bp = block(node.attrs, 'blob_properties');
    if (!bp || !block(bp, 'delete_retention_policy')) return { address: node.address, message: 'blob_properties.delete_retention_policy is not set; expected blob soft delete of 7+ days' };
    if (!block(bp, 'container_delete_retention_policy')) return { address: node.address, message: 'blob_properties.container_delete_retention_policy is not set; expected container soft delete of 7+ days' };
    // `days` defaults to 7 in both blocks (azurerm 4.55).
    return checkValue(doc, node, { path: 'blob_properties.delete_retention_policy.days', secure: (v) => Number(v) >= 7, expected: '>= 7', defaultValue: 7 })
      ?? checkValue(doc, node, { path: 'blob_properties.container_delete_retention_policy.days', secure: (v) => Number(v) >= 7, expected: '>= 7', defaultValue: 7 });
  }),
  resourceRule({
    id: 'AILZ-ST-010', severity: 'warning', area: 'data', resourceTypes: SA,
    title: 'Storage account records a blob change feed',
    rationale: 'The change feed is an ordered, immutable log of every blob change: who poisoned the data, and when.',
    remediation: 'set blob_properties { change_feed_enabled = true }',
    references: { mcsb: ['LT-3'] },
  }, (doc, node) => checkValue(doc, node, { path: 'blob_properties.change_feed_enabled', secure: isTrue, expected: 'true', defaultValue: false })),
  resourceRule({
    id: 'AILZ-ST-011', severity: 'warning', area: 'network', resourceTypes: SA,
    title: 'Storage account firewall denies by default',
    rationale: 'A Deny network rule set keeps the account closed even if public access is later re-enabled.',
    remediation: 'add network_rules { default_action = "Deny", bypass = ["AzureServices"] }',
    references: { azurePolicy: ['34c877ad-507e-4c82-993e-3452a6e0ad3c'], mcsb: ['NS-2'] },
  }, (doc, node) => (block(node.attrs, 'network_rules')
    ? checkValue(doc, node, { path: 'network_rules.default_action', secure: (v) => v === 'Deny', expected: '"Deny"' })
    : { address: node.address, message: 'network_rules is not set (firewall allows all networks); expected default_action "Deny"' })),
  attributeRule({
    id: 'AILZ-ST-012', severity: 'warning', area: 'identity', resourceTypes: SA,
    title: 'Storage account disables local users (SFTP/NFS local accounts)',
    rationale: 'Local users authenticate with passwords or SSH keys outside Entra ID.',
    remediation: 'set local_user_enabled = false',
    path: 'local_user_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { mcsb: ['IM-1'] },
  }),
  attributeRule({
    id: 'AILZ-ST-013', severity: 'error', area: 'data', resourceTypes: SA,
    title: 'Storage account forbids cross-tenant object replication',
    rationale: 'Cross-tenant replication copies data to a tenant outside your control.',
    remediation: 'set cross_tenant_replication_enabled = false',
    path: 'cross_tenant_replication_enabled', secure: isFalse, expected: 'false', defaultValue: false,
    references: { azurePolicy: ['92a89a79-6c52-4a7e-a03f-61306fc49312'], mcsb: ['DP-2'] },
  }),
  {
    id: 'AILZ-ST-014', severity: 'error', area: 'governance',
    title: 'A storage account with a public endpoint is excluded from the Deny assignment of "Storage accounts should disable public network access"',
    rationale: 'Azure Policy has no exception for flow-log destinations: an enforced Deny assignment of b2982f36 refuses any storage '
      + 'account whose publicNetworkAccess is not Disabled (RequestDisallowedByPolicy), "enabled from selected networks" included, so '
      + 'an account that keeps its public endpoint (the VNet flow-log destination, which Network Watcher writes as a trusted service) '
      + 'fails its first apply unless the assignment excludes it (not_scopes) or an exemption covers it (review F1). '
      + 'Management-group assignments are taken to cover every workload stack of the run.',
    remediation: 'add the account\'s resource ID (or its resource group) to the assignment\'s not_scopes, or set public_network_access_enabled = false',
    references: { azurePolicy: [DENY_PUBLIC_STORAGE.definition], mcsb: ['NS-2', 'GS-1'] },
    check(doc, set) {
      if (doc.kind === 'governance') return [];
      const accounts = doc.ofType('azurerm_storage_account').filter((n) => {
        const v = judge(doc, n.attrs.public_network_access_enabled);
        return !(v.state === 'literal' && v.value === false);
      });
      if (accounts.length === 0) return [];
      const assignments = denyAssignments(set);
      const out: Violation[] = [];
      for (const node of accounts) {
        const id = accountId(doc, node);
        for (const a of assignments) {
          const label = `${a.doc.stack}/${a.node.address}`;
          if (a.warning) { out.push({ address: node.address, severity: 'warning', message: `whether ${label} denies this account cannot be verified: ${a.warning}` }); continue; }
          const notScopes = judge(a.doc, a.node.attrs.not_scopes);
          const scopes: unknown[] = notScopes.state === 'literal' && Array.isArray(notScopes.value) ? notScopes.value : [];
          const exemptions = exemptionScopes(a.doc, a.node);
          if (exemptions.includes('*')) continue;
          const results = [...scopes, ...exemptions].map((sc) => (typeof sc === 'string' ? covers(sc, id) : false));
          if (results.some((r) => r === true)) continue;
          if (results.some((r) => r === undefined)) {
            out.push({ address: node.address, severity: 'warning', message: `keeps its public endpoint; whether the exclusions of ${label} cover it cannot be verified (subscription ${show(id.subscription)})` });
            continue;
          }
          out.push({ address: node.address, message: `keeps its public endpoint (public_network_access_enabled is not false) but ${label} denies that (b2982f36, Deny) and neither its not_scopes nor an exemption covers ${id.name ?? 'this account'}: Azure refuses the create` });
        }
      }
      return out;
    },
  },
];
