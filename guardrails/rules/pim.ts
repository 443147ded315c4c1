/**
 * Privileged Identity Management: an eligible role's activation is guarded by the role's management policy at
 * the same scope. Attribute names: azurerm 4.55.0 lib/pim-eligible-role-assignment (scope, role_definition_id,
 * schedule.expiration.duration_days), lib/role-management-policy (scope, role_definition_id,
 * activation_rules.{maximum_duration, require_multifactor_authentication,
 * required_conditional_access_authentication_context, require_justification, require_approval,
 * approval_stage.primary_approver}, eligible_assignment_rules.{expiration_required, expire_after}),
 * lib/management-group-subscription-association (subscription_id, management_group_id).
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { block, blocks, judge, parseRef, show } from '../document';

const ELIGIBLE = 'azurerm_pim_eligible_role_assignment';
const POLICY = 'azurerm_role_management_policy';
/** The longest activation ailz accepts: a working day. */
const MAX_ACTIVATION_MINUTES = 8 * 60;

function minutes(iso: unknown): number | undefined {
  const m = typeof iso === 'string' ? /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso) : null;
  return m ? Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) : undefined;
}

const same = (a: unknown, b: unknown) => typeof a === 'string' && typeof b === 'string' && a.toLowerCase() === b.toLowerCase();

/** Whether the subscription of `scope` is placed in a `*-production` management group by this document. */
function isProduction(doc: DocumentIndex, scope: unknown): boolean {
  return doc.ofType('azurerm_management_group_subscription_association').some((a) => {
    if (!same(a.attrs.subscription_id, scope)) return false;
    const ref = parseRef(a.attrs.management_group_id);
    const mg = ref ? doc.byAddress(ref.address) : undefined;
    const name = mg ? judge(doc, mg.attrs.name) : judge(doc, a.attrs.management_group_id);
    return name.state === 'literal' && typeof name.value === 'string' && /-production$/i.test(name.value);
  });
}

function judgePolicy(doc: DocumentIndex, e: ResourceNode, p: ResourceNode): Violation[] {
  const out: Violation[] = [];
  const at = e.address;
  const act = block(p.attrs, 'activation_rules') ?? {};
  const mfa = judge(doc, act.require_multifactor_authentication);
  const ca = judge(doc, act.required_conditional_access_authentication_context);
  if (!(mfa.state === 'literal' && mfa.value === true) && ca.state === 'missing') out.push({ address: at, message: `${p.address}: activation does not require MFA (require_multifactor_authentication or a conditional access context)` });
  const just = judge(doc, act.require_justification);
  if (!(just.state === 'literal' && just.value === true)) out.push({ address: at, message: `${p.address}: activation does not require a justification` });
  const dur = judge(doc, act.maximum_duration);
  const mins = dur.state === 'literal' ? minutes(dur.value) : undefined;
  if (dur.state === 'unresolved') out.push({ address: at, severity: 'warning', message: `${p.address}: activation_rules.maximum_duration cannot be verified: value is ${show(dur.text)}` });
  else if (mins === undefined || mins > MAX_ACTIVATION_MINUTES) out.push({ address: at, message: `${p.address}: activation lasts up to ${dur.state === 'literal' ? show(dur.value) : 'the tenant default'}; expected at most PT8H` });
  const elig = block(p.attrs, 'eligible_assignment_rules') ?? {};
  const req = judge(doc, elig.expiration_required);
  if (req.state === 'literal' && req.value === false) out.push({ address: at, message: `${p.address}: eligible assignments may be permanent (eligible_assignment_rules.expiration_required = false)` });
  const days = judge(doc, block(block(e.attrs, 'schedule') ?? {}, 'expiration')?.duration_days);
  const after = judge(doc, elig.expire_after);
  const afterDays = after.state === 'literal' ? (minutes(after.value) ?? NaN) / 1440 : undefined;
  if (days.state === 'literal' && after.state === 'literal' && afterDays !== undefined && Number(days.value) > afterDays) {
    out.push({ address: at, message: `the eligibility lasts ${show(days.value)} days but ${p.address} allows at most ${show(after.value)}: PIM refuses it` });
  }
  if (isProduction(doc, e.attrs.scope)) {
    const approval = judge(doc, act.require_approval);
    const approvers = blocks(block(act, 'approval_stage') ?? {}, 'primary_approver');
    if (!(approval.state === 'literal' && approval.value === true) || approvers.length === 0) out.push({ address: at, message: `${p.address}: activation in a production subscription needs no approval (require_approval with a primary_approver)` });
  }
  return out;
}

export const PIM_RULES: readonly Rule[] = [
  {
    id: 'AILZ-IAM-007', severity: 'error', area: 'identity',
    title: 'PIM-eligible roles are activated under a role management policy: MFA, justification, at most 8 hours, expiring eligibility, approval in production',
    rationale: 'Eligibility alone does not say how activation works: without a role management policy at the same scope the tenant defaults apply (typically a justification only), so anyone in the eligible group can become Contributor for hours without a second factor or a second person.',
    remediation: 'add azurerm_role_management_policy with the same scope and role_definition_id as the eligibility: activation_rules { require_multifactor_authentication, require_justification, maximum_duration <= PT8H, require_approval + approval_stage in production }, eligible_assignment_rules { expiration_required = true } (constructs/governance WorkloadAdminAccess)',
    references: { mcsb: ['PA-2', 'PA-1'] },
    check(doc) {
      const out: Violation[] = [];
      const policies = doc.ofType(POLICY);
      for (const e of doc.ofType(ELIGIBLE)) {
        const mine = policies.filter((p) => same(p.attrs.scope, e.attrs.scope) && same(p.attrs.role_definition_id, e.attrs.role_definition_id));
        if (mine.length === 0) {
          const unresolved = policies.some((p) => judge(doc, p.attrs.scope).state === 'unresolved' && !same(p.attrs.scope, e.attrs.scope) && !parseRef(p.attrs.scope));
          out.push(unresolved
            ? { address: e.address, severity: 'warning', message: 'no role management policy can be matched to this eligibility (a policy scope is an unresolved expression)' }
            : { address: e.address, message: `no azurerm_role_management_policy for role ${show(e.attrs.role_definition_id)} at ${show(e.attrs.scope)}: activation follows the tenant defaults` });
          continue;
        }
        out.push(...judgePolicy(doc, e, mine[0]));
      }
      return out;
    },
  },
];
