// Parses Mermaid diagrams with the real mermaid package and reports what it read, for
// test/diagram/*.test.ts. mermaid is an ES module that needs a DOM (its sanitizer, DOMPurify, takes
// the window at import), so it runs here, in a child process of jest, with jsdom as the DOM: jsdom's
// HTML parser is the one DOMPurify is tested against, and it keeps label text exactly as a browser
// does (happy-dom dropped the text before a <br>).
//
// stdin:  {"diagrams": [{"name": "...", "text": "flowchart LR ..."}]}
// stdout: {"mermaid": version, "defaults": {maxTextSize, maxEdges}, "results": [{name, ok, error?,
//          diagramType, vertices, edges, subgraphs, classes}]}; labels decoded as Mermaid renders them
//          (entity codes resolved, lines split at <br>).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
const version = createRequire(import.meta.url)('mermaid/package.json').version;

// Mermaid's decodeEntities (utils): placeholders back to HTML entities, then HTML to text.
const textarea = document.createElement('textarea');
function lines(html) {
  if (html === undefined || html === null || html === '') return [];
  const entities = String(html).replace(/ﬂ°°/g, '&#').replace(/ﬂ°/g, '&').replace(/¶ß/g, ';');
  return entities.split(/<br\s*\/?>/i).map((part) => {
    textarea.innerHTML = part;
    return textarea.value;
  });
}

const input = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const { name, text } of input.diagrams) {
  try {
    const parsed = await mermaid.parse(text);
    const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
    const db = diagram.db;
    results.push({
      name,
      ok: true,
      diagramType: parsed.diagramType,
      vertices: [...db.getVertices().values()].map((v) => ({ id: v.id, lines: lines(v.text), type: v.type, classes: [...(v.classes ?? [])] })),
      edges: db.getEdges().map((e) => ({ from: e.start, to: e.end, lines: lines(e.text), type: e.type, stroke: e.stroke })),
      subgraphs: db.getSubGraphs().map((s) => ({ id: s.id, title: lines(s.title), nodes: [...s.nodes] })),
      classes: Object.fromEntries([...db.getClasses().entries()].map(([k, c]) => [k, c.styles])),
    });
  } catch (e) {
    results.push({ name, ok: false, error: String(e?.message ?? e).split('\n').slice(0, 3).join(' ') });
  }
}
const defaults = mermaid.mermaidAPI.defaultConfig;
process.stdout.write(JSON.stringify({ mermaid: version, defaults: { maxTextSize: defaults.maxTextSize, maxEdges: defaults.maxEdges }, results }));
