/**
 * "Must exist" monitoring rules (issue 7): each workload stack turns on the Defender for Cloud plans
 * and a security contact and exports its subscription activity log; the platform stack onboards
 * Sentinel and carries every detection of the ailz catalog.
 *
 * A finding about something absent has no Terraform address to point at: its address is
 * `<resource type>[<key>]` (e.g. `azurerm_security_center_subscription_pricing[AI]`), stable so a
 * suppression can name it.
 *
 * Attribute names: azurerm 4.55.0 lib/security-center-subscription-pricing (resource_type, tier, subplan),
 * lib/security-center-contact (email, alert_notifications), lib/monitor-diagnostic-setting
 * (target_resource_id, log_analytics_workspace_id, enabled_log.category / category_group),
 * lib/sentinel-log-analytics-workspace-onboarding (workspace_id), lib/sentinel-alert-rule-scheduled
 * (name, enabled, default true).
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { blocks, judge, parseRef, show } from '../document';
import { DETECTIONS } from '../../catalog/detections';
import { stackSubscription, subscriptionGuid } from './helpers';

const PRICING = 'azurerm_security_center_subscription_pricing';
const CONTACT = 'azurerm_security_center_contact';
const DIAG = 'azurerm_monitor_diagnostic_setting';
const ONBOARDING = 'azurerm_sentinel_log_analytics_workspace_onboarding';
const SCHEDULED = 'azurerm_sentinel_alert_rule_scheduled';
const WORKSPACE_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;
/** One ID segment: literal text or a single Terraform expression. */
const SEG = String.raw`(?:\$\{[^}]+\}|[^/$]+)`;
const SUBSCRIPTION_TARGET = new RegExp(`^/subscriptions/(${SEG})/?$`, 'i');

/**
 * The Defender plans every workload subscription runs at Standard, with the sub-plan where one is
 * required. Sources: Defender for Cloud plan docs (learn.microsoft.com/azure/defender-for-cloud):
 * AI threat protection (prompt injection, jailbreak, credential theft on AI accounts), Defender for
 * Storage v2 (malware scanning, sensitive data threat detection; the classic per-transaction plan has
 * neither), Key Vault, Resource Manager (control-plane abuse), Defender CSPM (attack paths, AI-BOM).
 * Containers protects the ML workspace's registry and compute images, so it is required where the
 * stack has an ML workspace.
 */
interface Plan { type: string; subplan?: string }
const REQUIRED_PLANS: readonly Plan[] = [
  { type: 'AI' }, { type: 'StorageAccounts', subplan: 'DefenderForStorageV2' }, { type: 'KeyVaults' }, { type: 'Arm' }, { type: 'CloudPosture' },
];
const CONTAINERS: Plan = { type: 'Containers' };

/** Activity log categories without which the export misses control-plane writes, Defender alerts or policy denials. */
const ESSENTIAL_ACTIVITY_CATEGORIES = ['Administrative', 'Security', 'Policy'] as const;

const lower = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : undefined);

/** Whether a diagnostic setting targets a subscription, and which one (lower-case GUID, or the expression text). */
function subscriptionTarget(doc: DocumentIndex, setting: ResourceNode): { key: string } | undefined {
  const raw = setting.attrs.target_resource_id;
  const ref = parseRef(raw);
  if (ref && ref.attr === 'id' && !ref.suffix) {
    const t = doc.byAddress(ref.address);
    if (t && t.type === 'azurerm_subscription') return { key: raw };
  }
  const guid = subscriptionGuid(doc, raw);
  if (guid) return { key: guid };
  const j = judge(doc, raw);
  const text = j.state === 'literal' ? j.value : raw;
  const m = typeof text === 'string' ? SUBSCRIPTION_TARGET.exec(text) : null;
  return m ? { key: m[1] } : undefined;
}

function hasWorkspace(s: ResourceNode): boolean {
  const v = s.attrs.log_analytics_workspace_id;
  return typeof v === 'string' && v.trim().length > 0;
}

/** The findings of "this stack exports its own subscription's activity log" (AILZ-MON-001 for workloads, AILZ-MON-005 for the platform). */
function activityExport(doc: DocumentIndex): Violation[] {
  const own = stackSubscription(doc);
  const out: Violation[] = [];
  let exported = false;
  const other: string[] = [];
  for (const s of doc.ofType(DIAG)) {
    const target = subscriptionTarget(doc, s);
    if (!target || !hasWorkspace(s)) continue;
    // With a literal stack subscription, the setting must target that one (an expression target is taken as it).
    const literal = /^[0-9a-f-]{36}$/i.test(target.key);
    if (own && literal && target.key !== own) {
      other.push(`${s.address} exports subscription ${target.key}`);
      continue;
    }
    const logs = blocks(s.attrs, 'enabled_log');
    if (logs.length === 0) {
      out.push({ address: s.address, message: 'the activity log setting enables no category (no enabled_log)' });
      exported = true;
      continue;
    }
    exported = true;
    const groups = logs.map((l) => lower(judge(doc, l.category_group).state === 'literal' ? l.category_group : undefined));
    if (groups.includes('alllogs')) continue;
    const cats = new Set(logs.map((l) => { const c = judge(doc, l.category); return c.state === 'literal' ? lower(c.value) : undefined; }));
    const missing = ESSENTIAL_ACTIVITY_CATEGORIES.filter((c) => !cats.has(c.toLowerCase()));
    const unresolved = logs.some((l) => judge(doc, l.category).state === 'unresolved' || judge(doc, l.category_group).state === 'unresolved');
    if (missing.length > 0) out.push({ address: s.address, severity: 'warning', message: `${unresolved ? 'categories cannot all be verified; ' : ''}activity log categories ${missing.join(', ')} are not enabled` });
  }
  if (!exported) {
    out.push({ address: `${DIAG}[activity-log]`, message: `the subscription activity log is not exported to Log Analytics${other.length ? ` (${other.join('; ')}, not this stack's subscription ${own})` : ''}` });
  }
  return out;
}

const MG_TARGET = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/$]+)\/?$/i;

/** The management group name a value designates: a literal ID, or a reference to an `azurerm_management_group` of the document. */
function managementGroupName(doc: DocumentIndex, raw: unknown): string | undefined {
  const ref = parseRef(raw);
  if (ref && ref.attr === 'id' && !ref.suffix) {
    const t = doc.byAddress(ref.address);
    const n = t?.type === 'azurerm_management_group' ? judge(doc, t.attrs.name) : undefined;
    return n?.state === 'literal' ? String(n.value).toLowerCase() : undefined;
  }
  const j = judge(doc, raw);
  const m = j.state === 'literal' && typeof j.value === 'string' ? MG_TARGET.exec(j.value) : null;
  return m ? m[1].toLowerCase() : undefined;
}

export const MONITORING_PRESENCE_RULES: readonly Rule[] = [
  {
    id: 'AILZ-DEF-002', severity: 'error', area: 'monitoring',
    title: 'Workload subscriptions enable the Defender for Cloud plans AI, Storage (DefenderForStorageV2), Key Vaults, Resource Manager, CSPM, and Containers where there is an ML workspace',
    rationale: 'Without these plans nothing raises an alert on jailbreak and prompt-injection attempts, stolen keys, malware uploaded to training data, or control-plane abuse of the AI resources. A plan on the Free tier is AILZ-DEF-001.',
    remediation: 'add azurerm_security_center_subscription_pricing with tier = "Standard" for each missing resource_type (StorageAccounts with subplan = "DefenderForStorageV2"); constructs/monitoring DefenderPlans creates the set',
    // AI, Storage, Key Vault, Resource Manager, CSPM, Containers "should be enabled" audits.
    references: { azurePolicy: ['c2c0c6d8-007b-4a48-8d9b-3539bddd8e87', '640d2586-54d2-465f-877f-9ffc1d2109f4', '0e6763cc-5078-4e64-889d-ff4d9a839047', 'c3d20c29-b36d-48fe-808b-99a87530ad99', '1f90fc71-a595-4066-8974-d4d0802e8ef0', '1c988dd6-ade4-430f-a608-2a3e5b0a6d38'], mcsb: ['LT-1'] },
    check(doc) {
      if (doc.kind !== 'workload') return [];
      const out: Violation[] = [];
      const byType = new Map<string, ResourceNode[]>();
      let unresolved = false;
      for (const p of doc.ofType(PRICING)) {
        const t = judge(doc, p.attrs.resource_type);
        if (t.state !== 'literal') {
          unresolved = true;
          out.push({ address: p.address, severity: 'warning', message: `resource_type cannot be verified: value is ${show(p.attrs.resource_type)}` });
          continue;
        }
        const key = String(t.value).toLowerCase();
        const list = byType.get(key);
        if (list) list.push(p);
        else byType.set(key, [p]);
      }
      const required = doc.ofType('azurerm_machine_learning_workspace').length > 0 ? [...REQUIRED_PLANS, CONTAINERS] : REQUIRED_PLANS;
      for (const plan of required) {
        const found = byType.get(plan.type.toLowerCase()) ?? [];
        if (found.length === 0) {
          const why = plan === CONTAINERS ? ' (the stack has an ML workspace)' : '';
          out.push(unresolved
            ? { address: `${PRICING}[${plan.type}]`, severity: 'warning', message: `Defender plan ${plan.type}${why} cannot be verified: a plan's resource_type is an unresolved expression` }
            : { address: `${PRICING}[${plan.type}]`, message: `Defender plan ${plan.type}${why} is not enabled for the workload subscription` });
          continue;
        }
        if (!plan.subplan) continue;
        for (const p of found) {
          const sp = judge(doc, p.attrs.subplan);
          if (sp.state === 'unresolved') out.push({ address: p.address, severity: 'warning', message: `subplan cannot be verified: value is ${show(sp.text)}; expected "${plan.subplan}"` });
          else if (sp.state === 'missing') out.push({ address: p.address, message: `subplan is not set; expected "${plan.subplan}"` });
          else if (sp.value !== plan.subplan) out.push({ address: p.address, message: `subplan is ${show(sp.value)}; expected "${plan.subplan}"` });
        }
      }
      return out;
    },
  },
  {
    id: 'AILZ-DEF-003', severity: 'warning', area: 'monitoring',
    title: 'Workload subscriptions have a Defender for Cloud security contact that receives alert notifications',
    rationale: 'Defender alerts (jailbreak attempts, credential theft) that reach nobody are not acted on; the contact is who Microsoft also notifies about compromised resources.',
    remediation: 'add azurerm_security_center_contact with email = the security team and alert_notifications = true',
    // "Subscriptions should have a contact email address for security issues", "Email notification for high severity alerts should be enabled".
    references: { azurePolicy: ['4f4f78b8-e367-4b10-a341-d9a4ad5cf1c7', '6e2593d9-add6-4083-9c9b-4b7d2188c899'], mcsb: ['IR-2'] },
    check(doc) {
      if (doc.kind !== 'workload') return [];
      const contacts = doc.ofType(CONTACT);
      if (contacts.length === 0) return [{ address: `${CONTACT}[subscription]`, message: 'the workload subscription has no Defender for Cloud security contact' }];
      const out: Violation[] = [];
      for (const c of contacts) {
        const email = judge(doc, c.attrs.email);
        if (email.state === 'missing' || (email.state === 'literal' && String(email.value).trim() === '')) out.push({ address: c.address, message: 'email is not set' });
        const n = judge(doc, c.attrs.alert_notifications);
        if (n.state === 'literal' && n.value !== true) out.push({ address: c.address, message: `alert_notifications is ${show(n.value)}; expected true` });
        if (n.state === 'missing') out.push({ address: c.address, message: 'alert_notifications is not set; expected true' });
      }
      return out;
    },
  },
  {
    id: 'AILZ-MON-001', severity: 'error', area: 'monitoring',
    title: 'Workload stacks export their subscription activity log to Log Analytics',
    rationale: 'The activity log is the record of control-plane changes (key listing, network rules opened, role assignments, policy denials); the configuration-change detections read it and it is kept only 90 days by Azure.',
    remediation: 'add an azurerm_monitor_diagnostic_setting with target_resource_id = "/subscriptions/<workload subscription id>", log_analytics_workspace_id = the platform workspace and the Administrative, Security and Policy categories (constructs/monitoring ActivityLogExport enables all eight)',
    // "Configure Azure Activity logs to stream to specified Log Analytics workspace".
    references: { azurePolicy: ['2465583e-4e78-4c15-b6be-a36cbc7c8b0f'], mcsb: ['LT-3', 'LT-4'] },
    check(doc) {
      return doc.kind === 'workload' ? activityExport(doc) : [];
    },
  },
  {
    id: 'AILZ-MON-005', severity: 'error', area: 'monitoring',
    title: 'The platform stack exports its subscription activity log to Log Analytics',
    rationale: 'Changes to the security workspace, the Sentinel rules, the hub network and the private DNS zones are control-plane operations in the platform subscription; without its activity log the configuration-change detections cannot see them.',
    remediation: 'add an azurerm_monitor_diagnostic_setting with target_resource_id = "/subscriptions/<platform subscription id>", the platform workspace and at least the Administrative, Security and Policy categories (constructs/monitoring ActivityLogExport enables all eight)',
    references: { azurePolicy: ['2465583e-4e78-4c15-b6be-a36cbc7c8b0f'], mcsb: ['LT-3', 'LT-4'] },
    check(doc) {
      return doc.kind === 'platform' ? activityExport(doc) : [];
    },
  },
  {
    id: 'AILZ-MON-006', severity: 'error', area: 'monitoring',
    title: 'Every management group the governance stack assigns policies at exports its activity log (Administrative, Policy) to Log Analytics',
    rationale: 'Policy assignments and exemptions at a management group are operations on the management group: they appear in no subscription\'s activity log, so a policy switched off or exempted outside the pipeline (ailz-det-010) goes unseen unless the group\'s own activity log is exported.',
    remediation: 'add an azurerm_monitor_diagnostic_setting with target_resource_id = the management group ID, the platform workspace and the Administrative and Policy categories (constructs/monitoring ManagementGroupActivityExport, in the platform stack)',
    references: { mcsb: ['LT-3', 'LT-4'] },
    check(doc, set) {
      if (doc.kind !== 'governance' || set.ofKind('platform').length === 0) return [];
      const exported = new Map<string, Set<string>>();
      let unresolved = false;
      for (const d of set.docs) {
        for (const s of d.ofType(DIAG)) {
          const name = managementGroupName(d, s.attrs.target_resource_id);
          if (!name) {
            const raw = s.attrs.target_resource_id;
            // An expression that is not a plain resource reference nor a subscription could be a management group.
            if (judge(d, raw).state === 'unresolved' && !parseRef(raw) && !subscriptionTarget(d, s)) unresolved = true;
            continue;
          }
          if (!hasWorkspace(s)) continue;
          const cats = exported.get(name) ?? new Set<string>();
          for (const l of blocks(s.attrs, 'enabled_log')) {
            const c = judge(d, l.category);
            const g = judge(d, l.category_group);
            if (c.state === 'literal') cats.add(String(c.value).toLowerCase());
            if (g.state === 'literal' && String(g.value).toLowerCase() === 'alllogs') ['administrative', 'policy'].forEach((x) => cats.add(x));
          }
          exported.set(name, cats);
        }
      }
      const out: Violation[] = [];
      const seen = new Set<string>();
      for (const a of doc.ofType('azurerm_management_group_policy_assignment')) {
        const name = managementGroupName(doc, a.attrs.management_group_id);
        if (!name || seen.has(name)) continue;
        seen.add(name);
        const cats = exported.get(name);
        const missing = ['Administrative', 'Policy'].filter((c) => !cats?.has(c.toLowerCase()));
        if (missing.length === 0) continue;
        out.push(unresolved
          ? { address: `${DIAG}[${name}]`, severity: 'warning', message: `management group ${name}: its activity export cannot be verified (a diagnostic setting's target is an unresolved expression)` }
          : { address: `${DIAG}[${name}]`, message: `management group ${name} holds policy assignments but ${cats ? `its activity export lacks ${missing.join(', ')}` : 'its activity log is exported nowhere'}` });
      }
      return out;
    },
  },
  {
    id: 'AILZ-MON-002', severity: 'error', area: 'monitoring',
    title: 'The platform stack onboards Microsoft Sentinel on its Log Analytics workspace',
    rationale: 'Without Sentinel the workspace only stores logs: no analytics rule runs and no incident reaches the SOC.',
    remediation: 'add azurerm_sentinel_log_analytics_workspace_onboarding with workspace_id = the platform workspace id (constructs/monitoring Sentinel)',
    references: { mcsb: ['LT-1', 'LT-5'] },
    check(doc) {
      if (doc.kind !== 'platform') return [];
      const onboardings = doc.ofType(ONBOARDING);
      if (onboardings.length === 0) return [{ address: `${ONBOARDING}[platform]`, message: 'Microsoft Sentinel is not onboarded on any workspace of the platform stack' }];
      const out: Violation[] = [];
      for (const o of onboardings) {
        const raw = o.attrs.workspace_id;
        const ref = parseRef(raw);
        if (ref && ref.attr === 'id' && !ref.suffix && doc.byAddress(ref.address)?.type === 'azurerm_log_analytics_workspace') continue;
        const j = judge(doc, raw);
        if (j.state === 'missing') out.push({ address: o.address, message: 'workspace_id is not set' });
        else if (j.state === 'unresolved') out.push({ address: o.address, severity: 'warning', message: `workspace_id cannot be verified: value is ${show(raw)}` });
        else if (typeof j.value !== 'string' || !WORKSPACE_ID.test(j.value)) out.push({ address: o.address, message: `workspace_id ${show(j.value)} is not a Log Analytics workspace ID` });
      }
      return out;
    },
  },
  {
    id: 'AILZ-MON-003', severity: 'error', area: 'monitoring',
    title: 'The platform stack carries every ailz AI detection as an enabled Sentinel scheduled rule',
    rationale: 'The detections (abnormal invocation rates, data exfiltration, configuration change outside the pipeline, prompt injection and Defender for AI alerts, model extraction) are the monitoring half of the landing zone; a missing or disabled one is a blind spot.',
    remediation: 'add the missing azurerm_sentinel_alert_rule_scheduled (name = the detection id) or set enabled = true (constructs/monitoring Sentinel creates every detection of DETECTIONS)',
    references: { mcsb: ['LT-1'] },
    check(doc) {
      if (doc.kind !== 'platform') return [];
      const byName = new Map<string, ResourceNode[]>();
      let unresolved = false;
      for (const r of doc.ofType(SCHEDULED)) {
        const n = judge(doc, r.attrs.name);
        if (n.state !== 'literal' || typeof n.value !== 'string') {
          unresolved = true;
          continue;
        }
        const key = n.value.toLowerCase();
        const list = byName.get(key);
        if (list) list.push(r);
        else byName.set(key, [r]);
      }
      const out: Violation[] = [];
      for (const d of DETECTIONS) {
        const rules = byName.get(d.id.toLowerCase()) ?? [];
        if (rules.length === 0) {
          out.push(unresolved
            ? { address: `${SCHEDULED}[${d.id}]`, severity: 'warning', message: `detection ${d.id} (${d.displayName}) cannot be verified: a scheduled rule's name is an unresolved expression` }
            : { address: `${SCHEDULED}[${d.id}]`, message: `detection ${d.id} (${d.displayName}) is missing` });
          continue;
        }
        for (const r of rules) {
          const e = judge(doc, r.attrs.enabled);
          if (e.state === 'unresolved') out.push({ address: r.address, severity: 'warning', message: `enabled cannot be verified: value is ${show(e.text)}` });
          else if (e.state === 'literal' && e.value !== true) out.push({ address: r.address, message: `detection ${d.id} (${d.displayName}) is disabled (enabled = ${show(e.value)})` });
        }
      }
      return out;
    },
  },
];
