/**
 * The ailz detection catalog: Microsoft Sentinel scheduled analytics rules for AI workloads, as data.
 *
 * Each detection answers one of the threats the landing zone is built against (abnormal model
 * invocation rates, unusual data access, unauthorized configuration changes, prompt injection,
 * model extraction). The `Sentinel` construct turns each entry into one
 * `azurerm_sentinel_alert_rule_scheduled`; `test/monitoring/detections.test.ts` analyzes every
 * query with the Kusto language service against `KUSTO_SCHEMAS` and checks that each entity mapping
 * names a column the query projects.
 *
 * Ids are stable and never reused: they become Sentinel rule names and Terraform addresses.
 *
 * Data the queries need (the lead's stacks wire these diagnostic settings):
 * - Azure OpenAI / AI Services accounts: diagnostic setting with the `RequestResponse` category
 *   (and `AllMetrics`) to the platform workspace, default `AzureDiagnostics` destination type.
 * - Key Vaults: `AuditEvent` to the platform workspace, default `AzureDiagnostics` destination type.
 * - Storage accounts (blob service): `StorageRead` to the platform workspace (`StorageBlobLogs`).
 * - Each subscription: the activity log (`ActivityLogExport`) to the platform workspace (`AzureActivity`).
 * - Defender for Cloud continuous export or the Defender for Cloud connector (`SecurityAlert`).
 */
import { ROLES } from '../azure/roles';
import type { KustoTableName } from '../azure/log-analytics-tables';
import { SENTINEL_SUB_TECHNIQUE_ID, SENTINEL_TECHNIQUE_ID } from '../azure/sentinel';

export type DetectionSeverity = 'High' | 'Medium' | 'Low' | 'Informational';
export type DetectionThreat = 'invocation rate' | 'data access' | 'configuration change' | 'prompt injection' | 'model extraction';

/** Sentinel entity types the rules map (a subset of what `azurerm_sentinel_alert_rule_scheduled` accepts). */
export type DetectionEntityType = 'Account' | 'AzureResource' | 'CloudApplication' | 'IP' | 'URL';

export interface DetectionEntityMapping {
  /** The Sentinel entity type. */
  readonly entityType: DetectionEntityType;
  /** Entity identifier -> the query column that holds it (at most 3 per entity). */
  readonly fieldMappings: readonly { readonly identifier: string; readonly columnName: string }[];
}

export interface Detection {
  /** Stable id, never reused (`ailz-det-NNN`); the Sentinel rule name and the construct id derive from it. */
  readonly id: string;
  /** The rule name a SOC analyst sees in the incident queue. */
  readonly displayName: string;
  /** What fired, why it matters and what to do first. */
  readonly description: string;
  readonly severity: DetectionSeverity;
  /** The threat this detection answers (the README table groups by it). */
  readonly threat: DetectionThreat;
  /** MITRE ATT&CK tactics, in the Sentinel spelling (`CredentialAccess`). */
  readonly tactics: readonly string[];
  /**
   * MITRE ATT&CK parent technique ids (`T1078`). Sentinel's alert-rule API accepts only `T####` here
   * (it rejects `T1078.004`: hashicorp/terraform-provider-azurerm#28801, Azure/Azure-Sentinel#8960).
   */
  readonly techniques: readonly string[];
  /**
   * MITRE ATT&CK sub-technique ids (`T1078.004`), each under a parent listed in `techniques`. azurerm 4.55
   * cannot send them (no sub-technique argument); the rule description and the README table carry them.
   * @default [] - none
   */
  readonly subTechniques?: readonly string[];
  /** ISO 8601 duration between runs. */
  readonly queryFrequency: string;
  /** ISO 8601 duration of data each run reads (>= queryFrequency, <= P14D). */
  readonly queryPeriod: string;
  /** The rule fires when the query returns more than this many rows. */
  readonly triggerThreshold: number;
  /** The KQL. Detections that honour the deployment allow-list reference `ailzDeploymentPrincipals`, declared by `renderDetectionQuery`. */
  readonly query: string;
  /** The tables the query reads (each declared in `KUSTO_SCHEMAS`). */
  readonly tables: readonly KustoTableName[];
  readonly entityMappings: readonly DetectionEntityMapping[];
  /** Whether the query reads the `ailzDeploymentPrincipals` allow-list. */
  readonly usesDeploymentAllowList?: boolean;
}

/** The name of the `let` the allow-list detections read. */
export const DEPLOYMENT_ALLOW_LIST_VARIABLE = 'ailzDeploymentPrincipals';

/** Options that are baked into queries at synth time. */
export interface DetectionQueryOptions {
  /**
   * Object ids (or UPNs) of the identities allowed to change AI resources: the CI/CD deployment
   * principals. Changes by anyone else alert.
   * @default [] - every change alerts
   */
  readonly deploymentPrincipalIds?: readonly string[];
}

/** The query as Sentinel runs it: the allow-list declared first for the detections that use it. */
export function renderDetectionQuery(detection: Detection, options: DetectionQueryOptions = {}): string {
  if (!detection.usesDeploymentAllowList) return detection.query;
  const ids = [...new Set((options.deploymentPrincipalIds ?? []).map((id) => id.toLowerCase()))].sort();
  for (const id of ids) {
    // Values land inside a KQL string literal: allow only what object ids and UPNs contain.
    if (!/^[a-z0-9@._-]+$/.test(id)) {
      throw new Error(`deploymentPrincipalIds: "${id}" is not an object id or UPN; expected letters, digits, '@', '.', '_' or '-'`);
    }
  }
  const literal = `dynamic([${ids.map((id) => `"${id}"`).join(', ')}])`;
  return `let ${DEPLOYMENT_ALLOW_LIST_VARIABLE} = ${literal};\n${detection.query}`;
}

/**
 * What is wrong with a detection's MITRE ids, or an empty list: parents must be `T####`, sub-techniques
 * `T####.###` under a listed parent (so the parent still reaches Sentinel's `techniques`).
 */
export function mitreProblems(detection: Detection): string[] {
  const problems: string[] = [];
  for (const t of detection.techniques) {
    if (!SENTINEL_TECHNIQUE_ID.test(t)) problems.push(`technique "${t}" is not a parent technique id (T####); put sub-techniques in subTechniques`);
  }
  for (const s of detection.subTechniques ?? []) {
    if (!SENTINEL_SUB_TECHNIQUE_ID.test(s)) problems.push(`sub-technique "${s}" is not T####.###`);
    else if (!detection.techniques.includes(s.slice(0, 5))) problems.push(`sub-technique "${s}" has no parent ${s.slice(0, 5)} in techniques`);
  }
  return problems;
}

/**
 * The rule description as Sentinel shows it: the catalog description, then the MITRE sub-techniques,
 * which azurerm 4.55 has no argument for (the analyst still sees them).
 */
export function renderDetectionDescription(detection: Detection): string {
  const subs = [...new Set(detection.subTechniques ?? [])].sort();
  return subs.length === 0 ? detection.description : `${detection.description}\n\nMITRE ATT&CK sub-techniques: ${subs.join(', ')}.`;
}

/**
 * Severities of the Microsoft Defender for Cloud alerts the Sentinel "Microsoft security" incident rule turns
 * into incidents (one per alert). ailz-det-014 takes the Defender for AI alerts of every other severity, so
 * each alert lands in exactly one incident.
 */
export const DEFENDER_INCIDENT_SEVERITIES = ['High', 'Medium'] as const;

// Shared fragments. Kept as plain KQL text so each query reads top to bottom in Sentinel.
const OPENAI_REQUESTS = `AzureDiagnostics
| where ResourceProvider == "MICROSOFT.COGNITIVESERVICES" and Category == "RequestResponse"`;

/** Azure AI data-plane roles (GUIDs from the role catalog): granting one of them anywhere opens a model or its data. */
const AI_DATA_ROLE_GUIDS = [
  ROLES.cognitiveServicesOpenAiUser,
  ROLES.cognitiveServicesOpenAiContributor,
  ROLES.cognitiveServicesUser,
  ROLES.azureMlDataScientist,
].map((r) => r.id).sort();

const AI_RESOURCE_PROVIDERS = ['microsoft.cognitiveservices', 'microsoft.machinelearningservices', 'microsoft.search'];

/** Caller identity of an AzureActivity row: the Entra object id claim (users and service principals alike). */
const ACTIVITY_CALLER = `| extend CallerObjectId = tostring(Claims_d["http://schemas.microsoft.com/identity/claims/objectidentifier"])
| where not(tolower(CallerObjectId) in (${DEPLOYMENT_ALLOW_LIST_VARIABLE}) or tolower(Caller) in (${DEPLOYMENT_ALLOW_LIST_VARIABLE}))`;

/**
 * Late-arriving rows (Microsoft Sentinel, "Handle ingestion delay in scheduled analytics rules",
 * learn.microsoft.com/azure/sentinel/ingestion-delay): a rule whose look-back equals its run frequency never
 * sees an event ingested after the run that covered its TimeGenerated. Per-run rules therefore look back
 * 45 to 60 minutes further than they run and take the rows *ingested* since the previous run
 * (`ingestion_time()`), so each event is read exactly once however late it arrives within that margin.
 */
/** The KQL lines that select the rows ingested in the last run window, looking back the margin further by TimeGenerated. */
function ingestedSince(window: string, lookBack: string): string {
  return `| where TimeGenerated > ago(${lookBack})
| where ingestion_time() > ago(${window})`;
}

/**
 * The head of the AzureActivity detections: successful operations from a watched list ingested in the
 * last 15 minutes (the run frequency), by callers outside the deployment allow-list.
 */
function watchedActivity(listName: string, operations: readonly string[]): string {
  return `let ${listName} = dynamic([
${operations.map((o) => `  "${o}"`).join(',\n')}
]);
AzureActivity
${ingestedSince('15m', '1h')}
| where toupper(OperationNameValue) in (${listName})
| where ActivityStatusValue in~ ("Success", "Succeeded")
${ACTIVITY_CALLER}`;
}

const ACCOUNT_BY_OBJECT_ID: DetectionEntityMapping = {
  entityType: 'Account',
  fieldMappings: [{ identifier: 'AadUserId', columnName: 'CallerObjectId' }],
};
const ACTIVITY_ACCOUNT: DetectionEntityMapping = {
  entityType: 'Account',
  fieldMappings: [
    { identifier: 'AadUserId', columnName: 'CallerObjectId' },
    { identifier: 'FullName', columnName: 'Caller' },
  ],
};
const IP = (column: string): DetectionEntityMapping => ({ entityType: 'IP', fieldMappings: [{ identifier: 'Address', columnName: column }] });
const RESOURCE = (column = 'ResourceId'): DetectionEntityMapping => ({
  entityType: 'AzureResource',
  fieldMappings: [{ identifier: 'ResourceId', columnName: column }],
});

/**
 * The AI gateway's calls with the caller the gateway authenticated: one row per request from
 * ApiManagementGatewayLogs, with the JSON messages of the `ailz-gateway` trace records parsed (request:
 * caller object and app ID, deployment; response: tokens consumed, content-filter and Prompt Shields
 * blocks). See constructs/ai/gateway-policy.ts for what the policy writes. `ingestedWithin`: only the rows ingested
 * in that window (per-run rules, see `ingestedSince`).
 */
function gatewayCalls(lookback: string, ingestedWithin?: string): string {
  // union isfuzzy with an empty datatable: the resource-specific table exists only once the gateway has logged
  // a request, and Sentinel refuses to create a rule whose query names a table that does not exist yet.
  return `union isfuzzy=true
    (datatable(TimeGenerated:datetime, _ResourceId:string, CorrelationId:string, ApiId:string, ResponseCode:int, LastErrorReason:string, CallerIpAddress:string, TraceRecords:dynamic)[]),
    (ApiManagementGatewayLogs)
| where TimeGenerated > ago(${lookback})${ingestedWithin ? `
| where ingestion_time() > ago(${ingestedWithin})` : ''}
| mv-apply Trace = TraceRecords on (
    where tostring(Trace.source) == "ailz-gateway"
    | extend Event = parse_json(tostring(Trace.message))
    | summarize CallerObjectId = take_anyif(tostring(Event.callerObjectId), tostring(Event.event) == "request"),
                CallerAppId = take_anyif(tostring(Event.callerAppId), tostring(Event.event) == "request"),
                Deployment = take_anyif(tostring(Event.deployment), tostring(Event.event) == "request"),
                Tokens = sumif(tolong(Event.tokens), tostring(Event.event) == "response"),
                ContentFilter = countif(tobool(Event.contentFilter)) > 0,
                PromptAttack = countif(tobool(Event.promptAttack)) > 0
  )
| where isnotempty(CallerObjectId) and CallerObjectId != "unknown"
| extend ResourceId = tolower(_ResourceId)`;
}

export const DETECTIONS: readonly Detection[] = [
  {
    id: 'ailz-det-001',
    displayName: 'AI: abnormal model invocation rate by a caller',
    description:
      'An identity called an Azure OpenAI / AI Services account far more often in the last hour than its own 14-day hourly pattern predicts '
      + '(series_decompose_anomalies over RequestResponse logs). Likely causes: a leaked token or compromised workload identity driving the model, '
      + 'automated abuse, or a runaway client. Triage: confirm the identity (CallerObjectId) owns this workload, compare the caller IP with the '
      + 'workload egress range, and check for Defender for AI alerts on the same account. Contain by revoking the identity\'s role assignment on the account.',
    severity: 'Medium',
    threat: 'invocation rate',
    tactics: ['Impact', 'InitialAccess'],
    techniques: ['T1496', 'T1078'],
    queryFrequency: 'PT1H',
    queryPeriod: 'P14D',
    triggerThreshold: 0,
    tables: ['AzureDiagnostics'],
    query: `let lookback = 14d;
let minRequests = 100;
${OPENAI_REQUESTS}
| where TimeGenerated > ago(lookback)
| extend CallerObjectId = tostring(parse_json(properties_s).objectId)
| make-series Requests = count() default = 0 on TimeGenerated from bin(ago(lookback), 1h) to bin(now(), 1h) step 1h by ResourceId = tolower(ResourceId), CallerObjectId, CallerIPAddress
| extend (Anomalies, Score, Baseline) = series_decompose_anomalies(Requests, 3.0, -1, "linefit")
| mv-expand TimeGenerated to typeof(datetime), Requests to typeof(long), Anomalies to typeof(double), Score to typeof(double), Baseline to typeof(double)
| where TimeGenerated >= ago(2h) and Anomalies > 0 and Requests >= minRequests
| project TimeGenerated, ResourceId, CallerObjectId, CallerIPAddress, Requests, ExpectedRequests = round(Baseline, 1), AnomalyScore = round(Score, 2)`,
    entityMappings: [ACCOUNT_BY_OBJECT_ID, IP('CallerIPAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-002',
    displayName: 'AI: model deployment invoked far above its baseline',
    description:
      'A model deployment received at least 5 times its average hourly request volume of the previous 7 days in the last hour. '
      + 'This is the per-deployment view of abnormal invocation: several identities or a shared key may be driving it. Triage: the Callers '
      + 'column counts distinct identities; look at ailz-det-001 incidents for the same account, check the deployment\'s quota consumption, '
      + 'and confirm with the workload owner whether a release or batch job explains it.',
    severity: 'Medium',
    threat: 'invocation rate',
    tactics: ['Impact'],
    techniques: ['T1496'],
    queryFrequency: 'PT1H',
    queryPeriod: 'P8D',
    triggerThreshold: 0,
    tables: ['AzureDiagnostics'],
    query: `let baselineWindow = 7d;
let detectionWindow = 1h;
let minRequests = 200;
let ratio = 5.0;
let requests = ${OPENAI_REQUESTS}
| where TimeGenerated > ago(baselineWindow + detectionWindow)
| extend Props = parse_json(properties_s)
| extend Deployment = tostring(Props.modelDeploymentName), CallerObjectId = tostring(Props.objectId), ResourceId = tolower(ResourceId);
let baseline = requests
| where TimeGenerated <= ago(detectionWindow)
| summarize BaselineRequests = count() by ResourceId, Deployment
| extend BaselineHourly = todouble(BaselineRequests) / (baselineWindow / 1h);
requests
| where TimeGenerated > ago(detectionWindow)
| summarize Requests = count(), Callers = dcount(CallerObjectId), StartTime = min(TimeGenerated), TimeGenerated = max(TimeGenerated) by ResourceId, Deployment
| join kind=leftouter baseline on ResourceId, Deployment
| extend BaselineHourly = coalesce(BaselineHourly, 0.0)
| where Requests >= minRequests and Requests > ratio * BaselineHourly
| project TimeGenerated, StartTime, ResourceId, Deployment, Requests, BaselineHourly = round(BaselineHourly, 1), Callers`,
    entityMappings: [RESOURCE()],
  },
  {
    id: 'ailz-det-003',
    displayName: 'AI: token consumption spike on an account',
    description:
      'Prompt plus completion tokens (TokenTransaction metric, exported to AzureMetrics) on an Azure OpenAI account in the last hour exceed 3 times '
      + 'the 95th percentile of its hourly consumption over the previous 7 days. Sustained high token volume is the signature of model extraction '
      + '(systematic querying to distil the model) and of wallet abuse. Triage: find the top callers of the account in AzureDiagnostics for the same hour '
      + '(ailz-det-004), check the deployments\' quota and cost, and throttle or revoke the offending identity.',
    severity: 'Medium',
    threat: 'model extraction',
    tactics: ['Collection', 'Impact'],
    techniques: ['T1119', 'T1496'],
    queryFrequency: 'PT1H',
    queryPeriod: 'P8D',
    triggerThreshold: 0,
    tables: ['AzureMetrics'],
    query: `let baselineWindow = 7d;
let detectionWindow = 1h;
let minTokens = 100000.0;
let tokens = AzureMetrics
| where TimeGenerated > ago(baselineWindow + detectionWindow)
| where ResourceProvider == "MICROSOFT.COGNITIVESERVICES" and MetricName == "TokenTransaction"
| extend ResourceId = tolower(ResourceId);
let baseline = tokens
| where TimeGenerated <= ago(detectionWindow)
| summarize HourlyTokens = sum(Total) by ResourceId, bin(TimeGenerated, 1h)
| summarize P95HourlyTokens = percentile(HourlyTokens, 95) by ResourceId;
tokens
| where TimeGenerated > ago(detectionWindow)
| summarize Tokens = sum(Total), TimeGenerated = max(TimeGenerated) by ResourceId
| join kind=leftouter baseline on ResourceId
| extend P95HourlyTokens = coalesce(P95HourlyTokens, 0.0)
| where Tokens >= minTokens and Tokens > 3 * P95HourlyTokens
| project TimeGenerated, ResourceId, Tokens, P95HourlyTokens`,
    entityMappings: [RESOURCE()],
  },
  {
    id: 'ailz-det-004',
    displayName: 'AI: one identity pulling unusual volumes of model output',
    description:
      'An identity received more model output (sum of responseLength in RequestResponse logs) from an Azure OpenAI account in the last hour than 5 times '
      + 'its own hourly average of the previous 7 days, and more than 10 MB. Bulk harvesting of completions is how a model is extracted or a RAG '
      + 'index is dumped through the model. Triage: check which deployments the identity used, whether its requests are repetitive (templated prompts), '
      + 'and whether the identity is a known batch workload; revoke its access on the account if not.',
    severity: 'Medium',
    threat: 'model extraction',
    tactics: ['Collection', 'Exfiltration'],
    techniques: ['T1119', 'T1567'],
    queryFrequency: 'PT1H',
    queryPeriod: 'P8D',
    triggerThreshold: 0,
    tables: ['AzureDiagnostics'],
    query: `let baselineWindow = 7d;
let detectionWindow = 1h;
let minBytes = 10000000.0;
let output = ${OPENAI_REQUESTS}
| where TimeGenerated > ago(baselineWindow + detectionWindow)
| extend Props = parse_json(properties_s)
| extend CallerObjectId = tostring(Props.objectId), ResponseBytes = todouble(Props.responseLength), ResourceId = tolower(ResourceId)
| where isnotempty(CallerObjectId);
let baseline = output
| where TimeGenerated <= ago(detectionWindow)
| summarize BaselineBytes = sum(ResponseBytes) by ResourceId, CallerObjectId
| extend BaselineHourlyBytes = BaselineBytes / (baselineWindow / 1h);
output
| where TimeGenerated > ago(detectionWindow)
| summarize ResponseBytes = sum(ResponseBytes), Requests = count(), CallerIPAddress = take_any(CallerIPAddress), TimeGenerated = max(TimeGenerated) by ResourceId, CallerObjectId
| join kind=leftouter baseline on ResourceId, CallerObjectId
| extend BaselineHourlyBytes = coalesce(BaselineHourlyBytes, 0.0)
| where ResponseBytes >= minBytes and ResponseBytes > 5 * BaselineHourlyBytes
| project TimeGenerated, ResourceId, CallerObjectId, CallerIPAddress, ResponseBytes, Requests, BaselineHourlyBytes = round(BaselineHourlyBytes, 0)`,
    entityMappings: [ACCOUNT_BY_OBJECT_ID, IP('CallerIPAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-005',
    displayName: 'AI: sustained 429 / 4xx bursts from a caller',
    description:
      'A caller kept getting throttled (429) or rejected (401/403/400/404) by an Azure OpenAI account in at least 6 of the last 12 five-minute windows, '
      + 'with at least 50 failed calls. Sustained 429s mean someone is pushing past quota (abuse, denial of wallet, or extraction throttled by the service); '
      + 'sustained 401/403s mean credential guessing or a revoked identity still trying; 400s in bulk often mean content-filter rejections of attack prompts. '
      + 'Triage: the StatusCodes column shows the mix; correlate the identity and IP with ailz-det-001 and Defender for AI alerts.',
    severity: 'Low',
    threat: 'invocation rate',
    tactics: ['Impact', 'CredentialAccess'],
    techniques: ['T1499', 'T1110'],
    queryFrequency: 'PT1H',
    queryPeriod: 'PT2H',
    triggerThreshold: 0,
    tables: ['AzureDiagnostics'],
    query: `let minFailedCalls = 50;
let minBurstBins = 6;
${OPENAI_REQUESTS}
${ingestedSince('1h', '2h')}
| where ResultSignature startswith "4"
| extend CallerObjectId = tostring(parse_json(properties_s).objectId), ResourceId = tolower(ResourceId)
| summarize Failed = count(), StatusCodes = make_set(ResultSignature, 10) by ResourceId, CallerObjectId, CallerIPAddress, Bin = bin(TimeGenerated, 5m)
| summarize FailedCalls = sum(Failed), BurstBins = dcount(Bin), StatusCodes = make_set(StatusCodes, 10), TimeGenerated = max(Bin) by ResourceId, CallerObjectId, CallerIPAddress
| where FailedCalls >= minFailedCalls and BurstBins >= minBurstBins
| project TimeGenerated, ResourceId, CallerObjectId, CallerIPAddress, FailedCalls, BurstBins, StatusCodes`,
    entityMappings: [ACCOUNT_BY_OBJECT_ID, IP('CallerIPAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-006',
    displayName: 'AI: identity never seen before calls an AI account',
    description:
      'An Entra identity made successful calls to an Azure OpenAI / AI Services account in the last hour and never called that account in the previous '
      + '14 days. New callers are expected after a release; otherwise this is the first sign of a stolen token or of a role assignment nobody reviewed. '
      + 'Triage: confirm the identity belongs to a known application or developer group, look for a role assignment on the account in the activity '
      + 'log (ailz-det-009), and check the caller IP against the workload network.',
    severity: 'Low',
    threat: 'data access',
    tactics: ['InitialAccess', 'Persistence'],
    techniques: ['T1078'],
    subTechniques: ['T1078.004'],
    queryFrequency: 'PT1H',
    queryPeriod: 'P14D',
    triggerThreshold: 0,
    tables: ['AzureDiagnostics'],
    query: `let lookback = 14d;
let detectionWindow = 1h;
let calls = ${OPENAI_REQUESTS}
| where TimeGenerated > ago(lookback)
| where ResultSignature startswith "2"
| extend CallerObjectId = tostring(parse_json(properties_s).objectId), ResourceId = tolower(ResourceId)
| where isnotempty(CallerObjectId);
let known = calls
| where TimeGenerated <= ago(detectionWindow)
| distinct ResourceId, CallerObjectId;
calls
| where TimeGenerated > ago(detectionWindow)
| summarize Requests = count(), CallerIPAddress = take_any(CallerIPAddress), StartTime = min(TimeGenerated), TimeGenerated = max(TimeGenerated) by ResourceId, CallerObjectId
| join kind=leftanti known on ResourceId, CallerObjectId
| project TimeGenerated, StartTime, ResourceId, CallerObjectId, CallerIPAddress, Requests`,
    entityMappings: [ACCOUNT_BY_OBJECT_ID, IP('CallerIPAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-007',
    displayName: 'AI: configuration change outside the deployment pipeline',
    description:
      'Someone other than an approved deployment identity changed an AI resource or its guard rails: a Cognitive Services / AI Services account '
      + '(network rules, public access, local auth), a model deployment, an RAI (content filter) policy, an ML workspace, a private endpoint, or '
      + 'a diagnostic setting. In ailz every change ships through IaC, so a manual change is drift at best and defence evasion at worst. '
      + 'Triage: read the operation and resource, ask the caller, compare the resource with the synthesized Terraform (terraform plan shows the drift), '
      + 'and revert through the pipeline.',
    severity: 'Medium',
    threat: 'configuration change',
    tactics: ['DefenseEvasion', 'Persistence', 'Impact'],
    techniques: ['T1562', 'T1578', 'T1098'],
    subTechniques: ['T1562.008'],
    queryFrequency: 'PT15M',
    queryPeriod: 'PT1H',
    triggerThreshold: 0,
    tables: ['AzureActivity'],
    usesDeploymentAllowList: true,
    query: `${watchedActivity('watchedOperations', [
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/WRITE',
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/DELETE',
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/DEPLOYMENTS/WRITE',
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/DEPLOYMENTS/DELETE',
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/RAIPOLICIES/WRITE',
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/RAIPOLICIES/DELETE',
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/PRIVATEENDPOINTCONNECTIONS/WRITE',
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/PRIVATEENDPOINTCONNECTIONS/DELETE',
      'MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/WRITE',
      'MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/DELETE',
      'MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/OUTBOUNDRULES/WRITE',
      'MICROSOFT.NETWORK/PRIVATEENDPOINTS/WRITE',
      'MICROSOFT.NETWORK/PRIVATEENDPOINTS/DELETE',
      'MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/WRITE',
      'MICROSOFT.INSIGHTS/DIAGNOSTICSETTINGS/DELETE',
    ])}
| summarize Operations = make_set(OperationNameValue, 20), Changes = count(), TimeGenerated = max(TimeGenerated) by Caller, CallerObjectId, CallerIpAddress, ResourceId = tolower(_ResourceId), SubscriptionId
| project TimeGenerated, Caller, CallerObjectId, CallerIpAddress, ResourceId, SubscriptionId, Operations, Changes`,
    entityMappings: [ACTIVITY_ACCOUNT, IP('CallerIpAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-008',
    displayName: 'AI: account keys listed or regenerated',
    description:
      'Someone other than an approved deployment identity listed or regenerated the API keys of an AI Services / Azure OpenAI account or an ML workspace. '
      + 'ailz disables local (key) authentication, so nobody needs the keys: listing them is credential harvesting, regenerating them can re-enable '
      + 'a key-based backdoor or break workloads. Triage: confirm local auth is still disabled on the account (disableLocalAuth), identify the caller, '
      + 'regenerate the keys again and review the caller\'s role assignments.',
    severity: 'High',
    threat: 'configuration change',
    tactics: ['CredentialAccess'],
    techniques: ['T1552', 'T1098'],
    subTechniques: ['T1098.001'],
    queryFrequency: 'PT15M',
    queryPeriod: 'PT1H',
    triggerThreshold: 0,
    tables: ['AzureActivity'],
    usesDeploymentAllowList: true,
    query: `${watchedActivity('keyOperations', [
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/LISTKEYS/ACTION',
      'MICROSOFT.COGNITIVESERVICES/ACCOUNTS/REGENERATEKEY/ACTION',
      'MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/LISTKEYS/ACTION',
      'MICROSOFT.MACHINELEARNINGSERVICES/WORKSPACES/RESYNCKEYS/ACTION',
    ])}
| summarize Operations = make_set(OperationNameValue, 10), Calls = count(), TimeGenerated = max(TimeGenerated) by Caller, CallerObjectId, CallerIpAddress, ResourceId = tolower(_ResourceId), SubscriptionId
| project TimeGenerated, Caller, CallerObjectId, CallerIpAddress, ResourceId, SubscriptionId, Operations, Calls`,
    entityMappings: [ACTIVITY_ACCOUNT, IP('CallerIpAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-009',
    displayName: 'AI: role assignment granting access to AI resources',
    description:
      'A role assignment was created on an AI resource (Cognitive Services, Machine Learning or AI Search scope), or an Azure AI data role '
      + '(Cognitive Services OpenAI User/Contributor, Cognitive Services User, AzureML Data Scientist) was granted at any scope, by someone other '
      + 'than an approved deployment identity. New access to a model or its data outside the pipeline is how persistence is established. '
      + 'Triage: read the principal and role from the request body (Properties), confirm an access request exists, and remove the assignment if not.',
    severity: 'Medium',
    threat: 'configuration change',
    tactics: ['Persistence', 'PrivilegeEscalation'],
    techniques: ['T1098'],
    subTechniques: ['T1098.003'],
    queryFrequency: 'PT15M',
    queryPeriod: 'PT1H',
    triggerThreshold: 0,
    tables: ['AzureActivity'],
    usesDeploymentAllowList: true,
    query: `let aiScopes = dynamic([${AI_RESOURCE_PROVIDERS.map((p) => `"/providers/${p}/"`).join(', ')}]);
let aiDataRoles = dynamic([${AI_DATA_ROLE_GUIDS.map((g) => `"${g}"`).join(', ')}]);
AzureActivity
${ingestedSince('15m', '1h')}
| where OperationNameValue =~ "MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE"
| where ActivityStatusValue in~ ("Success", "Succeeded")
| extend RequestBody = tostring(Properties_d.requestbody)
| where tolower(_ResourceId) has_any (aiScopes) or RequestBody has_any (aiDataRoles)
${ACTIVITY_CALLER}
| project TimeGenerated, Caller, CallerObjectId, CallerIpAddress, ResourceId = tolower(_ResourceId), SubscriptionId, RequestBody`,
    entityMappings: [ACTIVITY_ACCOUNT, IP('CallerIpAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-010',
    displayName: 'Governance: policy assignment or exemption changed outside the pipeline',
    description:
      'A policy assignment or policy exemption was created, changed or deleted by someone other than an approved deployment identity. '
      + 'The ailz guardrails (deny public network access, require private endpoints, disable local auth) are policy assignments; exempting a '
      + 'scope or deleting an assignment switches them off silently. Triage: identify the assignment or exemption (ResourceId), check for an approved '
      + 'exception with an expiry, and restore it through the pipeline.',
    severity: 'High',
    threat: 'configuration change',
    tactics: ['DefenseEvasion'],
    techniques: ['T1562'],
    subTechniques: ['T1562.001'],
    queryFrequency: 'PT15M',
    queryPeriod: 'PT1H',
    triggerThreshold: 0,
    tables: ['AzureActivity'],
    usesDeploymentAllowList: true,
    query: `${watchedActivity('policyOperations', [
      'MICROSOFT.AUTHORIZATION/POLICYASSIGNMENTS/WRITE',
      'MICROSOFT.AUTHORIZATION/POLICYASSIGNMENTS/DELETE',
      'MICROSOFT.AUTHORIZATION/POLICYEXEMPTIONS/WRITE',
      'MICROSOFT.AUTHORIZATION/POLICYEXEMPTIONS/DELETE',
    ])}
| project TimeGenerated, Caller, CallerObjectId, CallerIpAddress, ResourceId = tolower(_ResourceId), SubscriptionId, OperationNameValue`,
    entityMappings: [ACTIVITY_ACCOUNT, IP('CallerIpAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-011',
    displayName: 'Data: Key Vault secret read by an identity new to the vault',
    description:
      'An identity read secrets (SecretGet) from a Key Vault in the last hour and had not read secrets from that vault in the previous 14 days. '
      + 'AI workloads keep connection secrets for data sources and tools in Key Vault; a new reader is either a new deployment or a stolen identity '
      + 'enumerating secrets. Triage: confirm the identity is the workload\'s managed identity, check which secrets (SecretIds) it read, and rotate them '
      + 'if the reader is unknown.',
    severity: 'Medium',
    threat: 'data access',
    tactics: ['CredentialAccess'],
    techniques: ['T1555', 'T1552'],
    subTechniques: ['T1555.006'],
    queryFrequency: 'PT1H',
    queryPeriod: 'P14D',
    triggerThreshold: 0,
    tables: ['AzureDiagnostics'],
    query: `let lookback = 14d;
let detectionWindow = 1h;
let reads = AzureDiagnostics
| where TimeGenerated > ago(lookback)
| where ResourceProvider == "MICROSOFT.KEYVAULT" and Category == "AuditEvent" and OperationName == "SecretGet"
| where ResultSignature =~ "OK" or httpStatusCode_d == 200
| extend ClaimOid = tostring(column_ifexists("identity_claim_oid_g", "")), ClaimObjectIdentifier = tostring(column_ifexists("identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g", ""))
| extend CallerObjectId = iff(isempty(ClaimOid), ClaimObjectIdentifier, ClaimOid), ResourceId = tolower(ResourceId)
| where isnotempty(CallerObjectId);
let known = reads
| where TimeGenerated <= ago(detectionWindow)
| distinct ResourceId, CallerObjectId;
reads
| where TimeGenerated > ago(detectionWindow)
| summarize Reads = count(), SecretIds = make_set(id_s, 20), CallerIPAddress = take_any(CallerIPAddress), TimeGenerated = max(TimeGenerated) by ResourceId, CallerObjectId
| join kind=leftanti known on ResourceId, CallerObjectId
| project TimeGenerated, ResourceId, CallerObjectId, CallerIPAddress, Reads, SecretIds`,
    entityMappings: [ACCOUNT_BY_OBJECT_ID, IP('CallerIPAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-012',
    displayName: 'Data: mass secret retrieval from Key Vault',
    description:
      'One identity read 10 or more distinct secrets from a Key Vault within an hour. Workload identities read the few secrets they are built for; '
      + 'reading many distinct secrets is enumeration after a credential or workload compromise. Triage: list the secrets read (SecretIds), confirm the '
      + 'caller, and rotate every secret read if the activity is not explained.',
    severity: 'High',
    threat: 'data access',
    tactics: ['CredentialAccess', 'Collection'],
    techniques: ['T1555'],
    subTechniques: ['T1555.006'],
    queryFrequency: 'PT1H',
    queryPeriod: 'PT2H',
    triggerThreshold: 0,
    tables: ['AzureDiagnostics'],
    query: `let minDistinctSecrets = 10;
AzureDiagnostics
${ingestedSince('1h', '2h')}
| where ResourceProvider == "MICROSOFT.KEYVAULT" and Category == "AuditEvent" and OperationName == "SecretGet"
| extend ClaimOid = tostring(column_ifexists("identity_claim_oid_g", "")), ClaimObjectIdentifier = tostring(column_ifexists("identity_claim_http_schemas_microsoft_com_identity_claims_objectidentifier_g", ""))
| extend CallerObjectId = iff(isempty(ClaimOid), ClaimObjectIdentifier, ClaimOid), ResourceId = tolower(ResourceId)
| extend SecretName = tostring(split(id_s, "/")[4])
| summarize DistinctSecrets = dcount(SecretName), Reads = count(), SecretIds = make_set(id_s, 50), CallerIPAddress = take_any(CallerIPAddress), TimeGenerated = max(TimeGenerated) by ResourceId, CallerObjectId
| where DistinctSecrets >= minDistinctSecrets
| project TimeGenerated, ResourceId, CallerObjectId, CallerIPAddress, DistinctSecrets, Reads, SecretIds`,
    entityMappings: [ACCOUNT_BY_OBJECT_ID, IP('CallerIPAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-013',
    displayName: 'Data: blob downloads by a caller far above its pattern',
    description:
      'A caller downloaded (GetBlob) far more data from a storage account in the last hour than its 14-day hourly pattern predicts '
      + '(series_decompose_anomalies over StorageBlobLogs bytes), at least 500 MB. Training data, fine-tuning sets and RAG corpora live in these accounts: '
      + 'an out-of-pattern bulk download is the exfiltration step of a data theft. Triage: identify the containers read (SampleUris), confirm the caller '
      + 'is the training or indexing workload, and revoke its data role if not.',
    severity: 'Medium',
    threat: 'data access',
    tactics: ['Exfiltration', 'Collection'],
    techniques: ['T1530', 'T1567'],
    queryFrequency: 'PT1H',
    queryPeriod: 'P14D',
    triggerThreshold: 0,
    tables: ['StorageBlobLogs'],
    query: `let lookback = 14d;
let minBytes = 500000000;
StorageBlobLogs
| where TimeGenerated > ago(lookback)
| where OperationName == "GetBlob" and StatusCode startswith "2"
| extend Caller = iff(isnotempty(RequesterObjectId), RequesterObjectId, strcat("ip:", tostring(split(CallerIpAddress, ":")[0])))
| make-series Bytes = sum(ResponseBodySize) default = 0 on TimeGenerated from bin(ago(lookback), 1h) to bin(now(), 1h) step 1h by ResourceId = tolower(_ResourceId), AccountName, Caller
| extend (Anomalies, Score, Baseline) = series_decompose_anomalies(Bytes, 3.0, -1, "linefit")
| mv-expand TimeGenerated to typeof(datetime), Bytes to typeof(long), Anomalies to typeof(double), Score to typeof(double), Baseline to typeof(double)
| where TimeGenerated >= ago(2h) and Anomalies > 0 and Bytes >= minBytes
| join kind=inner (
    StorageBlobLogs
    | where TimeGenerated > ago(2h)
    | where OperationName == "GetBlob" and StatusCode startswith "2"
    | extend Caller = iff(isnotempty(RequesterObjectId), RequesterObjectId, strcat("ip:", tostring(split(CallerIpAddress, ":")[0])))
    | summarize CallerObjectId = take_any(RequesterObjectId), CallerUpn = take_any(RequesterUpn), CallerIpAddress = take_any(tostring(split(CallerIpAddress, ":")[0])), SampleUris = make_set(Uri, 10) by ResourceId = tolower(_ResourceId), Caller
  ) on ResourceId, Caller
| project TimeGenerated, ResourceId, AccountName, CallerObjectId, CallerUpn, CallerIpAddress, Bytes, ExpectedBytes = round(Baseline, 0), AnomalyScore = round(Score, 2), SampleUris`,
    entityMappings: [
      { entityType: 'Account', fieldMappings: [{ identifier: 'AadUserId', columnName: 'CallerObjectId' }, { identifier: 'FullName', columnName: 'CallerUpn' }] },
      IP('CallerIpAddress'),
      RESOURCE(),
    ],
  },
  {
    id: 'ailz-det-014',
    displayName: 'AI: Defender for AI alert (jailbreak, prompt injection, credential theft, data leakage)',
    description:
      'Microsoft Defender for AI services raised an alert on an AI resource (alert types AI.*): a jailbreak or prompt injection attempt (Prompt Shields), '
      + 'credential theft through the model, sensitive data leaking in responses, or access from a suspicious IP or user agent. This rule groups the '
      + 'alerts below the severities the Defender for Cloud incident rule already turns into incidents (High and Medium: one incident each, so no alert '
      + 'is counted twice) per resource, caller IP and alert type into one AI incident with the entities mapped. Triage: open the alert (AlertLinks) for the prompt '
      + 'evidence, identify the calling application and user, and block the source; repeated jailbreaks from one identity mean a malicious user or a '
      + 'compromised application.',
    severity: 'Low',
    threat: 'prompt injection',
    tactics: ['InitialAccess', 'CredentialAccess', 'Exfiltration'],
    techniques: ['T1190', 'T1552', 'T1567'],
    queryFrequency: 'PT5M',
    queryPeriod: 'PT1H',
    triggerThreshold: 0,
    tables: ['SecurityAlert'],
    query: `SecurityAlert
${ingestedSince('5m', '1h')}
| where AlertType startswith "AI."
| where AlertSeverity !in (${DEFENDER_INCIDENT_SEVERITIES.map((x) => `"${x}"`).join(', ')})
| extend EntityList = parse_json(Entities)
| mv-apply Entity = EntityList on (
    summarize CallerIPAddress = take_anyif(tostring(Entity.Address), tostring(Entity.Type) =~ "ip"),
              CallerObjectId = take_anyif(tostring(Entity.AadUserId), tostring(Entity.Type) =~ "account"),
              AlertResourceId = take_anyif(tostring(Entity.ResourceId), tostring(Entity.Type) =~ "azure-resource")
  )
| extend ResourceId = tolower(iff(isnotempty(ResourceId), ResourceId, AlertResourceId))
| summarize Alerts = count(), AlertNames = make_set(AlertName, 10), AlertLinks = make_set(AlertLink, 10), HighestSeverity = max(case(AlertSeverity == "High", 3, AlertSeverity == "Medium", 2, AlertSeverity == "Low", 1, 0)), CallerObjectId = take_any(CallerObjectId), TimeGenerated = max(TimeGenerated) by ResourceId, CallerIPAddress, AlertType, CompromisedEntity
| project TimeGenerated, ResourceId, CompromisedEntity, CallerIPAddress, CallerObjectId, AlertType, AlertNames, Alerts, HighestSeverity, AlertLinks`,
    entityMappings: [ACCOUNT_BY_OBJECT_ID, IP('CallerIPAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-015',
    displayName: 'AI gateway: abnormal token consumption by a caller',
    description:
      'A caller authenticated by the AI gateway consumed far more tokens in the last hour than its own 14-day hourly pattern predicts '
      + '(series_decompose_anomalies over the gateway\'s per-request token counts). Likely causes: a leaked token or compromised workload identity, '
      + 'model extraction, or a runaway client. Triage: confirm the identity (CallerObjectId, CallerAppId) owns this API, check the deployment and '
      + 'the prompts in the prompt workspace (prompt readers group), and lower the caller\'s token limit or remove its app role.',
    severity: 'Medium',
    threat: 'invocation rate',
    tactics: ['Impact'],
    techniques: ['T1496'],
    queryFrequency: 'PT1H',
    queryPeriod: 'P14D',
    triggerThreshold: 0,
    tables: ['ApiManagementGatewayLogs'],
    query: `let lookback = 14d;
let minTokens = 10000;
${gatewayCalls('lookback')}
| make-series TokensPerHour = sum(Tokens) default = 0 on TimeGenerated from bin(ago(lookback), 1h) to bin(now(), 1h) step 1h by ResourceId, ApiId, CallerObjectId, CallerAppId
| extend (Anomalies, Score, Baseline) = series_decompose_anomalies(TokensPerHour, 3.0, -1, "linefit")
| mv-expand TimeGenerated to typeof(datetime), TokensPerHour to typeof(long), Anomalies to typeof(double), Score to typeof(double), Baseline to typeof(double)
| where TimeGenerated >= ago(2h) and Anomalies > 0 and TokensPerHour >= minTokens
| project TimeGenerated, ResourceId, ApiId, CallerObjectId, CallerAppId, TokensPerHour, ExpectedTokens = round(Baseline, 0), AnomalyScore = round(Score, 2)`,
    entityMappings: [ACCOUNT_BY_OBJECT_ID, { entityType: 'CloudApplication', fieldMappings: [{ identifier: 'AppId', columnName: 'CallerAppId' }] }, RESOURCE()],
  },
  {
    id: 'ailz-det-016',
    displayName: 'AI gateway: caller repeatedly hits its token limit',
    description:
      'A caller received 20 or more token-limit rejections (HTTP 429 rate limit or 403 quota from llm-token-limit) from the AI gateway within an hour. '
      + 'A well-behaved client backs off on Retry-After; repeated hits suggest scripted abuse, extraction attempts or a misconfigured client. '
      + 'Triage: identify the application (CallerAppId), compare with its normal volume (ailz-det-015), and contact the owner or remove its app role.',
    severity: 'Low',
    threat: 'invocation rate',
    tactics: ['Impact'],
    techniques: ['T1499'],
    queryFrequency: 'PT1H',
    // Per-run: looks back an hour past the run and takes the rows ingested since the last run (review F27).
    queryPeriod: 'PT2H',
    triggerThreshold: 0,
    tables: ['ApiManagementGatewayLogs'],
    query: `let minRejections = 20;
${gatewayCalls('2h', '1h')}
| where ResponseCode == 429 or (ResponseCode == 403 and LastErrorReason has "quota")
| summarize Rejections = count(), Deployments = make_set(Deployment, 10), TimeGenerated = max(TimeGenerated) by ResourceId, ApiId, CallerObjectId, CallerAppId, CallerIpAddress
| where Rejections >= minRejections
| project TimeGenerated, ResourceId, ApiId, CallerObjectId, CallerAppId, CallerIpAddress, Rejections, Deployments`,
    entityMappings: [ACCOUNT_BY_OBJECT_ID, IP('CallerIpAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-017',
    displayName: 'AI gateway: prompt injection or content-filter blocks by a caller',
    description:
      'Requests of one caller were blocked by the model\'s content filter through the AI gateway three or more times in an hour, or at least once '
      + 'by Prompt Shields (jailbreak or indirect prompt attack). Likely causes: a user or injected document trying to subvert the system prompt, '
      + 'or an application forwarding untrusted content. Triage: read the blocked prompts in the prompt workspace (ApiManagementGatewayLlmLog, joined '
      + 'on CorrelationId; prompt readers group only), and find the end user behind the application.',
    severity: 'Medium',
    threat: 'prompt injection',
    tactics: ['InitialAccess', 'DefenseEvasion'],
    techniques: ['T1190'],
    queryFrequency: 'PT1H',
    // Per-run: looks back an hour past the run and takes the rows ingested since the last run (review F27).
    queryPeriod: 'PT2H',
    triggerThreshold: 0,
    tables: ['ApiManagementGatewayLogs'],
    query: `let minBlocks = 3;
${gatewayCalls('2h', '1h')}
| where ContentFilter or PromptAttack
| summarize Blocks = count(), PromptAttacks = countif(PromptAttack), CorrelationIds = make_set(CorrelationId, 20), TimeGenerated = max(TimeGenerated) by ResourceId, ApiId, CallerObjectId, CallerAppId, CallerIpAddress
| where Blocks >= minBlocks or PromptAttacks > 0
| project TimeGenerated, ResourceId, ApiId, CallerObjectId, CallerAppId, CallerIpAddress, Blocks, PromptAttacks, CorrelationIds`,
    entityMappings: [ACCOUNT_BY_OBJECT_ID, IP('CallerIpAddress'), RESOURCE()],
  },
  {
    id: 'ailz-det-018',
    displayName: 'AI gateway: calls from an identity never seen before',
    description:
      'An identity called a model through the AI gateway in the last hour that made no call in the previous 14 days. Expected for a newly deployed '
      + 'application; otherwise an app role was granted to an unexpected principal, or a new service principal was created to reach the models. '
      + 'Triage: check who assigned the gateway app role to CallerObjectId (Entra audit log) and whether the application is known.',
    severity: 'Low',
    threat: 'data access',
    tactics: ['InitialAccess', 'Persistence'],
    // Sentinel's techniques take parent ids only (review F3); the cloud-accounts sub-technique goes with subTechniques.
    techniques: ['T1078'],
    subTechniques: ['T1078.004'],
    queryFrequency: 'PT1H',
    queryPeriod: 'P14D',
    triggerThreshold: 0,
    tables: ['ApiManagementGatewayLogs'],
    query: `let lookback = 14d;
let recent = 1h;
let Calls = materialize(${gatewayCalls('lookback').replace(/\n/g, '\n  ')});
let Known = Calls
| where TimeGenerated < ago(recent)
| distinct CallerObjectId;
Calls
| where TimeGenerated >= ago(recent)
| where CallerObjectId !in (Known)
| summarize Calls = count(), Tokens = sum(Tokens), Apis = make_set(ApiId, 10), FirstSeen = min(TimeGenerated), TimeGenerated = max(TimeGenerated) by ResourceId, CallerObjectId, CallerAppId, CallerIpAddress
| project TimeGenerated, FirstSeen, ResourceId, CallerObjectId, CallerAppId, CallerIpAddress, Calls, Tokens, Apis`,
    entityMappings: [ACCOUNT_BY_OBJECT_ID, IP('CallerIpAddress'), RESOURCE()],
  },
];

/** The threat categories the catalog must cover (issue 7). */
export const DETECTION_THREATS: readonly DetectionThreat[] = [
  'invocation rate', 'data access', 'configuration change', 'prompt injection', 'model extraction',
];

/** Markdown table of the catalog for the README: detection -> threat -> tables -> severity -> MITRE. */
export function renderDetectionTable(detections: readonly Detection[] = DETECTIONS): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [
    '| Id | Detection | Threat | Tables | Severity | MITRE ATT&CK |',
    '|---|---|---|---|---|---|',
    ...detections.map((d) => `| ${d.id} | ${esc(d.displayName)} | ${d.threat} | ${d.tables.map((t) => `\`${t}\``).join(', ')} | ${d.severity} | ${[...d.tactics, ...d.techniques, ...(d.subTechniques ?? [])].join(', ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}
