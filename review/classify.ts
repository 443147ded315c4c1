/**
 * Which changes a security reviewer must look at, and under which heading: network exposure, identity
 * and access, data protection, monitoring, governance, model risk. Resource types (azurerm, and azapi
 * by ARM type) and attribute paths map to a category; everything else is an "other" change (tags,
 * names of things that are not controls), counted but not itemized in the summary.
 */

export type Category = 'network' | 'identity' | 'data' | 'monitoring' | 'governance' | 'model-risk';

export const CATEGORIES: readonly Category[] = ['network', 'identity', 'data', 'monitoring', 'governance', 'model-risk'];

export const CATEGORY_TITLES: Readonly<Record<Category, string>> = {
  network: 'Network exposure',
  identity: 'Identity and access',
  data: 'Data protection',
  monitoring: 'Monitoring',
  governance: 'Governance',
  'model-risk': 'Model risk',
};

/** Resource types whose every creation, removal or change is security-relevant. */
const TYPE_CATEGORIES: readonly [RegExp, Category][] = [
  // network
  [/^azurerm_network_security_(group|rule)$/, 'network'],
  [/^azurerm_subnet_network_security_group_association$/, 'network'],
  [/^azurerm_virtual_network_peering$/, 'network'],
  [/^azurerm_private_endpoint$/, 'network'],
  [/^azurerm_public_ip(_prefix)?$/, 'network'],
  [/^azurerm_(firewall|firewall_policy|firewall_policy_rule_collection_group|bastion_host|nat_gateway)$/, 'network'],
  [/^azurerm_(storage_account|key_vault|search_service|cognitive_account)_network_rules?$/, 'network'],
  [/^azurerm_private_dns_zone_virtual_network_link$/, 'network'],
  [/^azurerm_route(_table)?$/, 'network'],
  // Application security groups decide which NSG rules apply to an endpoint (the gateway-only rules on the OpenAI endpoint).
  [/^azurerm_application_security_group$/, 'network'],
  [/^azurerm_(private_endpoint|network_interface)_application_security_group_association$/, 'network'],
  [/^azurerm_private_dns_a_record$/, 'network'],
  // identity and access
  [/^azurerm_role_(assignment|definition)$/, 'identity'],
  [/^azurerm_pim_(eligible|active)_role_assignment$/, 'identity'],
  // The PIM policy of a role at a scope: MFA, justification, approval and maximum duration of an activation.
  [/^azurerm_role_management_policy$/, 'identity'],
  [/^azurerm_user_assigned_identity$/, 'identity'],
  [/^azurerm_federated_identity_credential$/, 'identity'],
  [/^azurerm_key_vault_access_policy$/, 'identity'],
  [/^azurerm_api_management_subscription$/, 'identity'],
  // data protection
  [/^azurerm_key_vault(_key|_managed_hardware_security_module)?$/, 'data'],
  [/^azurerm_management_lock$/, 'data'],
  [/^azurerm_(storage_account|cognitive_account)_customer_managed_key$/, 'data'],
  [/^azurerm_storage_(account|container|share|management_policy)$/, 'data'],
  // monitoring
  [/^azurerm_monitor_(diagnostic_setting|action_group|activity_log_alert|metric_alert|scheduled_query_rules_alert(_v2)?|data_collection_rule(_association)?)$/, 'monitoring'],
  [/^azurerm_security_center_/, 'monitoring'],
  [/^azurerm_sentinel_/, 'monitoring'],
  [/^azurerm_log_analytics_workspace$/, 'monitoring'],
  [/^azurerm_network_watcher_flow_log$/, 'monitoring'],
  [/^azurerm_application_insights$/, 'monitoring'],
  [/^azurerm_api_management_(logger|diagnostic|api_diagnostic)$/, 'monitoring'],
  // governance
  [/^azurerm_(management_group|subscription|resource_group|resource)_policy_(assignment|exemption|remediation)$/, 'governance'],
  [/^azurerm_(management_group_)?policy_(set_)?definition$/, 'governance'],
  [/^azurerm_management_group(_subscription_association)?$/, 'governance'],
  [/^azurerm_subscription$/, 'governance'],
  [/^azurerm_consumption_budget_/, 'governance'],
  // model risk
  [/^azurerm_cognitive_deployment$/, 'model-risk'],
  [/^azurerm_cognitive_account_rai_(policy|blocklist)$/, 'model-risk'],
  [/^azurerm_api_management_(api_policy|policy|product_policy)$/, 'model-risk'],
  // The AI gateway: callers reach models only through it, and its backends are the models it forwards to.
  [/^azurerm_api_management(_backend)?$/, 'model-risk'],
];

/** ARM types (azapi) whose every change is security-relevant; matched case-insensitively. */
const ARM_TYPE_CATEGORIES: readonly [RegExp, Category][] = [
  [/^microsoft\.network\/(networksecuritygroups(\/securityrules)?|virtualnetworks\/virtualnetworkpeerings|privateendpoints|publicipaddresses|publicipprefixes|azurefirewalls|firewallpolicies.*|bastionhosts)$/, 'network'],
  [/^microsoft\.authorization\/(roleassignments|roledefinitions|roleeligibilityschedulerequests|roleassignmentschedulerequests)$/, 'identity'],
  [/^microsoft\.managedidentity\/userassignedidentities(\/federatedidentitycredentials)?$/, 'identity'],
  [/^microsoft\.keyvault\/(vaults(\/keys)?|managedhsms(\/keys)?)$/, 'data'],
  [/^microsoft\.authorization\/locks$/, 'data'],
  [/^microsoft\.storage\/storageaccounts(\/.*)?$/, 'data'],
  [/^microsoft\.insights\/(diagnosticsettings|actiongroups|activitylogalerts|metricalerts|scheduledqueryrules|datacollectionrules.*)$/, 'monitoring'],
  [/^microsoft\.security\//, 'monitoring'],
  [/^microsoft\.securityinsights\//, 'monitoring'],
  [/^microsoft\.operationalinsights\/workspaces$/, 'monitoring'],
  [/^microsoft\.network\/networkwatchers\/flowlogs$/, 'monitoring'],
  [/^microsoft\.authorization\/(policyassignments|policyexemptions|policydefinitions|policysetdefinitions)$/, 'governance'],
  [/^microsoft\.management\/managementgroups(\/subscriptions)?$/, 'governance'],
  [/^microsoft\.subscription\/aliases$/, 'governance'],
  [/^microsoft\.cognitiveservices\/accounts\/(deployments|raipolicies|raiblocklists)$/, 'model-risk'],
  [/^microsoft\.apimanagement\/service\/(apis\/)?(policies)$/, 'model-risk'],
  [/^microsoft\.apimanagement\/service(\/backends)?$/, 'model-risk'],
  [/^microsoft\.network\/applicationsecuritygroups$/, 'network'],
];

export interface AttributeClass {
  readonly category: Category;
  /** What the attribute controls, for the report. */
  readonly label: string;
}

interface AttributeRule {
  /** Resource types the rule applies to (undefined: every type). */
  readonly types?: RegExp;
  /** The attribute path (dotted, block indexes removed), anchored. */
  readonly path: RegExp;
  readonly category: Category;
  readonly label: string;
}

/**
 * Attribute paths, first match wins. Paths are the dotted form with list indexes removed
 * (`network_rules.default_action`, `body.properties.publicNetworkAccess`).
 */
const ATTRIBUTE_RULES: readonly AttributeRule[] = [
  // provider configuration (azurerm 4.55 website/docs/guides/features-block.html.markdown)
  { types: /^provider$/, path: /^features\.(key_vault|cognitive_account|machine_learning|log_analytics_workspace|recovery_service_vaults?)\.(purge|recover)/, category: 'data', label: 'what a destroy purges' },
  { types: /^provider$/, path: /^features\.(resource_group\.prevent_deletion_if_contains_resources|storage)/, category: 'data', label: 'destroy safety' },
  { types: /^provider$/, path: /^(storage_use_azuread|use_msi|use_oidc|use_cli|client_id|client_secret|client_certificate|tenant_id)/, category: 'identity', label: 'provider authentication' },
  { types: /^provider$/, path: /^(subscription_id|resource_provider_registrations|resource_providers_to_register)$/, category: 'governance', label: 'provider target' },
  // network exposure
  { path: /^(public_network_access_enabled|public_network_access|body\.properties\.publicNetworkAccess)$/, category: 'network', label: 'public network access' },
  { path: /^(network_acls|network_rules|network_rule_set|network_rule_bypass_option|body\.properties\.(networkAcls|networkRuleSet))(\.|$)/, category: 'network', label: 'network ACLs' },
  { path: /^(allow_nested_items_to_be_public|body\.properties\.allowBlobPublicAccess)$/, category: 'network', label: 'anonymous blob access' },
  { path: /^(allowed_copy_scope|body\.properties\.allowedCopyScope)$/, category: 'network', label: 'copy scope' },
  { path: /^(security_rule|body\.properties\.securityRules)(\.|$)/, category: 'network', label: 'NSG rules' },
  { types: /^azurerm_network_security_rule$/, path: /^(access|direction|priority|protocol|source_|destination_)/, category: 'network', label: 'NSG rule' },
  { types: /^azurerm_virtual_network_peering$/, path: /^(allow_|use_remote_gateways|remote_virtual_network_id|peer_complete)/, category: 'network', label: 'peering' },
  { types: /^azurerm_private_endpoint$/, path: /^(private_service_connection|subnet_id|private_dns_zone_group)/, category: 'network', label: 'private endpoint' },
  { types: /^azurerm_subnet$/, path: /^(default_outbound_access_enabled|private_endpoint_network_policies|private_link_service_network_policies_enabled|service_endpoints|service_endpoint_policy_ids|address_prefixes|delegation)(\.|$)/, category: 'network', label: 'subnet policy' },
  { path: /^(outbound_network_access_restricted|fqdns|allowed_fqdns|body\.properties\.(restrictOutboundNetworkAccess|allowedFqdnList))(\.|$)/, category: 'network', label: 'outbound access' },
  { path: /^(managed_network|body\.properties\.managedNetwork)(\.|$)/, category: 'network', label: 'managed network isolation' },
  { path: /^(internet_ingestion_enabled|internet_query_enabled)$/, category: 'network', label: 'public ingestion/query' },
  { path: /^(virtual_network_type|virtual_network_configuration|body\.properties\.virtualNetworkType)(\.|$)/, category: 'network', label: 'VNet integration' },
  { path: /^(node_public_ip_enabled|public_ip_enabled|ssh_public_access_enabled)$/, category: 'network', label: 'public IPs on compute' },
  { path: /^(network_injection|body\.properties\.networkInjections)(\.|$)/, category: 'network', label: 'network injection' },
  // identity and access
  { path: /^(local_auth_enabled|local_authentication_enabled|local_authentication_disabled|body\.properties\.disableLocalAuth)$/, category: 'identity', label: 'local (key) authentication' },
  { path: /^(shared_access_key_enabled|body\.properties\.allowSharedKeyAccess|default_to_oauth_authentication|local_user_enabled|sftp_enabled)$/, category: 'identity', label: 'shared key / local users' },
  { path: /^(rbac_authorization_enabled|enable_rbac_authorization|body\.properties\.enableRbacAuthorization)$/, category: 'identity', label: 'RBAC authorization' },
  { path: /^(access_policy|body\.properties\.accessPolicies)(\.|$)/, category: 'identity', label: 'access policies' },
  { path: /^(admin_enabled|body\.properties\.adminUserEnabled)$/, category: 'identity', label: 'admin user' },
  { path: /^(identity|body\.identity)(\.|$)/, category: 'identity', label: 'managed identity' },
  { types: /^azurerm_(role_assignment|pim_(eligible|active)_role_assignment)$/, path: /^(role_definition_id|role_definition_name|principal_id|principal_type|scope|condition|condition_version|schedule|justification)(\.|$)/, category: 'identity', label: 'role assignment' },
  { path: /^body\.properties\.(roleDefinitionId|principalId|principalType|condition)$/, category: 'identity', label: 'role assignment' },
  { types: /^azurerm_role_management_policy$/, path: /^(activation_rules|active_assignment_rules|eligible_assignment_rules|notification_rules)(\.|$)/, category: 'identity', label: 'PIM policy (activation, approval, expiry)' },
  { path: /^(authentication_mode|body\.properties\.authOptions|api_key_authentication|aad_auth|authentication)(\.|$)/, category: 'identity', label: 'authentication' },
  // data protection
  { path: /^(customer_managed_key|encryption|key_vault_key_id|managed_hsm_key_id|body\.properties\.encryption)(\.|$)/, category: 'data', label: 'encryption / customer-managed key' },
  { path: /^(infrastructure_encryption_enabled|queue_encryption_key_type|table_encryption_key_type)$/, category: 'data', label: 'encryption' },
  { path: /^(soft_delete_retention_days|purge_protection_enabled|soft_delete_enabled|body\.properties\.(enableSoftDelete|enablePurgeProtection|softDeleteRetentionInDays))$/, category: 'data', label: 'soft delete / purge protection' },
  { path: /^(min_tls_version|minimum_tls_version|https_traffic_only_enabled|body\.properties\.(minimumTlsVersion|supportsHttpsTrafficOnly))$/, category: 'data', label: 'TLS' },
  { path: /^(blob_properties|share_properties|immutability_policy|sas_policy|cross_tenant_replication_enabled|high_business_impact)(\.|$)/, category: 'data', label: 'storage data protection' },
  { types: /^azurerm_key_vault_key$/, path: /^(key_opts|key_size|key_type|curve|rotation_policy|expiration_date|not_before_date)(\.|$)/, category: 'data', label: 'key properties' },
  { types: /^azurerm_management_lock$/, path: /^(lock_level|scope)$/, category: 'data', label: 'lock' },
  // monitoring
  { types: /^azurerm_monitor_diagnostic_setting$/, path: /^(enabled_log|enabled_metric|metric|log_analytics_workspace_id|log_analytics_destination_type|storage_account_id|eventhub_|target_resource_id)/, category: 'monitoring', label: 'diagnostic setting' },
  { path: /^(retention_in_days|daily_quota_gb|body\.properties\.retentionInDays)$/, category: 'monitoring', label: 'log retention' },
  { types: /^azurerm_security_center_subscription_pricing$/, path: /^(tier|subplan|extension|resource_type)/, category: 'monitoring', label: 'Defender plan' },
  { types: /^azurerm_(sentinel_|monitor_(activity_log_alert|metric_alert|scheduled_query))/, path: /^(enabled|query|severity|criteria|criteria|scopes|action|tactics|techniques|query_frequency|query_period|trigger_)/, category: 'monitoring', label: 'detection' },
  { types: /^azurerm_network_watcher_flow_log$/, path: /^(enabled|retention_policy|traffic_analytics|storage_account_id)/, category: 'monitoring', label: 'flow logs' },
  // governance
  { types: /^azurerm_.*policy_assignment$/, path: /^(policy_definition_id|parameters|enforce|not_scopes|resource_selectors|overrides|non_compliance_message|identity)(\.|$)/, category: 'governance', label: 'policy assignment' },
  { types: /^azurerm_.*policy_exemption$/, path: /^(policy_assignment_id|exemption_category|expires_on|policy_definition_reference_ids)(\.|$)/, category: 'governance', label: 'policy exemption' },
  { types: /^azurerm_management_group$/, path: /^(parent_management_group_id|subscription_ids)(\.|$)/, category: 'governance', label: 'management group' },
  { types: /^azurerm_management_group_subscription_association$/, path: /^(management_group_id|subscription_id)$/, category: 'governance', label: 'management group placement' },
  { path: /^body\.properties\.(policyDefinitionId|parameters|enforcementMode|notScopes|exemptionCategory|expiresOn)(\.|$)/, category: 'governance', label: 'policy' },
  // model risk
  { types: /^azurerm_cognitive_deployment$/, path: /^(model|sku|version_upgrade_option|rai_policy_name|dynamic_throttling_enabled)(\.|$)/, category: 'model-risk', label: 'model deployment' },
  { types: /^azurerm_cognitive_account_rai_(policy|blocklist)$/, path: /./, category: 'model-risk', label: 'content filter' },
  { path: /^body\.properties\.(model|raiPolicyName|versionUpgradeOption|contentFilters|mode|basePolicyName)(\.|$)/, category: 'model-risk', label: 'model / content filter' },
  { types: /^azurerm_cognitive_account$/, path: /^(kind|dynamic_throttling_enabled|custom_subdomain_name)$/, category: 'model-risk', label: 'AI account' },
  { types: /^azurerm_api_management_(api_policy|policy|product_policy)$/, path: /^xml_(content|link)$/, category: 'model-risk', label: 'gateway policy (token limits, logging, auth)' },
  { types: /^azurerm_api_management_backend$/, path: /^(url|resource_id|credentials|tls|protocol|proxy)(\.|$)/, category: 'model-risk', label: 'gateway backend' },
  { types: /^azurerm_private_endpoint_application_security_group_association$|^azurerm_network_interface_application_security_group_association$/, path: /^application_security_group_id$/, category: 'network', label: 'application security group' },
  { types: /^azurerm_private_dns_a_record$/, path: /^records(\.|$)/, category: 'network', label: 'private DNS record' },
];

/** The category of a resource type, for creations and removals (azapi by ARM type). */
export function resourceCategory(type: string, armType?: string): Category | undefined {
  if (armType) {
    const t = armType.toLowerCase();
    for (const [re, c] of ARM_TYPE_CATEGORIES) if (re.test(t)) return c;
    return undefined;
  }
  for (const [re, c] of TYPE_CATEGORIES) if (re.test(type)) return c;
  return undefined;
}

/** `security_rule[2].access` -> `security_rule.access`. */
export function normalizePath(path: string): string {
  return path.replace(/\[\d+\]/g, '');
}

/** The class of one changed attribute, or undefined when it is not security-relevant. */
export function attributeClass(type: string, path: string): AttributeClass | undefined {
  const p = normalizePath(path);
  if (p === 'tags' || p.startsWith('tags.') || p === 'timeouts' || p.startsWith('timeouts.') || p === 'body.tags' || p.startsWith('body.tags.')) return undefined;
  for (const r of ATTRIBUTE_RULES) {
    if (r.types && !r.types.test(type)) continue;
    if (r.path.test(p)) return { category: r.category, label: r.label };
  }
  return undefined;
}
