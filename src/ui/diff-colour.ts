/**
 * Colours of a diff's lines, as `git diff --color` has them: file headers bold, hunk headers cyan, added lines green,
 * removed lines red. Pure: it reads lines already cleaned of control characters and returns a style per line.
 */

export type DiffLineKind = 'file' | 'hunk' | 'added' | 'removed' | 'context';

export interface LineStyle {
  color?: 'cyan' | 'green' | 'red';
  bold?: boolean;
}

export const DIFF_STYLES: Record<DiffLineKind, LineStyle> = {
  file: { bold: true },
  hunk: { color: 'cyan' },
  added: { color: 'green' },
  removed: { color: 'red' },
  context: {},
};

/** A file's header lines between `diff --git` and its first hunk (`---`/`+++` there name files, not lines). */
const HEADER =
  /^(diff --git |index |--- |\+\+\+ |new file mode|deleted file mode|old mode|new mode|similarity index|dissimilarity index|rename from|rename to|copy from|copy to|Binary files )/;

/** Each line's kind; a `+++`/`---` line inside a hunk is an added/removed line, as git reads it. */
export function diffLineKinds(lines: readonly string[]): DiffLineKind[] {
  let inHunk = false;
  return lines.map((line) => {
    if (line.startsWith('diff --git ')) {
      inHunk = false;
      return 'file';
    }
    if (line.startsWith('@@')) {
      inHunk = true;
      return 'hunk';
    }
    if (!inHunk) return HEADER.test(line) ? 'file' : 'context';
    if (line.startsWith('+')) return 'added';
    if (line.startsWith('-')) return 'removed';
    return 'context';
  });
}

const FG = { cyan: 36, green: 32, red: 31 } as const;

/**
 * A line (already cut to its width) with its style as SGR codes. Written into the text rather than as Ink colour props:
 * Ink keeps SGR in text, while its own colours depend on chalk's guess about the terminal.
 */
export function styled(line: string, style: LineStyle | undefined): string {
  if (!style) return line;
  let out = line;
  if (style.color) out = `\u001b[${FG[style.color]}m${out}\u001b[39m`;
  if (style.bold) out = `\u001b[1m${out}\u001b[22m`;
  return out;
}

/** Styles for the lines of a diff; none at all when colour is off (NO_COLOR). */
export function diffStyles(lines: readonly string[], colour: boolean): LineStyle[] {
  return colour ? diffLineKinds(lines).map((k) => DIFF_STYLES[k]) : lines.map(() => ({}));
}
