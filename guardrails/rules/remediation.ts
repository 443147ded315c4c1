/**
 * DeployIfNotExists remediation across stacks: an identity that writes diagnostic settings to a workspace in
 * another subscription needs linked access on that workspace (azure/workspace-access.ts).
 *
 * Attribute names: azurerm 4.55.0 lib/management-group-policy-assignment (name, management_group_id,
 * parameters, identity), lib/role-assignment (scope, role_definition_id, principal_id), lib/role-definition
 * (permissions.actions, not_actions), data source lib/data-azurerm-policy-assignment (name, scope_id).
 */
import { DocumentIndex, DocumentSet, ResourceNode, Rule, Violation } from '../types';
import { blocks, judge, parseRef, show } from '../document';
import { PolicyAssignmentView, isDisabled, policyAssignmentsOf } from '../policy-assignments';
import { stackSubscription } from './helpers';
import { existenceFact } from '../../azure/policy-existence';
import { DIAGNOSTICS_DESTINATION_ACTIONS, DIAGNOSTICS_DESTINATION_BUILT_IN_ROLES, actionsGrant } from '../../azure/workspace-access';

const WORKSPACE_ID = /^\/subscriptions\/([0-9a-f-]{36})\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;
const PRINCIPAL_REF = /^\$\{((?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+)\.identity(?:\[0\]|\.0)\.principal_id\}$/;

/** The management group name an assignment or data source names (literal ID, or a reference to an azurerm_management_group). */
function mgName(doc: DocumentIndex, raw: unknown): string | undefined {
  const ref = parseRef(raw);
  if (ref && ref.attr === 'id' && !ref.suffix) {
    const t = doc.byAddress(ref.address);
    const n = t && t.type === 'azurerm_management_group' ? judge(doc, t.attrs.name) : undefined;
    return n && n.state === 'literal' ? String(n.value).toLowerCase() : undefined;
  }
  const j = judge(doc, raw);
  const m = j.state === 'literal' && typeof j.value === 'string' ? /\/managementGroups\/([^/]+)$/i.exec(j.value) : null;
  return m ? m[1].toLowerCase() : undefined;
}

/** Whether a role assignment's principal is the identity of `a` (same stack: the assignment's attribute; any stack: a data source naming it). */
function isIdentityOf(doc: DocumentIndex, ra: ResourceNode, a: PolicyAssignmentView): boolean {
  const m = typeof ra.attrs.principal_id === 'string' ? PRINCIPAL_REF.exec(ra.attrs.principal_id) : null;
  if (!m) return false;
  if (doc === a.doc && m[1] === a.node.address) return true;
  const data = m[1].startsWith('data.azurerm_policy_assignment.') ? doc.byAddress(m[1]) : undefined;
  if (!data) return false;
  const name = judge(doc, data.attrs.name);
  if (name.state !== 'literal' || String(name.value) !== a.name) return false;
  return a.scopeKind === 'managementGroup' && mgName(doc, data.attrs.scope_id) !== undefined && mgName(doc, data.attrs.scope_id) === mgName(a.doc, a.scope);
}

/** The actions a role assignment grants: a built-in that carries the linked-access actions, or a custom role of the same stack. */
function grantedActions(doc: DocumentIndex, ra: ResourceNode): readonly string[] | 'unknown' {
  const ref = parseRef(ra.attrs.role_definition_id);
  if (ref && ref.address.startsWith('azurerm_role_definition.')) {
    const def = doc.byAddress(ref.address);
    if (!def) return 'unknown';
    const perms = blocks(def.attrs, 'permissions');
    const actions = perms.flatMap((p) => (Array.isArray(p.actions) ? p.actions : []));
    const not = perms.flatMap((p) => (Array.isArray(p.not_actions) ? p.not_actions : []));
    if ([...actions, ...not].some((x) => typeof x !== 'string' || x.includes('${'))) return 'unknown';
    return DIAGNOSTICS_DESTINATION_ACTIONS.filter((x) => actionsGrant(actions, x) && !actionsGrant(not, x));
  }
  const j = judge(doc, ra.attrs.role_definition_id);
  if (j.state !== 'literal' || typeof j.value !== 'string') return 'unknown';
  const guid = j.value.split('/').pop()!.toLowerCase();
  return DIAGNOSTICS_DESTINATION_BUILT_IN_ROLES.includes(guid) ? DIAGNOSTICS_DESTINATION_ACTIONS : [];
}

/** Whether a grant's scope covers the workspace (the workspace, its resource group or subscription), or cannot be told. */
function scopeCovers(doc: DocumentIndex, raw: unknown, workspace: string): boolean | 'unknown' {
  const ref = parseRef(raw);
  if (ref && ref.attr === 'id' && !ref.suffix) {
    const t = doc.byAddress(ref.address);
    if (t?.type === 'azurerm_log_analytics_workspace') {
      const n = judge(doc, t.attrs.name);
      return n.state === 'literal' ? workspace.toLowerCase().endsWith(`/workspaces/${String(n.value).toLowerCase()}`) : 'unknown';
    }
  }
  const j = judge(doc, raw);
  if (j.state !== 'literal' || typeof j.value !== 'string') return 'unknown';
  const scope = j.value.replace(/\/+$/, '').toLowerCase();
  const ws = workspace.toLowerCase();
  return ws === scope || ws.startsWith(`${scope}/`);
}

export const REMEDIATION_RULES: readonly Rule[] = [
  {
    id: 'AILZ-GOV-006', severity: 'error', area: 'governance',
    title: 'DeployIfNotExists diagnostics identities may use the destination workspace in the platform subscription (linked access)',
    rationale: 'A remediation writes the diagnostic setting as the assignment\'s identity, and Azure checks linked access on the destination: without workspaces/read and workspaces/sharedKeys/action on the workspace the deployment fails with LinkedAuthorizationFailed. The identity\'s remediation roles sit at the assignment\'s management group; the platform workspace lives outside it.',
    remediation: 'grant each identity a role with Microsoft.OperationalInsights/workspaces/read and .../sharedKeys/action on the workspace (constructs/governance DiagnosticsDestinationAccess in the platform stack: a two-action custom role, the identity looked up with data.azurerm_policy_assignment)',
    references: { azurePolicy: ['55d1f543-d1b0-4811-9663-d6d0dbc6326d', 'b4fe1a3b-0715-4c6c-a5ea-ffc33cf823cb'], mcsb: ['LT-3', 'PA-7'] },
    check(doc: DocumentIndex, set: DocumentSet) {
      const out: Violation[] = [];
      for (const a of policyAssignmentsOf(doc)) {
        if (!a.definition || isDisabled(a) || !a.node.attrs.identity) continue;
        if (existenceFact(a.definition)?.relatedType !== 'Microsoft.Insights/diagnosticSettings') continue;
        const key = Object.keys(a.parameters ?? {}).find((k) => k.toLowerCase() === 'loganalytics');
        const ws = key ? a.parameters![key] : undefined;
        const m = typeof ws === 'string' ? WORKSPACE_ID.exec(ws) : null;
        if (!m) continue;
        // Judged only when the stack that owns the workspace's subscription is in the run (where the grant belongs).
        const owner = set.docs.find((d) => stackSubscription(d) === m[1].toLowerCase() && d.ofType('azurerm_log_analytics_workspace').length > 0);
        if (!owner) continue;
        const have = new Set<string>();
        let unsure = false;
        for (const d of set.docs) {
          for (const ra of d.ofType('azurerm_role_assignment')) {
            if (!isIdentityOf(d, ra, a)) continue;
            const covers = scopeCovers(d, ra.attrs.scope, ws as string);
            const actions = grantedActions(d, ra);
            if (covers === 'unknown' || actions === 'unknown') { unsure = true; continue; }
            if (covers) actions.forEach((x) => have.add(x));
          }
        }
        const missing = DIAGNOSTICS_DESTINATION_ACTIONS.filter((x) => !have.has(x));
        if (missing.length === 0) continue;
        out.push(unsure
          ? { address: a.node.address, severity: 'warning', message: `the identity of ${a.name} cannot be shown to hold ${missing.join(', ')} on ${show(ws)} (a grant's scope or role is an unresolved expression)` }
          : { address: a.node.address, message: `the identity of ${a.name} holds no ${missing.join(', ')} on ${show(ws)} (in ${owner.stack}'s subscription, outside the assignment's scope): its remediations fail with LinkedAuthorizationFailed` });
      }
      return out;
    },
  },
];
