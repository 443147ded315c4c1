/**
 * Role assignments. Attribute names: azurerm 4.55.0 lib/role-assignment (scope, role_definition_id,
 * role_definition_name, principal_type), lib/pim-active-role-assignment (scope, role_definition_id).
 * Roles: constructs/core/roles.ts (checked against the shared Azure built-in roles catalog).
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { judge, parseRef, show } from '../document';
import { BuiltInRole, PRIVILEGED_ROLES, ROLES } from '../../azure/roles';
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
    if (j.state === 'unresolved') return { state: 'unresolved', text: j.text };
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
    remediation: 'set role_definition_id = "/providers/Microsoft.Authorization/roleDefinitions/<guid>" (constructs/core/roles.ts roleDefinitionId())',
    references: { mcsb: ['PA-7'] },
  }, (doc, node) => (node.attrs.role_definition_name !== undefined
    ? { address: node.address, message: `role_definition_name ${show(node.attrs.role_definition_name)} is used; expected role_definition_id` }
    : checkValue(doc, node, { path: 'role_definition_id', secure: nonEmptyString, expected: 'a role definition ID' }))),
];
