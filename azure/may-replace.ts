/**
 * Replacements the schema does not show: the azurerm provider decides them in a resource's
 * CustomizeDiff from the old and new values at plan time, so a review of two synth outputs can only
 * say "may replace" (the plan itself, `ailz review-plan`, says for sure). And the azapi provider's
 * replacement rules, which live in plan modifiers rather than in a published schema.
 *
 * Sources (read 2026-11-26):
 * - azurerm: hashicorp/terraform-provider-azurerm v4.55.0, every `CustomizeDiff` of the resource types
 *   in force-new.ts that calls `ForceNew`/`ForceNewIfChange` (`git grep -n -E "ForceNewIf(Change)?\(|\.ForceNew\("
 *   v4.55.0 -- internal/services`); CustomizeDiffs that only validate (api_management_api, subnet,
 *   network_watcher_flow_log, monitor_activity_log_alert, ...) force nothing and are not listed.
 * - azapi: Azure/terraform-provider-azapi v2.12.0, internal/services/azapi_resource.go and
 *   azapi_update_resource.go, docs/resources/resource.md.
 */

export interface MayReplaceFact {
  /** Dotted attribute path (nested blocks as in force-new.ts). */
  readonly path: string;
  /** When the provider replaces, in its own terms. */
  readonly when: string;
  /** `<file>:<line>` in the provider repository at the tag. */
  readonly source: string;
}

const AZURERM = 'hashicorp/terraform-provider-azurerm v4.55.0';

export const MAY_REPLACE_SOURCE = { azurerm: AZURERM, azapi: 'Azure/terraform-provider-azapi v2.12.0', read: '2026-11-26' } as const;

/** azurerm resource type -> attributes whose change CustomizeDiff may turn into a replacement. */
export const AZURERM_MAY_REPLACE: Readonly<Record<string, readonly MayReplaceFact[]>> = {
  azurerm_api_management: [
    { path: 'virtual_network_type', when: 'any change except from None to Internal or External', source: 'internal/services/apimanagement/api_management_resource.go:92' },
    { path: 'virtual_network_configuration', when: 'changing or removing an existing subnet configuration', source: 'internal/services/apimanagement/api_management_resource.go:98' },
    { path: 'sku_name', when: 'moving between a V2 SKU and a classic SKU', source: 'internal/services/apimanagement/api_management_resource.go:102' },
  ],
  azurerm_cognitive_account: [
    { path: 'customer_managed_key', when: 'removing the customer-managed key while project_management_enabled is true', source: 'internal/services/cognitive/cognitive_account_resource.go:372' },
    { path: 'project_management_enabled', when: 'turning project management off', source: 'internal/services/cognitive/cognitive_account_resource.go:377' },
    { path: 'custom_subdomain_name', when: 'changing a subdomain that was already set', source: 'internal/services/cognitive/cognitive_account_resource.go:400' },
  ],
  azurerm_key_vault_key: [
    { path: 'expiration_date', when: 'removing an expiration date that was set', source: 'internal/services/keyvault/key_vault_key_resource.go:262' },
  ],
  azurerm_log_analytics_workspace: [
    { path: 'sku', when: 'any SKU change except from LACluster or between CapacityReservation and PerGB2018', source: 'internal/services/loganalytics/log_analytics_workspace_resource.go:222' },
  ],
  azurerm_policy_definition: [
    { path: 'parameters', when: 'removing parameters (fewer, or none, than before)', source: 'internal/services/policy/policy_definition_resource.go:54' },
  ],
  azurerm_public_ip: [
    { path: 'domain_name_label_scope', when: 'changing or removing a scope that was set', source: 'internal/services/network/public_ip_resource.go:182' },
  ],
  azurerm_search_service: [
    { path: 'sku', when: 'anything but an upgrade along basic -> standard -> standard2 -> standard3', source: 'internal/services/search/search_service_resource.go:729' },
  ],
  azurerm_storage_account: [
    { path: 'account_kind', when: 'any kind change except the Storage -> StorageV2 upgrade', source: 'internal/services/storage/storage_account_resource.go:1120' },
    { path: 'large_file_share_enabled', when: 'turning large file shares off', source: 'internal/services/storage/storage_account_resource.go:1130' },
    { path: 'immutability_policy.state', when: 'changing a Locked immutability policy', source: 'internal/services/storage/storage_account_resource.go:1182' },
    { path: 'account_replication_type', when: 'moving between zone-redundant (ZRS, GZRS, RAGZRS) and non-zonal (LRS, GRS, RAGRS) replication', source: 'internal/services/storage/storage_account_resource.go:1188' },
  ],
  azurerm_storage_container: [
    { path: 'storage_account_id', when: 'changing the account of a container addressed by resource manager ID', source: 'internal/services/storage/storage_container_resource.go:155' },
    { path: 'storage_account_name', when: 'changing the account of a container addressed by data-plane ID', source: 'internal/services/storage/storage_container_resource.go:165' },
  ],
};

/**
 * azapi_resource (v2.12.0): attributes whose change always replaces. `name` and `parent_id` carry
 * RequiresReplace (azapi_resource.go:185-199, docs/resources/resource.md "If the value of this attribute
 * changes, Terraform will destroy and recreate the resource"); a location change (compared normalized)
 * replaces in ModifyPlan (azapi_resource.go:734); `replace_triggers_external_values` replaces when both
 * old and new values are non-null (azapi_resource.go:288). The api-version part of `type` does not
 * replace: `type` has no plan modifier (azapi_resource.go:206-212), and a body that ARM reports unchanged
 * under the new version is not even an update (ModifyPlan, "If the api-version is changed, but the body
 * is not changed").
 */
export const AZAPI_FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
  azapi_resource: ['location', 'name', 'parent_id', 'replace_triggers_external_values'],
  azapi_update_resource: ['name', 'parent_id', 'resource_id'],
};

/** azapi changes that may replace, or worse. */
export const AZAPI_MAY_REPLACE: readonly MayReplaceFact[] = [
  {
    path: 'type',
    when: 'the ARM resource type changes (not only the api-version): azapi plans it as an in-place update that creates the resource at the new ID and leaves the old one in Azure',
    source: 'internal/services/azapi_resource.go:206-212 (type has no plan modifier), :844 (the update PUTs the ID built from the new type)',
  },
  {
    path: 'body',
    when: 'a body path listed in replace_triggers_refs changes',
    source: 'internal/services/azapi_resource.go:737-775',
  },
];
