/**
 * Application Insights. Attribute names: azurerm 4.55.0 lib/application-insights
 * (local_authentication_disabled default false, internet_ingestion_enabled / internet_query_enabled
 * default true: internal/services/applicationinsights/application_insights_resource.go:149-165); ARM names
 * for components written through azapi (`Microsoft.Insights/components`: DisableLocalAuth,
 * publicNetworkAccessForIngestion, publicNetworkAccessForQuery).
 */
import { DocumentIndex, DocumentSet, ResourceNode, Rule, Violation } from '../types';
import { judge, parseRef, show } from '../document';
import { attributeRule, isTrue } from './helpers';
import { alsoArm, checkArm } from './arm';
import { bodyValue } from '../azapi';

const APPI = ['azurerm_application_insights'] as const;
const APPI_ARM = 'Microsoft.Insights/components';

/** Whether an Azure Monitor Private Link Scope in any document of the run links this component. */
function linkedToPrivateLinkScope(doc: DocumentIndex, set: DocumentSet, node: ResourceNode): boolean {
  const name = judge(doc, node.attrs.name);
  return set.docs.some((d) => d.ofType('azurerm_monitor_private_link_scoped_service').some((s) => {
    const raw = s.attrs.linked_resource_id;
    if (d === doc && parseRef(raw)?.address === node.address) return true;
    // Across stacks the component is named by its literal ID.
    return name.state === 'literal' && typeof raw === 'string' && raw.toLowerCase().endsWith(`/providers/microsoft.insights/components/${String(name.value).toLowerCase()}`);
  }));
}

export const APPLICATION_INSIGHTS_RULES: readonly Rule[] = [
  alsoArm(attributeRule({
    id: 'AILZ-APPI-001', severity: 'error', area: 'identity', resourceTypes: APPI,
    title: 'Application Insights accepts telemetry only with Entra ID (local authentication disabled)',
    rationale: 'The instrumentation key in a connection string lets anyone who has it write (and poison) telemetry; with local authentication disabled only identities holding Monitoring Metrics Publisher can send. It is the control that makes public ingestion acceptable.',
    remediation: 'set local_authentication_disabled = true (ARM: properties.DisableLocalAuth = true)',
    path: 'local_authentication_disabled', secure: isTrue, expected: 'true', defaultValue: false,
    references: { mcsb: ['IM-1'] },
  }), APPI_ARM, (doc, v) => checkArm(doc, v, { path: 'properties.DisableLocalAuth', secure: isTrue, expected: 'true', defaultValue: false })),
  {
    id: 'AILZ-APPI-002', severity: 'error', area: 'monitoring',
    title: 'Application Insights closed to public ingestion or query is linked to an Azure Monitor Private Link Scope',
    rationale: 'With public ingestion or query disabled, a component receives and serves data only through an Azure Monitor Private Link Scope (AMPLS); without one, ML jobs and endpoints send telemetry that is dropped and nobody can query it (review F18).',
    remediation: 'link the component to an AMPLS (azurerm_monitor_private_link_scoped_service, with the privatelink.monitor/oms/ods/agentsvc zones), or keep public ingestion and query on with local authentication disabled (AILZ-APPI-001)',
    references: { mcsb: ['LT-1'] },
    check(doc: DocumentIndex, set: DocumentSet) {
      const out: Violation[] = [];
      for (const node of doc.ofType(APPI[0])) {
        const closed: string[] = [];
        for (const attr of ['internet_ingestion_enabled', 'internet_query_enabled']) {
          const j = judge(doc, node.attrs[attr]);
          if (j.state === 'unresolved') out.push({ address: node.address, severity: 'warning', message: `${attr} cannot be verified: value is ${show(j.text)}` });
          else if (j.state === 'literal' && j.value === false) closed.push(attr);
        }
        if (closed.length && !linkedToPrivateLinkScope(doc, set, node)) {
          out.push({ address: node.address, message: `${closed.join(' and ')} false, and no Azure Monitor Private Link Scope in this run links the component: telemetry cannot arrive or be read` });
        }
      }
      for (const node of doc.ofType('azapi_resource')) {
        const type = judge(doc, node.attrs.type);
        if (type.state !== 'literal' || !String(type.value).toLowerCase().startsWith(APPI_ARM.toLowerCase() + '@')) continue;
        const view = { node, armType: APPI_ARM, apiVersion: '', body: node.attrs.body, update: false };
        const closed = ['publicNetworkAccessForIngestion', 'publicNetworkAccessForQuery']
          .filter((p) => { const j = judge(doc, bodyValue(view, `properties.${p}`)); return j.state === 'literal' && String(j.value).toLowerCase() === 'disabled'; });
        if (closed.length && !linkedToPrivateLinkScope(doc, set, node)) {
          out.push({ address: node.address, message: `${closed.join(' and ')} Disabled, and no Azure Monitor Private Link Scope in this run links the component` });
        }
      }
      return out;
    },
  },
];
