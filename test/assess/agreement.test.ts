/**
 * One catalog, three sources: for each rule with a live counterpart, the guardrail on the Terraform that
 * `ailz synth` produces for the reference config, the live check on a documented-format ARM fixture of the same
 * resource in the same configuration, and the same live check on the ARM view of that Terraform (the policy
 * simulator's adapters, `arm/`) reach the same verdict, for the secure form and for an insecure variant. The live
 * fixtures come from Azure's documented response formats (fixtures/arm.ts), never from ailz's own adapters: the
 * second source is independent of the first; the third shows that the live checks judge ailz's ARM view as they
 * judge Azure's responses (NOT_IN_THE_VIEW lists what the view cannot show, with the reason).
 */
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { evaluate, loadDocuments, RULES, TerraformDocument } from '../../guardrails';
import { loadConfigFile } from '../../config/load';
import { assess } from '../../assess/assess';
import { LIVE_COUNTERPART_IDS } from '../../assess/posture';
import { Snapshot } from '../../assess/snapshot';
import { buildArmView } from '../../arm/from-terraform';
import { stackFromTerraformJson, TerraformWorld } from '../../arm/terraform';
import { snapshotOfView } from './support/view-snapshot';
import { TEST_AS_OF } from '../as-of';
import {
  deployment, diagnosticSetting, graphRow, Json, merge, raiPolicy, secureAccount, secureCompute, secureRegistry, secureStorage, secureVault, secureWorkspace,
} from './fixtures/arm';

let dir: string;
let docs: TerraformDocument[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ailz-agree-'));
  // The synth of the reference config, exactly as `npm run synth` produces it.
  const { synthesizeTo } = require('../../cli/synth') as typeof import('../../cli/synth');
  synthesizeTo(loadConfigFile('landing-zone.yaml'), dir);
  docs = loadDocuments(dir);
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SUB = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const WS = `/subscriptions/${SUB}/resourceGroups/rg-p/providers/Microsoft.OperationalInsights/workspaces/log-p`;

interface LiveCase {
  arm: Json;
  rest?: Snapshot['rest'];
}

interface Case {
  rule: string;
  stack: string;
  tfType: string;
  /** Picks the node (default: the first of the type). */
  tfPick?: (name: string, attrs: any) => boolean;
  /** The resource whose finding the rule reports (default: the picked node). */
  tfReport?: (doc: any, name: string) => string;
  insecureTf: (attrs: any, doc: any, name: string) => void;
  live: () => LiveCase;
  insecureLive: (c: LiveCase) => LiveCase;
}

const acct = () => secureAccount(SUB, 'rg-chat', 'oai-chat');
const withRest = (arm: Json, extra: Snapshot['rest'] = {}): LiveCase => ({
  arm,
  rest: { deployments: { [arm.id.toLowerCase()]: [deployment(arm.id, 'gpt-4o')] }, raiPolicies: { [arm.id.toLowerCase()]: [raiPolicy(arm.id, 'ailz-content-filter')] }, diagnosticSettings: { [arm.id.toLowerCase()]: [diagnosticSetting(arm.id, WS)] }, ...extra },
});
const over = (o: Json) => (c: LiveCase): LiveCase => ({ ...c, arm: merge(c.arm, o) });
const notFlowLog = (name: string) => !/FlowLog/i.test(name);
const firstRaiOf = (doc: any) => `azurerm_cognitive_account_rai_policy.${Object.keys(doc.resource.azurerm_cognitive_account_rai_policy)[0]}`;

const CASES: Case[] = [
  { rule: 'AILZ-OAI-001', stack: 'workload-chat', tfType: 'azurerm_cognitive_account', insecureTf: (a) => { a.public_network_access_enabled = true; }, live: () => withRest(acct()), insecureLive: over({ properties: { publicNetworkAccess: 'Enabled' } }) },
  { rule: 'AILZ-OAI-002', stack: 'workload-chat', tfType: 'azurerm_cognitive_account', insecureTf: (a) => { a.local_auth_enabled = true; }, live: () => withRest(acct()), insecureLive: over({ properties: { disableLocalAuth: false } }) },
  { rule: 'AILZ-OAI-003', stack: 'workload-chat', tfType: 'azurerm_cognitive_account', insecureTf: (a) => { a.network_acls.ip_rules = ['203.0.113.7']; }, live: () => withRest(acct()), insecureLive: over({ properties: { networkAcls: { ipRules: [{ value: '203.0.113.7' }] } } }) },
  { rule: 'AILZ-OAI-004', stack: 'workload-chat', tfType: 'azurerm_cognitive_account', insecureTf: (a) => { a.outbound_network_access_restricted = false; }, live: () => withRest(acct()), insecureLive: over({ properties: { restrictOutboundNetworkAccess: false } }) },
  { rule: 'AILZ-OAI-005', stack: 'workload-chat', tfType: 'azurerm_cognitive_account', insecureTf: (a) => { delete a.identity; }, live: () => withRest(acct()), insecureLive: over({ identity: undefined }) },
  { rule: 'AILZ-OAI-006', stack: 'workload-chat', tfType: 'azurerm_cognitive_account', insecureTf: (a) => { a.identity = { type: 'SystemAssigned' }; }, live: () => withRest(acct()), insecureLive: over({ identity: { type: 'SystemAssigned', userAssignedIdentities: undefined } }) },
  { rule: 'AILZ-OAI-007', stack: 'workload-chat', tfType: 'azurerm_cognitive_account', insecureTf: (a) => { delete a.custom_subdomain_name; }, live: () => withRest(acct()), insecureLive: over({ properties: { customSubDomainName: undefined } }) },
  {
    rule: 'AILZ-OAI-008', stack: 'workload-chat', tfType: 'azurerm_cognitive_deployment', insecureTf: (a) => { delete a.rai_policy_name; }, live: () => withRest(acct()),
    // What ARM shows for a deployment created without a policy: the service default.
    insecureLive: (c) => ({ ...c, rest: { ...c.rest, deployments: { [c.arm.id.toLowerCase()]: [deployment(c.arm.id, 'gpt-4o', { properties: { raiPolicyName: 'Microsoft.DefaultV2' } })] } } }),
  },
  {
    rule: 'AILZ-OAI-009', stack: 'workload-chat', tfType: 'azurerm_cognitive_deployment', insecureTf: (a) => { a.version_upgrade_option = 'OnceNewDefaultVersionAvailable'; }, live: () => withRest(acct()),
    insecureLive: (c) => ({ ...c, rest: { ...c.rest, deployments: { [c.arm.id.toLowerCase()]: [deployment(c.arm.id, 'gpt-4o', { properties: { versionUpgradeOption: 'OnceNewDefaultVersionAvailable' } })] } } }),
  },
  {
    // Microsoft retired gpt-4o-mini 2024-07-18 for Standard deployments on 2026-03-31 (azure/models.ts): one
    // judgement (judgeModelDeployment) on the Terraform deployment and on the deployment ARM lists.
    rule: 'AILZ-OAI-013', stack: 'workload-chat', tfType: 'azurerm_cognitive_deployment',
    insecureTf: (a) => { Object.assign([].concat(a.model)[0], { name: 'gpt-4o-mini', version: '2024-07-18' }); Object.assign([].concat(a.sku)[0], { name: 'Standard' }); },
    live: () => withRest(acct()),
    insecureLive: (c) => ({ ...c, rest: { ...c.rest, deployments: { [c.arm.id.toLowerCase()]: [deployment(c.arm.id, 'chat', { sku: { name: 'Standard' }, properties: { model: { name: 'gpt-4o-mini', version: '2024-07-18' } } })] } } }),
  },
  ...([
    ['AILZ-OAI-010', 'Jailbreak', 'jailbreak'],
    ['AILZ-OAI-011', 'Violence', 'violence'],
    ['AILZ-OAI-012', 'Protected Material Code', 'protected_material_code'],
  ] as const).map(([rule, tfName, armName]): Case => ({
    rule, stack: 'workload-chat', tfType: 'azurerm_cognitive_account_rai_policy',
    insecureTf: (a) => { for (const f of [].concat(a.content_filter)) if ((f as any).name === tfName) (f as any).block_enabled = false; },
    live: () => withRest(acct()),
    insecureLive: (c) => ({ ...c, rest: { ...c.rest, raiPolicies: { [c.arm.id.toLowerCase()]: [raiPolicy(c.arm.id, 'ailz-content-filter', (f) => (f.name === armName ? { ...f, blocking: false } : f))] } } }),
  })),
  {
    rule: 'AILZ-DIAG-001', stack: 'workload-chat', tfType: 'azurerm_cognitive_account',
    // The account's setting is an azapi diagnosticSettings (F15: the category-group policy's own shape), or azurerm's.
    insecureTf: (_a, doc, name) => {
      for (const [k, v] of Object.entries<any>(doc.resource.azurerm_monitor_diagnostic_setting ?? {})) if (String(v.target_resource_id).includes(`azurerm_cognitive_account.${name}.`)) delete doc.resource.azurerm_monitor_diagnostic_setting[k];
      for (const [k, v] of Object.entries<any>(doc.resource.azapi_resource ?? {})) if (/^Microsoft\.Insights\/diagnosticSettings@/i.test(v.type) && String(v.parent_id).includes(`azurerm_cognitive_account.${name}.`)) delete doc.resource.azapi_resource[k];
    },
    live: () => withRest(acct()), insecureLive: (c) => ({ ...c, rest: { ...c.rest, diagnosticSettings: {} } }),
  },
  {
    rule: 'AILZ-PE-001', stack: 'workload-chat', tfType: 'azurerm_cognitive_account',
    insecureTf: (_a, doc, name) => { for (const [k, v] of Object.entries<any>(doc.resource.azurerm_private_endpoint)) if (JSON.stringify(v).includes(`azurerm_cognitive_account.${name}.`)) delete doc.resource.azurerm_private_endpoint[k]; },
    live: () => withRest(acct()), insecureLive: over({ properties: { privateEndpointConnections: [] } }),
  },
  // The key is attached to the account by an azapi update (Azure OpenAI takes it through its system identity after creation).
  { rule: 'AILZ-PRD-002', stack: 'workload-chat', tfType: 'azurerm_cognitive_account', insecureTf: (_a, doc, name) => { for (const [k, v] of Object.entries<any>(doc.resource.azapi_update_resource ?? {})) if (v.resource_id === `\${azurerm_cognitive_account.${name}.id}`) delete doc.resource.azapi_update_resource[k]; }, live: () => withRest(acct()), insecureLive: over({ properties: { encryption: { keySource: 'Microsoft.CognitiveServices', keyVaultProperties: undefined } } }) },
  // Key Vault (the chat workload vault)
  { rule: 'AILZ-KV-001', stack: 'workload-chat', tfType: 'azurerm_key_vault', insecureTf: (a) => { a.rbac_authorization_enabled = false; }, live: () => ({ arm: secureVault(SUB, 'rg-chat', 'kv-chat') }), insecureLive: over({ properties: { enableRbacAuthorization: false } }) },
  { rule: 'AILZ-KV-002', stack: 'workload-chat', tfType: 'azurerm_key_vault', insecureTf: (a) => { a.purge_protection_enabled = false; }, live: () => ({ arm: secureVault(SUB, 'rg-chat', 'kv-chat') }), insecureLive: over({ properties: { enablePurgeProtection: false } }) },
  { rule: 'AILZ-KV-003', stack: 'workload-chat', tfType: 'azurerm_key_vault', insecureTf: (a) => { a.soft_delete_retention_days = 5; }, live: () => ({ arm: secureVault(SUB, 'rg-chat', 'kv-chat') }), insecureLive: over({ properties: { softDeleteRetentionInDays: 5 } }) },
  { rule: 'AILZ-KV-004', stack: 'workload-chat', tfType: 'azurerm_key_vault', insecureTf: (a) => { a.public_network_access_enabled = true; }, live: () => ({ arm: secureVault(SUB, 'rg-chat', 'kv-chat') }), insecureLive: over({ properties: { publicNetworkAccess: 'Enabled' } }) },
  { rule: 'AILZ-KV-005', stack: 'workload-chat', tfType: 'azurerm_key_vault', insecureTf: (a) => { a.network_acls.default_action = 'Allow'; }, live: () => ({ arm: secureVault(SUB, 'rg-chat', 'kv-chat') }), insecureLive: over({ properties: { networkAcls: { defaultAction: 'Allow' } } }) },
  { rule: 'AILZ-KV-006', stack: 'workload-chat', tfType: 'azurerm_key_vault', insecureTf: (a) => { a.access_policy = [{ tenant_id: 't', object_id: 'o', secret_permissions: ['Get'] }]; }, live: () => ({ arm: secureVault(SUB, 'rg-chat', 'kv-chat') }), insecureLive: over({ properties: { accessPolicies: [{ tenantId: 't', objectId: 'o', permissions: { secrets: ['get'] } }] } }) },
  // Storage (the research ML storage; not the flow-log destination, which ST-004 treats specially)
  ...([
    ['AILZ-ST-001', 'shared_access_key_enabled', true, { allowSharedKeyAccess: true }],
    ['AILZ-ST-002', 'min_tls_version', 'TLS1_0', { minimumTlsVersion: 'TLS1_0' }],
    ['AILZ-ST-003', 'allow_nested_items_to_be_public', true, { allowBlobPublicAccess: true }],
    ['AILZ-ST-004', 'public_network_access_enabled', true, { publicNetworkAccess: 'Enabled' }],
    ['AILZ-ST-005', 'https_traffic_only_enabled', false, { supportsHttpsTrafficOnly: false }],
    ['AILZ-ST-007', 'default_to_oauth_authentication', false, { defaultToOAuthAuthentication: false }],
    ['AILZ-ST-012', 'local_user_enabled', true, { isLocalUserEnabled: true }],
    ['AILZ-ST-013', 'cross_tenant_replication_enabled', true, { allowCrossTenantReplication: true }],
  ] as const).map(([rule, attr, value, props]): Case => ({
    rule, stack: 'workload-research', tfType: 'azurerm_storage_account', tfPick: notFlowLog,
    insecureTf: (a) => { a[attr] = value; }, live: () => ({ arm: secureStorage(SUB, 'rg-research', 'stresearch') }), insecureLive: over({ properties: props }),
  })),
  // Container registry
  { rule: 'AILZ-ACR-001', stack: 'workload-research', tfType: 'azurerm_container_registry', insecureTf: (a) => { a.sku = 'Standard'; }, live: () => ({ arm: secureRegistry(SUB, 'rg-research', 'crresearch') }), insecureLive: over({ sku: { name: 'Standard', tier: 'Standard' } }) },
  { rule: 'AILZ-ACR-002', stack: 'workload-research', tfType: 'azurerm_container_registry', insecureTf: (a) => { a.admin_enabled = true; }, live: () => ({ arm: secureRegistry(SUB, 'rg-research', 'crresearch') }), insecureLive: over({ properties: { adminUserEnabled: true } }) },
  { rule: 'AILZ-ACR-003', stack: 'workload-research', tfType: 'azurerm_container_registry', insecureTf: (a) => { a.public_network_access_enabled = true; }, live: () => ({ arm: secureRegistry(SUB, 'rg-research', 'crresearch') }), insecureLive: over({ properties: { publicNetworkAccess: 'Enabled' } }) },
  { rule: 'AILZ-ACR-005', stack: 'workload-research', tfType: 'azurerm_container_registry', insecureTf: (a) => { a.export_policy_enabled = true; }, live: () => ({ arm: secureRegistry(SUB, 'rg-research', 'crresearch') }), insecureLive: over({ properties: { policies: { exportPolicy: { status: 'enabled' } } } }) },
  // ML workspace and compute
  ...([
    ['AILZ-ML-001', (a: any) => { a.public_network_access_enabled = true; }, { properties: { publicNetworkAccess: 'Enabled' } }],
    ['AILZ-ML-002', (a: any) => { a.managed_network.isolation_mode = 'AllowInternetOutbound'; }, { properties: { managedNetwork: { isolationMode: 'AllowInternetOutbound' } } }],
    ['AILZ-ML-003', (a: any) => { delete a.primary_user_assigned_identity; }, { properties: { primaryUserAssignedIdentity: undefined } }],
    ['AILZ-ML-004', (a: any) => { a.high_business_impact = false; }, { properties: { hbiWorkspace: false } }],
  ] as const).map(([rule, tf, live]): Case => ({
    rule, stack: 'workload-research', tfType: 'azurerm_machine_learning_workspace', insecureTf: tf,
    live: () => ({ arm: secureWorkspace(SUB, 'rg-research', 'mlw-research', { keyVault: 'kv', storage: 'st', registry: 'cr' }) }), insecureLive: over(live),
  })),
  { rule: 'AILZ-ML-006', stack: 'workload-research', tfType: 'azurerm_machine_learning_compute_cluster', insecureTf: (a) => { a.node_public_ip_enabled = true; }, live: () => ({ arm: secureCompute(`/subscriptions/${SUB}/resourceGroups/rg-research/providers/Microsoft.MachineLearningServices/workspaces/mlw`, 'cpu') }), insecureLive: over({ properties: { properties: { enableNodePublicIp: true } } }) },
  { rule: 'AILZ-ML-007', stack: 'workload-research', tfType: 'azurerm_machine_learning_compute_cluster', insecureTf: (a) => { a.local_auth_enabled = true; }, live: () => ({ arm: secureCompute(`/subscriptions/${SUB}/resourceGroups/rg-research/providers/Microsoft.MachineLearningServices/workspaces/mlw`, 'cpu') }), insecureLive: over({ properties: { disableLocalAuth: false } }) },
  { rule: 'AILZ-ML-008', stack: 'workload-research', tfType: 'azurerm_machine_learning_compute_cluster', insecureTf: (a) => { a.ssh_public_access_enabled = true; }, live: () => ({ arm: secureCompute(`/subscriptions/${SUB}/resourceGroups/rg-research/providers/Microsoft.MachineLearningServices/workspaces/mlw`, 'cpu') }), insecureLive: over({ properties: { properties: { remoteLoginPortPublicAccess: 'Enabled' } } }) },
];

/** The rule's own severity: a finding at it is a verdict; a lower one ("cannot be verified") is not. */
const severity = (rule: string) => RULES.find((r) => r.id === rule)!.severity;

/** The synth output with the case's Terraform resource, made insecure when asked. */
function mutated(c: Case, insecure: boolean) {
  // Only the case's stack changes: the others are shared, never written.
  const copy: TerraformDocument[] = docs.map((d) => (d.stack === c.stack ? { ...d, json: JSON.parse(JSON.stringify(d.json)) } : d));
  const doc = copy.find((d) => d.stack === c.stack)!;
  const byName = doc.json.resource[c.tfType] as Record<string, any>;
  const name = Object.keys(byName).find((n) => (c.tfPick ? c.tfPick(n, byName[n]) : true))!;
  if (insecure) c.insecureTf(byName[name], doc.json, name);
  return { copy, doc, address: `${c.tfType}.${name}` };
}

/** The secure synth output is judged once for every case. */
let secureTf: ReturnType<typeof evaluate>['findings'] | undefined;
let secureView: { view: ReturnType<typeof buildArmView>; findings: ReturnType<typeof assess>['findings'] } | undefined;

function tfVerdict(c: Case, insecure: boolean): boolean {
  const { copy, doc, address } = mutated(c, insecure);
  const all = insecure ? evaluate(copy, { asOf: TEST_AS_OF }).findings : (secureTf ??= evaluate(copy, { asOf: TEST_AS_OF }).findings);
  const findings = all.filter((f) => f.rule === c.rule && f.stack === c.stack && f.severity === severity(c.rule));
  const mine = c.tfType === 'azurerm_cognitive_deployment' ? findings.filter((f) => f.address.startsWith('azurerm_cognitive_deployment.')) : findings.filter((f) => f.address === address || (c.tfType === 'azurerm_cognitive_account_rai_policy' && f.address === firstRaiOf(doc.json)));
  return mine.length > 0;
}

/** The live checks on the ARM view of the same (mutated) synth output: the policy simulator's adapters as the third source. */
function viewVerdict(c: Case, insecure: boolean): boolean {
  const { copy, address } = mutated(c, insecure);
  const judge = () => {
    const view = buildArmView(new TerraformWorld(copy.map((d) => stackFromTerraformJson(d.stack, d.json))));
    return { view, findings: assess(snapshotOfView(view), { asOf: TEST_AS_OF }).findings };
  };
  const { view, findings } = insecure ? judge() : (secureView ??= judge());
  const primary = view.of(c.stack, address)[0];
  const id = (typeof primary.id === 'string' ? primary.id : primary.scopeId).toLowerCase();
  // A deployment's or content filter's findings name it; the verdict is about the account.
  const prefix = /^(.*)\/(deployments|raipolicies)\/[^/]+$/.exec(id)?.[1] ?? id;
  return findings.some((f) => f.rule === c.rule && f.severity === severity(c.rule) && f.resourceId.toLowerCase().startsWith(prefix));
}

/**
 * Rules the ARM view of a synth output cannot show as Azure reports them after apply, with the reason (every other
 * case must reach the same verdict on all three sources).
 */
const NOT_IN_THE_VIEW: Record<string, string> = {
  'AILZ-PE-001': 'privateEndpointConnections is read-only: Azure fills it when it approves the private endpoint, which the view holds as its own resource',
};

function liveVerdict(c: Case, insecure: boolean): boolean {
  const lc = insecure ? c.insecureLive(c.live()) : c.live();
  const snapshot: Snapshot = {
    manifest: { formatVersion: 1, cloud: 'AzureCloud', tenantId: 't', scope: {}, exportedAt: '2026-09-01T00:00:00Z', subscriptions: { seen: [{ subscriptionId: SUB, displayName: 'chat' }], unreadable: [] } },
    // An AI account beside the resource: vaults, storage and registries are judged where AI lives.
    tables: { resources: [graphRow(lc.arm, 't'), graphRow(secureAccount(SUB, lc.arm.id.split('/')[4], 'anchor'), 't')], resourcecontainers: [], authorizationresources: [], policyresources: [], securityresources: [] },
    rest: { diagnosticSettings: {}, deployments: {}, raiPolicies: {}, ...lc.rest },
  };
  const id = lc.arm.id.toLowerCase();
  return assess(snapshot, { asOf: TEST_AS_OF }).findings.some((f) => f.rule === c.rule && f.severity === severity(c.rule) && f.resourceId.toLowerCase().startsWith(id));
}

describe('guardrails on synth output and live checks on documented ARM fixtures agree', () => {
  it.each(CASES.map((c) => [c.rule, c] as const))('%s: secure passes on every source, the insecure variant fails on every source', (_rule, c) => {
    const view = !(c.rule in NOT_IN_THE_VIEW);
    const verdicts = (insecure: boolean) => ({ terraform: tfVerdict(c, insecure), live: liveVerdict(c, insecure), ...(view ? { armViewOfTerraform: viewVerdict(c, insecure) } : {}) });
    const all = (v: boolean) => ({ terraform: v, live: v, ...(view ? { armViewOfTerraform: v } : {}) });
    expect(verdicts(false)).toEqual(all(false));
    expect(verdicts(true)).toEqual(all(true));
  });

  it('every rule with a live counterpart that judges a resource ailz deploys is in the agreement cases, or listed here with the reason', () => {
    const notHere: Record<string, string> = {
      'AILZ-DIAG-002': 'same diagnostics() check as DIAG-001', 'AILZ-DIAG-003': 'same check as DIAG-001', 'AILZ-DIAG-004': 'same check as DIAG-001',
      'AILZ-DIAG-005': 'same check as DIAG-001 on blobServices/default', 'AILZ-DIAG-006': 'same check as DIAG-001', 'AILZ-DIAG-007': 'ailz deploys no search service',
      'AILZ-DIAG-010': 'per-setting checks: collect-assess test', 'AILZ-DIAG-011': 'per-setting checks: collect-assess test', 'AILZ-DIAG-012': 'per-setting checks: collect-assess test',
      'AILZ-PE-002': 'same privateEndpoint() check as PE-001', 'AILZ-PE-003': 'same check as PE-001', 'AILZ-PE-004': 'same check as PE-001', 'AILZ-PE-005': 'same check as PE-001', 'AILZ-PE-006': 'ailz deploys no search service',
      'AILZ-SRCH-001': 'ailz deploys no search service', 'AILZ-SRCH-002': 'ailz deploys no search service', 'AILZ-SRCH-003': 'ailz deploys no search service', 'AILZ-SRCH-004': 'ailz deploys no search service',
      'AILZ-ST-006': 'infrastructure encryption: same property() check; ailz sets it', 'AILZ-ST-011': 'same property() check as KV-005',
      'AILZ-ACR-004': 'same property() check as ACR-002', 'AILZ-ML-005': 'ailz sets no serverless_compute block',
      'AILZ-PRD-001': 'Global SKUs: collect-assess test', 'AILZ-PRD-003': 'same keySource check as PRD-002', 'AILZ-PRD-004': 'same encryption check',
      'AILZ-LOG-001': 'platform workspace: collect-assess tenant', 'AILZ-LOG-002': 'platform workspace: collect-assess tenant',
    };
    const covered = new Set(CASES.map((c) => c.rule));
    const missing = [...LIVE_COUNTERPART_IDS].filter((id) => !covered.has(id) && !(id in notHere)).sort();
    expect(missing).toEqual([]);
  });
});

describe('the rule catalog says where each rule applies', () => {
  it('a retired live-only ID is in no catalog, and names the rule that replaced it', () => {
    const { LIVE_ONLY_RULES, RETIRED_LIVE_RULES } = require('../../guardrails/live-rules') as typeof import('../../guardrails/live-rules');
    const ids = new Set([...RULES, ...LIVE_ONLY_RULES].map((r) => r.id));
    for (const [retired, by] of Object.entries(RETIRED_LIVE_RULES)) {
      expect({ retired, inCatalog: ids.has(retired), replacement: ids.has(by) }).toEqual({ retired, inCatalog: false, replacement: true });
    }
  });

  it('guardrails/live-rules.ts LIVE_COUNTERPARTS is exactly the set of rules assess judges under catalog IDs', () => {
    const { LIVE_COUNTERPARTS } = require('../../guardrails/live-rules') as typeof import('../../guardrails/live-rules');
    const judged = new Set([...LIVE_COUNTERPART_IDS, 'AILZ-IAM-001', 'AILZ-GOV-001', 'AILZ-GOV-003', 'AILZ-DEF-001', 'AILZ-MON-002', 'AILZ-MON-003']);
    expect([...LIVE_COUNTERPARTS].sort()).toEqual([...judged].sort());
  });
});

describe('drift (--against the synth output)', () => {
  it('reports a vault turned public and a role assignment added by hand at a scope ailz manages', () => {
    const chat = docs.find((d) => d.stack === 'workload-chat')!;
    const name = (Object.values(chat.json.resource.azurerm_key_vault)[0] as any).name as string;
    const kv = secureVault(SUB, 'rg-chat', name, { properties: { publicNetworkAccess: 'Enabled' } });
    const handmade = { id: `${kv.id}/providers/Microsoft.Authorization/roleAssignments/r1`, name: 'r1', type: 'microsoft.authorization/roleassignments', subscriptionId: SUB,
      properties: { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/00482a5a-887f-4fb3-b363-3b7fe8e74483', principalId: '0e0e0e0e-0000-4000-8000-000000000001', principalType: 'User', scope: kv.id } };
    const snapshot: Snapshot = {
      manifest: { formatVersion: 1, cloud: 'AzureCloud', tenantId: 't', scope: {}, exportedAt: '2026-09-01T00:00:00Z', subscriptions: { seen: [], unreadable: [] } },
      tables: { resources: [graphRow(kv, 't')], resourcecontainers: [], authorizationresources: [handmade], policyresources: [], securityresources: [] },
      rest: {},
    };
    const drift = assess(snapshot, { against: docs }).findings.filter((f) => f.rule.startsWith('AILZ-LIVE-01'));
    expect(drift.map((f) => [f.rule, f.evidence?.property])).toEqual([
      ['AILZ-LIVE-011', 'properties.publicNetworkAccess'],
      ['AILZ-LIVE-012', 'properties.roleDefinitionId'],
    ]);
    expect(drift[0].message).toMatch(/^properties.publicNetworkAccess is "Enabled" but workload-chat\/azurerm_key_vault\.\S+ synthesizes "Disabled"$/);
    // The same vault as synthesized: no drift.
    const clean = { ...snapshot, tables: { ...snapshot.tables, resources: [graphRow(secureVault(SUB, 'rg-chat', name), 't')], authorizationresources: [] } };
    expect(assess(clean, { against: docs }).findings.filter((f) => f.rule.startsWith('AILZ-LIVE-01'))).toEqual([]);
  });

  it('compares the ARM view of the synth output (provider defaults included) with the live account; in another subscription it is not the same account', () => {
    const chat = docs.find((d) => d.stack === 'workload-chat')!;
    const name = (Object.values(chat.json.resource.azurerm_cognitive_account)[0] as any).name as string;
    // local_auth_enabled = false in Terraform is disableLocalAuth = true in ARM (the adapter, after the provider's expand).
    const opened = secureAccount(SUB, 'rg-chat', name, { properties: { disableLocalAuth: false } });
    const snapshotOf = (arm: Json): Snapshot => ({
      manifest: { formatVersion: 1, cloud: 'AzureCloud', tenantId: 't', scope: {}, exportedAt: '2026-09-01T00:00:00Z', subscriptions: { seen: [], unreadable: [] } },
      tables: { resources: [graphRow(arm, 't')], resourcecontainers: [], authorizationresources: [], policyresources: [], securityresources: [] },
      rest: {},
    });
    const drift = (arm: Json) => assess(snapshotOf(arm), { against: docs }).findings.filter((f) => f.rule === 'AILZ-LIVE-011').map((f) => f.message);
    expect(drift(opened)).toEqual([expect.stringMatching(/^properties.disableLocalAuth is false but workload-chat\/azurerm_cognitive_account\.\S+ synthesizes true$/)]);
    expect(drift(secureAccount(SUB, 'rg-chat', name))).toEqual([]);
    expect(drift(secureAccount('9f9f9f9f-0000-4000-8000-000000000000', 'rg-chat', name, { properties: { disableLocalAuth: false } }))).toEqual([]);
  });
});
