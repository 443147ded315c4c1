import { Rule } from './types';
import { CMK_RULES, COGNITIVE_RULES } from './rules/cognitive';
import { MACHINE_LEARNING_RULES } from './rules/machine-learning';
import { KEY_VAULT_RULES } from './rules/key-vault';
import { STORAGE_RULES } from './rules/storage';
import { REGISTRY_RULES } from './rules/registry';
import { SEARCH_RULES } from './rules/search';
import { NETWORK_RULES } from './rules/network';
import { PRIVATE_ENDPOINT_RULES } from './rules/private-endpoint';
import { DIAGNOSTICS_RULES } from './rules/diagnostics';
import { IDENTITY_RULES } from './rules/identity';
import { MONITORING_RULES } from './rules/monitoring';
import { DEFENDER_RULES } from './rules/defender';
import { GOVERNANCE_RULES } from './rules/governance';
import { GOVERNANCE_PRESENCE_RULES } from './rules/governance-presence';
import { MONITORING_PRESENCE_RULES } from './rules/monitoring-presence';
import { PRODUCTION_RULES } from './rules/production';
import { PROVIDER_RULES } from './rules/provider';
import { MODEL_LIFECYCLE_RULES } from './rules/model-lifecycle';
import { APPLICATION_INSIGHTS_RULES } from './rules/application-insights';
import { API_MANAGEMENT_RULES } from './rules/api-management';
import { SENTINEL_RULES } from './rules/sentinel';
import { REMEDIATION_RULES } from './rules/remediation';
import { LOCK_RULES } from './rules/locks';
import { PIM_RULES } from './rules/pim';

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The rule catalog, sorted by id. */
export const RULES: readonly Rule[] = Object.freeze([
  ...COGNITIVE_RULES, ...CMK_RULES, ...MACHINE_LEARNING_RULES, ...KEY_VAULT_RULES, ...STORAGE_RULES, ...REGISTRY_RULES,
  ...SEARCH_RULES, ...NETWORK_RULES, ...PRIVATE_ENDPOINT_RULES, ...DIAGNOSTICS_RULES, ...IDENTITY_RULES,
  ...MONITORING_RULES, ...DEFENDER_RULES, ...GOVERNANCE_RULES, ...GOVERNANCE_PRESENCE_RULES, ...MONITORING_PRESENCE_RULES,
  ...PRODUCTION_RULES, ...PROVIDER_RULES, ...MODEL_LIFECYCLE_RULES, ...APPLICATION_INSIGHTS_RULES, ...API_MANAGEMENT_RULES, ...SENTINEL_RULES, ...REMEDIATION_RULES, ...LOCK_RULES, ...PIM_RULES,
].sort(byId));

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((r) => r.id));

if (RULE_IDS.size !== RULES.length) throw new Error('guardrails: duplicate rule id in the catalog');

/** A rule id that no longer exists: never reused for another meaning (suppressions naming it match nothing). */
export interface RetiredRule {
  readonly id: string;
  readonly title: string;
  /** Why it was retired, and when. */
  readonly retired: string;
  /** The rule that now covers the concern, if any. */
  readonly replacedBy?: string;
}

export const RETIRED_RULES: readonly RetiredRule[] = [
  {
    id: 'AILZ-PRD-005', title: 'Production Key Vault has a CanNotDelete lock',
    retired: '2026-11 (issue "Deployable", review F22): a lock also blocks deleting the role assignments and settings under the vault; production vaults are protected by a denyAction policy instead',
    replacedBy: 'AILZ-PRD-006',
  },
];

for (const r of RETIRED_RULES) {
  if (RULE_IDS.has(r.id)) throw new Error(`guardrails: retired rule id ${r.id} is in the catalog again; ids are never reused`);
}
