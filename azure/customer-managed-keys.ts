/**
 * What Azure services accept as a customer-managed key (CMK): the documented limits the synthesized
 * Terraform must respect, because the providers accept anything and the service refuses at apply time
 * (review azure-review-e3fe400 F5).
 */
export interface CustomerManagedKeyLimits {
  /** The managed identity kinds the service can use to reach the key. */
  readonly identities: readonly ('SystemAssigned' | 'UserAssigned')[];
  /** Key Vault key types (`kty`) the service supports. */
  readonly keyTypes: readonly string[];
  /** RSA key sizes (bits) the service supports. */
  readonly keySizes: readonly number[];
  /** Where the limits are documented, and when they were read. */
  readonly source: string;
}

/**
 * Azure OpenAI (Cognitive Services accounts of kind `OpenAI`, and `AIServices`, the Foundry resource).
 *
 * MicrosoftDocs/azure-ai-docs `articles/ai-services/openai/encrypt-data-at-rest.md` (ms.date 04/17/2025):
 * "Only RSA and RSA-HSM keys of size 2048 are supported with Azure AI services encryption"; "Azure OpenAI
 * only supports customer-managed keys (CMK) with system-assigned managed identities. User-assigned managed
 * identities are not supported with Azure OpenAI and customer-managed keys (CMK)". The same 2048-only
 * statement is in "Customer-managed keys for Azure AI Foundry" (ms.date 05/01/2025), which also says that
 * after a key rotation the resource must be updated to the new key version. Read 2026-11-27.
 */
export const AZURE_OPENAI_CMK: CustomerManagedKeyLimits = {
  identities: ['SystemAssigned'],
  keyTypes: ['RSA', 'RSA-HSM'],
  keySizes: [2048],
  source: 'Microsoft Learn "Azure OpenAI encryption of data at rest" (azure-ai-docs articles/ai-services/openai/encrypt-data-at-rest.md, ms.date 04/17/2025), read 2026-11-27',
};

/** Cognitive Services account kinds the Azure OpenAI CMK limits apply to. */
export const AZURE_OPENAI_KINDS: readonly string[] = ['OpenAI', 'AIServices'];
