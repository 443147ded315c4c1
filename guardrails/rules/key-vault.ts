/**
 * Key Vault. Attribute names: azurerm 4.55.0 lib/key-vault (rbac_authorization_enabled, legacy
 * enable_rbac_authorization), lib/key-vault-key (rotation_policy); ARM names for keys created through azapi
 * (`Microsoft.KeyVault/vaults/keys`, KeyProperties.rotationPolicy).
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { block, blocks, judge, parseRef, show } from '../document';
import { attributeRule, checkValue, isFalse, isTrue, resourceRule } from './helpers';
import { alsoArm } from './arm';
import { bodyValue } from '../azapi';

/** Data-plane Key Vault items: Terraform creates and reads them at `https://<vault>.vault.azure.net`. */
const DATA_PLANE_ITEMS = ['azurerm_key_vault_key', 'azurerm_key_vault_secret', 'azurerm_key_vault_certificate'] as const;

/** Whether a vault only answers on its private endpoint: public access off, or a Deny firewall. */
function vaultClosed(doc: DocumentIndex, vault: ResourceNode): boolean | undefined {
  const pub = judge(doc, vault.attrs.public_network_access_enabled);
  if (pub.state === 'literal' && pub.value === false) return true;
  const acl = judge(doc, block(vault.attrs, 'network_acls')?.default_action);
  if (acl.state === 'literal' && acl.value === 'Deny') return true;
  if (pub.state === 'unresolved' || acl.state === 'unresolved') return undefined;
  return false;
}

function dataPlaneCheck(doc: DocumentIndex, node: ResourceNode, vaultRef: unknown, what: string): Violation | undefined {
  const ref = parseRef(vaultRef);
  const vault = ref ? doc.byAddress(ref.address) : undefined;
  if (!vault || vault.type !== 'azurerm_key_vault') {
    return { address: node.address, severity: 'warning', message: `${what} is created through the vault's data plane and its vault ${show(vaultRef)} is not in this document: the runner needs a network path to it on every plan and apply` };
  }
  const closed = vaultClosed(doc, vault);
  if (closed === undefined) return { address: node.address, severity: 'warning', message: `${what} is created through the data plane of ${vault.address}, whose network access cannot be verified` };
  return closed ? { address: node.address, message: `${what} is created through the data plane of private vault ${vault.address}: plan and apply fail unless the runner reaches its private endpoint (create it through Azure Resource Manager: azapi Microsoft.KeyVault/vaults/keys or /secrets)` } : undefined;
}

/** Whether an ISO 8601 duration (P1Y, P90D, P2M) is present. */
const isDuration = (v: unknown) => typeof v === 'string' && /^P(?=\d)(\d+Y)?(\d+M)?(\d+D)?$/.test(v);

const KV = ['azurerm_key_vault'] as const;

export const KEY_VAULT_RULES: readonly Rule[] = [
  resourceRule({
    id: 'AILZ-KV-001', severity: 'error', area: 'identity', resourceTypes: KV,
    title: 'Key Vault uses the Azure RBAC permission model',
    rationale: 'Access policies are vault-wide, invisible to Azure RBAC reviews and PIM; RBAC gives per-secret scopes and one audit surface.',
    remediation: 'set rbac_authorization_enabled = true (legacy: enable_rbac_authorization) and grant Key Vault data roles',
    references: { azurePolicy: ['12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5'], mcsb: ['PA-7'] },
  }, (doc, node) => {
    // azurerm 4.55 has both the new and the deprecated attribute; whichever is set is judged.
    const path = node.attrs.rbac_authorization_enabled !== undefined || node.attrs.enable_rbac_authorization === undefined
      ? 'rbac_authorization_enabled' : 'enable_rbac_authorization';
    return checkValue(doc, node, { path, secure: isTrue, expected: 'true', defaultValue: false });
  }),
  attributeRule({
    id: 'AILZ-KV-002', severity: 'error', area: 'data', resourceTypes: KV,
    title: 'Key Vault has purge protection',
    rationale: 'Without purge protection a compromised admin can permanently destroy keys, making CMK-encrypted data unrecoverable.',
    remediation: 'set purge_protection_enabled = true',
    path: 'purge_protection_enabled', secure: isTrue, expected: 'true', defaultValue: false,
    references: { checkov: ['CKV_AZURE_110'], azurePolicy: ['0b60c0b2-2dc2-4e1c-b5c9-abbed971de53'], mcsb: ['DP-8'] },
  }),
  attributeRule({
    id: 'AILZ-KV-003', severity: 'error', area: 'data', resourceTypes: KV,
    title: 'Key Vault soft delete retains deleted objects for at least 7 days',
    rationale: 'Soft delete is the recovery window for deleted secrets and keys.',
    remediation: 'set soft_delete_retention_days between 7 and 90 (azurerm default 90)',
    path: 'soft_delete_retention_days', secure: (v) => Number(v) >= 7 && Number(v) <= 90, expected: 'between 7 and 90', defaultValue: 90,
    references: { checkov: ['CKV_AZURE_42'], azurePolicy: ['1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d'], mcsb: ['DP-8'] },
  }),
  attributeRule({
    id: 'AILZ-KV-004', severity: 'error', area: 'network', resourceTypes: KV,
    title: 'Key Vault disables public network access',
    rationale: 'Secrets are reached through the vault private endpoint only.',
    remediation: 'set public_network_access_enabled = false and add a vault private endpoint',
    path: 'public_network_access_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { checkov: ['CKV_AZURE_189'], azurePolicy: ['405c5871-3e91-4644-8a63-58e19d68ff5b'], mcsb: ['NS-2'] },
  }),
  resourceRule({
    id: 'AILZ-KV-005', severity: 'error', area: 'network', resourceTypes: KV,
    title: 'Key Vault firewall denies by default',
    rationale: 'A Deny network ACL keeps the vault closed even if public access is later enabled.',
    remediation: 'add network_acls { default_action = "Deny", bypass = "AzureServices" }',
    references: { azurePolicy: ['55615ac9-af46-4a59-874e-391cc3dfb490'], mcsb: ['NS-2'] },
  }, (doc, node) => (block(node.attrs, 'network_acls')
    ? checkValue(doc, node, { path: 'network_acls.default_action', secure: (v) => v === 'Deny', expected: '"Deny"' })
    : { address: node.address, message: 'network_acls is not set (vault firewall allows all networks); expected default_action "Deny"' })),
  resourceRule({
    id: 'AILZ-KV-006', severity: 'error', area: 'identity', resourceTypes: ['azurerm_key_vault', 'azurerm_key_vault_access_policy'],
    title: 'Key Vault grants no legacy access policies',
    rationale: 'Access policies are ignored under RBAC and re-open vault-wide permissions if the model is switched back; they have no place in an RBAC vault.',
    remediation: 'remove access_policy blocks and azurerm_key_vault_access_policy resources; use role assignments',
    references: { mcsb: ['PA-7'] },
  }, (doc, node) => {
    if (node.type === 'azurerm_key_vault_access_policy') return { address: node.address, message: 'legacy access policy resource; expected RBAC role assignments' };
    const ap = node.attrs.access_policy;
    const j = judge(doc, ap);
    if (j.state === 'unresolved') return { address: node.address, severity: 'warning', message: `access_policy cannot be verified: value is ${show(j.text)}` };
    return blocks(node.attrs, 'access_policy').length > 0 ? { address: node.address, message: 'access_policy blocks are set; expected none (RBAC only)' } : undefined;
  }),
  {
    id: 'AILZ-KV-007', severity: 'error', area: 'network',
    title: 'Keys, secrets and certificates of a private vault are created through Azure Resource Manager, not the vault data plane',
    rationale: 'The vault firewall and disabled public access apply to the data plane only; ARM (control plane) operations, including deploying keys and secrets, are not affected (Microsoft Learn, "Virtual network service endpoints for Azure Key Vault"). A data-plane item on a private vault makes the first apply fail, and every later plan, unless the runner sits on the vault\'s private network.',
    remediation: 'create the key through ARM: azapi_resource type "Microsoft.KeyVault/vaults/keys@<api>" with parent_id = the vault id (ailz: KeyVault.addKey); secrets: "Microsoft.KeyVault/vaults/secrets"',
    references: { mcsb: ['NS-2'] },
    check(doc) {
      const out: Violation[] = [];
      for (const t of DATA_PLANE_ITEMS) {
        for (const node of doc.ofType(t)) {
          const v = dataPlaneCheck(doc, node, node.attrs.key_vault_id, t.replace('azurerm_key_vault_', 'the ').replace('_', ' '));
          if (v) out.push(v);
        }
      }
      // azapi's data-plane resource for Key Vault items (parent_id `${vault.name}.vault.azure.net`) is the same call.
      for (const node of doc.ofType('azapi_data_plane_resource')) {
        const type = judge(doc, node.attrs.type);
        if (type.state !== 'literal' || !/^Microsoft\.KeyVault\/vaults\//i.test(String(type.value))) continue;
        const v = dataPlaneCheck(doc, node, node.attrs.parent_id, `${type.value} (azapi data plane)`);
        if (v) out.push(v);
      }
      return out;
    },
  },
  alsoArm(resourceRule({
    id: 'AILZ-KV-008', severity: 'error', area: 'data', resourceTypes: ['azurerm_key_vault_key'],
    title: 'Key Vault keys rotate automatically and expire',
    rationale: 'A customer-managed key that never rotates stays usable forever once leaked; a rotation policy with an automatic rotate action and an expiry keeps every version short-lived (MCSB DP-6).',
    remediation: 'azurerm_key_vault_key: rotation_policy { expire_after = "P1Y", automatic { time_before_expiry = "P30D" } }; ARM (azapi): properties.rotationPolicy with attributes.expiryTime and a lifetimeActions entry whose action.type is "rotate"',
    references: { azurePolicy: ['d8cf8476-a2ec-4916-896e-992351803c44'], mcsb: ['DP-6'] },
  }, (doc, node) => {
    const policy = block(node.attrs, 'rotation_policy');
    if (!policy) return { address: node.address, message: 'rotation_policy is not set; expected automatic rotation and an expiry' };
    const auto = block(policy, 'automatic');
    const when = judge(doc, auto?.time_before_expiry ?? auto?.time_after_creation);
    const expiry = judge(doc, policy.expire_after);
    if (when.state === 'unresolved' || expiry.state === 'unresolved') return { address: node.address, severity: 'warning', message: 'rotation_policy cannot be verified: a value is an unresolved expression' };
    if (!auto || when.state !== 'literal' || !isDuration(when.value)) return { address: node.address, message: 'rotation_policy has no automatic rotation; expected automatic { time_before_expiry or time_after_creation }' };
    if (expiry.state !== 'literal' || !isDuration(expiry.value)) return { address: node.address, message: `rotation_policy.expire_after is ${show(expiry.state === 'literal' ? expiry.value : undefined)}; expected a duration such as "P1Y"` };
    return undefined;
  }), 'Microsoft.KeyVault/vaults/keys', (doc, view) => {
    if (view.update) return undefined; // ARM never updates an existing key (createIfNotExist)
    if (view.body === undefined) return { address: view.node.address, severity: 'warning', message: `body cannot be verified: it is ${show(view.node.attrs.body)}` };
    const actions = judge(doc, bodyValue(view, 'properties.rotationPolicy.lifetimeActions'));
    const expiry = judge(doc, bodyValue(view, 'properties.rotationPolicy.attributes.expiryTime'));
    if (actions.state === 'unresolved' || expiry.state === 'unresolved') return { address: view.node.address, severity: 'warning', message: 'properties.rotationPolicy cannot be verified: a value is an unresolved expression' };
    const rotates = actions.state === 'literal' && Array.isArray(actions.value)
      && actions.value.some((a: any) => typeof a?.action?.type === 'string' && a.action.type.toLowerCase() === 'rotate' && (isDuration(a?.trigger?.timeBeforeExpiry) || isDuration(a?.trigger?.timeAfterCreate)));
    if (!rotates) return { address: view.node.address, message: 'properties.rotationPolicy.lifetimeActions has no "rotate" action with a trigger; expected automatic rotation' };
    if (expiry.state !== 'literal' || !isDuration(expiry.value)) return { address: view.node.address, message: `properties.rotationPolicy.attributes.expiryTime is ${show(expiry.state === 'literal' ? expiry.value : undefined)}; expected a duration such as "P1Y"` };
    return undefined;
  }),
];
