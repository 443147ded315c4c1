/**
 * Terraform plans (`terraform show -json <planfile>`, format 1.x) as ARM-view input: each managed resource's
 * planned `after` values, with `after_unknown` values as UNKNOWN. Where a value is unknown but the configuration
 * says which resource it references (`configuration...expressions.<attr>.references`), the reference is kept as
 * `${<address>.<attr>}` so the ARM view can still link it (a diagnostic setting to its target, an exemption to its
 * assignment), exactly as for synth output.
 */
import { UNKNOWN } from './resource';
import { TfResource, TfStack } from './terraform';

function markUnknown(after: any, unknown: any): any {
  if (unknown === true) return UNKNOWN;
  if (Array.isArray(after)) return after.map((v, i) => markUnknown(v, Array.isArray(unknown) ? unknown[i] : undefined));
  if (after && typeof after === 'object') {
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries(after)) out[k] = markUnknown(v, unknown && typeof unknown === 'object' ? unknown[k] : undefined);
    // Keys only in after_unknown are unknown values.
    if (unknown && typeof unknown === 'object' && !Array.isArray(unknown)) {
      for (const [k, u] of Object.entries(unknown)) if (!(k in out) && u === true) out[k] = UNKNOWN;
    }
    return out;
  }
  if (after === undefined && unknown && typeof unknown === 'object') return UNKNOWN;
  return after;
}

function configResources(plan: any): Map<string, any> {
  const m = new Map<string, any>();
  for (const r of plan?.configuration?.root_module?.resources ?? []) m.set(r.address, r);
  return m;
}

/** The first resource reference of a configuration expression (`azurerm_key_vault.kv.id`). */
function referenceOf(expr: any): string | undefined {
  const refs: string[] = expr?.references ?? [];
  return refs.find((x) => /^[a-z0-9_]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_]/.test(x) && !x.startsWith('var.') && !x.startsWith('local.'));
}

/**
 * A stack from a plan: root-module managed resources that will exist after apply (creates, updates, no-ops).
 *
 * A plan says which resources an unknown value references, not how: `${azurerm_storage_account.x.id}/blobServices/default`
 * and `${azurerm_storage_account.x.id}` both show as the reference `azurerm_storage_account.x.id`. Pass the stack's
 * Terraform JSON (`cdk.tf.json`) as `source` and unknown values take its exact expression; without it, an unknown value
 * becomes its first reference, which is exact for plain references and drops any literal suffix.
 */
export function stackFromPlan(stack: string, plan: any, source?: any): TfStack {
  const cfg = configResources(plan);
  const resources: TfResource[] = [];
  for (const rc of plan?.resource_changes ?? []) {
    if (rc.mode !== 'managed' || rc.module_address) continue;
    const actions: string[] = rc.change?.actions ?? [];
    if (actions.length === 1 && actions[0] === 'delete') continue;
    const attrs = markUnknown(rc.change?.after ?? {}, rc.change?.after_unknown ?? {});
    const exprs = cfg.get(rc.address)?.expressions ?? {};
    const written = source?.resource?.[rc.type]?.[rc.name];
    for (const [k, v] of Object.entries<any>(attrs)) {
      if (v !== UNKNOWN) continue;
      if (typeof written?.[k] === 'string' && written[k].includes('${')) {
        attrs[k] = written[k];
        continue;
      }
      const ref = referenceOf(exprs[k]);
      if (ref) attrs[k] = `\${${ref}}`;
    }
    resources.push({ stack, type: rc.type, name: rc.name, address: rc.address, attrs });
  }
  resources.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const provider = (() => {
    const p = plan?.configuration?.provider_config?.azurerm?.expressions;
    if (!p) return undefined;
    const out: Record<string, any> = {};
    for (const [k, v] of Object.entries<any>(p)) {
      if (v && typeof v === 'object' && 'constant_value' in v) out[k] = v.constant_value;
      else if (v?.references?.[0]) out[k] = `\${${v.references[0]}}`;
    }
    return out;
  })();
  const variables: Record<string, unknown> = {};
  for (const [k, v] of Object.entries<any>(plan?.variables ?? {})) variables[k] = v?.value;
  const outputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries<any>(plan?.configuration?.root_module?.outputs ?? {})) {
    const e = v?.expression;
    outputs[k] = e && 'constant_value' in e ? e.constant_value : e?.references?.[0] ? `\${${e.references[0]}}` : undefined;
  }
  // Data sources: the arguments written in the configuration, overlaid with the values the plan read.
  const dataSources = new Map<string, Record<string, any>>();
  for (const c of plan?.configuration?.root_module?.resources ?? []) {
    if (c?.mode !== 'data') continue;
    const attrs: Record<string, any> = {};
    for (const [k, v] of Object.entries<any>(c.expressions ?? {})) if (v && typeof v === 'object' && 'constant_value' in v) attrs[k] = v.constant_value;
    dataSources.set(c.address, attrs);
  }
  for (const r of plan?.prior_state?.values?.root_module?.resources ?? []) {
    if (r?.mode === 'data' && r.values) dataSources.set(r.address, { ...dataSources.get(r.address), ...r.values });
  }
  return { name: stack, resources, byAddress: new Map(resources.map((r) => [r.address, r])), provider, variables, outputs, dataSources };
}
