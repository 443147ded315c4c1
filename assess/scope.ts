/**
 * Which live resources `ailz assess` judges: every AI resource, and the Key Vaults, storage accounts and
 * registries that sit in a resource group with AI or that an AI resource names (a workspace's vault,
 * storage and registry). Collecting and assessing use this one function, so the per-resource ARM reads
 * (diagnostic settings, deployments, content filters) are made for exactly the resources the checks
 * judge: a tenant's thousands of unrelated vaults and storage accounts cost one Resource Graph row each,
 * never an ARM read.
 */
import { AI_RESOURCE_TYPES, AI_TYPES, DEPENDENCY_TYPES, GENERATIVE_KINDS } from '../azure/ai-resource-types';
import type { LiveArmResource } from '../arm/from-live';

export interface AssessedResources {
  readonly ai: readonly LiveArmResource[];
  readonly dependencies: readonly LiveArmResource[];
  /** AI resources, then dependencies (Resource Graph order within each). */
  readonly inScope: readonly LiveArmResource[];
  /** `<subscription>/<resource group>` of every AI resource, lower case. */
  readonly aiResourceGroups: ReadonlySet<string>;
}

const DEPENDENCY_TYPE_SET: ReadonlySet<string> = new Set(Object.values(DEPENDENCY_TYPES));
const AI_TYPE_SET: ReadonlySet<string> = new Set(AI_RESOURCE_TYPES);
/** Properties through which an AI resource names the resources it depends on (ML workspace / Foundry hub). */
const REFERENCES = ['keyVault', 'storageAccount', 'containerRegistry'];

export function assessedResources(resources: readonly LiveArmResource[]): AssessedResources {
  const ai = resources.filter((r) => AI_TYPE_SET.has(r.type));
  const aiResourceGroups = new Set(ai.map((r) => `${r.subscription}/${r.resourceGroup}`));
  const referenced = new Set<string>();
  for (const r of ai) {
    for (const p of REFERENCES) {
      const v = r.properties[p];
      if (typeof v === 'string' && v) referenced.add(v.toLowerCase());
    }
  }
  const dependencies = resources.filter((r) => DEPENDENCY_TYPE_SET.has(r.type)
    && (aiResourceGroups.has(`${r.subscription}/${r.resourceGroup}`) || referenced.has(r.id.toLowerCase())));
  return { ai, dependencies, inScope: [...ai, ...dependencies], aiResourceGroups };
}

/**
 * Whether a Cognitive Services account can hold model deployments and content filters: Azure OpenAI and
 * AI Services (Foundry) accounts. Other kinds (Speech, Language, ...) have neither, so their deployments
 * and RAI policies are not read.
 */
export function hasModelDeployments(r: LiveArmResource): boolean {
  return r.type === AI_TYPES.cognitiveAccount && GENERATIVE_KINDS.includes(String(r.kind ?? '').toLowerCase());
}
