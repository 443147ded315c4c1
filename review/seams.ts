/**
 * The two places where other modules plug into the review commands.
 *
 * - `diagramOfChange`: a picture of the part of the landing zone a change touches, drawn by the
 *   `ailz diagram` module (diagram/change.ts); `ailz diff` embeds it.
 * - `PolicySimulation`: the Azure Policy simulation (`policy/`) evaluated on a set of documents, its
 *   verdicts as findings. Without one the reports say that the policy simulation did not run.
 */
import type { Finding, TerraformDocument } from '../guardrails/types';
import type { Action } from './changes';
import { diagramOfChange as drawChange } from '../diagram/change';
import { MERMAID_LIMITS, RendererLimits } from '../diagram/limits';

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
  /** How much detail it could afford: `full`, `compact` (a node per workload) or `summary`. */
  readonly detail?: string;
}

/** Draws a change; `context` are the head documents of the stacks the change does not touch. */
export type DiagramOfChange = (input: ChangeDiagramInput, context: readonly TerraformDocument[]) => ChangeDiagram | undefined;

/**
 * How much of a pull-request comment (65,536 characters) the picture may take: 20,000 characters leaves
 * the findings and the summary room; the edge limit is Mermaid's own (diagram/limits.ts).
 */
export const DIAGRAM_BUDGET: RendererLimits = { maxTextSize: 20_000, maxEdges: MERMAID_LIMITS.maxEdges };

/**
 * The diagram of a change (`diagram/change.ts`): the workloads the change touches in as much detail as
 * fits DIAGRAM_BUDGET, unchanged ones summarized. A resource Terraform forgets (kept in Azure) is drawn
 * as changed, not removed. Undefined when nothing changed, or when even the summary does not fit.
 */
export const diagramOfChange: DiagramOfChange = (input, context) => {
  const d = drawChange({
    stacks: input.stacks.map((s) => ({ ...s, changed: s.changed.map((c) => ({ address: c.address, action: c.action === 'forget' ? 'update' as const : c.action })) })),
  }, { context, limits: DIAGRAM_BUDGET });
  if (!d || !d.fits) return undefined;
  return { mermaid: d.mermaid, detail: d.detail };
};

/**
 * Policy simulation over the documents of a run, with the governance assignments of `governance` (stacks
 * not among `docs`); returns the findings on `docs` only. The CLI builds it from `policy/` when policy
 * definitions can be found (cli/run/review-common.ts).
 */
export type PolicySimulation = (docs: readonly TerraformDocument[], governance: readonly TerraformDocument[]) => Finding[];
