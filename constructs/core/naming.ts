/**
 * Resource names per the Microsoft Cloud Adoption Framework: the CAF abbreviation first, then the
 * organization prefix, the workload, an optional qualifier, the environment and the region code
 * (`rg-contoso-chat-prod-sdc`). Names are checked against each resource type's length and charset
 * rules. Globally unique names (storage, Key Vault, OpenAI subdomain, registry, search) get a short
 * suffix hashed from stable inputs (tenant, prefix, workload, resource type): deterministic, never random.
 *
 * Abbreviations: https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/resource-abbreviations
 * Rules: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules
 */
import { createHash } from 'crypto';
import { REGION_SHORT, AzureRegion } from '../../azure/regions';

interface NameRule {
  /** CAF abbreviation. */
  readonly abbr: string;
  readonly min: number;
  readonly max: number;
  /** The whole name must match. */
  readonly pattern: RegExp;
  /** Name must be unique across Azure (DNS name): gets a hash suffix. */
  readonly globallyUnique: boolean;
  /** `hyphen`: parts joined by '-'; `compact`: letters and digits only. */
  readonly style: 'hyphen' | 'compact';
}

const HYPHEN_NAME = /^[a-z0-9][a-z0-9-]*[a-z0-9]$/;

export const NAME_RULES = {
  resourceGroup: { abbr: 'rg', min: 1, max: 90, pattern: /^[-\w.()]*[-\w()]$/, globallyUnique: false, style: 'hyphen' },
  virtualNetwork: { abbr: 'vnet', min: 2, max: 64, pattern: /^[a-zA-Z0-9][-\w.]*\w$/, globallyUnique: false, style: 'hyphen' },
  subnet: { abbr: 'snet', min: 1, max: 80, pattern: /^[a-zA-Z0-9][-\w.]*\w$/, globallyUnique: false, style: 'hyphen' },
  networkSecurityGroup: { abbr: 'nsg', min: 1, max: 80, pattern: /^[a-zA-Z0-9][-\w.]*\w$/, globallyUnique: false, style: 'hyphen' },
  virtualNetworkPeering: { abbr: 'peer', min: 1, max: 80, pattern: /^[a-zA-Z0-9][-\w.]*\w$/, globallyUnique: false, style: 'hyphen' },
  privateEndpoint: { abbr: 'pep', min: 2, max: 64, pattern: /^[a-zA-Z0-9][-\w.]*\w$/, globallyUnique: false, style: 'hyphen' },
  networkInterface: { abbr: 'nic', min: 1, max: 80, pattern: /^[a-zA-Z0-9][-\w.]*\w$/, globallyUnique: false, style: 'hyphen' },
  flowLog: { abbr: 'flog', min: 1, max: 80, pattern: /^[a-zA-Z0-9][-\w.]*\w$/, globallyUnique: false, style: 'hyphen' },
  managedIdentity: { abbr: 'id', min: 3, max: 128, pattern: /^[a-zA-Z0-9][-\w]*$/, globallyUnique: false, style: 'hyphen' },
  logAnalyticsWorkspace: { abbr: 'log', min: 4, max: 63, pattern: HYPHEN_NAME, globallyUnique: false, style: 'hyphen' },
  applicationInsights: { abbr: 'appi', min: 1, max: 260, pattern: /^[^%&\\?/]*[^%&\\?/. ]$/, globallyUnique: false, style: 'hyphen' },
  actionGroup: { abbr: 'ag', min: 1, max: 260, pattern: /^[-\w.]+$/, globallyUnique: false, style: 'hyphen' },
  // CAF lists no abbreviation for alert rules; `alert` says what it is.
  metricAlert: { abbr: 'alert', min: 1, max: 260, pattern: /^[^*#&+:<>?@%{}\\/]+$/, globallyUnique: false, style: 'hyphen' },
  machineLearningWorkspace: { abbr: 'mlw', min: 3, max: 33, pattern: /^[a-zA-Z0-9][\w-]{2,32}$/, globallyUnique: false, style: 'hyphen' },
  keyVault: { abbr: 'kv', min: 3, max: 24, pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/, globallyUnique: true, style: 'hyphen' },
  storageAccount: { abbr: 'st', min: 3, max: 24, pattern: /^[a-z0-9]+$/, globallyUnique: true, style: 'compact' },
  containerRegistry: { abbr: 'cr', min: 5, max: 50, pattern: /^[a-zA-Z0-9]+$/, globallyUnique: true, style: 'compact' },
  openAi: { abbr: 'oai', min: 2, max: 64, pattern: HYPHEN_NAME, globallyUnique: true, style: 'hyphen' },
  aiServices: { abbr: 'ais', min: 2, max: 64, pattern: HYPHEN_NAME, globallyUnique: true, style: 'hyphen' },
  // 1-50 characters, starts with a letter, letters/digits/hyphens; <name>.azure-api.net is global (Learn "Naming rules
  // and restrictions for Azure resources", Microsoft.ApiManagement/service).
  apiManagement: { abbr: 'apim', min: 1, max: 50, pattern: /^[a-z][a-z0-9-]*[a-z0-9]$/, globallyUnique: true, style: 'hyphen' },
  applicationSecurityGroup: { abbr: 'asg', min: 1, max: 80, pattern: /^[a-zA-Z0-9][-\w.]*\w$/, globallyUnique: false, style: 'hyphen' },
  searchService: { abbr: 'srch', min: 2, max: 60, pattern: /^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/, globallyUnique: true, style: 'hyphen' },
} as const satisfies Record<string, NameRule>;

export type ResourceKind = keyof typeof NAME_RULES;

/** Short environment codes; the shared stacks carry none (`rg-contoso-platform-sdc`). */
export const ENVIRONMENT_SHORT = { production: 'prod', experimentation: 'exp', platform: '', governance: '' } as const;
export type NamingEnvironment = keyof typeof ENVIRONMENT_SHORT;

export interface NamerProps {
  /** organization.prefix (validated by the config schema: ^[a-z][a-z0-9]{1,7}$). */
  readonly prefix: string;
  /** organization.tenantId: part of the hash input so two tenants' landing zones never collide. */
  readonly tenantId: string;
  /** The workload name, or `platform` for the platform stack. */
  readonly workload: string;
  readonly environment: NamingEnvironment;
  readonly location: AzureRegion;
}

const SUFFIX_LENGTH = 5;

/** Thrown when a name cannot satisfy its resource type's rules; says what was received and what is allowed. */
export class NamingError extends Error {}

export class Namer {
  constructor(private readonly props: NamerProps) {}

  /** The deterministic hash suffix for a globally unique resource of this kind (5 base-36 characters). */
  suffix(kind: ResourceKind, qualifier = ''): string {
    const { tenantId, prefix, workload, environment } = this.props;
    const digest = createHash('sha256').update([tenantId.toLowerCase(), prefix, workload, environment, kind, qualifier].join('/')).digest();
    return BigInt(`0x${digest.subarray(0, 8).toString('hex')}`).toString(36).padStart(SUFFIX_LENGTH, '0').slice(-SUFFIX_LENGTH);
  }

  /** The name of a resource of `kind`; `qualifier` tells apart several of one kind (e.g. `app`, `pe`). */
  name(kind: ResourceKind, qualifier?: string): string {
    const rule: NameRule = NAME_RULES[kind];
    const { prefix, workload, environment, location } = this.props;
    const env = ENVIRONMENT_SHORT[environment];
    const region = REGION_SHORT[location];
    let name = [rule.abbr, prefix, workload, qualifier, env, region].filter(Boolean).join('-');
    if (rule.globallyUnique || name.length > rule.max) {
      // Globally unique (or too long): drop the region, shorten the workload part and add a hash
      // suffix of the full inputs, which keeps the name unique however much was cut.
      const suffix = this.suffix(kind, qualifier);
      const sep = rule.style === 'hyphen' ? '-' : '';
      const clean = (s: string) => (rule.style === 'compact' ? s.replace(/[^a-z0-9]/g, '') : s.replace(/-{2,}/g, '-'));
      const fixed = [rule.abbr, clean(prefix), clean(qualifier ?? ''), env.slice(0, 1), suffix].filter(Boolean);
      const room = rule.max - fixed.join(sep).length - sep.length;
      const wl = clean(workload).slice(0, Math.max(room, 0)).replace(/-+$/, '');
      name = [rule.abbr, clean(prefix), wl, clean(qualifier ?? ''), env.slice(0, 1), suffix].filter(Boolean).join(sep);
    }
    return checkName(kind, name);
  }
}

/** Validates a name against its resource type's rules. */
export function checkName(kind: ResourceKind, name: string): string {
  const rule: NameRule = NAME_RULES[kind];
  if (name.length < rule.min || name.length > rule.max) {
    throw new NamingError(`${kind} name "${name}" is ${name.length} characters; Azure allows ${rule.min}-${rule.max}. Shorten organization.prefix or the workload name.`);
  }
  if (!rule.pattern.test(name)) {
    throw new NamingError(`${kind} name "${name}" does not match ${rule.pattern}; check organization.prefix and the workload name.`);
  }
  return name;
}

/** Management group IDs (1-90 characters): `<prefix>-ai`, `<prefix>-ai-production`, ... */
export function managementGroupId(prefix: string, ...parts: string[]): string {
  return [prefix, ...parts].join('-');
}
