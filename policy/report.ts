/**
 * Policy simulation results as guardrail findings: rule IDs `AZPOLICY-<FAMILY>:<assignment name>`, with the
 * `assignment`, `definition` and `evidence` fields, so they appear in every format `ailz check` writes.
 */
import { Finding, RuleMeta, Severity } from '../guardrails/types';
import { PolicyResult } from './simulate';

/** A rule family: its rule IDs are `<prefix>:<assignment name>` (or `<prefix>:<terraform type>` for coverage). */
export interface PolicyRuleFamily extends Omit<RuleMeta, 'id'> {
  readonly prefix: string;
  /** What the part after the colon names. */
  readonly key: 'assignment' | 'terraform type' | 'stack';
  /** False when a suppression can never clear the finding. */
  readonly suppressible: boolean;
}

export const POLICY_RULE_FAMILIES: readonly PolicyRuleFamily[] = [
  {
    prefix: 'AZPOLICY-DENY', key: 'assignment', severity: 'error', area: 'governance', suppressible: false,
    title: 'A Deny assignment in scope would refuse this resource',
    rationale: 'Azure Policy refuses the request (RequestDisallowedByPolicy), so the apply fails. A suppression changes nothing in Azure; only an exemption (config policyExemptions) clears it.',
    remediation: 'Change the resource so the rule no longer matches, or add a policyExemptions entry (Waiver or Mitigated, with an expiry) scoped as narrowly as Azure allows.',
  },
  {
    prefix: 'AZPOLICY-AUDIT', key: 'assignment', severity: 'warning', area: 'governance', suppressible: true,
    title: 'An Audit assignment (or a Deny in DoNotEnforce mode) reports this resource non-compliant',
    rationale: 'The resource is created but shows as non-compliant in the compliance dashboard from the first scan.',
    remediation: 'Change the resource to meet the rule, or suppress the finding with a justification and an expiry.',
  },
  {
    prefix: 'AZPOLICY-AINE', key: 'assignment', severity: 'warning', area: 'governance', suppressible: true,
    title: 'An AuditIfNotExists assignment reports this resource non-compliant',
    rationale: 'The related resource the rule requires (a diagnostic setting, a Defender plan, ...) is missing or does not meet the existence condition.',
    remediation: 'Deploy the related resource so the existence condition holds, or suppress with a justification.',
  },
  {
    prefix: 'AZPOLICY-DINE', key: 'assignment', severity: 'error', area: 'governance', suppressible: true,
    title: 'A DeployIfNotExists assignment can never be met by, or would fight, what ailz deploys',
    rationale: 'Errors: ailz\'s own related resource can never satisfy the existence condition (the remediation would deploy over a Terraform-managed resource and Terraform would set it back), or the remediation identity lacks the rights its deployment needs. Warnings: the related resource is not deployed by ailz (non-compliant until remediated), or a remediation that runs first would deploy a different configuration.',
    remediation: 'Align the assignment (parameters, definition) with what the Terraform deploys, or let one of them own the resource; grant the remediation identity the listed roles where its deployment writes.',
  },
  {
    prefix: 'AZPOLICY-MODIFY', key: 'assignment', severity: 'warning', area: 'governance', suppressible: true,
    title: 'A Modify assignment would change this request under Terraform\'s feet',
    rationale: 'Azure applies the change on every create and update; Terraform sees it as drift and plans it back.',
    remediation: 'Set the value the policy enforces in the Terraform, or exclude the resource from the assignment.',
  },
  {
    prefix: 'AZPOLICY-APPEND', key: 'assignment', severity: 'warning', area: 'governance', suppressible: true,
    title: 'An Append assignment would add fields to this request',
    rationale: 'Appended fields appear as drift in the next plan.',
    remediation: 'Set the appended values in the Terraform.',
  },
  {
    prefix: 'AZPOLICY-UNEVALUATED', key: 'assignment', severity: 'warning', area: 'governance', suppressible: true,
    title: 'An assignment could not be evaluated (definition missing, unsupported construct, or a data-plane mode)',
    rationale: 'The simulator never passes what it cannot evaluate: it names the definition and the construct instead.',
    remediation: 'Pull the definitions with `ailz policy pull` (or pass a catalog that has them); report unsupported constructs.',
  },
  {
    prefix: 'AZPOLICY-NOTSIMULATED', key: 'terraform type', severity: 'warning', area: 'governance', suppressible: true,
    title: 'A resource (or a subscription) the simulation cannot judge',
    rationale: 'No ARM adapter reconstructs the request of this Terraform type, or the subscription is not placed in any management group of the output: no assignment was evaluated against it.',
    remediation: 'Add an adapter in arm/adapters/ for the type, or place the subscription in the governance stack.',
  },
];

function familyOf(r: PolicyResult): string {
  switch (r.outcome) {
    case 'cannot-evaluate':
    case 'missing-definition':
      return 'AZPOLICY-UNEVALUATED';
    case 'not-simulated':
      return r.assignment ? 'AZPOLICY-UNEVALUATED' : 'AZPOLICY-NOTSIMULATED';
    case 'unplaced':
      return 'AZPOLICY-NOTSIMULATED';
    default:
      switch (r.effect) {
        case 'deny': return r.outcome === 'deny' || r.outcome === 'evaluation-error' ? 'AZPOLICY-DENY' : r.outcome === 'unknown' ? 'AZPOLICY-DENY' : 'AZPOLICY-AUDIT';
        case 'audit': return 'AZPOLICY-AUDIT';
        case 'auditifnotexists': return 'AZPOLICY-AINE';
        case 'deployifnotexists': return 'AZPOLICY-DINE';
        case 'modify': return 'AZPOLICY-MODIFY';
        case 'append': return 'AZPOLICY-APPEND';
        default: return 'AZPOLICY-UNEVALUATED';
      }
  }
}

/** The rule ID of a result: `AZPOLICY-<FAMILY>:<assignment name>`. */
export function ruleIdOf(r: PolicyResult): string {
  const family = familyOf(r);
  if (r.assignment) return `${family}:${r.assignment.name}`;
  if (r.outcome === 'unplaced') return `${family}:subscription`;
  return `${family}:${String(r.evidence.terraformType ?? 'resource')}`;
}

export function familyMeta(ruleId: string): PolicyRuleFamily | undefined {
  const prefix = ruleId.split(':')[0];
  return POLICY_RULE_FAMILIES.find((f) => f.prefix === prefix);
}

/** Converts simulation results to findings (deterministic order, as the simulator sorted them). */
export function toFindings(results: readonly PolicyResult[]): Finding[] {
  return results.map((r) => {
    const rule = ruleIdOf(r);
    const fam = familyMeta(rule)!;
    const f: Finding = {
      rule,
      severity: r.severity as Severity,
      stack: r.stack,
      address: r.address,
      message: r.message,
      remediation: fam.remediation,
      area: 'governance',
      evidence: { outcome: r.outcome, ...(r.effect ? { effect: r.effect } : {}), ...(r.referenceId ? { policyDefinitionReferenceId: r.referenceId } : {}), ...r.evidence },
    };
    if (r.assignment) f.assignment = r.assignment.name;
    if (r.definition) f.definition = r.definition.id;
    else if (typeof r.evidence.definitionId === 'string') f.definition = r.evidence.definitionId;
    if (!r.suppressible) f.suppressible = false;
    return f;
  });
}

/** True for a rule ID of the policy simulation. */
export function isPolicyRuleId(id: string): boolean {
  return /^AZPOLICY-[A-Z]+:.+/.test(id) && familyMeta(id) !== undefined;
}

/**
 * Whether a suppression may name a rule ID outside the guardrail catalog: a policy simulation ID of a
 * suppressible family is fine; a Deny is refused (Azure would still refuse the resource); anything else is unknown.
 */
export function policySuppressionProblem(rule: string): string | undefined {
  const fam = isPolicyRuleId(rule) ? familyMeta(rule) : undefined;
  if (!fam) return `unknown rule "${rule}" (see \`ailz rules\`)`;
  if (!fam.suppressible) {
    return `${rule} cannot be suppressed: an Azure Policy Deny refuses the resource whatever ailz reports; add a policyExemptions entry for the assignment instead`;
  }
  return undefined;
}
