/**
 * Azure Machine Learning workspaces and computes. Attribute names: azurerm 4.55.0
 * (lib/machine-learning-workspace, lib/machine-learning-compute-cluster, lib/machine-learning-compute-instance).
 */
import { Rule } from '../types';
import { block, blocks, judge, show } from '../document';
import { attributeRule, checkValue, isFalse, isTrue, nonEmptyString, resourceRule } from './helpers';

const WORKSPACE = ['azurerm_machine_learning_workspace'] as const;
const COMPUTE = ['azurerm_machine_learning_compute_cluster', 'azurerm_machine_learning_compute_instance'] as const;

export const MACHINE_LEARNING_RULES: readonly Rule[] = [
  attributeRule({
    id: 'AILZ-ML-001', severity: 'error', area: 'network', resourceTypes: WORKSPACE,
    title: 'ML workspace disables public network access',
    rationale: 'Workspaces hold training data connections, models and compute credentials; they are reached through private endpoints only.',
    remediation: 'set public_network_access_enabled = false and add an amlworkspace private endpoint',
    path: 'public_network_access_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { checkov: ['CKV_AZURE_144'], azurePolicy: ['438c38d2-3772-465a-a9cc-7a6666a275ce'], mcsb: ['NS-2'] },
  }),
  attributeRule({
    id: 'AILZ-ML-002', severity: 'error', area: 'network', resourceTypes: WORKSPACE,
    title: 'ML workspace managed network allows only approved outbound traffic',
    rationale: 'Approved-outbound isolation stops training jobs and notebooks from exfiltrating data to arbitrary destinations.',
    remediation: 'set managed_network { isolation_mode = "AllowOnlyApprovedOutbound" }',
    path: 'managed_network.isolation_mode', secure: (v) => v === 'AllowOnlyApprovedOutbound', expected: '"AllowOnlyApprovedOutbound"',
    references: { azurePolicy: ['6ddb1705-c8cf-450e-aa4b-19ad6703c440'], mcsb: ['NS-2'] },
  }),
  resourceRule({
    id: 'AILZ-ML-003', severity: 'error', area: 'identity', resourceTypes: WORKSPACE,
    title: 'ML workspace uses a user-assigned primary identity',
    rationale: 'A user-assigned identity carries pre-created, least-privilege grants on the workspace storage, vault and registry instead of the broad grants Azure gives a system identity.',
    remediation: 'set identity { type = "UserAssigned", identity_ids = [...] } and primary_user_assigned_identity to that identity',
    references: { azurePolicy: ['5f0c7d88-c7de-45b8-ac49-db49e72eaa78'], mcsb: ['IM-3'] },
  }, (doc, node) => {
    if (!block(node.attrs, 'identity')) return { address: node.address, message: 'identity is not set; expected a user-assigned identity' };
    return checkValue(doc, node, { path: 'identity.type', secure: (v) => typeof v === 'string' && v.includes('UserAssigned'), expected: 'a type including "UserAssigned"' })
      ?? checkValue(doc, node, { path: 'primary_user_assigned_identity', secure: nonEmptyString, expected: 'the user-assigned identity id' });
  }),
  attributeRule({
    id: 'AILZ-ML-004', severity: 'error', area: 'data', resourceTypes: WORKSPACE,
    title: 'ML workspace is flagged high business impact',
    rationale: 'High business impact limits the diagnostic data Microsoft collects from the workspace and adds encryption of local scratch disks.',
    remediation: 'set high_business_impact = true',
    path: 'high_business_impact', secure: isTrue, expected: 'true', defaultValue: false,
    references: { mcsb: ['DP-4'] },
  }),
  resourceRule({
    id: 'AILZ-ML-005', severity: 'error', area: 'network', resourceTypes: WORKSPACE,
    title: 'ML serverless compute has no public IP',
    rationale: 'Serverless jobs with public IPs are reachable from, and egress directly to, the internet.',
    remediation: 'remove serverless_compute or set serverless_compute { public_ip_enabled = false }',
    references: { mcsb: ['NS-2'] },
  }, (doc, node) => (block(node.attrs, 'serverless_compute')
    ? checkValue(doc, node, { path: 'serverless_compute.public_ip_enabled', secure: isFalse, expected: 'false' })
    : undefined)),
  attributeRule({
    id: 'AILZ-ML-006', severity: 'error', area: 'network', resourceTypes: COMPUTE,
    title: 'ML compute has no public IP',
    rationale: 'Compute nodes with public IPs expose SSH/agent ports and bypass the managed network.',
    remediation: 'set node_public_ip_enabled = false',
    path: 'node_public_ip_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { mcsb: ['NS-2'] },
  }),
  attributeRule({
    id: 'AILZ-ML-007', severity: 'error', area: 'identity', resourceTypes: COMPUTE,
    title: 'ML compute disables local authentication',
    rationale: 'Local auth lets keys and passwords reach compute instead of Entra ID identities.',
    remediation: 'set local_auth_enabled = false',
    path: 'local_auth_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { checkov: ['CKV_AZURE_142'], azurePolicy: ['e96a9a5f-07ca-471b-9bc5-6a0f33cbd68f'], mcsb: ['IM-1'] },
  }),
  resourceRule({
    id: 'AILZ-ML-008', severity: 'error', area: 'network', resourceTypes: COMPUTE,
    title: 'ML compute has SSH access off',
    rationale: 'SSH to training nodes is an interactive path around the workspace audit trail and a credential to leak.',
    remediation: 'compute cluster: set ssh_public_access_enabled = false and remove the ssh block; compute instance: remove the ssh block',
    references: { mcsb: ['PA-1'] },
  }, (doc, node) => {
    if (blocks(node.attrs, 'ssh').length > 0) return { address: node.address, message: 'ssh block is set; expected no SSH credentials on compute' };
    if (node.type !== 'azurerm_machine_learning_compute_cluster') return undefined;
    // ssh_public_access_enabled has no documented default in azurerm 4.55 (Azure: "NotSpecified" = open without a VNet): require false.
    const j = judge(doc, node.attrs.ssh_public_access_enabled);
    if (j.state === 'unresolved') return { address: node.address, severity: 'warning', message: `ssh_public_access_enabled cannot be verified: value is ${show(j.text)}` };
    if (j.state === 'missing' || j.value !== false) return { address: node.address, message: `ssh_public_access_enabled is ${j.state === 'missing' ? 'not set' : show(j.value)}; expected false` };
    return undefined;
  }),
];
