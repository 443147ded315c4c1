/** Public API of the guardrail engine (see docs/rules.md for the catalog). */
export * from './types';
export { RULES, RULE_IDS } from './catalog';
export { evaluate, hasBlockingFindings, loadDocuments, validateSuppressions } from './evaluate';
export type { EvaluateOptions } from './evaluate';
export { formatFindings, formatRules, findingLine, ruleMeta, FINDINGS_FORMATS, RULES_FORMATS } from './format';
export type { FindingsFormat, RulesFormat } from './format';
export { indexDocument, documentSet, stackKind, parseRef, judge } from './document';
