/**
 * The azurerm provider `features` block: runtime behaviours of hashicorp/azurerm 4.55.0 that the
 * provider accepts at plan time whatever their value, and that decide in a real tenant whether an
 * apply succeeds, a refresh works, or a destroy cancels a subscription (issue "Deployable", F2, F20).
 *
 * Source of every default and effect: hashicorp/terraform-provider-azurerm v4.55.0
 * `website/docs/guides/features-block.html.markdown` (lines cited per setting) and the code path named,
 * read 2026-11-26. ailz sets the same block on every azurerm provider of every stack, aliases included
 * (stacks/base-stack.ts); the guardrails (AILZ-PRV-002, AILZ-PRV-003) read `mustBe` here so a foreign
 * `.tf.json` with the same mistake is reported too.
 */
export interface AzurermFeatureFact {
  /** The nested block under `features`, as Terraform spells it (`storage`). */
  readonly block: string;
  /** The setting inside it (`data_plane_available`). */
  readonly setting: string;
  /** What the provider does when the setting is absent. */
  readonly providerDefault: boolean;
  /** What ailz sets. */
  readonly ailzValue: boolean;
  /**
   * Resource types for which any other value is a defect, not a preference: a provider that manages one
   * of them must carry `ailzValue`. Absent: a hardening choice ailz makes, not enforced on foreign code.
   */
  readonly mustBeFor?: readonly string[];
  /** What goes wrong otherwise, in a reviewer's words. */
  readonly effect: string;
  readonly source: string;
}

export const AZURERM_FEATURE_FACTS: readonly AzurermFeatureFact[] = [
  {
    block: 'storage', setting: 'data_plane_available', providerDefault: true, ailzValue: false,
    mustBeFor: ['azurerm_storage_account'],
    effect: 'with the default, creating a storage account waits for its blob, queue, file and static-website data plane '
      + '(any HTTP answer other than 404, e.g. the 403 of a firewall or of disabled public access, fails the create), and every refresh '
      + 'reads queue properties and static website settings over the data plane: a private or firewalled account fails the first apply '
      + 'and every later plan run from outside its network (review F2)',
    source: 'features-block.html.markdown:285-287; internal/services/storage/storage_account_resource.go:1547-1559 (create), '
      + ':2327-2371 (read); storage_account_data_plane_helpers.go:121-128; custompollers/data_plane_blob_containers_availability_poller.go:35-50',
  },
  {
    block: 'subscription', setting: 'prevent_cancellation_on_destroy', providerDefault: false, ailzValue: true,
    mustBeFor: ['azurerm_subscription'],
    effect: 'with the default, destroying an azurerm_subscription (e.g. because its workload left the config, which also removes '
      + 'the block that carried prevent_destroy) deletes the alias and then cancels the subscription with every resource in it (review F20)',
    source: 'features-block.html.markdown:293; internal/services/subscription/subscription_resource.go:409-440 (cancel unless the flag is set)',
  },
  {
    block: 'key_vault', setting: 'purge_soft_delete_on_destroy', providerDefault: true, ailzValue: false,
    effect: 'a destroyed vault stays soft-deleted and recoverable instead of being purged (purge protection blocks the purge anyway)',
    source: 'features-block.html.markdown:200-202; internal/services/keyvault/key_vault_resource.go:858-880',
  },
  {
    block: 'key_vault', setting: 'purge_soft_deleted_keys_on_destroy', providerDefault: true, ailzValue: false,
    effect: 'a destroyed key (e.g. a customer-managed key) stays recoverable',
    source: 'features-block.html.markdown:206; internal/services/keyvault/key_vault_key_resource.go:672-676',
  },
  {
    block: 'key_vault', setting: 'purge_soft_deleted_secrets_on_destroy', providerDefault: true, ailzValue: false,
    effect: 'a destroyed secret stays recoverable',
    source: 'features-block.html.markdown:208',
  },
  {
    block: 'key_vault', setting: 'purge_soft_deleted_certificates_on_destroy', providerDefault: true, ailzValue: false,
    effect: 'a destroyed certificate stays recoverable',
    source: 'features-block.html.markdown:204',
  },
  {
    block: 'key_vault', setting: 'recover_soft_deleted_key_vaults', providerDefault: true, ailzValue: true,
    effect: 'a purge-protected vault cannot be purged, so recovering it is the only way to deploy the same name again',
    source: 'features-block.html.markdown:216; internal/services/keyvault/key_vault_resource.go:301-318',
  },
  {
    block: 'key_vault', setting: 'recover_soft_deleted_keys', providerDefault: true, ailzValue: true,
    effect: 'a soft-deleted key of the same name is recovered instead of failing the create',
    source: 'features-block.html.markdown:218',
  },
  {
    block: 'key_vault', setting: 'recover_soft_deleted_secrets', providerDefault: true, ailzValue: true,
    effect: 'a soft-deleted secret of the same name is recovered instead of failing the create',
    source: 'features-block.html.markdown:220',
  },
  {
    block: 'key_vault', setting: 'recover_soft_deleted_certificates', providerDefault: true, ailzValue: true,
    effect: 'a soft-deleted certificate of the same name is recovered instead of failing the create',
    source: 'features-block.html.markdown:214',
  },
  {
    block: 'cognitive_account', setting: 'purge_soft_delete_on_destroy', providerDefault: true, ailzValue: false,
    effect: 'a destroyed Azure OpenAI account stays soft-deleted and recoverable; deploying the same name again needs it recovered or purged first',
    source: 'features-block.html.markdown:188; internal/services/cognitive/cognitive_account_resource.go:730-736',
  },
  {
    block: 'log_analytics_workspace', setting: 'permanently_delete_on_destroy', providerDefault: false, ailzValue: false,
    effect: 'the security workspace stays recoverable (soft delete) after a destroy; stated explicitly so a provider default change cannot flip it',
    source: 'features-block.html.markdown:230',
  },
  {
    block: 'machine_learning', setting: 'purge_soft_deleted_workspace_on_destroy', providerDefault: false, ailzValue: false,
    effect: 'a destroyed ML workspace stays recoverable; stated explicitly',
    source: 'features-block.html.markdown:236',
  },
  {
    block: 'resource_group', setting: 'prevent_deletion_if_contains_resources', providerDefault: true, ailzValue: true,
    effect: 'a resource group that still holds resources Terraform does not manage (e.g. the adopted NetworkWatcherRG) is never deleted; stated explicitly',
    source: 'features-block.html.markdown:279',
  },
  {
    block: 'api_management', setting: 'purge_soft_delete_on_destroy', providerDefault: true, ailzValue: false,
    effect: 'a future AI gateway (API Management) stays recoverable after a destroy',
    source: 'features-block.html.markdown:166',
  },
  {
    block: 'api_management', setting: 'recover_soft_deleted', providerDefault: true, ailzValue: true,
    effect: 'a soft-deleted API Management service of the same name is recovered instead of failing the create',
    source: 'features-block.html.markdown:168',
  },
  {
    block: 'application_insights', setting: 'disable_generated_rule', providerDefault: false, ailzValue: true,
    effect: 'Azure does not add its "Failure Anomalies" smart-detection rule, a resource Terraform does not manage that would keep the resource group from being deleted',
    source: 'features-block.html.markdown:182',
  },
];

/** The fact for one setting; throws for a setting ailz does not know (a typo in a rule or test). */
export function azurermFeatureFact(block: string, setting: string): AzurermFeatureFact {
  const fact = AZURERM_FEATURE_FACTS.find((f) => f.block === block && f.setting === setting);
  if (!fact) throw new Error(`no azurerm feature fact for ${block}.${setting}`);
  return fact;
}
