/**
 * Positions in a plan JSON file, for SARIF: where a resource's entry of `resource_changes` (or
 * `resource_drift`) starts, found by its `"address"` value after the section's key. `terraform show
 * -json` writes one line, so the column carries the position; pretty-printed files work the same.
 */
import type { SourceRegion } from '../guardrails/types';

export function planLocator(text: string, file: string): (section: string, address: string) => SourceRegion | undefined {
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const position = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  const sections = new Map<string, number>();
  return (section, address) => {
    let from = sections.get(section);
    if (from === undefined) {
      from = text.search(new RegExp(`"${section}"\\s*:`));
      sections.set(section, from);
    }
    if (from < 0) return undefined;
    const re = new RegExp(`"address"\\s*:\\s*${JSON.stringify(address).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g');
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) return undefined;
    const start = position(m.index);
    const end = position(m.index + m[0].length);
    return { file, startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
  };
}
