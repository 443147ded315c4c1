/**
 * The azapi resources of a document, seen as ARM requests: rules that judge an ARM property read it
 * here whether ailz (or anyone) wrote it with azurerm or with `azapi_resource`/`azapi_update_resource`,
 * so nothing escapes the guardrails by moving to azapi. The body is the ARM request body as written
 * (Azure/terraform-provider-azapi v2.12.0 docs/resources/resource.md: `body`, `type = "<type>@<api-version>"`).
 */
import { parseAzapiType } from '../azure/arm-types';
import { DocumentIndex, ResourceNode } from './types';
import { block, judge } from './document';

export const AZAPI_RESOURCE_TYPES = ['azapi_resource', 'azapi_update_resource'] as const;

export interface AzapiView {
  readonly node: ResourceNode;
  /** ARM type, e.g. `Microsoft.KeyVault/vaults/keys` (as written; compare case-insensitively). */
  readonly armType: string;
  readonly apiVersion: string;
  /** The body object, or undefined when it is an expression (e.g. `jsonencode(...)` of unknowns). */
  readonly body: Record<string, any> | undefined;
  /** `azapi_update_resource` changes a resource that something else created. */
  readonly update: boolean;
}

const views = new WeakMap<DocumentIndex, AzapiView[]>();

function allViews(doc: DocumentIndex): AzapiView[] {
  let list = views.get(doc);
  if (!list) {
    list = [];
    for (const t of AZAPI_RESOURCE_TYPES) {
      for (const node of doc.ofType(t)) {
        const type = judge(doc, node.attrs.type);
        if (type.state !== 'literal' || typeof type.value !== 'string') continue;
        const parsed = parseAzapiType(type.value);
        if (!parsed) continue;
        const raw = node.attrs.body;
        const body = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? raw : undefined;
        list.push({ node, armType: parsed.type, apiVersion: parsed.apiVersion, body, update: t === 'azapi_update_resource' });
      }
    }
    views.set(doc, list);
  }
  return list;
}

/** The azapi resources (and updates) of one ARM type, case-insensitively, in document order. */
export function azapiOfType(doc: DocumentIndex, armType: string): readonly AzapiView[] {
  const want = armType.toLowerCase();
  return allViews(doc).filter((v) => v.armType.toLowerCase() === want);
}

/** Every azapi resource of the document. */
export function azapiResources(doc: DocumentIndex): readonly AzapiView[] {
  return allViews(doc);
}

/** A value at a dotted ARM path of the body (`properties.rotationPolicy.attributes.expiryTime`). */
export function bodyValue(view: AzapiView, path: string): unknown {
  let cur: any = view.body;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Array.isArray(cur) ? undefined : cur[part];
  }
  return cur;
}

/** The identity block of an azapi resource, if any. */
export function azapiIdentity(view: AzapiView): { type?: unknown; identity_ids?: unknown } | undefined {
  return block(view.node.attrs, 'identity');
}
