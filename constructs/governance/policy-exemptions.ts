import { Construct } from 'constructs';
import { ManagementGroupPolicyExemption as AzurermManagementGroupPolicyExemption } from '@cdktf/provider-azurerm/lib/management-group-policy-exemption';
import { SubscriptionPolicyExemption as AzurermSubscriptionPolicyExemption } from '@cdktf/provider-azurerm/lib/subscription-policy-exemption';
import { managementGroupResourceId } from './management-groups';

/** One exemption, as written in `policyExemptions` of landing-zone.yaml. */
export interface PolicyExemptionSpec {
  /** The assignment exempted from: a catalog key / assignment name such as `st-no-shared-key`. */
  readonly assignment: string;
  /**
   * Where the exemption applies: a subscription ID (`<guid>` or `/subscriptions/<guid>`), or a management
   * group (its name or `/providers/Microsoft.Management/managementGroups/<name>`). Must be at or below the
   * assignment's management group.
   */
  readonly scope: string;
  /** `Waiver`: accepted risk; `Mitigated`: the control is met another way. */
  readonly category: 'Waiver' | 'Mitigated';
  /** Why, in at least 20 characters; becomes the exemption's description. */
  readonly justification: string;
  /**
   * `YYYY-MM-DD` (the exemption holds through that day: it ends at 23:59:59 UTC, the same reading as
   * `suppressions[].expires`) or an RFC 3339 timestamp.
   */
  readonly expires: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SUBSCRIPTION_ID = /^\/subscriptions\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
const MG_ID = /^\/providers\/Microsoft\.Management\/managementGroups\/([A-Za-z0-9._()-]{1,90})$/i;
const MG_NAME = /^[A-Za-z0-9._()-]{1,90}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Minimum length of a justification (trimmed): long enough to say what and why. */
export const MIN_JUSTIFICATION_LENGTH = 20;

type ParsedScope = { kind: 'subscription'; id: string } | { kind: 'managementGroup'; id: string };

/** Classifies an exemption scope; undefined when it is neither a subscription nor a management group. */
export function parseExemptionScope(scope: string): ParsedScope | undefined {
  if (GUID.test(scope)) return { kind: 'subscription', id: `/subscriptions/${scope.toLowerCase()}` };
  const sub = SUBSCRIPTION_ID.exec(scope);
  if (sub) return { kind: 'subscription', id: `/subscriptions/${sub[1].toLowerCase()}` };
  if (MG_ID.test(scope) || MG_NAME.test(scope)) return { kind: 'managementGroup', id: managementGroupResourceId(scope) };
  return undefined;
}

function validDate(y: string, m: string, d: string): boolean {
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(m) - 1 && date.getUTCDate() === Number(d);
}

/** `expires` as RFC 3339 (`YYYY-MM-DDT23:59:59Z` for a date), or undefined when it is not a valid date. */
export function expiresOn(expires: string): string | undefined {
  const date = DATE.exec(expires);
  if (date) return validDate(date[1], date[2], date[3]) ? `${expires}T23:59:59Z` : undefined;
  const ts = RFC3339.exec(expires);
  if (ts && validDate(ts[1], ts[2], ts[3]) && Number(ts[4]) < 24 && Number(ts[5]) < 60 && Number(ts[6]) < 60) return expires;
  return undefined;
}

/**
 * Checks `policyExemptions` entries; returns every problem, each as `policyExemptions[i].<field>: <message>`.
 * `today` is `YYYY-MM-DD` (passed in so the check is deterministic). The rules match `suppressions`
 * (guardrails/evaluate.ts validateSuppressions): justification of at least 20 characters, an expiry that
 * is not in the past (one expiring today is still valid), plus a known assignment, a valid scope and
 * category, and no duplicate (assignment, scope) pair.
 */
export function validatePolicyExemptions(
  entries: readonly PolicyExemptionSpec[], knownAssignments: readonly string[], today: string,
): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  entries.forEach((e, i) => {
    const at = `policyExemptions[${i}]`;
    if (typeof e.assignment !== 'string' || !knownAssignments.includes(e.assignment)) {
      problems.push(`${at}.assignment: unknown assignment "${e.assignment}" (known: ${[...knownAssignments].sort().join(', ')})`);
    }
    const scope = typeof e.scope === 'string' ? parseExemptionScope(e.scope) : undefined;
    if (!scope) {
      problems.push(`${at}.scope: "${e.scope}" is neither a subscription ID (GUID or /subscriptions/<guid>) nor a management group (name or /providers/Microsoft.Management/managementGroups/<name>)`);
    }
    if (e.category !== 'Waiver' && e.category !== 'Mitigated') {
      problems.push(`${at}.category: must be Waiver or Mitigated, got "${e.category}"`);
    }
    if (typeof e.justification !== 'string' || e.justification.trim().length < MIN_JUSTIFICATION_LENGTH) {
      problems.push(`${at}.justification: must be at least ${MIN_JUSTIFICATION_LENGTH} characters`);
    }
    const on = typeof e.expires === 'string' ? expiresOn(e.expires) : undefined;
    if (!on) {
      problems.push(`${at}.expires: "${e.expires}" is not a date (YYYY-MM-DD or RFC 3339)`);
    } else if (on.slice(0, 10) < today) {
      problems.push(`${at}.expires: ${e.expires} is in the past`);
    }
    if (scope) {
      const key = `${e.assignment}|${scope.id.toLowerCase()}`;
      const first = seen.get(key);
      if (first !== undefined) problems.push(`${at}: duplicates policyExemptions[${first}] (same assignment and scope)`);
      else seen.set(key, i);
    }
  });
  return problems;
}

export interface PolicyExemptionsProps {
  /** The exemptions; validate them first with `validatePolicyExemptions` (the config layer does). */
  readonly exemptions: readonly PolicyExemptionSpec[];
  /** Assignment resource IDs by assignment name (`AiPolicyAssignments.assignmentIds`). */
  readonly assignmentIds: Readonly<Record<string, string>>;
}

/**
 * Policy exemptions from config: a management-group or subscription exemption per entry, with the
 * justification as description and a mandatory expiry, so every exception stays visible and ends.
 */
export class PolicyExemptions extends Construct {
  /** The exemptions, in input order. */
  public readonly exemptions: ReadonlyArray<AzurermManagementGroupPolicyExemption | AzurermSubscriptionPolicyExemption>;

  constructor(scope: Construct, id: string, props: PolicyExemptionsProps) {
    super(scope, id);
    this.exemptions = props.exemptions.map((e, i) => {
      const assignmentId = props.assignmentIds[e.assignment];
      if (!assignmentId) {
        throw new Error(`policyExemptions[${i}].assignment: unknown assignment "${e.assignment}" (known: ${Object.keys(props.assignmentIds).sort().join(', ')})`);
      }
      const target = parseExemptionScope(e.scope);
      if (!target) throw new Error(`policyExemptions[${i}].scope: "${e.scope}" is neither a subscription nor a management group`);
      const expires = expiresOn(e.expires);
      if (!expires) throw new Error(`policyExemptions[${i}].expires: "${e.expires}" is not a date (YYYY-MM-DD or RFC 3339)`);
      const common = {
        // Unique per scope because (assignment, scope) pairs are unique (validatePolicyExemptions).
        name: `exempt-${e.assignment}`,
        displayName: `ailz exemption from ${e.assignment} (${e.category})`,
        policyAssignmentId: assignmentId,
        exemptionCategory: e.category,
        description: e.justification.trim(),
        expiresOn: expires,
      };
      // Ids by position: exemptions are cheap to recreate, and config order is under the user's control.
      return target.kind === 'subscription'
        ? new AzurermSubscriptionPolicyExemption(this, `Exemption${i}`, { ...common, subscriptionId: target.id })
        : new AzurermManagementGroupPolicyExemption(this, `Exemption${i}`, { ...common, managementGroupId: target.id });
    });
  }
}
