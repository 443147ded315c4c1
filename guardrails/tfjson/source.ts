import type { SourceRegion } from '../types';
import { JsonText } from './json';

/** A position for people and for SARIF: 1-based line, and 1-based column in UTF-16 code units (SARIF's default `columnKind`). */
export interface Position {
  line: number;
  column: number;
}


/** One read Terraform JSON file: its path, its text (UTF-8 decoded, BOM removed) and a lazily built line index. */
export class SourceText {
  readonly json: JsonText;
  private lineStarts?: Uint32Array;

  constructor(readonly path: string, readonly text: string) {
    this.json = new JsonText(text);
  }

  /** Line and column of a UTF-16 offset. */
  position(offset: number): Position {
    const starts = this.lines();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  /** The region from `start` to `end` (exclusive). */
  region(start: number, end: number): SourceRegion {
    const s = this.position(start);
    const e = this.position(Math.max(start, end));
    return { file: this.path, startLine: s.line, startColumn: s.column, endLine: e.line, endColumn: e.column };
  }

  private lines(): Uint32Array {
    if (this.lineStarts) return this.lineStarts;
    const t = this.text;
    let n = 1;
    for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) n++;
    const starts = new Uint32Array(n);
    let k = 1;
    for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts[k++] = i + 1;
    this.lineStarts = starts;
    return starts;
  }
}
