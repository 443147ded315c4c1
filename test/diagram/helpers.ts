import { spawnSync } from 'child_process';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { parse, stringify } from 'yaml';
import { loadConfigFile, parseConfigText, LandingZoneConfig } from '../../config/load';
import { loadDocuments } from '../../guardrails/load';
import type { TerraformDocument } from '../../guardrails/types';
import type { Graph, Shape } from '../../diagram/graph';

export const ROOT = join(__dirname, '..', '..');
export const REFERENCE = join(ROOT, 'landing-zone.yaml');
export const EDGE_CASES = join(__dirname, 'fixtures', 'edge-cases.yaml');

export function config(file: string): LandingZoneConfig {
  return loadConfigFile(file);
}

/** The reference YAML with `edit` applied, validated. */
export function referenceWith(edit: (doc: any) => void): LandingZoneConfig {
  const doc = parse(readFileSync(REFERENCE, 'utf8'));
  edit(doc);
  return parseConfigText(stringify(doc), 'test.yaml');
}

/** bench/gen-config.js: the reference platform with `n` workloads (a third with ML, a quarter vended). */
export function generatedConfig(n: number): LandingZoneConfig {
  const { generateConfig } = require('../../bench/gen-config.js') as { generateConfig: (n: number) => unknown };
  return parseConfigText(stringify(generateConfig(n)), `gen-${n}.yaml`);
}

/** Synthesizes a config with the real stacks and reads it back as `ailz diagram --dir` does. */
export function synthesize(cfg: LandingZoneConfig): { dir: string; docs: TerraformDocument[] } {
  const { synthesizeTo } = require('../../cli/synth') as typeof import('../../cli/synth');
  const dir = mkdtempSync(join(tmpdir(), 'ailz-diagram-'));
  synthesizeTo(cfg, dir);
  return { dir, docs: loadDocuments(dir) };
}

export interface ParsedVertex { id: string; lines: string[]; type: string; classes: string[] }
export interface ParsedEdge { from: string; to: string; lines: string[]; type: string; stroke: string }
export interface ParsedDiagram {
  name: string;
  ok: boolean;
  error?: string;
  diagramType?: string;
  vertices: ParsedVertex[];
  edges: ParsedEdge[];
  subgraphs: { id: string; title: string[]; nodes: string[] }[];
  classes: Record<string, string[]>;
}
export interface MermaidRun { mermaid: string; defaults: { maxTextSize: number; maxEdges: number }; results: ParsedDiagram[] }

/**
 * Parses every diagram with the mermaid package in one child process (test/diagram/mermaid-check.mjs):
 * mermaid is ESM and wants a DOM, and its import costs two seconds, so a test file parses all its
 * diagrams at once.
 */
export function parseWithMermaid(diagrams: readonly { name: string; text: string }[]): MermaidRun {
  const r = spawnSync(process.execPath, [join(__dirname, 'mermaid-check.mjs')], {
    input: JSON.stringify({ diagrams }),
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: 300_000,
  });
  if (r.status !== 0) throw new Error(`mermaid-check.mjs exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as MermaidRun;
}

/** Mermaid's vertex type for each shape the renderer writes. */
const VERTEX_TYPES: Readonly<Record<Shape, string>> = {
  rect: 'square',
  round: 'round',
  stadium: 'stadium',
  subroutine: 'subroutine',
  cylinder: 'cylinder',
  hexagon: 'hexagon',
  parallelogram: 'lean_right',
  circle: 'circle',
};

/**
 * What Mermaid read is exactly the graph: every node with its label lines, shape and classes (and no
 * other node: a misread edge would invent one), every edge in order with its ends, label, arrow and
 * stroke, every subgraph with its title and members.
 */
export function expectParsedAs(parsed: ParsedDiagram, graph: Graph): void {
  expect(parsed.error).toBeUndefined();
  expect(parsed.ok).toBe(true);
  expect(parsed.diagramType).toBe('flowchart-v2');
  const clean = (line: string) => line.replace(/[\u0000-\u001f\u007f]/g, ' ');
  expect(parsed.vertices.map((v) => ({ id: v.id, lines: v.lines, type: v.type, classes: [...v.classes].sort() })).sort((a, b) => a.id.localeCompare(b.id)))
    .toEqual(graph.nodes.map((n) => ({ id: n.id, lines: n.label.map(clean), type: VERTEX_TYPES[n.shape], classes: [...n.classes].sort() })).sort((a, b) => a.id.localeCompare(b.id)));
  expect(parsed.edges.map((e) => ({ from: e.from, to: e.to, lines: e.lines, type: e.type, stroke: e.stroke })))
    .toEqual(graph.edges.map((e) => ({
      from: e.from,
      to: e.to,
      lines: e.label === undefined ? [] : [clean(e.label)],
      type: e.style === 'arrow' || e.style === 'dotted' ? 'arrow_point' : 'arrow_open',
      stroke: e.style === 'dotted' || e.style === 'dottedLine' ? 'dotted' : 'normal',
    })));
  const members = (id: string) => [...graph.nodes.filter((n) => n.group === id).map((n) => n.id), ...graph.groups.filter((g) => g.parent === id).map((g) => g.id)].sort();
  expect(parsed.subgraphs.map((s) => ({ id: s.id, title: s.title, nodes: [...s.nodes].sort() })).sort((a, b) => a.id.localeCompare(b.id)))
    .toEqual(graph.groups.map((g) => ({ id: g.id, title: [clean(g.label)], nodes: members(g.id) })).sort((a, b) => a.id.localeCompare(b.id)));
  expect(Object.fromEntries(Object.entries(parsed.classes).map(([k, v]) => [k, v.join(',')])))
    .toEqual(Object.fromEntries(graph.classDefs.map((c) => [c.name, c.style])));
}
