/**
 * The ARM view of a live resource: a Resource Graph row (unprojected, `resources` table) or an ARM GET body
 * is already the ARM shape, so this adapter only derives what the view adds (full name, scope ID,
 * subscription, resource group) and says where the resource came from. It is the third source of the one
 * ARM view (beside `from-terraform.ts` for a synth output and `from-plan.ts` for a plan): the live checks of
 * `ailz assess` judge this type.
 *
 * Values are Azure's, not a source's guess: nothing here is UNKNOWN except the API version (Resource Graph
 * does not say which API version a row reflects).
 */
import { ArmObject, ArmResource, UNKNOWN } from './resource';

/** A live resource: every identifying field is known. */
export interface LiveArmResource extends ArmResource {
  readonly id: string;
  readonly name: string;
  readonly fullName: string;
  /** Lower case, as Resource Graph reports it (ARM types are case-insensitive; an ARM GET's mixed case is lowered). */
  readonly type: string;
  readonly kind?: string;
  readonly location?: string;
  /** Lower-case subscription GUID; `''` for a resource above subscriptions. */
  readonly subscription: string;
  /** Lower-case resource group name; `''` outside resource groups. */
  readonly resourceGroup: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly properties: ArmObject;
}

const PATH = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?/i;

/**
 * The names after the last `/providers/<namespace>/` joined by `/` (Azure Policy's `fullName`): `st1/default`
 * for a storage account's blob service.
 */
export function fullNameOf(id: string, name: string): string {
  const m = /.*\/providers\/[^/]+\/(.+)$/i.exec(id);
  if (!m) return name;
  const segs = m[1].split('/');
  const names = segs.filter((_, i) => i % 2 === 1);
  return names.length ? names.join('/') : name;
}

/** The ARM view of a Resource Graph row or an ARM GET body. */
export function fromLive(raw: any): LiveArmResource {
  const id = String(raw?.id ?? '');
  const m = PATH.exec(id);
  const name = String(raw?.name ?? id.split('/').pop() ?? '');
  const subscription = String(raw?.subscriptionId || m?.[1] || '').toLowerCase();
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    id,
    name,
    fullName: fullNameOf(id, name),
    type: String(raw?.type ?? '').toLowerCase(),
    kind: str(raw?.kind) || undefined,
    location: str(raw?.location) || undefined,
    scopeId: id.toLowerCase(),
    apiVersion: UNKNOWN,
    subscription,
    resourceGroup: String(raw?.resourceGroup || m?.[2] || '').toLowerCase(),
    tags: raw?.tags && typeof raw.tags === 'object' && !Array.isArray(raw.tags) ? raw.tags : {},
    properties: raw?.properties && typeof raw.properties === 'object' && !Array.isArray(raw.properties) ? raw.properties : {},
    ...(raw?.sku ? { sku: raw.sku } : {}),
    ...(raw?.identity ? { identity: raw.identity } : {}),
    ...(raw?.plan ? { plan: raw.plan } : {}),
    ...(raw?.zones ? { zones: raw.zones } : {}),
    ...(raw?.extendedLocation ? { extendedLocation: raw.extendedLocation } : {}),
    modelled: 'all',
    source: { stack: subscription ? `/subscriptions/${subscription}` : 'tenant', address: id, origin: 'live' },
  };
}
