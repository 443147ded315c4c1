/**
 * ARM facts about the resource types ailz deploys: the API version hashicorp/azurerm 4.55.0 sends each request
 * with (what Azure Policy's `requestContext().apiVersion` returns for it), and whether the type carries tags and
 * a location (what decides applicability in the policy mode `Indexed`).
 *
 * Sources, read 2026-11-26:
 * - API versions: the go-azure-sdk package each resource's create function imports in
 *   hashicorp/terraform-provider-azurerm @ v4.55.0 (`internal/services/<svc>/<file>.go:<line>` of the import below).
 * - `indexed`: Azure Policy "indexed: only evaluate resource types that support tags and location", with the
 *   exception of resource groups and subscriptions, which only mode `All` evaluates
 *   (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-basics#resource-manager-modes);
 *   a type counts as tagged-and-located when its ARM model in the same SDK package has both `tags` and `location`
 *   (for example `storageaccounts.StorageAccountCreateParameters`; `pricings.Pricing` has neither).
 */

export interface ArmTypeFacts {
  /** The API version of the provider's request for this type, or null when the type is not created through ARM by ailz. */
  readonly apiVersion: string | null;
  /** `file:line` of the SDK import that fixes the API version. */
  readonly source: string;
  /** Evaluated by mode `Indexed` (supports tags and location). */
  readonly indexed: boolean;
}

const f = (apiVersion: string | null, source: string, indexed: boolean): ArmTypeFacts => ({ apiVersion, source, indexed });

/** Keyed by lower-cased ARM type. */
export const ARM_TYPE_FACTS: Readonly<Record<string, ArmTypeFacts>> = {
  'microsoft.resources/subscriptions': f('2022-12-01', 'subscription/subscription_resource.go:18', false),
  'microsoft.resources/subscriptions/resourcegroups': f('2023-07-01', 'resource/resource_group_resource.go:18', false),
  'microsoft.storage/storageaccounts': f('2023-05-01', 'storage/storage_account_resource.go:25', true),
  'microsoft.storage/storageaccounts/blobservices': f('2023-05-01', 'storage/storage_account_resource.go:23', false),
  'microsoft.storage/storageaccounts/fileservices': f('2023-05-01', 'storage/storage_account_resource.go:24', false),
  'microsoft.storage/storageaccounts/queueservices': f(null, 'created by Azure with the account (the provider writes queue properties through the data plane)', false),
  'microsoft.storage/storageaccounts/tableservices': f(null, 'created by Azure with the account', false),
  'microsoft.storage/storageaccounts/managementpolicies': f('2023-05-01', 'storage/storage_management_policy_resource.go:16', false),
  'microsoft.keyvault/vaults': f('2023-02-01', 'keyvault/key_vault_resource.go:21', true),
  // azurerm_key_vault_key creates keys through the Key Vault data plane (kermit sdk keyvault 7.4,
  // keyvault/key_vault_key_resource.go:37): no ARM request for ARM-mode policies to judge at creation.
  'microsoft.keyvault/vaults/keys': f(null, 'keyvault/key_vault_key_resource.go:37', false),
  'microsoft.cognitiveservices/accounts': f('2025-06-01', 'cognitive/cognitive_account_resource.go:21', true),
  'microsoft.cognitiveservices/accounts/deployments': f('2025-06-01', 'cognitive/cognitive_deployment_resource.go:14', false),
  'microsoft.cognitiveservices/accounts/raipolicies': f('2025-06-01', 'cognitive/cognitive_account_rai_policy_resource.go:14', false),
  'microsoft.machinelearningservices/workspaces': f('2025-06-01', 'machinelearning/machine_learning_workspace_resource.go:20', true),
  'microsoft.machinelearningservices/workspaces/computes': f('2025-06-01', 'machinelearning/machine_learning_compute_cluster_resource.go:15', true),
  'microsoft.containerregistry/registries': f('2025-04-01', 'containers/container_registry_resource.go:23', true),
  'microsoft.insights/components': f('2020-02-02', 'applicationinsights/application_insights_resource.go:18', true),
  'microsoft.insights/diagnosticsettings': f('2021-05-01-preview', 'monitor/monitor_diagnostic_setting_resource.go:18', false),
  'microsoft.insights/metricalerts': f('2018-03-01', 'monitor/monitor_metric_alert_resource.go:21', true),
  'microsoft.insights/actiongroups': f('2023-01-01', 'monitor/monitor_action_group_resource.go:17', true),
  'microsoft.operationalinsights/workspaces': f('2022-10-01', 'loganalytics/log_analytics_workspace_resource.go:23', true),
  'microsoft.network/networksecuritygroups': f('2025-01-01', 'network/network_security_group_resource.go:16', true),
  'microsoft.network/networksecuritygroups/securityrules': f('2025-01-01', 'network/network_security_rule_resource.go:14', false),
  'microsoft.network/virtualnetworks': f('2025-01-01', 'network/virtual_network_resource.go:27', true),
  'microsoft.network/virtualnetworks/subnets': f('2025-01-01', 'network/subnet_resource.go:20', false),
  'microsoft.network/virtualnetworks/virtualnetworkpeerings': f('2025-01-01', 'network/virtual_network_peering_resource.go:15', false),
  'microsoft.network/privateendpoints': f('2025-01-01', 'network/private_endpoint_resource.go:25', true),
  'microsoft.network/privateendpoints/privatednszonegroups': f('2025-01-01', 'network/private_endpoint_resource.go:24', false),
  'microsoft.network/privatednszones': f('2024-06-01', 'privatedns/private_dns_zone_resource.go:17', true),
  'microsoft.network/privatednszones/virtualnetworklinks': f('2024-06-01', 'privatedns/private_dns_zone_virtual_network_link_resource.go:16', true),
  'microsoft.network/networkwatchers': f('2025-01-01', 'network/network_watcher_resource.go:15', true),
  'microsoft.network/networkwatchers/flowlogs': f('2025-01-01', 'network/network_watcher_flow_log_resource.go:19', true),
  'microsoft.authorization/locks': f('2020-05-01', 'resource/management_lock_resource.go:13', false),
  'microsoft.authorization/roleassignments': f('2022-04-01', 'authorization/role_assignment_resource.go:17', false),
  'microsoft.authorization/roleeligibilityschedulerequests': f('2020-10-01', 'authorization/pim_eligible_role_assignment_resource.go:19', false),
  'microsoft.managedidentity/userassignedidentities': f('2024-11-30', 'managedidentity/user_assigned_identity_resource.go:17', true),
  'microsoft.security/pricings': f('2023-01-01', 'securitycenter/security_center_subscription_pricing_resource.go:15', false),
  'microsoft.security/automations': f('2019-01-01-preview', 'securitycenter/security_center_automation_resource.go:19', true),
  // The provider's v3.0 track-1 SDK client: services/preview/security/mgmt/v3.0/security/contacts.go `const APIVersion = "2017-08-01-preview"`.
  'microsoft.security/securitycontacts': f('2017-08-01-preview', 'securitycenter/security_center_contact_resource.go:11', false),
  'microsoft.securityinsights/alertrules': f('2023-12-01-preview', 'sentinel/sentinel_alert_rule_scheduled_resource.go:14', false),
  'microsoft.securityinsights/onboardingstates': f('2022-11-01', 'sentinel/sentinel_log_analytics_workspace_onboarding_resource.go:14', false),
  'microsoft.consumption/budgets': f('2019-10-01', 'consumption/consumption_budget_subscription_resource.go:8', false),
};

/** Facts for an ARM type, or undefined when ailz has none (the type is then reported, not guessed). */
export function armTypeFacts(type: string): ArmTypeFacts | undefined {
  return ARM_TYPE_FACTS[type] ?? ARM_TYPE_FACTS[type.toLowerCase()];
}

/**
 * Resource-provider policy modes judge data-plane components, not ARM requests
 * (https://learn.microsoft.com/azure/governance/policy/concepts/definition-structure-basics#resource-provider-modes).
 * The ARM types below carry components of the mode; the simulator reports them as "not simulated" for such
 * definitions instead of passing them. Keyed by lower-cased mode.
 */
export const RESOURCE_PROVIDER_MODE_COMPONENTS: Readonly<Record<string, readonly string[]>> = {
  'microsoft.keyvault.data': ['microsoft.keyvault/vaults/keys', 'microsoft.keyvault/vaults/secrets', 'microsoft.keyvault/vaults/certificates'],
  'microsoft.cognitiveservices.data': ['microsoft.cognitiveservices/accounts/deployments'],
  'microsoft.machinelearningservices.data': ['microsoft.machinelearningservices/workspaces/computes'],
  'microsoft.machinelearningservices.v2.data': ['microsoft.machinelearningservices/workspaces/onlineendpoints/deployments', 'microsoft.machinelearningservices/workspaces/serverlessendpoints'],
  'microsoft.kubernetes.data': ['microsoft.containerservice/managedclusters'],
  'microsoft.containerservice.data': ['microsoft.containerservice/managedclusters'],
  'microsoft.managedhsm.data': ['microsoft.keyvault/managedhsms'],
  'microsoft.datafactory.data': ['microsoft.datafactory/factories'],
  'microsoft.network.data': ['microsoft.network/virtualnetworks'],
  'microsoft.loadtestservice.data': ['microsoft.loadtestservice/loadtests'],
};
