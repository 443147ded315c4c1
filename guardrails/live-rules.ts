/**
 * Rules that exist only for a live tenant (`ailz assess`): no Terraform counterpart, their own
 * namespace `AILZ-LIVE-NNN` (stable, never reused). Rules that judge both Terraform and live ARM
 * resources keep their one ID in the main catalog; `ailz rules` lists both with an "applies to" column.
 */
import { RuleMeta } from './types';

export const LIVE_ONLY_RULES: readonly RuleMeta[] = Object.freeze([
  {
    id: 'AILZ-LIVE-001', severity: 'error', area: 'governance',
    title: 'Every subscription in scope can be read',
    rationale: 'Resource Graph leaves out what the caller cannot read instead of failing: an unread subscription is an unassessed one, and AI in it is invisible.',
    remediation: 'grant the assessing identity Reader (and Security Reader) on the subscription or a management group above it',
  },
  {
    id: 'AILZ-LIVE-002', severity: 'warning', area: 'governance',
    title: 'Every resource the checks need could be read',
    rationale: 'A failed read (diagnostic settings, PIM schedules, content filters) leaves the checks on that resource unjudged.',
    remediation: 'grant the assessing identity Reader at the resource scope, or re-run when the service is reachable',
  },
  {
    id: 'AILZ-LIVE-003', severity: 'warning', area: 'governance',
    title: 'AI resources sit under the landing zone\'s AI management groups',
    rationale: 'AI outside `<prefix>-ai` escapes the AI policies (private access, no keys, CMK) and the monitoring the landing zone enforces: shadow AI.',
    remediation: 'move the subscription under <prefix>-ai-production or <prefix>-ai-experimentation (az account management-group subscription add), or migrate the workload into a vended subscription',
  },
  {
    id: 'AILZ-LIVE-004', severity: 'warning', area: 'governance',
    title: 'AI resources sit in subscriptions a workload declares',
    rationale: 'A subscription no workload of the config declares has no owner in the landing zone: no budget, no PIM, no reviewed config.',
    remediation: 'declare the workload in the config (workloads[].subscriptionId) or move the resources into a declared workload subscription',
  },
  {
    id: 'AILZ-LIVE-006', severity: 'warning', area: 'identity',
    title: 'No service principal holds Owner, Contributor or User Access Administrator at an AI scope',
    rationale: 'A broad role on an automation identity turns one leaked credential into control of the AI estate; pipelines need narrow, resource-scoped roles.',
    remediation: 'replace the assignment with the narrowest role at the narrowest scope (az role assignment delete / create)',
  },
  {
    id: 'AILZ-LIVE-007', severity: 'warning', area: 'identity',
    title: 'No role assignment names a deleted principal',
    rationale: 'Orphaned assignments clutter access reviews and can be mistaken for live access.',
    remediation: 'delete the assignment (az role assignment delete --ids <id>)',
  },
  {
    id: 'AILZ-LIVE-008', severity: 'warning', area: 'identity',
    title: 'No guest user holds a role at an AI scope',
    rationale: 'Guest accounts are governed by another tenant; their access to AI data needs an explicit, reviewed exception.',
    remediation: 'remove the guest assignment or move it into an access package with an expiry',
  },
  {
    id: 'AILZ-LIVE-009', severity: 'warning', area: 'governance',
    title: 'Resources comply with the ailz policy assignments',
    rationale: 'A non-compliant resource predates an assignment or escaped it; Deny only stops new changes.',
    remediation: 'fix the resource as the policy\'s non-compliance message says, or record a justified, expiring exemption in the config',
  },
  {
    id: 'AILZ-LIVE-010', severity: 'warning', area: 'monitoring',
    title: 'Defender for AI keeps prompt evidence',
    rationale: 'Without the AIPromptEvidence extension, Defender alerts on jailbreaks and data leakage carry no prompt or completion to investigate.',
    remediation: 'az security pricing create -n AI --tier standard --extensions name=AIPromptEvidence isEnabled=True',
  },
  {
    id: 'AILZ-LIVE-011', severity: 'error', area: 'governance',
    title: 'Live security settings match what ailz synthesized (no drift)',
    rationale: 'A setting changed by hand (a vault turned public) is invisible to the pull-request review and the guardrails; the next apply may or may not revert it.',
    remediation: 'revert the change (terraform apply of the reviewed configuration), or change the config and let it go through review',
  },
  {
    id: 'AILZ-LIVE-012', severity: 'warning', area: 'identity',
    title: 'No role assignment was added by hand at a scope ailz manages',
    rationale: 'Access granted outside the configuration escapes review and PIM.',
    remediation: 'remove the assignment, or add the access to the config (access.*) so it is reviewed',
  },
] as RuleMeta[]);

/**
 * Live-only IDs no longer in the catalog, with what replaced them: never reused for another rule.
 */
export const RETIRED_LIVE_RULES: Readonly<Record<string, string>> = Object.freeze({
  // Before any release: the live check now applies the catalog's model-lifecycle rule (azure/models.ts), so config,
  // Terraform and live deployments are judged by one function under one ID.
  'AILZ-LIVE-005': 'AILZ-OAI-013',
});

/**
 * Rules of the main catalog that `ailz assess` also judges on live ARM resources, under the same ID
 * (`assess/posture.ts` and `assess/assess.ts` implement them; a test keeps this list equal to theirs).
 */
export const LIVE_COUNTERPARTS: ReadonlySet<string> = new Set([
  'AILZ-ACR-001', 'AILZ-ACR-002', 'AILZ-ACR-003', 'AILZ-ACR-004', 'AILZ-ACR-005',
  'AILZ-DEF-001',
  'AILZ-DIAG-001', 'AILZ-DIAG-002', 'AILZ-DIAG-003', 'AILZ-DIAG-004', 'AILZ-DIAG-005', 'AILZ-DIAG-006', 'AILZ-DIAG-007', 'AILZ-DIAG-010', 'AILZ-DIAG-011', 'AILZ-DIAG-012',
  'AILZ-GOV-001', 'AILZ-GOV-003',
  'AILZ-IAM-001',
  'AILZ-KV-001', 'AILZ-KV-002', 'AILZ-KV-003', 'AILZ-KV-004', 'AILZ-KV-005', 'AILZ-KV-006',
  'AILZ-LOG-001', 'AILZ-LOG-002',
  'AILZ-ML-001', 'AILZ-ML-002', 'AILZ-ML-003', 'AILZ-ML-004', 'AILZ-ML-005', 'AILZ-ML-006', 'AILZ-ML-007', 'AILZ-ML-008',
  'AILZ-MON-002', 'AILZ-MON-003',
  'AILZ-OAI-001', 'AILZ-OAI-002', 'AILZ-OAI-003', 'AILZ-OAI-004', 'AILZ-OAI-005', 'AILZ-OAI-006', 'AILZ-OAI-007', 'AILZ-OAI-008', 'AILZ-OAI-009', 'AILZ-OAI-010', 'AILZ-OAI-011', 'AILZ-OAI-012', 'AILZ-OAI-013',
  'AILZ-PE-001', 'AILZ-PE-002', 'AILZ-PE-003', 'AILZ-PE-004', 'AILZ-PE-005', 'AILZ-PE-006',
  'AILZ-PRD-001', 'AILZ-PRD-002', 'AILZ-PRD-003', 'AILZ-PRD-004',
  'AILZ-SRCH-001', 'AILZ-SRCH-002', 'AILZ-SRCH-003', 'AILZ-SRCH-004',
  'AILZ-ST-001', 'AILZ-ST-002', 'AILZ-ST-003', 'AILZ-ST-004', 'AILZ-ST-005', 'AILZ-ST-006', 'AILZ-ST-007', 'AILZ-ST-011', 'AILZ-ST-012', 'AILZ-ST-013',
]);
