/** Container registries. Attribute names: azurerm 4.55.0 lib/container-registry. */
import { Rule } from '../types';
import { judge, show } from '../document';
import { attributeRule, isFalse, resourceRule } from './helpers';
import { ACR_TRUSTED_SERVICES } from '../../azure/machine-learning';

const ACR = ['azurerm_container_registry'] as const;

export const REGISTRY_RULES: readonly Rule[] = [
  attributeRule({
    id: 'AILZ-ACR-001', severity: 'error', area: 'network', resourceTypes: ACR,
    title: 'Container registry uses the Premium SKU',
    rationale: 'Only Premium supports private endpoints, disabling public access and dedicated data endpoints.',
    remediation: 'set sku = "Premium"',
    path: 'sku', secure: (v) => v === 'Premium', expected: '"Premium"',
    references: { azurePolicy: ['bd560fc0-3c69-498a-ae9f-aa8eb7de0e13'], mcsb: ['NS-2'] },
  }),
  attributeRule({
    id: 'AILZ-ACR-002', severity: 'error', area: 'identity', resourceTypes: ACR,
    title: 'Container registry admin user is disabled',
    rationale: 'The admin user is a shared username/password with push and pull rights on every repository.',
    remediation: 'set admin_enabled = false and grant AcrPull/AcrPush to identities',
    path: 'admin_enabled', secure: isFalse, expected: 'false', defaultValue: false,
    references: { checkov: ['CKV_AZURE_137'], azurePolicy: ['dc921057-6b28-4fbe-9b83-f7bec05db6c2'], mcsb: ['IM-1'] },
  }),
  attributeRule({
    id: 'AILZ-ACR-003', severity: 'error', area: 'network', resourceTypes: ACR,
    title: 'Container registry disables public network access',
    rationale: 'Model and training images are pulled through the registry private endpoint only.',
    remediation: 'set public_network_access_enabled = false and add a registry private endpoint',
    path: 'public_network_access_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { checkov: ['CKV_AZURE_139'], azurePolicy: ['0fdf0491-d080-4575-b627-ad0e843cba0f'], mcsb: ['NS-2'] },
  }),
  attributeRule({
    id: 'AILZ-ACR-004', severity: 'error', area: 'identity', resourceTypes: ACR,
    title: 'Container registry disables anonymous pull',
    rationale: 'Anonymous pull lets anyone who reaches the registry download images and the code and secrets baked into them.',
    remediation: 'set anonymous_pull_enabled = false',
    path: 'anonymous_pull_enabled', secure: isFalse, expected: 'false', defaultValue: false,
    references: { checkov: ['CKV_AZURE_138'], azurePolicy: ['9f2dea28-e834-476c-99c5-3507b4728395'], mcsb: ['IM-1'] },
  }),
  attributeRule({
    id: 'AILZ-ACR-005', severity: 'warning', area: 'data', resourceTypes: ACR,
    title: 'Container registry disables artifact export',
    rationale: 'Export lets images (and models packaged in them) be copied out of the private registry.',
    remediation: 'set export_policy_enabled = false (requires public_network_access_enabled = false)',
    path: 'export_policy_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { azurePolicy: ['524b0254-c285-4903-bee6-bb8126cde579'], mcsb: ['DP-2'] },
  }),
  resourceRule({
    id: 'AILZ-ACR-006', severity: 'warning', area: 'network', resourceTypes: ACR,
    title: 'Container registry used by an ML workspace lets trusted Azure services through its firewall',
    rationale: `Azure Machine Learning reaches a network-restricted registry (to deploy or train with a custom image) as a trusted service, only when "allow trusted services" is on; trusted services are ${ACR_TRUSTED_SERVICES.join(', ')} (Microsoft Learn "Allow trusted services to securely access a network-restricted container registry"). Public network access stays off.`,
    remediation: 'set network_rule_bypass_option = "AzureServices" on the registry of the ML workspace (ailz: ContainerRegistry allowTrustedServices)',
    references: { mcsb: ['NS-2'] },
  }, (doc, node) => {
    if (doc.referencing('azurerm_machine_learning_workspace', 'container_registry_id', node).length === 0) return undefined;
    const j = judge(doc, node.attrs.network_rule_bypass_option);
    if (j.state === 'unresolved') return { address: node.address, severity: 'warning', message: `network_rule_bypass_option cannot be verified: value is ${show(j.text)}` };
    // Absent, Azure applies AzureServices ("allow trusted services ... is enabled (the default)").
    if (j.state === 'missing' || j.value === 'AzureServices') return undefined;
    return { address: node.address, message: `network_rule_bypass_option is ${show(j.value)} on a registry an ML workspace uses; expected "AzureServices" (Azure ML is a trusted service)` };
  }),
];
