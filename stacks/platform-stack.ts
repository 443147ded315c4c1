import { Construct } from 'constructs';
import type { LandingZoneConfig } from '../config/load';
import { ResourceGroup } from '../constructs/core/resource-group';
import { standardTags } from '../constructs/core/tags';
import { DeleteLock } from '../constructs/governance/locks';
import { SecurityActionGroup } from '../constructs/monitoring/action-group';
import { LogAnalyticsWorkspace } from '../constructs/monitoring/log-analytics-workspace';
import { Sentinel } from '../constructs/monitoring/sentinel';
import { BaseStack } from './base-stack';
import { PlatformReferences } from './platform-references';

/** Resource providers the platform subscription uses. */
export const PLATFORM_RESOURCE_PROVIDERS = [
  'Microsoft.Insights',
  'Microsoft.ManagedIdentity',
  'Microsoft.Network',
  'Microsoft.OperationalInsights',
  'Microsoft.OperationsManagement',
  'Microsoft.SecurityInsights',
  'Microsoft.Storage',
] as const;

/** The platform subscription: hub network and private DNS, the security workspace with Sentinel, alerting. */
export class PlatformStack extends BaseStack {
  readonly refs: PlatformReferences;
  readonly resourceGroup: ResourceGroup;
  readonly workspace: LogAnalyticsWorkspace;

  constructor(scope: Construct, config: LandingZoneConfig) {
    super(scope, 'platform', { config, subscription: config.platform.subscriptionId, resourceProviders: PLATFORM_RESOURCE_PROVIDERS });
    this.refs = new PlatformReferences(config);
    const tags = standardTags(config.organization.tags, { environment: 'platform', workload: 'platform' });
    const location = config.organization.primaryLocation;

    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', { name: this.refs.resourceGroupName, location, tags });
    const resourceGroupName = this.resourceGroup.name;

    this.workspace = new LogAnalyticsWorkspace(this, 'LogAnalytics', {
      name: this.refs.logAnalyticsWorkspaceName,
      resourceGroupName,
      location,
      retentionInDays: config.platform.logRetentionDays,
      dailyQuotaGb: config.platform.logDailyQuotaGb,
      tags,
    });
    new DeleteLock(this, 'LogAnalyticsLock', {
      scope: this.workspace.workspaceId,
      notes: 'ailz: the security workspace holds every subscription\'s activity log and Sentinel data; remove this lock deliberately, never in passing.',
    });
    new Sentinel(this, 'Sentinel', {
      workspaceId: this.workspace.workspaceId,
      deploymentPrincipalIds: config.platform.deploymentPrincipalIds ?? [],
    });
    new SecurityActionGroup(this, 'SecurityActionGroup', {
      name: this.refs.securityActionGroupName,
      resourceGroupName,
      emails: [config.organization.securityContactEmail],
      tags,
    });
  }
}
