/**
 * What a Mermaid renderer accepts, and so what GitHub renders in Markdown: Mermaid's defaults, which a
 * diagram cannot raise from inside (both are "secure" configuration keys that only the page embedding
 * Mermaid may set, and GitHub documents no other value).
 *
 * Read in the mermaid package ailz tests with (devDependency mermaid 11.17.2, dist/chunks/mermaid.core/
 * chunk-DU6HZSFF.mjs defaultConfig: `"maxTextSize": 5e4`, `"maxEdges": 500`, both listed in `secure`),
 * and documented in the Mermaid config schema (mermaid.js.org/config/schema-docs/config.html:
 * maxTextSize default 50000, maxEdges default 500), read 2026-11-26.
 * - `render()` (dist/mermaid.core.mjs) replaces a text longer than maxTextSize (JavaScript string
 *   length, UTF-16 code units) with "Maximum text size in diagram exceeded".
 * - The flowchart database (`addLink`, dist/chunks/mermaid.core/chunk-SHT3W25Y.mjs) throws "Edge limit
 *   exceeded" when a link is added while maxEdges links exist: 500 edges pass, the 501st fails.
 */
export interface RendererLimits {
  /** Most characters (UTF-16 code units) of diagram text. */
  readonly maxTextSize: number;
  /** Most edges (links) of a flowchart. */
  readonly maxEdges: number;
}

export const MERMAID_LIMITS: RendererLimits = { maxTextSize: 50_000, maxEdges: 500 };
