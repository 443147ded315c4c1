/**
 * Role assignments. Attribute names: azurerm 4.55.0 lib/role-assignment (scope, role_definition_id,
 * role_definition_name, principal_type), lib/pim-active-role-assignment (scope, role_definition_id).
 * Roles: constructs/core/roles.ts (checked against the shared Azure built-in roles catalog).
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { judge, parseRef, show } from '../document';
import { BuiltInRole, PRIVILEGED_ROLES, ROLES, roleDefinitionScopeOf } from '../../azure/roles';
import { checkValue, nonEmptyString, resourceRule } from './helpers';

const ALL_ROLES: readonly BuiltInRole[] = Object.values(ROLES);
const BY_ID = new Map(ALL_ROLES.map((r) => [r.id.toLowerCase(), r]));
const BY_NAME = new Map(ALL_ROLES.map((r) => [r.name.toLowerCase(), r]));
const PRIVILEGED = new Set(PRIVILEGED_ROLES.map((r) => r.id));

type RoleJudgement = { state: 'known'; role?: BuiltInRole; shown: string } | { state: 'unresolved'; text: string } | { state: 'missing' };

function fromDefinitionId(value: string): BuiltInRole | undefined {
  const m = /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/i.exec(value);
  return m ? BY_ID.get(m[1].toLowerCase()) : undefined;
}

/** The built-in role an assignment grants, by role_definition_id (GUID at the end) or role_definition_name; follows `data.azurerm_role_definition` references. */
export function roleOf(doc: DocumentIndex, attrs: Record<string, any>): RoleJudgement {
  for (const key of ['role_definition_id', 'role_definition_name']) {
    const raw = attrs[key];
    if (raw === undefined || raw === null) continue;
    const ref = parseRef(raw);
    if (ref && !ref.suffix) {
      const target = doc.byAddress(ref.address);
      if (target && target.type === 'azurerm_role_definition') {
        // data "azurerm_role_definition" takes name or role_definition_id as input.
        const n = judge(doc, target.attrs.name);
        if (n.state === 'literal') return { state: 'known', role: BY_NAME.get(String(n.value).toLowerCase()), shown: String(n.value) };
        const i = judge(doc, target.attrs.role_definition_id);
        if (i.state === 'literal') return { state: 'known', role: fromDefinitionId(String(i.value)), shown: String(i.value) };
      }
    }
    const j = judge(doc, raw);
    if (j.state === 'unresolved') {
      // `/subscriptions/${var.subscription_id}/providers/.../roleDefinitions/<guid>`: the role itself is literal.
      if (key === 'role_definition_id' && /^\/subscriptions\/\$\{[^}]+\}\/providers\/Microsoft\.Authorization\/roleDefinitions\/[0-9a-f-]{36}$/i.test(j.text)) {
        return { state: 'known', role: fromDefinitionId(j.text), shown: j.text };
      }
      return { state: 'unresolved', text: j.text };
    }
    if (j.state === 'literal') {
      const s = String(j.value);
      return { state: 'known', role: key === 'role_definition_name' ? BY_NAME.get(s.toLowerCase()) : fromDefinitionId(s), shown: s };
    }
  }
  return { state: 'missing' };
}

function privilegedCheck(what: string) {
  return (doc: DocumentIndex, node: ResourceNode): Violation | undefined => {
    const r = roleOf(doc, node.attrs);
    if (r.state === 'unresolved') return { address: node.address, severity: 'warning', message: `role cannot be verified: value is ${show(r.text)}` };
    if (r.state === 'missing') return { address: node.address, severity: 'warning', message: 'role cannot be verified: neither role_definition_id nor role_definition_name is set' };
    if (r.role && PRIVILEGED.has(r.role.id)) return { address: node.address, message: `${what} of privileged role ${r.role.name} (${r.role.id})` };
    return undefined;
  };
}

type ScopeKind = 'subscription' | 'management-group' | 'resource-group' | 'resource' | 'unresolved';

function scopeOf(doc: DocumentIndex, raw: unknown): { kind: ScopeKind; shown: string } {
  const ref = parseRef(raw);
  if (ref && ref.attr === 'id' && !ref.suffix) {
    const t = doc.byAddress(ref.address);
    if (t) {
      if (t.type === 'azurerm_subscription') return { kind: 'subscription', shown: ref.address };
      if (t.type === 'azurerm_management_group') return { kind: 'management-group', shown: ref.address };
      if (t.type === 'azurerm_resource_group') return { kind: 'resource-group', shown: ref.address };
      if (!t.address.startsWith('data.')) return { kind: 'resource', shown: ref.address };
    }
  }
  const j = judge(doc, raw);
  const s = j.state === 'literal' ? j.value : raw;
  if (typeof s !== 'string') return { kind: 'unresolved', shown: show(raw) };
  // The shape decides even when segments are expressions (`/subscriptions/${var.subscription_id}`).
  if (new RegExp(`^/providers/Microsoft\\.Management/managementGroups/${SEG}/?$`, 'i').test(s)) return { kind: 'management-group', shown: s };
  if (new RegExp(`^/subscriptions/${SEG}/?$`, 'i').test(s)) return { kind: 'subscription', shown: s };
  if (new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/?$`, 'i').test(s)) return { kind: 'resource-group', shown: s };
  if (new RegExp(`^/subscriptions/${SEG}/resourceGroups/${SEG}/providers/.+`, 'i').test(s)) return { kind: 'resource', shown: s };
  if (s === '/') return { kind: 'management-group', shown: s };
  return { kind: 'unresolved', shown: show(s) };
}

/**
 * The subscription a resource lives in, as written: the `subscription_id` of the azurerm provider block
 * the resource uses (its `provider = "azurerm.<alias>"`, else the default block). Undefined when absent.
 */
function providerSubscription(doc: DocumentIndex, node: ResourceNode): string | undefined {
  const wanted = typeof node.attrs.provider === 'string' ? node.attrs.provider.replace(/^azurerm\.?/, '') || undefined : undefined;
  const block = doc.providers('azurerm').find((b) => (b.alias ?? undefined) === wanted);
  const v = block?.subscription_id;
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** The subscription an assignment scope lies in, as written, when the document tells. */
function scopeSubscription(doc: DocumentIndex, raw: unknown): string | undefined {
  const ref = parseRef(raw);
  if (ref && !ref.suffix) {
    const target = doc.byAddress(ref.address);
    return target && !target.address.startsWith('data.') && target.type !== 'azurerm_subscription' ? providerSubscription(doc, target) : undefined;
  }
  const j = judge(doc, raw);
  const literal = j.state === 'literal' ? j.value : raw;
  if (typeof literal !== 'string') return undefined;
  const at = roleDefinitionScopeOf(literal);
  return at && 'subscriptionId' in at ? at.subscriptionId : undefined;
}

type DefinitionForm = { form: 'tenant' } | { form: 'subscription'; subscription: string } | { form: 'custom' } | { form: 'unresolved'; text: string } | { form: 'invalid'; text: string };

const TENANT_FORM = /^\/providers\/Microsoft\.Authorization\/roleDefinitions\/[^/]+$/i;
/** `/subscriptions/<guid or one Terraform expression>/providers/Microsoft.Authorization/roleDefinitions/<id>` */
const SUBSCRIPTION_FORM = /^\/subscriptions\/(\$\{[^}]+\}|[^/$]+)\/providers\/Microsoft\.Authorization\/roleDefinitions\/[^/]+$/i;

/** How a role definition ID is written: without scope, in subscription form, as a custom role's ID, or unknown. */
function definitionForm(doc: DocumentIndex, raw: unknown): DefinitionForm {
  const ref = parseRef(raw);
  if (ref && !ref.suffix) {
    const target = doc.byAddress(ref.address);
    // A custom role's resource ID is already scoped (azurerm_role_definition.role_definition_resource_id).
    if (target && target.type === 'azurerm_role_definition' && !target.address.startsWith('data.')) return { form: 'custom' };
    // data "azurerm_role_definition" returns `<scope>/providers/...` (no scope: the tenant form).
    if (target && target.type === 'azurerm_role_definition' && ref.attr === 'id') {
      const scope = judge(doc, target.attrs.scope);
      if (scope.state === 'missing') return { form: 'tenant' };
      const at = scope.state === 'literal' && typeof scope.value === 'string' ? roleDefinitionScopeOf(scope.value) : undefined;
      if (at) return 'tenant' in at ? { form: 'tenant' } : { form: 'subscription', subscription: at.subscriptionId };
    }
  }
  const j = judge(doc, raw);
  const s = j.state === 'literal' ? j.value : raw;
  if (typeof s !== 'string') return { form: 'unresolved', text: show(raw) };
  if (TENANT_FORM.test(s)) return { form: 'tenant' };
  const m = SUBSCRIPTION_FORM.exec(s);
  if (m) return { form: 'subscription', subscription: m[1] };
  return s.includes('${') ? { form: 'unresolved', text: show(s) } : { form: 'invalid', text: show(s) };
}

const ASSIGNMENT = ['azurerm_role_assignment'] as const;
/** One ID segment: literal text or a single Terraform expression. */
const SEG = String.raw`(?:\$\{[^}]+\}|[^/$]+)`;

export const IDENTITY_RULES: readonly Rule[] = [
  resourceRule({
    id: 'AILZ-IAM-001', severity: 'error', area: 'identity', resourceTypes: ASSIGNMENT,
    title: 'No role assignment of Owner, Contributor, User Access Administrator, RBAC Administrator or Key Vault Administrator',
    rationale: 'These roles can take over resources or re-grant access; a compromised workload identity holding one owns the environment.',
    remediation: 'grant the narrowest data-plane role at the resource scope (the construct grant* methods); admins get PIM-eligible access instead',
    references: { mcsb: ['PA-1', 'PA-7'] },
  }, privilegedCheck('standing assignment')),
  resourceRule({
    id: 'AILZ-IAM-002', severity: 'error', area: 'identity', resourceTypes: ASSIGNMENT,
    title: 'Data-plane roles are scoped to one resource, never a subscription or management group',
    rationale: 'A data role at subscription or management group scope reads every vault, account and blob below it.',
    remediation: 'set scope to the id of the single resource the identity needs (e.g. the Key Vault or OpenAI account)',
    references: { mcsb: ['PA-7'] },
  }, (doc, node) => {
    const r = roleOf(doc, node.attrs);
    if (r.state === 'unresolved') return { address: node.address, severity: 'warning', message: `role cannot be verified: value is ${show(r.text)}` };
    if (r.state !== 'known' || !r.role || r.role.plane !== 'data') return undefined;
    const scope = scopeOf(doc, node.attrs.scope);
    if (scope.kind === 'subscription' || scope.kind === 'management-group') return { address: node.address, message: `data-plane role ${r.role.name} assigned at ${scope.kind} scope ${scope.shown}` };
    if (scope.kind === 'resource-group') return { address: node.address, severity: 'warning', message: `data-plane role ${r.role.name} assigned at resource group scope ${scope.shown}; expected the single resource` };
    if (scope.kind === 'unresolved') return { address: node.address, severity: 'warning', message: `scope of data-plane role ${r.role.name} cannot be verified: value is ${scope.shown}` };
    return undefined;
  }),
  resourceRule({
    id: 'AILZ-IAM-003', severity: 'warning', area: 'identity', resourceTypes: ASSIGNMENT,
    title: 'Role assignments declare principal_type',
    rationale: 'Without principal_type Azure must look the principal up in Entra ID, which fails for just-created identities (replication delay) and hides what kind of principal holds the role.',
    remediation: 'set principal_type = "ServicePrincipal" | "Group" | "User"',
    references: { mcsb: ['PA-7'] },
  }, (doc, node) => checkValue(doc, node, { path: 'principal_type', secure: (v) => ['ServicePrincipal', 'Group', 'User', 'ForeignGroup', 'Device'].includes(v), expected: 'ServicePrincipal, Group or User' })),
  resourceRule({
    id: 'AILZ-IAM-004', severity: 'error', area: 'identity', resourceTypes: ['azurerm_pim_active_role_assignment'],
    title: 'No standing (PIM active) privileged role assignments',
    rationale: 'Active privileged assignments are standing access; privileged roles are PIM-eligible and activated just in time.',
    remediation: 'use azurerm_pim_eligible_role_assignment with a bounded schedule instead',
    references: { mcsb: ['PA-2'] },
  }, privilegedCheck('PIM active (standing) assignment')),
  resourceRule({
    id: 'AILZ-IAM-005', severity: 'warning', area: 'identity', resourceTypes: ASSIGNMENT,
    title: 'Role assignments reference the role by definition ID, not by name',
    rationale: 'Built-in role names change (e.g. "Azure AI User" became "Foundry User" in 2026); GUIDs never do.',
    remediation: 'set role_definition_id to the role definition ID in the form Azure returns for the scope (azure/roles.ts roleDefinitionId(), see AILZ-IAM-006)',
    references: { mcsb: ['PA-7'] },
  }, (doc, node) => (node.attrs.role_definition_name !== undefined
    ? { address: node.address, message: `role_definition_name ${show(node.attrs.role_definition_name)} is used; expected role_definition_id` }
    : checkValue(doc, node, { path: 'role_definition_id', secure: nonEmptyString, expected: 'a role definition ID' }))),
  resourceRule({
    id: 'AILZ-IAM-006', severity: 'error', area: 'identity', resourceTypes: ASSIGNMENT,
    title: 'Role definition IDs are written in the form Azure returns for the assignment scope',
    rationale: 'Azure Resource Manager returns the role definition ID without a scope for assignments at a management group and as /subscriptions/<subscription of the scope>/providers/... for assignments at a subscription, resource group or resource. azurerm 4.55 stores what it reads and replaces the assignment whenever the configured value differs (role_definition_id is ForceNew, only case is ignored), so any other form deletes and re-creates the assignment on every apply, cutting access meanwhile and failing where a delete lock covers the scope.',
    remediation: 'below a management group set role_definition_id = "/subscriptions/<subscription of the scope>/providers/Microsoft.Authorization/roleDefinitions/<guid>"; at a management group use "/providers/Microsoft.Authorization/roleDefinitions/<guid>" (azure/roles.ts roleDefinitionId())',
    references: { mcsb: ['PA-7'] },
  }, (doc, node) => {
    if (node.attrs.role_definition_id === undefined || node.attrs.role_definition_id === null) return undefined; // by name: AILZ-IAM-005
    const form = definitionForm(doc, node.attrs.role_definition_id);
    if (form.form === 'custom') return undefined;
    if (form.form === 'unresolved') return { address: node.address, severity: 'warning', message: `role_definition_id form cannot be verified: value is ${form.text}` };
    if (form.form === 'invalid') return { address: node.address, message: `role_definition_id ${form.text} is not a role definition ID` };
    const scope = scopeOf(doc, node.attrs.scope);
    if (scope.kind === 'unresolved') return { address: node.address, severity: 'warning', message: `role_definition_id form cannot be verified: scope is ${scope.shown}` };
    if (scope.kind === 'management-group') {
      return form.form === 'tenant' ? undefined
        : { address: node.address, message: `role_definition_id is in subscription form at management-group scope ${scope.shown}; Azure returns /providers/Microsoft.Authorization/roleDefinitions/<guid> there, so every plan replaces the assignment` };
    }
    if (form.form === 'tenant') {
      return { address: node.address, message: `role_definition_id has no subscription at ${scope.kind} scope ${scope.shown}; Azure returns /subscriptions/<subscription>/providers/Microsoft.Authorization/roleDefinitions/<guid> there, so every plan replaces the assignment` };
    }
    const expected = scopeSubscription(doc, node.attrs.scope);
    if (expected === undefined) {
      // A document whose providers name no subscription (a module, a construct) takes it from outside: the
      // form is right and there is nothing to compare the subscription with.
      const declared = doc.providers('azurerm').some((b) => typeof b.subscription_id === 'string' && b.subscription_id.trim() !== '');
      return declared ? { address: node.address, severity: 'warning', message: `role_definition_id names subscription ${show(form.subscription)}; the subscription of scope ${scope.shown} cannot be determined to compare` } : undefined;
    }
    if (expected.toLowerCase() !== form.subscription.toLowerCase()) {
      return { address: node.address, message: `role_definition_id names subscription ${show(form.subscription)} but scope ${scope.shown} is in subscription ${show(expected)}; Azure returns the scope's subscription, so every plan replaces the assignment` };
    }
    return undefined;
  }),
];
