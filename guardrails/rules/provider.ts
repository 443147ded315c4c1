/**
 * The azurerm provider block itself: settings whose wrong value the provider accepts at plan time and
 * that fail or misbehave only in a real tenant (issue "Deployable", provider runtime behaviour).
 */
import { DocumentIndex, ResourceNode, Rule, RuleMeta, Violation } from '../types';
import { armSpelling } from '../../azure/resource-providers';
import { AzurermFeatureFact, azurermFeatureFact } from '../../azure/azurerm-features';
import { block, judge, show } from '../document';

/**
 * The azurerm provider block that manages `node`: its `provider` meta-argument (`azurerm.<alias>`), or
 * the default (unaliased) block. Undefined when the document has no such block (e.g. providers
 * configured in another file).
 */
export function azurermProviderOf(doc: DocumentIndex, node: ResourceNode): { label: string; body?: Record<string, any> } {
  const meta = node.attrs.provider;
  const alias = typeof meta === 'string' ? /^(?:\$\{)?azurerm\.([A-Za-z0-9_-]+)\}?$/.exec(meta)?.[1] : undefined;
  const body = doc.providers('azurerm').find((p) => (alias === undefined ? p.alias === undefined : p.alias === alias));
  return { label: alias === undefined ? 'provider.azurerm' : `provider.azurerm.${alias}`, body };
}

/**
 * A rule requiring one `features` setting on every azurerm provider that manages a resource of the
 * fact's types (`mustBeFor`): the provider accepts any value at plan time, the tenant does not.
 */
function featureRule(meta: RuleMeta, fact: AzurermFeatureFact): Rule {
  const types = fact.mustBeFor ?? [];
  const path = `features.${fact.block}.${fact.setting}`;
  return {
    ...meta,
    check(doc) {
      const out: Violation[] = [];
      const judged = new Map<string, Violation | null>();
      for (const type of types) {
        for (const node of doc.ofType(type)) {
          const { label, body } = azurermProviderOf(doc, node);
          if (!judged.has(label)) {
            let v: Violation | null = null;
            if (!body) {
              v = { address: label, severity: 'warning', message: `${node.address} uses ${label}, which this document does not configure; ${path} cannot be verified (expected ${fact.ailzValue})` };
            } else {
              const raw = block(block(body, 'features'), fact.block)?.[fact.setting];
              const j = judge(doc, raw);
              if (j.state === 'unresolved') v = { address: label, severity: 'warning', message: `${path} cannot be verified: value is ${show(j.text)}; expected ${fact.ailzValue}` };
              else if (j.state === 'missing') v = { address: label, message: `${path} is not set (provider default ${fact.providerDefault}) on the provider that manages ${node.address}; expected ${fact.ailzValue}` };
              else if (j.value !== fact.ailzValue) v = { address: label, message: `${path} is ${show(j.value)} on the provider that manages ${node.address}; expected ${fact.ailzValue}` };
            }
            judged.set(label, v);
            if (v) out.push(v);
          }
        }
      }
      return out;
    },
  };
}

const DATA_PLANE = azurermFeatureFact('storage', 'data_plane_available');
const NO_CANCEL = azurermFeatureFact('subscription', 'prevent_cancellation_on_destroy');

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
  featureRule({
    id: 'AILZ-PRV-002', severity: 'error', area: 'data',
    title: 'The provider managing storage accounts does not poll their data plane (features.storage.data_plane_available = false)',
    rationale: 'With the azurerm 4.55 default, creating a storage account waits until its blob, queue, file and static-website '
      + 'endpoints answer, and any HTTP answer but 404 (a firewall or disabled public access answers 403) fails the create; every '
      + 'refresh reads queue and static-website properties over the data plane too. A private or firewalled account therefore '
      + 'fails its first apply and every later plan run from outside its network (review F2; '
      + `${DATA_PLANE.source}).`,
    remediation: 'set features { storage { data_plane_available = false } } on every azurerm provider (aliases included) that manages '
      + 'a storage account, and do not use queue_properties or static_website on those accounts',
    references: { mcsb: ['NS-2'] },
  }, DATA_PLANE),
  featureRule({
    id: 'AILZ-PRV-003', severity: 'error', area: 'governance',
    title: 'The provider managing subscriptions never cancels one on destroy (features.subscription.prevent_cancellation_on_destroy = true)',
    rationale: 'With the azurerm 4.55 default, destroying an azurerm_subscription deletes its alias and then cancels the subscription '
      + 'with everything in it. lifecycle.prevent_destroy does not help when the resource block itself disappears, e.g. because '
      + `its workload was removed from the configuration (review F20; ${NO_CANCEL.source}).`,
    remediation: 'set features { subscription { prevent_cancellation_on_destroy = true } } on the provider that manages azurerm_subscription, '
      + 'and release a decommissioned subscription with a removed { lifecycle { destroy = false } } block',
    references: { mcsb: ['GS-1'] },
  }, NO_CANCEL),
];
