import { Construct } from 'constructs';
import { TerraformOutput, TerraformVariable } from 'cdktf';
import type { LandingZoneConfig, WorkloadConfig } from '../config/load';
import { Namer } from '../constructs/core/naming';
import { ResourceGroup } from '../constructs/core/resource-group';
import { standardTags } from '../constructs/core/tags';
import { UserAssignedIdentity } from '../constructs/identity/user-assigned-identity';
import { ActivityLogExport } from '../constructs/monitoring/activity-log';
import { DefenderPlans } from '../constructs/monitoring/defender';
import { SpokeNetwork } from '../constructs/network/spoke-network';
import { AiWorkload } from '../constructs/ai/ai-workload';
import { OpenAiAlerts } from '../constructs/monitoring/openai-alerts';
import { workloadResourceProviders } from '../azure/resource-providers';
import { BaseStack } from './base-stack';
import { PlatformReferences, workloadNamer } from './platform-references';

/** `workload-<name>`: one AI workload in its own subscription. */
export class WorkloadStack extends BaseStack {
  readonly namer: Namer;
  readonly resourceGroup: ResourceGroup;
  readonly appIdentity: UserAssignedIdentity;
  readonly network: SpokeNetwork;
  readonly ai: AiWorkload;

  constructor(scope: Construct, config: LandingZoneConfig, readonly workload: WorkloadConfig, readonly platform: PlatformReferences) {
    super(scope, `workload-${workload.name}`, {
      config,
      subscription: workload.subscriptionId ?? 'variable',
      resourceProviders: workloadResourceProviders({ machineLearning: workload.machineLearning }),
    });
    const { organization } = config;
    this.namer = workloadNamer(config, workload);
    const tags = standardTags(organization.tags, { environment: workload.environment, workload: workload.name });

    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', { name: this.namer.name('resourceGroup'), location: workload.location, tags });
    this.appIdentity = new UserAssignedIdentity(this, 'AppIdentity', {
      name: this.namer.name('managedIdentity', 'app'),
      resourceGroupName: this.resourceGroup.name,
      location: workload.location,
      tags,
    });

    // The workspace GUID (customer ID) exists only once the platform is applied: traffic analytics needs it.
    const workspaceCustomerId = new TerraformVariable(this, 'log_analytics_workspace_customer_id', {
      type: 'string',
      nullable: false,
      description: 'Workspace (customer) ID of the platform Log Analytics workspace, for traffic analytics (terraform -chdir=<out>/stacks/platform output -raw log_analytics_workspace_customer_id).',
    });
    this.network = new SpokeNetwork(this, 'Network', {
      namer: this.namer,
      resourceGroupName: this.resourceGroup.name,
      location: workload.location,
      addressSpace: workload.addressSpace,
      hubVirtualNetworkId: platform.hubVirtualNetworkId,
      logAnalyticsWorkspaceId: platform.logAnalyticsWorkspaceId,
      trafficAnalytics: { workspaceCustomerId: workspaceCustomerId.stringValue, workspaceRegion: organization.primaryLocation },
      blobPrivateDnsZoneId: platform.privateDnsZoneId(config, 'privatelink.blob.core.windows.net'),
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
}
