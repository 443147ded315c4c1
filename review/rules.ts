/**
 * The rules of the review commands: verdicts on a change rather than on one document, so they are not
 * in the guardrail catalog (which judges a document), but they share its ids, severities and shape.
 */
import type { RuleMeta } from '../guardrails/types';
import { PROTECTED_RULE } from './protected';

export const DRIFT_RULE = {
  id: 'AILZ-REV-002',
  severity: 'warning',
  title: 'A resource changed or was deleted outside Terraform (plan resource_drift)',
  rationale: 'Changes made in the portal or by another tool bypass review and the guardrails; the next apply silently reverts them, or keeps them when the attribute is ignored.',
  remediation: 'find who changed it (Azure activity log); bring the change into the config or let the apply revert it',
  area: 'governance',
} as const;

export const REVIEW_RULES: readonly RuleMeta[] = [PROTECTED_RULE, DRIFT_RULE].map((r) => ({ id: r.id, severity: r.severity, title: r.title, rationale: r.rationale, remediation: r.remediation, area: r.area }));
