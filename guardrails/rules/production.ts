/**
 * Production posture: what ailz turns on by default for production workloads and lets a config turn
 * off only by an explicit, named option (`openai.allowGlobalProcessing`, `encryption.customerManagedKeys:
 * false`; `deleteLock: false` is AILZ-PRD-006, a governance-stack rule since delete protection is a policy).
 * AILZ-PRD-005 ("Production Key Vault has a CanNotDelete lock") is retired (guardrails/catalog.ts RETIRED_RULES).
 * Loosening is allowed, so these are warnings: they keep every such choice visible in each report (and in `ailz-findings.json`) instead of failing the synth.
 *
 * A resource is production when its own `tags.environment` says so (ailz tags every resource).
 */
import { DocumentIndex, ResourceNode, Rule, Violation } from '../types';
import { block, judge } from '../document';
import { resourceRule } from './helpers';
import { ACCOUNT_ARM, customerManagedKeys, deploymentEnvironment } from './cognitive';
import { flowLogsInto } from '../flow-logs';
import { alsoArm } from './arm';

function isProduction(doc: DocumentIndex, node: ResourceNode): boolean {
  const env = judge(doc, node.attrs.tags?.environment);
  return env.state === 'literal' && typeof env.value === 'string' && env.value.toLowerCase() === 'production';
}

/** Whether any Terraform form in the document attaches a Key Vault key to this account. */
function hasCustomerManagedKey(doc: DocumentIndex, account: ResourceNode): boolean {
  return customerManagedKeys(doc).some((use) => use.account === account);
}

/** SKUs that may process prompts in any Azure region (Microsoft's "Global" deployment types). */
const GLOBAL_SKUS = new Set(['globalstandard', 'globalprovisionedmanaged', 'globalbatch']);

export const PRODUCTION_RULES: readonly Rule[] = [
  resourceRule({
    id: 'AILZ-PRD-001', severity: 'warning', area: 'model-risk', resourceTypes: ['azurerm_cognitive_deployment'],
    title: 'Production model deployment keeps prompt processing in its geography',
    rationale: 'Global deployment types may process prompts and completions in any Azure region, outside the allowed locations; production data residency needs Standard or DataZone types.',
    remediation: 'use sku Standard or DataZoneStandard (ailz config: remove openai.allowGlobalProcessing and change the deployment sku)',
  }, (doc, node): Violation | undefined => {
    const sku = judge(doc, block(node.attrs, 'sku')?.name);
    if (sku.state !== 'literal' || typeof sku.value !== 'string' || !GLOBAL_SKUS.has(sku.value.toLowerCase())) return undefined;
    const env = deploymentEnvironment(doc, node);
    if (env.state === 'known' && env.env !== 'production') return undefined;
    return { address: node.address, message: `sku ${sku.value} processes prompts globally in a production workload (accepted by openai.allowGlobalProcessing)` };
  }),
  alsoArm(resourceRule({
    id: 'AILZ-PRD-002', severity: 'warning', area: 'data', resourceTypes: ['azurerm_cognitive_account'],
    title: 'Production OpenAI / AI Services account encrypts with a customer-managed key',
    rationale: 'A customer-managed key lets the organization revoke access to stored prompts, fine-tuning data and files, and rotate keys on its own schedule. '
      + 'Azure Policy only audits this in production (cmk-cognitive): a Deny would refuse the account\'s creating request, because Azure OpenAI takes the key through its system-assigned identity, attached after creation.',
    remediation: 'attach a key to the account: customer_managed_key, azurerm_cognitive_account_customer_managed_key, or an azapi_update_resource setting properties.encryption.keySource = "Microsoft.KeyVault" (ailz config: encryption.customerManagedKeys: true, the production default)',
  }, (doc, node) => (isProduction(doc, node) && !hasCustomerManagedKey(doc, node)
    ? { address: node.address, message: 'production account without a customer-managed key attached (encryption.customerManagedKeys is off)' } : undefined)),
  ACCOUNT_ARM, (doc, view) => (!view.update && isProduction(doc, view.node) && !hasCustomerManagedKey(doc, view.node)
    ? { address: view.node.address, message: 'production account (azapi) without a customer-managed key attached' } : undefined)),
  resourceRule({
    id: 'AILZ-PRD-003', severity: 'warning', area: 'data', resourceTypes: ['azurerm_storage_account'],
    title: 'Production storage account encrypts with a customer-managed key',
    rationale: 'Training data and ML artefacts stay revocable by the organization.',
    remediation: 'add customer_managed_key (or azurerm_storage_account_customer_managed_key) with a key in the workload vault',
  }, (doc, node) => {
    if (!isProduction(doc, node) || block(node.attrs, 'customer_managed_key')) return undefined;
    if (doc.referencing('azurerm_storage_account_customer_managed_key', 'storage_account_id', node).length > 0) return undefined;
    // Flow-log storage holds network metadata only: Microsoft-managed keys plus infrastructure encryption suffice.
    if (flowLogsInto(doc, node).length > 0) return undefined;
    return { address: node.address, message: 'production storage account without a customer-managed key' };
  }),
  resourceRule({
    id: 'AILZ-PRD-004', severity: 'warning', area: 'data', resourceTypes: ['azurerm_machine_learning_workspace'],
    title: 'Production ML workspace encrypts with a customer-managed key',
    rationale: 'Workspace metadata, models and job data stay revocable by the organization.',
    remediation: 'add an encryption block with a key in the workload vault and a user-assigned identity',
  }, (doc, node) => (isProduction(doc, node) && !block(node.attrs, 'encryption')
    ? { address: node.address, message: 'production ML workspace without an encryption (customer-managed key) block' } : undefined)),
  resourceRule({
    id: 'AILZ-PRD-007', severity: 'warning', area: 'model-risk', resourceTypes: ['azurerm_cognitive_account'],
    title: 'Model calls go through the AI gateway',
    rationale: 'Without the gateway, applications call the account directly: no per-caller token limit, no caller identity in the logs, and no record of prompts and completions (Azure OpenAI resource logs carry metadata only).',
    remediation: 'remove gateway: false from the workload (ailz publishes the account as an API on the AI gateway: an azurerm_api_management_backend whose url is the account endpoint)',
  }, (doc, node) => {
    const kind = judge(doc, node.attrs.kind);
    if (kind.state !== 'literal' || !['openai', 'aiservices'].includes(String(kind.value).toLowerCase())) return undefined;
    if (doc.referencing('azurerm_api_management_backend', 'url', node).length > 0) return undefined;
    const env = judge(doc, node.attrs.tags?.environment);
    const where = env.state === 'literal' ? ` (${String(env.value)})` : '';
    return { address: node.address, message: `no AI gateway backend points at this account${where}: applications call it directly (gateway: false)` };
  }),
];
