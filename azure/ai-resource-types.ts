/**
 * ARM resource types `ailz assess` inventories, lower-case as Resource Graph reports them.
 * Source: the resource providers' REST API specifications (cognitiveservices, machinelearningservices,
 * search, keyvault, storage, containerregistry, operationalinsights, operationsmanagement), read 2026-09-01.
 * Foundry: "AI Foundry resource" is a Cognitive Services account of kind `AIServices` with child
 * `accounts/projects`; hub-based Foundry is an ML workspace of kind `Hub` with `Project` workspaces
 * (learn.microsoft.com/azure/ai-foundry/concepts/architecture).
 */
export const AI_TYPES = {
  cognitiveAccount: 'microsoft.cognitiveservices/accounts',
  foundryProject: 'microsoft.cognitiveservices/accounts/projects',
  mlWorkspace: 'microsoft.machinelearningservices/workspaces',
  mlCompute: 'microsoft.machinelearningservices/workspaces/computes',
  mlRegistry: 'microsoft.machinelearningservices/registries',
  search: 'microsoft.search/searchservices',
} as const;

/** Resources AI workloads depend on: inventoried when they sit with AI resources or an AI resource names them. */
export const DEPENDENCY_TYPES = {
  keyVault: 'microsoft.keyvault/vaults',
  storage: 'microsoft.storage/storageaccounts',
  containerRegistry: 'microsoft.containerregistry/registries',
} as const;

/** Monitoring resources the checks read. */
export const MONITORING_TYPES = {
  logAnalytics: 'microsoft.operationalinsights/workspaces',
  /** Sentinel is the `SecurityInsights(<workspace>)` solution on a workspace. */
  solution: 'microsoft.operationsmanagement/solutions',
} as const;

export const AI_RESOURCE_TYPES: readonly string[] = Object.values(AI_TYPES);
export const INVENTORY_TYPES: readonly string[] = [...AI_RESOURCE_TYPES, ...Object.values(DEPENDENCY_TYPES), ...Object.values(MONITORING_TYPES)];

/** Types whose diagnostic settings are read (the resources ailz's DIAG rules cover). */
export const DIAGNOSED_TYPES: readonly string[] = [
  AI_TYPES.cognitiveAccount, AI_TYPES.mlWorkspace, AI_TYPES.search,
  DEPENDENCY_TYPES.keyVault, DEPENDENCY_TYPES.storage, DEPENDENCY_TYPES.containerRegistry,
];

/** Cognitive Services kinds that serve generative models (Azure OpenAI, AI Services / Foundry). */
export const GENERATIVE_KINDS: readonly string[] = ['openai', 'aiservices'];
