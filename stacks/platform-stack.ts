import { Construct } from 'constructs';
import type { LandingZoneConfig } from '../config/load';
import { ResourceGroup } from '../constructs/core/resource-group';
import { standardTags } from '../constructs/core/tags';
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

/** The platform subscription: hub resource group and shared monitoring. */
export class PlatformStack extends BaseStack {
  readonly refs: PlatformReferences;
  readonly resourceGroup: ResourceGroup;

  constructor(scope: Construct, config: LandingZoneConfig) {
    super(scope, 'platform', { config, subscription: config.platform.subscriptionId, resourceProviders: PLATFORM_RESOURCE_PROVIDERS });
    this.refs = new PlatformReferences(config);
    const tags = standardTags(config.organization.tags, { environment: 'platform', workload: 'platform' });
    const location = config.organization.primaryLocation;

    this.resourceGroup = new ResourceGroup(this, 'ResourceGroup', { name: this.refs.resourceGroupName, location, tags });
  }
}
