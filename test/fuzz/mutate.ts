/** A seeded PRNG (mulberry32) and byte/unicode/line mutators for the parser fuzz test. */

/** mulberry32: a tiny seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;
export const int = (rng: Rng, n: number): number => Math.floor(rng() * n);
export const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[int(rng, xs.length)] as T;

/** Snippets that poke at the grammar: headings, fences, fields, separators, YAML/JSON syntax, odd unicode. */
const SNIPPETS = [
  '\u0000',
  '\uFEFF',
  '\u2028',
  '\u202E',
  '\u0301',
  '\uD800',
  '\uDC00',
  '🚀',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '#',
  '## ',
  '### Task ',
  '## Task 9.9: Injected\n',
  '## Task ../x: Bad\n',
  '## Task 3.1 Complete: again\n',
  '**Depends on:** 3.4\n',
  '**Depends on:** ',
  '**Type:** ',
  '```',
  '~~~',
  '\n```\n',
  '**',
  '`',
  ':',
  ' & ',
  ', ',
  'Task ',
  'TASK-00',
  ' depends on TASK-004',
  '- ',
  '  ',
  '|',
  '{',
  '}',
  '[',
  ']',
  '"',
  "'",
  '&a ',
  '*a',
  '*defaults',
  '<<: ',
  '!!str ',
  '? ',
  '- id: ',
  'null',
  '-1',
  '1e309',
  '#153',
];

/** A random code point from all planes (surrogate halves included). */
function randomChar(rng: Rng): string {
  const r = rng();
  if (r < 0.5) return String.fromCharCode(32 + int(rng, 95));
  if (r < 0.8) return String.fromCharCode(int(rng, 0x10000));
  return String.fromCodePoint(0x10000 + int(rng, 0x100000));
}

type Mutator = (s: string, rng: Rng) => string;

function bytes(s: string, rng: Rng, f: (b: Buffer, rng: Rng) => Buffer): string {
  return f(Buffer.from(s, 'utf8'), rng).toString('utf8');
}

export const MUTATORS: Record<string, Mutator> = {
  flipBit: (s, rng) =>
    bytes(s, rng, (b) => {
      if (b.length === 0) return b;
      const i = int(rng, b.length);
      b[i] = (b[i] ?? 0) ^ (1 << int(rng, 8));
      return b;
    }),
  insertByte: (s, rng) =>
    bytes(s, rng, (b) => {
      const i = int(rng, b.length + 1);
      return Buffer.concat([b.subarray(0, i), Buffer.from([int(rng, 256)]), b.subarray(i)]);
    }),
  deleteBytes: (s, rng) =>
    bytes(s, rng, (b) => {
      const i = int(rng, b.length + 1);
      return Buffer.concat([b.subarray(0, i), b.subarray(i + 1 + int(rng, 8))]);
    }),
  duplicateBytes: (s, rng) =>
    bytes(s, rng, (b) => {
      const i = int(rng, b.length + 1);
      const chunk = b.subarray(i, i + 1 + int(rng, 64));
      const at = int(rng, b.length + 1);
      return Buffer.concat([b.subarray(0, at), chunk, b.subarray(at)]);
    }),
  insertUnicode: (s, rng) => {
    const i = int(rng, s.length + 1);
    const piece = rng() < 0.6 ? pick(rng, SNIPPETS) : randomChar(rng);
    return s.slice(0, i) + piece + s.slice(i);
  },
  truncate: (s, rng) => s.slice(0, int(rng, s.length + 1)),
  swapLines: (s, rng) => {
    const lines = s.split('\n');
    const i = int(rng, lines.length);
    const j = int(rng, lines.length);
    [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    return lines.join('\n');
  },
  shuffleLines: (s, rng) => {
    const lines = s.split('\n');
    const from = int(rng, lines.length);
    const to = Math.min(lines.length, from + 2 + int(rng, 8));
    for (let k = to - 1; k > from; k--) {
      const r = from + int(rng, k - from + 1);
      [lines[k], lines[r]] = [lines[r] ?? '', lines[k] ?? ''];
    }
    return lines.join('\n');
  },
  duplicateLine: (s, rng) => {
    const lines = s.split('\n');
    const i = int(rng, lines.length);
    lines.splice(int(rng, lines.length + 1), 0, lines[i] ?? '');
    return lines.join('\n');
  },
  deleteLine: (s, rng) => {
    const lines = s.split('\n');
    lines.splice(int(rng, lines.length), 1);
    return lines.join('\n');
  },
};

const NAMES = Object.keys(MUTATORS);

/** Applies 1–4 random mutations; returns the text and the mutator names, for the failure message. */
export function mutate(text: string, rng: Rng): { text: string; ops: string[] } {
  let out = text;
  const ops: string[] = [];
  const n = 1 + int(rng, 4);
  for (let k = 0; k < n; k++) {
    const name = pick(rng, NAMES);
    ops.push(name);
    out = (MUTATORS[name] as Mutator)(out, rng);
  }
  return { text: out, ops };
}
