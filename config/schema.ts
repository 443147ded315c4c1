/**
 * The landing-zone config contract. Field names are public: other tools script against them, so
 * fields are only ever added (optional), never renamed. Every object is strict: an unknown key is an
 * error, because a typo silently ignored is a control silently off.
 */
import { z } from 'zod';
import { DNS_SAFE_TAG_NAME, MAX_STORAGE_TAG_NAME_BYTES, MAX_TAGS_PER_PRIVATE_DNS_RESOURCE, MIN_BUDGET_AMOUNT, PROVISIONED_FLOOR, PROVISIONED_SIZES, PROVISIONED_SKUS, VNET_PEERINGS_PER_VNET } from '../azure/limits';
import { POLICY_ASSIGNMENT_NAMES } from '../azure/policy-catalog';
import { AZURE_REGIONS } from '../azure/regions';
import { DEPLOYMENT_SKUS } from '../azure/models';
import { CANONICAL_CIDR_PATTERN, parseCidr } from './cidr';
import { LLM_TOKEN_QUOTA_PERIODS } from '../azure/api-management';

const guid = z.guid({ error: 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)' });
const email = z.email({ error: 'must be an email address' });
const region = z.enum(AZURE_REGIONS, {
  error: (iss) => (iss.input === undefined ? 'is required' : `unknown Azure region ${JSON.stringify(iss.input)} (use the programmatic name, e.g. swedencentral)`),
});
/**
 * Base addresses inside a range Azure never allows in a virtual network (azure/limits.ts
 * RESERVED_RANGES): what a pattern can say. A space that only *contains* such a range (0.0.0.0/0,
 * 168.0.0.0/8) is caught by the cross-field check, which does the arithmetic.
 */
const RESERVED_BASE_PATTERN = '^(0\\.|127\\.|169\\.254\\.|22[4-9]\\.|23[0-9]\\.|255\\.255\\.255\\.255/|168\\.63\\.129\\.16/)';
// The message is parseCidr's for the same text, so the schema and the cross-field check say one thing.
const cidr = z.string()
  .regex(new RegExp(CANONICAL_CIDR_PATTERN), { error: (iss) => (typeof iss.input === 'string' ? (parseCidr(iss.input) as string) : 'must be an IPv4 CIDR (a.b.c.d/n)') })
  .meta({ not: { pattern: RESERVED_BASE_PATTERN } });
/** A CIDR of at most `/maxPrefix` (the subnet plans need a /23 hub and /24 spokes). */
const cidrUpTo = (maxPrefix: number) => cidr.meta({
  allOf: [{ pattern: `/(${Array.from({ length: maxPrefix + 1 }, (_, i) => i).join('|')})$` }],
});
const ISO_DATE_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
const isoDate = z.string().regex(new RegExp(ISO_DATE_PATTERN), { error: 'must be a date (YYYY-MM-DD)' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { error: 'is not a real calendar date' })
  .meta({ format: 'date' });

/** Characters that count toward a justification's length: letters, digits, punctuation, symbols (not spaces, not invisible format characters). */
export const VISIBLE_CHARACTER = /[\p{L}\p{N}\p{P}\p{S}]/gu;
export const MIN_JUSTIFICATION_LENGTH = 20;
const justification = z.string().meta({
  pattern: `^(?:[^\\p{L}\\p{N}\\p{P}\\p{S}]*[\\p{L}\\p{N}\\p{P}\\p{S}]){${MIN_JUSTIFICATION_LENGTH}}`,
  description: `Why, in at least ${MIN_JUSTIFICATION_LENGTH} visible characters (spaces and invisible characters do not count).`,
});

/** Tags ailz sets on every resource itself; a user tag of the same name (any case) is an error. */
export const AILZ_TAG_NAMES: readonly string[] = ['environment', 'managedBy', 'workload'];

/** `[Ee][Nn]...`: a case-insensitive pattern for JSON Schema, whose regexes have no `i` flag. */
const anyCase = (s: string) => [...s].map((c) => (/[a-z]/i.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c)).join('');

/** How many organization tags fit: private DNS zones and links, which ailz tags, take 15, and ailz sets 3. */
export const MAX_ORGANIZATION_TAGS = MAX_TAGS_PER_PRIVATE_DNS_RESOURCE - AILZ_TAG_NAMES.length;

/** Azure OpenAI deployment types: an Azure fact (`azure/models.ts`), re-exported for the config layer. */
export { DEPLOYMENT_SKUS };

/** SKUs that may process prompts outside the deployment's geography (Microsoft: "Global" deployment types). */
export const GLOBAL_PROCESSING_SKUS: ReadonlySet<string> = new Set(['GlobalStandard', 'GlobalProvisionedManaged', 'GlobalBatch']);

/** JSON Schema for the provisioned sizes of azure/limits.ts: per known model and version, then the floor. */
function provisionedSizeRules(): Record<string, unknown>[] {
  const rule = (when: Record<string, unknown>, size: { minimum: number; increment: number }) => ({
    if: { properties: when, required: Object.keys(when) },
    then: { properties: { capacity: { type: 'integer', minimum: size.minimum, multipleOf: size.increment } } },
  });
  const rules = [rule({ sku: { enum: [...PROVISIONED_SKUS] } }, PROVISIONED_FLOOR)];
  for (const [key, sizes] of Object.entries(PROVISIONED_SIZES)) {
    const [model, version] = key.split('@');
    rules.push(rule({ model: { const: model }, version: { const: version }, sku: { const: 'ProvisionedManaged' } }, sizes.regional));
    rules.push(rule({ model: { const: model }, version: { const: version }, sku: { enum: [...PROVISIONED_SKUS].filter((k) => k !== 'ProvisionedManaged') } }, sizes.globalOrDataZone));
  }
  return rules;
}

const deployment = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/, { error: 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit' }),
  model: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/, { error: 'must be a model name such as gpt-4o' }),
  version: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,31}$/, { error: 'must be a pinned model version such as "2024-11-20" (quote it in YAML)' }),
  sku: z.enum(DEPLOYMENT_SKUS).describe('Deployment type; Global* SKUs need openai.allowGlobalProcessing in production.'),
  capacity: z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' })
    .describe('Units of 1,000 tokens per minute, or PTUs for provisioned SKUs (a per-model minimum and increment, e.g. 15 and 5 for data-zone and global provisioned).'),
}).meta({ allOf: provisionedSizeRules() });

/** Workload names: 2-12 lowercase letters, digits and single hyphens, starting with a letter, not ending with a hyphen. */
const WORKLOAD_NAME = /^[a-z](?!.*--)[a-z0-9-]{0,10}[a-z0-9]$/;
function workloadNameProblem(input: unknown): string {
  const n = typeof input === 'string' ? input : '';
  if (/^[a-z][a-z0-9-]{1,11}$/.test(n)) {
    return 'must not end with a hyphen or contain "--" (it becomes part of DNS names such as the Key Vault and OpenAI endpoints)';
  }
  return 'must match ^[a-z][a-z0-9-]{1,11}$ (2-12 lowercase letters, digits, hyphens; starting with a letter)';
}

const workloadName = z.string().regex(WORKLOAD_NAME, { error: (iss) => workloadNameProblem(iss.input) });

/**
 * API Management SKUs the AI gateway accepts: the tiers that support virtual network injection, so the
 * gateway is private from its first apply (azure/api-management.ts APIM_TIERS), within the azurerm 4.55
 * SKU validator's capacities (Developer_1, Premium_1..99, PremiumV2_1..30).
 */
export const GATEWAY_SKU = /^(Developer_1|Premium_[1-9][0-9]?|PremiumV2_([1-9]|1[0-9]|2[0-9]|30))$/;
const gatewaySku = z.string().regex(GATEWAY_SKU, {
  error: 'must be Developer_1, Premium_<1-99> or PremiumV2_<1-30>: the tiers with virtual network injection, private from the first apply (Basic, Standard and the other v2 tiers reach private only through a private endpoint added after creation)',
});

const promptLog = z.strictObject({
  readerGroupObjectId: guid.describe('Entra group that may read prompts and completions: it gets Log Analytics Data Reader on the prompt workspace, nobody else is granted anything there.'),
  retentionDays: z.int({ error: 'must be a whole number' }).min(30, { error: 'must be between 30 and 730' }).max(730, { error: 'must be between 30 and 730' })
    .describe('Days prompts and completions are kept, 30-730; default 90 (below 90 is reported by AILZ-LOG-002).').optional(),
});

const appRole = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/, { error: 'must be an app role value: 1-120 letters, digits, ".", "_" or "-"' });

const workloadGateway = z.union([
  z.literal(false).describe('Explicit opt-out: applications call the Azure OpenAI account directly (reported by guardrail AILZ-PRD-007).'),
  z.strictObject({
    isolated: z.boolean().describe('A gateway of its own in the workload subscription and spoke instead of the shared platform gateway; default false.').optional(),
    sku: gatewaySku.describe('SKU of the isolated gateway; default Premium_1 in production, Developer_1 in experimentation. Only with isolated: true.').optional(),
    appRoles: z.array(appRole).min(1, { error: 'must list at least one app role' })
      .describe('App roles of the gateway app registration that may call this workload\'s models; default ["Invoke.<workload name>"].').optional(),
    clientApplicationIds: z.array(guid).min(1, { error: 'must list at least one client application ID' })
      .describe('Client application IDs that may call this workload\'s models instead of app roles (not both).').optional(),
    tokensPerMinute: z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' })
      .describe('Prompt and completion tokens per minute per caller (llm-token-limit); default 10000.').optional(),
    tokenQuota: z.strictObject({
      tokens: z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }),
      period: z.enum(LLM_TOKEN_QUOTA_PERIODS),
    }).describe('Tokens per caller per period (llm-token-limit token-quota); default none.').optional(),
    promptLog: promptLog.describe('Where an isolated gateway\'s prompts go; default platform.gateway.promptLog. Only with isolated: true.').optional(),
  }).meta({
    allOf: [
      // validate-azure-ad-token would require both an app role and a listed client: one or the other.
      { not: { required: ['appRoles', 'clientApplicationIds'] } },
      // sku and promptLog describe an isolated gateway; the shared one takes them from platform.gateway.
      { if: { not: { properties: { isolated: { const: true } }, required: ['isolated'] } }, then: { not: { anyOf: [{ required: ['sku'] }, { required: ['promptLog'] }] } } },
    ],
  }),
]);

const workload = z.strictObject({
  name: workloadName,
  environment: z.enum(['production', 'experimentation']).describe('Selects the management group, defaults (CMK, delete lock) and PIM eligibility length.'),
  subscriptionId: guid.describe('An existing subscription for the workload (exactly one of subscriptionId | billingScopeId).').optional(),
  billingScopeId: z.string().regex(
    /^\/providers\/Microsoft\.Billing\/billingAccounts\/[^/]+\/(enrollmentAccounts\/[^/]+|billingProfiles\/[^/]+\/invoiceSections\/[^/]+|customers\/[^/]+)$/i,
    { error: 'must be a billing scope ID (/providers/Microsoft.Billing/billingAccounts/…/enrollmentAccounts/… or …/billingProfiles/…/invoiceSections/…)' },
  ).optional(),
  location: region.describe('Workload region; must be in organization.allowedLocations.'),
  addressSpace: cidrUpTo(24).describe('Spoke VNet address space, /24 or larger, not overlapping the hub or another workload.'),
  openai: z.strictObject({
    /** `OpenAI` (default) or `AIServices` (the multi-service Foundry resource). */
    kind: z.enum(['OpenAI', 'AIServices']).describe('Account kind; default OpenAI.').optional(),
    /** Allow Global* deployment SKUs in production (prompts may be processed outside the geography). Default false. */
    allowGlobalProcessing: z.boolean().describe('Allow Global* deployment SKUs in production (prompts may be processed outside the geography); default false.').optional(),
    deployments: z.array(deployment).min(1, { error: 'must list at least one deployment' }),
  }),
  machineLearning: z.boolean().describe('Deploy an Azure Machine Learning workspace with compute, storage and registry.'),
  access: z.strictObject({
    developersGroupObjectId: guid.describe('Entra group that gets data-plane roles only (OpenAI User, AzureML Data Scientist).'),
    adminsGroupObjectId: guid.describe('Entra group that is PIM-eligible (never standing) for Contributor on the subscription.'),
    approversGroupObjectId: guid.describe('Entra group whose members approve the admins\' PIM activation of Contributor; required for production.').optional(),
  }),
  budget: z.strictObject({
    monthlyAmount: z.number().min(MIN_BUDGET_AMOUNT, { error: `must be at least ${MIN_BUDGET_AMOUNT} (the smallest budget Azure accepts)` })
      .describe(`Monthly budget in the billing currency, at least ${MIN_BUDGET_AMOUNT}.`),
    contactEmails: z.array(email).min(1, { error: 'must list at least one email' }).meta({ uniqueItems: true }),
  }),
  encryption: z.strictObject({
    /** Customer-managed keys for OpenAI, storage and ML. Default: on for production, off for experimentation. */
    customerManagedKeys: z.boolean().describe('Customer-managed keys for OpenAI, storage and ML; default on for production, off for experimentation.').optional(),
  }).optional(),
  /** Delete protection of the workload's Key Vaults (a denyAction policy, not a lock). Default: on for production, off for experimentation. */
  deleteLock: z.boolean().describe('Delete protection of the workload Key Vaults: a denyAction (DELETE) policy the governance stack assigns at the workload subscription (not a management lock); default on for production, off for experimentation.').optional(),
  /** The AI gateway in front of this workload's models. Default: on, through the shared platform gateway. */
  gateway: workloadGateway.describe('AI gateway in front of the models: default the shared platform gateway; false opts out (reported).').optional(),
}).meta({
  oneOf: [{ required: ['subscriptionId'] }, { required: ['billingScopeId'] }],
  // Global* SKUs in production only with openai.allowGlobalProcessing: true.
  allOf: [{
    if: {
      properties: { environment: { const: 'production' }, openai: { not: { type: 'object', properties: { allowGlobalProcessing: { const: true } }, required: ['allowGlobalProcessing'] } } },
      required: ['environment', 'openai'],
    },
    then: {
      properties: {
        openai: {
          type: 'object',
          properties: { deployments: { type: 'array', items: { type: 'object', properties: { sku: { not: { enum: [...GLOBAL_PROCESSING_SKUS] } } } } } },
        },
      },
    },
  }, {
    // A production workload's isolated gateway has an SLA: not the Developer tier.
    if: { properties: { environment: { const: 'production' } }, required: ['environment'] },
    then: { properties: { gateway: { anyOf: [{ const: false }, { type: 'object', properties: { sku: { type: 'string', not: { pattern: '^Developer' } } } }] } } },
  }],
});

const suppression = z.strictObject({
  rule: z.string().min(1).meta({ pattern: '^AILZ-[A-Z]+-[0-9]{3}$' }),
  resource: z.string().regex(/^[^/\s]+\/[^\s]+$/, { error: 'must be "<stack>/<terraform address>", e.g. workload-chat/azurerm_key_vault.kv_Resource_1A2B3C4D' }),
  justification,
  expires: isoDate,
});

const intendedRemoval = z.strictObject({
  resource: z.string().regex(/^[^/\s]+\/[^\s]+$/, { error: 'must be "<stack>/<terraform address>", e.g. workload-chat/azurerm_key_vault.Ai_KeyVault_889423B7' }),
  justification,
  expires: isoDate,
});

const policyExemption = z.strictObject({
  assignment: z.string().min(1).meta({ enum: [...POLICY_ASSIGNMENT_NAMES] }),
  scope: z.string().regex(
    /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\/subscriptions\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\/providers\/Microsoft\.Management\/managementGroups\/[A-Za-z0-9._()-]{1,90}|[A-Za-z0-9._()-]{1,90})$/,
    { error: 'must be a subscription ID (GUID or /subscriptions/<guid>) or a management group (name or /providers/Microsoft.Management/managementGroups/<name>)' },
  ),
  category: z.enum(['Waiver', 'Mitigated']),
  justification,
  expires: isoDate,
});

export const landingZoneSchema = z.strictObject({
  organization: z.strictObject({
    prefix: z.string().regex(/^[a-z][a-z0-9]{1,7}$/, { error: 'must match ^[a-z][a-z0-9]{1,7}$ (2-8 lowercase letters and digits, starting with a letter)' }),
    tenantId: guid.describe('Entra ID tenant ID.'),
    parentManagementGroupId: z.string().regex(/^[a-zA-Z0-9._()-]{1,90}$/, { error: 'must be a management group ID (1-90 letters, digits, -, _, (, ), .)' }).optional(),
    primaryLocation: region.describe('Region of the platform resources; must be in allowedLocations.'),
    allowedLocations: z.array(region).min(1, { error: 'must list at least one region' }).meta({ uniqueItems: true }).describe('Regions resources may be created in (enforced by Azure Policy).'),
    securityContactEmail: email.describe('Defender for Cloud security contact and the security action group.'),
    // Names and values are checked in config/load.ts (tagProblems), with the rule each breaks.
    tags: z.record(z.string(), z.string()).meta({
      maxProperties: MAX_ORGANIZATION_TAGS,
      propertyNames: {
        pattern: `${DNS_SAFE_TAG_NAME.source.replace('*$', `{0,${MAX_STORAGE_TAG_NAME_BYTES - 1}}$`)}`,
        not: { pattern: `^(${AILZ_TAG_NAMES.map(anyCase).join('|')})$` },
      },
      additionalProperties: { type: 'string', maxLength: 256 },
    }).describe(`Tags on every resource, besides the ${AILZ_TAG_NAMES.join(', ')} tags ailz sets; at most ${MAX_ORGANIZATION_TAGS}, names of ASCII letters, digits, '-', '_', '.' starting with a letter.`).optional(),
  }),
  platform: z.strictObject({
    subscriptionId: guid.describe('The platform subscription (hub network, Log Analytics, Sentinel).'),
    hubAddressSpace: cidrUpTo(23).describe('Hub VNet address space, /23 or larger.'),
    logRetentionDays: z.int({ error: 'must be a whole number' }).min(30, { error: 'must be between 30 and 730' }).max(730, { error: 'must be between 30 and 730' }).describe('Interactive retention of the platform Log Analytics workspace, 30-730 days.'),
    /**
     * Object IDs of the CI/CD identities that deploy ailz. Sentinel's configuration-change detections
     * ignore their changes and alert on everyone else's. Default: none (every change alerts).
     */
    deploymentPrincipalIds: z.array(guid).meta({ uniqueItems: true }).describe('Object IDs of CI/CD identities whose configuration changes Sentinel does not alert on.').optional(),
    /** Optional daily ingestion cap of the platform Log Analytics workspace, in GB. Default: no cap. */
    logDailyQuotaGb: z.number().positive({ error: 'must be greater than 0' }).optional(),
    /** The shared AI gateway (API Management). Required while any workload uses a gateway (the default). */
    gateway: z.strictObject({
      sku: gatewaySku.describe('SKU of the shared gateway; default Premium_1 when a production workload uses it, else Developer_1.').optional(),
      audienceAppId: guid.describe('Client ID of the Entra app registration callers request tokens for (README "AI gateway" has the steps to create it).'),
      publisherEmail: email.describe('API Management publisher email; default organization.securityContactEmail.').optional(),
      promptLog: promptLog.describe('The workspace for prompts and completions and the one group that may read it.'),
    }).describe('The shared AI gateway in the platform subscription (API Management, internal VNet mode).').optional(),
    privateDns: z.strictObject({
      mode: z.enum(['managed', 'existing']),
      resourceGroupId: z.string().regex(/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w._()]{1,90}$/, { error: 'must be a resource group ID (/subscriptions/<guid>/resourceGroups/<name>)' }).optional(),
    }).meta({
      allOf: [
        { if: { properties: { mode: { const: 'existing' } }, required: ['mode'] }, then: { required: ['resourceGroupId'] } },
        { if: { properties: { mode: { const: 'managed' } }, required: ['mode'] }, then: { not: { required: ['resourceGroupId'] } } },
      ],
    }).optional(),
  }),
  workloads: z.array(workload).max(VNET_PEERINGS_PER_VNET, {
    error: `at most ${VNET_PEERINGS_PER_VNET} workloads: each workload network peers with the hub, and Azure allows ${VNET_PEERINGS_PER_VNET} peerings per virtual network`,
  }),
  /**
   * Workloads removed from `workloads` whose subscription and management-group placement must outlive
   * them: the governance stack releases both from its state instead of destroying them. Default: none.
   */
  decommissionedWorkloads: z.array(workloadName).describe('Names of workloads removed from workloads: their vended subscription and management-group association are released from Terraform, never destroyed or cancelled.').optional(),
  suppressions: z.array(suppression).describe('Accepted guardrail findings, each with a justification (20+ characters) and an expiry; they stay visible in every report.').optional(),
  policyExemptions: z.array(policyExemption).describe('Azure Policy exemptions from ailz assignments, each with a justification and an expiry.').optional(),
  intendedRemovals: z.array(intendedRemoval).describe('Protected resources (Key Vaults, keys, Log Analytics workspaces, storage, subscriptions, management groups, locks, Sentinel, AI accounts, ML workspaces) that a change may destroy or replace, each with a justification (20+ characters) and an expiry; ailz diff and review-plan report them as accepted instead of failing.').optional(),
  state: z.strictObject({
    /** Subscription of the state storage account. Default: platform.subscriptionId. */
    subscriptionId: guid.optional(),
    resourceGroupName: z.string().regex(/^[-\w._()]{1,90}$/, { error: 'must be a resource group name' }),
    storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, { error: 'must be 3-24 lowercase letters and digits' }),
    containerName: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, { error: 'must be a blob container name (3-63 lowercase letters, digits, single hyphens)' }),
  }).optional(),
}).meta({
  // platform.gateway is required while a workload uses the AI gateway (any workload without gateway: false).
  if: { properties: { workloads: { type: 'array', contains: { type: 'object', not: { properties: { gateway: { const: false } }, required: ['gateway'] } } } }, required: ['workloads'] },
  then: { properties: { platform: { type: 'object', required: ['gateway'] } } },
});

/** The config exactly as written (optional fields may be absent). */
export type LandingZoneInput = z.infer<typeof landingZoneSchema>;
export type WorkloadInput = LandingZoneInput['workloads'][number];
export type DeploymentInput = WorkloadInput['openai']['deployments'][number];
export type SuppressionInput = NonNullable<LandingZoneInput['suppressions']>[number];
export type WorkloadGatewayInput = NonNullable<WorkloadInput['gateway']>;
export type PolicyExemptionInput = NonNullable<LandingZoneInput['policyExemptions']>[number];
export type IntendedRemovalInput = NonNullable<LandingZoneInput['intendedRemovals']>[number];
