/**
 * Azure API Management facts the AI gateway relies on, each with its source and the date it was read.
 * Nothing here is ailz's choice: the choices (which tier per environment, which policies) live in
 * `constructs/ai/api-gateway.ts` and `constructs/ai/gateway-policy.ts` and cite these facts.
 */

/**
 * The SKU validator of `azurerm_api_management.sku_name` at azurerm 4.55.0, verbatim:
 * `internal/services/apimanagement/validate/api_management_sku.go` (`ApimSkuName`), read 2026-11-26.
 * (The `BasicV2` and `StandardV2` alternatives are not anchored at the end in the provider's regex; ailz
 * anchors its own check, `GATEWAY_SKU`, so a trailing typo is not accepted.)
 */
export const AZURERM_APIM_SKU_VALIDATOR = /^Consumption_0$|^Basic_(1|2)$|^BasicV2_([1-9]|10)|^Developer_1$|^Premium_([1-9][0-9]{0,1})$|^PremiumV2_([1-9]|1[0-9]|2[0-9]|30)$|^Standard_[1-4]$|^StandardV2_([1-9]|10)$/;

/** Tier name (the part of `sku_name` before `_`). */
export type ApimTier = 'Consumption' | 'Developer' | 'Basic' | 'BasicV2' | 'Standard' | 'StandardV2' | 'Premium' | 'PremiumV2';

export interface ApimTierFact {
  /** Virtual network injection (gateway with a private IP in a subnet ailz owns). */
  readonly vnetInjection: boolean;
  /** Inbound private endpoint support. */
  readonly privateEndpoint: boolean;
  /** Microsoft offers an SLA for the tier. */
  readonly sla: boolean;
  /** Smallest subnet for injection (prefix length), and whether the subnet must be delegated. */
  readonly injectionSubnet?: { readonly maxPrefix: number; readonly delegation?: string };
}

/**
 * Networking per tier. Sources (Microsoft Learn, read 2026-11-26):
 * - "Feature-based comparison of the Azure API Management tiers" (api-management/api-management-features):
 *   VNet injection: Developer, Premium, Premium v2; inbound private endpoint: Developer, Basic, Standard,
 *   Standard v2, Premium, Premium v2; the Developer tier "is for non-production use cases and evaluations.
 *   It doesn't offer SLA".
 * - "Network resource requirements for API Management injection into a virtual network"
 *   (api-management/virtual-network-injection-resources, classic Developer/Premium): no delegation on the
 *   subnet, an NSG is required, minimum /29; internal mode uses one more address for the internal load balancer.
 * - "Inject an Azure API Management instance in a private virtual network - Premium v2 tier"
 *   (api-management/inject-vnet-v2): dedicated subnet delegated to `Microsoft.Web/hostingEnvironments`,
 *   minimum /27, recommended /24; injection only at creation.
 * - The private-endpoint-only pattern needs two steps: azurerm 4.55 `website/docs/r/api_management.html.markdown`
 *   (`public_network_access_enabled` "is required to be `true` on the creation"), and Learn
 *   api-management/private-endpoint ("only after configuring a private endpoint can you disable public
 *   network access"). Injection in internal mode is private from the first apply, so ailz uses only it.
 */
export const APIM_TIERS: Readonly<Record<ApimTier, ApimTierFact>> = {
  Consumption: { vnetInjection: false, privateEndpoint: false, sla: true },
  Developer: { vnetInjection: true, privateEndpoint: true, sla: false, injectionSubnet: { maxPrefix: 29 } },
  Basic: { vnetInjection: false, privateEndpoint: true, sla: true },
  BasicV2: { vnetInjection: false, privateEndpoint: false, sla: true },
  Standard: { vnetInjection: false, privateEndpoint: true, sla: true },
  StandardV2: { vnetInjection: false, privateEndpoint: true, sla: true },
  Premium: { vnetInjection: true, privateEndpoint: true, sla: true, injectionSubnet: { maxPrefix: 29 } },
  PremiumV2: { vnetInjection: true, privateEndpoint: true, sla: true, injectionSubnet: { maxPrefix: 27, delegation: 'Microsoft.Web/hostingEnvironments' } },
};

/** The tier of a `sku_name` (`Premium_1` -> `Premium`), or undefined when the provider would reject it. */
export function apimTier(skuName: string): ApimTier | undefined {
  if (!AZURERM_APIM_SKU_VALIDATOR.test(skuName)) return undefined;
  return skuName.split('_')[0] as ApimTier;
}

/**
 * Monthly list prices (USD, one unit, pay-as-you-go) used for the README cost lines. Source: Azure API
 * Management pricing as summarized on microsoftnegotiations.com "Azure API Management licensing" (2026
 * list prices: Developer ~$48, Premium ~$3,000 per unit), read 2026-11-26 through the team's search
 * tool; confirm in the Azure pricing calculator for your region before committing a budget.
 */
export const APIM_MONTHLY_LIST_PRICE_USD: Readonly<Partial<Record<ApimTier, number>>> = {
  Developer: 48,
  Premium: 3000,
};

/**
 * Log Analytics ingestion list price (USD per GB, Analytics Logs, pay-as-you-go), for the README cost
 * line of prompt and completion logging. Source: monitoringcost.com "Azure Monitor cost 2026" (Analytics
 * Logs ~$2.30/GB after 5 GB/workspace/month free; retention free for 31 days, then ~$0.10/GB/month), read
 * 2026-11-26 through the team's search tool; Learn "Azure Monitor Logs cost calculations and options" says
 * pricing is set per region and billed size is ~25 % below the raw event size.
 */
export const LOG_ANALYTICS_INGESTION_USD_PER_GB = 2.3;

/**
 * Size limits of language-model message logging. Source: Learn "Log token usage, prompts, and completions
 * for LLM APIs" (api-management/api-management-howto-llm-logs), read 2026-11-26: messages up to 32 KB are
 * sent in one entry, larger ones are split into 32 KB chunks with sequence numbers, and a request or
 * response message cannot exceed 2 MB. The ARM schema bounds `maxSizeInBytes` to 1..262144 (azapi 2.12.0
 * embedded schema, Microsoft.ApiManagement 2024-10-01-preview `LLMMessageDiagnosticSettings`).
 */
export const LLM_LOG_LIMITS = { chunkBytes: 32768, maxSizeInBytes: 262144 } as const;

/**
 * Entities per API Management instance, by tier (the ones ailz creates per workload on a shared gateway).
 * Source: Learn "Azure API Management service limits" (api-management/service-limits), "Changes to service
 * limits - 2026 update", read 2026-11-26: API operations 3,000 (Developer), 75,000 (Premium, Premium v2),
 * counting versions and revisions; loggers 100 (Developer), 400 (Premium, Premium v2).
 */
export const APIM_INSTANCE_LIMITS: Readonly<Record<'Developer' | 'Premium' | 'PremiumV2', { readonly apiOperations: number; readonly loggers: number }>> = {
  Developer: { apiOperations: 3000, loggers: 100 },
  Premium: { apiOperations: 75000, loggers: 400 },
  PremiumV2: { apiOperations: 75000, loggers: 400 },
};

/** Diagnostic-setting log categories of `Microsoft.ApiManagement/service` ailz routes by name. */
export const APIM_LOG_CATEGORIES = {
  /** Table `ApiManagementGatewayLogs`: one row per request (metadata, and ailz's caller trace). */
  gateway: 'GatewayLogs',
  /** Table `ApiManagementGatewayLlmLog`: token usage, model, and request/response messages (prompts, completions). */
  llm: 'GatewayLlmLogs',
} as const;

/**
 * The built-in Azure Monitor logger of an instance, referenced by API diagnostics that send to resource
 * logs. azurerm 4.55's `azurerm_api_management_logger` supports only Application Insights and Event Hubs
 * (website/docs/r/api_management_logger.html.markdown), so ailz creates this one with azapi.
 */
export const AZURE_MONITOR_LOGGER_NAME = 'azuremonitor';

/**
 * NSG rules Microsoft requires on a classic (Developer/Premium) injected subnet in internal mode. Source:
 * Learn "Virtual network configuration reference: API Management" (api-management/virtual-network-reference,
 * ms.date 2026-04-30), read 2026-11-26; and the azurerm 4.55 doc note "inbound port 3443 is open when
 * `virtual_network_type` is `Internal` or `External`". Every row the page marks in bold (required for
 * "successful deployment and operation") is opened, outbound TCP 80 to Internet for certificate validation
 * included (an independent review found it missing: the instance's create could fail or degrade); optional
 * dependencies (Event Hubs, Redis, managed connections) are not: ailz uses none of them.
 */
export const APIM_INTERNAL_SUBNET_RULES = {
  inbound: [
    { name: 'AllowApiManagementInbound', source: 'ApiManagement', ports: ['3443'], purpose: 'Management endpoint for the Azure portal and PowerShell' },
    { name: 'AllowLoadBalancerInbound', source: 'AzureLoadBalancer', ports: ['6390'], purpose: 'Azure Infrastructure Load Balancer' },
  ],
  outbound: [
    { name: 'AllowStorageOutbound', destination: 'Storage', ports: ['443'], purpose: 'Dependency on Azure Storage' },
    { name: 'AllowSqlOutbound', destination: 'Sql', ports: ['1433'], purpose: 'Access to Azure SQL endpoints' },
    { name: 'AllowKeyVaultOutbound', destination: 'AzureKeyVault', ports: ['443'], purpose: 'Access to Azure Key Vault' },
    { name: 'AllowAzureMonitorOutbound', destination: 'AzureMonitor', ports: ['1886', '443'], purpose: 'Diagnostic logs, metrics, resource health and Application Insights' },
    { name: 'AllowEntraIdOutbound', destination: 'AzureActiveDirectory', ports: ['443'], purpose: 'Microsoft Entra ID: token validation keys and managed identity tokens' },
  ],
} as const;

/**
 * Outbound to the Internet service tag that the same page requires, each with its own protocol: the table's
 * bold row "Validation and management of Microsoft-managed and customer-managed certificates" (TCP 80), and
 * "Internal infrastructure and diagnostics": "The following settings and FQDNs are required to maintain and
 * diagnose API Management's internal compute infrastructure. Allow outbound UDP access on port 123 for NTP.
 * Allow outbound TCP access on port 12000 for diagnostics." (MicrosoftDocs/azure-docs
 * articles/api-management/virtual-network-reference.md, read 2026-11-26). The page's port-443 FQDN
 * dependencies (CRL/OCSP, internal PKI and diagnostics, Windows Update, Defender) cannot be written as NSG
 * service tags: the NSG keeps 443 to the Internet closed and README "Decisions and known limits" says where
 * they are allowed (an egress firewall with FQDN rules).
 */
export const APIM_INTERNET_OUTBOUND_RULES = [
  { name: 'AllowCertificateValidationOutbound', protocol: 'Tcp', ports: ['80'], purpose: 'Validation and management of Microsoft-managed and customer-managed certificates (required)' },
  { name: 'AllowNtpOutbound', protocol: 'Udp', ports: ['123'], purpose: 'NTP for the internal compute infrastructure (required)' },
  { name: 'AllowInfrastructureDiagnosticsOutbound', protocol: 'Tcp', ports: ['12000'], purpose: 'Diagnostics of the internal compute infrastructure (required)' },
] as const;

/**
 * Policy element names ailz emits, pinned to Microsoft's policy reference (Learn api-management/<name>-policy,
 * read 2026-11-26). A test checks the generated XML uses only these (and the standard section elements).
 */
export const APIM_POLICY_ELEMENTS = {
  validateAzureAdToken: 'validate-azure-ad-token',
  llmTokenLimit: 'llm-token-limit',
  llmEmitTokenMetric: 'llm-emit-token-metric',
  authenticationManagedIdentity: 'authentication-managed-identity',
  setBackendService: 'set-backend-service',
  setVariable: 'set-variable',
  trace: 'trace',
  setHeader: 'set-header',
} as const;

/** `token-quota-period` values of `llm-token-limit` (Learn api-management/llm-token-limit-policy). */
export const LLM_TOKEN_QUOTA_PERIODS = ['Hourly', 'Daily', 'Weekly', 'Monthly', 'Yearly'] as const;
export type LlmTokenQuotaPeriod = (typeof LLM_TOKEN_QUOTA_PERIODS)[number];

/**
 * The token audience for Azure AI services data-plane calls a managed identity requests
 * (`authentication-managed-identity resource=...`). Source: Learn "authentication-managed-identity policy"
 * example for Azure OpenAI, read 2026-11-26.
 */
export const COGNITIVE_SERVICES_TOKEN_RESOURCE = 'https://cognitiveservices.azure.com';
