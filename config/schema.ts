/**
 * The landing-zone config contract. Field names are public: other tools script against them, so
 * fields are only ever added (optional), never renamed. Every object is strict: an unknown key is an
 * error, because a typo silently ignored is a control silently off.
 */
import { z } from 'zod';
import { AZURE_REGIONS } from '../azure/regions';
import { DEPLOYMENT_SKUS } from '../azure/models';

const guid = z.guid({ error: 'must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)' });
const email = z.email({ error: 'must be an email address' });
const region = z.enum(AZURE_REGIONS, {
  error: (iss) => (iss.input === undefined ? 'is required' : `unknown Azure region ${JSON.stringify(iss.input)} (use the programmatic name, e.g. swedencentral)`),
});
const cidr = z.string().regex(/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/\d{1,2}$/, { error: 'must be an IPv4 CIDR (a.b.c.d/n)' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date (YYYY-MM-DD)' })
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), { error: 'is not a real calendar date' });

/** Azure OpenAI deployment types: an Azure fact (`azure/models.ts`), re-exported for the config layer. */
export { DEPLOYMENT_SKUS };

/** SKUs that may process prompts outside the deployment's geography (Microsoft: "Global" deployment types). */
export const GLOBAL_PROCESSING_SKUS: ReadonlySet<string> = new Set(['GlobalStandard', 'GlobalProvisionedManaged', 'GlobalBatch']);

const deployment = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/, { error: 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit' }),
  model: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/, { error: 'must be a model name such as gpt-4o' }),
  version: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,31}$/, { error: 'must be a pinned model version such as "2024-11-20" (quote it in YAML)' }),
  sku: z.enum(DEPLOYMENT_SKUS).describe('Deployment type; Global* SKUs need openai.allowGlobalProcessing in production.'),
  capacity: z.int({ error: 'must be a whole number' }).min(1, { error: 'must be at least 1' }),
});

const workloadName = z.string().regex(/^[a-z][a-z0-9-]{1,11}$/, { error: 'must match ^[a-z][a-z0-9-]{1,11}$ (2-12 lowercase letters, digits, hyphens; starting with a letter)' })
  .refine((n) => !n.endsWith('-') && !n.includes('--'), { error: 'must not end with a hyphen or contain "--" (it becomes part of DNS names such as the Key Vault and OpenAI endpoints)' });

const workload = z.strictObject({
  name: workloadName,
  environment: z.enum(['production', 'experimentation']).describe('Selects the management group, defaults (CMK, delete lock) and PIM eligibility length.'),
  subscriptionId: guid.describe('An existing subscription for the workload (exactly one of subscriptionId | billingScopeId).').optional(),
  billingScopeId: z.string().regex(
    /^\/providers\/Microsoft\.Billing\/billingAccounts\/[^/]+\/(enrollmentAccounts\/[^/]+|billingProfiles\/[^/]+\/invoiceSections\/[^/]+|customers\/[^/]+)$/i,
    { error: 'must be a billing scope ID (/providers/Microsoft.Billing/billingAccounts/…/enrollmentAccounts/… or …/billingProfiles/…/invoiceSections/…)' },
  ).optional(),
  location: region.describe('Workload region; must be in organization.allowedLocations.'),
  addressSpace: cidr.describe('Spoke VNet address space, /24 or larger, not overlapping the hub or another workload.'),
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
  }),
  budget: z.strictObject({
    monthlyAmount: z.number().positive({ error: 'must be greater than 0' }),
    contactEmails: z.array(email).min(1, { error: 'must list at least one email' }),
  }),
  encryption: z.strictObject({
    /** Customer-managed keys for OpenAI, storage and ML. Default: on for production, off for experimentation. */
    customerManagedKeys: z.boolean().describe('Customer-managed keys for OpenAI, storage and ML; default on for production, off for experimentation.').optional(),
  }).optional(),
  /** A CanNotDelete lock on the workload Key Vault. Default: on for production, off for experimentation. */
  deleteLock: z.boolean().describe('CanNotDelete lock on the workload Key Vaults; default on for production, off for experimentation.').optional(),
});

const suppression = z.strictObject({
  rule: z.string().min(1),
  resource: z.string().regex(/^[^/\s]+\/[^\s]+$/, { error: 'must be "<stack>/<terraform address>", e.g. workload-chat/azurerm_key_vault.kv_Resource_1A2B3C4D' }),
  justification: z.string(),
  expires: isoDate,
});

const policyExemption = z.strictObject({
  assignment: z.string().min(1),
  scope: z.string().regex(
    /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\/subscriptions\/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\/providers\/Microsoft\.Management\/managementGroups\/[A-Za-z0-9._()-]{1,90}|[A-Za-z0-9._()-]{1,90})$/,
    { error: 'must be a subscription ID (GUID or /subscriptions/<guid>) or a management group (name or /providers/Microsoft.Management/managementGroups/<name>)' },
  ),
  category: z.enum(['Waiver', 'Mitigated']),
  justification: z.string(),
  expires: isoDate,
});

export const landingZoneSchema = z.strictObject({
  organization: z.strictObject({
    prefix: z.string().regex(/^[a-z][a-z0-9]{1,7}$/, { error: 'must match ^[a-z][a-z0-9]{1,7}$ (2-8 lowercase letters and digits, starting with a letter)' }),
    tenantId: guid.describe('Entra ID tenant ID.'),
    parentManagementGroupId: z.string().regex(/^[a-zA-Z0-9._()-]{1,90}$/, { error: 'must be a management group ID (1-90 letters, digits, -, _, (, ), .)' }).optional(),
    primaryLocation: region.describe('Region of the platform resources; must be in allowedLocations.'),
    allowedLocations: z.array(region).min(1, { error: 'must list at least one region' }).describe('Regions resources may be created in (enforced by Azure Policy).'),
    securityContactEmail: email.describe('Defender for Cloud security contact and the security action group.'),
    tags: z.record(z.string().regex(/^[^<>%&\\?/]{1,512}$/, { error: 'tag names must be 1-512 characters without < > % & \\ ? /' }), z.string().max(256, { error: 'tag values must be at most 256 characters' })).optional(),
  }),
  platform: z.strictObject({
    subscriptionId: guid.describe('The platform subscription (hub network, Log Analytics, Sentinel).'),
    hubAddressSpace: cidr.describe('Hub VNet address space, /23 or larger.'),
    logRetentionDays: z.int({ error: 'must be a whole number' }).min(30, { error: 'must be between 30 and 730' }).max(730, { error: 'must be between 30 and 730' }).describe('Interactive retention of the platform Log Analytics workspace, 30-730 days.'),
    /**
     * Object IDs of the CI/CD identities that deploy ailz. Sentinel's configuration-change detections
     * ignore their changes and alert on everyone else's. Default: none (every change alerts).
     */
    deploymentPrincipalIds: z.array(guid).describe('Object IDs of CI/CD identities whose configuration changes Sentinel does not alert on.').optional(),
    /** Optional daily ingestion cap of the platform Log Analytics workspace, in GB. Default: no cap. */
    logDailyQuotaGb: z.number().positive({ error: 'must be greater than 0' }).optional(),
    privateDns: z.strictObject({
      mode: z.enum(['managed', 'existing']),
      resourceGroupId: z.string().regex(/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w._()]{1,90}$/, { error: 'must be a resource group ID (/subscriptions/<guid>/resourceGroups/<name>)' }).optional(),
    }).optional(),
  }),
  workloads: z.array(workload),
  /**
   * Workloads removed from `workloads` whose subscription and management-group placement must outlive
   * them: the governance stack releases both from its state instead of destroying them. Default: none.
   */
  decommissionedWorkloads: z.array(workloadName).describe('Names of workloads removed from workloads: their vended subscription and management-group association are released from Terraform, never destroyed or cancelled.').optional(),
  suppressions: z.array(suppression).describe('Accepted guardrail findings, each with a justification (20+ characters) and an expiry; they stay visible in every report.').optional(),
  policyExemptions: z.array(policyExemption).describe('Azure Policy exemptions from ailz assignments, each with a justification and an expiry.').optional(),
  state: z.strictObject({
    /** Subscription of the state storage account. Default: platform.subscriptionId. */
    subscriptionId: guid.optional(),
    resourceGroupName: z.string().regex(/^[-\w._()]{1,90}$/, { error: 'must be a resource group name' }),
    storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, { error: 'must be 3-24 lowercase letters and digits' }),
    containerName: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, { error: 'must be a blob container name (3-63 lowercase letters, digits, single hyphens)' }),
  }).optional(),
});

/** The config exactly as written (optional fields may be absent). */
export type LandingZoneInput = z.infer<typeof landingZoneSchema>;
export type WorkloadInput = LandingZoneInput['workloads'][number];
export type DeploymentInput = WorkloadInput['openai']['deployments'][number];
export type SuppressionInput = NonNullable<LandingZoneInput['suppressions']>[number];
export type PolicyExemptionInput = NonNullable<LandingZoneInput['policyExemptions']>[number];
