/**
 * The guardrail data model. Guardrails judge Terraform JSON only (cdktf output, any tool's
 * `*.tf.json`, later plan JSON), never cdktf classes, so the same rules police every source.
 */
export type Severity = 'error' | 'warning';

export type ControlArea = 'identity' | 'network' | 'data' | 'model-risk' | 'governance' | 'monitoring';

/** One Terraform JSON document, e.g. `stacks/<stack>/cdk.tf.json`. */
export interface TerraformDocument {
  stack: string;
  json: any;
  path?: string;
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
  /** Machine-readable facts behind the finding (values seen, conditions that decided, related resources). */
  evidence?: Record<string, unknown>;
  /** False for findings no suppression may clear (an Azure Policy Deny: only an exemption does). */
  suppressible?: boolean;
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
}

/** Kind of stack, from its name: `workload-*`, `platform`, `governance`, anything else is generic. */
export type StackKind = 'workload' | 'platform' | 'governance' | 'generic';

/** A resource block of a document. */
export interface ResourceNode {
  type: string;
  name: string;
  /** `<type>.<name>` */
  address: string;
  attrs: Record<string, any>;
}

/** Read-only view of one document, indexed once so rules never scan all resources per resource. */
export interface DocumentIndex {
  stack: string;
  kind: StackKind;
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
}
