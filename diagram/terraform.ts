/**
 * Terraform JSON as the diagram reads it: every resource with its ARM type, whether azurerm or azapi
 * wrote it, and references followed across stacks. Documents are indexed by the guardrails' loader
 * (guardrails/document.ts), so the diagram reads what the guardrails read: synth outputs of older and
 * newer ailz versions, and any tool's `*.tf.json`.
 *
 * A reference is followed when it is a Terraform reference to a resource of the same document
 * (`${azurerm_key_vault.kv.id}`), or an ARM resource ID whose type and last name are literal even if
 * its subscription or resource group is not (`/subscriptions/${var.x}/resourceGroups/rg/providers/
 * Microsoft.Network/virtualNetworks/vnet-hub`): the ID names the resource, and ailz's names are unique
 * within a landing zone. A stack refers to another stack's resources only by ID.
 */
import { parseAzapiType } from '../azure/arm-types';
import { indexDocument, judge, parseRef } from '../guardrails/document';
import { AZAPI_RESOURCE_TYPES } from '../guardrails/azapi';
import type { DocumentIndex, StackKind, TerraformDocument } from '../guardrails/types';

/**
 * azurerm resource (and data source) types the diagram reads, with the ARM type each one manages
 * (the provider's resource documentation at v4.55.0 names the ARM resource in each ID format).
 */
const AZURERM_ARM_TYPES: Readonly<Record<string, string>> = {
  azurerm_cognitive_account: 'Microsoft.CognitiveServices/accounts',
  azurerm_ai_services: 'Microsoft.CognitiveServices/accounts',
  azurerm_key_vault: 'Microsoft.KeyVault/vaults',
  azurerm_storage_account: 'Microsoft.Storage/storageAccounts',
  azurerm_container_registry: 'Microsoft.ContainerRegistry/registries',
  azurerm_machine_learning_workspace: 'Microsoft.MachineLearningServices/workspaces',
  azurerm_search_service: 'Microsoft.Search/searchServices',
  azurerm_virtual_network: 'Microsoft.Network/virtualNetworks',
  azurerm_subnet: 'Microsoft.Network/virtualNetworks/subnets',
  azurerm_virtual_network_peering: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
  azurerm_private_endpoint: 'Microsoft.Network/privateEndpoints',
  azurerm_private_dns_zone: 'Microsoft.Network/privateDnsZones',
  azurerm_private_dns_zone_virtual_network_link: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
  azurerm_network_watcher_flow_log: 'Microsoft.Network/networkWatchers/flowLogs',
  azurerm_log_analytics_workspace: 'Microsoft.OperationalInsights/workspaces',
  azurerm_sentinel_log_analytics_workspace_onboarding: 'Microsoft.SecurityInsights/onboardingStates',
  azurerm_monitor_diagnostic_setting: 'Microsoft.Insights/diagnosticSettings',
  azurerm_security_center_automation: 'Microsoft.Security/automations',
  azurerm_management_group: 'Microsoft.Management/managementGroups',
  azurerm_management_group_subscription_association: 'Microsoft.Management/managementGroups/subscriptions',
  azurerm_subscription: 'Microsoft.Subscription/aliases',
  azurerm_resource_group: 'Microsoft.Resources/resourceGroups',
};

/** Every `azurerm_sentinel_alert_rule_*` type is an analytics rule. */
const SENTINEL_RULE_PREFIX = 'azurerm_sentinel_alert_rule_';

export interface Res {
  readonly stack: string;
  readonly stackKind: StackKind;
  readonly doc: DocumentIndex;
  readonly address: string;
  /** Terraform type (`azurerm_key_vault`, `azapi_resource`, ...). */
  readonly type: string;
  /** ARM type as written, when the diagram knows it. */
  readonly armType?: string;
  /** Literal name, when it has one. */
  readonly name?: string;
  readonly attrs: Record<string, any>;
  /** The ARM request body of an azapi resource (absent when it is an expression). */
  readonly body?: Record<string, any>;
  readonly azapi: boolean;
  /** `<stack>/<address>`: how findings and changes name a resource. */
  readonly source: string;
}

/** What a value points at: a resource of the input, or an ARM resource known only by its ID. */
export interface Target {
  readonly res?: Res;
  readonly armType?: string;
  readonly name?: string;
  /** The value names a subscription (`/subscriptions/<id>`): the id when literal. */
  readonly subscription?: string | true;
  /** Literal text after a Terraform reference (`/blobServices/default`). */
  readonly suffix?: string;
}

const isObj = (v: unknown): v is Record<string, any> => v !== null && typeof v === 'object' && !Array.isArray(v);

const key = (armType: string, name: string) => `${armType.toLowerCase()}|${name.toLowerCase()}`;

/** Splits an ARM resource ID into its type and last name; undefined unless both are literal. */
export function parseArmId(value: string): { armType: string; name: string } | undefined {
  const lower = value.toLowerCase();
  const at = lower.lastIndexOf('/providers/');
  if (at < 0) return undefined;
  const rest = value.slice(at + '/providers/'.length);
  if (rest.includes('${')) return undefined;
  const parts = rest.split('/').filter((p) => p !== '');
  if (parts.length < 3 || parts.length % 2 === 0) return undefined;
  const types = [parts[0]];
  for (let i = 1; i < parts.length; i += 2) types.push(parts[i]);
  return { armType: types.join('/'), name: parts[parts.length - 1] };
}

const SUBSCRIPTION_ID = /^\/subscriptions\/([^/]+)\/?$/i;

/** The resources of a set of documents, indexed for the diagram. */
export class TerraformModel {
  readonly resources: readonly Res[];
  readonly docs: readonly DocumentIndex[];
  private readonly byAddress = new Map<string, Res>();
  private readonly byArm = new Map<string, Res[]>();
  private readonly byStack = new Map<string, Res[]>();
  private readonly byArmType = new Map<string, Res[]>();
  private readonly byStackArmType = new Map<string, Res[]>();

  constructor(documents: readonly TerraformDocument[]) {
    this.docs = [...documents].sort((a, b) => (a.stack < b.stack ? -1 : a.stack > b.stack ? 1 : 0)).map(indexDocument);
    const all: Res[] = [];
    for (const doc of this.docs) {
      for (const node of doc.resources()) {
        const r = this.normalize(doc, node.type, node.address, node.attrs);
        all.push(r);
        push(this.byStack, doc.stack, r);
        if (r.armType && r.type !== 'azapi_update_resource') {
          push(this.byArmType, r.armType.toLowerCase(), r);
          push(this.byStackArmType, `${doc.stack}\0${r.armType.toLowerCase()}`, r);
        }
        this.byAddress.set(`${doc.stack}\0${r.address}`, r);
        if (r.armType && r.name) {
          const k = key(r.armType, r.name);
          const list = this.byArm.get(k);
          if (list) list.push(r);
          else this.byArm.set(k, [r]);
        }
      }
    }
    this.resources = all;
  }

  private normalize(doc: DocumentIndex, type: string, address: string, rawAttrs: unknown): Res {
    const attrs = isObj(rawAttrs) ? rawAttrs : {};
    const name = literalString(doc, attrs.name);
    const base = { stack: doc.stack, stackKind: doc.kind, doc, address, type, attrs, source: `${doc.stack}/${address}` };
    if ((AZAPI_RESOURCE_TYPES as readonly string[]).includes(type)) {
      const t = literalString(doc, attrs.type);
      const parsed = t ? parseAzapiType(t) : undefined;
      return { ...base, armType: parsed?.type, name, body: isObj(attrs.body) ? attrs.body : undefined, azapi: true };
    }
    const armType = AZURERM_ARM_TYPES[type] ?? (type.startsWith(SENTINEL_RULE_PREFIX) ? 'Microsoft.SecurityInsights/alertRules' : undefined);
    return { ...base, armType, name, azapi: false };
  }

  /** Resources of an ARM type (case-insensitive), azurerm and azapi alike; azapi updates excluded. */
  ofArmType(armType: string, stack?: string): Res[] {
    const list = stack === undefined ? this.byArmType.get(armType.toLowerCase()) : this.byStackArmType.get(`${stack}\0${armType.toLowerCase()}`);
    return list ? [...list] : [];
  }

  /** The resources of one stack, in document order. */
  ofStack(stack: string): readonly Res[] {
    return this.byStack.get(stack) ?? [];
  }

  /** The resource an ARM type and name identify, preferring one in `stack`. */
  byName(armType: string, name: string, stack?: string): Res | undefined {
    const list = this.byArm.get(key(armType, name));
    if (!list) return undefined;
    return list.find((r) => r.stack === stack) ?? list[0];
  }

  /** Follows a value of `from`'s document to what it identifies. */
  resolve(from: Pick<Res, 'doc' | 'stack'>, value: unknown): Target | undefined {
    if (typeof value !== 'string') return undefined;
    const ref = parseRef(value);
    if (ref) {
      const res = this.byAddress.get(`${from.stack}\0${ref.address}`);
      if (res) return { res, ...(ref.suffix ? { suffix: ref.suffix } : {}) };
      if (ref.address.startsWith('data.')) return this.resolveData(from, ref.address, ref.suffix);
      // A variable, a local or an unknown resource: the value may still be an ARM ID with literal tail.
    }
    const sub = SUBSCRIPTION_ID.exec(value);
    if (sub) return { subscription: sub[1].includes('${') ? true : sub[1] };
    const id = parseArmId(value);
    if (id) {
      const res = this.byName(id.armType, id.name, from.stack);
      return res ? { res } : id;
    }
    return undefined;
  }

  /** A data source: the resource of the input it reads (by type and name), or what it names. */
  private resolveData(from: Pick<Res, 'doc' | 'stack'>, address: string, suffix: string): Target | undefined {
    const node = from.doc.byAddress(address);
    if (!node) return undefined;
    const type = address.split('.')[1];
    if (type === 'azurerm_subscription' || type === 'azurerm_client_config') {
      const id = isObj(node.attrs) ? literalString(from.doc, node.attrs.subscription_id) : undefined;
      return { subscription: id ?? true };
    }
    const armType = AZURERM_ARM_TYPES[type];
    const name = isObj(node.attrs) ? literalString(from.doc, node.attrs.name) : undefined;
    if (!armType || !name) return undefined;
    const res = this.byName(armType, name, from.stack);
    return res ? { res, ...(suffix ? { suffix } : {}) } : { armType, name };
  }

  /** Every Terraform reference inside a string (`/subscriptions/${azurerm_subscription.x.subscription_id}`), resolved. */
  referencesIn(from: Res, value: unknown): Res[] {
    if (typeof value !== 'string') return [];
    const out: Res[] = [];
    for (const m of value.matchAll(/\$\{((?:data\.)?[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\.[A-Za-z0-9_.[\]]+\}/g)) {
      const res = this.byAddress.get(`${from.stack}\0${m[1]}`);
      if (res) out.push(res);
    }
    return out;
  }

  /** The `azurerm` provider block without an alias: the stack's subscription and tenant. */
  providerOf(doc: DocumentIndex): { subscriptionId?: string; tenantId?: string } {
    const p = doc.providers('azurerm').find((b) => b.alias === undefined) ?? doc.providers('azurerm')[0];
    if (!p) return {};
    return { subscriptionId: literalString(doc, p.subscription_id), tenantId: literalString(doc, p.tenant_id) };
  }
}

function push<K, V>(map: Map<K, V[]>, k: K, v: V): void {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

/** A literal string value, following a reference to a literal attribute in the same document. */
export function literalString(doc: DocumentIndex, value: unknown): string | undefined {
  const j = judge(doc, value);
  return j.state === 'literal' && typeof j.value === 'string' && !j.value.includes('${') ? j.value : undefined;
}

/** A literal number (numbers written as strings count, as Terraform converts them). */
export function literalNumber(doc: DocumentIndex, value: unknown): number | undefined {
  const j = judge(doc, value);
  if (j.state !== 'literal') return undefined;
  const n = typeof j.value === 'number' ? j.value : typeof j.value === 'string' && /^\d+$/.test(j.value) ? Number(j.value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** Nested blocks appear as a list (cdktf) or a single object. */
export function blockList(v: unknown): Record<string, any>[] {
  if (Array.isArray(v)) return v.filter(isObj);
  return isObj(v) ? [v] : [];
}

/** A value at a dotted path of an azapi body. */
export function bodyAt(res: Res, path: string): unknown {
  let cur: unknown = res.body;
  for (const part of path.split('.')) {
    if (!isObj(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}
