/** The rules of the review commands (metadata in guardrails/review-rules.ts, listed by `ailz rules`). */
export { DRIFT_RULE, PROTECTED_REMOVAL_RULE, REVIEW_ONLY_RULES as REVIEW_RULES } from '../guardrails/review-rules';
