/**
 * What the landing zone declares, from `--config` and/or `--against` (a synth output): the AI
 * management groups, the workload subscriptions (by ID, or by the alias/display name of a vended one)
 * and their environments. The live checks use it to tell shadow AI from landing-zone AI and production
 * from experimentation.
 */
import type { LandingZoneConfig } from '../config/load';
import type { TerraformDocument } from '../guardrails/types';

export interface LandingZoneView {
  prefix: string;
  /** Lower-case management group names: `<prefix>-ai`, `-ai-production`, `-ai-experimentation`. */
  aiGroups: { ai: string; production: string; experimentation: string };
  /** Declared workload subscriptions by lower-case GUID, with their environment. */
  subscriptions: Map<string, 'production' | 'experimentation'>;
  /** Vended subscriptions by lower-case alias / display name. */
  subscriptionNames: Map<string, 'production' | 'experimentation'>;
  platformSubscription?: string;
}

export function landingZoneFromConfig(config: LandingZoneConfig): LandingZoneView {
  const prefix = config.organization.prefix;
  const view: LandingZoneView = {
    prefix,
    aiGroups: { ai: `${prefix}-ai`, production: `${prefix}-ai-production`, experimentation: `${prefix}-ai-experimentation` },
    subscriptions: new Map(),
    subscriptionNames: new Map(),
    platformSubscription: config.platform.subscriptionId?.toLowerCase(),
  };
  for (const w of config.workloads) {
    if (w.subscriptionId) view.subscriptions.set(w.subscriptionId.toLowerCase(), w.environment);
    // stacks/governance-stack.ts names a vended subscription (alias and display name) `sub-<prefix>-<workload>`.
    else view.subscriptionNames.set(`sub-${prefix}-${w.name}`.toLowerCase(), w.environment);
  }
  return view;
}

/**
 * Adds what a synth output declares: the workload stacks' literal subscription IDs (provider blocks)
 * and the vended subscriptions' aliases (`azurerm_subscription`). Environments come from the
 * resources' `tags.environment`.
 */
export function mergeSynthOutput(view: LandingZoneView | undefined, docs: readonly TerraformDocument[]): LandingZoneView {
  const out: LandingZoneView = view ?? { prefix: '', aiGroups: { ai: '', production: '', experimentation: '' }, subscriptions: new Map(), subscriptionNames: new Map() };
  for (const d of docs) {
    const resources = d.json?.resource ?? {};
    const envTag = firstEnvironment(resources);
    if (d.stack.startsWith('workload-')) {
      const providers = ([] as any[]).concat(d.json?.provider?.azurerm ?? []);
      for (const p of providers) {
        const s = typeof p?.subscription_id === 'string' ? p.subscription_id.trim().toLowerCase() : '';
        if (/^[0-9a-f-]{36}$/.test(s) && !p.alias) out.subscriptions.set(s, envTag ?? out.subscriptions.get(s) ?? 'experimentation');
      }
    }
    for (const sub of Object.values<any>(resources.azurerm_subscription ?? {})) {
      const env = sub.workload === 'Production' ? 'production' : 'experimentation';
      for (const n of [sub.alias, sub.subscription_name]) if (typeof n === 'string') out.subscriptionNames.set(n.toLowerCase(), env);
    }
    for (const mg of Object.values<any>(resources.azurerm_management_group ?? {})) {
      const name = typeof mg.name === 'string' ? mg.name : '';
      const m = /^(.+)-ai$/.exec(name);
      if (m && !out.prefix) {
        out.prefix = m[1];
        out.aiGroups = { ai: name, production: `${name}-production`, experimentation: `${name}-experimentation` };
      }
    }
  }
  return out;
}

function firstEnvironment(resources: Record<string, Record<string, any>>): 'production' | 'experimentation' | undefined {
  for (const byName of Object.values(resources)) {
    for (const r of Object.values(byName)) {
      const e = r?.tags?.environment;
      if (e === 'production' || e === 'experimentation') return e;
    }
  }
  return undefined;
}
