import { Construct } from 'constructs';
import { Token } from 'cdktf';
import { VirtualNetwork as AzurermVirtualNetwork } from '@cdktf/provider-azurerm/lib/virtual-network';
import { PlannedSubnet, planHubSubnets } from '../../config/subnet-plan';
import { DiagnosticSettings } from '../core/diagnostics';
import { Namer } from '../core/naming';
import { PrivateDnsZoneName } from '../../azure/private-dns-zones';
import { PrivateDnsOwnership, PrivateDnsZones, parseResourceGroupId } from './private-dns';
import { SecuredSubnet } from './secured-subnet';
import { SecurityRuleSpec, closingInboundDenies, denyInternetOutbound, privateEndpointInbound } from './security-rules';

export interface HubNetworkProps {
  /** The platform namer (`workload: 'platform'`): VNet `vnet-<prefix>-platform-hub-<region>`, subnets, NSGs. */
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
 * workspace, and the private DNS zones (or the hub's links into existing ones).
 *
 * Reserved subnets (DNS resolver in/out, GatewaySubnet, AzureBastionSubnet, AzureFirewallSubnet,
 * AzureFirewallManagementSubnet) are kept free in the address plan (`plan`) but not created: an empty
 * GatewaySubnet or firewall subnet buys nothing, and those Azure-named subnets forbid or constrain NSGs.
 *
 * Nothing here knows a workload: the hub side of each spoke peering and the spoke's DNS links belong to
 * the workload's stack (`HubAttachment`), so the hub is applied once and never again for a new workload.
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

    const dns = new PrivateDnsZones(this, 'PrivateDns', {
      resourceGroupName: props.resourceGroupName,
      ownership: props.privateDns,
      hubVirtualNetworkId: vnet.id,
      hubVirtualNetworkName: vnet.name,
      tags,
    });
    this.privateDnsZoneIds = dns.zoneIds;
  }
}

/** Hub subnets carry only shared private endpoints today: HTTPS in from the VNet and peered spokes, nothing else. */
function hubRules(planned: PlannedSubnet, ports: readonly string[]): SecurityRuleSpec[] {
  const rules: SecurityRuleSpec[] = [...closingInboundDenies(), denyInternetOutbound()];
  if (planned.role === 'private-endpoints') rules.push(privateEndpointInbound(planned.cidr, ports));
  return rules;
}
