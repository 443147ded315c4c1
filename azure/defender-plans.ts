/**
 * Microsoft Defender for Cloud plans (the `Microsoft.Security/pricings` of a subscription): plan names
 * (`resource_type`), sub-plans and extension names, as the Microsoft.Security pricings API spells them.
 * Constructs deploy them (constructs/monitoring/defender.ts) and `ailz assess` checks them live, both from here.
 *
 * Sources (read 2026-09-01): azurerm v4.55.0 `security_center_subscription_pricing` resource_type values
 * (website/docs/r/security_center_subscription_pricing.html.markdown); extension names from the
 * Microsoft.Security pricings API reference: AIPromptEvidence "available for AI plan", OnUploadMalwareScanning
 * and SensitiveDataDiscovery "available for StorageAccounts plan (DefenderForStorageV2 sub plan)".
 */
export const DEFENDER_PLANS = {
  ai: { resourceType: 'AI', extensions: ['AIPromptEvidence'] },
  storage: { resourceType: 'StorageAccounts', subplan: 'DefenderForStorageV2', extensions: ['OnUploadMalwareScanning', 'SensitiveDataDiscovery'] },
  keyVaults: { resourceType: 'KeyVaults', subplan: 'PerKeyVault', extensions: [] },
  arm: { resourceType: 'Arm', subplan: 'PerSubscription', extensions: [] },
  cloudPosture: { resourceType: 'CloudPosture', extensions: ['SensitiveDataDiscovery'] },
  containers: {
    resourceType: 'Containers',
    extensions: ['AgentlessDiscoveryForKubernetes', 'ContainerRegistriesVulnerabilityAssessments', 'ContainerSensor'],
  },
} as const;

/** The ID of a subscription's pricing of a plan (`Microsoft.Security/pricings/<resourceType>`). */
export function defenderPricingId(subscriptionId: string, resourceType: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Security/pricings/${resourceType}`;
}
