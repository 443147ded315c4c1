/**
 * The azurerm provider block itself: settings whose wrong value the provider accepts at plan time and
 * that fail or misbehave only in a real tenant (issue "Deployable", provider runtime behaviour).
 */
import { Rule, Violation } from '../types';
import { armSpelling } from '../../azure/resource-providers';
import { judge, show } from '../document';

export const PROVIDER_RULES: readonly Rule[] = [
  {
    id: 'AILZ-PRV-001', severity: 'error', area: 'governance',
    title: 'Resource providers to register are spelled exactly as Azure Resource Manager returns them',
    rationale: 'azurerm 4.55 looks each resource_providers_to_register entry up case-sensitively in the lists ARM returns and '
      + 'silently skips an entry it cannot find (internal/resourceproviders/requiring_registration.go). '
      + '"Microsoft.Insights" is returned as "microsoft.insights", so it is never registered and diagnostic settings and '
      + 'alerts in a new subscription fail with MissingSubscriptionRegistration.',
    remediation: 'spell each namespace as ARM returns it (e.g. "microsoft.insights")',
    references: { mcsb: ['LT-3'] },
    check(doc) {
      const out: Violation[] = [];
      for (const provider of doc.providers('azurerm')) {
        const alias = typeof provider.alias === 'string' ? `.${provider.alias}` : '';
        const j = judge(doc, provider.resource_providers_to_register);
        if (j.state !== 'literal' || !Array.isArray(j.value)) continue;
        for (const entry of j.value) {
          if (typeof entry !== 'string') continue;
          const arm = armSpelling(entry);
          if (arm !== undefined && arm !== entry) {
            out.push({ address: `provider.azurerm${alias}`, message: `resource_providers_to_register has ${show(entry)}; ARM spells it ${show(arm)}, so the provider would skip it` });
          }
        }
      }
      return out;
    },
  },
];
