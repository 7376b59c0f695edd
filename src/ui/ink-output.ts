/**
 * A faster output stage for Ink 6.8: same frames, a fraction of the work and of the garbage.
 *
 * Every frame, Ink's `Output.get()` builds a grid of one object per cell (200 × 50 = 10,000 here, each with its own
 * styles array), tokenizes every written line again, and turns each row back into a string with
 * `styledCharsToString`, which allocates three Sets and several arrays per cell. That was about half of the TUI's CPU
 * and ~15 MB of garbage per frame, enough to keep V8's old space two or three times the size of what was live.
 *
 * The replacement below produces the same string (checked against Ink's own `get()` in test/ui/ink-output.test.ts):
 * - a row whose writes (position and text, after clipping and transforms) are those of the previous frame reuses
 *   that frame's string;
 * - a line on screen in two frames in a row stays tokenized while it stays there (as a few flat arrays, not an
 *   object per character), a line seen once is tokenized for its frame only;
 * - styles are compared by key, and SGR codes are computed only where the style changes, with Ink's own
 *   `styledCharsToString` on two characters, once per pair of styles.
 *
 * Frames with a horizontal clip (`overflow="hidden"` on a Box; the TUI clips vertically only) go to Ink's own
 * `get()`: they need slice-ansi. It is installed only over the Ink release it was written against (INK_VERSION),
 * found through Ink's own files, and can be removed again. When it cannot be installed (another Ink, files moved),
 * the run screen says so in one warning and uses Ink's own output: the same frames, more CPU.
 *
 * How this is retired: the two ideas (reuse a row's string when its writes did not change; tokenize a line once while
 * it stays on screen) are Ink-internal and belong upstream, in Ink's Output. The plan is to offer them to Ink as a
 * pull request with the differential test of test/ui/ink-output.test.ts; once an Ink release has them (or moving to
 * a newer Ink makes Output fast enough: `npm run bench:ui` says), this file and its call in src/cli/tui.ts go, and
 * INK_VERSION stops matching by itself on the next Ink upgrade, so nothing breaks meanwhile.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Ink releases whose Output this matches (its fields, its write/clip semantics). */
export const INK_VERSION = /^6\.8\./;

interface StyledChar {
  value: string;
  styles: readonly unknown[];
}
type Transformer = (line: string, index: number) => string;
interface Clip {
  x1?: number;
  x2?: number;
  y1?: number;
  y2?: number;
}
type Operation =
  | { type: 'write'; x: number; y: number; text: string; transformers: Transformer[] }
  | { type: 'clip'; clip: Clip }
  | { type: 'unclip' };
interface InkOutput {
  width: number;
  height: number;
  operations: Operation[];
  caches: { getStyledChars(line: string): StyledChar[]; getStringWidth(text: string): number };
}
type Get = (this: InkOutput) => { output: string; height: number };
type ToString = (chars: StyledChar[]) => string;

/**
 * A tokenized line as parallel arrays (few objects, so a cached line costs V8 little): each character, the key of
 * its styles (the SGR codes joined; one shared string per style), and its width.
 */
interface Line {
  values: string[];
  keys: string[];
  widths: number[];
}

const isNumber = (n: number | undefined): n is number => typeof n === 'number';
/** Distinct styles kept before the caches start over (agents use a few dozen). */
const MAX_STYLES = 4096;

/** Ink's Output.get, made cheap (see above). `charsToString` is the styledCharsToString Ink itself uses. */
export function fastGet(original: Get, charsToString: ToString): Get {
  // Lines on screen in two frames in a row, tokenized: they are likely to stay. A line seen once (an agent that
  // scrolls a screenful a frame) is tokenized for its frame only, so its arrays die young.
  let lines = new Map<string, Line>();
  let nextLines = new Map<string, Line>();
  let seen = new Set<string>();
  let nextSeen = new Set<string>();
  const frameLines = new Map<string, Line>();
  let rows: { width: number; sig: string; out: string }[] = [];
  /** Style key → [the key itself (shared), Ink's styles for it]. */
  const styles = new Map<string, [string, readonly unknown[]]>([['', ['', []]]]);
  const codes = new Map<string, string[]>();

  /** Ink's SGR for one style ([open, close]) or between two ([open a, a → b, close b]). */
  const sgr = (a: string, b?: string): string[] => {
    const k = b === undefined ? a : `${a}\u0000${b}`;
    let parts = codes.get(k);
    if (!parts) {
      const chars = (b === undefined ? [a] : [a, b]).map((key) => ({
        type: 'char',
        value: '\u0000',
        fullWidth: false,
        styles: styles.get(key)?.[1] ?? [],
      }));
      parts = charsToString(chars as StyledChar[]).split('\u0000');
      codes.set(k, parts);
    }
    return parts;
  };

  const prepare = (output: InkOutput, text: string): Line => {
    let line = lines.get(text) ?? nextLines.get(text) ?? frameLines.get(text);
    if (!line) {
      line = { values: [], keys: [], widths: [] };
      for (const ch of output.caches.getStyledChars(text)) {
        const codesOf = ch.styles as readonly { code: string }[];
        const key = codesOf.length === 0 ? '' : codesOf.map((c) => c.code).join('');
        let style = styles.get(key);
        if (!style) {
          style = [key, ch.styles];
          styles.set(key, style);
        }
        line.values.push(ch.value);
        line.keys.push(style[0]);
        line.widths.push(Math.max(1, output.caches.getStringWidth(ch.value)));
      }
    }
    nextSeen.add(text);
    if (seen.has(text)) nextLines.set(text, line);
    else frameLines.set(text, line);
    return line;
  };

  const renderRow = (output: InkOutput, writes: readonly (number | string)[]): string => {
    // What Ink's grid would hold: a blank in the default style, then each write over it.
    const values: (string | undefined)[] = new Array(output.width).fill(' ');
    const keys: string[] = new Array(output.width).fill('');
    for (let w = 0; w < writes.length; w += 2) {
      const line = prepare(output, writes[w + 1] as string);
      let x = writes[w] as number;
      for (let i = 0; i < line.values.length; i++) {
        const width = line.widths[i] as number;
        values[x] = line.values[i];
        keys[x] = line.keys[i] as string;
        // The columns a wide character covers: empty, in its style (as Ink does).
        for (let k = 1; k < width; k++) {
          values[x + k] = '';
          keys[x + k] = line.keys[i] as string;
        }
        x += width;
      }
    }
    let out = '';
    let prev: string | undefined;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      // A hole (a write past the end) is skipped, as Ink filters them.
      if (value === undefined) continue;
      const key = keys[i] as string;
      if (prev === undefined) out += sgr(key)[0];
      else if (key !== prev) out += sgr(prev, key)[1];
      out += value;
      prev = key;
    }
    if (prev !== undefined) out += sgr(prev)[1];
    return out.trimEnd();
  };

  return function get(this: InkOutput) {
    const ops = this.operations;
    if (ops.some((op) => op.type === 'clip' && isNumber(op.clip.x1) && isNumber(op.clip.x2))) return original.call(this);
    const { width, height } = this;
    // Per row: x, text, x, text… in the order Ink would write them.
    const writes: (number | string)[][] = Array.from({ length: height }, () => []);
    const clips: Clip[] = [];
    for (const op of ops) {
      if (op.type === 'clip') clips.push(op.clip);
      else if (op.type === 'unclip') clips.pop();
      else {
        let { y } = op;
        let texts = op.text.split('\n');
        const clip = clips.at(-1);
        if (clip && isNumber(clip.y1) && isNumber(clip.y2)) {
          const h = texts.length;
          if (y + h < clip.y1 || y > clip.y2) continue;
          texts = texts.slice(y < clip.y1 ? clip.y1 - y : 0, y + h > clip.y2 ? clip.y2 - y : h);
          if (y < clip.y1) y = clip.y1;
        }
        // As Ink: a missing row (outside the output) stops the rows of this write from advancing.
        let offsetY = 0;
        for (const [index, text] of texts.entries()) {
          const row = writes[y + offsetY];
          if (!row) continue;
          let line = text;
          for (const transform of op.transformers) line = transform(line, index);
          row.push(op.x, line);
          offsetY++;
        }
      }
    }
    const out: string[] = [];
    for (let y = 0; y < height; y++) {
      const rowWrites = writes[y] as (number | string)[];
      const sig = rowWrites.map((v) => (typeof v === 'number' ? `${v}:` : `${v.length}:${v}`)).join('');
      const cached = rows[y];
      if (cached && cached.width === width && cached.sig === sig) {
        for (let w = 1; w < rowWrites.length; w += 2) prepare(this, rowWrites[w] as string);
        out.push(cached.out);
        continue;
      }
      const row = renderRow(this, rowWrites);
      rows[y] = { width, sig, out: row };
      out.push(row);
    }
    // The caches never outgrow one screen (and a flood of styles starts them over).
    if (styles.size > MAX_STYLES) {
      styles.clear();
      styles.set('', ['', []]);
      codes.clear();
      nextLines.clear();
      rows = [];
    }
    lines = nextLines;
    nextLines = new Map();
    seen = nextSeen;
    nextSeen = new Set();
    frameLines.clear();
    return { output: out.join('\n'), height: out.length };
  };
}

/** The entry file of a package as Ink resolves it: Ink's own node_modules first, then the folders above it. */
function packageEntry(fromDir: string, name: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const pkg = join(dir, 'node_modules', name);
    if (existsSync(join(pkg, 'package.json'))) {
      const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { exports?: { '.'?: { import?: string } } };
      const entry = manifest.exports?.['.']?.import;
      return entry ? join(pkg, entry) : null;
    }
    if (dirname(dir) === dir) return null;
  }
}

export interface InkOutputModule {
  /** Ink's Output class (build/output.js). */
  Output: { prototype: { get: Get } } & (new (options: { width: number; height: number }) => unknown);
  /** The styledCharsToString of the ansi-tokenize copy Ink uses. */
  styledCharsToString: ToString;
}

/** Ink's Output class and the ansi-tokenize it uses, or null when this Ink is not the release fastGet matches. */
export async function loadInkOutput(): Promise<InkOutputModule | null> {
  const inkDir = dirname(dirname(createRequire(import.meta.url).resolve('ink')));
  const { version } = JSON.parse(readFileSync(join(inkDir, 'package.json'), 'utf8')) as { version: string };
  const tokenizer = packageEntry(inkDir, '@alcalzone/ansi-tokenize');
  if (!INK_VERSION.test(version) || !tokenizer) return null;
  const [output, tokenize] = await Promise.all([
    import(pathToFileURL(join(inkDir, 'build', 'output.js')).href),
    import(pathToFileURL(tokenizer).href),
  ]);
  const Output = output.default as InkOutputModule['Output'];
  const { styledCharsToString } = tokenize as { styledCharsToString: ToString };
  if (typeof Output?.prototype?.get !== 'function' || typeof styledCharsToString !== 'function') return null;
  return { Output, styledCharsToString };
}

export type FastOutput = { installed: true; restore: () => void } | { installed: false; reason: string };

/**
 * Puts fastGet in place of Ink's Output.get. Returns how to put Ink's back, or (changing nothing) why it was not
 * installed: this is not the Ink release it was written for, or its files are not where they were.
 */
export async function installFastOutput(): Promise<FastOutput> {
  let ink: InkOutputModule | null;
  try {
    ink = await loadInkOutput();
  } catch (e) {
    return { installed: false, reason: `Ink's output stage could not be loaded: ${(e as Error).message}` };
  }
  if (!ink) return { installed: false, reason: `Ink ${inkVersion()} is not the release it was written for (6.8.x)` };
  const { prototype } = ink.Output;
  const original = prototype.get;
  prototype.get = fastGet(original, ink.styledCharsToString);
  return {
    installed: true,
    restore: () => {
      prototype.get = original;
    },
  };
}

function inkVersion(): string {
  try {
    const inkDir = dirname(dirname(createRequire(import.meta.url).resolve('ink')));
    return (JSON.parse(readFileSync(join(inkDir, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '(unknown version)';
  }
}
