/**
 * Rules that judge a change rather than one configuration (`ailz diff`, `ailz review-plan`): no
 * check function over a document, their own namespace `AILZ-REV-NNN` (stable, never reused).
 * `ailz rules` lists them with "applies to: change", beside the Terraform catalog and the live rules.
 */
import { RuleMeta } from './types';

export const PROTECTED_REMOVAL_RULE: RuleMeta = Object.freeze({
  id: 'AILZ-REV-001',
  severity: 'error',
  area: 'data',
  title: 'A protected resource (Key Vault, key, workspace, storage, subscription, management group, lock, Sentinel, AI account, ML workspace) is destroyed or replaced',
  rationale: 'Destroying one of these loses data, keys, audit history or the guardrails around everything else; soft delete does not bring back a purged vault, and a replaced workspace starts with no logs.',
  remediation: 'keep the resource (restore its construct id, or add a moved block), or record the removal in the config: intendedRemovals: [{ resource: "<stack>/<address>", justification, expires }]',
});

export const DRIFT_RULE: RuleMeta = Object.freeze({
  id: 'AILZ-REV-002',
  severity: 'warning',
  area: 'governance',
  title: 'A resource changed or was deleted outside Terraform (plan resource_drift)',
  rationale: 'Changes made in the portal or by another tool bypass review and the guardrails; the next apply silently reverts them, or keeps them when the attribute is ignored.',
  remediation: 'find who changed it (Azure activity log); bring the change into the config or let the apply revert it',
});

export const REVIEW_ONLY_RULES: readonly RuleMeta[] = Object.freeze([PROTECTED_REMOVAL_RULE, DRIFT_RULE]);
