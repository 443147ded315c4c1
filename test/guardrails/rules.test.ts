/**
 * Every rule: at least one compliant and one non-compliant fixture (enforced below). Non-compliant
 * fixtures are the hardened golden stack with one misconfiguration; compliant fixtures are the golden
 * stack itself or an alternative secure form.
 */
import { evaluate, RULES, Severity, TerraformDocument } from '../../guardrails';
import { gatewayJson, GATEWAY_POLICY } from './fixtures';
import { golden, r, variant, LAW, PLATFORM_WORKSPACE, landingZone, labJson, platformJson, governanceJson, DEMO_SUBSCRIPTION, flowLogJson, azurermFlowLogJson } from './fixtures';
import { DETECTIONS } from '../../catalog/detections';
import { TEST_AS_OF } from '../as-of';

/** `with`: the other stacks evaluated in the same run (cross-stack rules); a compliant case may be a whole set. */
interface Bad { doc: TerraformDocument; with?: TerraformDocument[]; severity?: Severity; address?: string; message?: RegExp }
interface Cases { compliant: (TerraformDocument | TerraformDocument[])[]; noncompliant: Bad[] }

const G = golden();
const bad = (mutate: (j: any) => void, extra: Omit<Bad, 'doc'> = {}, stack?: string): Bad => ({ doc: variant(mutate, stack), ...extra });
const del = (type: string, name: string, attr: string) => (j: any) => { delete r(j, type, name)[attr]; };
const set = (type: string, name: string, attr: string, value: unknown) => (j: any) => { r(j, type, name)[attr] = value; };
const rmRes = (type: string, name: string) => (j: any) => { delete j.resource[type][name]; };

type Stacks = Parameters<typeof landingZone>[0];
/** The clean four-stack landing zone with one stack changed; the finding is expected on `stack`. */
const lz = (mutate: Stacks, extra: Omit<Bad, 'doc' | 'with'> = {}, stack = 'governance'): Bad => {
  const docs = landingZone(mutate);
  const doc = docs.find((d) => d.stack === stack)!;
  return { doc, with: docs.filter((d) => d !== doc), ...extra };
};
const LZ = landingZone();
/** The governance fixture changed by `mutate`, judged alone. */
const gov = (mutate: (j: any) => void, extra: Omit<Bad, 'doc'> = {}): Bad => { const json = governanceJson(); mutate(json); return { doc: { stack: 'governance', json }, ...extra }; };
/** `lz` without the lab workload, for governance changes whose findings would also land on it. */
const lzDemo = (mutate: Stacks, extra: Omit<Bad, 'doc' | 'with'> = {}): Bad => {
  const c = lz(mutate, extra, 'workload-demo');
  return { ...c, with: c.with!.filter((d) => d.stack !== 'workload-lab') };
};
const LAB: TerraformDocument = { stack: 'workload-lab', json: labJson() };
const PLATFORM: TerraformDocument = { stack: 'platform', json: platformJson() };
const GOVERNANCE: TerraformDocument = { stack: 'governance', json: governanceJson() };
const platformVariant = (mutate: (j: any) => void): TerraformDocument => { const json = platformJson(); mutate(json); return { stack: 'platform', json }; };
const labVariant = (mutate: (j: any) => void): TerraformDocument => { const json = labJson(); mutate(json); return { stack: 'workload-lab', json }; };
const GA = 'azurerm_management_group_policy_assignment';
const ASSOC = 'azurerm_management_group_subscription_association';
const BUDGET = 'azurerm_consumption_budget_subscription';
const PRICING = 'azurerm_security_center_subscription_pricing';
const SCHED = 'azurerm_sentinel_alert_rule_scheduled';
const MG_ID = (name: string) => `/providers/Microsoft.Management/managementGroups/${name}`;

const OAI = 'azurerm_cognitive_account';
const DEP = 'azurerm_cognitive_deployment';
const RAI = 'azurerm_cognitive_account_rai_policy';
const MLW = 'azurerm_machine_learning_workspace';
const CC = 'azurerm_machine_learning_compute_cluster';
const CI = 'azurerm_machine_learning_compute_instance';
const KV = 'azurerm_key_vault';
const ST = 'azurerm_storage_account';
const ACR = 'azurerm_container_registry';
const SRCH = 'azurerm_search_service';
const NSG = 'azurerm_network_security_group';
const SUBNET = 'azurerm_subnet';
const PE = 'azurerm_private_endpoint';
const DIAG = 'azurerm_monitor_diagnostic_setting';
const AZAPI = 'azapi_resource';
const RA = 'azurerm_role_assignment';
const LAWT = 'azurerm_log_analytics_workspace';

/** An Azure OpenAI account created through azapi with the secure body, with `props` merged into its properties (undefined removes). */
const addAzapiAccount = (props: Record<string, unknown>, top: Record<string, unknown> = {}) => (j: any) => {
  const properties: Record<string, unknown> = {
    publicNetworkAccess: 'Disabled', disableLocalAuth: true, customSubDomainName: 'oai-acct',
    networkAcls: { defaultAction: 'Deny', ipRules: [], virtualNetworkRules: [] }, restrictOutboundNetworkAccess: true, allowedFqdnList: [],
  };
  for (const [k, v] of Object.entries(props)) { if (v === undefined) delete properties[k]; else properties[k] = v; }
  const acct: any = {
    type: 'Microsoft.CognitiveServices/accounts@2025-06-01', name: 'oai-acct', parent_id: '${azurerm_resource_group.rg.id}', location: 'swedencentral',
    identity: [{ type: 'SystemAssigned, UserAssigned', identity_ids: ['${azurerm_user_assigned_identity.app.id}'] }],
    body: { kind: 'OpenAI', sku: { name: 'S0' }, properties }, tags: { environment: 'production' },
  };
  for (const [k, v] of Object.entries(top)) { if (v === undefined) delete acct[k]; else acct[k] = v; }
  j.resource.azapi_resource.acct = acct;
};
/** An azapi update of the golden ML workspace setting `properties`. */
const updateWorkspace = (properties: Record<string, unknown>) => (j: any) => {
  j.resource.azapi_update_resource.ws_open = { type: 'Microsoft.MachineLearningServices/workspaces@2025-06-01', resource_id: '${azurerm_machine_learning_workspace.mlw.id}', body: { properties } };
};
/** An azapi update of the golden account setting `properties`. */
const updateAccount = (properties: Record<string, unknown>) => (j: any) => {
  j.resource.azapi_update_resource.open = { type: 'Microsoft.CognitiveServices/accounts@2025-06-01', resource_id: '${azurerm_cognitive_account.oai.id}', body: { properties } };
};

/** The golden content filter policy written through azapi (ARM names), with `edit` applied to each filter. */
const addAzapiRai = (edit: (f: any) => any = (f) => f) => (j: any) => {
  const contentFilters = (r(j, RAI, 'rai').content_filter as any[]).map((f) => edit({
    name: f.name, source: f.source, enabled: f.filter_enabled, blocking: f.block_enabled, ...(f.severity_threshold ? { severityThreshold: f.severity_threshold } : {}),
  }));
  j.resource.azapi_resource.rai2 = {
    type: 'Microsoft.CognitiveServices/accounts/raiPolicies@2025-06-01', name: 'ailz-strict-2', parent_id: '${azurerm_cognitive_account.oai.id}',
    body: { properties: { basePolicyName: 'Microsoft.DefaultV2', mode: 'Blocking', contentFilters } },
  };
};

/** A Sentinel scheduled rule written with azapi (`Microsoft.SecurityInsights/alertRules`). */
const sentinelAzapi = (apiVersion: string, techniques: string[], subTechniques: string[]) => ({
  type: `Microsoft.SecurityInsights/alertRules@${apiVersion}`, name: 'r', parent_id: '${azurerm_log_analytics_workspace.law.id}',
  body: { kind: 'Scheduled', properties: { displayName: 'r', techniques, ...(subTechniques.length ? { subTechniques } : {}) } },
});
const filters = (j: any) => r(j, RAI, 'rai').content_filter as any[];
/** A model deployment of the golden account written as `azapi_resource` (ARM body) instead of azurerm. */
const azapiDeployment = (model: string, version: string, sku: string) => (j: any) => {
  j.resource.azapi_resource = { dep: {
    type: 'Microsoft.CognitiveServices/accounts/deployments@2025-06-01', name: 'dep', parent_id: '${azurerm_cognitive_account.oai.id}',
    body: { sku: { name: sku, capacity: 10 }, properties: { model: { format: 'OpenAI', name: model, version }, raiPolicyName: 'ailz-strict' } },
  } };
};

/** Flow-log documents (stack `workload-demo`), optionally changed. */
const flowDoc = (mutate: (j: any) => void = () => undefined, base: () => any = flowLogJson): TerraformDocument => { const j = base(); mutate(j); return { stack: 'workload-demo', json: j }; };
const FLOW_ACCOUNT_ID = `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/rg-demo/providers/Microsoft.Storage/storageAccounts/stdemoflow`;
/** Governance with the st-no-public-network assignment set to Deny (as ailz assigns it), changed by `mutate`. */
const denyGovernance = (mutate: (a: any, j: any) => void = () => undefined): TerraformDocument => {
  const j = governanceJson();
  const a = j.resource[GA]['st-no-public-network'];
  a.parameters = JSON.stringify({ effect: { value: 'Deny' } });
  mutate(a, j);
  return { stack: 'governance', json: j };
};
const FEATURES_NO_DATA_PLANE = [{ storage: [{ data_plane_available: false }] }];
const findFilter = (j: any, name: string, source: string) => filters(j).find((f) => f.name === name && f.source === source);

const GW: TerraformDocument = { stack: 'platform-gw', json: gatewayJson() };
const gwVariant = (mutate: (j: any) => void): TerraformDocument => { const json = gatewayJson(); mutate(json); return { stack: 'platform-gw', json }; };
const gwBad = (mutate: (j: any) => void, extra: Omit<Bad, 'doc'> = {}): Bad => ({ doc: gwVariant(mutate), ...extra });
const APIMR = 'azurerm_api_management';
const APIR = 'azurerm_api_management_api';
const POLICY = 'azurerm_api_management_api_policy';
const BACKEND = 'azurerm_api_management_backend';
const setPolicy = (xml: string) => (j: any) => { r(j, POLICY, 'api').xml_content = xml; };
const llm = (j: any) => j.resource.azapi_resource.api_diag.body.properties.largeLanguageModel;

const CASES: Record<string, Cases> = {
  'AILZ-APIM-001': {
    compliant: [GW],
    noncompliant: [
      gwBad(set(APIMR, 'apim', 'virtual_network_type', 'External'), { message: /External.*expected "Internal"/ }),
      gwBad((j) => { delete r(j, APIMR, 'apim').virtual_network_type; delete r(j, APIMR, 'apim').virtual_network_configuration; }, { message: /None \(azurerm default\)/ }),
      gwBad(del(APIMR, 'apim', 'virtual_network_configuration'), { message: /without virtual_network_configuration/ }),
      gwBad(set(APIMR, 'apim', 'virtual_network_type', '${var.mode}'), { severity: 'warning' }),
    ],
  },
  'AILZ-APIM-002': {
    compliant: [GW],
    noncompliant: [
      gwBad(del(APIR, 'api', 'subscription_required'), { message: /azurerm default true/ }),
      gwBad(set(APIR, 'api', 'subscription_required', true), { message: /expected false/ }),
    ],
  },
  'AILZ-APIM-003': {
    compliant: [GW],
    noncompliant: [
      gwBad(set(BACKEND, 'oai', 'credentials', [{ header: { 'api-key': '${var.key}' } }]), { message: /header/ }),
      gwBad(set(BACKEND, 'oai', 'credentials', [{ authorization: [{ scheme: 'Bearer', parameter: 'x' }] }]), { message: /authorization/ }),
      gwBad(setPolicy(GATEWAY_POLICY.replace('<set-header name="api-key" exists-action="delete" />', '<set-header name="api-key" exists-action="override"><value>{{key}}</value></set-header>')), { message: /api-key header/ }),
    ],
  },
  'AILZ-APIM-004': {
    compliant: [GW],
    noncompliant: [
      gwBad(rmRes('azurerm_monitor_diagnostic_setting', 'apim_prompts'), { message: /GatewayLlmLogs/ }),
      gwBad(rmRes('azurerm_monitor_diagnostic_setting', 'apim'), { message: /GatewayLogs.*AllMetrics/ }),
    ],
  },
  'AILZ-APIM-005': {
    compliant: [GW],
    noncompliant: [
      gwBad((j) => { delete j.resource.azapi_resource.api_diag; }, { message: /no API diagnostic/ }),
      gwBad((j) => { llm(j).logs = 'disabled'; }, { message: /does not log all/ }),
      gwBad((j) => { llm(j).requests.messages = 'none'; }, { message: /does not log all/ }),
    ],
  },
  'AILZ-APIM-006': {
    compliant: [GW, gwVariant(setPolicy(GATEWAY_POLICY.replace(/<llm-token-limit /, '<azure-openai-token-limit ')))],
    noncompliant: [
      gwBad(setPolicy(GATEWAY_POLICY.replace(/\s*<llm-token-limit [^>]*\/>/, '')), { message: /no <llm-token-limit>/ }),
      gwBad(rmRes(POLICY, 'api'), { message: /no azurerm_api_management_api_policy/ }),
      gwBad(setPolicy('${file("policy.xml")}'), { severity: 'warning' }),
    ],
  },
  'AILZ-APIM-007': {
    compliant: [GW],
    noncompliant: [
      gwBad(setPolicy(GATEWAY_POLICY.replace(/<validate-azure-ad-token[\s\S]*<\/validate-azure-ad-token>/, '')), { message: /validate-azure-ad-token/ }),
    ],
  },
  'AILZ-APIM-008': {
    compliant: [GW],
    noncompliant: [gwBad(del(APIMR, 'apim', 'identity'), { message: /no identity block/ })],
  },
  'AILZ-APIM-009': {
    compliant: [GW],
    noncompliant: [gwBad(set(APIMR, 'apim', 'security', [{ frontend_tls10_enabled: true }]), { message: /frontend_tls10_enabled/ })],
  },
  'AILZ-APIM-010': {
    compliant: [GW],
    noncompliant: [
      gwBad((j) => { r(j, DIAG, 'apim_prompts').log_analytics_workspace_id = r(j, DIAG, 'apim').log_analytics_workspace_id; }, { severity: 'warning', message: /share a workspace/ }),
      gwBad((j) => { r(j, DIAG, 'apim').enabled_log.push({ category: 'GatewayLlmLogs' }); }, { severity: 'warning', message: /share a workspace/ }),
    ],
  },
  'AILZ-PRD-007': {
    compliant: [G],
    noncompliant: [bad((j) => { delete j.resource.azurerm_api_management_backend; }, { severity: 'warning', message: /no AI gateway backend.*\(production\)/ })],
  },
  'AILZ-PRD-001': {
    compliant: [G, variant((j) => { r(j, DEP, 'gpt').sku = [{ name: 'GlobalStandard', capacity: 10 }]; r(j, OAI, 'oai').tags.environment = 'experimentation'; })],
    noncompliant: [bad((j) => { r(j, DEP, 'gpt').sku = [{ name: 'GlobalStandard', capacity: 10 }]; }, { severity: 'warning', message: /processes prompts globally/ })],
  },
  'AILZ-PRD-002': {
    compliant: [
      G,
      variant((j) => { delete j.resource.azapi_update_resource; r(j, OAI, 'oai').tags.environment = 'experimentation'; }),
      variant((j) => { delete j.resource.azapi_update_resource; r(j, OAI, 'oai').customer_managed_key = [{ key_vault_key_id: '${azapi_resource.cmk.output.properties.keyUri}' }]; }),
      variant((j) => { delete j.resource.azapi_update_resource; j.resource.azurerm_cognitive_account_customer_managed_key = { c: { cognitive_account_id: '${azurerm_cognitive_account.oai.id}', key_vault_key_id: '${azapi_resource.cmk.output.properties.keyUri}' } }; }),
      variant(addAzapiAccount({ encryption: { keySource: 'Microsoft.KeyVault', keyVaultProperties: { keyName: 'cmk', keyVaultUri: '${azurerm_key_vault.kv.vault_uri}' } } })),
    ],
    noncompliant: [
      bad((j) => { delete j.resource.azapi_update_resource; }, { severity: 'warning', address: `${OAI}.oai` }),
      bad((j) => { r(j, 'azapi_update_resource', 'oai_cmk').body.properties.encryption.keySource = 'Microsoft.CognitiveServices'; }, { severity: 'warning' }),
      // The same account created through azapi is judged the same way.
      bad(addAzapiAccount({}), { severity: 'warning', address: 'azapi_resource.acct' }),
    ],
  },
  'AILZ-PRD-003': {
    compliant: [G, variant((j) => { r(j, ST, 'st').tags = { environment: 'production' }; r(j, ST, 'st').customer_managed_key = [{ key_vault_key_id: 'k', user_assigned_identity_id: 'i' }]; })],
    noncompliant: [bad((j) => { r(j, ST, 'st').tags = { environment: 'production' }; }, { severity: 'warning' })],
  },
  'AILZ-PRD-004': {
    compliant: [G, variant((j) => { r(j, MLW, 'mlw').tags = { environment: 'production' }; r(j, MLW, 'mlw').encryption = [{ key_id: 'k', key_vault_id: 'v', user_assigned_identity_id: 'i' }]; })],
    noncompliant: [bad((j) => { r(j, MLW, 'mlw').tags = { environment: 'production' }; }, { severity: 'warning' })],
  },
  'AILZ-PRD-006': {
    compliant: [LZ, landingZone({ governance: (j) => { r(j, 'azurerm_subscription_policy_assignment', 'demo_vaults').parameters = JSON.stringify({ resourceTypes: { value: ['Microsoft.KeyVault/vaults', 'Microsoft.Storage/storageAccounts'] } }); } })],
    noncompliant: [
      // deleteLock: false for a production workload: nothing keeps its vaults.
      lz({ governance: (j) => { delete j.resource.azurerm_subscription_policy_assignment; } }, { address: 'azurerm_subscription_policy_assignment[workload-demo]', message: /is production, but nothing keeps its Key Vaults from being deleted/ }),
      // A mode-All definition never blocks the resource group deletion (Learn denyAction effect).
      lz({ governance: (j) => { r(j, 'azurerm_policy_definition', 'deny_delete').mode = 'All'; } }, { address: 'azurerm_subscription_policy_assignment[workload-demo]' }),
      // Protects other types only.
      lz({ governance: (j) => { r(j, 'azurerm_subscription_policy_assignment', 'demo_vaults').parameters = JSON.stringify({ resourceTypes: { value: ['Microsoft.Storage/storageAccounts'] } }); } }, { address: 'azurerm_subscription_policy_assignment[workload-demo]' }),
      lz({ governance: (j) => { r(j, 'azurerm_policy_definition', 'deny_delete').policy_rule = '${local.rule}'; } }, { address: 'azurerm_subscription_policy_assignment[workload-demo]', message: /cannot be shown/ }),
    ],
  },
  'AILZ-GOV-007': {
    // A lock over a resource with nothing Terraform manages under it (the registry without its setting, endpoint and grant).
    compliant: [G, variant((j) => {
      j.resource.azurerm_management_lock = { lock: { name: 'l', scope: '${azurerm_container_registry.acr.id}', lock_level: 'CanNotDelete', notes: 'x' } };
      delete j.resource[DIAG].acr; delete j.resource[PE].acr; delete j.resource.azurerm_role_assignment.approve_acr;
    })],
    noncompliant: [
      // F22: the lock on the vault also covers its diagnostic setting and role assignments.
      bad((j) => { j.resource.azurerm_management_lock = { lock: { name: 'l', scope: '${azurerm_key_vault.kv.id}', lock_level: 'CanNotDelete', notes: 'x' } }; }, { address: 'azurerm_management_lock.lock', message: /azapi_resource\.kv_diag.*ScopeLocked/ }),
      bad((j) => { j.resource.azurerm_management_lock = { lock: { name: 'l', scope: '${azurerm_log_analytics_workspace.law.id}', lock_level: 'ReadOnly', notes: 'x' } }; }, { address: 'azurerm_management_lock.lock' }),
    ],
  },
  'AILZ-OAI-001': {
    compliant: [G, variant(addAzapiAccount({})), variant(updateAccount({ publicNetworkAccess: 'Disabled' }))],
    noncompliant: [
      bad(set(OAI, 'oai', 'public_network_access_enabled', true)), bad(del(OAI, 'oai', 'public_network_access_enabled'), { message: /azurerm default true/ }),
      bad(set(OAI, 'oai', 'public_network_access_enabled', '${var.public}'), { severity: 'warning', message: /cannot be verified/ }),
      bad(addAzapiAccount({ publicNetworkAccess: 'Enabled' }), { address: 'azapi_resource.acct' }),
      bad(addAzapiAccount({ publicNetworkAccess: undefined }), { address: 'azapi_resource.acct', message: /Azure default "Enabled"/ }),
      // An update through azapi overrides what the azurerm resource set.
      bad(updateAccount({ publicNetworkAccess: 'Enabled' }), { address: 'azapi_update_resource.open' }),
    ],
  },
  'AILZ-OAI-002': {
    compliant: [G, variant(set(OAI, 'oai', 'local_auth_enabled', 'false')), variant(addAzapiAccount({}))],
    noncompliant: [bad(del(OAI, 'oai', 'local_auth_enabled')), bad(set(OAI, 'oai', 'local_auth_enabled', true)), bad(addAzapiAccount({ disableLocalAuth: false })), bad(updateAccount({ disableLocalAuth: false }))],
  },
  'AILZ-OAI-003': { compliant: [G, variant((j) => { r(j, OAI, 'oai').network_acls = { default_action: 'Deny' }; }), variant(addAzapiAccount({}))], noncompliant: [
    bad(del(OAI, 'oai', 'network_acls')),
    bad((j) => { r(j, OAI, 'oai').network_acls[0].default_action = 'Allow'; }),
    bad((j) => { r(j, OAI, 'oai').network_acls[0].ip_rules = ['203.0.113.0/24']; }),
    bad((j) => { r(j, OAI, 'oai').network_acls[0].virtual_network_rules = [{ subnet_id: 'x' }]; }),
    bad(addAzapiAccount({ networkAcls: undefined }), { message: /networkAcls is not set/ }),
    bad(addAzapiAccount({ networkAcls: { defaultAction: 'Deny', ipRules: [{ value: '203.0.113.0/24' }] } }), { message: /ipRules/ }),
    bad(updateAccount({ networkAcls: { defaultAction: 'Allow' } })),
  ] },
  'AILZ-OAI-004': {
    compliant: [G, variant(set(OAI, 'oai', 'fqdns', [])), variant(addAzapiAccount({}))],
    noncompliant: [
      bad(del(OAI, 'oai', 'outbound_network_access_restricted')), bad(set(OAI, 'oai', 'outbound_network_access_restricted', false)), bad(set(OAI, 'oai', 'fqdns', ['*']), { message: /concrete FQDNs/ }),
      bad(addAzapiAccount({ restrictOutboundNetworkAccess: undefined })), bad(updateAccount({ allowedFqdnList: ['*'] }), { message: /concrete FQDNs/ }),
    ],
  },
  'AILZ-OAI-005': { compliant: [G, variant(addAzapiAccount({}))], noncompliant: [bad(del(OAI, 'oai', 'identity')), bad(addAzapiAccount({}, { identity: undefined }), { address: 'azapi_resource.acct' })] },
  'AILZ-OAI-006': {
    compliant: [G, variant(set(OAI, 'oai', 'identity', [{ type: 'SystemAssigned, UserAssigned', identity_ids: ['x'] }])), variant(addAzapiAccount({}))],
    noncompliant: [bad(set(OAI, 'oai', 'identity', [{ type: 'SystemAssigned' }])), bad(addAzapiAccount({}, { identity: [{ type: 'SystemAssigned' }] }), { address: 'azapi_resource.acct' })],
  },
  'AILZ-OAI-007': {
    compliant: [G, variant(set(OAI, 'oai', 'custom_subdomain_name', '${var.subdomain}')), variant(addAzapiAccount({}))],
    noncompliant: [bad(del(OAI, 'oai', 'custom_subdomain_name')), bad(set(OAI, 'oai', 'custom_subdomain_name', '')), bad(addAzapiAccount({ customSubDomainName: undefined }), { address: 'azapi_resource.acct' })],
  },
  'AILZ-OAI-014': {
    compliant: [
      G,
      // The azurerm forms, with the system identity and an RSA 2048 key.
      variant((j) => { delete j.resource.azapi_update_resource; r(j, OAI, 'oai').customer_managed_key = [{ key_vault_key_id: '${azapi_resource.cmk.output.properties.keyUri}' }]; }),
      variant((j) => {
        delete j.resource.azapi_update_resource;
        j.resource.azurerm_key_vault_key = { k: { name: 'k', key_vault_id: '${azurerm_key_vault.kv.id}', key_type: 'RSA-HSM', key_size: 2048 } };
        j.resource.azurerm_cognitive_account_customer_managed_key = { c: { cognitive_account_id: '${azurerm_cognitive_account.oai.id}', key_vault_key_id: '${azurerm_key_vault_key.k.versionless_id}' } };
      }),
      // Not an OpenAI kind: other Cognitive Services kinds accept user-assigned identities.
      variant((j) => { r(j, OAI, 'oai').kind = 'TextAnalytics'; r(j, 'azapi_update_resource', 'oai_cmk').body.properties.encryption.keyVaultProperties.identityClientId = '${azurerm_user_assigned_identity.app.client_id}'; }),
    ],
    noncompliant: [
      // What ailz synthesized before issue "Deployable" (review F5): user-assigned identity, RSA 3072.
      bad((j) => {
        delete j.resource.azapi_update_resource;
        j.resource.azurerm_key_vault_key = { cmk: { name: 'cmk', key_vault_id: '${azurerm_key_vault.kv.id}', key_type: 'RSA', key_size: 3072 } };
        r(j, OAI, 'oai').identity = [{ type: 'UserAssigned', identity_ids: ['${azurerm_user_assigned_identity.app.id}'] }];
        r(j, OAI, 'oai').customer_managed_key = [{ key_vault_key_id: '${azurerm_key_vault_key.cmk.versionless_id}', identity_client_id: '${azurerm_user_assigned_identity.app.client_id}' }];
      }, { address: `${OAI}.oai`, message: /user-assigned identity.*only the system-assigned identity.*"UserAssigned".*key size 3072/ }),
      bad((j) => { r(j, 'azapi_resource', 'cmk').body.properties.keySize = 4096; }, { address: 'azapi_update_resource.oai_cmk', message: /key size 4096/ }),
      bad((j) => { r(j, 'azapi_resource', 'cmk').body.properties.kty = 'EC'; }, { message: /key type "EC"/ }),
      bad((j) => { r(j, 'azapi_update_resource', 'oai_cmk').body.properties.encryption.keyVaultProperties.identityClientId = '${azurerm_user_assigned_identity.app.client_id}'; }, { message: /user-assigned identity/ }),
      bad(set(OAI, 'oai', 'identity', [{ type: 'UserAssigned', identity_ids: ['x'] }]), { message: /expected one including "SystemAssigned"/ }),
      bad((j) => { r(j, 'azapi_update_resource', 'oai_cmk').body.properties.encryption.keyVaultProperties.keyVaultUri = 'https://kv-other.vault.azure.net/'; }, { severity: 'warning', message: /cannot be fully verified/ }),
    ],
  },
  'AILZ-OAI-008': { compliant: [G], noncompliant: [bad(del(DEP, 'gpt', 'rai_policy_name'))] },
  'AILZ-OAI-009': {
    compliant: [G, variant((j) => { delete r(j, DEP, 'gpt').version_upgrade_option; r(j, OAI, 'oai').tags.environment = 'experimentation'; })],
    noncompliant: [
      bad(del(DEP, 'gpt', 'version_upgrade_option'), { message: /production/ }),
      bad(set(DEP, 'gpt', 'version_upgrade_option', 'OnceCurrentVersionExpired')),
      bad((j) => { delete r(j, DEP, 'gpt').version_upgrade_option; delete r(j, OAI, 'oai').tags; }, { severity: 'warning', message: /environment cannot be determined/ }),
    ],
  },
  'AILZ-OAI-010': { compliant: [G, variant(addAzapiRai())], noncompliant: [
    bad((j) => { r(j, RAI, 'rai').content_filter = filters(j).filter((f) => f.name !== 'Indirect Attack'); }, { message: /Indirect Attack\/Prompt missing/ }),
    bad((j) => { findFilter(j, 'Jailbreak', 'Prompt').block_enabled = false; }),
    // The same policy through azapi (the fallback if azurerm's list ordering drifts, review F25).
    bad(addAzapiRai((f) => (f.name === 'Jailbreak' ? { ...f, blocking: false } : f)), { address: 'azapi_resource.rai2', message: /Jailbreak\/Prompt block_enabled=false/ }),
    bad((j) => { j.resource.azapi_update_resource.rai2 = { type: 'Microsoft.CognitiveServices/accounts/raiPolicies@2025-06-01', resource_id: '${azurerm_cognitive_account_rai_policy.rai.id}', body: { properties: { contentFilters: [] } } }; }, { address: 'azapi_update_resource.rai2' }),
  ] },
  'AILZ-OAI-011': { compliant: [G, variant((j) => { findFilter(j, 'SelfHarm', 'Prompt').name = 'Selfharm'; }), variant(addAzapiRai())], noncompliant: [
    bad((j) => { findFilter(j, 'Hate', 'Completion').severity_threshold = 'High'; }),
    bad((j) => { r(j, RAI, 'rai').content_filter = filters(j).filter((f) => !(f.name === 'Violence' && f.source === 'Completion')); }),
    bad((j) => { findFilter(j, 'Sexual', 'Prompt').filter_enabled = '${var.f}'; }, { severity: 'warning' }),
    bad(addAzapiRai((f) => (f.name === 'Hate' && f.source === 'Completion' ? { ...f, severityThreshold: 'High' } : f)), { address: 'azapi_resource.rai2' }),
  ] },
  'AILZ-OAI-012': { compliant: [G, variant(addAzapiRai())], noncompliant: [
    bad((j) => { findFilter(j, 'Protected Material Code', 'Completion').filter_enabled = false; }),
    bad(addAzapiRai((f) => (f.name === 'Protected Material Code' ? { ...f, enabled: false } : f)), { address: 'azapi_resource.rai2' }),
  ] },
  // Judged on TEST_AS_OF (2026-11-26) against azure/models.ts; the date boundaries are in test/azure/models.test.ts.
  'AILZ-OAI-013': {
    compliant: [
      G, // gpt-5.5 2026-04-24 DataZoneStandard in swedencentral
      variant((j) => { r(j, OAI, 'oai').location = 'Sweden Central'; }), // Azure's display name is the same region
      variant((j) => { r(j, DEP, 'gpt').model = [{ format: 'OpenAI', name: 'text-embedding-3-large', version: '1' }]; r(j, DEP, 'gpt').sku = [{ name: 'Standard', capacity: 50 }]; }),
      variant(azapiDeployment('gpt-5.4', '2026-03-05', 'DataZoneStandard')),
    ],
    noncompliant: [
      bad((j) => {
        r(j, DEP, 'gpt').model = [{ format: 'OpenAI', name: 'gpt-4o-mini', version: '2024-07-18' }];
        r(j, DEP, 'gpt').sku = [{ name: 'Standard', capacity: 10 }];
      }, { message: /^gpt-4o-mini 2024-07-18 is retired for Standard deployments since 2026-03-31 \(Microsoft's model retirement table, ms\.date 2025-12-16\)/ }),
      bad(set(DEP, 'gpt', 'model', [{ format: 'OpenAI', name: 'o3', version: '2025-04-16' }]), { message: /^o3 2025-04-16 is retired since 2026-10-21 \(Microsoft's model retirement schedule, ms\.date 2026-09-02\)/ }),
      bad(set(OAI, 'oai', 'location', 'westeurope'), { message: /^gpt-5\.5 2026-04-24 is not offered as DataZoneStandard in westeurope \(Microsoft's model availability matrix, ms\.date 2026-04-30\): DataZoneStandard regions: .*swedencentral.*; westeurope does not offer it at all$/ }),
      bad(set(DEP, 'gpt', 'sku', [{ name: 'Standard', capacity: 10 }]), { message: /not offered as Standard in swedencentral .*no region offers it as Standard; swedencentral offers it as DataZoneStandard, GlobalStandard/ }),
      bad(set(DEP, 'gpt', 'model', [{ format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }]), { severity: 'warning', message: /legacy model/ }),
      bad(set(DEP, 'gpt', 'model', [{ format: 'OpenAI', name: 'gpt-5.1', version: '2025-11-13' }]), { severity: 'warning', message: /deprecated since 2026-11-13/ }),
      bad((j) => {
        r(j, DEP, 'gpt').model = [{ format: 'OpenAI', name: 'o3-pro', version: '2025-06-10' }];
        r(j, DEP, 'gpt').sku = [{ name: 'GlobalStandard', capacity: 10 }]; // swedencentral offers o3-pro only as GlobalStandard
      }, { severity: 'warning', message: /retires on 2026-12-17, in 21 days/ }),
      bad(set(DEP, 'gpt', 'model', [{ format: 'Contoso', name: 'contoso-llm', version: '7' }]), { severity: 'warning', message: /not in the ailz model catalog/ }),
      bad(set(DEP, 'gpt', 'model', [{ format: 'OpenAI', name: 'gpt-5.5', version: '${var.model_version}' }]), { severity: 'warning', message: /cannot be judged/ }),
      bad(set(DEP, 'gpt', 'model', [{ format: 'OpenAI', name: 'gpt-5.5' }]), { severity: 'warning', message: /model\.version of gpt-5\.5 is not set/ }),
      bad(set(DEP, 'gpt', 'cognitive_account_id', '/subscriptions/0/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/other'), { severity: 'warning', message: /region cannot be determined/ }),
      // The same deployment written with azapi is judged the same way (nothing escapes by moving to azapi).
      bad(azapiDeployment('o4-mini', '2025-04-16', 'DataZoneStandard'), { address: 'azapi_resource.dep', message: /^o4-mini 2025-04-16 is retired since 2026-10-16/ }),
    ],
  },

  'AILZ-ML-001': {
    compliant: [G, variant(updateWorkspace({ publicNetworkAccess: 'Disabled' }))],
    noncompliant: [
      bad(del(MLW, 'mlw', 'public_network_access_enabled')),
      // An azapi update overrides what the azurerm workspace set; a workspace created through azapi is judged too.
      bad(updateWorkspace({ publicNetworkAccess: 'Enabled' }), { address: 'azapi_update_resource.ws_open' }),
      bad((j) => { j.resource.azapi_resource.ws = { type: 'Microsoft.MachineLearningServices/workspaces@2025-06-01', name: 'mlw-2', parent_id: 'rg', body: { properties: { hbiWorkspace: true } } }; }, { address: 'azapi_resource.ws', message: /Azure default "Enabled"/ }),
    ],
  },
  'AILZ-ML-002': {
    compliant: [G],
    noncompliant: [
      bad(set(MLW, 'mlw', 'managed_network', [{ isolation_mode: 'AllowInternetOutbound' }])), bad(del(MLW, 'mlw', 'managed_network')),
      bad(updateWorkspace({ managedNetwork: { isolationMode: 'AllowInternetOutbound' } }), { address: 'azapi_update_resource.ws_open' }),
    ],
  },
  'AILZ-ML-003': { compliant: [G], noncompliant: [bad(del(MLW, 'mlw', 'primary_user_assigned_identity')), bad(set(MLW, 'mlw', 'identity', [{ type: 'SystemAssigned' }]))] },
  'AILZ-ML-004': { compliant: [G], noncompliant: [bad(del(MLW, 'mlw', 'high_business_impact')), bad(updateWorkspace({ hbiWorkspace: false }), { address: 'azapi_update_resource.ws_open' })] },
  'AILZ-ML-005': { compliant: [G, variant(set(MLW, 'mlw', 'serverless_compute', [{ public_ip_enabled: false, subnet_id: 'x' }]))], noncompliant: [bad(set(MLW, 'mlw', 'serverless_compute', [{ public_ip_enabled: true }]))] },
  'AILZ-ML-006': { compliant: [G], noncompliant: [bad(del(CC, 'cc', 'node_public_ip_enabled')), bad(set(CI, 'ci', 'node_public_ip_enabled', true), { address: `${CI}.ci` })] },
  'AILZ-ML-007': { compliant: [G], noncompliant: [bad(del(CI, 'ci', 'local_auth_enabled'), { address: `${CI}.ci` }), bad(set(CC, 'cc', 'local_auth_enabled', true))] },
  'AILZ-ML-008': { compliant: [G], noncompliant: [
    bad(del(CC, 'cc', 'ssh_public_access_enabled')),
    bad(set(CC, 'cc', 'ssh', [{ admin_username: 'azureuser', admin_password: 'x' }])),
    bad(set(CI, 'ci', 'ssh', [{ public_key: 'ssh-rsa AAAA' }]), { address: `${CI}.ci` }),
  ] },
  'AILZ-ML-009': {
    compliant: [
      G,
      // No managed network, or a system-assigned identity: nothing for ailz to grant.
      variant((j) => { delete r(j, MLW, 'mlw').managed_network; j.resource.azurerm_role_assignment = { app_oai: j.resource.azurerm_role_assignment.app_oai }; }),
      variant((j) => { r(j, MLW, 'mlw').identity = [{ type: 'SystemAssigned' }]; delete r(j, MLW, 'mlw').primary_user_assigned_identity; j.resource.azurerm_role_assignment = { app_oai: j.resource.azurerm_role_assignment.app_oai }; }),
      variant((j) => { delete r(j, MLW, 'mlw').container_registry_id; delete j.resource.azurerm_role_assignment.approve_acr; }),
    ],
    noncompliant: [
      // What ailz synthesized before issue "Deployable" (review F7): no approval anywhere.
      bad((j) => { for (const k of ['approve_st', 'approve_kv', 'approve_acr']) delete j.resource.azurerm_role_assignment[k]; }, { address: `${MLW}.mlw`, message: /storage_account_id, key_vault_id, container_registry_id/ }),
      bad((j) => { delete j.resource.azurerm_role_assignment.approve_acr; }, { message: /on container_registry_id/ }),
      // An approval for someone else does not count.
      bad((j) => { r(j, RA, 'approve_kv').principal_id = '00000000-0000-0000-0000-000000000001'; }, { message: /on key_vault_id/ }),
      bad(set(MLW, 'mlw', 'primary_user_assigned_identity', '${var.identity}'), { severity: 'warning' }),
    ],
  },
  'AILZ-ML-010': {
    compliant: [
      G,
      variant((j) => { delete j.resource.azapi_update_resource.mlw_datastores; r(j, ST, 'st').shared_access_key_enabled = true; }),
      variant((j) => { r(j, 'azapi_update_resource', 'mlw_datastores').body.properties.systemDatastoresAuthMode = 'identity'; }),
    ],
    noncompliant: [
      // What ailz synthesized before issue "Deployable" (review F8): key-less storage, access-key datastores.
      bad((j) => { delete j.resource.azapi_update_resource.mlw_datastores; }, { address: `${MLW}.mlw`, message: /shared keys disabled/ }),
      bad((j) => { r(j, 'azapi_update_resource', 'mlw_datastores').body.properties.systemDatastoresAuthMode = 'AccessKey'; }),
      bad((j) => { r(j, 'azapi_update_resource', 'mlw_datastores').body.properties.systemDatastoresAuthMode = '${var.mode}'; }, { severity: 'warning' }),
      // The workspace created through azapi is judged the same way.
      bad((j) => { j.resource.azapi_resource.ws = { type: 'Microsoft.MachineLearningServices/workspaces@2025-06-01', name: 'mlw-2', parent_id: 'rg', body: { properties: { storageAccount: '${azurerm_storage_account.st.id}' } } }; }, { address: 'azapi_resource.ws' }),
    ],
  },

  'AILZ-KV-001': { compliant: [G, variant((j) => { delete r(j, KV, 'kv').rbac_authorization_enabled; r(j, KV, 'kv').enable_rbac_authorization = true; })], noncompliant: [bad(del(KV, 'kv', 'rbac_authorization_enabled')), bad((j) => { delete r(j, KV, 'kv').rbac_authorization_enabled; r(j, KV, 'kv').enable_rbac_authorization = false; })] },
  'AILZ-KV-002': { compliant: [G], noncompliant: [bad(del(KV, 'kv', 'purge_protection_enabled'))] },
  'AILZ-KV-003': { compliant: [G, variant(del(KV, 'kv', 'soft_delete_retention_days'))], noncompliant: [bad(set(KV, 'kv', 'soft_delete_retention_days', 3))] },
  'AILZ-KV-004': { compliant: [G], noncompliant: [bad(del(KV, 'kv', 'public_network_access_enabled'))] },
  'AILZ-KV-005': { compliant: [G], noncompliant: [bad(del(KV, 'kv', 'network_acls')), bad(set(KV, 'kv', 'network_acls', [{ default_action: 'Allow', bypass: 'AzureServices' }]))] },
  'AILZ-KV-006': { compliant: [G], noncompliant: [
    bad(set(KV, 'kv', 'access_policy', [{ tenant_id: 't', object_id: 'o', secret_permissions: ['Get'] }])),
    bad((j) => { j.resource.azurerm_key_vault_access_policy = { ap: { key_vault_id: '${azurerm_key_vault.kv.id}', tenant_id: 't', object_id: 'o' } }; }, { address: 'azurerm_key_vault_access_policy.ap' }),
  ] },
  'AILZ-KV-007': {
    compliant: [
      G,
      // A data-plane key in a vault that is reachable from the runner's network is allowed.
      variant((j) => { j.resource.azurerm_key_vault.open = { name: 'kv-open', public_network_access_enabled: true, network_acls: [{ default_action: 'Allow' }] }; j.resource.azurerm_key_vault_key = { k: { name: 'k', key_vault_id: '${azurerm_key_vault.open.id}', key_type: 'RSA', key_size: 2048 } }; }),
    ],
    noncompliant: [
      // What ailz synthesized before issue "Deployable" (review F6): a data-plane key in the private workload vault.
      bad((j) => { j.resource.azurerm_key_vault_key = { cmk: { name: 'cmk', key_vault_id: '${azurerm_key_vault.kv.id}', key_type: 'RSA', key_size: 2048 } }; }, { address: 'azurerm_key_vault_key.cmk', message: /private vault azurerm_key_vault.kv/ }),
      bad((j) => { j.resource.azurerm_key_vault_secret = { s: { name: 's', key_vault_id: '${azurerm_key_vault.kv.id}', value: '${var.x}' } }; }, { address: 'azurerm_key_vault_secret.s' }),
      bad((j) => { j.resource.azapi_data_plane_resource = { k: { type: 'Microsoft.KeyVault/vaults/keys@7.4', name: 'k', parent_id: '${azurerm_key_vault.kv.name}.vault.azure.net', body: { kty: 'RSA' } } }; }, { address: 'azapi_data_plane_resource.k' }),
      bad((j) => { j.resource.azurerm_key_vault_key = { ext: { name: 'k', key_vault_id: '${var.vault_id}', key_type: 'RSA', key_size: 2048 } }; }, { severity: 'warning' }),
    ],
  },
  'AILZ-KV-008': {
    compliant: [
      G,
      variant((j) => { j.resource.azurerm_key_vault.open = { name: 'kv-open', public_network_access_enabled: true }; j.resource.azurerm_key_vault_key = { k: { name: 'k', key_vault_id: '${azurerm_key_vault.open.id}', key_type: 'RSA', key_size: 2048, rotation_policy: [{ expire_after: 'P1Y', automatic: [{ time_before_expiry: 'P30D' }] }] } }; }),
    ],
    noncompliant: [
      bad((j) => { delete r(j, 'azapi_resource', 'cmk').body.properties.rotationPolicy; }, { address: 'azapi_resource.cmk', message: /no "rotate" action/ }),
      bad((j) => { r(j, 'azapi_resource', 'cmk').body.properties.rotationPolicy.lifetimeActions = [{ trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'notify' } }]; }, { message: /no "rotate" action/ }),
      bad((j) => { delete r(j, 'azapi_resource', 'cmk').body.properties.rotationPolicy.attributes; }, { message: /expiryTime/ }),
      bad((j) => { j.resource.azurerm_key_vault_key = { k: { name: 'k', key_vault_id: '${azurerm_key_vault.kv.id}', key_type: 'RSA', key_size: 2048 } }; }, { address: 'azurerm_key_vault_key.k', message: /rotation_policy is not set/ }),
      bad((j) => { j.resource.azurerm_key_vault_key = { k: { name: 'k', key_vault_id: '${azurerm_key_vault.kv.id}', key_type: 'RSA', key_size: 2048, rotation_policy: [{ expire_after: 'P1Y' }] } }; }, { message: /no automatic rotation/ }),
    ],
  },

  'AILZ-ST-001': { compliant: [G], noncompliant: [bad(del(ST, 'st', 'shared_access_key_enabled'))] },
  'AILZ-ST-002': { compliant: [G, variant(del(ST, 'st', 'min_tls_version'))], noncompliant: [bad(set(ST, 'st', 'min_tls_version', 'TLS1_0'))] },
  'AILZ-ST-003': { compliant: [G], noncompliant: [bad(del(ST, 'st', 'allow_nested_items_to_be_public'))] },
  'AILZ-ST-004': { compliant: [G], noncompliant: [bad(set(ST, 'st', 'public_network_access_enabled', true))] },
  'AILZ-ST-005': { compliant: [G, variant(del(ST, 'st', 'https_traffic_only_enabled'))], noncompliant: [bad(set(ST, 'st', 'https_traffic_only_enabled', false))] },
  'AILZ-ST-006': { compliant: [G], noncompliant: [bad(del(ST, 'st', 'infrastructure_encryption_enabled'))] },
  'AILZ-ST-007': { compliant: [G], noncompliant: [bad(del(ST, 'st', 'default_to_oauth_authentication'))] },
  'AILZ-ST-008': { compliant: [G], noncompliant: [bad((j) => { delete r(j, ST, 'st').blob_properties[0].versioning_enabled; })] },
  'AILZ-ST-009': { compliant: [G], noncompliant: [bad((j) => { delete r(j, ST, 'st').blob_properties[0].container_delete_retention_policy; }), bad((j) => { r(j, ST, 'st').blob_properties[0].delete_retention_policy[0].days = 1; }), bad(del(ST, 'st', 'blob_properties'))] },
  'AILZ-ST-010': { compliant: [G], noncompliant: [bad((j) => { r(j, ST, 'st').blob_properties[0].change_feed_enabled = false; })] },
  'AILZ-ST-011': { compliant: [G], noncompliant: [bad(del(ST, 'st', 'network_rules'))] },
  'AILZ-ST-012': { compliant: [G], noncompliant: [bad(del(ST, 'st', 'local_user_enabled'))] },
  'AILZ-ST-013': { compliant: [G, variant(del(ST, 'st', 'cross_tenant_replication_enabled'))], noncompliant: [bad(set(ST, 'st', 'cross_tenant_replication_enabled', true))] },

  'AILZ-ACR-001': { compliant: [G], noncompliant: [bad(set(ACR, 'acr', 'sku', 'Standard'))] },
  'AILZ-ACR-002': { compliant: [G, variant(del(ACR, 'acr', 'admin_enabled'))], noncompliant: [bad(set(ACR, 'acr', 'admin_enabled', true))] },
  'AILZ-ACR-003': { compliant: [G], noncompliant: [bad(del(ACR, 'acr', 'public_network_access_enabled'))] },
  'AILZ-ACR-004': { compliant: [G, variant(del(ACR, 'acr', 'anonymous_pull_enabled'))], noncompliant: [bad(set(ACR, 'acr', 'anonymous_pull_enabled', true))] },
  'AILZ-ACR-005': { compliant: [G], noncompliant: [bad(del(ACR, 'acr', 'export_policy_enabled'))] },
  'AILZ-ACR-006': {
    compliant: [G, variant(del(ACR, 'acr', 'network_rule_bypass_option')), variant((j) => { r(j, ACR, 'acr').network_rule_bypass_option = 'None'; delete r(j, MLW, 'mlw').container_registry_id; })],
    noncompliant: [
      // What ailz synthesized before issue "Deployable" (review F23).
      bad(set(ACR, 'acr', 'network_rule_bypass_option', 'None'), { severity: 'warning', address: `${ACR}.acr` }),
    ],
  },

  'AILZ-SRCH-001': { compliant: [G], noncompliant: [bad(del(SRCH, 'srch', 'public_network_access_enabled'))] },
  'AILZ-SRCH-002': { compliant: [G], noncompliant: [bad(del(SRCH, 'srch', 'local_authentication_enabled'))] },
  'AILZ-SRCH-003': { compliant: [G], noncompliant: [bad(del(SRCH, 'srch', 'identity'))] },
  'AILZ-SRCH-004': { compliant: [G], noncompliant: [bad(set(SRCH, 'srch', 'sku', 'free'))] },

  'AILZ-NET-001': { compliant: [G, { ...variant((j) => { j.resource.azurerm_public_ip = { fw: { name: 'pip-fw', allocation_method: 'Static' } }; }, 'platform'), kind: 'platform' }], noncompliant: [
    bad((j) => { j.resource.azurerm_public_ip = { vm: { name: 'pip', allocation_method: 'Static' } }; }, { address: 'azurerm_public_ip.vm' }),
  ] },
  'AILZ-NET-002': { compliant: [G], noncompliant: [
    ...['*', 'Internet', '0.0.0.0/0', 'Any', '::/0'].map((src) => bad((j) => { r(j, NSG, 'nsg').security_rule[0].source_address_prefix = src; })),
    bad((j) => { const sr = r(j, NSG, 'nsg').security_rule[0]; delete sr.source_address_prefix; sr.source_address_prefixes = ['10.0.0.0/8', '0.0.0.0/0']; }),
    bad((j) => { j.resource.azurerm_network_security_rule = { ssh: { name: 'ssh', network_security_group_name: 'nsg-pe', resource_group_name: 'rg', priority: 200, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', source_port_range: '*', destination_port_range: '22', source_address_prefix: 'internet', destination_address_prefix: '*' } }; }, { address: 'azurerm_network_security_rule.ssh' }),
    bad((j) => { r(j, NSG, 'nsg').security_rule[0].source_address_prefix = '${var.src}'; }, { severity: 'warning' }),
  ] },
  'AILZ-NET-003': { compliant: [G, variant((j) => { j.resource.azurerm_subnet.gw = { name: 'GatewaySubnet', resource_group_name: 'rg', virtual_network_name: 'v', address_prefixes: ['10.1.3.0/27'], default_outbound_access_enabled: false }; })], noncompliant: [
    bad(rmRes('azurerm_subnet_network_security_group_association', 'pe'), { address: `${SUBNET}.pe` }),
    bad((j) => { r(j, 'azurerm_virtual_network', 'vnet').subnet = [{ name: 'inline', address_prefixes: ['10.1.2.0/24'], default_outbound_access_enabled: false }]; }, { address: 'azurerm_virtual_network.vnet' }),
  ] },
  'AILZ-NET-004': { compliant: [G, variant(set(SUBNET, 'pe', 'private_endpoint_network_policies', 'NetworkSecurityGroupEnabled'))], noncompliant: [
    bad(del(SUBNET, 'pe', 'private_endpoint_network_policies'), { address: `${SUBNET}.pe` }),
    bad(set(PE, 'kv', 'subnet_id', '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s'), { severity: 'warning', address: `${PE}.kv` }),
  ] },
  'AILZ-NET-005': { compliant: [G, { ...variant(rmRes('azurerm_virtual_network_peering', 'to_hub'), 'platform'), kind: 'platform' }], noncompliant: [bad(rmRes('azurerm_virtual_network_peering', 'to_hub'), { address: 'azurerm_virtual_network.vnet' })] },
  'AILZ-NET-006': { compliant: [G, { ...variant(set('azurerm_virtual_network_peering', 'to_hub', 'allow_gateway_transit', true), 'platform'), kind: 'platform' }], noncompliant: [bad(set('azurerm_virtual_network_peering', 'to_hub', 'use_remote_gateways', true))] },
  'AILZ-NET-007': { compliant: [G], noncompliant: [bad(del(SUBNET, 'pe', 'default_outbound_access_enabled'))] },

  'AILZ-PE-001': { compliant: [G], noncompliant: [bad(rmRes(PE, 'oai'), { address: `${OAI}.oai` })] },
  'AILZ-PE-002': { compliant: [G], noncompliant: [bad(rmRes(PE, 'mlw'), { address: `${MLW}.mlw` })] },
  'AILZ-PE-003': { compliant: [G], noncompliant: [bad(rmRes(PE, 'kv'), { address: `${KV}.kv` })] },
  'AILZ-PE-004': { compliant: [G], noncompliant: [bad(rmRes(PE, 'st'), { address: `${ST}.st` })] },
  'AILZ-PE-005': { compliant: [G], noncompliant: [bad(rmRes(PE, 'acr'), { address: `${ACR}.acr` })] },
  'AILZ-PE-006': { compliant: [G], noncompliant: [bad(rmRes(PE, 'srch'), { address: `${SRCH}.srch` })] },
  'AILZ-PE-007': {
    compliant: [G, variant((j) => { r(j, PE, 'kv').private_dns_zone_group[0].private_dns_zone_ids = ['/subscriptions/x/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net']; })],
    noncompliant: [
      bad((j) => { r(j, PE, 'oai').private_dns_zone_group[0].private_dns_zone_ids.pop(); }, { address: `${PE}.oai`, message: /privatelink\.services\.ai\.azure\.com/ }),
      bad((j) => { delete r(j, PE, 'kv').private_dns_zone_group; }, { address: `${PE}.kv` }),
      bad((j) => { r(j, PE, 'kv').private_dns_zone_group[0].private_dns_zone_ids = ['${var.zone}']; }, { address: `${PE}.kv`, severity: 'warning' }),
    ],
  },

  'AILZ-DIAG-001': {
    compliant: [G, variant((j) => { delete j.resource[AZAPI].oai_diag; j.resource[DIAG].oai = { ...r(j, DIAG, 'acr'), target_resource_id: '${azurerm_cognitive_account.oai.id}' }; })],
    noncompliant: [bad(rmRes(AZAPI, 'oai_diag'), { address: `${OAI}.oai` })],
  },
  'AILZ-DIAG-002': { compliant: [G], noncompliant: [bad(rmRes(AZAPI, 'mlw_diag'), { address: `${MLW}.mlw` })] },
  'AILZ-DIAG-003': {
    compliant: [G],
    noncompliant: [bad(rmRes(AZAPI, 'kv_diag'), { address: `${KV}.kv` }), bad((j) => { delete r(j, AZAPI, 'kv_diag').body.properties.workspaceId; }, { address: `${KV}.kv` })],
  },
  'AILZ-DIAG-004': { compliant: [G], noncompliant: [bad(rmRes(DIAG, 'st'), { address: `${ST}.st` })] },
  'AILZ-DIAG-005': { compliant: [G], noncompliant: [bad(rmRes(DIAG, 'st_blob'), { address: `${ST}.st` }), bad((j) => { r(j, DIAG, 'st_blob').target_resource_id = '${azurerm_storage_account.st.id}/fileServices/default'; }, { address: `${ST}.st` })] },
  'AILZ-DIAG-006': { compliant: [G], noncompliant: [bad(rmRes(DIAG, 'acr'), { address: `${ACR}.acr` })] },
  'AILZ-DIAG-007': { compliant: [G], noncompliant: [bad(rmRes(DIAG, 'srch'), { address: `${SRCH}.srch` })] },
  'AILZ-DIAG-008': { compliant: [G], noncompliant: [bad(rmRes(DIAG, 'nsg'), { address: `${NSG}.nsg` })] },
  'AILZ-DIAG-009': { compliant: [G], noncompliant: [bad(rmRes(DIAG, 'vnet'), { address: 'azurerm_virtual_network.vnet' })] },
  'AILZ-DIAG-010': {
    compliant: [G, variant(set(DIAG, 'acr', 'log_analytics_workspace_id', '/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log-hub')), variant(set(DIAG, 'acr', 'log_analytics_workspace_id', LAW))],
    noncompliant: [
      bad(del(DIAG, 'acr', 'log_analytics_workspace_id'), { address: `${DIAG}.acr` }),
      bad(set(DIAG, 'acr', 'log_analytics_workspace_id', '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st'), { address: `${DIAG}.acr` }),
      bad(set(DIAG, 'acr', 'log_analytics_workspace_id', '${var.workspace_id}'), { address: `${DIAG}.acr`, severity: 'warning' }),
      // The azapi form is judged alike.
      bad((j) => { r(j, AZAPI, 'kv_diag').body.properties.workspaceId = '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st'; }, { address: `${AZAPI}.kv_diag`, message: /body\.properties\.workspaceId .* is not a Log Analytics workspace ID/ }),
      bad((j) => { r(j, AZAPI, 'kv_diag').body = '${jsonencode(local.body)}'; }, { address: `${AZAPI}.kv_diag`, severity: 'warning' }),
    ],
  },
  'AILZ-DIAG-011': {
    compliant: [G, variant((j) => { j.resource[DIAG].sub = { name: 'activity', target_resource_id: '/subscriptions/00000000-0000-0000-0000-000000000000', log_analytics_workspace_id: LAW, enabled_log: [{ category: 'Administrative' }] }; })],
    noncompliant: [
      bad(del(DIAG, 'acr', 'enabled_log'), { address: `${DIAG}.acr` }),
      bad(set(DIAG, 'acr', 'enabled_log', [{ category_group: 'audit' }]), { address: `${DIAG}.acr`, severity: 'warning', message: /audit/ }),
      bad(set(DIAG, 'acr', 'enabled_log', [{ category: 'Audit' }]), { address: `${DIAG}.acr`, severity: 'warning' }),
      // azapi: allLogs listed but switched off counts as missing.
      bad((j) => { r(j, AZAPI, 'oai_diag').body.properties.logs = [{ categoryGroup: 'allLogs', enabled: false }]; }, { address: `${AZAPI}.oai_diag`, message: /no enabled log entry/ }),
    ],
  },
  'AILZ-DIAG-012': {
    compliant: [
      G,
      variant((j) => { delete r(j, DIAG, 'acr').enabled_metric; r(j, DIAG, 'acr').metric = [{ category: 'AllMetrics' }]; }),
      // Subscription activity log: categories only, no metrics; the id is a variable but the shape is a subscription.
      variant((j) => { j.resource[DIAG].activity = { name: 'activity', target_resource_id: '/subscriptions/${var.subscription_id}', log_analytics_workspace_id: LAW, enabled_log: [{ category: 'Administrative' }, { category: 'Security' }] }; }),
    ],
    noncompliant: [
      bad(del(DIAG, 'acr', 'enabled_metric'), { address: `${DIAG}.acr` }),
      bad((j) => { delete r(j, DIAG, 'acr').enabled_metric; r(j, DIAG, 'acr').metric = [{ category: 'AllMetrics', enabled: false }]; }, { address: `${DIAG}.acr` }),
      bad((j) => { r(j, AZAPI, 'kv_diag').body.properties.metrics = []; }, { address: `${AZAPI}.kv_diag`, message: /metrics \[\{ category = "AllMetrics", enabled = true \}\]/ }),
    ],
  },
  'AILZ-DIAG-013': {
    compliant: [LZ, G],
    noncompliant: [
      // F15: the shape azurerm can write (allLogs only) never satisfies the category-group existence condition.
      lzDemo({ demo: (j) => { delete j.resource[AZAPI].oai_diag; j.resource[DIAG].oai = { ...r(j, DIAG, 'acr'), target_resource_id: '${azurerm_cognitive_account.oai.id}' }; } },
        { address: `${DIAG}.oai`, message: /diag-cognitive, 55d1f543.*no diagnostic setting Terraform writes on azurerm_cognitive_account\.oai satisfies its existence condition/ }),
      // The storage-service policies look only at the setting named profileName.
      lzDemo({ demo: (j) => { r(j, DIAG, 'st_blob').name = 'other'; } }, { address: `${DIAG}.st_blob`, message: /looks only at the setting named "diag-ailz-to-log-analytics"/ }),
      // Another workspace than the assignment's.
      lzDemo({ demo: (j) => { r(j, AZAPI, 'kv_diag').body.properties.workspaceId = `${PLATFORM_WORKSPACE}-2`; } }, { address: `${AZAPI}.kv_diag` }),
      lzDemo({ demo: (j) => { r(j, AZAPI, 'kv_diag').body.properties.workspaceId = '${var.ws}'; } }, { address: `${AZAPI}.kv_diag`, severity: 'warning' }),
    ],
  },

  'AILZ-IAM-001': {
    compliant: [G],
    noncompliant: [
      bad((j) => { r(j, RA, 'app_oai').role_definition_id = '/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635'; }, { message: /Owner/ }),
      bad((j) => { delete r(j, RA, 'app_oai').role_definition_id; r(j, RA, 'app_oai').role_definition_name = 'Contributor'; }, { message: /Contributor/ }),
      bad(set(RA, 'app_oai', 'role_definition_id', '/providers/Microsoft.Authorization/roleDefinitions/18D7D88D-D35E-4FB5-A5C3-7773C20A72D9'), { message: /User Access Administrator/ }),
      bad(set(RA, 'app_oai', 'role_definition_id', '/providers/Microsoft.Authorization/roleDefinitions/f58310d9-a9f6-439a-9e8d-f62e7b41a168'), { message: /Role Based Access Control Administrator/ }),
      bad((j) => { j.data.azurerm_role_definition = { owner: { name: 'Owner' } }; r(j, RA, 'app_oai').role_definition_id = '${data.azurerm_role_definition.owner.id}'; }, { message: /Owner/ }),
      bad(set(RA, 'app_oai', 'role_definition_id', '${var.role}'), { severity: 'warning' }),
      // A vended subscription's expression does not hide the role.
      bad(set(RA, 'app_oai', 'role_definition_id', '/subscriptions/${var.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635'), { message: /Owner/ }),
    ],
  },
  'AILZ-IAM-002': {
    compliant: [G],
    noncompliant: [
      bad(set(RA, 'app_oai', 'scope', '/subscriptions/00000000-0000-0000-0000-000000000000'), { message: /subscription scope/ }),
      bad(set(RA, 'app_oai', 'scope', '/providers/Microsoft.Management/managementGroups/ailz-ai'), { message: /management-group scope/ }),
      bad((j) => { j.data.azurerm_subscription = { current: {} }; r(j, RA, 'app_oai').scope = '${data.azurerm_subscription.current.id}'; }),
      bad(set(RA, 'app_oai', 'scope', '/subscriptions/${var.subscription_id}'), { message: /subscription scope/ }),
      bad(set(RA, 'app_oai', 'scope', '/subscriptions/0/resourceGroups/rg'), { severity: 'warning' }),
      bad(set(RA, 'app_oai', 'scope', '${var.scope}'), { severity: 'warning' }),
    ],
  },
  'AILZ-IAM-003': { compliant: [G], noncompliant: [bad(del(RA, 'app_oai', 'principal_type'))] },
  'AILZ-IAM-004': {
    compliant: [G],
    noncompliant: [bad(set('azurerm_pim_active_role_assignment', 'reader', 'role_definition_id', '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c'), { message: /standing/ })],
  },
  'AILZ-IAM-005': { compliant: [G], noncompliant: [bad((j) => { delete r(j, RA, 'app_oai').role_definition_id; r(j, RA, 'app_oai').role_definition_name = 'Cognitive Services OpenAI User'; })] },
  'AILZ-IAM-006': {
    compliant: [
      G,
      // A vended subscription: the provider and the role definition name the same expression.
      labVariant((j) => { j.resource[RA] = { dev: { scope: '${azurerm_key_vault.kv.id}', role_definition_id: '/subscriptions/${var.subscription_id}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6', principal_id: 'g', principal_type: 'Group' } }; j.resource[KV] = { kv: { name: 'kv' } }; }),
      variant((j) => { r(j, RA, 'app_oai').scope = `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/rg`; }),
      variant((j) => { j.resource.azurerm_role_definition = { custom: { name: 'c', scope: `/subscriptions/${DEMO_SUBSCRIPTION}` } }; r(j, RA, 'app_oai').role_definition_id = '${azurerm_role_definition.custom.role_definition_resource_id}'; }),
      variant((j) => { j.data.azurerm_role_definition = { user: { name: 'Cognitive Services OpenAI User', scope: `/subscriptions/${DEMO_SUBSCRIPTION}` } }; r(j, RA, 'app_oai').role_definition_id = '${data.azurerm_role_definition.user.id}'; }),
      variant((j) => { r(j, RA, 'app_oai').scope = '/providers/Microsoft.Management/managementGroups/ailz-ai'; r(j, RA, 'app_oai').role_definition_id = '/providers/Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'; }),
      // A module without a provider block: the subscription form is right, there is nothing to compare it with.
      variant((j) => { delete j.provider; }),
    ],
    noncompliant: [
      // What ailz emitted before issue "Deployable" (review F9): the tenant form at a resource scope.
      bad(set(RA, 'app_oai', 'role_definition_id', '/providers/Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'), { message: /no subscription at resource scope/ }),
      bad((j) => { j.data.azurerm_role_definition = { user: { name: 'Cognitive Services OpenAI User' } }; r(j, RA, 'app_oai').role_definition_id = '${data.azurerm_role_definition.user.id}'; }, { message: /no subscription/ }),
      bad(set(RA, 'app_oai', 'role_definition_id', '/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'), { message: /scope's subscription/ }),
      bad((j) => { r(j, RA, 'app_oai').scope = '/providers/Microsoft.Management/managementGroups/ailz-ai'; }, { message: /subscription form at management-group scope/ }),
      bad(set(RA, 'app_oai', 'role_definition_id', 'Cognitive Services OpenAI User'), { message: /is not a role definition ID/ }),
      bad(set(RA, 'app_oai', 'role_definition_id', '${var.role}'), { severity: 'warning' }),
      bad(set(RA, 'app_oai', 'scope', '${var.scope}'), { severity: 'warning' }),
      // The stack names its subscription, but the scope is a data source: the subscription cannot be compared.
      bad((j) => { j.data.azurerm_key_vault = { ext: { name: 'kv-ext', resource_group_name: 'rg' } }; r(j, RA, 'app_oai').scope = '${data.azurerm_key_vault.ext.id}'; }, { severity: 'warning', message: /cannot be (verified|determined)/ }),
    ],
  },

  'AILZ-APPI-001': {
    compliant: [G, variant((j) => { j.resource.azapi_resource.appi2 = { type: 'Microsoft.Insights/components@2020-02-02', name: 'appi-2', parent_id: 'rg', body: { kind: 'web', properties: { Application_Type: 'web', DisableLocalAuth: true } } }; })],
    noncompliant: [
      bad(del('azurerm_application_insights', 'appi', 'local_authentication_disabled'), { message: /azurerm default false/ }),
      bad((j) => { j.resource.azapi_resource.appi2 = { type: 'Microsoft.Insights/components@2020-02-02', name: 'appi-2', parent_id: 'rg', body: { kind: 'web', properties: { Application_Type: 'web' } } }; }, { address: 'azapi_resource.appi2' }),
    ],
  },
  'AILZ-APPI-002': {
    compliant: [
      G,
      variant((j) => { Object.assign(r(j, 'azurerm_application_insights', 'appi'), { internet_ingestion_enabled: false, internet_query_enabled: false }); j.resource.azurerm_monitor_private_link_scoped_service = { s: { name: 's', resource_group_name: 'rg', scope_name: 'ampls', linked_resource_id: '${azurerm_application_insights.appi.id}' } }; }),
      // Linked from the AMPLS's own stack by literal ID.
      [
        variant((j) => { r(j, 'azurerm_application_insights', 'appi').internet_ingestion_enabled = false; }),
        platformVariant((j) => { j.resource.azurerm_monitor_private_link_scoped_service = { s: { name: 's', resource_group_name: 'rg', scope_name: 'ampls', linked_resource_id: '/subscriptions/1/resourceGroups/rg/providers/Microsoft.Insights/components/appi-demo' } }; }),
      ],
    ],
    noncompliant: [
      // What ailz synthesized before issue "Deployable" (review F18): both closed, no AMPLS anywhere.
      bad((j) => { Object.assign(r(j, 'azurerm_application_insights', 'appi'), { internet_ingestion_enabled: false, internet_query_enabled: false }); }, { message: /internet_ingestion_enabled and internet_query_enabled false/ }),
      bad((j) => { j.resource.azapi_resource.appi2 = { type: 'Microsoft.Insights/components@2020-02-02', name: 'appi-2', parent_id: 'rg', body: { properties: { publicNetworkAccessForIngestion: 'Disabled' } } }; }, { address: 'azapi_resource.appi2' }),
    ],
  },
  'AILZ-LOG-001': { compliant: [G, variant((j) => { delete r(j, LAWT, 'law').local_authentication_enabled; r(j, LAWT, 'law').local_authentication_disabled = true; })], noncompliant: [bad(del(LAWT, 'law', 'local_authentication_enabled')), bad((j) => { delete r(j, LAWT, 'law').local_authentication_enabled; r(j, LAWT, 'law').local_authentication_disabled = false; })] },
  'AILZ-LOG-002': { compliant: [G], noncompliant: [bad(del(LAWT, 'law', 'retention_in_days')), bad(set(LAWT, 'law', 'retention_in_days', 30))] },
  'AILZ-PRV-001': {
    compliant: [G, variant((j) => { j.provider.azurerm[0].resource_providers_to_register = ['Microsoft.Contoso', 'microsoft.insights']; })],
    noncompliant: [
      bad((j) => { j.provider.azurerm[0].resource_providers_to_register = ['Microsoft.KeyVault', 'Microsoft.Insights']; }, { address: 'provider.azurerm', message: /"Microsoft\.Insights"; ARM spells it "microsoft\.insights"/ }),
      bad((j) => { j.provider.azurerm.push({ alias: 'platform', features: [{}], resource_providers_to_register: ['microsoft.keyvault'] }); }, { address: 'provider.azurerm.platform' }),
    ],
  },
  'AILZ-PRV-002': {
    compliant: [G, PLATFORM, LZ,
      variant((j) => { j.provider.azurerm.push({ alias: 'platform', features: FEATURES_NO_DATA_PLANE }); r(j, ST, 'st').provider = 'azurerm.platform'; }),
      variant((j) => { j.provider.azurerm[0].features = [{ storage: { data_plane_available: 'false' } }]; })],
    noncompliant: [
      bad((j) => { j.provider.azurerm[0].features = [{}]; }, { address: 'provider.azurerm', message: /data_plane_available is not set \(provider default true\) on the provider that manages azurerm_storage_account\./ }),
      bad((j) => { j.provider.azurerm[0].features = [{ storage: [{ data_plane_available: true }] }]; }, { address: 'provider.azurerm', message: /is true/ }),
      bad((j) => { j.provider.azurerm.push({ alias: 'platform', features: [{}] }); r(j, ST, 'st').provider = 'azurerm.platform'; }, { address: 'provider.azurerm.platform' }),
      bad((j) => { j.provider.azurerm[0].features = [{ storage: [{ data_plane_available: '${var.dp}' }] }]; }, { severity: 'warning', message: /cannot be verified/ }),
      bad((j) => { delete j.provider; }, { severity: 'warning', address: 'provider.azurerm', message: /does not configure/ }),
    ],
  },
  'AILZ-PRV-003': {
    compliant: [GOVERNANCE, LZ, G],
    noncompliant: [
      { doc: { stack: 'governance', json: (() => { const j = governanceJson(); j.provider.azurerm[0].features = [{}]; return j; })() }, address: 'provider.azurerm', message: /prevent_cancellation_on_destroy is not set \(provider default false\) on the provider that manages azurerm_subscription\.lab/ },
      { doc: { stack: 'governance', json: (() => { const j = governanceJson(); j.provider.azurerm[0].features = [{ subscription: [{ prevent_cancellation_on_destroy: false }] }]; return j; })() }, message: /is false/ },
    ],
  },
  'AILZ-NET-008': {
    compliant: [flowDoc(), G, flowDoc((j) => { j.resource[ST].flow.shared_access_key_enabled = true; }, azurermFlowLogJson),
      flowDoc((j) => { const ra = j.resource[RA].flowlog; delete ra.role_definition_id; ra.role_definition_name = 'Storage Blob Data Contributor'; })],
    noncompliant: [
      { doc: flowDoc(() => undefined, azurermFlowLogJson), address: 'azurerm_network_watcher_flow_log.flowlog', message: /cannot carry a managed identity/ },
      { doc: flowDoc((j) => { delete j.resource.azapi_resource.flowlog.identity; }), address: 'azapi_resource.flowlog', message: /without a user-assigned identity/ },
      { doc: flowDoc((j) => { j.resource.azapi_resource.flowlog.identity = [{ type: 'SystemAssigned' }]; }), message: /without a user-assigned identity/ },
      { doc: flowDoc((j) => { delete j.resource[RA].flowlog; }), message: /holds Storage Blob Data Contributor/ },
      { doc: flowDoc((j) => { j.resource[RA].flowlog.role_definition_id = j.resource[RA].flowlog.role_definition_id.replace('ba92f5b4-2d11-453d-a403-e96b0029c9fe', '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1'); }), message: /holds Storage Blob Data Contributor/ },
      { doc: flowDoc((j) => { j.resource.azapi_resource.flowlog.identity[0].type = '${var.t}'; }), severity: 'warning' },
    ],
  },
  'AILZ-NET-009': {
    compliant: [flowDoc(), flowDoc((j) => { j.resource.azurerm_network_watcher_flow_log.flowlog.retention_policy[0].enabled = false; }, azurermFlowLogJson),
      flowDoc((j) => { delete j.resource.azurerm_storage_management_policy; }, azurermFlowLogJson)],
    noncompliant: [
      { doc: flowDoc(() => undefined, azurermFlowLogJson), address: 'azurerm_network_watcher_flow_log.flowlog', message: /also has azurerm_storage_management_policy\.flow/ },
      { doc: flowDoc((j) => { j.resource.azapi_resource.flowlog.body.properties.retentionPolicy = { enabled: true, days: 90 }; }), address: 'azapi_resource.flowlog' },
    ],
  },
  'AILZ-NET-010': {
    compliant: [flowDoc(), flowDoc((j) => { j.resource.azurerm_network_watcher = { nw: { name: 'NetworkWatcher_swedencentral', location: 'swedencentral', resource_group_name: 'NetworkWatcherRG' } }; }, azurermFlowLogJson),
      flowDoc((j) => { j.data = { azurerm_network_watcher: { nw: { name: 'NetworkWatcher_swedencentral', resource_group_name: 'NetworkWatcherRG' } } }; j.resource.azapi_resource.flowlog.parent_id = '${data.azurerm_network_watcher.nw.id}'; })],
    noncompliant: [
      { doc: flowDoc(() => undefined, azurermFlowLogJson), address: 'azurerm_network_watcher_flow_log.flowlog', message: /"NetworkWatcher_swedencentral" is neither a resource nor a data source/ },
      { doc: flowDoc((j) => { j.resource.azapi_resource.flowlog.parent_id = `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/NetworkWatcherRG/providers/Microsoft.Network/networkWatchers/NetworkWatcher_swedencentral`; }), address: 'azapi_resource.flowlog' },
    ],
  },
  'AILZ-ST-014': {
    compliant: [
      flowDoc(),
      [flowDoc(), denyGovernance((a) => { a.not_scopes = [FLOW_ACCOUNT_ID]; })],
      [flowDoc(), denyGovernance((a) => { a.not_scopes = [FLOW_ACCOUNT_ID.toLowerCase()]; })],
      [flowDoc(), denyGovernance((a) => { a.not_scopes = [`/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/rg-demo`]; })],
      [flowDoc(), denyGovernance((a) => { delete a.parameters; })],
      [flowDoc(), denyGovernance((a) => { a.enforce = false; })],
      [flowDoc((j) => { j.resource[ST].flow.public_network_access_enabled = false; }), denyGovernance()],
      [flowDoc(), denyGovernance((_a, j) => { j.resource.azurerm_management_group_policy_exemption = { x: { name: 'x', management_group_id: MG_ID('contoso-ai'), policy_assignment_id: `\${${GA}.st-no-public-network.id}`, exemption_category: 'Mitigated' } }; })],
      [flowDoc(), denyGovernance((_a, j) => { j.resource.azurerm_subscription_policy_exemption = { x: { name: 'x', subscription_id: `/subscriptions/${DEMO_SUBSCRIPTION}`, policy_assignment_id: `\${${GA}.st-no-public-network.id}`, exemption_category: 'Mitigated' } }; })],
    ],
    noncompliant: [
      { doc: flowDoc(), with: [denyGovernance()], address: 'azurerm_storage_account.flow', message: /governance\/azurerm_management_group_policy_assignment\.st-no-public-network denies that \(b2982f36, Deny\)/ },
      { doc: flowDoc(), with: [denyGovernance((a) => { a.not_scopes = [FLOW_ACCOUNT_ID.replace('stdemoflow', 'stother')]; })] },
      { doc: flowDoc(), with: [denyGovernance((a) => { a.not_scopes = [`/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/rg-other`]; })] },
      { doc: flowDoc((j) => { delete j.resource[ST].flow.public_network_access_enabled; }), with: [denyGovernance()] },
      { doc: flowDoc(), with: [denyGovernance((a) => { a.parameters = '${var.p}'; })], severity: 'warning', message: /cannot be verified/ },
      { doc: flowDoc((j) => { j.provider.azurerm[0].subscription_id = '${data.azapi_resource.sub.output.id}'; }), with: [denyGovernance((a) => { a.not_scopes = ['/subscriptions/${azurerm_subscription.lab.subscription_id}/resourceGroups/rg-demo']; })], severity: 'warning' },
    ],
  },
  'AILZ-DEF-001': { compliant: [G], noncompliant: [bad(set('azurerm_security_center_subscription_pricing', 'ai', 'tier', 'Free'))] },
  'AILZ-GOV-001': { compliant: [G, variant(del('azurerm_management_group_policy_assignment', 'ai', 'enforce'))], noncompliant: [bad(set('azurerm_management_group_policy_assignment', 'ai', 'enforce', false))] },
  'AILZ-GOV-002': { compliant: [G], noncompliant: [bad(del('azurerm_management_group_policy_exemption', 'waiver', 'expires_on'))] },
  'AILZ-GOV-003': {
    compliant: [LZ, GOVERNANCE, golden(),
      variant(() => undefined, 'generic'),
      { stack: 'governance', json: (() => { const j = governanceJson(); for (const a of Object.values<any>(j.resource[GA])) if (a.management_group_id.includes('.ai.')) a.management_group_id = MG_ID('contoso-ai'); return j; })() },
      { stack: 'governance', json: (() => { const j = governanceJson(); j.resource[GA]['kv-rbac'].policy_definition_id = j.resource[GA]['kv-rbac'].policy_definition_id.toUpperCase(); return j; })() },
    ],
    noncompliant: [
      lz({ governance: (j) => { delete j.resource[GA]['kv-rbac']; } }, { address: `${GA}[kv-rbac]`, message: /"kv-rbac" \(Azure Key Vault should use RBAC permission model/ }),
      lz({ governance: (j) => { j.resource[GA]['ai-disable-local-auth'].management_group_id = '${azurerm_management_group.prod.id}'; } }, { address: `${GA}[ai-disable-local-auth]` }),
      lz({ governance: (j) => { j.resource[GA]['deny-public-ip'].management_group_id = MG_ID('contoso-ai-experimentation'); } }, { address: `${GA}[deny-public-ip]` }),
      lz({ governance: (j) => { j.resource[GA]['st-min-tls'].management_group_id = '${var.mg}'; } }, { severity: 'warning', address: `${GA}[st-min-tls]`, message: /cannot be verified/ }),
      lz({ governance: (j) => { delete j.resource[GA]; j.resource.azurerm_management_group.ai.name = 'contoso-root'; } }, { address: 'azurerm_management_group[ai]' }),
    ],
  },
  'AILZ-GOV-004': {
    compliant: [LZ, GOVERNANCE, [golden(), LAB],
      landingZone({ governance: (j) => { delete j.resource.azurerm_subscription.lab.tags; } }),
      landingZone({ governance: (j) => { delete j.resource.azurerm_subscription.lab['//']; } }),
      landingZone({ governance: (j) => { j.resource[ASSOC].demo.management_group_id = MG_ID('contoso-ai-production'); } }),
    ],
    noncompliant: [
      lz({ governance: (j) => { delete j.resource[ASSOC].demo; } }, { address: `${ASSOC}[workload-demo]`, message: new RegExp(`workload-demo \\(subscription ${DEMO_SUBSCRIPTION}\\) is not associated`) }),
      lz({ governance: (j) => { delete j.resource[ASSOC].lab; } }, { address: `${ASSOC}[workload-lab]`, message: /vended subscription/ }),
      lz({ governance: (j) => { j.resource[ASSOC].demo.subscription_id = '/subscriptions/00000000-0000-0000-0000-000000000009'; } }, { address: `${ASSOC}[workload-demo]` }),
      lz({ governance: (j) => { j.resource[ASSOC].demo.management_group_id = '${azurerm_management_group.exp.id}'; } }, { address: `${ASSOC}.demo`, message: /production workload but is associated with management group "contoso-ai-experimentation"/ }),
      lz({ governance: (j) => { j.resource[ASSOC].lab.management_group_id = MG_ID('contoso-ai-production'); } }, { address: `${ASSOC}.lab`, message: /experimentation/ }),
      lz({ governance: (j) => { j.resource[ASSOC].demo.management_group_id = MG_ID('contoso-ai'); } }, { address: `${ASSOC}.demo` }),
      lz({ governance: (j) => { delete j.resource.azurerm_subscription.lab.tags; delete j.resource.azurerm_subscription.lab['//']; delete j.resource[ASSOC].lab['//']; } }, { address: `${ASSOC}[workload-lab]` }),
      lz({ governance: (j) => { j.resource[ASSOC].demo.management_group_id = '${var.mg}'; } }, { severity: 'warning', address: `${ASSOC}.demo`, message: /cannot be verified/ }),
      lz({ lab: (j) => { delete j.resource.azurerm_resource_group.rg.tags; } }, { severity: 'warning', address: `${ASSOC}.lab`, message: /environment of workload-lab cannot be determined/ }),
    ],
  },
  'AILZ-GOV-005': {
    compliant: [LZ, GOVERNANCE, [golden(), LAB],
      landingZone({ governance: (j) => { for (const n of j.resource[BUDGET].demo.notification) if (n.threshold_type === 'Actual') delete n.threshold_type; } }),
    ],
    noncompliant: [
      lz({ governance: (j) => { delete j.resource[BUDGET].lab; } }, { address: `${BUDGET}[workload-lab]`, message: /workload-lab \(vended subscription\) has no budget/ }),
      lz({ governance: (j) => { delete j.resource[BUDGET].demo; } }, { address: `${BUDGET}[workload-demo]` }),
      lz({ governance: (j) => { j.resource[BUDGET].demo.notification.pop(); } }, { severity: 'warning', address: `${BUDGET}.demo`, message: /Forecasted 110%/ }),
      lz({ governance: (j) => { j.resource[BUDGET].lab.notification[2].threshold_type = 'Actual'; } }, { severity: 'warning', address: `${BUDGET}.lab`, message: /Forecasted 110%/ }),
      lz({ governance: (j) => { j.resource[BUDGET].demo.notification[0].enabled = false; } }, { severity: 'warning', message: /Actual 80%/ }),
      lz({ governance: (j) => { delete j.resource[BUDGET].demo.notification[1].contact_emails; } }, { severity: 'warning', message: /Actual 100%/ }),
    ],
  },
  'AILZ-DEF-002': {
    compliant: [G, LAB, LZ, { ...variant(() => undefined, 'platform'), kind: 'platform' }],
    noncompliant: [
      bad(rmRes(PRICING, 'arm'), { address: `${PRICING}[Arm]`, message: /Defender plan Arm is not enabled/ }),
      bad(rmRes(PRICING, 'containers'), { address: `${PRICING}[Containers]`, message: /ML workspace/ }),
      bad(set(PRICING, 'storage', 'subplan', 'PerTransaction'), { address: `${PRICING}.storage`, message: /DefenderForStorageV2/ }),
      bad(del(PRICING, 'storage', 'subplan'), { address: `${PRICING}.storage` }),
      bad(set(PRICING, 'cspm', 'resource_type', '${var.plan}'), { severity: 'warning', address: `${PRICING}.cspm` }),
      { doc: labVariant((j) => { delete j.resource[PRICING].ai; }), address: `${PRICING}[AI]` },
    ],
  },
  'AILZ-DEF-003': {
    compliant: [G, LAB, { ...variant((j) => { delete j.resource.azurerm_security_center_contact; }, 'generic'), kind: 'generic' }],
    noncompliant: [
      bad((j) => { delete j.resource.azurerm_security_center_contact; }, { address: 'azurerm_security_center_contact[subscription]' }),
      bad(set('azurerm_security_center_contact', 'contact', 'alert_notifications', false), { address: 'azurerm_security_center_contact.contact' }),
    ],
  },
  'AILZ-MON-001': {
    compliant: [G, LAB, LZ, variant((j) => { r(j, DIAG, 'activity').enabled_log = [{ category_group: 'allLogs' }]; })],
    noncompliant: [
      bad(rmRes(DIAG, 'activity'), { address: `${DIAG}[activity-log]` }),
      bad(set(DIAG, 'activity', 'target_resource_id', '/subscriptions/00000000-0000-0000-0000-000000000009'), { address: `${DIAG}[activity-log]`, message: /not this stack's subscription/ }),
      bad(del(DIAG, 'activity', 'log_analytics_workspace_id'), { address: `${DIAG}[activity-log]` }),
      bad(set(DIAG, 'activity', 'enabled_log', []), { address: `${DIAG}.activity`, message: /no category/ }),
      bad(set(DIAG, 'activity', 'enabled_log', [{ category: 'Alert' }, { category: 'ServiceHealth' }]), { severity: 'warning', address: `${DIAG}.activity`, message: /Administrative, Security, Policy/ }),
      { doc: labVariant((j) => { delete j.resource[DIAG]; }), address: `${DIAG}[activity-log]` },
    ],
  },
  'AILZ-MON-002': {
    compliant: [PLATFORM, LZ, G, platformVariant((j) => { j.resource.azurerm_sentinel_log_analytics_workspace_onboarding.sentinel.workspace_id = '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log'; })],
    noncompliant: [
      { doc: platformVariant((j) => { delete j.resource.azurerm_sentinel_log_analytics_workspace_onboarding; }), address: 'azurerm_sentinel_log_analytics_workspace_onboarding[platform]' },
      { doc: platformVariant((j) => { j.resource.azurerm_sentinel_log_analytics_workspace_onboarding.sentinel.workspace_id = '${var.workspace}'; }), severity: 'warning' },
      { doc: platformVariant((j) => { j.resource.azurerm_sentinel_log_analytics_workspace_onboarding.sentinel.workspace_id = '/subscriptions/0/resourceGroups/rg'; }), message: /not a Log Analytics workspace ID/ },
    ],
  },
  'AILZ-MON-003': {
    compliant: [PLATFORM, LZ, G, platformVariant((j) => { for (const x of Object.values<any>(j.resource[SCHED])) delete x.enabled; })],
    noncompliant: [
      { doc: platformVariant((j) => { delete j.resource[SCHED].ailz_det_003; }), address: `${SCHED}[ailz-det-003]`, message: new RegExp(`ailz-det-003 \\(${DETECTIONS[2].displayName.replace(/[()]/g, '.')}\\) is missing`) },
      { doc: platformVariant((j) => { j.resource[SCHED].ailz_det_014.enabled = false; }), address: `${SCHED}.ailz_det_014`, message: /disabled/ },
      { doc: platformVariant((j) => { j.resource[SCHED].ailz_det_007.name = 'ailz-det-099'; }), address: `${SCHED}[ailz-det-007]` },
      { doc: platformVariant((j) => { j.resource[SCHED].ailz_det_001.name = '${var.name}'; }), severity: 'warning', address: `${SCHED}[ailz-det-001]` },
      { doc: platformVariant((j) => { delete j.resource[SCHED]; }), message: /ailz-det-014/ },
    ],
  },
  'AILZ-DEF-004': {
    compliant: [G, LAB, LZ],
    noncompliant: [
      bad((j) => { j.import = j.import.filter((i: any) => !i.to.endsWith('.kv')); }, { address: `${PRICING}.kv`, message: /no import block adopts this pricing/ }),
      bad((j) => { j.import.find((i: any) => i.to.endsWith('.kv')).id = `/subscriptions/${DEMO_SUBSCRIPTION}/providers/Microsoft.Security/pricings/Arm`; }, { address: `${PRICING}.kv`, message: /names pricing Arm; the resource manages KeyVaults/ }),
      bad((j) => { j.import.find((i: any) => i.to.endsWith('.kv')).id = `/subscriptions/${DEMO_SUBSCRIPTION}/resourceGroups/rg`; }, { message: /is not a pricing ID/ }),
      { doc: labVariant((j) => { j.import.find((i: any) => i.to.endsWith('.ai')).id = '${var.pricing_id}'; }), severity: 'warning', address: `${PRICING}.ai` },
    ],
  },
  'AILZ-DEF-005': {
    compliant: [LZ, G, landingZone({ governance: (j) => { j.resource[GA]['defender-arm'].policy_definition_id = '/providers/Microsoft.Authorization/policyDefinitions/b7021b2b-08fd-4dc0-9de7-3c6ece09faf9'; j.resource[GA]['defender-arm'].parameters = JSON.stringify({ subPlan: { value: 'PerSubscription' } }); } })],
    noncompliant: [
      // F11: the DeployIfNotExists Resource Manager plan pinned to PerApiCall while the stack sets PerSubscription.
      lzDemo({ governance: (j) => { j.resource[GA]['defender-arm'].policy_definition_id = '/providers/Microsoft.Authorization/policyDefinitions/b7021b2b-08fd-4dc0-9de7-3c6ece09faf9'; j.resource[GA]['defender-arm'].parameters = JSON.stringify({ subPlan: { value: 'PerApiCall' } }); } },
        { address: `${PRICING}.arm`, message: /does not hold on plan Arm .*remediation would rewrite/ }),
      // The audit of Storage wants malware scanning and sensitive data discovery on.
      lz({ demo: (j) => { j.resource[PRICING].storage.extension = [{ name: 'OnUploadMalwareScanning' }]; } }, { address: `${PRICING}.storage`, message: /stays non-compliant/ }, 'workload-demo'),
      // A DeployIfNotExists outside ailz's catalog of existence conditions: two owners, unverifiable.
      lzDemo({ governance: (j) => { j.resource[GA]['defender-cspm'].policy_definition_id = '/providers/Microsoft.Authorization/policyDefinitions/72f8cee7-2937-403d-84a1-a4e3e57f3c21'; } }, { severity: 'warning', address: `${PRICING}.cspm` }),
    ],
  },
  'AILZ-DEF-006': {
    compliant: [GOVERNANCE, G],
    noncompliant: [{ doc: { stack: 'governance', json: (() => { const j = governanceJson(); j.resource[GA]['defender-storage'].policy_definition_id = '/providers/Microsoft.Authorization/policyDefinitions/17bc14a7-92e1-4551-8b8c-80f36953e166'; return j; })() }, address: `${GA}.defender-storage`, message: /malware scanning and sensitive data discovery off/ }],
  },
  'AILZ-DEF-007': {
    compliant: [G, LAB],
    noncompliant: [
      bad((j) => { r(j, PRICING, 'cspm').extension = [{ name: 'SensitiveDataDiscovery' }]; }, { address: `${PRICING}.cspm`, message: /does not list ContainerRegistriesVulnerabilityAssessments, AgentlessDiscoveryForKubernetes, AgentlessVmScanning, EntraPermissionsManagement/ }),
      bad((j) => { r(j, PRICING, 'ai').extension = [{ name: '${var.ext}' }]; }, { address: `${PRICING}.ai`, message: /cannot be verified/ }),
    ],
  },
  'AILZ-GOV-006': {
    compliant: [LZ, GOVERNANCE, landingZone({ platform: (j) => { r(j, RA, 'dest_diag_cognitive').role_definition_id = '/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/92aaf0da-9dab-42b6-94a3-d43ce8d16293'; r(j, RA, 'dest_diag_cognitive').scope = '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-platform'; } })],
    noncompliant: [
      // F16: no grant on the workspace in the platform subscription.
      lz({ platform: (j) => { delete j.resource[RA]; } }, { address: `${GA}.diag-cognitive`, message: /holds no Microsoft\.OperationalInsights\/workspaces\/read, Microsoft\.OperationalInsights\/workspaces\/sharedKeys\/action on .*LinkedAuthorizationFailed/ }),
      lz({ platform: (j) => { r(j, RA, 'dest_diag_key_vault').role_definition_id = '/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7'; } }, { address: `${GA}.diag-key-vault` }),
      lz({ platform: (j) => { r(j, 'azurerm_role_definition', 'dest').permissions = [{ actions: ['Microsoft.OperationalInsights/workspaces/read'] }]; } }, { address: `${GA}.diag-storage-blob`, message: /holds no Microsoft\.OperationalInsights\/workspaces\/sharedKeys\/action/ }),
      lz({ platform: (j) => { r(j, RA, 'dest_diag_ml_workspace').scope = '${var.scope}'; } }, { address: `${GA}.diag-ml-workspace`, severity: 'warning' }),
    ],
  },
  'AILZ-MON-005': {
    compliant: [PLATFORM, LZ, platformVariant((j) => { j.resource[DIAG].activity.enabled_log = [{ category_group: 'allLogs' }]; })],
    noncompliant: [
      { doc: platformVariant((j) => { delete j.resource[DIAG].activity; }), address: `${DIAG}[activity-log]` },
      { doc: platformVariant((j) => { j.resource[DIAG].activity.target_resource_id = `/subscriptions/${DEMO_SUBSCRIPTION}`; }), message: /not this stack's subscription/ },
      { doc: platformVariant((j) => { j.resource[DIAG].activity.enabled_log = [{ category: 'Administrative' }]; }), severity: 'warning', message: /Security, Policy are not enabled/ },
    ],
  },
  'AILZ-MON-006': {
    compliant: [LZ, GOVERNANCE, landingZone({ platform: (j) => { j.resource[DIAG].contoso_ai.enabled_log = [{ category_group: 'allLogs' }]; } })],
    noncompliant: [
      lz({ platform: (j) => { delete j.resource[DIAG].contoso_ai; } }, { address: `${DIAG}[contoso-ai]`, message: /holds policy assignments but its activity log is exported nowhere/ }),
      lz({ platform: (j) => { j.resource[DIAG].contoso_ai_production.enabled_log = [{ category: 'Administrative' }]; } }, { address: `${DIAG}[contoso-ai-production]`, message: /lacks Policy/ }),
      lz({ platform: (j) => { j.resource[DIAG].contoso_ai_production.target_resource_id = '${var.mg}'; } }, { address: `${DIAG}[contoso-ai-production]`, severity: 'warning' }),
    ],
  },
  'AILZ-IAM-007': {
    compliant: [GOVERNANCE, LZ, { stack: 'governance', json: (() => { const j = governanceJson(); r(j, 'azurerm_role_management_policy', 'demo').activation_rules.required_conditional_access_authentication_context = 'c1'; delete r(j, 'azurerm_role_management_policy', 'demo').activation_rules.require_multifactor_authentication; return j; })() }],
    noncompliant: [
      // F21: no policy, so activation follows the tenant defaults.
      gov((j) => { delete j.resource.azurerm_role_management_policy; }, { address: 'azurerm_pim_eligible_role_assignment.demo', message: /no azurerm_role_management_policy/ }),
      gov((j) => { r(j, 'azurerm_role_management_policy', 'lab').activation_rules.require_multifactor_authentication = false; }, { address: 'azurerm_pim_eligible_role_assignment.lab', message: /does not require MFA/ }),
      gov((j) => { r(j, 'azurerm_role_management_policy', 'lab').activation_rules.maximum_duration = 'P1D'; }, { message: /expected at most PT8H/ }),
      gov((j) => { delete r(j, 'azurerm_role_management_policy', 'lab').activation_rules.require_justification; }, { message: /does not require a justification/ }),
      gov((j) => { r(j, 'azurerm_role_management_policy', 'demo').eligible_assignment_rules.expire_after = 'P30D'; }, { message: /lasts 90 days but .* allows at most "P30D"/ }),
      // Production (the subscription sits in *-production) needs an approver.
      gov((j) => { const a = r(j, 'azurerm_role_management_policy', 'demo').activation_rules; a.require_approval = false; delete a.approval_stage; }, { address: 'azurerm_pim_eligible_role_assignment.demo', message: /needs no approval/ }),
    ],
  },
  'AILZ-MON-004': {
    compliant: [PLATFORM, G, platformVariant((j) => { j.resource.azapi_resource = { r: sentinelAzapi('2025-10-01-preview', ['T1078'], ['T1078.004']) }; })],
    noncompliant: [
      { doc: platformVariant((j) => { j.resource[SCHED].ailz_det_006.techniques = ['T1078.004']; }), address: `${SCHED}.ailz_det_006`, message: /"T1078\.004"; Sentinel accepts only T#### ids/ },
      { doc: platformVariant((j) => { j.resource.azurerm_sentinel_alert_rule_nrt = { nrt: { name: 'nrt', techniques: ['T1098', 'T1098.003'] } }; }), address: 'azurerm_sentinel_alert_rule_nrt.nrt' },
      { doc: platformVariant((j) => { j.resource.azapi_resource = { r: sentinelAzapi('2025-10-01-preview', ['T1078.004'], []) }; }), address: 'azapi_resource.r', message: /body\.properties\.techniques contains "T1078\.004"/ },
      { doc: platformVariant((j) => { j.resource.azapi_resource = { r: sentinelAzapi('2025-09-01', ['T1078'], ['T1078.004']) }; }), address: 'azapi_resource.r', message: /API version 2025-09-01 has no subTechniques/ },
      { doc: platformVariant((j) => { j.resource[SCHED].ailz_det_001.techniques = '${var.techniques}'; }), severity: 'warning', address: `${SCHED}.ailz_det_001` },
    ],
  },
};

describe('rule cases', () => {
  test('every rule in the catalog has at least one compliant and one non-compliant case, and no case names an unknown rule', () => {
    const missing = RULES.filter((rule) => !CASES[rule.id] || CASES[rule.id].compliant.length === 0 || CASES[rule.id].noncompliant.length === 0).map((x) => x.id);
    expect(missing).toEqual([]);
    expect(Object.keys(CASES).filter((id) => !RULES.some((x) => x.id === id))).toEqual([]);
  });

  for (const rule of RULES) {
    const cases = CASES[rule.id];
    if (!cases) continue;
    describe(rule.id, () => {
      cases.compliant.forEach((doc, i) => {
        test(`compliant #${i} has no ${rule.id} finding`, () => {
          const findings = evaluate(Array.isArray(doc) ? doc : [doc], { asOf: TEST_AS_OF }).findings.filter((f) => f.rule === rule.id);
          expect(findings).toEqual([]);
        });
      });
      cases.noncompliant.forEach((c, i) => {
        test(`non-compliant #${i} is reported`, () => {
          const findings = evaluate([c.doc, ...(c.with ?? [])], { asOf: TEST_AS_OF }).findings.filter((f) => f.rule === rule.id);
          expect(findings.length).toBeGreaterThan(0);
          const f = findings[0];
          expect(f.severity).toBe(c.severity ?? rule.severity);
          expect(findings.map((x) => x.stack)).toEqual(findings.map(() => c.doc.stack));
          expect(f.remediation).toBe(rule.remediation);
          if (c.address) expect(findings.map((x) => x.address)).toContain(c.address);
          if (c.message) expect(findings.map((x) => x.message).join('\n')).toMatch(c.message);
        });
      });
    });
  }
});
