/** Log Analytics workspaces. Attribute names: azurerm 4.55.0 lib/log-analytics-workspace (local_authentication_enabled, deprecated local_authentication_disabled, retention_in_days). */
import { Rule } from '../types';
import { checkValue, resourceRule, attributeRule } from './helpers';

const LAW = ['azurerm_log_analytics_workspace'] as const;

export const MONITORING_RULES: readonly Rule[] = [
  resourceRule({
    id: 'AILZ-LOG-001', severity: 'error', area: 'monitoring', resourceTypes: LAW,
    title: 'Log Analytics workspace disables local (shared key) authentication',
    rationale: 'Workspace keys let anyone holding them ingest forged logs or read data without Entra ID; the audit trail must be trustworthy.',
    remediation: 'set local_authentication_enabled = false (deprecated form: local_authentication_disabled = true)',
    references: { azurePolicy: ['e15effd4-2278-4c65-a0da-4d6f6d1890e2'], mcsb: ['IM-1', 'LT-5'] },
  }, (doc, node) => {
    // azurerm 4.55 carries both; the deprecated one has the opposite polarity. Judge whichever is set.
    if (node.attrs.local_authentication_enabled === undefined && node.attrs.local_authentication_disabled !== undefined) {
      return checkValue(doc, node, { path: 'local_authentication_disabled', secure: (v) => v === true, expected: 'true' });
    }
    return checkValue(doc, node, { path: 'local_authentication_enabled', secure: (v) => v === false, expected: 'false', defaultValue: true });
  }),
  attributeRule({
    id: 'AILZ-LOG-002', severity: 'warning', area: 'monitoring', resourceTypes: LAW,
    title: 'Log Analytics workspace retains data for at least 90 days',
    rationale: 'Investigations of slow model abuse or data poisoning look back months; Sentinel includes 90 days of retention.',
    remediation: 'set retention_in_days to 90 or more',
    path: 'retention_in_days', secure: (v) => Number(v) >= 90, expected: '>= 90', defaultValue: 30,
    references: { mcsb: ['LT-6'] },
  }),
];
