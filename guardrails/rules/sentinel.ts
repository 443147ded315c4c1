/**
 * Microsoft Sentinel analytics rules as the service accepts them (azure/sentinel.ts). Attribute names:
 * azurerm 4.55.0 lib/sentinel-alert-rule-scheduled and lib/sentinel-alert-rule-nrt (`techniques`, a set of
 * strings); `azapi_resource` of type `Microsoft.SecurityInsights/alertRules` (`body.properties.techniques`,
 * `body.properties.subTechniques`).
 */
import { Rule, Violation } from '../types';
import { judge, show } from '../document';
import { azapiOfType, bodyValue } from '../azapi';
import { SENTINEL_SUB_TECHNIQUE_API_VERSIONS, SENTINEL_SUB_TECHNIQUE_ID, SENTINEL_TECHNIQUE_ID } from '../../azure/sentinel';

const AZURERM_RULES = ['azurerm_sentinel_alert_rule_scheduled', 'azurerm_sentinel_alert_rule_nrt'] as const;

/** Judges each element of a list of technique ids against `pattern`; unresolved values are warnings. */
function judgeIds(doc: Parameters<Rule['check']>[0], address: string, attr: string, raw: unknown, pattern: RegExp, expected: string): Violation[] {
  const list = judge(doc, raw);
  if (list.state === 'missing') return [];
  if (list.state === 'unresolved') return [{ address, severity: 'warning', message: `${attr} cannot be verified: value is ${show(list.text)}` }];
  if (!Array.isArray(list.value)) return [{ address, message: `${attr} is ${show(list.value)}; expected a list of ${expected} ids` }];
  const out: Violation[] = [];
  for (const item of list.value) {
    const j = judge(doc, item);
    if (j.state === 'unresolved') out.push({ address, severity: 'warning', message: `${attr} element cannot be verified: value is ${show(j.text)}` });
    else if (j.state === 'missing' || typeof j.value !== 'string' || !pattern.test(j.value)) {
      out.push({ address, message: `${attr} contains ${show(j.state === 'missing' ? null : j.value)}; Sentinel accepts only ${expected} ids here (a sub-technique such as T1078.004 is rejected: "The expected format is 'T####'")` });
    }
  }
  return out;
}

export const SENTINEL_RULES: readonly Rule[] = [
  {
    id: 'AILZ-MON-004', severity: 'error', area: 'monitoring',
    title: 'Sentinel analytics rules list MITRE ATT&CK parent techniques (T####) in techniques',
    rationale: 'The Sentinel alert-rule API rejects a sub-technique (T1078.004) in techniques with "The expected format is \'T####\'", so the rule fails at apply; azurerm 4.55 passes the list through unchecked.',
    remediation: 'keep only parent ids (T1078) in techniques; put sub-techniques in the rule description, or in properties.subTechniques of an azapi Microsoft.SecurityInsights/alertRules resource on an API version that has it',
    references: { mcsb: ['LT-1'] },
    check(doc) {
      const out: Violation[] = [];
      for (const type of AZURERM_RULES) {
        for (const node of doc.ofType(type)) out.push(...judgeIds(doc, node.address, 'techniques', node.attrs.techniques, SENTINEL_TECHNIQUE_ID, 'T####'));
      }
      for (const view of azapiOfType(doc, 'Microsoft.SecurityInsights/alertRules')) {
        const address = view.node.address;
        if (!view.body) {
          out.push({ address, severity: 'warning', message: 'body cannot be verified: it is an expression' });
          continue;
        }
        out.push(...judgeIds(doc, address, 'body.properties.techniques', bodyValue(view, 'properties.techniques'), SENTINEL_TECHNIQUE_ID, 'T####'));
        const subs = bodyValue(view, 'properties.subTechniques');
        if (subs === undefined) continue;
        if (!SENTINEL_SUB_TECHNIQUE_API_VERSIONS.includes(view.apiVersion)) {
          out.push({ address, message: `body.properties.subTechniques is set but API version ${view.apiVersion} has no subTechniques (only ${SENTINEL_SUB_TECHNIQUE_API_VERSIONS.join(', ')})` });
        }
        out.push(...judgeIds(doc, address, 'body.properties.subTechniques', subs, SENTINEL_SUB_TECHNIQUE_ID, 'T####.###'));
      }
      return out;
    },
  },
];
