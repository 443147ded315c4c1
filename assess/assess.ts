/**
 * `ailz assess` as a pure function: a Snapshot (read live or from an export) and what the landing zone
 * declares in, a report out: inventory, shadow AI, posture, access, governance and monitoring, drift.
 * Deterministic: the same snapshot gives the same report, byte for byte.
 */
import { RULES } from '../guardrails/catalog';
import { LIVE_ONLY_RULES } from '../guardrails/live-rules';
import { RuleMeta, Severity, TerraformDocument } from '../guardrails/types';
import { ROLES } from '../azure/roles';
import { POLICY_CATALOG } from '../azure/policy-catalog';
import { DETECTIONS } from '../catalog/detections';
import { DEFENDER_PLANS, defenderPricingId } from '../azure/defender-plans';
import { AI_RESOURCE_TYPES, AI_TYPES, DEPENDENCY_TYPES, MONITORING_TYPES } from '../azure/ai-resource-types';
import { LandingZoneView } from './landing-zone';
import { compareText, FINDING_SCHEMA_VERSION, LiveArmResource, LiveFinding, LiveIndex, SEVERITY_RANK, subscriptionScope } from './model';
import { LIVE_CHECKS, PostureContext, prop, Verdict } from './posture';
import { catalogAgeWarning } from '../azure/models';
import { REST_DATA, Snapshot } from './snapshot';
import { driftFindings } from './drift';
import { assessedResources, hasModelDeployments } from './scope';

export interface InventoryItem {
  id: string;
  name: string;
  type: string;
  /** Human label: "Azure OpenAI", "Foundry project", "Key Vault", ... */
  label: string;
  kind?: string;
  subscriptionId: string;
  subscriptionName: string;
  /** Management group ancestry, nearest first. */
  managementGroups: string[];
  location: string;
  resourceGroup: string;
  /** Owner-like tags (owner, createdBy, contact, costCenter ...). */
  owner: Record<string, string>;
  /** Inside the landing zone's AI management groups (undefined without --config/--against). */
  inLandingZone?: boolean;
  /** Public network access as Azure reports it. */
  publicNetworkAccess?: string;
  /** Model deployments: `name: model@version (sku)`. */
  deployments?: string[];
}

export interface AssessReport {
  schemaVersion: 1;
  tool: 'ailz assess';
  tenantId: string;
  cloud: string;
  scope: Snapshot['manifest']['scope'];
  /** When the data was read (from the export manifest). */
  readAt: string;
  /** The date model lifecycle was judged on (YYYY-MM-DD). */
  asOf: string;
  summary: {
    errors: number;
    warnings: number;
    aiResources: number;
    inventoried: number;
    subscriptionsSeen: number;
    subscriptionsUnreadable: number;
    shadowAi: number;
    standingAdmins: number;
    eligibleAdmins: number;
    /** With --baseline: findings not in the baseline, and baseline findings that are gone. */
    new?: number;
    resolved?: number;
  };
  subscriptions: Snapshot['manifest']['subscriptions'];
  inventory: InventoryItem[];
  findings: LiveFinding[];
  /** With --baseline: findings of the baseline no longer present. */
  resolved?: LiveFinding[];
  /** What was not checked and why (data not exported, no directory read, no model catalog, no config). */
  coverage: string[];
}

export interface AssessOptions {
  landingZone?: LandingZoneView;
  /** `--against DIR`: the synth output, for drift. */
  against?: readonly TerraformDocument[];
  /**
   * The date model lifecycle (AILZ-OAI-013) is judged on, YYYY-MM-DD (the CLI's `--as-of`: `$AILZ_AS_OF`, else today).
   * @default the date the snapshot was read (`manifest.exportedAt`), so the same snapshot always gives the same report
   */
  asOf?: string;
}

const META = new Map<string, RuleMeta>([...RULES, ...LIVE_ONLY_RULES].map((r) => [r.id, r]));

export function ruleInfo(id: string): RuleMeta {
  const m = META.get(id);
  if (!m) throw new Error(`assess: rule ${id} is not in the catalog`);
  return m;
}

const LABELS: Record<string, string> = {
  [AI_TYPES.cognitiveAccount]: 'Cognitive Services account',
  [AI_TYPES.foundryProject]: 'Foundry project',
  [AI_TYPES.mlWorkspace]: 'ML workspace',
  [AI_TYPES.mlCompute]: 'ML compute',
  [AI_TYPES.mlRegistry]: 'ML registry',
  [AI_TYPES.search]: 'AI Search',
  [DEPENDENCY_TYPES.keyVault]: 'Key Vault',
  [DEPENDENCY_TYPES.storage]: 'Storage account',
  [DEPENDENCY_TYPES.containerRegistry]: 'Container registry',
};

function label(r: LiveArmResource): string {
  if (r.type === AI_TYPES.cognitiveAccount) {
    const k = String(r.kind ?? '').toLowerCase();
    return k === 'openai' ? 'Azure OpenAI' : k === 'aiservices' ? 'AI Services (Foundry)' : `Cognitive Services (${r.kind ?? 'unknown kind'})`;
  }
  if (r.type === AI_TYPES.mlWorkspace) {
    const k = String(r.kind ?? '').toLowerCase();
    return k === 'hub' ? 'Foundry hub' : k === 'project' ? 'Foundry hub project' : 'ML workspace';
  }
  return LABELS[r.type] ?? r.type;
}

const OWNER_TAG = /owner|createdby|created-by|contact|costcent|team|department/i;
const lc = (s: unknown) => String(s ?? '').toLowerCase();
const roleGuid = (id: unknown) => lc(id).split('/').pop() ?? '';

function sortFindings(fs: LiveFinding[]): LiveFinding[] {
  return fs.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || compareText(a.rule, b.rule) || compareText(a.resourceId, b.resourceId) || compareText(a.message, b.message));
}

export function assess(snapshot: Snapshot, o: AssessOptions = {}): AssessReport {
  const ix = new LiveIndex(snapshot);
  const lz = o.landingZone;
  const asOf = o.asOf ?? snapshot.manifest.exportedAt.slice(0, 10);
  const findings: LiveFinding[] = [];
  const coverage: string[] = [];

  const finding = (rule: string, subscription: string | undefined, resourceId: string, v: Omit<Verdict, 'resourceId'>): void => {
    const meta = ruleInfo(rule);
    findings.push({
      schemaVersion: FINDING_SCHEMA_VERSION,
      rule,
      severity: v.severity ?? meta.severity,
      stack: subscription ? subscriptionScope(subscription) : 'tenant',
      resourceId,
      message: v.message,
      ...(v.evidence ? { evidence: v.evidence } : {}),
      fix: v.fix,
      area: meta.area,
      title: meta.title,
    });
  };

  const groupsOf = (sub: string) => ix.subscriptionGroups.get(sub) ?? [];
  const inLz = (sub: string): boolean | undefined => (lz && lz.aiGroups.ai ? groupsOf(sub).includes(lz.aiGroups.ai.toLowerCase()) : undefined);
  const declaredEnv = (sub: string): 'production' | 'experimentation' | undefined => {
    if (!lz) return undefined;
    const byId = lz.subscriptions.get(sub);
    if (byId) return byId;
    return lz.subscriptionNames.get(lc(ix.subscriptionNames.get(sub)));
  };

  // --- Scope: what could not be read ---
  for (const u of snapshot.manifest.subscriptions.unreadable) {
    finding('AILZ-LIVE-001', u.subscriptionId, subscriptionScope(u.subscriptionId), {
      message: `subscription ${u.displayName ? `"${u.displayName}" ` : ''}could not be read: ${u.reason}`,
      evidence: { property: 'subscription', value: u.subscriptionId },
      fix: `az role assignment create --assignee <assessing identity> --role Reader --scope /subscriptions/${u.subscriptionId}`,
    });
  }
  for (const e of snapshot.manifest.errors ?? []) {
    finding('AILZ-LIVE-002', ix.byId.get(e.id)?.subscription ?? /^\/subscriptions\/([^/]+)/.exec(e.id)?.[1], e.id, {
      message: `${e.what} could not be read: ${e.reason}`,
      fix: 'grant the assessing identity Reader at this scope, or re-run',
    });
  }

  // --- Inventory: AI resources, and the vaults, storage and registries that sit with them ---
  const { ai, inScope, aiResourceGroups: aiGroupsRg } = assessedResources(ix.resources);
  const inventory: InventoryItem[] = inScope.map((r) => {
    const item: InventoryItem = {
      id: r.id, name: r.name, type: r.type, label: label(r), ...(r.kind ? { kind: r.kind } : {}),
      subscriptionId: r.subscription, subscriptionName: ix.subscriptionNames.get(r.subscription) ?? '',
      managementGroups: groupsOf(r.subscription), location: r.location ?? '', resourceGroup: r.resourceGroup,
      owner: Object.fromEntries(Object.entries(r.tags).filter(([k]) => OWNER_TAG.test(k)).sort(([a], [b]) => compareText(a, b))),
    };
    const lzv = inLz(r.subscription);
    if (lzv !== undefined) item.inLandingZone = lzv;
    const pna = prop(r, 'properties.publicNetworkAccess');
    if (typeof pna === 'string') item.publicNetworkAccess = pna;
    if (hasModelDeployments(r)) {
      const ds = ix.rest('deployments', r.scopeId);
      if (ds) item.deployments = ds.map((d) => `${d.name}: ${prop(d, 'properties.model.name') ?? '?'}@${prop(d, 'properties.model.version') ?? '?'} (${prop(d, 'sku.name') ?? '?'})`).sort();
    }
    return item;
  }).sort((a, b) => compareText(a.subscriptionName, b.subscriptionName) || compareText(a.label, b.label) || compareText(a.id, b.id));

  // --- Shadow AI ---
  let shadow = 0;
  if (lz && lz.aiGroups.ai) {
    for (const r of ai) {
      if (r.type === AI_TYPES.mlCompute) continue; // judged through its workspace
      const sub = r.subscription;
      const outside = !inLz(sub);
      const undeclared = declaredEnv(sub) === undefined;
      if (outside) {
        shadow++;
        finding('AILZ-LIVE-003', sub, r.id, {
          message: `${label(r)} "${r.name}" is in subscription "${ix.subscriptionNames.get(sub) ?? sub}" under ${groupsOf(sub).join(' < ') || 'no management group'}, outside ${lz.aiGroups.ai}`,
          evidence: { property: 'managementGroupAncestorsChain', value: groupsOf(sub), expected: `includes ${lz.aiGroups.ai}` },
          fix: `az account management-group subscription add --name ${lz.aiGroups.experimentation} --subscription ${sub}  (or migrate the workload into a vended subscription)`,
        });
      }
      if (undeclared) {
        if (!outside) shadow++;
        finding('AILZ-LIVE-004', sub, r.id, {
          message: `${label(r)} "${r.name}" is in subscription "${ix.subscriptionNames.get(sub) ?? sub}", which no workload of the config declares`,
          evidence: { property: 'subscriptionId', value: sub, expected: 'a workloads[].subscriptionId or a vended sub-<prefix>-<workload>' },
          fix: `declare the workload in the config (workloads[].subscriptionId: ${sub}) or move the resource into a workload subscription`,
        });
      }
    }
  } else {
    coverage.push('Shadow AI: no --config or --against, so the landing zone\'s management groups and workload subscriptions are unknown; every AI resource is inventoried, none is classified');
  }

  // --- Posture: the catalog's controls on the live resources ---
  const production = (r: LiveArmResource): boolean | undefined => {
    const tag = Object.entries(r.tags).find(([k]) => k.toLowerCase() === 'environment')?.[1];
    if (tag !== undefined) {
      if (/^prod/i.test(tag)) return true;
      if (/^(experimentation|dev|test|sandbox|nonprod)/i.test(tag)) return false;
    }
    if (lz?.aiGroups.ai) {
      const g = groupsOf(r.subscription);
      if (g.includes(lz.aiGroups.production.toLowerCase())) return true;
      if (g.includes(lz.aiGroups.experimentation.toLowerCase())) return false;
    }
    const d = declaredEnv(r.subscription);
    return d === undefined ? undefined : d === 'production';
  };
  const ctx: PostureContext = { production, asOf };
  const disabled = new Map<string, string[]>();
  const judged = [...inScope, ...ix.ofType(MONITORING_TYPES.logAnalytics).filter((w) => aiGroupsRg.has(`${w.subscription}/${w.resourceGroup}`) || diagDestinations(ix).has(w.id.toLowerCase()))];
  for (const c of LIVE_CHECKS) {
    if (c.needs && !snapshot.rest[c.needs]) {
      const list = disabled.get(c.needs) ?? [];
      list.push(c.rule);
      disabled.set(c.needs, list);
      continue;
    }
    for (const r of judged) {
      if (!c.types.includes(r.type)) continue;
      const out = c.check(r, ix, ctx);
      for (const v of ([] as Verdict[]).concat(out ?? [])) finding(c.rule, r.subscription, v.resourceId ?? r.id, v);
    }
  }
  for (const [key, rules] of [...disabled].sort()) {
    coverage.push(`${REST_DATA[key as keyof typeof REST_DATA]} was not exported: ${[...new Set(rules)].sort().join(', ')} not checked`);
  }

  // --- Model lifecycle (AILZ-OAI-013, judged in posture): say when the catalog itself is stale on the as-of date ---
  if (snapshot.rest.deployments && Object.values(snapshot.rest.deployments).some((l) => l.length > 0)) {
    const age = catalogAgeWarning(asOf);
    if (age) coverage.push(`Model lifecycle (AILZ-OAI-013): ${age}`);
  }

  // --- Access ---
  const access = accessFindings(ix, inScope, finding, coverage);

  // --- Governance and monitoring ---
  governanceFindings(ix, lz, inScope, finding, coverage);

  // --- Drift ---
  if (o.against) {
    for (const f of driftFindings(ix, o.against)) finding(f.rule, f.subscription, f.resourceId, f);
  }

  sortFindings(findings);
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return {
    schemaVersion: 1,
    tool: 'ailz assess',
    tenantId: snapshot.manifest.tenantId,
    cloud: snapshot.manifest.cloud,
    scope: snapshot.manifest.scope,
    readAt: snapshot.manifest.exportedAt,
    asOf,
    summary: {
      errors: count('error'), warnings: count('warning'),
      aiResources: ai.length, inventoried: inventory.length,
      subscriptionsSeen: snapshot.manifest.subscriptions.seen.length, subscriptionsUnreadable: snapshot.manifest.subscriptions.unreadable.length,
      shadowAi: shadow, standingAdmins: access.standing, eligibleAdmins: access.eligible,
    },
    subscriptions: snapshot.manifest.subscriptions,
    inventory,
    findings,
    coverage: coverage.sort(),
  };
}

function diagDestinations(ix: LiveIndex): Set<string> {
  const out = new Set<string>();
  for (const list of Object.values(ix.snapshot.rest.diagnosticSettings ?? {})) {
    for (const s of list) {
      const w = prop(s, 'properties.workspaceId');
      if (typeof w === 'string' && w) out.add(w.toLowerCase());
    }
  }
  return out;
}

type Emit = (rule: string, subscription: string | undefined, resourceId: string, v: Omit<Verdict, 'resourceId'>) => void;

const PRIVILEGED = new Map<string, string>([
  [ROLES.owner.id, ROLES.owner.name], [ROLES.contributor.id, ROLES.contributor.name],
  [ROLES.userAccessAdministrator.id, ROLES.userAccessAdministrator.name], [ROLES.rbacAdministrator.id, ROLES.rbacAdministrator.name],
  [ROLES.keyVaultAdministrator.id, ROLES.keyVaultAdministrator.name],
]);
/** Broad roles for automation identities (LIVE-006): the ones that control or grant everything. */
const BROAD = new Set([ROLES.owner.id, ROLES.contributor.id, ROLES.userAccessAdministrator.id]);

function accessFindings(ix: LiveIndex, inScope: readonly LiveArmResource[], emit: Emit, coverage: string[]): { standing: number; eligible: number } {
  // AI scopes: the resources, their resource groups, subscriptions, the management groups above, the root, and
  // every scope an AI resource sits below (a parent resource): each prefix of an ID that is itself an ID.
  const scopes = new Set<string>(['/']);
  for (const r of inScope) {
    const segs = r.scopeId.split('/');
    for (let n = 3; n <= segs.length; n += 2) scopes.add(segs.slice(0, n).join('/'));
    for (const g of ix.subscriptionGroups.get(r.subscription) ?? []) scopes.add(`/providers/microsoft.management/managementgroups/${g}`);
  }
  const atAiScope = (scope: string) => scopes.has(scope.toLowerCase().replace(/\/+$/, '') || '/');

  // PIM: an active role assignment that a PIM activation created appears as a role assignment schedule
  // instance with assignmentType "Activated" and originRoleAssignmentId = the assignment (Microsoft.Authorization 2020-10-01).
  const instances = ix.snapshot.rest.roleAssignmentScheduleInstances;
  const activated = new Set<string>();
  const instanceScopes = new Set(Object.keys(instances ?? {}));
  for (const list of Object.values(instances ?? {})) {
    for (const i of list) if (lc(prop(i, 'properties.assignmentType')) === 'activated') activated.add(lc(prop(i, 'properties.originRoleAssignmentId')));
  }
  if (!instances) coverage.push('role-assignment-schedule-instances.json was not exported: standing and PIM-activated privileged assignments cannot be told apart (AILZ-IAM-001 reported as warnings)');

  let standing = 0;
  const principals = ix.snapshot.principals;
  if (!principals) coverage.push('Microsoft Graph directory read not available (--no-graph, not exported, or refused: it needs Directory.Read.All): assignments to deleted principals (AILZ-LIVE-007) and guests (AILZ-LIVE-008) not checked');
  const assignments = ix.snapshot.tables.authorizationresources.filter((a) => lc(a.type) === 'microsoft.authorization/roleassignments');
  for (const a of assignments) {
    const scope = String(prop(a, 'properties.scope') ?? '');
    if (!atAiScope(scope)) continue;
    const role = roleGuid(prop(a, 'properties.roleDefinitionId'));
    const principalId = lc(prop(a, 'properties.principalId'));
    const principalType = String(prop(a, 'properties.principalType') ?? 'Unknown');
    const sub = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1]?.toLowerCase() ?? (a.subscriptionId ? lc(a.subscriptionId) : undefined);
    const id = String(a.id);
    const roleName = PRIVILEGED.get(role) ?? role;
    const p = principals?.[principalId];
    const who = p?.displayName ? `${p.displayName} (${principalType} ${principalId})` : `${principalType} ${principalId}`;
    if (principals && principalId in principals && principals[principalId] === null) {
      emit('AILZ-LIVE-007', sub, id, { message: `assignment of ${roleName} at ${scope} names principal ${principalId}, which no longer exists in the directory`, evidence: { property: 'properties.principalId', value: principalId, expected: 'an existing principal' }, fix: `az role assignment delete --ids ${id}` });
      continue;
    }
    if (p && lc(p.userType) === 'guest') {
      emit('AILZ-LIVE-008', sub, id, { message: `guest user ${who} holds ${roleName} at ${scope}`, evidence: { property: 'userType', value: p.userType, expected: 'Member' }, fix: `az role assignment delete --ids ${id}` });
    }
    if (!PRIVILEGED.has(role)) continue;
    const activation = activated.has(id.toLowerCase());
    if (activation) continue;
    // Did we read the PIM instances at (or above) this scope? Subscription- or MG-level reads cover it.
    const covered = !!instances && (sub ? instanceScopes.has(`/subscriptions/${sub}`) : [...instanceScopes].some((s) => scope.toLowerCase().startsWith(s)));
    if (/serviceprincipal/i.test(principalType)) {
      if (BROAD.has(role)) emit('AILZ-LIVE-006', sub, id, { message: `service principal ${who} holds ${roleName} at ${scope}`, evidence: { property: 'properties.roleDefinitionId', value: roleName, expected: 'a narrow, resource-scoped role' }, fix: `az role assignment delete --ids ${id}  (then grant the narrowest role the pipeline needs at the resource)` });
      continue;
    }
    standing++;
    emit('AILZ-IAM-001', sub, id, {
      severity: covered ? undefined : 'warning',
      message: `standing ${roleName} for ${who} at ${scope}${covered ? ' (not a PIM activation)' : ' (PIM schedule instances not read: may be a PIM activation)'}`,
      evidence: { property: 'properties.roleDefinitionId', value: roleName, expected: 'privileged roles only through PIM activation' },
      fix: `az role assignment delete --ids ${id}  (then make ${principalType === 'Group' ? 'the group' : 'the principal'} eligible through PIM: az rest --method put --url "https://management.azure.com${scope}/providers/Microsoft.Authorization/roleEligibilityScheduleRequests/<new guid>?api-version=2020-10-01" ...)`,
    });
  }
  let eligible = 0;
  const elig = ix.snapshot.rest.roleEligibilityScheduleInstances;
  const seen = new Set<string>();
  for (const list of Object.values(elig ?? {})) {
    for (const e of list) {
      if (!PRIVILEGED.has(roleGuid(prop(e, 'properties.roleDefinitionId')))) continue;
      if (!atAiScope(String(prop(e, 'properties.scope') ?? ''))) continue;
      const key = lc(e.id);
      if (seen.has(key)) continue;
      seen.add(key);
      eligible++;
    }
  }
  return { standing, eligible };
}

function governanceFindings(ix: LiveIndex, lz: LandingZoneView | undefined, inScope: readonly LiveArmResource[], emit: Emit, coverage: string[]): void {
  const ailzNames = new Map(POLICY_CATALOG.map((e) => [e.key.toLowerCase(), e]));
  const policy = ix.snapshot.tables.policyresources;
  const assignments = policy.filter((p) => lc(p.type) === 'microsoft.authorization/policyassignments');
  const ailzAssignments = assignments.filter((a) => ailzNames.has(lc(a.name)));
  for (const a of ailzAssignments) {
    const mode = prop(a, 'properties.enforcementMode');
    if (lc(mode) === 'donotenforce') {
      emit('AILZ-GOV-001', undefined, String(a.id), { message: `policy assignment ${a.name} is DoNotEnforce: it only reports`, evidence: { property: 'properties.enforcementMode', value: mode, expected: '"Default"' }, fix: `az policy assignment update --name ${a.name} --scope ${prop(a, 'properties.scope')} --enforcement-mode Default` });
    }
  }
  if (lz?.aiGroups.ai) {
    const groupFor = { ai: lz.aiGroups.ai, production: lz.aiGroups.production, experimentation: lz.aiGroups.experimentation } as const;
    const seenGroups = new Set(ix.snapshot.tables.resourcecontainers.filter((c) => lc(c.type) === 'microsoft.management/managementgroups').map((c) => lc(c.name)));
    if (!seenGroups.has(lz.aiGroups.ai.toLowerCase())) {
      coverage.push(`Policy assignments (AILZ-GOV-003): management group ${lz.aiGroups.ai} is not in the scope read; assess --management-group ${lz.aiGroups.ai} (or a parent) to check them`);
    } else {
      for (const e of POLICY_CATALOG) {
        if (e.onlyWith) continue; // assigned only when an input is set: cannot be required from here
        const mg = groupFor[e.scope].toLowerCase();
        const found = assignments.some((a) => lc(a.name) === e.key.toLowerCase() && lc(prop(a, 'properties.scope')).endsWith(`/managementgroups/${mg}`));
        if (!found) {
          const scope = `/providers/Microsoft.Management/managementGroups/${groupFor[e.scope]}`;
          emit('AILZ-GOV-003', undefined, `${scope}/providers/Microsoft.Authorization/policyAssignments/${e.key}`, {
            message: `policy assignment ${e.key} ("${e.displayName}") is missing at ${groupFor[e.scope]}`,
            evidence: { property: 'policyAssignments', value: null, expected: `${e.key} assigning ${e.policyDefinitionId}` },
            fix: 'apply the governance stack (terraform apply) so the assignment is restored',
          });
        }
      }
    }
  }
  // Compliance of the ailz assignments (Resource Graph policy states, NonCompliant rows only).
  for (const s of policy.filter((p) => lc(p.type) === 'microsoft.policyinsights/policystates')) {
    const name = lc(prop(s, 'properties.policyAssignmentName'));
    const entry = ailzNames.get(name);
    if (!entry || lc(prop(s, 'properties.complianceState')) !== 'noncompliant') continue;
    const rid = String(prop(s, 'properties.resourceId') ?? s.id);
    emit('AILZ-LIVE-009', lc(prop(s, 'properties.subscriptionId')) || undefined, rid, {
      message: `non-compliant with ${entry.key} ("${entry.displayName}")`,
      evidence: { property: 'complianceState', value: prop(s, 'properties.complianceState'), expected: 'Compliant' },
      fix: entry.nonComplianceMessage,
    });
  }

  // Defender for Cloud plans per subscription with AI resources (securityresources microsoft.security/pricings).
  const pricings = new Map<string, any>();
  for (const p of ix.snapshot.tables.securityresources) if (lc(p.type) === 'microsoft.security/pricings') pricings.set(`${lc(p.subscriptionId)}/${lc(p.name)}`, p);
  const plans = [DEFENDER_PLANS.ai, DEFENDER_PLANS.storage, DEFENDER_PLANS.keyVaults, DEFENDER_PLANS.arm, DEFENDER_PLANS.cloudPosture];
  const aiSubs = [...new Set(inScope.filter((r) => AI_RESOURCE_TYPES.includes(r.type)).map((r) => r.subscription))].sort();
  for (const sub of aiSubs) {
    for (const plan of plans) {
      const p = pricings.get(`${sub}/${plan.resourceType.toLowerCase()}`);
      const tier = prop(p, 'properties.pricingTier');
      const pid = defenderPricingId(sub, plan.resourceType);
      if (lc(tier) !== 'standard') {
        emit('AILZ-DEF-001', sub, pid, { message: `Defender for Cloud plan ${plan.resourceType} is ${tier ?? 'not reported (Free)'}`, evidence: { property: 'properties.pricingTier', value: tier ?? null, expected: '"Standard"' }, fix: `az security pricing create --name ${plan.resourceType} --tier standard --subscription ${sub}` });
        continue;
      }
      if (plan === DEFENDER_PLANS.ai) {
        const ext = (prop(p, 'properties.extensions') ?? []).find((x: any) => lc(x.name) === 'aipromptevidence');
        if (!ext || lc(ext.isEnabled) !== 'true') {
          emit('AILZ-LIVE-010', sub, pid, { message: 'Defender for AI runs without the AIPromptEvidence extension', evidence: { property: 'properties.extensions[AIPromptEvidence].isEnabled', value: ext?.isEnabled ?? null, expected: '"True"' }, fix: `az security pricing create --name AI --tier standard --extensions name=AIPromptEvidence isEnabled=True --subscription ${sub}` });
        }
      }
    }
  }

  // Sentinel analytics rules of the ailz detection set: present and enabled on each Sentinel workspace.
  const rules = ix.snapshot.rest.sentinelAlertRules;
  if (!rules) {
    coverage.push('sentinel-alert-rules.json was not exported: AILZ-MON-003 (ailz detections present and enabled) not checked');
  } else {
    const workspaces = Object.keys(rules).sort();
    if (workspaces.length === 0 && lz) {
      emit('AILZ-MON-002', undefined, 'tenant', { message: 'no Log Analytics workspace in scope has Microsoft Sentinel (SecurityInsights solution)', fix: 'apply the platform stack (Sentinel onboarding and the ailz detections)' });
    }
    for (const ws of workspaces) {
      const list = rules[ws];
      const sub = /^\/subscriptions\/([^/]+)/.exec(ws)?.[1];
      for (const d of DETECTIONS) {
        const r = list.find((x) => lc(x.name) === lc(d.id) || lc(prop(x, 'properties.displayName')) === lc(d.displayName));
        const ruleId = `${ws}/providers/Microsoft.SecurityInsights/alertRules/${d.id}`;
        if (!r) emit('AILZ-MON-003', sub, ruleId, { message: `ailz detection "${d.displayName}" (${d.id}) is not on the workspace`, evidence: { property: 'alertRules', value: null, expected: d.id }, fix: 'apply the platform stack (terraform apply) to restore the detection' });
        else if (prop(r, 'properties.enabled') !== true) emit('AILZ-MON-003', sub, String(r.id ?? ruleId), { message: `ailz detection "${d.displayName}" is disabled`, evidence: { property: 'properties.enabled', value: prop(r, 'properties.enabled') ?? null, expected: 'true' }, fix: `az sentinel alert-rule update --resource-group <rg> --workspace-name ${ws.split('/').pop()} --rule-id ${r.name} --enabled true` });
      }
    }
  }
}
