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
import { ApiGateway } from '../constructs/ai/api-gateway';
import { GatewayApi, GatewayRef } from '../constructs/ai/gateway-api';
import { planSpokeSubnets } from '../config/subnet-plan';
import { BaseStack } from './base-stack';
import { PlatformReferences, gatewayNames, isolatedGatewayKind, vendedSubscriptionAlias, workloadNamer } from './platform-references';

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
  /** The workload's own gateway (`gateway.isolated`). */
  readonly isolatedGateway?: ApiGateway;
  /** The workload's API on its gateway (shared or isolated); undefined with `gateway: false`. */
  readonly gatewayApi?: GatewayApi;

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
      resourceProviders: workloadResourceProviders({ machineLearning: workload.machineLearning, apiManagement: isolatedGatewayKind(workload) }),
    });
    const { organization } = config;
    this.namer = workloadNamer(config, workload);
    const tags = standardTags(organization.tags, { environment: workload.environment, workload: workload.name });
    // azapi: the CMK key and attach, ML settings, flow log, and the diagnostic settings of Cognitive Services, Key Vault and ML (constructs/core/diagnostics.ts).
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

    // The AI gateway (default: the shared platform gateway). Its subnet is the only source that may reach
    // the Azure OpenAI private endpoint.
    const gw = workload.gateway;
    const spokePlan = planSpokeSubnets(workload.addressSpace);
    if (typeof spokePlan === 'string') throw new Error(`workload ${workload.name}: ${spokePlan}`);
    const planned = (role: string) => spokePlan.find((p) => p.role === role)!.cidr;
    const gatewaySubnetCidr = gw ? (gw.isolated ? planned('api-management') : platform.gateway.subnetCidr) : undefined;

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
      ...(gatewaySubnetCidr ? { openAiGatewayAccess: { gatewaySubnetCidr } } : {}),
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
      ...(gw ? {
        gateway: {
          privateEndpointApplicationSecurityGroupIds: [this.network.openAiApplicationSecurityGroupId!],
          // Decision (README "AI gateway"): in experimentation developers keep OpenAI User on the account for
          // the Foundry playground and Azure ML connections (ML's managed network has its own private
          // endpoint); in production they call through the gateway like any application.
          developersKeepAccountAccess: workload.environment !== 'production',
        },
      } : {}),
    });
    if (gw) this.gatewayApi = this.addGateway(config, platform, gw, planned, tags);
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
    if (this.gatewayApi && config.platform.gateway) {
      new TerraformOutput(this, 'gateway_api_url', {
        description: 'Base URL of this workload\'s models on the AI gateway (use it as the Azure OpenAI endpoint; append /deployments/<name>/...).',
        value: this.gatewayApi.url,
      });
      new TerraformOutput(this, 'gateway_token_scope', {
        description: 'Scope applications request an Entra token for (the gateway app registration); the token needs an allowed app role.',
        value: `api://${config.platform.gateway.audienceAppId}/.default`,
      });
    }
    new TerraformOutput(this, 'openai_endpoint', {
      description: gw
        ? 'Azure OpenAI endpoint. Behind the AI gateway: only the gateway subnet reaches its private endpoint; applications use gateway_api_url.'
        : 'Azure OpenAI endpoint (reachable through the private endpoint; Entra ID auth only).',
      value: this.ai.openAiEndpoint,
    });
    new TerraformOutput(this, 'openai_deployment_names', { description: 'Model deployment names.', value: this.ai.deploymentNames });
    new TerraformOutput(this, 'key_vault_uri', { description: 'URI of the workload Key Vault.', value: this.ai.keyVaultUri });
    if (this.ai.mlWorkspaceId) {
      new TerraformOutput(this, 'ml_workspace_id', { description: 'Resource ID of the Azure Machine Learning workspace.', value: this.ai.mlWorkspaceId });
    }
  }

  /**
   * The workload's objects on its AI gateway: an isolated gateway of its own in the spoke, or its API, backend,
   * policy, role assignment and DNS link on the shared platform gateway (through the aliased
   * provider; the gateway's identity is read at plan time, so this stack waits for the platform's apply).
   */
  private addGateway(config: LandingZoneConfig, platform: PlatformReferences, gw: Exclude<WorkloadConfig['gateway'], false>,
    planned: (role: string) => string, tags: Record<string, string>): GatewayApi {
    const platformGateway = config.platform.gateway!;
    let ref: GatewayRef;
    if (gw.isolated) {
      const names = gatewayNames(this.namer);
      const promptLog = gw.promptLog ?? platformGateway.promptLog;
      const gateway = new ApiGateway(this, 'Gateway', {
        name: names.name,
        location: this.workload.location,
        resourceGroupName: this.resourceGroup.name,
        skuName: gw.sku!,
        publisherName: `${config.organization.prefix} ${this.workload.name}`,
        publisherEmail: platformGateway.publisherEmail,
        virtualNetwork: { id: this.network.virtualNetworkId, name: this.network.virtualNetworkName },
        subnet: { name: names.subnetName, networkSecurityGroupName: names.networkSecurityGroupName, cidr: planned('api-management') },
        logAnalyticsWorkspaceId: platform.logAnalyticsWorkspaceId,
        promptLog: { resourceGroupName: names.promptResourceGroupName, workspaceName: names.promptWorkspaceName, ...promptLog },
        tags,
      });
      (this as { isolatedGateway?: ApiGateway }).isolatedGateway = gateway;
      ref = { id: gateway.id, name: names.name, resourceGroupName: this.resourceGroup.name, principalId: gateway.principalId };
    } else {
      const identity = new DataAzapiResource(this, 'GatewayIdentity', {
        arm: ARM_TYPES.apiManagementService,
        resourceId: platform.gateway.id,
        responseExportValues: ['identity.principalId'],
      });
      this.predecessorLookups.push({ stack: 'platform', dataSource: `data.azapi_resource.${identity.friendlyUniqueId}`, what: `AI gateway ${platform.gateway.name}` });
      ref = {
        id: platform.gateway.id,
        name: platform.gateway.name,
        resourceGroupName: platform.resourceGroupName,
        principalId: identity.output('identity.principalId'),
      };
    }
    return new GatewayApi(this, 'GatewayApi', {
      gateway: ref,
      ...(gw.isolated ? {} : { gatewayProvider: this.platformProvider }),
      workloadName: this.workload.name,
      openAi: { id: this.ai.openAi.id, endpoint: this.ai.openAiEndpoint },
      policy: {
        tenantId: config.organization.tenantId,
        audienceAppId: platformGateway.audienceAppId,
        appRoles: gw.appRoles,
        clientApplicationIds: gw.clientApplicationIds,
        tokensPerMinute: gw.tokensPerMinute,
        ...(gw.tokenQuota ? { tokenQuota: gw.tokenQuota } : {}),
      },
      ...(gw.isolated ? {} : { spokeDnsLink: { virtualNetworkId: this.network.virtualNetworkId, virtualNetworkName: spokeVirtualNetworkName(this.namer) } }),
      tags,
    });
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
