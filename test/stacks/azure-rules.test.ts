/**
 * The reference deployment against Azure's own rules, each written here as data with its source
 * (issue "Deployable", review azure-review-e3fe400): not what the code does, what Azure accepts.
 */
import { referenceConfig, resourcesOf, synthStacks } from './helpers';
import { AZURE_OPENAI_CMK } from '../../azure/customer-managed-keys';

const stacks = synthStacks(referenceConfig());

/** `${type.name.attr}` -> the type of the referenced resource in the same stack. */
function referencedType(stack: any, value: unknown): string | undefined {
  const m = typeof value === 'string' ? /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}/.exec(value) : null;
  return m && stack.resource?.[m[1]]?.[m[2]] ? m[1] : undefined;
}

describe('F9: role definition IDs in the form ARM returns for the assignment scope', () => {
  // Azure's rule (azurerm v4.55.0 role_assignment_resource.go:310,316-318; GH#19847): an assignment at a
  // management group (or "/") reads back `/providers/Microsoft.Authorization/roleDefinitions/<guid>`;
  // one at a subscription, resource group or resource reads back
  // `/subscriptions/<that subscription>/providers/Microsoft.Authorization/roleDefinitions/<guid>`.
  // azurerm replaces the assignment whenever the configured value differs (ForceNew, case-only suppression).
  const TENANT_FORM = /^\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/;
  const subscriptionForm = (sub: string) => new RegExp(`^/subscriptions/${sub.replace(/[$.{}]/g, '\\$&')}/providers/Microsoft\\.Authorization/roleDefinitions/[0-9a-f-]{36}$`);

  const assignments = Object.entries(stacks).flatMap(([name, stack]) => resourcesOf(stack)
    .filter(([type]) => type === 'azurerm_role_assignment')
    .map(([, logical, body]) => ({ name, stack, address: `${name}/${logical}`, body })));

  it('covers the assignments of every stack', () => {
    // platform: the prompt readers' Log Analytics Data Reader on the AI gateway's prompt workspace, and the
    // diagnostics policies' identities' custom role on the security workspace (F16).
    expect(new Set(assignments.map((a) => a.name))).toEqual(new Set(['governance', 'platform', 'workload-chat', 'workload-research']));
  });

  it.each(assignments.map((a) => [a.address, a] as const))('%s', (_address, { stack, body }) => {
    // A custom role of the same stack: `role_definition_resource_id` is the ID ARM returned on create
    // (role_definition_resource.go:214-220, `ResourceID: *read.Model.Id`), so it is the form ARM reads back;
    // the role must be defined in the subscription of the assignment.
    const custom = /^\$\{azurerm_role_definition\.([A-Za-z0-9_-]+)\.role_definition_resource_id\}$/.exec(body.role_definition_id);
    if (custom) {
      const role = stack.resource.azurerm_role_definition[custom[1]];
      expect(/^\/subscriptions\/([^/]+)/.exec(role.scope)?.[1]).toBe(/^\/subscriptions\/([^/]+)/.exec(body.scope)?.[1]);
      return;
    }
    const atManagementGroup = /^\/providers\/Microsoft\.Management\/managementGroups\//i.test(body.scope) || body.scope === '/'
      || referencedType(stack, body.scope) === 'azurerm_management_group';
    const subscription = /^\/subscriptions\/([^/]+)/.exec(body.scope)?.[1] ?? stack.provider.azurerm[0].subscription_id;
    expect(body.role_definition_id).toMatch(atManagementGroup ? TENANT_FORM : subscriptionForm(subscription));
  });
});

/** The resources of one type in a stack, as [logical name, body]. */
const ofType = (stack: any, type: string): [string, any][] => Object.entries(stack.resource?.[type] ?? {});
/** azapi resources (or updates) of one ARM type, any API version. */
const azapiOf = (stack: any, tfType: 'azapi_resource' | 'azapi_update_resource', armType: string): [string, any][] =>
  ofType(stack, tfType).filter(([, b]) => typeof b.type === 'string' && b.type.split('@')[0].toLowerCase() === armType.toLowerCase());
const ref = (type: string, logical: string, attr = 'id') => `\${${type}.${logical}.${attr}}`;

const chat = stacks['workload-chat'];

describe('F6: the customer-managed key is created through Azure Resource Manager, not the vault data plane', () => {
  // Azure's rule (Learn "Virtual network service endpoints for Azure Key Vault", read 2026-11-27): "Key Vault
  // firewalls and virtual network rules only apply to the data plane of Key Vault. Key Vault control plane
  // operations (... and deployment of secrets or keys through ARM templates) are not affected by firewalls and
  // virtual network rules." A data-plane item on a vault with public access off needs a network path from the
  // runner on the first apply and on every later plan.
  const DATA_PLANE = ['azurerm_key_vault_key', 'azurerm_key_vault_secret', 'azurerm_key_vault_certificate'];

  it.each(Object.keys(stacks))('%s creates no data-plane key, secret or certificate in a private vault', (name) => {
    const stack = stacks[name];
    const privateVaults = new Set(ofType(stack, 'azurerm_key_vault').filter(([, b]) => b.public_network_access_enabled === false).map(([n]) => ref('azurerm_key_vault', n)));
    const onPrivate = DATA_PLANE.flatMap((t) => ofType(stack, t).filter(([, b]) => privateVaults.has(b.key_vault_id)).map(([n]) => `${t}.${n}`));
    expect(onPrivate).toEqual([]);
  });

  it('chat\'s customer-managed key is a Microsoft.KeyVault/vaults/keys ARM resource in its private vault, rotating before it expires', () => {
    const keys = azapiOf(chat, 'azapi_resource', 'Microsoft.KeyVault/vaults/keys');
    expect(keys).toHaveLength(1);
    const [, key] = keys[0];
    const [vaultName] = ofType(chat, 'azurerm_key_vault').find(([n]) => key.parent_id === ref('azurerm_key_vault', n))!;
    expect(chat.resource.azurerm_key_vault[vaultName].public_network_access_enabled).toBe(false);
    const policy = key.body.properties.rotationPolicy;
    expect(policy.attributes.expiryTime).toMatch(/^P\d+[YMD]$/);
    expect(policy.lifetimeActions.map((a: any) => a.action.type)).toContain('rotate');
  });
});

describe('F5: Azure OpenAI customer-managed key within the service\'s documented limits', () => {
  const [accountName, account] = ofType(chat, 'azurerm_cognitive_account')[0];
  const attaches = azapiOf(chat, 'azapi_update_resource', 'Microsoft.CognitiveServices/accounts')
    .filter(([, b]) => b.resource_id === ref('azurerm_cognitive_account', accountName) && b.body?.properties?.encryption);

  it('the production account is encrypted with a key of a type and size Azure OpenAI supports', () => {
    expect(account.tags.environment).toBe('production');
    expect(attaches).toHaveLength(1);
    const encryption = attaches[0][1].body.properties.encryption;
    expect(encryption.keySource).toBe('Microsoft.KeyVault');
    const [, key] = azapiOf(chat, 'azapi_resource', 'Microsoft.KeyVault/vaults/keys').find(([, k]) => k.name === encryption.keyVaultProperties.keyName)!;
    expect(AZURE_OPENAI_CMK.keyTypes).toContain(key.body.properties.kty);
    expect(AZURE_OPENAI_CMK.keySizes).toContain(key.body.properties.keySize);
  });

  it('through the account\'s system-assigned identity, which holds Key Vault Crypto Service Encryption User on the key before the attach', () => {
    expect(AZURE_OPENAI_CMK.identities).toEqual(['SystemAssigned']);
    expect(account.identity.type).toMatch(/SystemAssigned/);
    expect(account.customer_managed_key).toBeUndefined();
    const [attachName, attach] = attaches[0];
    expect(attach.body.properties.encryption.keyVaultProperties.identityClientId ?? '').toBe('');
    const grant = ofType(chat, 'azurerm_role_assignment').find(([, b]) => b.principal_id === ref('azurerm_cognitive_account', accountName, 'identity[0].principal_id'));
    expect(grant).toBeDefined();
    expect(grant![1].role_definition_id).toMatch(/\/e147488a-f6f5-4113-8e2d-b22465e65bf6$/);
    expect(attach.depends_on).toContain(`azurerm_role_assignment.${grant![0]}`);
    // Role assignments take minutes to reach Key Vault: the attach retries instead of failing the apply.
    expect(attach.retry.error_message_regex.length).toBeGreaterThan(0);
    expect(attachName).toBeDefined();
  });

  it('no model is deployed before the account is encrypted', () => {
    const [attachName] = attaches[0];
    for (const [, dep] of ofType(chat, 'azurerm_cognitive_deployment')) expect(dep.depends_on).toContain(`azapi_update_resource.${attachName}`);
  });

  it('the production CMK policy does not deny the account\'s creating request (CMK is attached in a second step)', () => {
    // Policy 67121cc7 v2.2.0 (Azure/azure-policy "Cognitive Services/CustomerManagedKey_Audit.json"): type ==
    // Microsoft.CognitiveServices/accounts AND encryption.keySource notEquals Microsoft.KeyVault AND kind notIn
    // excludedKinds -> effect. The account's creating PUT carries no encryption (the system identity that
    // reads the key exists only afterwards), so a Deny assignment would refuse it.
    const creatingRequestHasCmk = account.customer_managed_key !== undefined;
    const assignment = ofType(stacks.governance, 'azurerm_management_group_policy_assignment').map(([, b]) => b)
      .find((b) => b.policy_definition_id.endsWith('/67121cc7-ff39-4ab8-b7e3-95b84dab487d'))!;
    const params = JSON.parse(assignment.parameters);
    const matches = !creatingRequestHasCmk && !params.excludedKinds.value.includes(account.kind);
    expect(matches ? params.effect.value : 'n/a').not.toBe('Deny');
  });
});

const research = stacks['workload-research'];
const [wsName, ws] = ofType(research, 'azurerm_machine_learning_workspace')[0];
/** `${type.name.id}` -> [type, name] */
const target = (value: string): [string, string] => { const m = /^\$\{([a-z_]+)\.([A-Za-z0-9_-]+)\.id\}$/.exec(value)!; return [m[1], m[2]]; };
const wsIdentity = target(ws.primary_user_assigned_identity);
const wsPrincipal = ref(wsIdentity[0], wsIdentity[1], 'principal_id');
const grants = (principal: string) => ofType(research, 'azurerm_role_assignment').filter(([, b]) => b.principal_id === principal);
const roleGuid = (b: any) => b.role_definition_id.split('/').pop();

describe('F7: the workspace identity can approve its managed network\'s private endpoints', () => {
  // Microsoft (azure-ai-docs articles/machine-learning/how-to-managed-network.md, read 2026-11-27): "If you are
  // using UAI workspace please make sure to add the Azure AI Enterprise Network Connection Approver role to
  // your identity." The managed network creates private endpoints to the workspace's storage, key vault and
  // registry and approves them as the workspace identity; the role has no registries/read (roles catalog),
  // hence Reader on the registry.
  const APPROVER = 'b556d68e-0be0-4f35-a333-ad7ee1ce17ea';
  const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

  it('research is the UAI + approved-outbound managed network case', () => {
    expect(ws.identity.type).toBe('UserAssigned');
    expect(ws.managed_network.isolation_mode).toBe('AllowOnlyApprovedOutbound');
  });

  it('holds the approver role on the storage, key vault and registry (before the workspace exists) and on the workspace', () => {
    const approvals = grants(wsPrincipal).filter(([, b]) => roleGuid(b) === APPROVER);
    expect(approvals.map(([, b]) => b.scope).sort()).toEqual([ws.storage_account_id, ws.key_vault_id, ws.container_registry_id, ref('azurerm_machine_learning_workspace', wsName)].sort());
    for (const [name, b] of approvals) {
      if (b.scope !== ref('azurerm_machine_learning_workspace', wsName)) expect(ws.depends_on).toContain(`azurerm_role_assignment.${name}`);
    }
  });

  it('can read the registry it approves endpoints on', () => {
    expect(grants(wsPrincipal).filter(([, b]) => roleGuid(b) === READER).map(([, b]) => b.scope)).toEqual([ws.container_registry_id]);
  });

  it('the compute cluster (which provisions the managed network) waits for every approval', () => {
    const [, cluster] = ofType(research, 'azurerm_machine_learning_compute_cluster')[0];
    const approvals = grants(wsPrincipal).filter(([, b]) => roleGuid(b) === APPROVER).map(([n]) => `azurerm_role_assignment.${n}`);
    const deps = [...(cluster.depends_on ?? []), ...ws.depends_on];
    for (const a of approvals) expect(deps).toContain(a);
    // The approval on the workspace itself can only follow the workspace: the cluster waits for it explicitly.
    const onWorkspace = grants(wsPrincipal).find(([, b]) => roleGuid(b) === APPROVER && b.scope === ref('azurerm_machine_learning_workspace', wsName))!;
    expect(cluster.depends_on).toContain(`azurerm_role_assignment.${onWorkspace[0]}`);
  });
});

describe('F8: identity-based access to the key-less workspace storage', () => {
  // Microsoft (azure-ai-docs how-to-disable-local-auth-storage.md, and the Foundry hub variant
  // disable-local-auth.md, read 2026-11-27): a workspace uses shared keys for its default storage unless
  // systemDatastoresAuthMode is "identity"; users of the default datastores need Storage Blob Data
  // Contributor and Storage File Data Privileged Contributor on the storage account.
  const [stName, storage] = ofType(research, 'azurerm_storage_account').find(([n]) => ref('azurerm_storage_account', n) === ws.storage_account_id)!;

  it('the workspace storage has shared keys off and the workspace is switched to identity access', () => {
    expect(storage.shared_access_key_enabled).toBe(false);
    const updates = azapiOf(research, 'azapi_update_resource', 'Microsoft.MachineLearningServices/workspaces').filter(([, b]) => b.resource_id === ref('azurerm_machine_learning_workspace', wsName));
    expect(updates.map(([, b]) => String(b.body.properties.systemDatastoresAuthMode).toLowerCase())).toEqual(['identity']);
    const [, cluster] = ofType(research, 'azurerm_machine_learning_compute_cluster')[0];
    expect(cluster.depends_on).toContain(`azapi_update_resource.${updates[0][0]}`);
  });

  it('developers hold Storage Blob Data Contributor and Storage File Data Privileged Contributor on that storage account', () => {
    const dev = referenceConfig().workloads[1].access.developersGroupObjectId;
    const onStorage = grants(dev).filter(([, b]) => b.scope === ref('azurerm_storage_account', stName)).map(([, b]) => roleGuid(b)).sort();
    expect(onStorage).toEqual(['69566ab7-960f-475b-8e7c-b3118f30c6bd', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe']);
  });
});

describe('F18: Application Insights can receive and serve telemetry', () => {
  // With public ingestion or query disabled, Application Insights accepts data only through an Azure
  // Monitor Private Link Scope; no stack creates one, so telemetry would be dropped. Entra ID stays the
  // only way in (local authentication disabled).
  it.each(Object.keys(stacks))('%s: every component is reachable for ingestion and query, Entra ID only, or linked to an AMPLS', (name) => {
    const scoped = new Set(Object.values<any>(stacks).flatMap((s) => ofType(s, 'azurerm_monitor_private_link_scoped_service').map(([, b]) => b.linked_resource_id)));
    for (const [n, appi] of ofType(stacks[name], 'azurerm_application_insights')) {
      expect(appi.local_authentication_disabled).toBe(true);
      if (scoped.has(ref('azurerm_application_insights', n))) continue;
      expect([appi.internet_ingestion_enabled, appi.internet_query_enabled]).toEqual([true, true]);
    }
  });
});

describe('F23: the ML registry lets Azure Machine Learning through as a trusted service', () => {
  // Microsoft (MicrosoftDocs/azure-docs articles/container-registry/allow-access-trusted-services.md,
  // ms.date 02/28/2025): Machine Learning is a trusted service of a network-restricted registry ("deploy or
  // train a model ... using a custom Docker container image"), only when "allow trusted services" is on.
  it('every registry an ML workspace uses bypasses the firewall for trusted Azure services', () => {
    const [, acr] = ofType(research, 'azurerm_container_registry').find(([n]) => ref('azurerm_container_registry', n) === ws.container_registry_id)!;
    expect(acr.network_rule_bypass_option).toBe('AzureServices');
    expect(acr.public_network_access_enabled).toBe(false);
  });
});
