/**
 * The simulation on Terraform JSON: the review's F1, F11, F12, F15, F16 are caught in their e3fe400 shapes and
 * gone in their fixed shapes; planted conflicts are caught; scopes, not_scopes and exemptions follow Azure
 * (https://learn.microsoft.com/azure/governance/policy/concepts/scope,
 * https://learn.microsoft.com/azure/governance/policy/concepts/exemption-structure).
 */
import { armViewOfDocuments, memoryStore, simulateDocuments, toFindings } from '../../policy';
import { simulate } from '../../policy/simulate';
import { evaluate } from '../../guardrails';
import { Finding, TerraformDocument } from '../../guardrails/types';
import { PolicyDefinition } from '../../policy/types';
import { ALL_DEFINITIONS, ALL_FIXED, CHAT_SUB, Fixes, STORAGE_PUBLIC, TENANT_ROOT, WORKSPACE_ID, landingZone } from './fixtures';

const TODAY = '2026-11-26';
const store = memoryStore(ALL_DEFINITIONS);
const run = (docs: TerraformDocument[], s = store): Finding[] => simulateDocuments(docs, s, { today: TODAY }).findings;
const brief = (fs: Finding[]) => fs.map((f) => `${f.severity} ${f.rule} ${f.stack}/${f.address} ${String(f.evidence?.outcome)}`);
const errors = (fs: Finding[]) => brief(fs.filter((f) => f.severity === 'error'));
/** Keeps only the named assignment (key in the fixture) and drops the remediation roles of the others. */
const keep = (docs: TerraformDocument[], key: string) => {
  const gov = docs[0].json.resource;
  for (const k of Object.keys(gov.azurerm_management_group_policy_assignment)) if (k !== key) delete gov.azurerm_management_group_policy_assignment[k];
  delete gov.azurerm_role_assignment;
  return docs;
};

describe('the review findings in their e3fe400 shapes', () => {
  const findings = run(landingZone());

  test('F1: the Deny on public network access refuses ailz\'s own flow-log storage account, and cannot be suppressed', () => {
    const f = findings.find((x) => x.rule === 'AZPOLICY-DENY:st-no-public-network')!;
    expect(f).toMatchObject({ severity: 'error', stack: 'workload-chat', address: 'azurerm_storage_account.flowlogs', assignment: 'st-no-public-network', definition: STORAGE_PUBLIC.id, suppressible: false });
    expect(f.message).toMatch(/RequestDisallowedByPolicy/);
    expect(f.message).toMatch(/publicNetworkAccess = "Enabled" notEquals "Disabled"/);
    const result = evaluate(landingZone(), {
      extraFindings: [f],
      suppressions: [{ rule: f.rule, resource: 'workload-chat/azurerm_storage_account.flowlogs', justification: 'flow logs need the trusted-service path', expires: '2099-01-01' }],
    });
    expect(result.findings.find((x) => x.rule === f.rule)!.suppressed).toBeUndefined();
  });

  test('F11: Defender sub-plans the assignments pin disagree with the Terraform pricings: impossible existence conditions', () => {
    expect(errors(findings)).toEqual(expect.arrayContaining([
      'error AZPOLICY-DINE:defender-arm workload-chat/azurerm_security_center_subscription_pricing.arm impossible',
      'error AZPOLICY-DINE:defender-key-vault workload-chat/azurerm_security_center_subscription_pricing.kv impossible',
    ]));
    const arm = findings.find((x) => x.rule === 'AZPOLICY-DINE:defender-arm')!;
    expect(arm.message).toMatch(/subPlan = "PerSubscription" equals "PerApiCall"/);
    expect(arm.message).toMatch(/subPlan = "PerApiCall" \(Terraform: "PerSubscription"\)/);
  });

  test('F12: the basic Defender for Storage remediation would switch malware scanning and sensitive data discovery off', () => {
    const f = findings.find((x) => x.rule === 'AZPOLICY-DINE:defender-storage')!;
    expect(f).toMatchObject({ severity: 'warning', address: 'azurerm_security_center_subscription_pricing.storage' });
    expect(f.evidence?.outcome).toBe('remediation-conflict');
    expect(f.message).toMatch(/extensions\[name=onuploadmalwarescanning\]\.isEnabled = "False" \(Terraform: "True"\)/);
    expect(f.message).toMatch(/extensions\[name=sensitivedatadiscovery\]\.isEnabled = "False" \(Terraform: "True"\)/);
  });

  test('F15: the category-group existence condition can never see ailz\'s allLogs-only diagnostic setting', () => {
    const f = findings.find((x) => x.rule === 'AZPOLICY-DINE:diag-cognitive' && x.evidence?.outcome === 'impossible')!;
    expect(f).toMatchObject({ severity: 'error', stack: 'workload-chat', address: 'azurerm_monitor_diagnostic_setting.oai_diagnostics' });
    expect(f.message).toMatch(/count\(Microsoft\.Insights\/diagnosticSettings\/logs\[\*\] where \.\.\.\) = 0 equals 1/);
  });

  test('F16: the diagnostic remediation identity has no rights on the workspace in the platform subscription', () => {
    const f = findings.find((x) => x.rule === 'AZPOLICY-DINE:diag-cognitive' && x.evidence?.outcome === 'identity')!;
    expect(f).toMatchObject({ severity: 'error', stack: 'governance', address: 'azurerm_management_group_policy_assignment.diag_cognitive' });
    expect(f.message).toMatch(/links to \/subscriptions\/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e\/resourceGroups\/rg-platform\/providers\/Microsoft\.OperationalInsights\/workspaces\/log-platform \(parameter logAnalytics \(assignPermissions\)\)/);
    expect(f.message).toMatch(/outside the assignment scope \/providers\/microsoft\.management\/managementgroups\/contoso-ai/);
  });

  test('exactly these errors, nothing else', () => {
    expect(errors(findings).sort()).toEqual([
      'error AZPOLICY-DENY:st-no-public-network workload-chat/azurerm_storage_account.flowlogs deny',
      'error AZPOLICY-DINE:defender-arm workload-chat/azurerm_security_center_subscription_pricing.arm impossible',
      'error AZPOLICY-DINE:defender-key-vault workload-chat/azurerm_security_center_subscription_pricing.kv impossible',
      'error AZPOLICY-DINE:diag-cognitive governance/azurerm_management_group_policy_assignment.diag_cognitive identity',
      'error AZPOLICY-DINE:diag-cognitive workload-chat/azurerm_monitor_diagnostic_setting.oai_diagnostics impossible',
    ]);
  });
});

describe('the fixed shapes are clean', () => {
  test.each<[string, Fixes]>([
    ['every fix (F1 by not_scopes)', ALL_FIXED],
    ['F1 by excluding the flow-log account itself (not_scopes with a resource ID, the shape of main bd89654)', { ...ALL_FIXED, F1: 'not_scopes_resource' }],
    ['F1 by a resource-group exemption', { ...ALL_FIXED, F1: 'exemption' }],
    ['F1 by a private flow-log account', { ...ALL_FIXED, F1: 'private' }],
  ])('%s: no finding at all', (_name, fixes) => {
    expect(brief(run(landingZone(fixes)))).toEqual([]);
  });

  test.each<[keyof Fixes, string]>([
    ['F1', 'AZPOLICY-DENY:st-no-public-network'],
    ['F11', 'AZPOLICY-DINE:defender-arm'],
    ['F12', 'AZPOLICY-DINE:defender-storage'],
    ['F15', 'AZPOLICY-DINE:diag-cognitive'],
    ['F16', 'AZPOLICY-DINE:diag-cognitive'],
  ])('undoing only %s brings back %s', (finding, rule) => {
    const fixes: Fixes = { ...ALL_FIXED, [finding]: false };
    expect(run(landingZone(fixes)).map((f) => f.rule)).toContain(rule);
  });
});

describe('scopes, not_scopes and exemptions', () => {
  const denyOnly = memoryStore([STORAGE_PUBLIC]);
  const onlyDeny = (docs: TerraformDocument[]) => run(keep(docs, 'st_public'), denyOnly).filter((f) => f.rule.startsWith('AZPOLICY-DENY'));
  const withExemption = (exemption: Record<string, unknown>, type = 'azurerm_management_group_policy_exemption') => {
    const docs = landingZone(ALL_FIXED);
    const gov = docs[0].json;
    delete gov.resource.azurerm_management_group_policy_assignment.st_public.not_scopes;
    gov.resource[type] = { ex: { name: 'exempt-st', exemption_category: 'Waiver', policy_assignment_id: '${azurerm_management_group_policy_assignment.st_public.id}', ...exemption } };
    return docs;
  };

  test('an assignment at a management group applies to the subscriptions placed below it, not to the platform', () => {
    const docs = landingZone(ALL_FIXED);
    delete docs[0].json.resource.azurerm_management_group_policy_assignment.st_public.not_scopes;
    docs[1].json.resource.azurerm_storage_account = { pub: { name: 'stplatform', resource_group_name: 'rg-platform', location: 'swedencentral', account_tier: 'Standard', account_replication_type: 'LRS' } };
    expect(onlyDeny(docs).map((f) => `${f.stack}/${f.address}`)).toEqual(['workload-chat/azurerm_storage_account.flowlogs']);
  });

  test('a management-group exemption below the assignment clears the Deny; an expired one does not', () => {
    expect(onlyDeny(withExemption({ management_group_id: '${azurerm_management_group.production.id}', expires_on: '2099-01-01T23:59:59Z' }))).toEqual([]);
    expect(onlyDeny(withExemption({ management_group_id: '${azurerm_management_group.production.id}', expires_on: '2026-11-25T23:59:59Z' }))).toHaveLength(1);
  });

  test('a subscription exemption of another subscription does not clear it', () => {
    expect(onlyDeny(withExemption({ subscription_id: '/subscriptions/99999999-0000-0000-0000-000000000000' }, 'azurerm_subscription_policy_exemption'))).toHaveLength(1);
    expect(onlyDeny(withExemption({ subscription_id: `/subscriptions/${CHAT_SUB}` }, 'azurerm_subscription_policy_exemption'))).toEqual([]);
  });

  test('a value known only after apply is reported as undecided, not passed', () => {
    const docs = landingZone(ALL_FIXED);
    delete docs[0].json.resource.azurerm_management_group_policy_assignment.st_public.not_scopes;
    docs[2].json.resource.azurerm_storage_account.flowlogs.public_network_access_enabled = '${var.public_access}';
    const f = onlyDeny(docs);
    expect(f.map((x) => [x.severity, x.evidence?.outcome])).toEqual([['warning', 'unknown']]);
    expect(f[0].message).toMatch(/cannot be decided before apply/);
  });

  test('enforcementMode DoNotEnforce: reported as non-compliant, not refused', () => {
    const docs = landingZone({ ...ALL_FIXED, F1: false });
    docs[0].json.resource.azurerm_management_group_policy_assignment.st_public.enforce = false;
    expect(brief(run(keep(docs, 'st_public'), denyOnly))).toEqual(['warning AZPOLICY-AUDIT:st-no-public-network workload-chat/azurerm_storage_account.flowlogs not-compliant']);
  });

  test('a subscription placed in no management group of the output is reported, not silently skipped', () => {
    const docs = landingZone(ALL_FIXED);
    delete docs[0].json.resource.azurerm_management_group_subscription_association.chat;
    expect(brief(run(keep(docs, 'st_public'), denyOnly))).toEqual([`warning AZPOLICY-NOTSIMULATED:subscription workload-chat/subscription(${CHAT_SUB}) unplaced`]);
  });
});

describe('coverage is explicit', () => {
  test('a Terraform type without an adapter is reported', () => {
    const docs = landingZone(ALL_FIXED);
    docs[2].json.resource.azurerm_linux_web_app = { app: { name: 'app' } };
    expect(brief(run(docs))).toEqual(['warning AZPOLICY-NOTSIMULATED:azurerm_linux_web_app workload-chat/azurerm_linux_web_app.app not-simulated']);
  });

  test('an assignment whose definition is not available is "cannot evaluate", naming it', () => {
    const docs = landingZone(ALL_FIXED);
    const f = run(docs, memoryStore([STORAGE_PUBLIC]));
    expect(f.map((x) => x.rule).sort()).toEqual([
      'AZPOLICY-UNEVALUATED:defender-arm', 'AZPOLICY-UNEVALUATED:defender-key-vault', 'AZPOLICY-UNEVALUATED:defender-storage', 'AZPOLICY-UNEVALUATED:diag-cognitive',
    ]);
    expect(f[0].message).toMatch(/cannot evaluate: definition \/providers\/Microsoft\.Authorization\/policyDefinitions\/test-\S+ is not in the definitions/);
  });

  test('a construct outside the language is "cannot evaluate" on the resource, never a pass', () => {
    const odd: PolicyDefinition = { ...STORAGE_PUBLIC, policyRule: { if: { field: 'name', startsWith: 'st' }, then: { effect: 'deny' } } };
    const f = run(keep(landingZone(ALL_FIXED), 'st_public'), memoryStore([odd])).filter((x) => x.rule === 'AZPOLICY-UNEVALUATED:st-no-public-network');
    expect(f.length).toBeGreaterThan(0);
    expect(f[0].message).toMatch(/cannot evaluate Storage accounts should disable public network access \(test\) .* condition keyword "startsWith" at if/);
  });

  test('a resource-provider mode judges data-plane components: reported as not simulated on the component types, skipped elsewhere', () => {
    const docs = landingZone(ALL_FIXED);
    docs[2].json.resource.azurerm_cognitive_deployment = { gpt: { name: 'gpt-4o', cognitive_account_id: '${azurerm_cognitive_account.oai.id}', model: [{ format: 'OpenAI', name: 'gpt-4o', version: '2024-11-20' }], sku: [{ name: 'Standard' }] } };
    const models: PolicyDefinition = { ...STORAGE_PUBLIC, mode: 'Microsoft.CognitiveServices.Data', policyRule: { if: { field: 'type', equals: 'Microsoft.CognitiveServices.Data/accounts/deployments' }, then: { effect: 'deny' } } };
    expect(brief(run(keep(docs, 'st_public'), memoryStore([models])))).toEqual(['warning AZPOLICY-UNEVALUATED:st-no-public-network workload-chat/azurerm_cognitive_deployment.gpt not-simulated']);
  });
});

describe('effects', () => {
  test('Modify: the properties it would change under Terraform\'s feet', () => {
    const tag: PolicyDefinition = {
      ...STORAGE_PUBLIC,
      policyRule: {
        if: { allOf: [{ field: 'type', equals: 'Microsoft.Storage/storageAccounts' }, { field: 'tags[costCenter]', exists: 'false' }] },
        then: { effect: 'modify', details: { roleDefinitionIds: [], operations: [{ operation: 'addOrReplace', field: 'tags[costCenter]', value: '[parameters(\'cc\')]' }, { operation: 'addOrReplace', field: 'Microsoft.Storage/storageAccounts/minimumTlsVersion', value: 'TLS1_2' }] } },
      },
      parameters: { cc: { type: 'String', defaultValue: '4711' } },
    };
    const f = run(keep(landingZone({ ...ALL_FIXED, F1: 'private' }), 'st_public'), memoryStore([tag]));
    expect(brief(f)).toEqual(['warning AZPOLICY-MODIFY:st-no-public-network workload-chat/azurerm_storage_account.flowlogs drift']);
    expect(f[0].message).toMatch(/sets tags\[costCenter\] to "4711" \(Terraform: \(not set\)\)/);
    expect(f[0].message).not.toMatch(/minimumTlsVersion/); // already TLS1_2: no drift
  });

  test('AuditIfNotExists: a missing related resource is a warning', () => {
    const aine: PolicyDefinition = {
      ...STORAGE_PUBLIC,
      policyRule: { if: { field: 'type', equals: 'Microsoft.Resources/subscriptions' }, then: { effect: 'auditIfNotExists', details: { type: 'Microsoft.Security/pricings', name: 'AI', existenceScope: 'subscription', existenceCondition: { field: 'Microsoft.Security/pricings/pricingTier', equals: 'Standard' } } } },
    };
    expect(brief(run(keep(landingZone(ALL_FIXED), 'st_public'), memoryStore([aine])))).toEqual([`warning AZPOLICY-AINE:st-no-public-network workload-chat/subscription(${CHAT_SUB}) not-compliant`]);
  });

  test('initiatives: members get their parameters through the initiative\'s mapping; effect overrides apply per member', () => {
    const docs = keep(landingZone({ ...ALL_FIXED, F1: false }), 'st_public');
    const a = docs[0].json.resource.azurerm_management_group_policy_assignment.st_public;
    a.policy_definition_id = '/providers/Microsoft.Management/managementGroups/contoso-ai/providers/Microsoft.Authorization/policySetDefinitions/storage-baseline';
    a.parameters = JSON.stringify({ storageEffect: { value: 'Deny' } });
    const set = {
      id: a.policy_definition_id, name: 'storage-baseline', displayName: 'Storage baseline', source: 'test',
      parameters: { storageEffect: { type: 'String', defaultValue: 'Audit' } },
      policyDefinitions: [{ policyDefinitionId: STORAGE_PUBLIC.id, policyDefinitionReferenceId: 'publicAccess', parameters: { effect: { value: "[parameters('storageEffect')]" } } }],
    };
    expect(brief(run(docs, memoryStore([STORAGE_PUBLIC], [set])))).toEqual(['error AZPOLICY-DENY:st-no-public-network workload-chat/azurerm_storage_account.flowlogs deny']);
    a.overrides = [{ value: 'Audit', selectors: [{ in: ['publicAccess'] }] }];
    expect(brief(run(docs, memoryStore([STORAGE_PUBLIC], [set])))).toEqual(['warning AZPOLICY-AUDIT:st-no-public-network workload-chat/azurerm_storage_account.flowlogs audit']);
  });
});

describe('pulled assignments above ailz', () => {
  const locations: PolicyDefinition = {
    id: '/providers/Microsoft.Authorization/policyDefinitions/test-locations', name: 'test-locations', displayName: 'Allowed locations (test)', mode: 'Indexed', source: 'test',
    parameters: { listOfAllowedLocations: { type: 'Array' } },
    policyRule: { if: { allOf: [{ field: 'location', notIn: "[parameters('listOfAllowedLocations')]" }, { field: 'location', notEquals: 'global' }] }, then: { effect: 'deny' } },
  };
  const pulled = (scope: string) => [{
    file: 'assignments/alz-locations.json',
    json: {
      id: `${scope}/providers/Microsoft.Authorization/policyAssignments/Deny-Locations`, name: 'Deny-Locations', type: 'Microsoft.Authorization/policyAssignments',
      properties: { scope, policyDefinitionId: locations.id, notScopes: [], parameters: { listOfAllowedLocations: { value: ['westeurope'] } }, enforcementMode: 'Default' },
    },
  }];

  test('an assignment at an ancestor of ailz\'s root group (pull path) judges ailz\'s resources', () => {
    const s = memoryStore([locations], [], pulled('/providers/Microsoft.Management/managementGroups/alz'), { scope: TENANT_ROOT, path: ['/providers/Microsoft.Management/managementGroups/alz', TENANT_ROOT] });
    const f = run(keep(landingZone(ALL_FIXED), 'none'), s);
    expect(f.length).toBeGreaterThan(0);
    expect(f.every((x) => x.rule === 'AZPOLICY-DENY:Deny-Locations' && x.severity === 'error')).toBe(true);
    expect(f.map((x) => `${x.stack}/${x.address}`)).toEqual(expect.arrayContaining(['workload-chat/azurerm_storage_account.flowlogs', 'platform/azurerm_log_analytics_workspace.log']));
    expect(f[0].message).toMatch(/location = "swedencentral" notIn \["westeurope"\]/);
  });

  test('an assignment at a management group that is not above ailz does not', () => {
    const s = memoryStore([locations], [], pulled('/providers/Microsoft.Management/managementGroups/elsewhere'), { scope: TENANT_ROOT, path: [TENANT_ROOT] });
    expect(run(keep(landingZone(ALL_FIXED), 'none'), s)).toEqual([]);
  });
});

describe('determinism and the ARM view', () => {
  test('the same input gives the same findings in the same order', () => {
    const a = toFindings(simulate(armViewOfDocuments(landingZone()), store, { today: TODAY }).results);
    const b = toFindings(simulate(armViewOfDocuments(landingZone()), store, { today: TODAY }).results);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});

describe('ailz\'s own shapes (issue 11: the simulation finds ailz\'s assignments and resources agree)', () => {
  const AI_MG = '/providers/Microsoft.Management/managementGroups/contoso-ai';
  const identityErrors = (docs: TerraformDocument[]) => brief(run(docs).filter((f) => f.evidence?.outcome === 'identity'));

  test('an azapi diagnostic setting extends its parent resource, beside azurerm settings on other resources', () => {
    // The F15 fix writes the cognitive setting through azapi; the platform keeps an azurerm setting on its workspace.
    // Placed as a plain resource-group child, the azapi setting was invisible to the existence check as soon as any
    // extension-placed setting existed (AZPOLICY-DINE not-deployed on the account).
    const docs = landingZone(ALL_FIXED);
    docs[1].json.resource.azurerm_monitor_diagnostic_setting = {
      log: { name: 'diag-ailz-to-log-analytics', target_resource_id: '${azurerm_log_analytics_workspace.log.id}', log_analytics_workspace_id: WORKSPACE_ID, enabled_log: [{ category_group: 'audit' }] },
    };
    const view = armViewOfDocuments(docs);
    const azapi = view.resources.find((r) => r.source.address === 'azapi_resource.oai_diagnostics')!;
    expect(azapi.scopeOf).toBe(`/subscriptions/${CHAT_SUB}/resourcegroups/rg-chat/providers/microsoft.cognitiveservices/accounts/oai-chat`);
    expect(azapi.id).toBe(`/subscriptions/${CHAT_SUB}/resourceGroups/rg-chat/providers/Microsoft.CognitiveServices/accounts/oai-chat/providers/Microsoft.Insights/diagnosticSettings/diag-ailz-to-log-analytics`);
    expect(brief(run(docs))).toEqual([]);
  });

  /** The platform stack's linked-access grant (review F16 as ailz fixes it): a custom role, the identity looked up by assignment name. */
  const linkedAccess = (opts: { actions?: string[]; notActions?: string[]; lookUp?: string; assignable?: string } = {}) => {
    const docs = landingZone({ ...ALL_FIXED, F16: false });
    const p = docs[1].json;
    p.data = { azurerm_policy_assignment: { diag: { name: opts.lookUp ?? 'diag-cognitive', scope_id: AI_MG } } };
    p.resource.azurerm_role_definition = {
      dest: {
        name: 'ailz diagnostics destination', scope: '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-platform',
        permissions: [{ actions: opts.actions ?? ['Microsoft.OperationalInsights/workspaces/read', 'Microsoft.OperationalInsights/workspaces/sharedKeys/action'], ...(opts.notActions ? { not_actions: opts.notActions } : {}) }],
        assignable_scopes: [opts.assignable ?? '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-platform'],
      },
    };
    p.resource.azurerm_role_assignment = {
      dest: {
        scope: WORKSPACE_ID, principal_id: '${data.azurerm_policy_assignment.diag.identity[0].principal_id}', principal_type: 'ServicePrincipal',
        role_definition_id: '${azurerm_role_definition.dest.role_definition_resource_id}',
      },
    };
    return docs;
  };
  const F16_ERROR = 'error AZPOLICY-DINE:diag-cognitive governance/azurerm_management_group_policy_assignment.diag_cognitive identity';

  test('linked access: a custom role with the two workspace actions, granted from another stack to the identity it looks up, is enough', () => {
    expect(identityErrors(landingZone({ ...ALL_FIXED, F16: false }))).toEqual([F16_ERROR]);
    expect(identityErrors(linkedAccess())).toEqual([]);
    expect(identityErrors(linkedAccess({ actions: ['Microsoft.OperationalInsights/workspaces/*'] }))).toEqual([]);
  });

  test('linked access: a custom role without sharedKeys/action, with it excluded, assigned outside its assignable scopes, or granted to another assignment is not', () => {
    expect(identityErrors(linkedAccess({ actions: ['Microsoft.OperationalInsights/workspaces/read'] }))).toEqual([F16_ERROR]);
    expect(identityErrors(linkedAccess({ actions: ['Microsoft.OperationalInsights/*'], notActions: ['Microsoft.OperationalInsights/workspaces/sharedKeys/*'] }))).toEqual([F16_ERROR]);
    expect(identityErrors(linkedAccess({ assignable: '/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-other' }))).toEqual([F16_ERROR]);
    expect(identityErrors(linkedAccess({ lookUp: 'diag-key-vault' }))).toEqual([F16_ERROR]);
    const message = run(linkedAccess({ actions: ['Microsoft.OperationalInsights/workspaces/read'] })).find((f) => f.evidence?.outcome === 'identity')!.message;
    expect(message).toMatch(/nor a custom role with the actions Microsoft\.OperationalInsights\/workspaces\/read, Microsoft\.OperationalInsights\/workspaces\/sharedKeys\/action/);
  });

  /** A custom Deny definition the governance stack defines and assigns at the workload subscription. */
  const customDeny = (at: 'subscription' | 'management group') => {
    const docs = landingZone(ALL_FIXED);
    const g = docs[0].json.resource;
    g.azurerm_policy_definition = {
      d: {
        name: 'ailz-no-openai', display_name: 'No OpenAI (test)', mode: 'Indexed', policy_type: 'Custom',
        ...(at === 'management group' ? { management_group_id: '${azurerm_management_group.ai.id}' } : {}),
        policy_rule: JSON.stringify({ if: { field: 'type', equals: 'Microsoft.CognitiveServices/accounts' }, then: { effect: '[parameters(\'effect\')]' } }),
        parameters: JSON.stringify({ effect: { type: 'String', defaultValue: 'Deny' } }),
      },
    };
    g.azurerm_subscription_policy_assignment = { a: { name: 'no-openai', subscription_id: `/subscriptions/${CHAT_SUB}`, policy_definition_id: '${azurerm_policy_definition.d.id}' } };
    return docs;
  };

  test('a custom definition the Terraform defines is evaluated for the assignments that reference it (no catalog holds it before apply)', () => {
    expect(brief(run(customDeny('subscription')))).toEqual(['error AZPOLICY-DENY:no-openai workload-chat/azurerm_cognitive_account.oai deny']);
    expect(brief(run(customDeny('management group')))).toEqual(['error AZPOLICY-DENY:no-openai workload-chat/azurerm_cognitive_account.oai deny']);
  });

  test('the custom definition\'s ID is the one ARM gives it: at its management group, or at the provider\'s subscription', () => {
    const id = (docs: TerraformDocument[]) => simulate(armViewOfDocuments(docs), store, { today: TODAY }).assignments.find((a) => a.name === 'no-openai')!.policyDefinitionId;
    expect(id(customDeny('subscription'))).toBe('/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/providers/Microsoft.Authorization/policyDefinitions/ailz-no-openai');
    expect(id(customDeny('management group'))).toBe('/providers/Microsoft.Management/managementGroups/contoso-ai/providers/Microsoft.Authorization/policyDefinitions/ailz-no-openai');
  });

  test('a custom definition whose rule is not a literal still needs a catalog: reported, never passed', () => {
    const docs = customDeny('subscription');
    docs[0].json.resource.azurerm_policy_definition.d.policy_rule = '${file("rule.json")}';
    expect(brief(run(docs))).toEqual(['warning AZPOLICY-UNEVALUATED:no-openai governance/azurerm_subscription_policy_assignment.a missing-definition']);
  });

  test('custom role definitions and role management policies are ARM requests of their own (judged, not skipped)', () => {
    const docs = linkedAccess();
    docs[0].json.resource.azurerm_role_management_policy = {
      pim: { scope: `/subscriptions/${CHAT_SUB}`, role_definition_id: `/subscriptions/${CHAT_SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`, activation_rules: [{ maximum_duration: 'PT4H' }] },
    };
    const view = armViewOfDocuments(docs);
    expect(view.notSimulated).toEqual([]);
    const role = view.resources.find((r) => r.type === 'Microsoft.Authorization/roleDefinitions')!;
    expect(role.properties).toEqual({
      roleName: 'ailz diagnostics destination', description: '', type: 'CustomRole',
      permissions: [{ actions: ['Microsoft.OperationalInsights/workspaces/read', 'Microsoft.OperationalInsights/workspaces/sharedKeys/action'], notActions: [], dataActions: [], notDataActions: [] }],
      assignableScopes: ['/subscriptions/0b7c8d2e-1f3a-4b5c-8d9e-0f1a2b3c4d5e/resourceGroups/rg-platform'],
    });
    const pim = view.resources.find((r) => r.type === 'Microsoft.Authorization/roleManagementPolicies')!;
    expect(pim).toMatchObject({ scopeOf: `/subscriptions/${CHAT_SUB}`, modelled: { properties: [] } });
  });
});
