/**
 * The Log Analytics table schemas the ailz detections query, declared once.
 *
 * Only the columns the detections use (plus the few that identify a row) are declared, with the
 * Kusto type Azure Monitor documents for them. `test/monitoring/detections.test.ts` analyzes every
 * detection query against these schemas with the Kusto language service, so a misspelled or
 * missing column fails the test suite instead of failing silently in Sentinel.
 *
 * Sources (Azure Monitor Logs table reference, learn.microsoft.com/azure/azure-monitor/reference/tables/<table>):
 * - AzureActivity: tables/azureactivity
 * - AzureDiagnostics: tables/azurediagnostics. Cognitive Services (Azure OpenAI) and Key Vault write
 *   here when their diagnostic setting uses the default "AzureDiagnostics" destination type. Service-
 *   specific columns get a type suffix (`_s` string, `_d` real, `_g` guid) and appear only once data
 *   arrives, so queries read the optional Key Vault identity claims with `column_ifexists()` (the
 *   pattern of the Sentinel "Mass secret retrieval from Azure Key Vault" rule) instead of declaring them.
 *   Azure OpenAI RequestResponse rows carry `properties_s`, a JSON string with apiName, objectId,
 *   requestLength, responseLength, modelDeploymentName, ... (learn.microsoft.com/azure/ai-services/openai/how-to/monitor-openai).
 * - AzureMetrics: tables/azuremetrics (platform metrics exported by a diagnostic setting with AllMetrics).
 * - StorageBlobLogs: tables/storagebloblogs (resource-specific; storage writes no AzureDiagnostics rows).
 * - SecurityAlert: tables/securityalert (Defender for Cloud alerts, including Defender for AI).
 * - ApiManagementGatewayLogs: tables/apimanagementgatewaylogs (resource-specific table of the API Management
 *   `GatewayLogs` category, diagnostic setting destination type "Dedicated"). `TraceRecords` is a dynamic
 *   array of the request's `trace` policy records (message, severity, source, timestamp); the AI gateway's
 *   policy writes JSON messages there with the caller's identity and token counts (constructs/ai/gateway-policy.ts).
 *   Read 2026-11-26. (`ApiManagementGatewayLlmLog`, with prompts and completions, lives in the restricted prompt
 *   workspace, not in the security workspace the detections run on.)
 */

/** The scalar types a Log Analytics column can have. */
export type KustoType = 'string' | 'datetime' | 'long' | 'int' | 'real' | 'bool' | 'dynamic' | 'guid' | 'timespan';

/** Column name -> Kusto type. */
export type TableSchema = Readonly<Record<string, KustoType>>;

/** The resource columns every Azure Monitor resource-log and metric table carries. */
const AZURE_MONITOR_RESOURCE_COLUMNS = {
  TimeGenerated: 'datetime',
  TenantId: 'string',
  SubscriptionId: 'string',
  ResourceGroup: 'string',
  ResourceId: 'string',
  _ResourceId: 'string',
  Resource: 'string',
  ResourceProvider: 'string',
} as const satisfies TableSchema;

export const KUSTO_SCHEMAS = {
  AzureActivity: {
    TimeGenerated: 'datetime',
    TenantId: 'string',
    SubscriptionId: 'string',
    ResourceGroup: 'string',
    _ResourceId: 'string',
    ResourceProviderValue: 'string',
    OperationNameValue: 'string',
    OperationName: 'string',
    CategoryValue: 'string',
    ActivityStatusValue: 'string',
    ActivitySubstatusValue: 'string',
    Caller: 'string',
    CallerIpAddress: 'string',
    CorrelationId: 'string',
    Level: 'string',
    Authorization_d: 'dynamic',
    Claims_d: 'dynamic',
    Properties_d: 'dynamic',
    HTTPRequest: 'string',
  },
  AzureDiagnostics: {
    ...AZURE_MONITOR_RESOURCE_COLUMNS,
    ResourceType: 'string',
    Category: 'string',
    OperationName: 'string',
    OperationVersion: 'string',
    ResultType: 'string',
    ResultSignature: 'string',
    ResultDescription: 'string',
    DurationMs: 'long',
    CallerIPAddress: 'string',
    CorrelationId: 'string',
    properties_s: 'string',
    id_s: 'string',
    requestUri_s: 'string',
    httpStatusCode_d: 'real',
    clientInfo_s: 'string',
  },
  AzureMetrics: {
    ...AZURE_MONITOR_RESOURCE_COLUMNS,
    MetricName: 'string',
    Total: 'real',
    Count: 'real',
    Average: 'real',
    Maximum: 'real',
    Minimum: 'real',
    TimeGrain: 'string',
    UnitName: 'string',
  },
  StorageBlobLogs: {
    TimeGenerated: 'datetime',
    TenantId: 'string',
    _ResourceId: 'string',
    AccountName: 'string',
    Category: 'string',
    OperationName: 'string',
    StatusCode: 'string',
    StatusText: 'string',
    AuthenticationType: 'string',
    CallerIpAddress: 'string',
    RequesterObjectId: 'string',
    RequesterAppId: 'string',
    RequesterUpn: 'string',
    RequesterTenantId: 'string',
    UserAgentHeader: 'string',
    Uri: 'string',
    ObjectKey: 'string',
    ResponseBodySize: 'long',
  },
  SecurityAlert: {
    TimeGenerated: 'datetime',
    TenantId: 'string',
    DisplayName: 'string',
    AlertName: 'string',
    AlertSeverity: 'string',
    AlertType: 'string',
    Description: 'string',
    ProviderName: 'string',
    VendorName: 'string',
    ProductName: 'string',
    ProductComponentName: 'string',
    CompromisedEntity: 'string',
    ResourceId: 'string',
    SystemAlertId: 'string',
    Status: 'string',
    Entities: 'string',
    ExtendedProperties: 'string',
    Tactics: 'string',
    Techniques: 'string',
    RemediationSteps: 'string',
    AlertLink: 'string',
    StartTime: 'datetime',
    EndTime: 'datetime',
  },
  ApiManagementGatewayLogs: {
    ...AZURE_MONITOR_RESOURCE_COLUMNS,
    CorrelationId: 'string',
    ApiId: 'string',
    OperationId: 'string',
    Method: 'string',
    Url: 'string',
    ResponseCode: 'int',
    BackendResponseCode: 'int',
    IsRequestSuccess: 'bool',
    CallerIpAddress: 'string',
    LastErrorReason: 'string',
    TraceRecords: 'dynamic',
  },
} as const satisfies Record<string, TableSchema>;

/** A table the detections may query. */
export type KustoTableName = keyof typeof KUSTO_SCHEMAS;

/** Render a schema as the `(name:type, ...)` form the Kusto language service parses. */
export function schemaText(table: KustoTableName): string {
  return `(${Object.entries(KUSTO_SCHEMAS[table]).map(([name, type]) => `${name}:${type}`).join(', ')})`;
}
