import { Construct } from 'constructs';
import { ContainerRegistry as AzurermContainerRegistry } from '@cdktf/provider-azurerm/lib/container-registry';
import { DiagnosticSettings } from '../core/diagnostics';
import { ROLES } from '../../azure/roles';
import { Grantee, RoleAssignment, grantRole } from '../identity/role-assignment';
import { PrivateEndpointOptions, addResourcePrivateEndpoint } from './private-access';

export interface ContainerRegistryProps {
  /** Globally unique registry name (`cr...`, 5-50 letters and digits). */
  readonly name: string;
  readonly location: string;
  readonly resourceGroupName: string;
  /** The platform Log Analytics workspace: receives allLogs (ContainerRegistryLoginEvents, ContainerRegistryRepositoryEvents) and AllMetrics. */
  readonly logAnalyticsWorkspaceId: string;
  /** The registry is reachable only through this private endpoint (`registry`, zone `privatelink.azurecr.io`). */
  readonly privateEndpoint: PrivateEndpointOptions;
  /**
   * Replicate the registry across availability zones (not every region has zones).
   * @default false - a single-zone registry
   */
  readonly zoneRedundancy?: boolean;
  /**
   * Let trusted Microsoft services pass the registry firewall (`network_rule_bypass_option`).
   * @default false - 'None': nothing passes the firewall. Turn it on for a registry Azure Machine Learning
   * uses: ML is a trusted service of a network-restricted registry only with it (azure/machine-learning.ts
   * ACR_TRUSTED_SERVICES); public network access stays off either way
   */
  readonly allowTrustedServices?: boolean;
  /** @default {} - no tags */
  readonly tags?: Record<string, string>;
}

/**
 * A Premium container registry (the only tier with private endpoints and firewall control) with the
 * admin user off, anonymous pull off, public network access off, a Deny network rule set, artifact
 * export off (images cannot be copied out), a private endpoint and diagnostics.
 */
export class ContainerRegistry extends Construct {
  readonly id: string;
  readonly name: string;
  readonly loginServer: string;
  readonly resource: AzurermContainerRegistry;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    const tags = props.tags ?? {};
    this.resource = new AzurermContainerRegistry(this, 'Resource', {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      sku: 'Premium',
      adminEnabled: false,
      anonymousPullEnabled: false,
      publicNetworkAccessEnabled: false,
      // Export needs public access off (it is) and is then the last way to copy images out.
      exportPolicyEnabled: false,
      dataEndpointEnabled: false,
      networkRuleBypassOption: props.allowTrustedServices ? 'AzureServices' : 'None',
      networkRuleSet: [{ defaultAction: 'Deny', ipRule: [] }],
      zoneRedundancyEnabled: props.zoneRedundancy ?? false,
      tags,
    });
    this.id = this.resource.id;
    this.name = this.resource.name;
    this.loginServer = this.resource.loginServer;

    addResourcePrivateEndpoint(this, 'PrivateEndpoint', {
      options: props.privateEndpoint, resourceName: props.name, targetResourceId: this.id, subresource: 'registry',
      location: props.location, resourceGroupName: props.resourceGroupName, tags,
    });
    new DiagnosticSettings(this, 'Diagnostics', { targetResourceId: this.id, logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId });
  }

  /** Pull images: AcrPull at this registry. */
  grantPull(grantee: Grantee): RoleAssignment {
    return grantRole(this, 'AcrPull', this.id, ROLES.acrPull, grantee);
  }

  /** Push and pull images: AcrPush at this registry. */
  grantPush(grantee: Grantee): RoleAssignment {
    return grantRole(this, 'AcrPush', this.id, ROLES.acrPush, grantee);
  }

  /**
   * Approve private endpoint connections to this registry (a managed network's endpoints): Azure AI
   * Enterprise Network Connection Approver, plus Reader, at this registry. The approver role carries no
   * `Microsoft.ContainerRegistry/registries/read` (unlike its storage and Key Vault actions), so the
   * approving identity could not read the registry it approves endpoints on.
   */
  grantPrivateEndpointApproval(grantee: Grantee): RoleAssignment[] {
    return [
      grantRole(this, 'NetworkConnectionApprover', this.id, ROLES.aiEnterpriseNetworkConnectionApprover, grantee),
      grantRole(this, 'Reader', this.id, ROLES.reader, grantee),
    ];
  }
}
