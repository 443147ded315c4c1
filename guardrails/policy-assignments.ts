/**
 * The Azure Policy assignments of a run, as one view over the four azurerm assignment resources
 * (azurerm 4.55.0 lib/management-group-policy-assignment `management_group_id`, lib/subscription-policy-assignment
 * `subscription_id`, lib/resource-group-policy-assignment `resource_group_id`, lib/resource-policy-assignment
 * `resource_id`; all with `policy_definition_id` and `parameters`, a JSON string of `{ "<name>": { "value": ... } }`).
 * Rules that compare what a policy expects with what Terraform writes (AILZ-DIAG-013, AILZ-DEF-005) read it here.
 */
import { DocumentIndex, DocumentSet, ResourceNode } from './types';
import { judge } from './document';
import { stackSubscription, subscriptionGuid } from './rules/helpers';

export const POLICY_ASSIGNMENT_TYPES = {
  azurerm_management_group_policy_assignment: 'management_group_id',
  azurerm_subscription_policy_assignment: 'subscription_id',
  azurerm_resource_group_policy_assignment: 'resource_group_id',
  azurerm_resource_policy_assignment: 'resource_id',
} as const;

export interface PolicyAssignmentView {
  readonly doc: DocumentIndex;
  readonly node: ResourceNode;
  /** The assignment name (literal), or the address when it is an expression. */
  readonly name: string;
  /** Lower-case GUID of a built-in definition (`/providers/Microsoft.Authorization/policyDefinitions/<guid>`), if literal. */
  readonly definition?: string;
  /** Parameter values, or undefined when `parameters` is an expression that cannot be read. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  readonly scopeKind: 'managementGroup' | 'subscription' | 'resourceGroup' | 'resource';
  /** The assignment scope's attribute value, raw. */
  readonly scope: unknown;
}

const BUILT_IN = /^\/providers\/Microsoft\.Authorization\/policyDefinitions\/([0-9a-f-]{36})$/i;

function readParameters(doc: DocumentIndex, raw: unknown): Record<string, unknown> | undefined {
  const j = judge(doc, raw);
  if (j.state === 'missing') return {};
  if (j.state !== 'literal') return undefined;
  let obj: unknown = j.value;
  if (typeof obj === 'string') {
    try { obj = JSON.parse(obj); } catch { return undefined; }
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  return Object.fromEntries(Object.entries(obj as Record<string, any>).map(([k, v]) => [k, v !== null && typeof v === 'object' && 'value' in v ? v.value : v]));
}

const cache = new WeakMap<DocumentIndex, PolicyAssignmentView[]>();

/** The policy assignments of one document. */
export function policyAssignmentsOf(doc: DocumentIndex): readonly PolicyAssignmentView[] {
  let list = cache.get(doc);
  if (list) return list;
  list = [];
  for (const [type, scopeAttr] of Object.entries(POLICY_ASSIGNMENT_TYPES)) {
    const scopeKind = type === 'azurerm_management_group_policy_assignment' ? 'managementGroup'
      : type === 'azurerm_subscription_policy_assignment' ? 'subscription'
        : type === 'azurerm_resource_group_policy_assignment' ? 'resourceGroup' : 'resource';
    for (const node of doc.ofType(type)) {
      const name = judge(doc, node.attrs.name);
      const def = judge(doc, node.attrs.policy_definition_id);
      const m = def.state === 'literal' && typeof def.value === 'string' ? BUILT_IN.exec(def.value) : null;
      list.push({
        doc, node, scopeKind, scope: node.attrs[scopeAttr],
        name: name.state === 'literal' && typeof name.value === 'string' ? name.value : node.address,
        definition: m ? m[1].toLowerCase() : undefined,
        parameters: readParameters(doc, node.attrs.parameters),
      });
    }
  }
  cache.set(doc, list);
  return list;
}

/** Every policy assignment of the run. */
export function policyAssignments(set: DocumentSet): readonly PolicyAssignmentView[] {
  return set.docs.flatMap((d) => policyAssignmentsOf(d));
}

/**
 * Whether an assignment applies to a workload document: a management-group assignment covers every workload
 * stack of an ailz run (its subscriptions sit under `<prefix>-ai`); a subscription assignment covers the stack
 * whose provider subscription it names. Anything narrower is not matched (the rules then stay silent).
 */
export function appliesToWorkload(a: PolicyAssignmentView, doc: DocumentIndex): boolean {
  if (doc.kind !== 'workload') return false;
  if (a.scopeKind === 'managementGroup') return true;
  if (a.scopeKind === 'subscription') {
    const own = stackSubscription(doc);
    const guid = subscriptionGuid(a.doc, a.scope);
    return own !== undefined && guid === own;
  }
  return false;
}

/** Whether the assignment passes `effect = Disabled` (it then evaluates nothing). */
export function isDisabled(a: PolicyAssignmentView): boolean {
  const key = Object.keys(a.parameters ?? {}).find((k) => k.toLowerCase() === 'effect');
  const v = key ? a.parameters![key] : undefined;
  return typeof v === 'string' && v.toLowerCase() === 'disabled';
}
