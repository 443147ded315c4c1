import { App } from 'cdktf';
import type { LandingZoneConfig } from '../config/load';
import { GovernanceStack } from './governance-stack';
import { PlatformStack } from './platform-stack';
import { PlatformReferences } from './platform-references';
import { WorkloadStack } from './workload-stack';

export interface LandingZone {
  readonly governance: GovernanceStack;
  readonly platform: PlatformStack;
  readonly workloads: WorkloadStack[];
}

/** Builds every stack of the landing zone into `app`: `governance`, `platform`, `workload-<name>`. */
export function buildLandingZone(app: App, config: LandingZoneConfig): LandingZone {
  const refs = new PlatformReferences(config);
  const governance = new GovernanceStack(app, config, refs);
  const platform = new PlatformStack(app, config);
  const workloads = config.workloads.map((w) => new WorkloadStack(app, config, w, refs));
  return { governance, platform, workloads };
}
