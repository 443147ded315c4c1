/** Defender for Cloud plans. Attribute names: azurerm 4.55.0 lib/security-center-subscription-pricing (tier, resource_type). */
import { Rule } from '../types';
import { attributeRule } from './helpers';

export const DEFENDER_RULES: readonly Rule[] = [
  attributeRule({
    id: 'AILZ-DEF-001', severity: 'error', area: 'monitoring', resourceTypes: ['azurerm_security_center_subscription_pricing'],
    title: 'Defender for Cloud plans are on the Standard tier',
    rationale: 'The Free tier has no threat detection: no alerts for jailbreak attempts, credential theft or anomalous data access.',
    remediation: 'set tier = "Standard"',
    path: 'tier', secure: (v) => v === 'Standard', expected: '"Standard"',
    references: { mcsb: ['LT-1'] },
  }),
];
