import { App } from 'cdktf';
import type { LandingZoneConfig } from '../config/load';
import type { BaseStack, PredecessorLookup } from './base-stack';
import { GovernanceStack } from './governance-stack';
import { PlatformStack } from './platform-stack';
import { PlatformReferences } from './platform-references';
import { WorkloadStack } from './workload-stack';

export interface LandingZone {
  readonly governance: GovernanceStack;
  readonly platform: PlatformStack;
  readonly workloads: WorkloadStack[];
}

/**
 * Builds every stack of the landing zone into `app`: `governance`, `platform`, `workload-<name>`.
 * Apply order is explicit: platform depends on governance, each workload on both (cdktf records the
 * dependencies in manifest.json; `stackOrder` gives the same order to ailz).
 */
export function buildLandingZone(app: App, config: LandingZoneConfig): LandingZone {
  const refs = new PlatformReferences(config);
  const governance = new GovernanceStack(app, config, refs);
  const platform = new PlatformStack(app, config);
  platform.addDependency(governance);
  const workloads = config.workloads.map((w) => {
    const stack = new WorkloadStack(app, config, w, refs);
    stack.addDependency(governance);
    stack.addDependency(platform);
    return stack;
  });
  return { governance, platform, workloads };
}

/** One stack in apply order, with what must be applied before it and how a plan notices when it is not. */
export interface StackOrderEntry {
  readonly stack: string;
  /** Stacks to apply first (direct dependencies). */
  readonly dependsOn: readonly string[];
  /** Plan-time lookups of objects those stacks create: each fails the plan (HTTP 404) until its stack is applied. */
  readonly predecessorLookups: readonly PredecessorLookup[];
}

/**
 * The apply order of the landing zone (`ailz-stacks.json`, written by synth next to manifest.json):
 * governance, platform, then every workload, each applied once. Workloads depend on nothing but the two
 * shared stacks, so they may be applied in any order among themselves (serially: peerings on the same
 * hub VNet cannot be created concurrently, azurerm 4.55 `website/docs/r/virtual_network_peering.html.markdown`).
 */
export function stackOrder(lz: LandingZone): { schemaVersion: 1; stacks: StackOrderEntry[] } {
  const entry = (s: BaseStack): StackOrderEntry => ({
    stack: s.stackName,
    dependsOn: s.dependencies.map((d) => d.node.id),
    predecessorLookups: [...s.predecessorLookups],
  });
  return { schemaVersion: 1, stacks: [lz.governance, lz.platform, ...lz.workloads].map(entry) };
}
