/**
 * The two places where other modules plug into the review commands.
 *
 * - `diagramOfChange`: a picture of the part of the landing zone a change touches (the `ailz diagram`
 *   module renders it). The review commands embed what it returns; without a renderer they embed nothing
 *   and say so in the report.
 * - `PolicySimulation`: the Azure Policy simulation (`policy/`) evaluated on a set of documents, its
 *   verdicts as findings. Without one the reports say that the policy simulation did not run.
 */
import type { Finding, TerraformDocument } from '../guardrails/types';
import type { Action } from './changes';

/** What the diagram of a change is drawn from: the head (or base, for a removed stack) and the touched resources. */
export interface ChangeDiagramInput {
  readonly stacks: readonly {
    readonly stack: string;
    readonly base?: TerraformDocument;
    readonly head?: TerraformDocument;
    readonly changed: readonly { readonly address: string; readonly action: Action }[];
  }[];
}

export interface ChangeDiagram {
  /** Mermaid source (GitHub renders ```mermaid blocks in PR comments). */
  readonly mermaid: string;
}

export type DiagramOfChange = (input: ChangeDiagramInput) => ChangeDiagram | undefined;

/**
 * The diagram renderer of this build. The `ailz diagram` module does not exist yet, so there is none:
 * reports state "no diagram renderer in this build". When the module lands, assign its renderer here.
 */
export const diagramOfChange: DiagramOfChange | undefined = undefined;

/**
 * Policy simulation over the documents of a run, with the governance assignments of `governance` (stacks
 * not among `docs`); returns the findings on `docs` only. The CLI builds it from `policy/` when policy
 * definitions can be found (cli/commands/review-common.ts).
 */
export type PolicySimulation = (docs: readonly TerraformDocument[], governance: readonly TerraformDocument[]) => Finding[];
