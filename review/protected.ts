/**
 * Resources whose destruction loses data, keys, audit history or the governance around everything
 * else: destroying or replacing one is an error unless the config records the removal as intended
 * (`intendedRemovals`, with a justification and an expiry, like a suppression).
 */
import type { Finding } from '../guardrails/types';
import { PROTECTED_REMOVAL_RULE } from '../guardrails/review-rules';
import type { ResourceChange } from './changes';

/** azurerm types, and the ARM types of their azapi forms (compared in lower case). */
const PROTECTED: readonly { readonly what: string; readonly types: readonly string[]; readonly armTypes: readonly string[] }[] = [
  { what: 'Key Vault', types: ['azurerm_key_vault', 'azurerm_key_vault_managed_hardware_security_module'], armTypes: ['microsoft.keyvault/vaults', 'microsoft.keyvault/managedhsms'] },
  { what: 'key', types: ['azurerm_key_vault_key', 'azurerm_key_vault_managed_hardware_security_module_key'], armTypes: ['microsoft.keyvault/vaults/keys', 'microsoft.keyvault/managedhsms/keys'] },
  { what: 'Log Analytics workspace', types: ['azurerm_log_analytics_workspace'], armTypes: ['microsoft.operationalinsights/workspaces'] },
  {
    what: 'storage',
    types: ['azurerm_storage_account', 'azurerm_storage_container', 'azurerm_storage_share', 'azurerm_storage_data_lake_gen2_filesystem'],
    armTypes: ['microsoft.storage/storageaccounts', 'microsoft.storage/storageaccounts/blobservices/containers', 'microsoft.storage/storageaccounts/fileservices/shares'],
  },
  { what: 'subscription', types: ['azurerm_subscription'], armTypes: ['microsoft.subscription/aliases'] },
  { what: 'management group', types: ['azurerm_management_group'], armTypes: ['microsoft.management/managementgroups'] },
  { what: 'lock', types: ['azurerm_management_lock'], armTypes: ['microsoft.authorization/locks'] },
  { what: 'Sentinel onboarding', types: ['azurerm_sentinel_log_analytics_workspace_onboarding'], armTypes: ['microsoft.securityinsights/onboardingstates'] },
  { what: 'Cognitive Services / Azure OpenAI account', types: ['azurerm_cognitive_account', 'azurerm_ai_services'], armTypes: ['microsoft.cognitiveservices/accounts'] },
  { what: 'Machine Learning workspace', types: ['azurerm_machine_learning_workspace', 'azurerm_ai_foundry', 'azurerm_ai_foundry_project'], armTypes: ['microsoft.machinelearningservices/workspaces'] },
];

const BY_TYPE = new Map(PROTECTED.flatMap((p) => p.types.map((t) => [t, p.what] as const)));
const BY_ARM = new Map(PROTECTED.flatMap((p) => p.armTypes.map((t) => [t, p.what] as const)));

/** What a protected resource is ("Key Vault"), or undefined when the type is not protected. */
export function protectedKind(type: string, armType?: string): string | undefined {
  if (armType) return BY_ARM.get(armType.toLowerCase());
  return BY_TYPE.get(type);
}

/** Config `intendedRemovals[]`: a destruction a reviewer accepted. */
export interface IntendedRemoval {
  /** `<stack>/<terraform address>` */
  readonly resource: string;
  readonly justification: string;
  /** YYYY-MM-DD */
  readonly expires: string;
}

export const PROTECTED_RULE = PROTECTED_REMOVAL_RULE;

/**
 * Error findings for destroyed or replaced protected resources; an intended removal turns one into a
 * suppressed finding (still reported, with its justification). Returns the removals that matched nothing.
 */
export function protectedRemovalFindings(changes: readonly ResourceChange[], intended: readonly IntendedRemoval[]): { findings: Finding[]; unmatched: IntendedRemoval[] } {
  const byResource = new Map<string, IntendedRemoval>();
  for (const r of intended) if (!byResource.has(r.resource)) byResource.set(r.resource, r);
  const used = new Set<IntendedRemoval>();
  const findings: Finding[] = [];
  for (const c of changes) {
    // A forgotten resource (removed block, destroy = false) and a replacement that keeps the old object destroy nothing.
    if ((c.action !== 'delete' && c.action !== 'replace') || c.keepsOld) continue;
    // Removing an azapi_update_resource stops managing some properties; the resource itself stays.
    if (c.type === 'azapi_update_resource') continue;
    const what = protectedKind(c.type, c.armType);
    if (!what) continue;
    const why = c.action === 'replace' ? `replaced (${c.replaceReasons.join('; ') || 'destroyed and recreated'})` : 'destroyed';
    const f: Finding = {
      rule: PROTECTED_RULE.id,
      severity: 'error',
      stack: c.stack,
      address: c.previousAddress ?? c.address,
      message: `${what} ${why}`,
      remediation: PROTECTED_RULE.remediation,
      area: PROTECTED_RULE.area,
    };
    const match = byResource.get(`${c.stack}/${c.previousAddress ?? c.address}`) ?? byResource.get(`${c.stack}/${c.address}`);
    if (match) {
      f.suppressed = { justification: match.justification, expires: match.expires };
      used.add(match);
    }
    findings.push(f);
  }
  return { findings, unmatched: intended.filter((r) => !used.has(r)) };
}
