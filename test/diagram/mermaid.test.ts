/**
 * Every diagram ailz writes is read by the real Mermaid parser (the mermaid package, in a child
 * process: test/diagram/mermaid-check.mjs), and Mermaid reads exactly the graph ailz meant: the same
 * nodes with the same label text, shapes and styles, the same edges and subgraphs. A snapshot could
 * only say the text did not change; this says Mermaid (and so GitHub) draws what the model holds.
 */
import fc from 'fast-check';
import { viewFromConfig } from '../../diagram/from-config';
import { viewFromTerraform } from '../../diagram/from-terraform';
import { Graph, GraphBuilder } from '../../diagram/graph';
import { DETAILS, Detail, layoutView, CLASS_DEFS } from '../../diagram/layout';
import { MERMAID_LIMITS } from '../../diagram/limits';
import { VNET_PEERINGS_PER_VNET } from '../../azure/limits';
import { renderMermaid } from '../../diagram/mermaid';
import { renderDiagram } from '../../diagram/render';
import type { LandingZoneView } from '../../diagram/view';
import { config, EDGE_CASES, expectParsedAs, generatedConfig, MermaidRun, parseWithMermaid, REFERENCE, synthesize } from './helpers';

const cases = new Map<string, { graph: Graph; text: string }>();
function add(name: string, graph: Graph): void {
  cases.set(name, { graph, text: renderMermaid(graph) });
}
const at = (detail: Detail) => ({ detailOf: () => detail });

/** Labels of arbitrary text, weighted towards what Mermaid reads as syntax. */
const labelChar = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('"', '#', '&', '<', '>', '`', '|', '\\', ':', ';', '[', ']', '(', ')', '{', '}', '/', '%', '-', '=', '.', 'o', 'x', ' ', '\n', '\t', 'ﬂ', '¶', 'ß', '°', 'é', '·', '→', '😀') },
  { weight: 2, arbitrary: fc.constantFrom('end', 'style', 'class', 'classDef', 'click', 'subgraph', 'graph', 'default', '#quot;', '&amp;', '<br>', '<b>x</b>', '%%', '-->', '---o', 'style a fill:#f00;', '<script>alert(1)</script>') },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 }) },
);
const label = fc.string({ unit: labelChar, minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '' && s === s.trim());

function labelGraph(lines: string[][]): Graph {
  const b = new GraphBuilder('TB');
  const g = b.group('g', lines[0].join(' '));
  lines.forEach((l, i) => {
    b.node(`n${i}`, l, (['rect', 'round', 'stadium', 'subroutine', 'cylinder', 'hexagon', 'parallelogram', 'circle'] as const)[i % 8], { group: i % 2 ? g : undefined, classes: i % 3 ? [] : ['changed'] });
    if (i > 0) b.edge(`n${i - 1}`, `n${i}`, (['arrow', 'dotted', 'line', 'dottedLine'] as const)[i % 4], l.join(' '));
  });
  return b.build(CLASS_DEFS);
}

function viewWithWorkloads(n: number): LandingZoneView {
  return viewFromConfig(generatedConfig(n));
}

let run: MermaidRun;
let hundred: LandingZoneView;
let thousand: LandingZoneView;
const result = (name: string) => {
  const r = run.results.find((x) => x.name === name);
  if (!r) throw new Error(`no result for ${name}`);
  return r;
};

beforeAll(() => {
  const reference = viewFromConfig(config(REFERENCE));
  const edge = viewFromConfig(config(EDGE_CASES));
  for (const d of DETAILS) add(`reference config, ${d}`, layoutView(reference, at(d)));
  for (const d of DETAILS) add(`edge cases config, ${d}`, layoutView(edge, at(d)));
  const referenceSynth = viewFromTerraform(synthesize(config(REFERENCE)).docs);
  const edgeSynth = viewFromTerraform(synthesize(config(EDGE_CASES)).docs);
  for (const d of DETAILS) add(`reference synth, ${d}`, layoutView(referenceSynth, at(d)));
  for (const d of DETAILS) add(`edge cases synth, ${d}`, layoutView(edgeSynth, at(d)));
  hundred = viewWithWorkloads(100);
  for (const d of DETAILS) add(`100 workloads, ${d}`, layoutView(hundred, at(d)));
  const auto = renderDiagram(hundred);
  add(`100 workloads, auto (${auto.detail})`, layoutView(hundred, at(auto.detail)));
  // The largest landing zone the config accepts: one hub peering per workload, 500 per VNet (azure/limits.ts).
  thousand = viewWithWorkloads(VNET_PEERINGS_PER_VNET);
  add('most workloads, auto', layoutView(thousand, at(renderDiagram(thousand).detail)));

  // The renderer's edge limit, as limits.ts reads it from the package: 500 edges pass, 501 do not.
  for (const n of [MERMAID_LIMITS.maxEdges, MERMAID_LIMITS.maxEdges + 1]) {
    const b = new GraphBuilder();
    for (let i = 0; i <= n; i++) b.node(`a${i}`, [`${i}`], 'rect');
    for (let i = 0; i < n; i++) b.edge(`a${i}`, `a${i + 1}`, 'arrow');
    add(`${n} edges`, b.build([]));
  }

  fc.sample(fc.array(fc.array(label, { minLength: 1, maxLength: 3 }), { minLength: 2, maxLength: 6 }), { seed: 20261127, numRuns: 150 })
    .forEach((lines, i) => add(`labels ${i}`, labelGraph(lines)));

  run = parseWithMermaid([...cases.entries()].map(([name, c]) => ({ name, text: c.text })));
}, 240_000);

describe('the mermaid package', () => {
  it('has the limits diagram/limits.ts cites, and they are the ones it enforces', () => {
    expect(run.mermaid).toBe('11.17.2');
    expect(run.defaults).toEqual(MERMAID_LIMITS);
    expect(result(`${MERMAID_LIMITS.maxEdges} edges`).ok).toBe(true);
    expect(result(`${MERMAID_LIMITS.maxEdges + 1} edges`)).toMatchObject({ ok: false, error: expect.stringMatching(/Edge limit exceeded/) });
  });
});

describe('every diagram parses as the graph ailz built', () => {
  const names = () => [...cases.keys()].filter((n) => !/^(50[01] edges|100 workloads, full)$/.test(n));
  it.each(['reference config', 'edge cases config', 'reference synth', 'edge cases synth'].flatMap((s) => DETAILS.map((d) => `${s}, ${d}`)))('%s', (name) => {
    expectParsedAs(result(name), cases.get(name)!.graph);
  });

  it('100 and the most workloads (500), aggregated to fit', () => {
    const aggregated = names().filter((n) => /^100 workloads, (compact|summary|auto)|^most workloads/.test(n));
    expect(aggregated).toHaveLength(4);
    for (const n of aggregated) expectParsedAs(result(n), cases.get(n)!.graph);
  });

  it('labels of arbitrary text (quotes, entities, HTML, keywords, edge markers) read back exactly', () => {
    const labels = names().filter((n) => n.startsWith('labels '));
    expect(labels).toHaveLength(150);
    for (const n of labels) expectParsedAs(result(n), cases.get(n)!.graph);
  });
});

describe('aggregation keeps the diagram within what GitHub renders', () => {
  it('100 workloads in full exceed the renderer: Mermaid refuses them', () => {
    const full = cases.get('100 workloads, full')!;
    expect(full.graph.edges.length).toBeGreaterThan(MERMAID_LIMITS.maxEdges);
    expect(result('100 workloads, full')).toMatchObject({ ok: false, error: expect.stringMatching(/Edge limit exceeded/) });
  });

  it('auto draws 100 workloads one node each, 500 as summaries, each within the limits', () => {
    const h = renderDiagram(hundred);
    expect(h.detail).toBe('compact');
    const t = renderDiagram(thousand);
    expect(t.detail).toBe('summary');
    for (const d of [h, t]) {
      expect(d.fits).toBe(true);
      expect(d.mermaid.length).toBeLessThanOrEqual(MERMAID_LIMITS.maxTextSize);
      expect(d.edges).toBeLessThanOrEqual(MERMAID_LIMITS.maxEdges);
    }
    expect(cases.get('most workloads, auto')!.text).toBe(t.mermaid);
  });
});
