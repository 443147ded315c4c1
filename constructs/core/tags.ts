/** Tags applied to every taggable resource: the organization's tags plus who owns and manages it. */
export interface TagContext {
  /** `production`, `experimentation`, or `platform` / `governance` for the shared stacks. */
  readonly environment: string;
  /** Workload name, or `platform` / `governance`. */
  readonly workload: string;
}

export const MANAGED_BY = 'ailz';

/** Organization tags first; the ailz tags win on a clash so ownership cannot be mislabelled. Sorted keys. */
export function standardTags(organizationTags: Record<string, string>, ctx: TagContext): Record<string, string> {
  const merged: Record<string, string> = { ...organizationTags, environment: ctx.environment, workload: ctx.workload, managedBy: MANAGED_BY };
  return Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]]));
}
