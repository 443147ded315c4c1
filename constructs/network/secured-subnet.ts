import { Construct } from 'constructs';
import { Subnet as AzurermSubnet } from '@cdktf/provider-azurerm/lib/subnet';
import { NetworkSecurityGroup as AzurermNetworkSecurityGroup } from '@cdktf/provider-azurerm/lib/network-security-group';
import { NetworkSecurityRule as AzurermNetworkSecurityRule } from '@cdktf/provider-azurerm/lib/network-security-rule';
import { SubnetNetworkSecurityGroupAssociation as AzurermSubnetNsgAssociation } from '@cdktf/provider-azurerm/lib/subnet-network-security-group-association';
import { DiagnosticSettings } from '../core/diagnostics';
import { SecurityRuleSpec, securityRuleProblems, sortRules } from './security-rules';

export interface SubnetDelegationSpec {
  /** e.g. `Microsoft.Web/serverFarms` for App Service / Functions VNet integration. */
  readonly serviceName: string;
  /** The actions Azure requires for that service (see the service's docs). */
  readonly actions: readonly string[];
}

export interface SecuredSubnetProps {
  /** Subnet name (`snet-...`). */
  readonly name: string;
  /** Name of the subnet's own NSG (`nsg-...`). */
  readonly networkSecurityGroupName: string;
  readonly resourceGroupName: string;
  readonly location: string;
  readonly virtualNetworkName: string;
  readonly addressPrefix: string;
  /** The NSG's rules; checked: no Allow inbound from `*`/`Internet`/`Any`/`0.0.0.0/0`, unique priorities. */
  readonly securityRules: readonly SecurityRuleSpec[];
  /**
   * Apply NSGs (and UDRs) to private endpoints in this subnet.
   * @default false - leaves azurerm's `Disabled`; set it on every subnet that holds private endpoints
   */
  readonly privateEndpointSubnet?: boolean;
  /** @default undefined - no delegation */
  readonly delegation?: SubnetDelegationSpec;
  /** Workspace receiving the NSG's resource logs. */
  readonly logAnalyticsWorkspaceId: string;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * A subnet with its own network security group, the NSG's rules as separate
 * `azurerm_network_security_rule` resources (inline `security_rule` blocks in Terraform JSON need every
 * attribute spelled out), the association, and NSG resource logs to Log Analytics. Default outbound
 * access is off: no implicit public IP for egress (Azure retires it for new VNets, and ailz never wants it).
 */
export class SecuredSubnet extends Construct {
  readonly id: string;
  readonly name: string;
  readonly networkSecurityGroupId: string;
  readonly resource: AzurermSubnet;
  /** The NSG's name (for rules another construct or stack adds by name). */
  readonly networkSecurityGroupName: string;
  /** The subnet-NSG association: a resource injected into the subnet must wait for it (API Management requires the NSG). */
  readonly networkSecurityGroupAssociation: AzurermSubnetNsgAssociation;

  constructor(scope: Construct, id: string, props: SecuredSubnetProps) {
    super(scope, id);
    const problems = securityRuleProblems(props.securityRules);
    if (problems.length > 0) throw new Error(`SecuredSubnet ${props.name}: ${problems.join('; ')}`);
    const tags = props.tags ?? {};

    this.resource = new AzurermSubnet(this, 'Resource', {
      name: props.name,
      resourceGroupName: props.resourceGroupName,
      virtualNetworkName: props.virtualNetworkName,
      addressPrefixes: [props.addressPrefix],
      defaultOutboundAccessEnabled: false,
      ...(props.privateEndpointSubnet ? { privateEndpointNetworkPolicies: 'Enabled' } : {}),
      ...(props.delegation ? {
        delegation: [{ name: 'delegation', serviceDelegation: { name: props.delegation.serviceName, actions: [...props.delegation.actions] } }],
      } : {}),
    });
    this.id = this.resource.id;
    this.name = this.resource.name;

    const nsg = new AzurermNetworkSecurityGroup(this, 'NetworkSecurityGroup', {
      name: props.networkSecurityGroupName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      tags,
    });
    this.networkSecurityGroupId = nsg.id;
    this.networkSecurityGroupName = props.networkSecurityGroupName;

    for (const r of sortRules(props.securityRules)) {
      new AzurermNetworkSecurityRule(this, `Rule-${r.name}`, {
        name: r.name,
        resourceGroupName: props.resourceGroupName,
        networkSecurityGroupName: nsg.name,
        priority: r.priority,
        direction: r.direction,
        access: r.access,
        protocol: r.protocol,
        sourcePortRange: '*',
        sourceAddressPrefix: r.source,
        ...(r.destinationApplicationSecurityGroupIds
          ? { destinationApplicationSecurityGroupIds: [...r.destinationApplicationSecurityGroupIds] }
          : { destinationAddressPrefix: r.destination }),
        ...(r.destinationPorts.length === 1 ? { destinationPortRange: r.destinationPorts[0] } : { destinationPortRanges: [...r.destinationPorts] }),
        description: r.description,
      });
    }

    this.networkSecurityGroupAssociation = new AzurermSubnetNsgAssociation(this, 'NetworkSecurityGroupAssociation', {
      subnetId: this.resource.id,
      networkSecurityGroupId: nsg.id,
    });

    // NSGs have resource logs (NetworkSecurityGroupEvent, NetworkSecurityGroupRuleCounter, group allLogs)
    // but no platform metrics. Source: https://learn.microsoft.com/azure/virtual-network/virtual-network-nsg-manage-log
    new DiagnosticSettings(this, 'Diagnostics', {
      targetResourceId: nsg.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      metricCategories: [],
    });
  }
}
