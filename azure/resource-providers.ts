/**
 * Azure resource-provider namespaces, spelled exactly as Azure Resource Manager returns them.
 *
 * Why the spelling matters (review F28): azurerm 4.55.0 decides what to register by an exact,
 * case-sensitive map lookup of each `resource_providers_to_register` entry in the registered and
 * unregistered lists ARM returns; an entry found in neither is only logged as a warning and skipped
 * (hashicorp/terraform-provider-azurerm v4.55.0 `internal/resourceproviders/requiring_registration.go:17-27`).
 * ARM spells the Insights namespace `microsoft.insights`, and the provider's own lists use that
 * spelling (`internal/resourceproviders/required.go:85` and `:202`); `Microsoft.Insights` silently
 * registers nothing, so diagnostic settings and alerts in a fresh subscription fail with
 * `MissingSubscriptionRegistration`.
 *
 * Source of every spelling below: the same `required.go` at v4.55.0 (read 2026-11-26), which lists the
 * namespaces as ARM's `GET /subscriptions/{id}/providers` returns them.
 */
export const RESOURCE_PROVIDER_NAMESPACES = [
  'Microsoft.ApiManagement',
  'Microsoft.Authorization',
  'Microsoft.CognitiveServices',
  'Microsoft.Compute',
  'Microsoft.ContainerRegistry',
  'Microsoft.ContainerService',
  'Microsoft.CostManagement',
  'Microsoft.KeyVault',
  'Microsoft.MachineLearningServices',
  'Microsoft.ManagedIdentity',
  'Microsoft.Management',
  'Microsoft.Network',
  'Microsoft.OperationalInsights',
  'Microsoft.OperationsManagement',
  'Microsoft.PolicyInsights',
  'Microsoft.Resources',
  'Microsoft.Search',
  'Microsoft.Security',
  'Microsoft.SecurityInsights',
  'Microsoft.Storage',
  'Microsoft.Web',
  'microsoft.insights',
] as const;

export type ResourceProviderNamespace = (typeof RESOURCE_PROVIDER_NAMESPACES)[number];

const BY_LOWER = new Map<string, ResourceProviderNamespace>(RESOURCE_PROVIDER_NAMESPACES.map((n) => [n.toLowerCase(), n]));

/**
 * ARM's spelling of a namespace ailz knows, looked up case-insensitively (`Microsoft.Insights` ->
 * `microsoft.insights`); undefined for a namespace not in the table.
 */
export function armSpelling(namespace: string): ResourceProviderNamespace | undefined {
  return BY_LOWER.get(namespace.toLowerCase());
}

/** Resource providers the platform subscription uses (hub network, workspace, Sentinel, alerting). */
export const PLATFORM_RESOURCE_PROVIDERS: readonly ResourceProviderNamespace[] = [
  'Microsoft.ManagedIdentity',
  'Microsoft.Network',
  'Microsoft.OperationalInsights',
  'Microsoft.OperationsManagement',
  'Microsoft.SecurityInsights',
  'Microsoft.Storage',
  'microsoft.insights',
];

/**
 * The platform's providers with the shared AI gateway (`Microsoft.ApiManagement`; a Premium v2 gateway's
 * subnet is delegated to `Microsoft.Web/hostingEnvironments`, Learn "inject-vnet-v2": "You might need to
 * register the Microsoft.Web/hostingEnvironments resource provider").
 */
export function platformResourceProviders(options: { readonly apiManagement?: 'classic' | 'v2' }): ResourceProviderNamespace[] {
  return [
    ...PLATFORM_RESOURCE_PROVIDERS,
    ...(options.apiManagement ? (['Microsoft.ApiManagement'] as const) : []),
    ...(options.apiManagement === 'v2' ? (['Microsoft.Web'] as const) : []),
  ].sort();
}

/** Resource providers the governance stack's subscription (the platform subscription) needs for its own resources. */
export const GOVERNANCE_RESOURCE_PROVIDERS: readonly ResourceProviderNamespace[] = ['Microsoft.Management', 'Microsoft.PolicyInsights'];

/**
 * Resource providers a workload subscription needs registered, for the workload stack's azurerm
 * provider: `resource_provider_registrations = "none"` plus `resource_providers_to_register = <this>`.
 */
export function workloadResourceProviders(options: {
  readonly machineLearning: boolean;
  /** An isolated AI gateway in the subscription (`Microsoft.ApiManagement`; Premium v2 also delegates its subnet to `Microsoft.Web`). */
  readonly apiManagement?: 'classic' | 'v2';
}): ResourceProviderNamespace[] {
  const providers: ResourceProviderNamespace[] = [
    'Microsoft.CognitiveServices',
    'Microsoft.KeyVault',
    'Microsoft.ManagedIdentity',
    'Microsoft.Network',
    'Microsoft.OperationalInsights',
    'Microsoft.PolicyInsights',
    'Microsoft.Security',
    'Microsoft.Storage',
    'microsoft.insights',
    ...(options.machineLearning ? (['Microsoft.ContainerRegistry', 'Microsoft.MachineLearningServices'] as const) : []),
    ...(options.apiManagement ? (['Microsoft.ApiManagement'] as const) : []),
    ...(options.apiManagement === 'v2' ? (['Microsoft.Web'] as const) : []),
  ];
  return providers.sort();
}
