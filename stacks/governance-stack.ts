import { Construct } from 'constructs';
import type { LandingZoneConfig } from '../config/load';
import { BaseStack } from './base-stack';

/**
 * Tenant and management-group scope: the AI management groups, policy guardrails, subscription
 * vending and privileged access. Its provider authenticates against the platform subscription
 * (azurerm 4 requires one), but everything it manages lives at management-group or tenant scope.
 */
export class GovernanceStack extends BaseStack {
  constructor(scope: Construct, config: LandingZoneConfig) {
    super(scope, 'governance', { config, subscription: config.platform.subscriptionId, resourceProviders: ['Microsoft.Management', 'Microsoft.PolicyInsights'] });
  }
}
