/**
 * Data model of the policy simulator: definitions as Azure returns them, assignments, exemptions, and the
 * three-valued result of evaluating a condition.
 */
import { ArmValue } from '../arm/resource';

/** Three-valued truth: a condition over a value that is only known after apply is `unknown`. */
export type Tri = true | false | 'unknown';

/** A policy definition in Azure's own shape (the `properties` of `GET .../policyDefinitions/<name>`). */
export interface PolicyDefinition {
  /** Resource ID, e.g. `/providers/Microsoft.Authorization/policyDefinitions/<guid>`; compared case-insensitively. */
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly version?: string;
  /** `All`, `Indexed`, a resource-provider mode such as `Microsoft.KeyVault.Data`, or null (= Indexed). */
  readonly mode: string | null;
  readonly parameters: Readonly<Record<string, PolicyParameterDefinition>>;
  readonly policyRule: { readonly if: any; readonly then: any };
  /** Where it was loaded from (file, or file:line for the catalog). */
  readonly source: string;
}

export interface PolicyParameterDefinition {
  readonly type?: string;
  readonly defaultValue?: unknown;
  readonly allowedValues?: readonly unknown[];
  readonly metadata?: { readonly assignPermissions?: boolean; readonly strongType?: string; readonly [k: string]: unknown };
}

/** An initiative (policy set definition), Azure's shape. */
export interface PolicySetDefinition {
  readonly id: string;
  readonly name: string;
  readonly displayName: string;
  readonly parameters: Readonly<Record<string, PolicyParameterDefinition>>;
  readonly policyDefinitions: readonly {
    readonly policyDefinitionId: string;
    readonly policyDefinitionReferenceId?: string;
    /** Member parameter values, usually `[parameters('x')]` of the initiative. */
    readonly parameters?: Readonly<Record<string, { readonly value: unknown }>>;
  }[];
  readonly source: string;
}

/** Where an assignment came from. */
export type AssignmentOrigin =
  | { readonly kind: 'terraform'; readonly stack: string; readonly address: string }
  | { readonly kind: 'pulled'; readonly file: string };

/** `resourceSelectors` of an assignment (2023-04-01): all selectors of a selector group must match. */
export interface ResourceSelector {
  readonly name?: string;
  readonly selectors: readonly { readonly kind: string; readonly in?: readonly string[]; readonly notIn?: readonly string[] }[];
}

/** An effect override (`overrides[].kind = policyEffect`). */
export interface EffectOverride {
  readonly value: string;
  /** `policyDefinitionReferenceId` selectors (initiatives); empty = every member. */
  readonly referenceIds?: { readonly in?: readonly string[]; readonly notIn?: readonly string[] };
}

export interface PolicyAssignment {
  /** Assignment name (the key of `AZPOLICY-<EFFECT>:<name>` rule IDs). */
  readonly name: string;
  /** Resource ID of the assignment, when known (symbolic for Terraform assignments whose scope is a reference). */
  readonly id: string;
  /** Scope ID (management group, subscription, resource group, resource), lower case, tokens allowed. */
  readonly scope: string;
  readonly notScopes: readonly string[];
  /** A policy definition or policy set definition ID. */
  readonly policyDefinitionId: string;
  /**
   * The definition itself, when the same Terraform defines it (`azurerm_policy_definition` referenced by
   * `policy_definition_id`): a custom definition no catalog or pull holds before the apply.
   */
  readonly definition?: PolicyDefinition;
  /** Assignment parameter values (`{ name: value }`, `{ value }` envelopes removed). */
  readonly parameters: Readonly<Record<string, ArmValue>>;
  /** `enforce = false` / `enforcementMode = DoNotEnforce`: Deny does not refuse, DINE does not deploy on its own. */
  readonly enforced: boolean;
  readonly resourceSelectors: readonly ResourceSelector[];
  readonly overrides: readonly EffectOverride[];
  /** The assignment's managed identity principal, as the Terraform reference expression that names it (for role checks). */
  readonly principalRef?: string;
  readonly hasIdentity: boolean;
  readonly origin: AssignmentOrigin;
}

export interface PolicyExemption {
  readonly name: string;
  /** Exempted scope (lower case, tokens allowed). */
  readonly scope: string;
  /** The assignment exempted from: its ID (resolved) or the Terraform address of the assignment resource. */
  readonly assignment: { readonly id?: string; readonly terraformAddress?: string; readonly name?: string };
  readonly category: string;
  /** RFC 3339, or undefined for no expiry. */
  readonly expiresOn?: string;
  /** For initiatives: the member reference IDs exempted; empty = all. */
  readonly referenceIds: readonly string[];
  readonly origin: AssignmentOrigin;
}

/** A construct the evaluator does not implement: surfaced as "cannot evaluate", never as a pass. */
export class CannotEvaluate extends Error {
  constructor(readonly construct: string) {
    super(`cannot evaluate: ${construct}`);
    this.name = 'CannotEvaluate';
  }
}

/** A runtime error of a template function: Azure fails the evaluation, which it treats as a deny. */
export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationError';
  }
}
