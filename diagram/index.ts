/**
 * `ailz diagram`: a Mermaid diagram of the landing zone from the config or from a synth output, and
 * the diagram of a change that `ailz diff` embeds. No runtime dependency: the output is text that
 * GitHub renders in Markdown.
 */
export * from './view';
export { viewFromConfig } from './from-config';
export { viewFromTerraform } from './from-terraform';
export { layoutView, serviceLabel, telemetryLabel, CLASS_DEFS, DETAILS } from './layout';
export type { Detail, LayoutOptions } from './layout';
export { renderMermaid, escapeLabel, labelText, mermaidMarkdown } from './mermaid';
export { renderDiagram, formatDiagram, measure, DIAGRAM_FORMATS } from './render';
export type { Diagram, DiagramFormat, DiagramOptions } from './render';
export { MERMAID_LIMITS } from './limits';
export type { RendererLimits } from './limits';
export { diagramOfChange, changeView } from './change';
export type { ChangeAction, ChangeDiagram, ChangeDiagramInput, ChangeDiagramOptions } from './change';
export type { Graph, GraphNode, GraphEdge, GraphGroup, Shape, EdgeStyle } from './graph';
