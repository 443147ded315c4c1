/**
 * Management locks. Attribute names: azurerm 4.55.0 lib/management-lock (scope, lock_level).
 *
 * A lock applies to its scope and everything under it: a CanNotDelete lock on a resource also blocks deleting
 * the child and extension resources under it (role assignments: MicrosoftDocs/azure-docs#110791,
 * hashicorp/terraform-provider-azurerm#11770), so a Terraform change that replaces or removes one of those
 * (a renamed Sentinel rule, a role assignment's forced replacement) fails with ScopeLocked (review F9, F22).
 */
import { Rule, ResourceNode, Violation } from '../types';
import { judge, parseRef, show } from '../document';

const LOCK = 'azurerm_management_lock';
/** Attributes through which a resource hangs under another (its scope, target or parent). */
const UNDER = ['scope', 'target_resource_id', 'parent_id', 'workspace_id', 'key_vault_id', 'cognitive_account_id', 'resource_id'];

export const LOCK_RULES: readonly Rule[] = [
  {
    id: 'AILZ-GOV-007', severity: 'warning', area: 'governance',
    title: 'No management lock over a resource whose child or extension resources Terraform manages',
    rationale: 'A CanNotDelete or ReadOnly lock also covers everything under its scope: replacing or removing a role assignment, diagnostic setting, Sentinel rule or key under the locked resource then fails with ScopeLocked until someone lifts the lock by hand.',
    remediation: 'protect the resource with a denyAction (DELETE) policy instead (it spares children; ailz: constructs/governance DeleteProtection), or lock a scope that holds nothing Terraform changes',
    references: { mcsb: ['GS-1'] },
    check(doc) {
      const out: Violation[] = [];
      for (const lock of doc.ofType(LOCK)) {
        const level = judge(doc, lock.attrs.lock_level);
        if (level.state === 'literal' && !['cannotdelete', 'readonly'].includes(String(level.value).toLowerCase())) continue;
        const ref = parseRef(lock.attrs.scope);
        if (!ref || ref.attr !== 'id' || ref.suffix) continue;
        const children: ResourceNode[] = [];
        for (const node of doc.resources()) {
          if (node === lock) continue;
          const hangs = UNDER.some((attr) => {
            const r = parseRef(node.attrs[attr]);
            return r !== undefined && r.address === ref.address;
          });
          if (hangs) children.push(node);
        }
        if (children.length === 0) continue;
        out.push({ address: lock.address, message: `lock ${show(level.state === 'literal' ? level.value : lock.attrs.lock_level)} on ${ref.address} also covers ${children.length} resource(s) Terraform manages under it (${children.slice(0, 4).map((c) => c.address).join(', ')}${children.length > 4 ? ', ...' : ''}): changing or removing them fails with ScopeLocked` });
      }
      return out;
    },
  },
];
