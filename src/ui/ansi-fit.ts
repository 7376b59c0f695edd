/**
 * Cutting a line that carries SGR escape sequences (an agent's screen row) to a number of terminal columns. Pure.
 *
 * The live pane hands its rows to Ink already cut (see screen-rows.tsx), so the widths here must never come out
 * smaller than what Ink's own measure (string-width) says, or a row would run past the pane's right edge: a
 * character we are not sure about counts as wide. Erring that way only cuts a row one column early.
 */

/** BMP symbols in U+2000–U+2E7F that terminals draw two columns wide (emoji presentation, East Asian Width W). */
const WIDE_SYMBOLS: readonly (readonly [number, number])[] = [
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2630, 0x2637],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x268a, 0x268f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
];

/** Narrow blocks above U+10FF: scripts, punctuation, arrows, box drawing, private use, half-width forms. */
const NARROW: readonly (readonly [number, number])[] = [
  [0x1160, 0x1fff],
  [0x2000, 0x2e7f],
  [0xa4d0, 0xa95f],
  [0xa980, 0xabff],
  [0xd7b0, 0xf8ff],
  [0xfb00, 0xfe0f],
  [0xfe20, 0xfe2f],
  [0xfe70, 0xfeff],
  [0xff61, 0xffdc],
  [0xffe8, 0xfffd],
];

const within = (ranges: readonly (readonly [number, number])[], cp: number): boolean => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

const isZeroWidth = (cp: number): boolean =>
  (cp >= 0x0300 && cp <= 0x036f) ||
  (cp >= 0x200b && cp <= 0x200f) ||
  (cp >= 0x20d0 && cp <= 0x20f0) ||
  (cp >= 0xfe00 && cp <= 0xfe0f) ||
  (cp >= 0xfe20 && cp <= 0xfe2f);

/** Columns one code point takes: 0, 1 or 2 (2 when unsure, see above). */
export function codePointWidth(cp: number): number {
  if (cp < 0x1100) return cp >= 0x0300 && cp <= 0x036f ? 0 : 1;
  if (cp <= 0x115f) return 2;
  if (isZeroWidth(cp)) return 0;
  if (cp >= 0x2000 && cp <= 0x2e7f) return within(WIDE_SYMBOLS, cp) ? 2 : 1;
  return within(NARROW, cp) ? 1 : 2;
}

const ESC = 0x1b;
const VS16 = 0xfe0f;
const RESET = '\u001b[0m';

/** Length of the escape sequence at `i` (CSI … final byte, or ESC + one character). */
function escapeLength(line: string, i: number): number {
  if (line.charCodeAt(i + 1) !== 0x5b) return Math.min(2, line.length - i);
  let j = i + 2;
  while (j < line.length) {
    const c = line.charCodeAt(j);
    j++;
    if (c >= 0x40 && c <= 0x7e) break;
  }
  return j - i;
}

/**
 * `line` cut to `width` columns (escape sequences kept, they take none). A line that had to be cut and carries
 * escapes ends with a reset, so its colours do not leak into what Ink writes next.
 */
export function fitAnsi(line: string, width: number): string {
  if (width <= 0) return '';
  let columns = 0;
  let styled = false;
  for (let i = 0; i < line.length; ) {
    const c = line.charCodeAt(i);
    if (c === ESC) {
      styled = true;
      i += escapeLength(line, i);
      continue;
    }
    const cp = line.codePointAt(i) ?? c;
    const size = cp > 0xffff ? 2 : 1;
    // A text-default symbol followed by VS16 is drawn as a (wide) emoji.
    const w = line.charCodeAt(i + size) === VS16 ? 2 : codePointWidth(cp);
    if (columns + w > width) return styled ? `${line.slice(0, i)}${RESET}` : line.slice(0, i);
    columns += w;
    i += size;
  }
  return line;
}
