/**
 * Writes a graph as Mermaid flowchart text, in basic syntax only (`flowchart`, `subgraph ... end`,
 * node shapes, `-->`, `-.->`, `---`, `-.-` with `|"label"|`, `classDef` and `class`): what GitHub's
 * renderer and older Mermaid versions read alike. Output is deterministic: the graph's order, no
 * generated IDs, `\n` line ends.
 *
 * Labels are always quoted, and every character Mermaid could read as syntax inside a quoted label is
 * written as a Mermaid entity code (`#quot;`, `#35;`, ...; Mermaid docs, flowchart "Entity codes to
 * escape characters"): a quote would end the label, `#...;` would be read as an entity, `<` `>` `&`
 * as HTML, a leading backtick as a Markdown string, `|` as the end of an edge label; test/diagram/
 * mermaid.test.ts parses labels of arbitrary text with the mermaid package and reads them back.
 */
import type { EdgeStyle, Graph, Shape } from './graph';

const ENTITIES: Readonly<Record<string, string>> = {
  '"': '#quot;',
  '#': '#35;',
  '&': '#amp;',
  '<': '#lt;',
  '>': '#gt;',
  '`': '#96;',
  '|': '#124;',
  '\\': '#92;',
  // Mermaid strips the last character of a line matching /style.*:\S*#.*;/ before it reads entities
  // (encodeEntities in mermaid's utils): a colon in a label could cut an entity short.
  ':': '#58;',
  // The placeholders Mermaid encodes entities with (ﬂ°, ¶ß): in a label they would decode as & and ;.
  '\uFB02': '#64258;',
  '\u00B6': '#182;',
  '\u00DF': '#223;',
};

/** Escapes one line of label text for a quoted Mermaid label. */
export function escapeLabel(text: string): string {
  // Control characters (a newline among them) would end the statement: write them as spaces.
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/["#&<>`|\\:\uFB02\u00B6\u00DF]/g, (c) => ENTITIES[c]);
}

/** Lines of a label joined with the line breaks Mermaid renders (`<br/>`), each line escaped. */
export function labelText(lines: readonly string[]): string {
  return lines.map(escapeLabel).join('<br/>');
}

const SHAPES: Readonly<Record<Shape, [string, string]>> = {
  rect: ['[', ']'],
  round: ['(', ')'],
  stadium: ['([', '])'],
  subroutine: ['[[', ']]'],
  cylinder: ['[(', ')]'],
  hexagon: ['{{', '}}'],
  parallelogram: ['[/', '/]'],
  circle: ['((', '))'],
};

const ARROWS: Readonly<Record<EdgeStyle, string>> = {
  arrow: '-->',
  dotted: '-.->',
  line: '---',
  dottedLine: '-.-',
};

const ID = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The Mermaid text of a graph (without a Markdown fence). */
export function renderMermaid(graph: Graph): string {
  for (const id of [...graph.groups.map((g) => g.id), ...graph.nodes.map((n) => n.id)]) {
    if (!ID.test(id)) throw new Error(`diagram: invalid Mermaid ID ${JSON.stringify(id)}`);
  }
  const out: string[] = [`flowchart ${graph.direction}`];
  const children = new Map<string | undefined, string[]>();
  for (const g of graph.groups) {
    const list = children.get(g.parent) ?? [];
    list.push(g.id);
    children.set(g.parent, list);
  }
  const nodesOf = new Map<string | undefined, typeof graph.nodes[number][]>();
  for (const n of graph.nodes) {
    const list = nodesOf.get(n.group) ?? [];
    list.push(n);
    nodesOf.set(n.group, list);
  }
  const groupById = new Map(graph.groups.map((g) => [g.id, g]));
  const write = (group: string | undefined, indent: string) => {
    for (const n of nodesOf.get(group) ?? []) {
      const [open, close] = SHAPES[n.shape];
      out.push(`${indent}${n.id}${open}"${labelText(n.label)}"${close}`);
    }
    for (const child of children.get(group) ?? []) {
      out.push(`${indent}subgraph ${child}["${escapeLabel(groupById.get(child)!.label)}"]`);
      write(child, `${indent}  `);
      out.push(`${indent}end`);
    }
  };
  write(undefined, '  ');
  for (const e of graph.edges) {
    const label = e.label ? `|"${escapeLabel(e.label)}"|` : '';
    out.push(`  ${e.from} ${ARROWS[e.style]}${label} ${e.to}`);
  }
  for (const c of graph.classDefs) out.push(`  classDef ${c.name} ${c.style}`);
  const byClass = new Map<string, string[]>();
  for (const n of graph.nodes) {
    for (const c of n.classes) {
      const list = byClass.get(c) ?? [];
      list.push(n.id);
      byClass.set(c, list);
    }
  }
  for (const c of graph.classDefs) {
    const ids = byClass.get(c.name);
    if (ids?.length) out.push(`  class ${ids.join(',')} ${c.name}`);
  }
  return `${out.join('\n')}\n`;
}

/** A fenced ```mermaid block, as GitHub renders it in Markdown. */
export function mermaidMarkdown(text: string): string {
  return `\`\`\`mermaid\n${text.endsWith('\n') ? text : `${text}\n`}\`\`\`\n`;
}
