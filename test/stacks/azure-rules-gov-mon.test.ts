/**
 * The reference deployment against Azure's own rules for governance and monitoring (issue "Deployable",
 * review azure-review-e3fe400 F3, F10-F12, F15-F17, F19, F21, F22, F27): each rule is written here as data
 * with its source, and judged on the synthesized Terraform JSON, never on the props ailz passed in.
 */
import { referenceConfig, resourcesOf, synthStacks } from './helpers';
import { existenceFact } from '../../azure/policy-existence';
import { DEFENDER_BASIC_STORAGE_DEFINITION, DEFENDER_DEPLOY_DEFINITIONS, defenderPlan } from '../../azure/defender-plans';
import { evaluateCondition } from '../../guardrails/policy-condition';

const stacks = synthStacks(referenceConfig());

/** The bodies of one resource type in one stack. */
function bodies(stack: string, type: string): any[] {
  return resourcesOf(stacks[stack]).filter(([t]) => t === type).map(([, , body]) => body);
}

const WORKLOADS = Object.keys(stacks).filter((s) => s.startsWith('workload-'));
const guid = (id: string) => id.split('/').pop()!.toLowerCase();

/** Governance policy assignments with their parameter values (`parameters` is a JSON string of `{ name: { value } }`). */
function assignments(): { name: string; definition: string; parameters: Record<string, unknown> }[] {
  return bodies('governance', 'azurerm_management_group_policy_assignment').map((a) => ({
    name: a.name,
    definition: guid(a.policy_definition_id),
    parameters: Object.fromEntries(Object.entries<any>(a.parameters ? JSON.parse(a.parameters) : {}).map(([k, v]) => [k, v.value])),
  }));
}

/** A pricing as Azure Policy sees `Microsoft.Security/pricings/<plan>`: listed extensions on, every other one off (provider behaviour). */
function pricingArm(p: any) {
  return {
    type: 'Microsoft.Security/pricings', name: p.resource_type,
    properties: { pricingTier: p.tier, subPlan: p.subplan, extensions: (p.extension ?? []).map((e: any) => ({ name: e.name, isEnabled: 'True' })) },
  };
}

describe('F3: Sentinel accepts only parent technique ids in `techniques`', () => {
  // Azure's rule: the Sentinel alert-rule API rejects a sub-technique in `techniques` ("The technique
  // 'T1098.003' is invalid. The expected format is 'T####'", hashicorp/terraform-provider-azurerm#28801,
  // Azure/Azure-Sentinel#8960); azurerm 4.55 sends `techniques` verbatim and has no sub-technique argument
  // (internal/services/sentinel/sentinel_alert_rule_scheduled_resource.go:108-115, :408).
  const PARENT_TECHNIQUE = /^T\d{4}$/;
  const rules = bodies('platform', 'azurerm_sentinel_alert_rule_scheduled');

  it('the platform carries scheduled rules', () => {
    expect(rules.length).toBeGreaterThan(0);
  });

  it.each(rules.map((r) => [r.name, r] as const))('%s: every technique is T####', (_name, rule) => {
    for (const t of rule.techniques ?? []) expect(t).toMatch(PARENT_TECHNIQUE);
  });
});

describe('F27: scheduled rules see events that arrive late, once, and each Defender alert becomes one incident', () => {
  // Azure's rule (Microsoft Sentinel, "Handle ingestion delay in scheduled analytics rules",
  // learn.microsoft.com/azure/sentinel/ingestion-delay): Sentinel runs the query over the look-back period
  // by TimeGenerated; an event ingested after the run that covered its TimeGenerated is never seen when the
  // look-back equals the run frequency. The fix Microsoft gives: look back further than the frequency and
  // select the rows ingested since the last run with ingestion_time(), so each event is read exactly once.
  const MARGIN_MINUTES = 30;
  const minutes = (iso: string) => {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso)!;
    return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  };
  const kqlSpan = (iso: string) => (minutes(iso) % 60 === 0 ? `${minutes(iso) / 60}h` : `${minutes(iso)}m`);
  const rules = bodies('platform', 'azurerm_sentinel_alert_rule_scheduled');

  it.each(rules.map((r) => [r.name, r] as const))('%s looks back past its run frequency by the ingestion margin', (_n, rule) => {
    expect(minutes(rule.query_period) - minutes(rule.query_frequency)).toBeGreaterThanOrEqual(MARGIN_MINUTES);
  });

  it.each(rules.filter((r) => minutes(r.query_period) < 1440).map((r) => [r.name, r] as const))(
    '%s (short look-back) selects each run\'s rows by ingestion time, so a late event alerts once', (_n, rule) => {
      expect(rule.query).toContain(`ingestion_time() > ago(${kqlSpan(rule.query_frequency)})`);
    });

  // Each Defender for Cloud alert must land in exactly one incident: the Microsoft-security incident rule
  // creates one per alert of its severities (product "Azure Security Center"); the AI detection groups the
  // Defender for AI alerts (AlertType "AI.*") it selects.
  it('every Defender for AI alert severity has exactly one incident path', () => {
    const ms = bodies('platform', 'azurerm_sentinel_alert_rule_ms_security_incident');
    const msSeverities: string[] = ms.flatMap((m) => m.severity_filter ?? []);
    const ai = rules.find((r) => /AlertType startswith "AI\./.test(r.query))!;
    const excluded = /AlertSeverity !in \(([^)]*)\)/.exec(ai.query)?.[1]?.split(',').map((s) => s.trim().replace(/"/g, '')) ?? [];
    for (const severity of ['High', 'Medium', 'Low', 'Informational']) {
      const paths = (msSeverities.includes(severity) ? 1 : 0) + (excluded.includes(severity) ? 0 : 1);
      expect([severity, paths]).toEqual([severity, 1]);
    }
  });
});

describe('F10: Terraform owns the Defender plans and adopts the pricing Azure already has', () => {
  // Azure's rule (azurerm v4.55.0 internal/services/securitycenter/security_center_subscription_pricing_resource.go):
  // create GETs the pricing and refuses anything but Free ("needs to be imported", :128-136); Read keeps a Free
  // pricing in state (only a 404 removes it), and every plan of a subscription answers GET (Free when never
  // enabled), so an import block always finds its object and adopts Free and Standard alike. Import ID format:
  // internal/services/securitycenter/parse/pricing.go:37.
  it.each(WORKLOADS)('%s: every pricing is adopted by an import block with its pricing ID', (stack) => {
    const imports: any[] = stacks[stack].import ?? [];
    const pricings = resourcesOf(stacks[stack]).filter(([t]) => t === 'azurerm_security_center_subscription_pricing');
    expect(pricings.length).toBeGreaterThan(0);
    const sub = stacks[stack].provider.azurerm.find((p: any) => !p.alias).subscription_id;
    for (const [type, name, body] of pricings) {
      const found = imports.filter((i) => i.to === `${type}.${name}`);
      expect(found.map((i) => i.id)).toEqual([`/subscriptions/${sub}/providers/Microsoft.Security/pricings/${body.resource_type}`]);
    }
  });
});

describe('F11, F12: every Defender policy assigned over the workloads holds on the plans Terraform sets', () => {
  // Azure's rule: an AuditIfNotExists/DeployIfNotExists assignment is compliant only when its existence condition
  // holds on the related pricing (built-in definitions, azure/policy-existence.ts, checked against
  // Azure/azure-policy by npm run check:reference); a DeployIfNotExists whose condition fails remediates over
  // Terraform (F11: sub-plan flip-flop; F12: the basic Storage DINE switches malware scanning off).
  const defender = assignments().filter((a) => existenceFact(a.definition)?.relatedType === 'Microsoft.Security/pricings');

  it('the governance stack assigns Defender policies', () => {
    expect(defender.length).toBeGreaterThan(0);
  });

  it.each(WORKLOADS.flatMap((w) => defender.map((a) => [w, a.name, a] as const)))('%s: %s holds', (stack, _n, a) => {
    const fact = existenceFact(a.definition)!;
    const pricing = bodies(stack, 'azurerm_security_center_subscription_pricing').find((p) => p.resource_type === fact.relatedName);
    expect(pricing).toBeDefined();
    expect(evaluateCondition(fact.existenceCondition, { resource: pricingArm(pricing), parameters: { ...fact.parameterDefaults, ...a.parameters } })).toBe(true);
  });

  it('no DeployIfNotExists that deploys a plan is assigned (Terraform is the one owner), and never the basic Storage one', () => {
    const deploying = new Set(DEFENDER_DEPLOY_DEFINITIONS.map((d) => d.id));
    expect(assignments().filter((a) => deploying.has(a.definition)).map((a) => a.name)).toEqual([]);
    expect(assignments().map((a) => a.definition)).not.toContain(DEFENDER_BASIC_STORAGE_DEFINITION);
  });
});

describe('F19: every Defender plan lists every extension it wants on', () => {
  // Azure's rule (azurerm v4.55.0 …subscription_pricing_resource.go:332-381): every extension the backend
  // reports and the configuration does not list is sent isEnabled=false. The extension sets are those of
  // Microsoft's full-feature built-ins (azure/defender-plans.ts, checked by npm run check:reference).
  it.each(WORKLOADS.flatMap((w) => bodies(w, 'azurerm_security_center_subscription_pricing').map((p) => [w, p.resource_type, p] as const)))('%s: %s', (_w, type, p) => {
    const plan = defenderPlan(type)!;
    const listed = (p.extension ?? []).map((e: any) => e.name).sort();
    expect(listed).toEqual(plan.extensions.map((e) => e.name).sort());
  });
});

describe('F15: every diagnostics DeployIfNotExists assigned over the workloads sees Terraform\'s setting as compliant', () => {
  // Azure's rule: the built-in's existence condition (azure/policy-existence.ts, verbatim from Azure/azure-policy;
  // category-group definitions: exactly one `audit` entry enabled iff categoryGroup is audit, one `allLogs` entry
  // enabled iff allLogs, workspaceId = logAnalytics; storage-service definitions: only the setting named by
  // `profileName` counts) must hold on a setting Terraform writes, or the resource stays non-compliant and a
  // remediation adds a second setting to the same workspace, which Azure Monitor refuses ("data sink already used").
  const MONITORED: Record<string, { type: string; suffix: string }> = {
    'microsoft.cognitiveservices/accounts': { type: 'azurerm_cognitive_account', suffix: '' },
    'microsoft.keyvault/vaults': { type: 'azurerm_key_vault', suffix: '' },
    'microsoft.machinelearningservices/workspaces': { type: 'azurerm_machine_learning_workspace', suffix: '' },
    'microsoft.storage/storageaccounts/blobservices': { type: 'azurerm_storage_account', suffix: '/blobServices/default' },
    'microsoft.storage/storageaccounts/fileservices': { type: 'azurerm_storage_account', suffix: '/fileServices/default' },
    'microsoft.storage/storageaccounts/queueservices': { type: 'azurerm_storage_account', suffix: '/queueServices/default' },
    'microsoft.storage/storageaccounts/tableservices': { type: 'azurerm_storage_account', suffix: '/tableServices/default' },
  };

  /** Every diagnostic setting of a stack as ARM sees it, with the Terraform reference of its target. */
  function settings(stack: string) {
    const azurerm = bodies(stack, 'azurerm_monitor_diagnostic_setting').map((d) => ({
      target: d.target_resource_id,
      arm: {
        type: 'Microsoft.Insights/diagnosticSettings', name: d.name,
        properties: {
          workspaceId: d.log_analytics_workspace_id,
          // azurerm 4.55 sends enabled=true for each enabled_log and nothing else (monitor_diagnostic_setting_resource.go:629-667).
          logs: (d.enabled_log ?? []).map((l: any) => ({ ...(l.category ? { category: l.category } : { categoryGroup: l.category_group }), enabled: true })),
          metrics: (d.enabled_metric ?? []).map((m: any) => ({ category: m.category, enabled: true })),
        },
      },
    }));
    const azapi = bodies(stack, 'azapi_resource').filter((r) => /^Microsoft\.Insights\/diagnosticSettings@/i.test(r.type))
      .map((r) => ({ target: r.parent_id, arm: { type: 'Microsoft.Insights/diagnosticSettings', name: r.name, properties: r.body.properties } }));
    return [...azurerm, ...azapi];
  }

  const diag = assignments().filter((a) => existenceFact(a.definition)?.relatedType === 'Microsoft.Insights/diagnosticSettings');
  const cases = WORKLOADS.flatMap((stack) => diag.flatMap((a) => {
    const fact = existenceFact(a.definition)!;
    const monitored = MONITORED[fact.resourceType.toLowerCase()];
    return resourcesOf(stacks[stack]).filter(([t]) => t === monitored.type).map(([t, name]) => [stack, a.name, `${t}.${name}`, { a, fact, ref: `\${${t}.${name}.id}${monitored.suffix}` }] as const);
  }));

  it('covers the category-group and storage-service assignments', () => {
    expect(new Set(cases.map((c) => c[1]))).toEqual(new Set(['diag-cognitive', 'diag-key-vault', 'diag-ml-workspace', 'diag-storage-blob', 'diag-storage-file', 'diag-storage-queue', 'diag-storage-table']));
  });

  it.each(cases)('%s: %s on %s', (stack, _n, _addr, { a, fact, ref }) => {
    const parameters = { ...fact.parameterDefaults, ...a.parameters };
    const own = settings(stack).filter((s) => s.target === ref);
    // Terraform writes a setting on every resource an assigned diagnostics DeployIfNotExists judges (storage: every
    // service, in use or not); otherwise the remediation deploys one outside Terraform (the safety net is for
    // resources ailz does not deploy).
    expect(own.length).toBeGreaterThan(0);
    const name = fact.relatedName ? String(/^\[parameters\('([^']+)'\)\]$/.exec(fact.relatedName) ? parameters[/^\[parameters\('([^']+)'\)\]$/.exec(fact.relatedName)![1]] : fact.relatedName) : undefined;
    const related = name === undefined ? own : own.filter((s) => s.arm.name === name);
    expect(related.some((s) => evaluateCondition(fact.existenceCondition, { resource: s.arm, parameters }) === true)).toBe(true);
  });
});

describe('F16: every diagnostics DeployIfNotExists identity may link its settings to the platform workspace', () => {
  // Azure's rule: a deployment that writes a diagnostic setting with a workspace destination is checked for
  // "linked access" on that workspace: the caller needs Microsoft.OperationalInsights/workspaces/read and
  // .../sharedKeys/action there (Learn azure-monitor/logs/manage-access.md, "read the workspace keys to allow
  // sending logs"; the failure is LinkedAuthorizationFailed "does not have permission to perform action
  // 'Microsoft.OperationalInsights/workspaces/sharedKeys/action' on the linked scope(s)"). The remediation runs as
  // the assignment's identity, whose roles sit at the assignment's management group; the workspace lives in the
  // platform subscription, outside it.
  const NEEDED = ['Microsoft.OperationalInsights/workspaces/read', 'Microsoft.OperationalInsights/workspaces/sharedKeys/action'];
  // Built-in roles that carry both (azure-builtin-roles.json: Log Analytics Contributor, Monitoring Contributor, Contributor, Owner).
  const BUILT_IN: Record<string, string[]> = {
    '92aaf0da-9dab-42b6-94a3-d43ce8d16293': ['Microsoft.OperationalInsights/*'],
    '749f88d5-cbae-40b8-bcfc-e573ddc772fa': ['Microsoft.OperationalInsights/workspaces/sharedKeys/action', '*/read'],
    'b24988ac-6180-42a0-ab88-20f7382dd24c': ['*'],
    '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': ['*'],
  };
  const covers = (patterns: string[], action: string) => patterns.some((p) => new RegExp(`^${p.replace(/[.]/g, '\\.').replace(/\*/g, '.*')}$`, 'i').test(action));

  /** Every role assignment of every stack, with the policy assignment name its principal is (if any) and the actions its role grants. */
  function grants() {
    return Object.entries(stacks).flatMap(([stack, json]) => resourcesOf(json).filter(([t]) => t === 'azurerm_role_assignment').map(([, , ra]) => {
      const viaAssignment = /^\$\{azurerm_management_group_policy_assignment\.([^.]+)\.identity\[0\]\.principal_id\}$/.exec(ra.principal_id);
      const viaData = /^\$\{data\.azurerm_policy_assignment\.([^.]+)\.identity\[0\]\.principal_id\}$/.exec(ra.principal_id);
      const policy = viaAssignment ? json.resource.azurerm_management_group_policy_assignment[viaAssignment[1]].name
        : viaData ? json.data.azurerm_policy_assignment[viaData[1]].name : undefined;
      const custom = /^\$\{azurerm_role_definition\.([^.]+)\.role_definition_resource_id\}$/.exec(ra.role_definition_id);
      const actions: string[] = custom ? json.resource.azurerm_role_definition[custom[1]].permissions.flatMap((p: any) => p.actions ?? [])
        : BUILT_IN[guid(ra.role_definition_id)] ?? [];
      return { stack, policy, scope: String(ra.scope), actions };
    }));
  }

  const dine = assignments().filter((a) => typeof a.parameters.logAnalytics === 'string' && existenceFact(a.definition)?.relatedType === 'Microsoft.Insights/diagnosticSettings');

  it('covers the diagnostics assignments', () => {
    expect(dine.map((a) => a.name).sort()).toEqual(['diag-cognitive', 'diag-key-vault', 'diag-ml-workspace', 'diag-storage-blob', 'diag-storage-file', 'diag-storage-queue', 'diag-storage-table']);
  });

  it.each(dine.map((a) => [a.name, a] as const))('%s', (_n, a) => {
    const workspace = String(a.parameters.logAnalytics).toLowerCase();
    const mine = grants().filter((g) => g.policy === a.name && workspace.startsWith(g.scope.toLowerCase()));
    for (const action of NEEDED) expect([action, mine.some((g) => covers(g.actions, action))]).toEqual([action, true]);
  });
});

describe('F17: the activity of the platform subscription and of the AI management groups reaches the workspace', () => {
  // Azure's rule: a subscription's activity log holds operations on that subscription only; operations at a
  // management group scope (policy assignments and exemptions, subscription placement) are in the management
  // group's activity log, exported by a diagnostic setting on the management group (categories Administrative
  // and Policy: azurerm v4.55.0 monitor_diagnostic_setting_resource.go:58-66 accepts a management group target;
  // acceptance test TestAccMonitorDiagnosticSetting_managementGroup uses exactly those two categories).
  const platform = bodies('platform', 'azurerm_monitor_diagnostic_setting');
  const workspace = referenceConfig().platform.subscriptionId;
  const categories = (d: any) => (d.enabled_log ?? []).map((l: any) => l.category);

  it('the platform subscription\'s activity log is exported (Administrative, Security, Policy at least)', () => {
    const own = platform.filter((d) => d.target_resource_id === `/subscriptions/${workspace}`);
    expect(own).toHaveLength(1);
    expect(categories(own[0])).toEqual(expect.arrayContaining(['Administrative', 'Security', 'Policy']));
    expect(own[0].log_analytics_workspace_id).toMatch(/^\$\{azurerm_log_analytics_workspace\.[^.]+\.id\}$|\/providers\/Microsoft\.OperationalInsights\/workspaces\//);
  });

  const mgs = [...new Set(bodies('governance', 'azurerm_management_group_policy_assignment').map((a) => a.management_group_id))];
  const mgName = (ref: string) => {
    const m = /^\$\{azurerm_management_group\.([^.]+)\.id\}$/.exec(ref);
    return m ? stacks.governance.resource.azurerm_management_group[m[1]].name : ref.split('/').pop();
  };

  it.each(mgs.map((ref) => [mgName(ref)] as const))('management group %s exports Administrative and Policy activity', (name) => {
    const set = platform.filter((d) => d.target_resource_id === `/providers/Microsoft.Management/managementGroups/${name}`);
    expect(set).toHaveLength(1);
    expect(categories(set[0]).sort()).toEqual(['Administrative', 'Policy']);
  });
});

describe('F22: delete protection without locks', () => {
  // Azure's rules: a CanNotDelete lock applies to everything under its scope, so it also blocks deleting the
  // child and extension resources Terraform manages there (Sentinel rules, diagnostic settings, role
  // assignments: review F9, F22). A denyAction policy (Microsoft Learn, "Azure Policy definitions denyAction
  // effect", governance/policy/concepts/effect-deny-action) blocks DELETE of the resources its `if` matches and
  // lets their children go ("Child resource | Parent resource | Parent protected; child deleted"); it blocks a
  // resource-group deletion only when cascadeBehaviors.resourceGroup is deny (the default) in an Indexed-mode
  // definition ("Policy doesn't block removal of ... any policy with mode:all").
  const config = referenceConfig();

  it.each(['platform', ...WORKLOADS])('%s has no management lock', (stack) => {
    expect(bodies(stack, 'azurerm_management_lock')).toEqual([]);
  });

  /** denyAction-delete assignments of the governance stack, with the definition's rule and the assignment's parameters. */
  function protections() {
    const defs = stacks.governance.resource.azurerm_policy_definition ?? {};
    return bodies('governance', 'azurerm_subscription_policy_assignment').flatMap((a) => {
      const m = /^\$\{azurerm_policy_definition\.([^.]+)\.id\}$/.exec(a.policy_definition_id);
      const def = m ? defs[m[1]] : undefined;
      if (!def) return [];
      const rule = JSON.parse(def.policy_rule);
      if (String(rule.then.effect).toLowerCase() !== 'denyaction') return [];
      return [{ scope: a.subscription_id as string, def, rule, parameters: Object.fromEntries(Object.entries<any>(JSON.parse(a.parameters ?? '{}')).map(([k, v]) => [k, v.value])) }];
    });
  }

  /** Whether some protection at `subscriptionScope` denies deleting a resource of `type`, its resource group included. */
  function protects(subscriptionScope: string, type: string): boolean {
    return protections().some((p) => p.scope === subscriptionScope
      && p.def.mode === 'Indexed'
      && (p.rule.then.details.actionNames as string[]).map((x) => x.toLowerCase()).includes('delete')
      && String(p.rule.then.details.cascadeBehaviors?.resourceGroup ?? 'deny').toLowerCase() === 'deny'
      && evaluateCondition(p.rule.if, { resource: { type }, parameters: p.parameters }) === true);
  }

  it('the platform workspace cannot be deleted (nor its resource group)', () => {
    expect(protects(`/subscriptions/${config.platform.subscriptionId}`, 'Microsoft.OperationalInsights/workspaces')).toBe(true);
  });

  it.each(config.workloads.filter((w) => w.deleteLock).map((w) => [w.name, w] as const))('workload %s: its Key Vaults cannot be deleted (deleteLock)', (_n, w) => {
    expect(protects(`/subscriptions/${w.subscriptionId ?? '${azurerm_subscription.Workload-research_Subscription_25A5BE9A.subscription_id}'}`, 'Microsoft.KeyVault/vaults')).toBe(true);
  });
});

describe('F21: activating the PIM-eligible Contributor is guarded by a role management policy', () => {
  // Azure's rules (azurerm v4.55.0 website/docs/r/role_management_policy.html.markdown, API Microsoft.Authorization
  // 2020-10-01): a role's activation rules (maximum duration PT30M..PT23H30M or P1D, MFA, justification, approval
  // with a primary approver) and eligibility expiry (P15D, P30D, P90D, P180D or P365D) belong to the role at a
  // scope; without one the tenant defaults apply (justification only). The eligibility itself lapses after its
  // duration (pim_eligible_role_assignment_resource.go:403-409): the policy's expiry must allow at least that long.
  const config = referenceConfig();
  const eligibilities = bodies('governance', 'azurerm_pim_eligible_role_assignment');
  const policies = bodies('governance', 'azurerm_role_management_policy');
  const minutes = (iso: string) => {
    const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso)!;
    return Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
  };

  it.each(eligibilities.map((e, i) => [config.workloads[i].name, e, config.workloads[i]] as const))('workload %s', (_n, e, w) => {
    const policy = policies.find((p) => p.scope === e.scope && p.role_definition_id === e.role_definition_id);
    expect(policy).toBeDefined();
    const activation = policy.activation_rules;
    expect(activation.require_multifactor_authentication || activation.required_conditional_access_authentication_context).toBeTruthy();
    expect(activation.require_justification).toBe(true);
    expect(minutes(activation.maximum_duration)).toBeLessThanOrEqual(8 * 60);
    if (w.environment === 'production') {
      expect(activation.require_approval).toBe(true);
      expect(activation.approval_stage.primary_approver.length).toBeGreaterThan(0);
    }
    const eligible = policy.eligible_assignment_rules;
    expect(['P15D', 'P30D', 'P90D', 'P180D', 'P365D']).toContain(eligible.expire_after);
    expect(minutes(eligible.expire_after) / 1440).toBeGreaterThanOrEqual(e.schedule.expiration.duration_days);
    // The eligibility is created under the policy, never before it.
    expect(e.depends_on.map((d: string) => d.replace(/^\$\{(.*)\}$/, '$1'))).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_role_management_policy\./)]));
  });
});
