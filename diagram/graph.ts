/**
 * A diagram as nodes, edges and nested groups (Mermaid subgraphs), before it is written as text.
 * Only what basic Mermaid flowchart syntax can express: node shapes, solid, dotted and plain edges
 * with labels, subgraphs and class-based styles.
 */

export type Shape = 'rect' | 'round' | 'stadium' | 'subroutine' | 'cylinder' | 'hexagon' | 'parallelogram' | 'circle';

/** `arrow` -->, `dotted` -.->, `line` --- (no direction), `dottedLine` -.- */
export type EdgeStyle = 'arrow' | 'dotted' | 'line' | 'dottedLine';

export interface GraphNode {
  readonly id: string;
  /** Lines of the label, as plain text (the renderer escapes them). */
  readonly label: readonly string[];
  readonly shape: Shape;
  readonly group?: string;
  readonly classes: readonly string[];
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly style: EdgeStyle;
  readonly label?: string;
}

export interface GraphGroup {
  readonly id: string;
  readonly label: string;
  readonly parent?: string;
}

export interface ClassDef {
  readonly name: string;
  /** Mermaid style properties, e.g. `fill:#e6ffed,stroke:#1a7f37`. */
  readonly style: string;
}

export interface Graph {
  readonly direction: 'LR' | 'TB';
  readonly groups: readonly GraphGroup[];
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly classDefs: readonly ClassDef[];
}

/**
 * Node and group IDs: letters, digits and underscores only, from a prefix the caller chooses and a
 * slug of the element's name, made unique with a counter. IDs never start with `o` or `x` right after
 * an edge (Mermaid reads `---o`/`---x` as circle and cross edge ends) because every prefix is fixed by
 * the caller, and never equal a keyword (`end`, `graph`, `subgraph`, ...) because they carry a prefix.
 */
export class IdAllocator {
  private readonly byKey = new Map<string, string>();
  private readonly used = new Set<string>();

  id(prefix: string, key: string): string {
    const k = `${prefix}\0${key}`;
    const known = this.byKey.get(k);
    if (known) return known;
    const slug = key.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
    const base = slug ? `${prefix}_${slug}` : prefix;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}_${n}`;
    this.used.add(id);
    this.byKey.set(k, id);
    return id;
  }
}

/** Collects a graph in insertion order (the order the renderer writes it). */
export class GraphBuilder {
  readonly ids = new IdAllocator();
  private readonly groups: GraphGroup[] = [];
  private readonly nodes: GraphNode[] = [];
  private readonly edges: GraphEdge[] = [];
  private readonly nodeIds = new Set<string>();

  constructor(private readonly direction: 'LR' | 'TB' = 'LR') {}

  group(id: string, label: string, parent?: string): string {
    this.groups.push({ id, label, ...(parent ? { parent } : {}) });
    return id;
  }

  node(id: string, label: readonly string[], shape: Shape, opts: { group?: string; classes?: readonly string[] } = {}): string {
    this.nodes.push({ id, label, shape, ...(opts.group ? { group: opts.group } : {}), classes: opts.classes ?? [] });
    this.nodeIds.add(id);
    return id;
  }

  has(id: string): boolean {
    return this.nodeIds.has(id);
  }

  edge(from: string, to: string, style: EdgeStyle, label?: string): void {
    this.edges.push({ from, to, style, ...(label ? { label } : {}) });
  }

  build(classDefs: readonly ClassDef[]): Graph {
    const used = new Set(this.nodes.flatMap((n) => n.classes));
    return {
      direction: this.direction,
      groups: this.groups,
      nodes: this.nodes,
      edges: this.edges,
      classDefs: classDefs.filter((c) => used.has(c.name)),
    };
  }
}
