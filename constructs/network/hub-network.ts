import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { VirtualNetwork as AzurermVirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { VirtualNetworkPeering as AzurermVirtualNetworkPeering } from '@cdktf/provider-azurerm/lib/virtual-network-peering';
import { PlannedSubnet, planHubSubnets } from '../../config/subnet-plan';
import { DiagnosticSettings } from '../core/diagnostics';
import { Namer } from '../core/naming';
import { PrivateDnsZoneName } from '../../azure/private-dns-zones';
import { PrivateDnsOwnership, PrivateDnsZones, SpokeVirtualNetwork, parseResourceGroupId } from './private-dns';
import { SecuredSubnet } from './secured-subnet';
import { SecurityRuleSpec, closingInboundDenies, denyInternetOutbound, privateEndpointInbound } from './security-rules';

export interface HubNetworkProps {
  /** The platform namer (`workload: 'platform'`): VNet `vnet-<prefix>-platform-hub-<region>`, subnets, NSGs, peerings. */
  readonly namer: Namer;
  /** The platform resource group. */
  readonly resourceGroupName: string;
  readonly location: string;
  /** `platform.hubAddressSpace` (a /23 or larger; the config already rejects smaller spaces). */
  readonly addressSpace: string;
  /** Platform workspace: receives VNet and NSG diagnostics. */
  readonly logAnalyticsWorkspaceId: string;
  /**
   * The subscription the stack's default provider manages. Only used in `existing` DNS mode, to
   * refuse zones in another subscription without a provider for it (the links would fail at apply).
   * @default undefined - not checked
   */
  readonly subscriptionId?: string;
  /** @default { mode: 'managed' } - ailz creates every private DNS zone in `resourceGroupName` */
  readonly privateDns?: PrivateDnsOwnership;
  /**
   * Workload spokes: the hub-side peering and a VNet link in every zone for each. The IDs are computed
   * from the config (deterministic names), not read from the workload stacks' state.
   * @default [] - no spokes
   */
  readonly spokes?: readonly SpokeVirtualNetwork[];
  /**
   * Let spokes use a gateway in the hub (only once one exists in the reserved `GatewaySubnet`).
   * @default false - no gateway transit; on-premises routes do not reach AI spokes
   */
  readonly allowGatewayTransit?: boolean;
  /**
   * Ports on which the VNet and peered spokes may reach the shared private endpoints.
   * @default ['443'] - HTTPS only
   */
  readonly privateEndpointInboundPorts?: readonly string[];
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * The platform hub: VNet from `platform.hubAddressSpace`, the subnets of the hub plan that exist today
 * (the shared private-endpoint subnet) each with a deny-by-default NSG, diagnostics to the platform
 * workspace, the private DNS zones (or links into existing ones), and the hub side of each spoke peering.
 *
 * Reserved subnets (DNS resolver in/out, GatewaySubnet, AzureBastionSubnet, AzureFirewallSubnet,
 * AzureFirewallManagementSubnet) are kept free in the address plan (`plan`) but not created: an empty
 * GatewaySubnet or firewall subnet buys nothing, and those Azure-named subnets forbid or constrain NSGs.
 *
 * The hub-side peering to a spoke, and the spoke's DNS links, need the spoke VNet to exist: on the
 * first deployment of a workload, apply platform, then the workload, then platform again.
 */
export class HubNetwork extends Construct {
  readonly virtualNetworkId: string;
  readonly virtualNetworkName: string;
  /** Created subnets by role. */
  readonly subnetIds: Readonly<Record<string, string>>;
  readonly privateEndpointSubnetId: string;
  /** The whole hub plan, reserved subnets included (`created: false`). */
  readonly plan: readonly PlannedSubnet[];
  /** Zone name -> private DNS zone ID, for private endpoints of shared services. */
  readonly privateDnsZoneIds: { readonly [Z in PrivateDnsZoneName]: string };

  constructor(scope: Construct, id: string, props: HubNetworkProps) {
    super(scope, id);
    const plan = planHubSubnets(props.addressSpace);
    if (typeof plan === 'string') throw new Error(`HubNetwork: ${plan}`);
    this.plan = plan;
    const tags = props.tags ?? {};
    const { namer } = props;

    if (props.privateDns?.mode === 'existing' && !props.privateDns.provider && props.subscriptionId && !Token.isUnresolved(props.subscriptionId)) {
      const zoneSub = parseResourceGroupId(props.privateDns.resourceGroupId).subscriptionId;
      if (zoneSub.toLowerCase() !== props.subscriptionId.toLowerCase()) {
        throw new Error(`HubNetwork: the existing private DNS zones are in subscription ${zoneSub}, not the platform subscription ${props.subscriptionId}; pass privateDns.provider (an azurerm provider alias for ${zoneSub}) so the VNet links can be created there`);
      }
    }

    const vnet = new AzurermVirtualNetwork(this, 'Resource', {
      name: namer.name('virtualNetwork', 'hub'),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      addressSpace: [props.addressSpace],
      tags,
    });
    this.virtualNetworkId = vnet.id;
    this.virtualNetworkName = vnet.name;
    new DiagnosticSettings(this, 'Diagnostics', { targetResourceId: vnet.id, logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId });

    const ports = props.privateEndpointInboundPorts ?? ['443'];
    const subnetIds: Record<string, string> = {};
    for (const planned of plan.filter((p) => p.created)) {
      const subnet = new SecuredSubnet(this, `Subnet-${planned.role}`, {
        name: planned.azureName ?? namer.name('subnet', planned.role),
        networkSecurityGroupName: namer.name('networkSecurityGroup', planned.role),
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        virtualNetworkName: vnet.name,
        addressPrefix: planned.cidr,
        securityRules: hubRules(planned, ports),
        privateEndpointSubnet: planned.role === 'private-endpoints',
        logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
        tags,
      });
      subnetIds[planned.role] = subnet.id;
    }
    this.subnetIds = subnetIds;
    this.privateEndpointSubnetId = subnetIds['private-endpoints'];

    const spokes = [...(props.spokes ?? [])].sort((a, b) => a.name.localeCompare(b.name));
    const dns = new PrivateDnsZones(this, 'PrivateDns', {
      resourceGroupName: props.resourceGroupName,
      ownership: props.privateDns,
      hubVirtualNetworkId: vnet.id,
      hubVirtualNetworkName: vnet.name,
      spokes,
      tags,
    });
    this.privateDnsZoneIds = dns.zoneIds;

    // Construct ids from the workload name: see SpokeVirtualNetwork.name.
    for (const spoke of spokes) {
      new AzurermVirtualNetworkPeering(this, `Spoke-${spoke.name}-Peering`, {
        name: namer.name('virtualNetworkPeering', `hub-to-${spoke.name}`),
        resourceGroupName: props.resourceGroupName,
        virtualNetworkName: vnet.name,
        remoteVirtualNetworkId: spoke.virtualNetworkId,
        allowVirtualNetworkAccess: true,
        // Spokes do not transit the hub to reach each other: each workload is its own segment.
        allowForwardedTraffic: false,
        allowGatewayTransit: props.allowGatewayTransit ?? false,
        useRemoteGateways: false,
      });
    }
  }
}

/** Hub subnets carry only shared private endpoints today: HTTPS in from the VNet and peered spokes, nothing else. */
function hubRules(planned: PlannedSubnet, ports: readonly string[]): SecurityRuleSpec[] {
  const rules: SecurityRuleSpec[] = [...closingInboundDenies(), denyInternetOutbound()];
  if (planned.role === 'private-endpoints') rules.push(privateEndpointInbound(planned.cidr, ports));
  return rules;
}
