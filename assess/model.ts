/**
 * The live side's data model: an ARM resource (what Resource Graph and ARM GET return), the finding
 * shape shared with `check`/`review-plan` (schemaVersion, rule, severity, stack, resourceId, message,
 * evidence, fix), and the indexes the checks read.
 *
 * ArmResource is deliberately minimal: the policy branch's `arm/resource.ts` is the project's ARM view;
 * when it lands these converge (a live resource *is* an ARM resource, so no adapter is involved).
 */
import { ControlArea, Severity } from '../guardrails/types';
import { Snapshot } from './snapshot';

export interface ArmResource {
  id: string;
  name: string;
  /** Lower-case, as Resource Graph reports it. */
  type: string;
  kind?: string;
  location?: string;
  subscriptionId: string;
  resourceGroup: string;
  tags: Record<string, string>;
  properties: Record<string, any>;
  sku?: { name?: string; tier?: string; capacity?: number } | null;
  identity?: { type?: string; userAssignedIdentities?: Record<string, unknown>; principalId?: string } | null;
}

const SUB_RE = /^\/subscriptions\/([^/]+)(?:\/resourcegroups\/([^/]+))?/i;

/** Normalizes a Resource Graph row or an ARM GET body (whose type is mixed case and has no subscriptionId column). */
export function toArmResource(raw: any): ArmResource {
  const id = String(raw?.id ?? '');
  const m = SUB_RE.exec(id);
  return {
    id,
    name: String(raw?.name ?? id.split('/').pop() ?? ''),
    type: String(raw?.type ?? '').toLowerCase(),
    kind: raw?.kind ?? undefined,
    location: raw?.location ?? undefined,
    subscriptionId: String(raw?.subscriptionId || m?.[1] || '').toLowerCase(),
    resourceGroup: String(raw?.resourceGroup || m?.[2] || '').toLowerCase(),
    tags: raw?.tags && typeof raw.tags === 'object' ? raw.tags : {},
    properties: raw?.properties && typeof raw.properties === 'object' ? raw.properties : {},
    sku: raw?.sku ?? undefined,
    identity: raw?.identity ?? undefined,
  };
}

export interface Evidence {
  /** The ARM property judged, e.g. `properties.publicNetworkAccess`. */
  property: string;
  /** Its live value (`null` when absent). */
  value: unknown;
  /** What the rule expects. */
  expected?: string;
}

export const FINDING_SCHEMA_VERSION = 1;

/** One finding in the shared JSON shape (issue "Reviewer tooling"), live flavour: `resourceId` instead of `address`. */
export interface LiveFinding {
  schemaVersion: typeof FINDING_SCHEMA_VERSION;
  rule: string;
  severity: Severity;
  /** For live findings: the subscription (`/subscriptions/<id>`), management group or `tenant`. */
  stack: string;
  resourceId: string;
  message: string;
  evidence?: Evidence;
  /** An `az` command or the config change that fixes it. */
  fix: string;
  area: ControlArea;
  title: string;
}

/** Severity order for `--fail-on` and sorting. */
export const SEVERITY_RANK: Record<Severity, number> = { error: 2, warning: 1 };

/** Lookups every check shares, built once per snapshot. */
export class LiveIndex {
  readonly resources: ArmResource[];
  readonly byId = new Map<string, ArmResource>();
  readonly byType = new Map<string, ArmResource[]>();
  readonly subscriptionNames = new Map<string, string>();
  /** Subscription -> management group ancestors, nearest first (names, lower-case). */
  readonly subscriptionGroups = new Map<string, string[]>();

  constructor(readonly snapshot: Snapshot) {
    this.resources = snapshot.tables.resources.map(toArmResource);
    for (const r of this.resources) {
      this.byId.set(r.id.toLowerCase(), r);
      const list = this.byType.get(r.type) ?? [];
      list.push(r);
      this.byType.set(r.type, list);
    }
    for (const c of snapshot.tables.resourcecontainers) {
      if (String(c.type).toLowerCase() !== 'microsoft.resources/subscriptions') continue;
      const sub = String(c.subscriptionId).toLowerCase();
      this.subscriptionNames.set(sub, String(c.name ?? ''));
      const chain = Array.isArray(c.properties?.managementGroupAncestorsChain) ? c.properties.managementGroupAncestorsChain : [];
      this.subscriptionGroups.set(sub, chain.map((g: any) => String(g.name).toLowerCase()));
    }
    for (const s of snapshot.manifest.subscriptions.seen) {
      if (!this.subscriptionNames.has(s.subscriptionId.toLowerCase())) this.subscriptionNames.set(s.subscriptionId.toLowerCase(), s.displayName);
    }
  }

  ofType(type: string): ArmResource[] {
    return this.byType.get(type) ?? [];
  }

  /** REST data for an ID; undefined when that data set was not exported at all. */
  rest(key: keyof Snapshot['rest'], id: string): any[] | undefined {
    const m = this.snapshot.rest[key];
    if (!m) return undefined;
    return m[id.toLowerCase()] ?? [];
  }
}

export const subscriptionScope = (sub: string) => `/subscriptions/${sub}`;
