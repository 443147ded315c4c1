/**
 * The contract of a Terraform-to-ARM adapter: one per Terraform resource type, each derived from the
 * provider's expand/create function at hashicorp/azurerm v4.55.0 (cited in the adapter).
 */
import { ArmObject, ArmValue, Modelled, UNKNOWN, Unknown, isUnknown } from './resource';
import { Resolved, TerraformWorld, TfResource } from './terraform';

/** Where an ARM resource sits, from which its ID is formed. */
export type Placement =
  /** `/subscriptions/{sub}/resourceGroups/{rg}/providers/{type}/{name}` */
  | { readonly kind: 'resourceGroup'; readonly resourceGroup: Resolved }
  /** `{parentId}/{last type segment}/{name}` */
  | { readonly kind: 'child'; readonly parentId: Resolved }
  /** A child of the first (primary) draft of the same adapter output. */
  | { readonly kind: 'childOfPrimary' }
  /** `{targetId}/providers/{type}/{name}` (diagnostic settings, locks, role assignments) */
  | { readonly kind: 'extension'; readonly targetId: Resolved }
  /** `/subscriptions/{sub}/providers/{type}/{name}` */
  | { readonly kind: 'subscription' }
  /** The resource group itself: `/subscriptions/{sub}/resourceGroups/{name}` */
  | { readonly kind: 'isResourceGroup' }
  /** The subscription itself: `/subscriptions/{sub}` */
  | { readonly kind: 'isSubscription' }
  /** `{id}` given in full (azapi with a full parent, or an explicit ID). */
  | { readonly kind: 'explicit'; readonly id: Resolved };

/** One ARM request an adapter derives from a Terraform resource. */
export interface ArmDraft {
  readonly type: string;
  readonly name: Resolved;
  readonly placement: Placement;
  /** Overrides the subscription of the stack (resources placed by an explicit ID elsewhere). */
  readonly subscription?: Resolved;
  readonly apiVersion?: string | Unknown;
  readonly location?: ArmValue;
  readonly kind?: ArmValue;
  readonly sku?: ArmValue;
  readonly tags?: ArmValue;
  readonly identity?: ArmValue;
  readonly properties: ArmObject;
  readonly modelled: Modelled;
  /** `implied`: created by Azure with this resource rather than requested (a storage account's blobServices/default). */
  readonly implied?: boolean;
  readonly viaDataPlane?: boolean;
}

/** A change to another resource's request (an association resource that PUTs its parent, `azapi_update_resource`). */
export interface ArmPatch {
  /** The Terraform address of the resource whose request changes (same stack). */
  readonly target: string;
  /** Deep-merged into the target's request body (`properties` and top-level members). */
  readonly body: ArmObject;
}

export interface AdapterOutput {
  readonly drafts?: readonly ArmDraft[];
  readonly patches?: readonly ArmPatch[];
  /** Not an ARM resource Azure Policy judges (a scope definition, an assignment): listed, not evaluated. */
  readonly notJudged?: string;
  /** An ARM request the adapter cannot reconstruct: reported as "not simulated", never passed. */
  readonly notSimulated?: string;
}

/** Read access to one Terraform resource's attributes, with references resolved. */
export class AdapterContext {
  constructor(readonly world: TerraformWorld, readonly res: TfResource, readonly subscription: Resolved) {}

  /** The raw attribute as written (may be a `${...}` expression or UNKNOWN). */
  raw(name: string): unknown {
    return this.res.attrs[name];
  }

  /** The attribute's value with references resolved; `dflt` when it is not set (the schema default). */
  value(name: string, dflt?: ArmValue): ArmValue | undefined {
    const v = this.res.attrs[name];
    if (v === undefined || v === null) return dflt;
    return this.world.resolveValue(this.res.stack, v);
  }

  str(name: string, dflt?: string): string | Unknown | undefined {
    const v = this.value(name, dflt);
    if (v === undefined || v === null) return undefined;
    if (isUnknown(v)) return UNKNOWN;
    return typeof v === 'string' ? v : String(v);
  }

  bool(name: string, dflt: boolean): boolean | Unknown {
    const v = this.value(name, dflt);
    if (isUnknown(v)) return UNKNOWN;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    return dflt;
  }

  /** Both readings of a string attribute (for IDs and names that place resources). */
  resolved(name: string): Resolved {
    return this.world.resolveString(this.res.stack, this.res.attrs[name]) ?? { value: UNKNOWN, scope: `{${this.res.stack}:${this.res.address}.${name}}` };
  }

  resolvedValue(raw: unknown, what: string): Resolved {
    return this.world.resolveString(this.res.stack, raw) ?? { value: UNKNOWN, scope: `{${this.res.stack}:${this.res.address}.${what}}` };
  }

  /** Nested blocks (arrays in plans and most JSON, a single object in some cdktf output). */
  blocks(name: string, from: Record<string, any> = this.res.attrs): Record<string, any>[] {
    const v = from?.[name];
    if (v === undefined || v === null) return [];
    if (isUnknown(v)) return [];
    if (Array.isArray(v)) return v.filter((x) => x !== null && typeof x === 'object' && !isUnknown(x));
    return typeof v === 'object' ? [v] : [];
  }

  block(name: string, from?: Record<string, any>): Record<string, any> | undefined {
    return this.blocks(name, from)[0];
  }

  /** True when a nested block attribute is itself unknown (a plan's `after_unknown` block). */
  unknownBlock(name: string): boolean {
    return isUnknown(this.res.attrs[name]);
  }

  /** Resolves a raw value found inside a block. */
  resolve(raw: unknown, dflt?: ArmValue): ArmValue | undefined {
    if (raw === undefined || raw === null) return dflt;
    return this.world.resolveValue(this.res.stack, raw);
  }

  /** `/subscriptions/{sub}/resourceGroups/{rg}` placement from `resource_group_name`. */
  inResourceGroup(attr = 'resource_group_name'): Placement {
    return { kind: 'resourceGroup', resourceGroup: this.resolved(attr) };
  }

  /** A string attribute as the `Resolved` name of the resource. */
  nameOf(attr = 'name'): Resolved {
    return this.resolved(attr);
  }

  /** Tags as ARM sends them: the map, or null when none (tags.Expand of an empty map sends `{}`). */
  tags(): ArmValue {
    const t = this.value('tags');
    return t === undefined ? {} : t;
  }

  /** `location.Normalize`: lower case, no spaces (helpers/location, go-azure-helpers). */
  location(attr = 'location'): ArmValue | undefined {
    const v = this.value(attr);
    if (typeof v === 'string') return v.replace(/\s+/g, '').toLowerCase();
    return v;
  }

  /**
   * The `identity` block as ARM sends it (identity.ExpandSystemAndUserAssignedMap / ExpandLegacy...):
   * `{ type, userAssignedIdentities: { <id>: {} } }`, or `{ type: 'None' }` without a block.
   */
  identity(noneWhenAbsent = true): ArmValue | undefined {
    if (this.unknownBlock('identity')) return UNKNOWN;
    const b = this.block('identity');
    if (!b) return noneWhenAbsent ? { type: 'None' } : undefined;
    const type = this.resolve(b.type);
    const ids = this.resolve(b.identity_ids);
    const out: Record<string, ArmValue> = { type: type ?? UNKNOWN };
    if (Array.isArray(ids) && ids.length > 0) {
      if (ids.some((x) => isUnknown(x))) out.userAssignedIdentities = UNKNOWN;
      else {
        const m: Record<string, ArmValue> = {};
        for (const id of ids) m[String(id)] = {};
        out.userAssignedIdentities = m;
      }
    } else if (isUnknown(ids)) out.userAssignedIdentities = UNKNOWN;
    return out;
  }
}

export interface Adapter {
  /** Terraform resource type. */
  readonly terraformType: string;
  /** Where the mapping was derived from (`internal/services/...go:<lines>` at v4.55.0). */
  readonly source: string;
  build(ctx: AdapterContext): AdapterOutput;
  /** The resource's ID when it yields no ARM draft (management groups): what `${<address>.id}` resolves to. */
  id?(ctx: AdapterContext): Resolved;
}

/** Drops undefined members (keeps null: ARM receives it). */
export function compact(o: Record<string, ArmValue | undefined>): ArmObject {
  const out: ArmObject = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out;
}

/** `"Enabled"` / `"Disabled"` from a boolean attribute, keeping UNKNOWN. */
export function enabledDisabled(v: boolean | Unknown): ArmValue {
  return isUnknown(v) ? UNKNOWN : v ? 'Enabled' : 'Disabled';
}

/** Logical negation keeping UNKNOWN. */
export function negate(v: boolean | Unknown): boolean | Unknown {
  return isUnknown(v) ? UNKNOWN : !v;
}
