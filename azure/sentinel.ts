/**
 * Microsoft Sentinel analytics-rule facts.
 *
 * - `techniques` takes MITRE ATT&CK parent technique ids only: the service answers "The technique
 *   'T1098.003' is invalid. The expected format is 'T####'" (hashicorp/terraform-provider-azurerm#28801,
 *   open 2025-02-18, through azurerm's API 2023-12-01-preview; Azure/Azure-Sentinel#8960 on 2022-11-01-preview).
 *   azurerm 4.55 sends `techniques` verbatim and has no sub-technique argument
 *   (v4.55.0 internal/services/sentinel/sentinel_alert_rule_scheduled_resource.go:108-115, :408).
 * - `properties.subTechniques` exists on `Microsoft.SecurityInsights/alertRules` only in the API versions
 *   below (all preview): Azure/terraform-provider-azapi v2.12.0 embedded ARM schema,
 *   internal/azure/generated/securityinsights/microsoft.securityinsights/<version>/types.json; no GA
 *   version (2023-11-01, 2024-03-01, 2024-09-01, 2025-03-01, 2025-06-01, 2025-09-01) has it. Read 2026-11-26.
 */

/** A MITRE ATT&CK parent technique id as `techniques` accepts it. */
export const SENTINEL_TECHNIQUE_ID = /^T\d{4}$/;

/** A MITRE ATT&CK sub-technique id as `subTechniques` takes it. */
export const SENTINEL_SUB_TECHNIQUE_ID = /^T\d{4}\.\d{3}$/;

/** API versions of `Microsoft.SecurityInsights/alertRules` whose schema has `properties.subTechniques`. */
export const SENTINEL_SUB_TECHNIQUE_API_VERSIONS: readonly string[] = [
  '2023-12-01-preview', '2024-01-01-preview', '2024-04-01-preview', '2024-10-01-preview', '2025-01-01-preview',
  '2025-04-01-preview', '2025-07-01-preview', '2025-10-01-preview',
];
