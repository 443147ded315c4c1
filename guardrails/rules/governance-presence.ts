/**
 * "Must exist" governance rules (issue 6): the AI policy set is assigned at `<prefix>-ai`, and every
 * workload stack's subscription is placed in its environment's management group and has a budget.
 *
 * The workload rules compare stacks: they run on the `governance` document and look up the
 * `workload-<name>` documents of the same run. When the governance stack is not in the evaluated set
 * (`ailz check` of a single workload file) they cannot judge and report nothing; when a workload
 * stack is not in the set, it is not judged.
 *
 * A finding about something absent has no Terraform address to point at: its address is
 * `<resource type>[<key>]` (e.g. `azurerm_consumption_budget_subscription[workload-chat]`), stable so a
 * suppression can name it.
 *
 * Attribute names: azurerm 4.55.0 lib/management-group (name), lib/management-group-policy-assignment
 * (management_group_id, policy_definition_id), lib/management-group-subscription-association
 * (management_group_id, subscription_id), lib/consumption-budget-subscription (subscription_id,
 * notification.{enabled, operator, threshold, threshold_type (default "Actual"), contact_emails,
 * contact_groups, contact_roles}), lib/subscription (subscription_id, tags).
 */
import { DocumentIndex, DocumentSet, ResourceNode, Rule, Violation } from '../types';
import { blocks, judge, parseRef, show } from '../document';
import { POLICY_CATALOG, PolicyCatalogEntry } from '../../azure/policy-catalog';
import { constructRoot, stackEnvironments, stackSubscription, subscriptionGuid } from './helpers';
import { evaluateCondition } from '../policy-condition';

const MG = 'azurerm_management_group';
const ASSIGNMENT = 'azurerm_management_group_policy_assignment';
const ASSOCIATION = 'azurerm_management_group_subscription_association';
const BUDGET = 'azurerm_consumption_budget_subscription';
const SUBSCRIPTION = 'azurerm_subscription';
const MG_ID = /^\/providers\/Microsoft\.Management\/managementGroups\/([^/$]+)\/?$/i;
/** `${azurerm_subscription.<name>.subscription_id}` (or `.id`) anywhere in a value: a subscription vended in this stack. */
const VENDED = /\$\{azurerm_subscription\.([A-Za-z0-9_-]+)\.(?:subscription_id|id)\}/;

/** The AI policies every deployment assigns at `<prefix>-ai` (conditional entries depend on config and are not required). */
export const REQUIRED_AI_POLICIES: readonly PolicyCatalogEntry[] = POLICY_CATALOG.filter((e) => e.scope === 'ai' && !e.onlyWith);

type MgName = { state: 'known'; name: string } | { state: 'unresolved'; text: string };

/** The name of the management group a `management_group_id` value designates (a reference to one in the document, or a literal ID). */
function managementGroupName(doc: DocumentIndex, raw: unknown): MgName {
  const ref = parseRef(raw);
  if (ref && ref.attr === 'id' && !ref.suffix) {
    const t = doc.byAddress(ref.address);
    if (t && t.type === MG) {
      const n = judge(doc, t.attrs.name);
      if (n.state === 'literal' && typeof n.value === 'string') return { state: 'known', name: n.value };
      return { state: 'unresolved', text: `${ref.address} (name ${show(t.attrs.name)})` };
    }
  }
  const j = judge(doc, raw);
  if (j.state === 'literal' && typeof j.value === 'string') {
    const m = MG_ID.exec(j.value);
    if (m) return { state: 'known', name: m[1] };
  }
  return { state: 'unresolved', text: show(raw) };
}

const endsWithCi = (s: string, suffix: string) => s.toLowerCase().endsWith(suffix.toLowerCase());

/** Which workload a governance resource (association, budget) is about: its subscription GUID, or the workload its vended subscription or construct path names. */
interface Subject { node: ResourceNode; guid?: string; workload?: string }

function subjectOf(doc: DocumentIndex, node: ResourceNode): Subject {
  const raw = node.attrs.subscription_id;
  const guid = subscriptionGuid(doc, raw);
  if (guid) return { node, guid };
  let workload: string | undefined;
  const m = typeof raw === 'string' ? VENDED.exec(raw) : null;
  const vended = m ? doc.byAddress(`${SUBSCRIPTION}.${m[1]}`) : undefined;
  if (vended) {
    const tag = judge(doc, vended.attrs.tags?.workload);
    if (tag.state === 'literal' && typeof tag.value === 'string') workload = tag.value;
    else workload = workloadFromRoot(vended);
  }
  return { node, workload: workload ?? workloadFromRoot(node) };
}

/** The subscription vending construct is `Workload-<name>` at the top of the governance stack. */
function workloadFromRoot(node: ResourceNode): string | undefined {
  const root = constructRoot(node);
  const m = root ? /^Workload-(.+)$/.exec(root) : null;
  return m ? m[1] : undefined;
}

/** Subjects of one resource type, indexed by GUID and by workload name (built once per rule run). */
class Subjects {
  private readonly byGuid = new Map<string, Subject[]>();
  private readonly byWorkload = new Map<string, Subject[]>();

  constructor(doc: DocumentIndex, type: string) {
    for (const node of doc.ofType(type)) {
      const s = subjectOf(doc, node);
      const key = s.guid ?? s.workload;
      if (!key) continue;
      const map = s.guid ? this.byGuid : this.byWorkload;
      const list = map.get(key);
      if (list) list.push(s);
      else map.set(key, [s]);
    }
  }

  /**
   * Matching prefers subscription IDs: a workload stack deploying into a literal subscription matches
   * only resources naming that subscription; a workload on a vended subscription (`${var.…}`) matches
   * by its name (vended subscription's `workload` tag, or the `Workload-<name>` construct path).
   */
  of(w: Workload): Subject[] {
    if (w.guid) return this.byGuid.get(w.guid) ?? this.byWorkload.get(w.name) ?? [];
    return this.byWorkload.get(w.name) ?? [];
  }
}

interface Workload { stack: string; name: string; guid?: string; doc: DocumentIndex }

function workloads(set: DocumentSet): Workload[] {
  return set.ofKind('workload').map((doc) => ({ stack: doc.stack, name: doc.stack.slice('workload-'.length), guid: stackSubscription(doc), doc }));
}

const who = (w: Workload) => `${w.stack} (${w.guid ? `subscription ${w.guid}` : 'vended subscription'})`;

/** A governance-stack rule over every workload stack of the run. */
function crossStackRule(meta: Omit<Rule, 'check'>, fn: (doc: DocumentIndex, workloads: Workload[]) => Violation[]): Rule {
  return {
    ...meta,
    check(doc, set) {
      if (doc.kind !== 'governance') return [];
      const ws = workloads(set);
      return ws.length === 0 ? [] : fn(doc, ws);
    },
  };
}

/** Budget notifications ailz requires: early warning, the limit, and a forecast overrun. */
const REQUIRED_NOTIFICATIONS = [
  { type: 'Actual', threshold: 80 },
  { type: 'Actual', threshold: 100 },
  { type: 'Forecasted', threshold: 110 },
] as const;

/** The `<type> <threshold>%` levels an enabled notification with a recipient and a rising operator fires at. */
function notificationLevels(doc: DocumentIndex, budget: ResourceNode): Set<string> {
  const levels = new Set<string>();
  for (const n of blocks(budget.attrs, 'notification')) {
    const enabled = judge(doc, n.enabled);
    if (!(enabled.state === 'missing' || (enabled.state === 'literal' && enabled.value === true))) continue;
    const op = judge(doc, n.operator);
    if (op.state !== 'literal' || !['GreaterThan', 'GreaterThanOrEqualTo'].includes(op.value)) continue;
    const recipients = ['contact_emails', 'contact_groups', 'contact_roles'].some((k) => {
      const v = n[k];
      return (Array.isArray(v) && v.length > 0) || (typeof v === 'string' && v.length > 0);
    });
    if (!recipients) continue;
    const type = judge(doc, n.threshold_type);
    const t = type.state === 'missing' ? 'Actual' : type.state === 'literal' ? String(type.value) : undefined;
    const threshold = judge(doc, n.threshold);
    if (!t || threshold.state !== 'literal') continue;
    levels.add(`${t} ${Number(threshold.value)}%`);
  }
  return levels;
}

export const GOVERNANCE_PRESENCE_RULES: readonly Rule[] = [
  {
    id: 'AILZ-GOV-003', severity: 'error', area: 'governance',
    title: 'The governance stack assigns every AI policy of the ailz catalog at the {prefix}-ai management group',
    rationale: 'The policy set is the tenant-side backstop for every hardening ailz synthesizes; an assignment that disappears silently re-allows public AI endpoints, local keys or unmonitored resources for every workload below {prefix}-ai.',
    remediation: 'restore the azurerm_management_group_policy_assignment for the named control at the {prefix}-ai management group (constructs/governance AiPolicyAssignments assigns the whole catalog)',
    references: { mcsb: ['GS-1', 'PV-2'] },
    check(doc) {
      if (doc.kind !== 'governance') return [];
      let aiGroup = doc.ofType(MG).some((g) => {
        const n = judge(doc, g.attrs.name);
        return n.state === 'literal' && typeof n.value === 'string' && endsWithCi(n.value, '-ai');
      });
      /** Definition IDs assigned at an AI group, with counts (one definition may back several controls). */
      const assigned = new Map<string, number>();
      /** Definition IDs assigned where the group cannot be resolved, and whether any definition is unresolved. */
      const uncertain = new Set<string>();
      let anyUnresolvedDefinition = false;
      for (const a of doc.ofType(ASSIGNMENT)) {
        const mg = managementGroupName(doc, a.attrs.management_group_id);
        if (mg.state === 'known' && !endsWithCi(mg.name, '-ai')) continue;
        const d = judge(doc, a.attrs.policy_definition_id);
        if (d.state !== 'literal') {
          anyUnresolvedDefinition = true;
          continue;
        }
        const id = String(d.value).toLowerCase();
        if (mg.state === 'known') {
          aiGroup = true;
          assigned.set(id, (assigned.get(id) ?? 0) + 1);
        } else {
          uncertain.add(id);
        }
      }
      if (!aiGroup && uncertain.size === 0 && !anyUnresolvedDefinition) {
        return [{ address: `${MG}[ai]`, message: `no management group named {prefix}-ai and no policy assignment at one; the ${REQUIRED_AI_POLICIES.length} AI policies of the catalog are not assigned` }];
      }
      const groups = [...new Set(doc.ofType(MG).map((g) => judge(doc, g.attrs.name)).filter((n) => n.state === 'literal' && typeof n.value === 'string' && endsWithCi(n.value, '-ai')).map((n) => `"${(n as { value: string }).value}"`))];
      const at = groups.length > 0 ? `management group ${groups.join(' or ')}` : 'the {prefix}-ai management group';
      const out: Violation[] = [];
      for (const entry of REQUIRED_AI_POLICIES) {
        const id = entry.policyDefinitionId.toLowerCase();
        const left = assigned.get(id) ?? 0;
        if (left > 0) {
          assigned.set(id, left - 1);
          continue;
        }
        const what = `AI policy "${entry.key}" (${entry.displayName}, ${entry.policyDefinitionId})`;
        if (uncertain.has(id) || anyUnresolvedDefinition) {
          out.push({ address: `${ASSIGNMENT}[${entry.key}]`, severity: 'warning', message: `${what} cannot be verified: an assignment's management group or definition is an unresolved expression` });
        } else {
          out.push({ address: `${ASSIGNMENT}[${entry.key}]`, message: `${what} is not assigned at ${at}` });
        }
      }
      return out;
    },
  },
  crossStackRule({
    id: 'AILZ-GOV-004', severity: 'error', area: 'governance',
    title: 'Every workload subscription is associated with the management group of its environment ({prefix}-ai-production or {prefix}-ai-experimentation)',
    rationale: 'Placement decides which policies bind: a subscription outside {prefix}-ai escapes the whole AI policy set, and a production workload under experimentation escapes customer-managed keys and the approved-model policy. Judged when the governance stack and the workload stack are checked together.',
    remediation: 'add an azurerm_management_group_subscription_association of the workload subscription to {prefix}-ai-{environment} in the governance stack (SubscriptionVending does this for every config workload)',
    references: { mcsb: ['GS-1', 'AM-2'] },
  }, (doc, ws) => {
    const subjects = new Subjects(doc, ASSOCIATION);
    const out: Violation[] = [];
    for (const w of ws) {
      const envs = stackEnvironments(w.doc).filter((e) => e === 'production' || e === 'experimentation');
      const found = subjects.of(w);
      if (found.length === 0) {
        out.push({ address: `${ASSOCIATION}[${w.stack}]`, message: `${who(w)} is not associated with a management group; expected {prefix}-ai-${envs.length === 1 ? envs[0] : '{environment}'}` });
        continue;
      }
      for (const s of found) {
        if (envs.length !== 1) {
          out.push({ address: s.node.address, severity: 'warning', message: `the environment of ${w.stack} cannot be determined: its resources carry tags.environment ${envs.length === 0 ? 'nowhere' : envs.map((e) => `"${e}"`).join(' and ')}` });
          continue;
        }
        const mg = managementGroupName(doc, s.node.attrs.management_group_id);
        if (mg.state === 'unresolved') {
          out.push({ address: s.node.address, severity: 'warning', message: `management group of ${w.stack} cannot be verified: value is ${mg.text}` });
        } else if (!endsWithCi(mg.name, `-ai-${envs[0]}`)) {
          out.push({ address: s.node.address, message: `${who(w)} is a ${envs[0]} workload but is associated with management group "${mg.name}"; expected {prefix}-ai-${envs[0]}` });
        }
      }
    }
    return out;
  }),
  crossStackRule({
    id: 'AILZ-GOV-005', severity: 'error', area: 'governance',
    title: 'Every workload subscription has a budget alerting at 80 % and 100 % actual and 110 % forecasted cost',
    rationale: 'Model abuse (stolen keys, denial-of-wallet prompts, runaway fine-tuning) shows up first as cost; without a budget nobody is told. A budget with other thresholds is reported as a warning. Judged when the governance stack and the workload stack are checked together.',
    remediation: 'add an azurerm_consumption_budget_subscription for the workload subscription with enabled notifications (with recipients) at Actual 80, Actual 100 and Forecasted 110 (SubscriptionVending creates it from workloads[].budget)',
    references: { mcsb: ['GS-1'] },
  }, (doc, ws) => {
    const subjects = new Subjects(doc, BUDGET);
    const out: Violation[] = [];
    for (const w of ws) {
      const budgets = subjects.of(w);
      if (budgets.length === 0) {
        out.push({ address: `${BUDGET}[${w.stack}]`, message: `${who(w)} has no budget` });
        continue;
      }
      const missing = budgets.map((b) => {
        const levels = notificationLevels(doc, b.node);
        return { b, missing: REQUIRED_NOTIFICATIONS.map((n) => `${n.type} ${n.threshold}%`).filter((l) => !levels.has(l)) };
      });
      if (missing.some((m) => m.missing.length === 0)) continue;
      const first = missing[0];
      out.push({ address: first.b.node.address, severity: 'warning', message: `budget of ${w.stack} has no enabled notification with recipients at ${first.missing.join(', ')}` });
    }
    return out;
  }),
  crossStackRule({
    id: 'AILZ-PRD-006', severity: 'warning', area: 'governance',
    title: 'Production Key Vaults are protected from deletion by a denyAction policy at their subscription',
    rationale: 'Deleting the vault that holds the customer-managed keys makes every encrypted resource unreadable. A denyAction (DELETE) policy with cascade deny blocks deleting the vault and its resource group while leaving the role assignments and diagnostic settings under it deletable (a CanNotDelete lock would block those too).',
    remediation: 'assign a denyAction delete policy (Indexed mode, cascadeBehaviors resourceGroup deny) covering Microsoft.KeyVault/vaults at the workload subscription (ailz config: deleteLock: true, the production default; constructs/governance DeleteProtection)',
    references: { mcsb: ['DP-8', 'GS-1'] },
  }, (doc, ws) => {
    const out: Violation[] = [];
    const subjects = new Subjects(doc, 'azurerm_subscription_policy_assignment');
    const protectsVaults = (a: ResourceNode): boolean | 'unknown' => {
      const ref = parseRef(a.attrs.policy_definition_id);
      const def = ref && ref.address.startsWith('azurerm_policy_definition.') ? doc.byAddress(ref.address) : undefined;
      if (!def) return false;
      const rule = typeof def.attrs.policy_rule === 'string' ? (() => { try { return JSON.parse(def.attrs.policy_rule); } catch { return undefined; } })() : def.attrs.policy_rule;
      if (!rule || typeof rule !== 'object') return 'unknown';
      const details = rule.then?.details ?? {};
      if (String(rule.then?.effect).toLowerCase() !== 'denyaction' || !(details.actionNames ?? []).map((x: string) => String(x).toLowerCase()).includes('delete')) return false;
      if (String(def.attrs.mode).toLowerCase() !== 'indexed' || String(details.cascadeBehaviors?.resourceGroup ?? 'deny').toLowerCase() !== 'deny') return false;
      const params = typeof a.attrs.parameters === 'string' ? (() => { try { return JSON.parse(a.attrs.parameters); } catch { return undefined; } })() : a.attrs.parameters ?? {};
      if (!params) return 'unknown';
      try {
        return evaluateCondition(rule.if, { resource: { type: 'Microsoft.KeyVault/vaults' }, parameters: Object.fromEntries(Object.entries<any>(params).map(([k, v]) => [k, v?.value ?? v])) });
      } catch {
        return 'unknown';
      }
    };
    for (const w of ws) {
      if (!stackEnvironments(w.doc).includes('production') || w.doc.ofType('azurerm_key_vault').length === 0) continue;
      const verdicts = subjects.of(w).map((s) => protectsVaults(s.node));
      if (verdicts.includes(true)) continue;
      out.push(verdicts.includes('unknown')
        ? { address: `azurerm_subscription_policy_assignment[${w.stack}]`, message: `${who(w)}: a policy assignment at its subscription cannot be shown to deny deleting its Key Vaults` }
        : { address: `azurerm_subscription_policy_assignment[${w.stack}]`, message: `${who(w)} is production, but nothing keeps its Key Vaults from being deleted (deleteLock is off)` });
    }
    return out;
  }),
];
