/**
 * Microsoft Defender for Cloud plans (the `Microsoft.Security/pricings` of a subscription): names, sub-plans
 * and extensions, and the built-in policies that deploy them.
 *
 * Sources, read 2026-11-26:
 * - Plan names (`resource_type`): azurerm v4.55.0 website/docs/r/security_center_subscription_pricing.html.markdown
 *   and its validator (internal/services/securitycenter/security_center_subscription_pricing_resource.go:59-81).
 * - Extensions of each plan: the deployment templates of Microsoft's "full features" DeployIfNotExists
 *   built-ins (Azure/azure-policy @ f4a50bac, `../shared/reference/azure-policy-rules.json`): AI 359a48a3
 *   v1.1.0, Storage cfdc5972 v1.5.0, CSPM 72f8cee7 v1.0.0, Containers efd4031d v1.5.0; every one of them
 *   enables all its extensions by default. `npm run check:reference` compares the lists with those templates.
 * - The provider sends `isEnabled = false` for every extension the backend reports that the configuration
 *   does not list (`…pricing_resource.go:332-381`; doc: "If an extension is not defined, it will not be
 *   enabled"), so a plan must list every extension it wants on (review F19).
 * - `AgentlessVmScanning` with `ExclusionTags = "[]"`: the provider documentation's own CSPM example.
 * - Sub-plans: DefenderForStorageV2 (the only sub-plan with malware scanning), PerKeyVault, PerSubscription
 *   (the per-subscription Resource Manager and Key Vault plans; the per-transaction/per-API-call ones are
 *   the legacy pricing).
 */

export interface DefenderExtensionFact {
  readonly name: string;
  /** `additional_extension_properties` the plan needs. @default none */
  readonly properties?: Readonly<Record<string, string>>;
}

export interface DefenderPlanFact {
  /** `Microsoft.Security/pricings/<name>` and azurerm `resource_type`. */
  readonly resourceType: string;
  readonly subplan?: string;
  /** Every extension of the plan (all on, as Microsoft's full-feature built-in deploys it). */
  readonly extensions: readonly DefenderExtensionFact[];
  /** The built-in "full features" DeployIfNotExists definition the extension list is taken from. */
  readonly extensionSource?: string;
}

export const DEFENDER_PLANS = {
  ai: {
    resourceType: 'AI',
    extensions: [{ name: 'AIPromptEvidence' }, { name: 'AIPromptSharingWithPurview' }],
    extensionSource: '359a48a3-351a-4618-bb32-f1628645694b',
  },
  storage: {
    resourceType: 'StorageAccounts', subplan: 'DefenderForStorageV2',
    // CapGBPerMonthPerStorageAccount is set by the construct (config), not a fixed fact.
    extensions: [{ name: 'OnUploadMalwareScanning' }, { name: 'SensitiveDataDiscovery' }],
    extensionSource: 'cfdc5972-75b3-4418-8ae1-7f5c36839390',
  },
  keyVaults: { resourceType: 'KeyVaults', subplan: 'PerKeyVault', extensions: [] },
  arm: { resourceType: 'Arm', subplan: 'PerSubscription', extensions: [] },
  cloudPosture: {
    resourceType: 'CloudPosture',
    extensions: [
      { name: 'SensitiveDataDiscovery' }, { name: 'ContainerRegistriesVulnerabilityAssessments' }, { name: 'AgentlessDiscoveryForKubernetes' },
      { name: 'AgentlessVmScanning', properties: { ExclusionTags: '[]' } }, { name: 'EntraPermissionsManagement' },
    ],
    extensionSource: '72f8cee7-2937-403d-84a1-a4e3e57f3c21',
  },
  containers: {
    resourceType: 'Containers',
    extensions: [
      { name: 'ContainerRegistriesVulnerabilityAssessments' }, { name: 'AgentlessDiscoveryForKubernetes' },
      { name: 'AgentlessVmScanning', properties: { ExclusionTags: '[]' } }, { name: 'ContainerSensor' }, { name: 'ContainerIntegrityContribution' },
    ],
    extensionSource: 'efd4031d-b232-4595-babf-ae817348e91b',
  },
} as const satisfies Record<string, DefenderPlanFact>;

/** The plan facts by `resource_type`, case-insensitively. */
export function defenderPlan(resourceType: string): DefenderPlanFact | undefined {
  return Object.values(DEFENDER_PLANS).find((p) => p.resourceType.toLowerCase() === resourceType.toLowerCase());
}

/** The ID of a subscription's pricing, as the azurerm importer parses it (v4.55.0 internal/services/securitycenter/parse/pricing.go:37). */
export function defenderPricingId(subscriptionId: string, resourceType: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Security/pricings/${resourceType}`;
}

/**
 * "Configure basic Microsoft Defender for Storage to be enabled (Activity Monitoring only)": its deployment
 * switches OnUploadMalwareScanning and SensitiveDataDiscovery off (review F12). Never assigned by ailz.
 */
export const DEFENDER_BASIC_STORAGE_DEFINITION = '17bc14a7-92e1-4551-8b8c-80f36953e166';

/**
 * Every built-in definition whose DeployIfNotExists deploys a `Microsoft.Security/pricings` (the plan it
 * deploys): a second owner of a plan Terraform manages. Derived from the built-ins whose
 * `then.details.type` is Microsoft.Security/pricings and whose effects include DeployIfNotExists;
 * `npm run check:reference` re-derives the list.
 */
export const DEFENDER_DEPLOY_DEFINITIONS: readonly { readonly id: string; readonly plan: string }[] = [
  { id: '080fedce-9d4a-4d07-abf0-9f036afbc9c8', plan: 'VirtualMachines' },
  { id: '133047bf-1369-41e3-a3be-74a11ed1395a', plan: 'KubernetesService' },
  { id: '17bc14a7-92e1-4551-8b8c-80f36953e166', plan: 'StorageAccounts' },
  { id: '1b8c0040-b224-4ea1-be6a-47254dd5a207', plan: 'VirtualMachines' },
  { id: '1f725891-01c0-420a-9059-4fa46cb770b7', plan: 'KeyVaults' },
  { id: '2370a3c1-4a25-4283-a91a-c9c1a145fb2f', plan: 'Dns' },
  { id: '359a48a3-351a-4618-bb32-f1628645694b', plan: 'AI' },
  { id: '44433aa3-7ec2-4002-93ea-65c65ff0310a', plan: 'OpenSourceRelationalDatabases' },
  { id: '50ea7265-7d8c-429e-9a7d-ca1f410191c3', plan: 'SqlServerVirtualMachines' },
  { id: '5eb6d64a-4086-4d7a-92da-ec51aed0332d', plan: 'VirtualMachines' },
  { id: '5f57b753-04b4-4e5e-aa31-c8888984497a', plan: 'VirtualMachines' },
  { id: '689f7782-ef2c-4270-a6d0-7664869076bd', plan: 'CloudPosture' },
  { id: '72f8cee7-2937-403d-84a1-a4e3e57f3c21', plan: 'CloudPosture' },
  { id: '74c30959-af11-47b3-9ed2-a26e03f427a3', plan: 'StorageAccounts' },
  { id: '7e92882a-2f8a-4991-9bc4-d3147d40abb0', plan: 'AI' },
  { id: '82bf5b87-728b-4a74-ba4d-6123845cf542', plan: 'CosmosDbs' },
  { id: '8e86a5b6-b9bd-49d1-8e21-4bb8a0862222', plan: 'VirtualMachines' },
  { id: '9e4879d9-c2a0-4e40-8017-1a5a5327c843', plan: 'VirtualMachines' },
  { id: 'ac076320-ddcf-4066-b451-6154267e8ad2', plan: 'VirtualMachines' },
  { id: 'b40e7bcd-a1e5-47fe-b9cf-2f534d0bfb7d', plan: 'AppServices' },
  { id: 'b7021b2b-08fd-4dc0-9de7-3c6ece09faf9', plan: 'Arm' },
  { id: 'b99b73e7-074b-4089-9395-b7236f094491', plan: 'SqlServers' },
  { id: 'c9ddb292-b203-4738-aead-18e2716e858f', plan: 'Containers' },
  { id: 'cfdc5972-75b3-4418-8ae1-7f5c36839390', plan: 'StorageAccounts' },
  { id: 'd3d1e68e-49d4-4b56-acff-93cef644b432', plan: 'ContainerRegistry' },
  { id: 'e54d2be9-5f2e-4d65-98e4-4f0e670b23d6', plan: 'Api' },
  { id: 'efd4031d-b232-4595-babf-ae817348e91b', plan: 'Containers' },
  { id: 'f6ff485a-7630-4730-854d-cd3ad855435e', plan: 'VirtualMachines' },
];
