/**
 * Deterministic subnet plans for the hub and for each workload spoke.
 *
 * The same address space always yields the same plan, and the plan does not depend on which
 * services a workload enables: turning Azure ML on later must not renumber existing subnets
 * (Azure cannot resize a subnet that holds private endpoints).
 *
 * Spoke (minimum /24; a larger space scales every subnet up by the same factor):
 *   | subnet            | share | in a /24 | why                                                  |
 *   | private-endpoints | 1/4   | /26      | one NIC per endpoint; ~10 endpoints with ML, room ×5  |
 *   | app               | 1/4   | /26      | application integration (App Service / Functions VNet integration) |
 *   | api-management    | 1/4   | /26      | an isolated AI gateway (created only with `gateway.isolated`) |
 *   | ml-compute        | 1/4   | /26      | reserved: AML compute in a customer-managed VNet (one IP per node) |
 *
 * `api-management` holds a workload's own API Management instance when its gateway is isolated (Learn: the
 * classic tiers need at least a /29, Premium v2 a dedicated, delegated /27). It was the first half of the
 * range reserved for ML compute, which nothing had created (ailz 0.2 reserved 1/2 for it).
 *
 * `ml-compute` is reserved, not created: ailz's ML workspaces use the managed VNet
 * (`isolation_mode = AllowOnlyApprovedOutbound`), where compute runs in a Microsoft-managed network, so a
 * subnet here would be empty (review F27). The range stays reserved so nothing renumbers if
 * customer-VNet compute is added.
 *
 * Hub (minimum /23): a shared private-endpoint subnet is created now; the others are reserved at fixed
 * offsets (documented, not created) so a firewall, Bastion, gateway or DNS resolver can be added
 * without renumbering.
 */
import { Cidr, formatCidr, parseCidr, size } from './cidr';

export interface PlannedSubnet {
  /** Stable role of the subnet; also the basis of its Azure name. */
  readonly role: string;
  readonly cidr: string;
  /** Created by ailz now (`true`) or only reserved for a later capability (`false`). */
  readonly created: boolean;
  /** Azure requires this exact subnet name (e.g. `AzureFirewallSubnet`), else undefined. */
  readonly azureName?: string;
  readonly purpose: string;
}

export const SPOKE_MIN_PREFIX = 24;
export const HUB_MIN_PREFIX = 23;

interface Slot { role: string; offsetShare: number; share: number; created: boolean; purpose: string }

/** The spoke plan's slots: offset and size as shares of the address space. */
export const SPOKE_SLOTS: readonly Slot[] = [
  { role: 'private-endpoints', offsetShare: 0, share: 1 / 4, created: true, purpose: 'private endpoints of the workload services' },
  { role: 'app', offsetShare: 1 / 4, share: 1 / 4, created: true, purpose: 'application integration' },
  { role: 'api-management', offsetShare: 1 / 2, share: 1 / 4, created: false, purpose: 'reserved: an isolated AI gateway (API Management, internal VNet mode), created with gateway.isolated' },
  { role: 'ml-compute', offsetShare: 3 / 4, share: 1 / 4, created: false, purpose: 'reserved: Azure ML compute in a customer-managed VNet; ailz ML workspaces use their managed VNet' },
];

function carve(space: Cidr, offset: number, prefix: number): string {
  return formatCidr({ base: space.base + offset, prefix });
}

/** The spoke plan, or an error message when the space cannot hold it. */
export function planSpokeSubnets(addressSpace: string): PlannedSubnet[] | string {
  const space = parseCidr(addressSpace);
  if (typeof space === 'string') return space;
  if (space.prefix > SPOKE_MIN_PREFIX) {
    return `${addressSpace} is too small for the workload subnet plan: it needs a /${SPOKE_MIN_PREFIX} or larger (private endpoints /26, app /26, API Management /26, ML compute /26 in a /24)`;
  }
  const total = size(space);
  return SPOKE_SLOTS.map((s) => ({
    role: s.role,
    cidr: carve(space, total * s.offsetShare, 32 - Math.log2(total * s.share)),
    created: s.created,
    purpose: s.purpose,
  }));
}

/** The hub plan, or an error message when the space cannot hold it. Offsets are in addresses from the start. */
export function planHubSubnets(addressSpace: string): PlannedSubnet[] | string {
  const space = parseCidr(addressSpace);
  if (typeof space === 'string') return space;
  if (space.prefix > HUB_MIN_PREFIX) {
    return `${addressSpace} is too small for the hub subnet plan: it needs a /${HUB_MIN_PREFIX} or larger (shared private endpoints /25 plus reserved firewall, Bastion, gateway and DNS resolver subnets)`;
  }
  return [
    { role: 'private-endpoints', cidr: carve(space, 0, 25), created: true, purpose: 'private endpoints of shared platform services' },
    { role: 'dns-resolver-inbound', cidr: carve(space, 128, 28), created: false, purpose: 'reserved: Private DNS Resolver inbound endpoint' },
    { role: 'dns-resolver-outbound', cidr: carve(space, 144, 28), created: false, purpose: 'reserved: Private DNS Resolver outbound endpoint' },
    { role: 'gateway', cidr: carve(space, 160, 27), created: false, azureName: 'GatewaySubnet', purpose: 'reserved: VPN / ExpressRoute gateway' },
    { role: 'bastion', cidr: carve(space, 192, 26), created: false, azureName: 'AzureBastionSubnet', purpose: 'reserved: Azure Bastion' },
    { role: 'firewall', cidr: carve(space, 256, 26), created: false, azureName: 'AzureFirewallSubnet', purpose: 'reserved: Azure Firewall' },
    { role: 'firewall-management', cidr: carve(space, 320, 26), created: false, azureName: 'AzureFirewallManagementSubnet', purpose: 'reserved: Azure Firewall forced tunnelling' },
    { role: 'api-management', cidr: carve(space, 384, 26), created: false, purpose: 'reserved: the shared AI gateway (API Management, internal VNet mode), created with platform.gateway' },
  ];
}

/** A spoke of the reference deployment, for the README table. */
export interface NamedSpace { readonly name: string; readonly addressSpace: string }

function shareText(share: number): string {
  return share === 1 / 2 ? '1/2' : share === 1 / 4 ? '1/4' : String(share);
}

/**
 * The README subnet table (between `<!-- subnets:start -->` and `<!-- subnets:end -->`, written by
 * `npm run docs`): each subnet's rule and what it gives for the reference deployment, so the table and
 * the plan cannot drift (review F27: the table said /26 where the reference spokes get /25 and /24).
 */
export function renderSubnetTable(hubAddressSpace: string, spokes: readonly NamedSpace[]): string {
  const rows: string[] = [
    '| VNet | subnet | size | reference deployment (`landing-zone.yaml`) | created |',
    '| --- | --- | --- | --- | --- |',
  ];
  const spokePlans = spokes.map((s) => ({ name: s.name, plan: planSpokeSubnets(s.addressSpace) }));
  for (const slot of SPOKE_SLOTS) {
    const inA24 = 32 - Math.log2(256 * slot.share);
    const reference = spokePlans.map(({ name, plan }) => {
      const p = typeof plan === 'string' ? undefined : plan.find((x) => x.role === slot.role);
      return p ? `${name} \`${p.cidr}\`` : `${name}: ${plan}`;
    }).join(', ');
    rows.push(`| spoke (≥ /${SPOKE_MIN_PREFIX}) | ${slot.role} | ${shareText(slot.share)} of the space (/${inA24} in a /24) | ${reference} | ${slot.created ? 'yes' : `reserved (${slot.purpose.replace(/^reserved: /, '')})`} |`);
  }
  const hub = planHubSubnets(hubAddressSpace);
  if (typeof hub === 'string') throw new Error(`renderSubnetTable: ${hub}`);
  const base = parseCidr(hubAddressSpace) as Cidr;
  for (const p of hub) {
    const c = parseCidr(p.cidr) as Cidr;
    const name = p.azureName ? `\`${p.azureName}\`` : p.role;
    rows.push(`| hub (≥ /${HUB_MIN_PREFIX}) | ${name} | /${c.prefix} at offset ${c.base - base.base} | \`${p.cidr}\` | ${p.created ? 'yes' : 'reserved'} |`);
  }
  return rows.join('\n');
}
