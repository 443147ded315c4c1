/**
 * The guardrail data model. Guardrails judge Terraform JSON only (cdktf output, any tool's
 * `*.tf.json`, later plan JSON), never cdktf classes, so the same rules police every source.
 */
import type { BlockLayer } from './tfjson/module';

export type Severity = 'error' | 'warning';

export type ControlArea = 'identity' | 'network' | 'data' | 'model-risk' | 'governance' | 'monitoring';

/**
 * One configuration to judge: an in-memory Terraform JSON value, or one loaded by `loadStacks`
 * (a synth stack, a module directory or a file; `json` is then the merged view, rebuilt on demand).
 */
export interface TerraformDocument {
  stack: string;
  json: any;
  path?: string;
  /** The stack kind, when the caller knows it; otherwise it is decided from the content (stack-kind.ts). */
  kind?: StackKind;
}

/** An accepted finding: config `suppressions[]`. */
export interface Suppression {
  rule: string;
  /** `<stack>/<terraform address>` */
  resource: string;
  justification: string;
  /** YYYY-MM-DD */
  expires: string;
}

/**
 * What a rule saw, as far as it knows it: the attribute path, the value found (absent when the
 * attribute is not set; the expression text when it cannot be resolved), and what it expected.
 */
export interface Evidence {
  attribute?: string;
  value?: unknown;
  expected?: string;
  [key: string]: unknown;
}

/** A region of a file: 1-based lines, 1-based columns in UTF-16 code units, end column just after the region. */
export interface SourceRegion {
  file: string;
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export interface Finding {
  rule: string;
  severity: Severity;
  stack: string;
  /** Terraform address, e.g. `azurerm_key_vault.workload_kv_Resource_1A2B3C4D` */
  address: string;
  message: string;
  remediation: string;
  area: ControlArea;
  suppressed?: { justification: string; expires: string };
  /** Policy simulation findings (`AZPOLICY-*`): the assignment name, as in the rule ID. */
  assignment?: string;
  /** Policy simulation findings: the policy definition ID. */
  definition?: string;
  /** False for findings no suppression may clear (an Azure Policy Deny: only an exemption does). */
  suppressible?: boolean;
  /**
   * Machine-readable facts behind the finding: for attribute rules `{ attribute, value, expected }`; for
   * policy simulation the values seen, conditions that decided, related resources.
   */
  evidence?: Evidence;
  /** Where in the Terraform JSON (the attribute when the rule names one, else the resource block). */
  location?: SourceRegion;
  /** cdktf's construct path of the resource (`"//": { "metadata": { "path" } }`), when the JSON carries it. */
  constructPath?: string;
}

/** Version of the finding JSON below; bumped only for incompatible changes (README "Finding JSON"). */
export const FINDINGS_SCHEMA_VERSION = 1;

/**
 * One finding in the JSON every command writes (check, diff, review-plan, assess): README "Finding JSON".
 * `address` names a Terraform resource, `resourceId` a live Azure resource; one of them is set.
 */
export interface FindingRecord {
  rule: string;
  severity: Severity;
  stack: string;
  address?: string;
  resourceId?: string;
  message: string;
  /** Always an object; `{}` when the rule knows nothing more than its message. */
  evidence: Evidence;
  /** What to change (the rule's remediation). */
  fix: string;
  /** Same text as `fix` (the key of the first JSON shape, kept for existing readers). */
  remediation: string;
  area: ControlArea;
  /** Present only when a config suppression accepts the finding. */
  suppressed?: { justification: string; expires: string };
  /** Policy simulation (`AZPOLICY-*`): the assignment name and the policy definition ID. */
  assignment?: string;
  definition?: string;
  /** Present (false) only for findings no suppression may clear: an Azure Policy Deny needs an exemption. */
  suppressible?: boolean;
  location?: SourceRegion;
  /** The line of the landing-zone config that produced the resource (check with `--config`). */
  configLocation?: SourceRegion & { path: string };
}

/** Which stack kind a configuration was judged as, and why (stack-kind.ts). */
export interface StackReport {
  stack: string;
  kind: StackKind;
  kindReason: string;
  /** The files read for it. */
  files: string[];
}

/** Something not evaluated, or merged as Terraform merges it (override files). */
export interface NoticeRecord {
  stack: string;
  code: string;
  message: string;
  location?: SourceRegion;
}

/** The whole JSON report of `ailz check --format json`. */
export interface FindingsReport {
  schemaVersion: typeof FINDINGS_SCHEMA_VERSION;
  summary: { errors: number; warnings: number; suppressed: number };
  stacks: StackReport[];
  notices: NoticeRecord[];
  findings: FindingRecord[];
  unmatchedSuppressions: Suppression[];
}

export interface RuleMeta {
  /** Stable, never reused: `AILZ-<FAMILY>-NNN`. */
  id: string;
  severity: Severity;
  title: string;
  rationale: string;
  remediation: string;
  area: ControlArea;
  references?: {
    checkov?: string[];
    /** Built-in policy definition names (GUIDs), checked against the shared reference catalog. */
    azurePolicy?: string[];
    /** Microsoft cloud security benchmark control IDs. */
    mcsb?: string[];
  };
}

/** What a rule reports; the engine adds stack, remediation and area. */
export interface Violation {
  address: string;
  message: string;
  /** Defaults to the rule's severity. Values that cannot be verified are reported as warnings. */
  severity?: Severity;
  /** What the rule saw (attribute, value, expected), where it knows it. */
  evidence?: Evidence;
}

/** Kind of stack (stack-kind.ts decides it from the content, an override or, last, the name). */
export type StackKind = 'workload' | 'platform' | 'governance' | 'generic';

/** A resource block of a document. */
export interface ResourceNode {
  type: string;
  name: string;
  /** `<type>.<name>` */
  address: string;
  attrs: Record<string, any>;
  /** Where it was defined: the primary file, then each override file merged into it. */
  layers?: readonly BlockLayer[];
}

/** Read-only view of one document, indexed once so rules never scan all resources per resource. */
export interface DocumentIndex {
  stack: string;
  kind: StackKind;
  /** Why this kind was assumed, for the output. */
  kindReason: string;
  path?: string;
  /** Resources of a type, in document order. */
  ofType(type: string): readonly ResourceNode[];
  /** Resource by `<type>.<name>` address. */
  byAddress(address: string): ResourceNode | undefined;
  /** Resources of `type` whose attribute `attr` is a reference to the given resource (`${<address>.<anything>}`), with the suffix after the reference. */
  referencing(type: string, attr: string, target: ResourceNode): readonly { node: ResourceNode; suffix: string }[];
  /** Every resource block, in document order. */
  resources(): readonly ResourceNode[];
  /** The bodies of `provider.<name>` blocks (Terraform JSON allows one object or a list). */
  providers(name: string): readonly Record<string, any>[];
  /** Top-level blocks of a kind without a label (`import`, `moved`, `removed`), one object or a list in Terraform JSON. */
  topLevel(kind: string): readonly Record<string, any>[];
}

/**
 * The documents evaluated together (one `ailz check` or synth run), each indexed once. Cross-stack
 * rules (e.g. "every workload stack has a budget in the governance stack") run on one document and
 * look the others up here; when the other side is not in the set they cannot judge and stay silent.
 */
export interface DocumentSet {
  readonly docs: readonly DocumentIndex[];
  /** The documents of one stack kind, sorted by stack name. */
  ofKind(kind: StackKind): readonly DocumentIndex[];
}

/** What a run judges against besides its documents; the same documents and context give the same findings. */
export interface EvaluationContext {
  /** The date (YYYY-MM-DD, UTC) date-dependent rules judge on, e.g. model retirement (AILZ-OAI-013). */
  readonly asOf: string;
}

export interface Rule extends RuleMeta {
  /**
   * Pure: inspects one document, returns violations on that document's stack. Fails closed.
   * `set` holds every document of the run, for rules that compare stacks; `ctx` the run's as-of date.
   */
  check(doc: DocumentIndex, set: DocumentSet, ctx: EvaluationContext): Violation[];
}

export interface EvaluationResult {
  findings: Finding[];
  unmatchedSuppressions: Suppression[];
  /** Each stack judged, with its kind and why (absent in results built by hand). */
  stacks?: StackReport[];
  notices?: NoticeRecord[];
}
