/**
 * Azure limits a landing-zone config must respect, so that `ailz validate` rejects what Azure would
 * reject at apply time. Each limit names its source and the date it was read (2026-11-26).
 */

// ---------------------------------------------------------------------------------------------
// Virtual networks

/**
 * Peerings one virtual network may have. ailz peers every workload spoke with the hub, so this caps
 * the number of workloads. Source: "Azure subscription and service limits", networking limits,
 * "Virtual network peerings per virtual network: 500" (MicrosoftDocs/azure-docs
 * includes/azure-virtual-network-limits.md; read 2026-11-26).
 */
export const VNET_PEERINGS_PER_VNET = 500;

/**
 * Security rules one network security group may hold. Source: "Azure subscription and service limits",
 * networking limits, "Security rules per network security group: 1,000" (read 2026-11-26). Why the shared
 * AI gateway's NSG has one egress rule for every spoke, not one per workload.
 */
export const SECURITY_RULES_PER_NSG = 1000;

export interface ReservedRange {
  readonly cidr: string;
  /** What the range is, for the message. */
  readonly what: string;
  readonly source: string;
}

/**
 * Ranges no virtual-network address space may overlap. The first five are Azure's ("you can't add the
 * following address ranges", Azure Virtual Network FAQ, "What address ranges can I use in my virtual
 * networks?", learn.microsoft.com/azure/virtual-network/virtual-networks-faq; the same list is in the
 * Cloud Adoption Framework's "Plan for IP addressing"; read 2026-11-26). 168.63.129.16 is the Azure
 * platform's virtual public IP (DNS, DHCP, health probes: learn.microsoft.com/azure/virtual-network/
 * what-is-ip-address-168-63-129-16). 0.0.0.0/8 means "this network" and is never a valid
 * destination (RFC 1122 section 3.2.1.3; IANA IPv4 Special-Purpose Address Registry).
 */
export const RESERVED_RANGES: readonly ReservedRange[] = [
  { cidr: '0.0.0.0/8', what: '"this network" (0.0.0.0/8), never a valid address', source: 'RFC 1122 section 3.2.1.3' },
  { cidr: '127.0.0.0/8', what: 'loopback (127.0.0.0/8)', source: 'Azure Virtual Network FAQ' },
  { cidr: '168.63.129.16/32', what: '168.63.129.16, the Azure platform\'s virtual IP for DNS, DHCP and health probes', source: 'Azure Virtual Network FAQ; "What is IP address 168.63.129.16?"' },
  { cidr: '169.254.0.0/16', what: 'link-local (169.254.0.0/16)', source: 'Azure Virtual Network FAQ' },
  { cidr: '224.0.0.0/4', what: 'multicast (224.0.0.0/4)', source: 'Azure Virtual Network FAQ' },
  { cidr: '255.255.255.255/32', what: 'the broadcast address 255.255.255.255', source: 'Azure Virtual Network FAQ' },
];

// ---------------------------------------------------------------------------------------------
// Tags (learn.microsoft.com/azure/azure-resource-manager/management/tag-resources, "Limitations";
// MicrosoftDocs/azure-docs articles/azure-resource-manager/management/tag-resources.md, read 2026-11-26)

/** "Each resource, resource group, and subscription can have a maximum of 50 tag name/value pairs." */
export const MAX_TAGS_PER_RESOURCE = 50;

/**
 * "The following Azure resources only support 15 tags: ... Azure Private DNS (Zone, A records, and
 * virtual network link)". ailz tags its private DNS zones and their virtual network links, so this is
 * the binding limit for every tag ailz applies.
 */
export const MAX_TAGS_PER_PRIVATE_DNS_RESOURCE = 15;

/**
 * "The tag name is limited to 512 characters ... For storage accounts, the tag name is limited to 128
 * characters". azurerm 4.55.0 checks the storage limit in bytes (`len(k) > 128`,
 * internal/services/storage/validate/storage_account_tags.go). ailz tags storage accounts.
 */
export const MAX_TAG_NAME_LENGTH = 512;
export const MAX_STORAGE_TAG_NAME_BYTES = 128;

/** "the tag value is limited to 256 characters" (azurerm counts bytes: `len(value) > 256`). */
export const MAX_TAG_VALUE_BYTES = 256;

/** "Tag names can't contain these characters: <, >, %, &, \, ?, /". */
export const TAG_NAME_FORBIDDEN_CHARACTERS: readonly string[] = ['<', '>', '%', '&', '\\', '?', '/'];

/**
 * Azure DNS: "zones don't support the use of spaces or parentheses in the tag or a tag that starts
 * with a number", and "Azure DNS tag names don't support special and unicode characters" (same page,
 * and MicrosoftDocs/azure-docs PR #124115). Private DNS zones and links accept such names but drop
 * them silently: keys with whitespace (Azure/azure-resource-manager-schemas#3367) or ':'
 * (Azure/azure-rest-api-specs#11748), a perpetual Terraform diff. Tag names ailz applies everywhere
 * therefore keep to ASCII letters, digits, '-', '_' and '.', starting with a letter.
 */
export const DNS_SAFE_TAG_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** Tag names are case-insensitive for operations ("Tag names are case-insensitive for operations"). */
export const TAG_NAMES_CASE_INSENSITIVE = true;

// ---------------------------------------------------------------------------------------------
// Budgets

/**
 * The smallest budget amount: azurerm 4.55.0 `azurerm_consumption_budget_subscription.amount` is
 * `validation.FloatAtLeast(1.0)` (internal/services/consumption/consumption_budget_base.go; read
 * 2026-11-26).
 */
export const MIN_BUDGET_AMOUNT = 1;

// ---------------------------------------------------------------------------------------------
// Azure OpenAI deployment capacity

export interface ProvisionedSize {
  readonly minimum: number;
  readonly increment: number;
}

/**
 * Provisioned deployments are sized in PTUs with a per-model minimum and scale increment ("What is
 * provisioned throughput?", learn.microsoft.com/azure/ai-services/openai/concepts/provisioned-throughput,
 * MicrosoftDocs/azure-ai-docs, read 2026-11-26): for gpt-4o (2024-05-13, 2024-08-06) global and data
 * zone provisioned: minimum 15, increment 5; regional provisioned: minimum 50, increment 50; for
 * gpt-4o-mini (2024-07-18) 15/5 and 25/25. Keys are `<model>@<version>`.
 */
export const PROVISIONED_SIZES: Readonly<Record<string, { regional: ProvisionedSize; globalOrDataZone: ProvisionedSize }>> = {
  'gpt-4o@2024-05-13': { regional: { minimum: 50, increment: 50 }, globalOrDataZone: { minimum: 15, increment: 5 } },
  'gpt-4o@2024-08-06': { regional: { minimum: 50, increment: 50 }, globalOrDataZone: { minimum: 15, increment: 5 } },
  'gpt-4o-mini@2024-07-18': { regional: { minimum: 25, increment: 25 }, globalOrDataZone: { minimum: 15, increment: 5 } },
};

/**
 * For a model the table does not list: the smallest minimum and increment the same page documents
 * for any model and provisioned type (15 PTU, steps of 5). Anything below is rejected by Azure for
 * every model; the exact minimum for the model is checked at apply time.
 */
export const PROVISIONED_FLOOR: ProvisionedSize = { minimum: 15, increment: 5 };

/** Deployment types sized in PTUs (the others are sized in units of 1,000 tokens per minute). */
export const PROVISIONED_SKUS: ReadonlySet<string> = new Set(['ProvisionedManaged', 'DataZoneProvisionedManaged', 'GlobalProvisionedManaged']);

/** The provisioned size rule for a deployment, or undefined for a token-based SKU. */
export function provisionedSize(sku: string, model: string, version: string): ProvisionedSize | undefined {
  if (!PROVISIONED_SKUS.has(sku)) return undefined;
  const known = PROVISIONED_SIZES[`${model}@${version}`];
  if (!known) return PROVISIONED_FLOOR;
  return sku === 'ProvisionedManaged' ? known.regional : known.globalOrDataZone;
}
