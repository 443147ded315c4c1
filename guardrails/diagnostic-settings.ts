/**
 * Diagnostic settings as one view, whichever way a document writes them: `azurerm_monitor_diagnostic_setting`
 * (azurerm 4.55.0: `target_resource_id`, `log_analytics_workspace_id`, `enabled_log.{category, category_group}`,
 * `enabled_metric.category`, the deprecated `metric.{category, enabled}`) or `azapi_resource` of type
 * `Microsoft.Insights/diagnosticSettings` (ARM body `properties.{workspaceId, logs[], metrics[]}`,
 * parent_id = the monitored resource). The diagnostics rules judge the view, so a setting moved to azapi
 * (to write a disabled `audit` entry azurerm cannot express, review F15) is judged exactly like one in azurerm.
 *
 * azurerm sends `enabled: true` for every `enabled_log`/`enabled_metric` entry and nothing else
 * (v4.55.0 internal/services/monitor/monitor_diagnostic_setting_resource.go:629-667), so that is the ARM view.
 */
import { DocumentIndex, ResourceNode } from './types';
import { blocks, judge } from './document';
import { azapiOfType } from './azapi';
import { ArmObject } from './policy-condition';

export const DIAGNOSTIC_SETTING_TYPES = ['azurerm_monitor_diagnostic_setting', 'azapi_resource'] as const;

export interface DiagnosticLog { readonly category?: unknown; readonly categoryGroup?: unknown; readonly enabled: unknown }
export interface DiagnosticMetric { readonly category?: unknown; readonly enabled: unknown }

export interface DiagnosticSettingView {
  readonly node: ResourceNode;
  /** `azurerm` or `azapi`: where the values were read. */
  readonly form: 'azurerm' | 'azapi';
  /** The setting's name (raw). */
  readonly name: unknown;
  /** The monitored resource (raw `target_resource_id` or `parent_id`). */
  readonly target: unknown;
  /** The destination workspace (raw `log_analytics_workspace_id` or `properties.workspaceId`). */
  readonly workspace: unknown;
  /** Attribute path of the workspace, for messages. */
  readonly workspaceAttr: string;
  readonly logs: readonly DiagnosticLog[];
  readonly metrics: readonly DiagnosticMetric[];
  /** False when the azapi body is an expression: nothing in it can be judged. */
  readonly readable: boolean;
}

const views = new WeakMap<DocumentIndex, DiagnosticSettingView[]>();

/** Every diagnostic setting of the document (azurerm first, then azapi), each read once. */
export function diagnosticSettings(doc: DocumentIndex): readonly DiagnosticSettingView[] {
  let list = views.get(doc);
  if (list) return list;
  list = [];
  for (const node of doc.ofType('azurerm_monitor_diagnostic_setting')) {
    const a = node.attrs;
    const legacy = blocks(a, 'metric').map((m) => ({ category: m.category, enabled: m.enabled === undefined ? true : m.enabled }));
    list.push({
      node, form: 'azurerm', name: a.name, target: a.target_resource_id, workspace: a.log_analytics_workspace_id, workspaceAttr: 'log_analytics_workspace_id',
      logs: blocks(a, 'enabled_log').map((l) => ({ ...(l.category !== undefined ? { category: l.category } : {}), ...(l.category_group !== undefined ? { categoryGroup: l.category_group } : {}), enabled: true })),
      metrics: [...blocks(a, 'enabled_metric').map((m) => ({ category: m.category, enabled: true })), ...legacy],
      readable: true,
    });
  }
  for (const v of azapiOfType(doc, 'Microsoft.Insights/diagnosticSettings')) {
    const props = v.body?.properties;
    const p = props !== null && typeof props === 'object' && !Array.isArray(props) ? props as Record<string, any> : {};
    const arr = (x: unknown) => (Array.isArray(x) ? x.filter((e) => e !== null && typeof e === 'object') : []);
    list.push({
      node: v.node, form: 'azapi', name: v.node.attrs.name, target: v.node.attrs.parent_id, workspace: p.workspaceId, workspaceAttr: 'body.properties.workspaceId',
      logs: arr(p.logs).map((l) => ({ ...(l.category !== undefined ? { category: l.category } : {}), ...(l.categoryGroup !== undefined ? { categoryGroup: l.categoryGroup } : {}), enabled: l.enabled })),
      metrics: arr(p.metrics).map((m) => ({ category: m.category, enabled: m.enabled })),
      readable: v.body !== undefined,
    });
  }
  views.set(doc, list);
  return list;
}

/** Literal where the document resolves it, else the raw value (an expression stays an expression: unknown to the policy evaluator). */
function literal(doc: DocumentIndex, raw: unknown): unknown {
  const j = judge(doc, raw);
  return j.state === 'literal' ? j.value : j.state === 'missing' ? undefined : raw;
}

/** The setting as Azure Policy sees the related `Microsoft.Insights/diagnosticSettings` resource. */
export function diagnosticSettingArm(doc: DocumentIndex, view: DiagnosticSettingView): ArmObject {
  return {
    type: 'Microsoft.Insights/diagnosticSettings',
    name: literal(doc, view.name),
    properties: {
      workspaceId: literal(doc, view.workspace),
      logs: view.logs.map((l) => ({
        ...(l.category !== undefined ? { category: literal(doc, l.category) } : {}),
        ...(l.categoryGroup !== undefined ? { categoryGroup: literal(doc, l.categoryGroup) } : {}),
        enabled: literal(doc, l.enabled),
      })),
      metrics: view.metrics.map((m) => ({ category: literal(doc, m.category), enabled: literal(doc, m.enabled) })),
    },
  };
}
