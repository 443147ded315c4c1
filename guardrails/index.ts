/** Public API of the guardrail engine (see docs/rules.md for the catalog). */
export * from './types';
export { RULES, RULE_IDS } from './catalog';
export { evaluate, hasBlockingFindings, validateSuppressions } from './evaluate';
export type { EvaluateOptions } from './evaluate';
export { loadDocuments, loadStacks, parseStackKindOverride, TerraformInputError } from './load';
export type { LoadOptions, StackKindOverride } from './load';
export { MAX_CHECK_INPUT_BYTES } from './tfjson/files';
export { findingRecord, findingsChunks, formatFindings, formatRules, findingLine, ruleMeta, FINDINGS_FORMATS, GITHUB_SARIF_LIMITS, RULES_FORMATS } from './format';
export type { ConfigRegion, FindingsFormat, FormatOptions, RulesFormat } from './format';
export { indexDocument, documentSet, stackKind, parseRef, judge } from './document';
