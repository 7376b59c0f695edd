/**
 * fastGet must give exactly what Ink's own Output.get gives: the same operations go through both, frame after frame
 * (the row and line caches carry over between frames), on hand-picked cases and on seeded random frames.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { fastGet, type InkOutputModule, loadInkOutput } from '../../src/ui/ink-output.js';
import { int, mulberry32, pick, type Rng } from '../fuzz/mutate.js';
import { fakeEngine } from './fake-engine.js';
import { mount } from './harness.js';

type Transformer = (line: string, index: number) => string;
type Op =
  | { write: [x: number, y: number, text: string]; transformers?: Transformer[] }
  | { clip: { x1?: number; x2?: number; y1?: number; y2?: number } }
  | { unclip: true };

interface OutputInstance {
  write(x: number, y: number, text: string, options: { transformers: Transformer[] }): void;
  clip(clip: { x1?: number; x2?: number; y1?: number; y2?: number }): void;
  unclip(): void;
  get(): { output: string; height: number };
}

let ink: InkOutputModule;
beforeAll(async () => {
  const loaded = await loadInkOutput();
  if (!loaded) throw new Error('loadInkOutput: this Ink is not the release ink-output.ts was written for');
  ink = loaded;
});

const SGR = (codes: string) => `\u001b[${codes}m`;

/** Runs `frames` through Ink's get and through one fastGet (caches shared across frames); returns both outputs. */
function both(width: number, height: number, frames: Op[][]): { ink: string[]; fast: string[] } {
  const original = ink.Output.prototype.get;
  const fast = fastGet(original, ink.styledCharsToString);
  const out = { ink: [] as string[], fast: [] as string[] };
  for (const ops of frames) {
    const make = () => {
      const o = new ink.Output({ width, height }) as OutputInstance;
      for (const op of ops) {
        if ('write' in op) o.write(...op.write, { transformers: op.transformers ?? [] });
        else if ('clip' in op) o.clip(op.clip);
        else o.unclip();
      }
      return o;
    };
    const expected = original.call(make() as never);
    const actual = fast.call(make() as never);
    expect(actual.height).toBe(expected.height);
    out.ink.push(expected.output);
    out.fast.push(actual.output);
  }
  return out;
}

const write = (x: number, y: number, text: string, transformers?: Transformer[]): Op => ({ write: [x, y, text], transformers });

describe('fastGet gives what Ink gives', () => {
  test.each<[string, Op[]]>([
    ['nothing written', []],
    ['plain lines, overlapping writes, multi-line text', [write(0, 0, 'hello world'), write(6, 0, 'there'), write(2, 1, 'a\nb\nc')]],
    ['writes past the right edge and below the last row', [write(15, 0, 'overflowing text'), write(0, 4, 'x\ny\nz')]],
    ['a write starting above the first row', [write(0, -1, 'gone\nalso gone?')]],
    [
      'colours, bold and dim together, inverse, 256 and true colour, background',
      [
        write(0, 0, `${SGR('31')}red${SGR('39')} plain ${SGR('1')}${SGR('2')}both${SGR('22')} x`),
        write(0, 1, `${SGR('7')}inverse  ${SGR('27')}${SGR('38;5;196')}c256${SGR('38;2;1;2;3')}rgb${SGR('0')}`),
        write(3, 2, `${SGR('44')}   bg   ${SGR('49')}`),
      ],
    ],
    ['styled text at the end of a row keeps its trailing spaces', [write(0, 0, `${SGR('7')}ab   ${SGR('27')}`)]],
    ['wide and combining characters', [write(0, 0, '日本語 🚀 e\u0301 ok'), write(1, 1, `${SGR('32')}漢字${SGR('39')}`), write(2, 1, 'x')]],
    [
      'transformers get each line and its index',
      [write(0, 0, 'a\nb\nc', [(line, i) => `${SGR('33')}${line}:${i}${SGR('39')}`, (line) => `[${line}]`])],
    ],
    [
      'vertical clips cut lines above and below, or skip the write',
      [{ clip: { y1: 1, y2: 3 } }, write(0, 0, '0\n1\n2\n3\n4'), write(5, 5, 'outside'), { unclip: true }, write(0, 4, 'after the clip')],
    ],
    ['a horizontal clip goes to Ink', [{ clip: { x1: 2, x2: 6, y1: 0, y2: 2 } }, write(0, 0, 'clipped text\nmore'), { unclip: true }]],
  ])('%s', (_what, ops) => {
    const r = both(20, 5, [ops, ops]);
    expect(r.fast).toEqual(r.ink);
  });

  test('200 seeded random frames, each a small change of the one before', () => {
    const rng = mulberry32(42);
    const styles = [
      '',
      SGR('31'),
      SGR('1'),
      SGR('2'),
      SGR('7'),
      SGR('38;5;33'),
      SGR('48;2;9;9;9'),
      SGR('4'),
      SGR('0'),
      SGR('39'),
      SGR('22'),
    ];
    const words = ['a', 'word', '  ', '─────', '›', '●', '日本', '🚀', 'e\u0301', 'x'.repeat(12)];
    const randomLine = (r: Rng): string =>
      Array.from({ length: int(r, 6) }, () => `${pick(r, styles)}${pick(r, words)}`).join('') + (r() < 0.5 ? SGR('0') : '');
    const randomOp = (r: Rng): Op => {
      const roll = r();
      if (roll < 0.08) return { clip: { y1: int(r, 10), y2: int(r, 14) } };
      if (roll < 0.12) return { unclip: true };
      const lines = Array.from({ length: 1 + int(r, 3) }, () => randomLine(r)).join('\n');
      const transformers: Transformer[] = r() < 0.1 ? [(line, i) => `${line}${i}`] : [];
      return write(int(r, 44) - 2, int(r, 13) - 1, lines, transformers);
    };
    let ops: Op[] = Array.from({ length: 30 }, () => randomOp(rng));
    const frames: Op[][] = [];
    for (let f = 0; f < 200; f++) {
      frames.push(ops);
      ops = [...ops];
      for (let k = int(rng, 4); k >= 0; k--) ops[int(rng, ops.length)] = randomOp(rng);
    }
    const r = both(40, 12, frames);
    for (let f = 0; f < frames.length; f++) expect(r.fast[f], `frame ${f}`).toBe(r.ink[f]);
  });
});

test('the App draws the same frames through fastGet, and Ink really uses it', async () => {
  const engine = () => {
    const e = fakeEngine({
      tasks: [
        { id: '1.1', title: 'Store 日本', status: 'running', run: { agent: 'busy', startedAtMs: 1_000_000 } },
        { id: '1.2', status: 'awaiting-merge' },
        { id: '1.3', status: 'failed', run: { reason: 'tests failed' } },
      ],
    });
    e.screens.set('1.1', [`${SGR('0;1;38;5;174')}✻${SGR('0')} Working… ${'─'.repeat(200)}`, '', `${SGR('0;7')}❯ 🚀 typed${SGR('0')}`]);
    return e;
  };
  const frames = async (): Promise<string[]> => {
    const h = mount({ engine: engine(), columns: 120, rows: 20 });
    try {
      await h.see('❯ 🚀 typed');
      h.press('j');
      await h.see('› 2 of 3');
      h.press('?');
      await h.see('Keys (j/k scroll, Esc close)');
      return [...h.frames];
    } finally {
      h.unmount();
    }
  };
  const stock = await frames();
  const { prototype } = ink.Output;
  const original = prototype.get;
  const fast = fastGet(original, ink.styledCharsToString);
  let calls = 0;
  prototype.get = function (this: ThisParameterType<typeof original>) {
    calls++;
    return fast.call(this);
  };
  try {
    expect(await frames()).toEqual(stock);
    expect(calls).toBeGreaterThan(0);
  } finally {
    prototype.get = original;
  }
});
