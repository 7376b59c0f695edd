/**
 * A three-way merge for handoff files (`HANDOFF_<milestone>.md`) that treats each section as a unit.
 *
 * Git's line merges match lines that parallel sections share (`### Gotchas`, blank lines) and interleave or
 * drop the rest; here a file is a preamble (everything before the first section heading outside a code fence)
 * plus sections, each from a `## ` heading (or a `### Task … Complete` one) to the next, keyed by the heading
 * line and its occurrence number (for a heading written twice).
 *
 * Rules, per unit, with base B and the two sides O (ours) and T (theirs):
 * - O = T, or one side equal to B: the usual three-way answer (so a section deleted on one side and unchanged
 *   on the other is deleted).
 * - Deleted on one side, changed on the other: the changed version is kept (no line is lost).
 * - Changed on both sides differently (or added on both with different bodies): a line-level three-way merge
 *   against B's version (empty when B has none); where the two sides' changes touch the same lines, the result
 *   is the shortest common supersequence of the two hunks: every line of each side, in that side's order, lines
 *   both sides hold written once. So a section never loses a line and never conflicts.
 * - The preamble is merged line-wise the same way, but overlapping edits there are a real conflict (it is the
 *   file's own text, not an agent's log): then the whole preamble is wrapped in conflict markers and `conflict`
 *   is true. Sections are still merged.
 *
 * Order: ours' sections in ours' order; a section only theirs holds goes after the section preceding it on
 * their side (past any sections only ours holds there, so earlier merges stay first), else after ours' own.
 * Lines keep their own endings (CRLF survives); a last line without one gets the file's ending.
 */
import { scanLines } from './plan/markdown.js';

/** The `merge=` attribute value for handoff files (written by prepareRepo); git is told its driver per merge. */
export const HANDOFF_MERGE_DRIVER = 'mstui-handoff';

export interface HandoffMergeResult {
  text: string;
  conflict: boolean;
}

interface Section {
  key: string;
  lines: string[];
}

interface Parsed {
  preamble: string[];
  sections: Section[];
}

export function mergeHandoff(base: string, ours: string, theirs: string): HandoffMergeResult {
  if (ours === theirs || theirs === base) return { text: ours, conflict: false };
  if (ours === base) return { text: theirs, conflict: false };
  const b = parse(base);
  const o = parse(ours);
  const t = parse(theirs);
  const pre = mergeLines(b.preamble, o.preamble, t.preamble);
  const preamble = pre.conflict ? markers(o.preamble, b.preamble, t.preamble) : pre.lines;
  const text = [...preamble, ...mergeSections(b.sections, o.sections, t.sections).flat()].join('');
  return { text, conflict: pre.conflict };
}

function mergeSections(base: Section[], ours: Section[], theirs: Section[]): string[][] {
  const bMap = byKey(base);
  const oMap = byKey(ours);
  const tMap = byKey(theirs);
  const merged = new Map<string, string[]>();
  for (const key of new Set([...oMap.keys(), ...tMap.keys()])) {
    const lines = mergeUnit(bMap.get(key), oMap.get(key), tMap.get(key));
    if (lines) merged.set(key, lines);
  }
  const order = ours.map((s) => s.key).filter((k) => merged.has(k));
  theirs.forEach((s, i) => {
    if (oMap.has(s.key) || !merged.has(s.key)) return;
    let at = 0;
    for (let p = i - 1; p >= 0; p--) {
      const prev = order.indexOf(theirs[p]?.key ?? '');
      if (prev >= 0) {
        at = prev + 1;
        break;
      }
    }
    while (at < order.length && !tMap.has(order[at] ?? '')) at++;
    order.splice(at, 0, s.key);
  });
  return order.map((k) => merged.get(k) ?? []);
}

/** One section's merged lines, or null when it is gone. */
function mergeUnit(b: string[] | undefined, o: string[] | undefined, t: string[] | undefined): string[] | null {
  if (!o || !t) {
    const kept = o ?? t;
    if (!kept) return null;
    return b && same(kept, b) ? null : kept;
  }
  return mergeLines(b ?? [], o, t, true).lines;
}

/**
 * diff3 over lines: stretches between lines all three share are merged chunk by chunk. A chunk changed on
 * both sides differently is a conflict, or with `union` their shortest common supersequence.
 */
function mergeLines(base: string[], ours: string[], theirs: string[], union = false): { lines: string[]; conflict: boolean } {
  const oOf = matchMap(base, ours);
  const tOf = matchMap(base, theirs);
  const out: string[] = [];
  let conflict = false;
  let i = 0;
  let j = 0;
  let k = 0;
  const chunk = (bEnd: number, oEnd: number, tEnd: number) => {
    const bc = base.slice(i, bEnd);
    const oc = ours.slice(j, oEnd);
    const tc = theirs.slice(k, tEnd);
    if (same(oc, bc)) out.push(...tc);
    else if (same(tc, bc) || same(oc, tc)) out.push(...oc);
    else if (union) out.push(...supersequence(oc, tc));
    else {
      conflict = true;
      out.push(...oc);
    }
  };
  for (let n = 0; n < base.length; n++) {
    const oj = oOf[n] ?? -1;
    const tk = tOf[n] ?? -1;
    if (oj < 0 || tk < 0) continue;
    chunk(n, oj, tk);
    out.push(base[n] ?? '');
    i = n + 1;
    j = oj + 1;
    k = tk + 1;
  }
  chunk(base.length, ours.length, theirs.length);
  return { lines: out, conflict };
}

/** For each line of `a`, the index of the line of `b` it is matched with in a longest common subsequence, or -1. */
function matchMap(a: string[], b: string[]): number[] {
  const map = new Array<number>(a.length).fill(-1);
  align(a, b, (x, y) => {
    if (x >= 0 && y >= 0) map[x] = y;
  });
  return map;
}

/** Every line of `a` and of `b`, each in its own order, lines common to both (a longest common subsequence) once. */
function supersequence(a: string[], b: string[]): string[] {
  const out: string[] = [];
  align(a, b, (x, y) => {
    out.push(x >= 0 ? (a[x] ?? '') : (b[y] ?? ''));
  });
  return out;
}

/**
 * Walks a longest-common-subsequence alignment of `a` and `b`: (x, y) a shared line, (x, -1) a line only `a`
 * has, (-1, y) one only `b` has; in a gap, `a`'s lines come first. A common prefix and suffix skip the table.
 */
function align(a: string[], b: string[], visit: (x: number, y: number) => void): void {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  for (let n = 0; n < pre; n++) visit(n, n);
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  // table[x][y]: length of a longest common subsequence of am[x..] and bm[y..].
  const table = Array.from({ length: am.length + 1 }, () => new Uint32Array(bm.length + 1));
  for (let x = am.length - 1; x >= 0; x--) {
    const row = table[x] as Uint32Array;
    const next = table[x + 1] as Uint32Array;
    for (let y = bm.length - 1; y >= 0; y--) {
      row[y] = am[x] === bm[y] ? (next[y + 1] ?? 0) + 1 : Math.max(next[y] ?? 0, row[y + 1] ?? 0);
    }
  }
  let x = 0;
  let y = 0;
  while (x < am.length || y < bm.length) {
    if (x < am.length && y < bm.length && am[x] === bm[y]) visit(pre + x++, pre + y++);
    else if (y >= bm.length || (x < am.length && (table[x + 1]?.[y] ?? 0) >= (table[x]?.[y + 1] ?? 0))) visit(pre + x++, -1);
    else visit(-1, pre + y++);
  }
  for (let n = suf; n > 0; n--) visit(a.length - n, b.length - n);
}

function markers(ours: string[], base: string[], theirs: string[]): string[] {
  const nl = ours[0]?.endsWith('\r\n') ? '\r\n' : '\n';
  return [`<<<<<<< ours${nl}`, ...ours, `||||||| base${nl}`, ...base, `=======${nl}`, ...theirs, `>>>>>>> theirs${nl}`];
}

/** A unit starts at every `## ` heading, and at a `### Task … Complete` one (handoff.ts reads those as sections too). */
function startsUnit(heading: { level: number; text: string } | null): boolean {
  return heading !== null && (heading.level === 2 || (heading.level === 3 && /^Task\b.*\bComplete\b/i.test(heading.text)));
}

function parse(text: string): Parsed {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const last = lines.length - 1;
  if (last >= 0 && !lines[last]?.endsWith('\n')) lines[last] = `${lines[last]}${lines[0]?.endsWith('\r\n') ? '\r\n' : '\n'}`;
  const scanned = scanLines(text);
  const parsed: Parsed = { preamble: [], sections: [] };
  const seen = new Map<string, number>();
  let current: string[] = parsed.preamble;
  lines.forEach((line, n) => {
    if (startsUnit(scanned[n]?.heading ?? null)) {
      const heading = line.trimEnd();
      const count = seen.get(heading) ?? 0;
      seen.set(heading, count + 1);
      current = [];
      parsed.sections.push({ key: `${heading}\u0000${count}`, lines: current });
    }
    current.push(line);
  });
  return parsed;
}

function byKey(sections: Section[]): Map<string, string[]> {
  return new Map(sections.map((s) => [s.key, s.lines]));
}

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((l, n) => l === b[n]);
}
