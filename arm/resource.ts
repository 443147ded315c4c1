/**
 * The ARM view of a resource: the request body Azure Resource Manager receives for it (and Azure Policy
 * evaluates), independent of where it came from (ailz's Terraform JSON, a `terraform show -json` plan, a
 * live tenant). Policy simulation (`policy/`), plan review and the live assessment all judge this shape.
 *
 * Values a source cannot know before apply (Terraform references to computed attributes, `after_unknown`
 * plan values, variables) are the explicit {@link UNKNOWN} sentinel, never `undefined` (which means "not
 * sent") and never a guess. Policy conditions over an UNKNOWN value evaluate to "unknown" (three-valued
 * logic) and are reported as such.
 */

/** The type of {@link UNKNOWN}: a class, so that it never matches the JSON object shape of `ArmValue`. */
class UnknownValue {
  readonly #unknown = true;
  /** JSON renders it as the Terraform wording; it is never data. */
  toJSON(): string {
    return this.#unknown ? '(known after apply)' : '';
  }
}
export type Unknown = UnknownValue;

/** A value the source cannot know before apply. Compare with `isUnknown`; never serialize it as data. */
export const UNKNOWN: Unknown = new UnknownValue();

/** A JSON value, or UNKNOWN anywhere inside. */
export type ArmValue = string | number | boolean | null | Unknown | ArmValue[] | { [key: string]: ArmValue };
export type ArmObject = { [key: string]: ArmValue };

export function isUnknown(v: unknown): v is Unknown {
  return v === UNKNOWN;
}

/** Where a resource's ARM view came from. */
export interface ArmSource {
  /** Stack (synth output) or module the resource belongs to. */
  readonly stack: string;
  /** Terraform address (`azurerm_storage_account.x`), or the ARM id for live resources. */
  readonly address: string;
  /**
   * `terraform`: a resource block; `implied`: a resource Azure creates with another one (a storage account's
   * `blobServices/default`, a vended subscription); `live`: read from ARM.
   */
  readonly origin: 'terraform' | 'plan' | 'implied' | 'live';
  /** The Terraform resource type (`azurerm_storage_account`, `azapi_resource`), when there is one. */
  readonly terraformType?: string;
}

/**
 * Which parts of `properties` (and of the top-level fields) the adapter knows completely. A policy field
 * outside them reads as UNKNOWN ("not modelled") instead of "missing", so an adapter that maps only part of
 * a resource can never make a condition pass silently.
 */
export type Modelled = 'all' | { readonly properties: readonly string[] };

export interface ArmResource {
  /** ARM resource type, e.g. `Microsoft.Storage/storageAccounts` (child types spelled in full). */
  readonly type: string;
  /** Resource name; for child resources the last segment (`default`), see `fullName`. */
  readonly name: string | Unknown;
  /** Parent names and the name, `/`-joined (`stname/default`), as Azure Policy's `fullName` field. */
  readonly fullName: string | Unknown;
  /** The resource ID, or UNKNOWN when a segment of it (usually the subscription) is not known. */
  readonly id: string | Unknown;
  /**
   * The ID with unknown subscriptions replaced by a stable symbolic segment (`{governance:azurerm_subscription.x}`),
   * for scope containment (which resource is under which assignment, exemption or not-scope). Always lower case.
   */
  readonly scopeId: string;
  /** The API version the source sends this request with (`requestContext().apiVersion`). */
  readonly apiVersion: string | Unknown;
  readonly location?: ArmValue;
  readonly kind?: ArmValue;
  readonly sku?: ArmValue;
  readonly tags?: ArmValue;
  readonly identity?: ArmValue;
  readonly plan?: ArmValue;
  readonly zones?: ArmValue;
  readonly extendedLocation?: ArmValue;
  readonly properties: ArmObject;
  readonly modelled: Modelled;
  /** For extension resources (diagnostic settings, role assignments, locks): the ID of the resource they extend. */
  readonly scopeOf?: string;
  /**
   * Created through a data plane (Key Vault keys): ARM sees no create request, so an ARM-mode Deny cannot refuse
   * it; compliance scans still judge it.
   */
  readonly viaDataPlane?: boolean;
  /** Subscription the request goes to: a GUID, a symbolic token (see `scopeId`), or undefined above subscriptions. */
  readonly subscription?: string;
  readonly source: ArmSource;
}

/** Lower-cased for comparison (ARM IDs and types are case-insensitive). */
export function norm(s: string): string {
  return s.toLowerCase();
}

/** True when `id` is `scope` or lies below it (both already normalized scope IDs). */
export function isAtOrBelow(id: string, scope: string): boolean {
  const a = norm(id).replace(/\/+$/, '');
  const s = norm(scope).replace(/\/+$/, '');
  return a === s || a.startsWith(`${s}/`);
}

/** Deep copy of a JSON-like value that keeps UNKNOWN markers. */
export function cloneValue<T extends ArmValue | undefined>(v: T): T {
  if (v === null || v === undefined || typeof v !== 'object' || isUnknown(v)) return v;
  if (Array.isArray(v)) return v.map((x) => cloneValue(x)) as T;
  const out: ArmObject = {};
  for (const [k, x] of Object.entries(v)) out[k] = cloneValue(x);
  return out as T;
}

/** A JSON rendering for reports and traces: UNKNOWN prints as `(known after apply)`. */
export function showValue(v: unknown): string {
  if (v === UNKNOWN) return '(known after apply)';
  if (v === undefined) return '(not set)';
  return JSON.stringify(v, (_k, x) => (x === UNKNOWN ? '(known after apply)' : x));
}
