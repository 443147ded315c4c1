/**
 * Azure Policy assignments and exemptions. Attribute names: azurerm 4.55.0
 * lib/{management-group,subscription,resource-group,resource}-policy-assignment (enforce),
 * lib/{management-group,subscription,resource-group,resource}-policy-exemption (expires_on).
 */
import { Rule } from '../types';
import { attributeRule, isTrue, nonEmptyString } from './helpers';

const SCOPES = ['management_group', 'subscription', 'resource_group', 'resource'];

export const GOVERNANCE_RULES: readonly Rule[] = [
  attributeRule({
    id: 'AILZ-GOV-001', severity: 'error', area: 'governance', resourceTypes: SCOPES.map((s) => `azurerm_${s}_policy_assignment`),
    title: 'Policy assignments are enforced (not DoNotEnforce)',
    rationale: 'A DoNotEnforce assignment only reports; the peer landing zones ship their AI guardrails this way and nothing is prevented.',
    remediation: 'remove enforce or set enforce = true; exempt specific scopes with a justified, expiring exemption instead',
    path: 'enforce', secure: isTrue, expected: 'true', defaultValue: true,
    references: { mcsb: ['GS-1'] },
  }),
  attributeRule({
    id: 'AILZ-GOV-002', severity: 'error', area: 'governance', resourceTypes: SCOPES.map((s) => `azurerm_${s}_policy_exemption`),
    title: 'Policy exemptions expire',
    rationale: 'A permanent exemption is a silently removed guardrail; every waiver is reviewed at its expiry.',
    remediation: 'set expires_on (RFC 3339) on the exemption',
    path: 'expires_on', secure: nonEmptyString, expected: 'an expiry date',
    references: { mcsb: ['GS-1'] },
  }),
];
