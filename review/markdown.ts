/**
 * Markdown for pull-request comments. GitHub refuses a comment body over 65,536 characters; a review
 * of a large change must still post, so the detail is folded (`<details>`) and rows that do not fit
 * are counted instead of shown ("… 312 more: see `--format json`").
 */

/** GitHub's limit on an issue or pull-request comment body, in characters. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** A part of the comment: fixed text around rows that may be cut. */
export interface MdSection {
  readonly head: string;
  readonly rows: readonly string[];
  readonly tail?: string;
  /** The line that replaces the rows that did not fit, given their number. */
  readonly more?: (n: number) => string;
}

const defaultMore = (n: number) => `\n_… ${n} more not shown: run with \`--format json\` for everything._\n`;

/** Size as UTF-8 bytes: never less than the characters (code points or UTF-16 units) GitHub may count. */
export const size = (s: string): number => Buffer.byteLength(s, 'utf8');

/**
 * Joins the sections, highest priority first, within `limit` (measured in UTF-8 bytes, so within the
 * limit however GitHub counts characters). Every head and tail is kept; rows fill the room left.
 */
export function renderWithinLimit(sections: readonly MdSection[], limit = GITHUB_COMMENT_LIMIT): string {
  const fixed = sections.reduce((n, s) => n + size(s.head) + size(s.tail ?? ''), 0);
  const moreRoom = (s: MdSection) => size((s.more ?? defaultMore)(999_999));
  let room = limit - fixed;
  const parts: string[] = [];
  sections.forEach((s, i) => {
    // Keep room for every later section's "more" line, in case it needs one.
    const reserve = sections.slice(i + 1).reduce((n, x) => n + (x.rows.length > 0 ? moreRoom(x) : 0), 0);
    const rows: string[] = [];
    let used = 0;
    let k = 0;
    for (; k < s.rows.length; k++) {
      const row = s.rows[k];
      const needMore = k < s.rows.length - 1 ? moreRoom(s) : 0;
      const n = size(row);
      if (used + n + needMore + reserve > room) break;
      rows.push(row);
      used += n;
    }
    let body = rows.join('');
    if (k < s.rows.length) body += (s.more ?? defaultMore)(s.rows.length - k);
    room -= size(body);
    parts.push(s.head, body, s.tail ?? '');
  });
  return parts.join('');
}

/** A table cell: pipes and newlines escaped. */
export function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks in the value. */
export function code(s: string): string {
  return s.includes('`') ? `<code>${s.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</code>` : `\`${s}\``;
}
