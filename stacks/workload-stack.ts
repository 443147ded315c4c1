import { Construct } from 'constructs';
import { TerraformOutput, TerraformProvider } from 'cdktf';
import type { LandingZoneConfig, WorkloadConfig } from '../config/load';
import { ARM_TYPES } from '../azure/arm-types';
import { DataAzapiResource } from '../constructs/core/azapi';
import { Namer } from '../constructs/core/naming';
import { ResourceGroup } from '../constructs/core/resource-group';
import { standardTags } from '../constructs/core/tags';
import { UserAssignedIdentity } from '../constructs/identity/user-assigned-identity';
import { ActivityLogExport } from '../constructs/monitoring/activity-log';
import { DefenderPlans } from '../constructs/monitoring/defender';
import { HubAttachment } from '../constructs/network/hub-attachment';
import { RegionalNetworkWatcher } from '../constructs/network/network-watcher';
import { SpokeNetwork, spokeVirtualNetworkName } from '../constructs/network/spoke-network';
import { AiWorkload } from '../constructs/ai/ai-workload';
import { OpenAiAlerts } from '../constructs/monitoring/openai-alerts';
import { workloadResourceProviders } from '../azure/resource-providers';
import { BaseStack } from './base-stack';
import { PlatformReferences, vendedSubscriptionAlias, workloadNamer } from './platform-references';

/**
 * `workload-<name>`: one AI workload in its own subscription, and everything that exists because of it,
 * including the hub side of its peering and its private DNS zone links in the platform subscription
 * (through the aliased provider `azurerm.platform`). One apply, after governance and platform.
 *
 * Values Azure generates are looked up at plan time, never typed in: a vended subscription's ID by its
 * alias (governance), the workspace's customer ID from the workspace (platform). Those lookups are also
 * what makes a plan fail while a predecessor is not applied yet (`predecessorLookups`).
 */
export class WorkloadStack extends BaseStack {
  readonly namer: Namer;
  readonly resourceGroup: ResourceGroup;
  readonly appIdentity: UserAssignedIdentity;
  readonly network: SpokeNetwork;
  readonly hubAttachment: HubAttachment;
  readonly ai: AiWorkload;
  /** The azurerm provider for the platform subscription. */
  readonly platformProvider: TerraformProvider;

  constructor(scope: Construct, config: LandingZoneConfig, readonly workload: WorkloadConfig, readonly platform: PlatformReferences) {
    super(scope, `workload-${workload.name}`, {
      config,
      subscription: workload.subscriptionId ?? ((stack) => {
        stack.azapi(config.organization.tenantId);
        // The governance stack vended this subscription; its alias name is deterministic.
        const alias = new DataAzapiResource(stack, 'VendedSubscription', {
          arm: ARM_TYPES.subscriptionAlias,
          parentId: '/',
          name: vendedSubscriptionAlias(config, workload),
          responseExportValues: ['properties.subscriptionId'],
        });
        stack.predecessorLookups.push({ stack: 'governance', dataSource: `data.azapi_resource.${alias.friendlyUniqueId}`, what: `subscription alias ${vendedSubscriptionAlias(config, workload)}` });
        return alias.output('properties.subscriptionId');
      }),
      resourceProviders: workloadResourceProviders({ machineLearning: workload.machineLearning }),
    });
    const { organization } = config;
    this.namer = workloadNamer(config, workload);
    const tags = standardTags(organization.tags, { environment: workload.environment, workload: workload.name });
    this.azapi(organization.tenantId);
    this.platformProvider = this.azurermAlias('azurerm-platform', 'platform', config.platform.subscriptionId, organization.tenantId);

    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', { name: this.namer.name('resourceGroup'), location: workload.location, tags });
    this.appIdentity = new UserAssignedIdentity(this, 'AppIdentity', {
      name: this.namer.name('managedIdentity', 'app'),
      resourceGroupName: this.resourceGroup.name,
      location: workload.location,
      tags,
    });

    // The workspace GUID (customer ID) exists only once the platform is applied: traffic analytics needs it.
    // Read with azapi: the azurerm data source would also store the workspace's shared keys in this state.
    const workspace = new DataAzapiResource(this, 'PlatformWorkspace', {
      arm: ARM_TYPES.logAnalyticsWorkspace,
      resourceId: platform.logAnalyticsWorkspaceId,
      responseExportValues: ['properties.customerId'],
    });
    this.predecessorLookups.push({ stack: 'platform', dataSource: `data.azapi_resource.${workspace.friendlyUniqueId}`, what: `Log Analytics workspace ${platform.logAnalyticsWorkspaceName}` });

    const networkWatcher = new RegionalNetworkWatcher(this, 'NetworkWatcher', { subscriptionId: this.subscriptionId, location: workload.location, tags });
    this.network = new SpokeNetwork(this, 'Network', {
      namer: this.namer,
      resourceGroupName: this.resourceGroup.name,
      location: workload.location,
      addressSpace: workload.addressSpace,
      hubVirtualNetworkId: platform.hubVirtualNetworkId,
      logAnalyticsWorkspaceId: platform.logAnalyticsWorkspaceId,
      trafficAnalytics: { workspaceCustomerId: workspace.output('properties.customerId'), workspaceRegion: organization.primaryLocation },
      blobPrivateDnsZoneId: platform.privateDnsZoneId(config, 'privatelink.blob.core.windows.net'),
      networkWatcher: { id: networkWatcher.id, resource: networkWatcher.resource },
      tags,
    });
    this.hubAttachment = new HubAttachment(this, 'HubAttachment', {
      spokeVirtualNetworkId: this.network.virtualNetworkId,
      spokeVirtualNetworkName: spokeVirtualNetworkName(this.namer),
      hub: { subscriptionId: config.platform.subscriptionId, resourceGroupName: platform.resourceGroupName, virtualNetworkName: platform.hubVirtualNetworkName },
      peeringName: platform.hubPeeringName(workload.name),
      platformProvider: this.platformProvider,
      privateDnsResourceGroupId: platform.privateDnsResourceGroupId(config),
      privateDnsProvider: this.privateDnsProvider(config),
      tags,
    });

    this.ai = new AiWorkload(this, 'Ai', {
      namer: this.namer,
      tags,
      location: workload.location,
      resourceGroupName: this.resourceGroup.name,
      resourceGroupId: this.resourceGroup.id,
      tenantId: organization.tenantId,
      logAnalyticsWorkspaceId: platform.logAnalyticsWorkspaceId,
      privateEndpointSubnetId: this.network.privateEndpointSubnetId,
      dnsZoneId: (zone) => platform.privateDnsZoneId(config, zone),
      appIdentity: this.appIdentity,
      developersGroupObjectId: workload.access.developersGroupObjectId,
      openai: { kind: workload.openai.kind, deployments: workload.openai.deployments },
      // Versions are pinned everywhere: an experiment that silently changes model is not reproducible either.
      pinModelVersions: true,
      machineLearning: workload.machineLearning,
      customerManagedKeys: workload.encryption.customerManagedKeys,
      deleteLock: workload.deleteLock,
    });
    new OpenAiAlerts(this, 'OpenAiAlerts', {
      accountId: this.ai.openAi.id,
      actionGroupId: platform.securityActionGroupId,
      resourceGroupName: this.resourceGroup.name,
      namePrefix: this.namer.name('metricAlert', 'oai'),
      tags,
    });

    // Monitoring of the subscription itself: Defender plans with continuous export, and the activity log.
    new DefenderPlans(this, 'Defender', {
      subscriptionId: this.subscriptionId,
      workspaceId: platform.logAnalyticsWorkspaceId,
      securityContactEmail: organization.securityContactEmail,
      resourceGroupName: this.resourceGroup.name,
      location: workload.location,
      containers: workload.machineLearning,
      tags,
    });
    new ActivityLogExport(this, 'ActivityLog', { subscriptionId: this.subscriptionId, workspaceId: platform.logAnalyticsWorkspaceId });

    // Non-sensitive values an application team needs; never a key, secret or connection string.
    new TerraformOutput(this, 'app_identity_client_id', {
      description: 'Client ID of the application identity (set AZURE_CLIENT_ID to it in the app).',
      value: this.appIdentity.clientId,
    });
    new TerraformOutput(this, 'openai_endpoint', { description: 'Azure OpenAI endpoint (reachable through the private endpoint; Entra ID auth only).', value: this.ai.openAiEndpoint });
    new TerraformOutput(this, 'openai_deployment_names', { description: 'Model deployment names.', value: this.ai.deploymentNames });
    new TerraformOutput(this, 'key_vault_uri', { description: 'URI of the workload Key Vault.', value: this.ai.keyVaultUri });
    if (this.ai.mlWorkspaceId) {
      new TerraformOutput(this, 'ml_workspace_id', { description: 'Resource ID of the Azure Machine Learning workspace.', value: this.ai.mlWorkspaceId });
    }
  }

  /** The provider for the private DNS zones: the platform alias, or a `dns` alias when a platform team's zones live in another subscription. */
  private privateDnsProvider(config: LandingZoneConfig): TerraformProvider {
    const dns = config.platform.privateDns;
    if (dns.mode !== 'existing') return this.platformProvider;
    const dnsSubscription = dns.resourceGroupId!.split('/')[2];
    if (dnsSubscription.toLowerCase() === config.platform.subscriptionId.toLowerCase()) return this.platformProvider;
    return this.azurermAlias('azurerm-dns', 'dns', dnsSubscription, config.organization.tenantId);
  }
}
