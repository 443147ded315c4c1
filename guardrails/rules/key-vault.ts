/** Key Vault. Attribute names: azurerm 4.55.0 lib/key-vault (rbac_authorization_enabled, legacy enable_rbac_authorization). */
import { Rule } from '../types';
import { block, blocks, judge, show } from '../document';
import { attributeRule, checkValue, isFalse, isTrue, resourceRule } from './helpers';

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
];
