import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { LandingZoneConfig, WorkloadConfig } from '../config/load';
import { Namer } from '../constructs/core/naming';
import { ResourceGroup } from '../constructs/core/resource-group';
import { standardTags } from '../constructs/core/tags';
import { UserAssignedIdentity } from '../constructs/identity/user-assigned-identity';
import { ActivityLogExport } from '../constructs/monitoring/activity-log';
import { DefenderPlans } from '../constructs/monitoring/defender';
import { BaseStack } from './base-stack';
import { PlatformReferences } from './platform-references';

/** Resource providers every workload subscription needs; ML adds its own. */
export function workloadResourceProviders(workload: WorkloadConfig): string[] {
  const providers = [
    'Microsoft.CognitiveServices',
    'Microsoft.Insights',
    'Microsoft.KeyVault',
    'Microsoft.ManagedIdentity',
    'Microsoft.Network',
    'Microsoft.OperationalInsights',
    'Microsoft.PolicyInsights',
    'Microsoft.Security',
    'Microsoft.Storage',
  ];
  if (workload.machineLearning) providers.push('Microsoft.ContainerRegistry', 'Microsoft.MachineLearningServices');
  return providers.sort();
}

/** `workload-<name>`: one AI workload in its own subscription. */
export class WorkloadStack extends BaseStack {
  readonly namer: Namer;
  readonly resourceGroup: ResourceGroup;
  readonly appIdentity: UserAssignedIdentity;

  constructor(scope: Construct, config: LandingZoneConfig, readonly workload: WorkloadConfig, readonly platform: PlatformReferences) {
    super(scope, `workload-${workload.name}`, {
      config,
      subscription: workload.subscriptionId ?? 'variable',
      resourceProviders: workloadResourceProviders(workload),
    });
    const { organization } = config;
    this.namer = new Namer({ prefix: organization.prefix, tenantId: organization.tenantId, workload: workload.name, environment: workload.environment, location: workload.location });
    const tags = standardTags(organization.tags, { environment: workload.environment, workload: workload.name });

    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', { name: this.namer.name('resourceGroup'), location: workload.location, tags });
    this.appIdentity = new UserAssignedIdentity(this, 'AppIdentity', {
      name: this.namer.name('managedIdentity', 'app'),
      resourceGroupName: this.resourceGroup.name,
      location: workload.location,
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

    new TerraformOutput(this, 'app_identity_client_id', {
      description: 'Client ID of the application identity (set AZURE_CLIENT_ID to it in the app).',
      value: this.appIdentity.clientId,
    });
  }
}
