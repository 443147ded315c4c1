/**
 * Deterministic choices for the AI gateway that the config check and the constructs must agree on.
 */

/** Priority band of the egress rules workloads add to a gateway's NSG (one per workload). */
export const GATEWAY_EGRESS_PRIORITY = { min: 1000, max: 3999 } as const;

/**
 * The priority of one workload's egress rule on the gateway NSG: derived from the workload name, so each
 * workload stack owns its rule on the shared gateway without coordinating with the others (a new workload
 * touches no other stack). Two names can map to one priority; the config check reports that collision.
 */
export function gatewayEgressPriority(workloadName: string): number {
  let h = 0;
  for (const c of workloadName) h = (h * 31 + c.charCodeAt(0)) % 1000003;
  return GATEWAY_EGRESS_PRIORITY.min + (h % (GATEWAY_EGRESS_PRIORITY.max - GATEWAY_EGRESS_PRIORITY.min + 1));
}
