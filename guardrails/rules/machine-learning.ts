/**
 * Azure Machine Learning workspaces and computes. Attribute names: azurerm 4.55.0
 * (lib/machine-learning-workspace, lib/machine-learning-compute-cluster, lib/machine-learning-compute-instance).
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { block, blocks, judge, parseRef, show } from '../document';
import { attributeRule, checkValue, isFalse, isTrue, nonEmptyString, resourceRule } from './helpers';
import { ML_IDENTITY_DATASTORES, ML_MANAGED_NETWORK_IDENTITY } from '../../azure/machine-learning';
import { azapiOfType, bodyValue } from '../azapi';
import { roleOf } from './identity';
import { alsoArm, armEquals, checkArm } from './arm';

const WORKSPACE_ARM = 'Microsoft.MachineLearningServices/workspaces';

/** Whether two values name the same resource: references to the same address, or equal literals. */
function sameTarget(a: unknown, b: unknown): boolean {
  const ra = parseRef(a);
  const rb = parseRef(b);
  if (ra && rb) return ra.address === rb.address && ra.suffix === rb.suffix;
  return typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();
}

/** Role assignments of `roleId` held by the principal of the identity `identityRef` (`${azurerm_user_assigned_identity.x.id}`). */
function assignmentsOf(doc: DocumentIndex, identityRef: unknown, roleId: string): ResourceNode[] {
  const identity = parseRef(identityRef);
  if (!identity) return [];
  return doc.ofType('azurerm_role_assignment').filter((ra) => {
    const p = parseRef(ra.attrs.principal_id);
    const role = roleOf(doc, ra.attrs);
    return p !== undefined && p.address === identity.address && p.attr === 'principal_id' && role.state === 'known' && role.role?.id === roleId;
  });
}

/** Whether an azapi update or azapi workspace of this document sets identity-based system datastores for `workspace`. */
function identityDatastores(doc: DocumentIndex, workspace: ResourceNode): boolean | 'unresolved' {
  const wanted = ML_IDENTITY_DATASTORES.value.toLowerCase();
  let unresolved = false;
  for (const view of azapiOfType(doc, WORKSPACE_ARM)) {
    const mine = view.update ? parseRef(view.node.attrs.resource_id)?.address === workspace.address : view.node === workspace;
    if (!mine) continue;
    const j = judge(doc, bodyValue(view, ML_IDENTITY_DATASTORES.property));
    if (j.state === 'unresolved') unresolved = true;
    if (j.state === 'literal' && typeof j.value === 'string' && j.value.toLowerCase() === wanted) return true;
  }
  return unresolved ? 'unresolved' : false;
}

const WORKSPACE = ['azurerm_machine_learning_workspace'] as const;
const COMPUTE = ['azurerm_machine_learning_compute_cluster', 'azurerm_machine_learning_compute_instance'] as const;

export const MACHINE_LEARNING_RULES: readonly Rule[] = [
  alsoArm(attributeRule({
    id: 'AILZ-ML-001', severity: 'error', area: 'network', resourceTypes: WORKSPACE,
    title: 'ML workspace disables public network access',
    rationale: 'Workspaces hold training data connections, models and compute credentials; they are reached through private endpoints only.',
    remediation: 'set public_network_access_enabled = false and add an amlworkspace private endpoint',
    path: 'public_network_access_enabled', secure: isFalse, expected: 'false', defaultValue: true,
    references: { checkov: ['CKV_AZURE_144'], azurePolicy: ['438c38d2-3772-465a-a9cc-7a6666a275ce'], mcsb: ['NS-2'] },
  }), WORKSPACE_ARM, (doc, v) => checkArm(doc, v, { path: 'properties.publicNetworkAccess', secure: armEquals('Disabled'), expected: '"Disabled"', defaultValue: 'Enabled' })),
  alsoArm(attributeRule({
    id: 'AILZ-ML-002', severity: 'error', area: 'network', resourceTypes: WORKSPACE,
    title: 'ML workspace managed network allows only approved outbound traffic',
    rationale: 'Approved-outbound isolation stops training jobs and notebooks from exfiltrating data to arbitrary destinations.',
    remediation: 'set managed_network { isolation_mode = "AllowOnlyApprovedOutbound" }',
    path: 'managed_network.isolation_mode', secure: (v) => v === 'AllowOnlyApprovedOutbound', expected: '"AllowOnlyApprovedOutbound"',
    references: { azurePolicy: ['6ddb1705-c8cf-450e-aa4b-19ad6703c440'], mcsb: ['NS-2'] },
  }), WORKSPACE_ARM, (doc, v) => checkArm(doc, v, { path: 'properties.managedNetwork.isolationMode', secure: armEquals('AllowOnlyApprovedOutbound'), expected: '"AllowOnlyApprovedOutbound"', defaultValue: 'Disabled' })),
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
  alsoArm(attributeRule({
    id: 'AILZ-ML-004', severity: 'error', area: 'data', resourceTypes: WORKSPACE,
    title: 'ML workspace is flagged high business impact',
    rationale: 'High business impact limits the diagnostic data Microsoft collects from the workspace and adds encryption of local scratch disks.',
    remediation: 'set high_business_impact = true',
    path: 'high_business_impact', secure: isTrue, expected: 'true', defaultValue: false,
    references: { mcsb: ['DP-4'] },
  }), WORKSPACE_ARM, (doc, v) => checkArm(doc, v, { path: 'properties.hbiWorkspace', secure: isTrue, expected: 'true', defaultValue: false })),
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
  {
    id: 'AILZ-ML-009', severity: 'error', area: 'network',
    title: 'ML workspace with a user-assigned identity and a managed network can approve its private endpoints',
    rationale: `The managed network creates private endpoints to the workspace's storage, key vault and registry and approves them as the workspace identity; Microsoft requires "${ML_MANAGED_NETWORK_IDENTITY.approverRole.name}" for a user-assigned identity (${ML_MANAGED_NETWORK_IDENTITY.source}). Without it compute provisioning fails or jobs cannot reach their data.`,
    remediation: `grant the primary user-assigned identity "${ML_MANAGED_NETWORK_IDENTITY.approverRole.name}" (${ML_MANAGED_NETWORK_IDENTITY.approverRole.id}) on the workspace's storage account, key vault and container registry (ailz: grantPrivateEndpointApproval)`,
    references: { mcsb: ['NS-2'] },
    check(doc) {
      const out: Violation[] = [];
      for (const node of doc.ofType('azurerm_machine_learning_workspace')) {
        const mode = judge(doc, block(node.attrs, 'managed_network')?.isolation_mode);
        if (mode.state === 'missing' || (mode.state === 'literal' && mode.value === 'Disabled')) continue;
        const type = judge(doc, block(node.attrs, 'identity')?.type);
        if (type.state === 'literal' && !(typeof type.value === 'string' && type.value.includes('UserAssigned'))) continue;
        const primary = node.attrs.primary_user_assigned_identity;
        const identity = parseRef(primary);
        if (!identity || mode.state === 'unresolved' || type.state === 'unresolved') {
          out.push({ address: node.address, severity: 'warning', message: `private endpoint approval cannot be verified: primary_user_assigned_identity is ${show(primary)}, managed network ${mode.state === 'literal' ? show(mode.value) : 'unresolved'}` });
          continue;
        }
        const approvals = assignmentsOf(doc, primary, ML_MANAGED_NETWORK_IDENTITY.approverRole.id);
        const missing = ['storage_account_id', 'key_vault_id', 'container_registry_id']
          .filter((attr) => node.attrs[attr] !== undefined && node.attrs[attr] !== null)
          .filter((attr) => !approvals.some((ra) => sameTarget(ra.attrs.scope, node.attrs[attr])));
        if (missing.length) out.push({ address: node.address, message: `${identity.address} cannot approve the managed network's private endpoints on ${missing.join(', ')} (no ${ML_MANAGED_NETWORK_IDENTITY.approverRole.name} there)` });
      }
      return out;
    },
  },
  {
    id: 'AILZ-ML-010', severity: 'error', area: 'identity',
    title: 'ML workspace whose storage has shared keys disabled reaches it with identities (systemDatastoresAuthMode = identity)',
    rationale: `A workspace uses shared keys for its default storage unless systemDatastoresAuthMode is "identity" (${ML_IDENTITY_DATASTORES.source}); with shared keys disabled its system datastores, studio and notebooks cannot read the storage. azurerm 4.55 cannot set the property.`,
    remediation: 'add azapi_update_resource type "Microsoft.MachineLearningServices/workspaces@2025-06-01" on the workspace with body.properties.systemDatastoresAuthMode = "Identity" (ailz: MachineLearningWorkspace datastoreAuth), and grant users Storage Blob Data Contributor and Storage File Data Privileged Contributor on the storage account',
    references: { mcsb: ['IM-1'] },
    check(doc) {
      const out: Violation[] = [];
      const judgeWorkspace = (node: ResourceNode, storageRef: unknown) => {
        const ref = parseRef(storageRef);
        const storage = ref && !ref.suffix ? doc.byAddress(ref.address) : undefined;
        if (!storage || storage.type !== 'azurerm_storage_account') return;
        const keys = judge(doc, storage.attrs.shared_access_key_enabled);
        if (!(keys.state === 'literal' && keys.value === false)) return;
        const mode = identityDatastores(doc, node);
        if (mode === 'unresolved') out.push({ address: node.address, severity: 'warning', message: 'systemDatastoresAuthMode cannot be verified: value is an unresolved expression' });
        else if (!mode) out.push({ address: node.address, message: `default storage ${storage.address} has shared keys disabled but the workspace still uses access keys for its system datastores (systemDatastoresAuthMode is not "identity")` });
      };
      for (const node of doc.ofType('azurerm_machine_learning_workspace')) judgeWorkspace(node, node.attrs.storage_account_id);
      for (const view of azapiOfType(doc, WORKSPACE_ARM)) if (!view.update) judgeWorkspace(view.node, bodyValue(view, 'properties.storageAccount'));
      return out;
    },
  },
];
