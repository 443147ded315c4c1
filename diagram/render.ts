/**
 * The Mermaid diagram of a landing-zone view at the most detailed level that GitHub's renderer
 * accepts (diagram/limits.ts): every workload in full, else one node per workload, else one node per
 * management group ("37 production workloads").
 */
import { DETAILS, Detail, layoutView, LayoutOptions } from './layout';
import { MERMAID_LIMITS, RendererLimits } from './limits';
import { mermaidMarkdown, renderMermaid } from './mermaid';
import type { LandingZoneView, WorkloadView } from './view';

export interface DiagramOptions {
  /** `auto` (default): the most detailed level within `limits`. */
  readonly detail?: Detail | 'auto';
  /** Default: Mermaid's (and so GitHub's) limits. */
  readonly limits?: RendererLimits;
}

export interface Diagram {
  /** Mermaid flowchart text, `\n` line ends, ending with a newline. */
  readonly mermaid: string;
  readonly detail: Detail;
  readonly characters: number;
  readonly edges: number;
  /** Within the limits: GitHub renders it. */
  readonly fits: boolean;
  readonly limits: RendererLimits;
}

/** Renders with a layout and measures the result against the limits. */
export function measure(view: LandingZoneView, opts: LayoutOptions, detail: Detail, limits: RendererLimits): Diagram {
  const graph = layoutView(view, opts);
  const mermaid = renderMermaid(graph);
  const characters = mermaid.length;
  const edges = graph.edges.length;
  return { mermaid, detail, characters, edges, fits: characters <= limits.maxTextSize && edges <= limits.maxEdges, limits };
}

/** The diagram of a whole landing zone. */
export function renderDiagram(view: LandingZoneView, opts: DiagramOptions = {}): Diagram {
  const limits = opts.limits ?? MERMAID_LIMITS;
  const levels = !opts.detail || opts.detail === 'auto' ? DETAILS : [opts.detail];
  let last: Diagram | undefined;
  for (const detail of levels) {
    last = measure(view, { detailOf: (_w: WorkloadView) => detail }, detail, limits);
    if (last.fits) return last;
  }
  return last!;
}

/** How a diagram is written: Mermaid text, or a Markdown fenced block GitHub renders. */
export type DiagramFormat = 'mermaid' | 'markdown';
export const DIAGRAM_FORMATS: readonly DiagramFormat[] = ['mermaid', 'markdown'];

export function formatDiagram(d: Pick<Diagram, 'mermaid'>, format: DiagramFormat): string {
  return format === 'markdown' ? mermaidMarkdown(d.mermaid) : d.mermaid;
}
