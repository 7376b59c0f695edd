// Ink's own measure (a dependency of ink): the pane's rows must never come out wider than Ink thinks they are.
import stringWidth from 'string-width';
import { describe, expect, test } from 'vitest';
import { codePointWidth, fitAnsi } from '../../src/ui/ansi-fit.js';

const SGR_RED = '\u001b[0;31m';
const RESET = '\u001b[0m';

describe('fitAnsi', () => {
  test.each([
    ['plain text that fits', 'hello', 10, 'hello'],
    ['exactly the width', 'hello', 5, 'hello'],
    ['plain text cut', 'hello world', 5, 'hello'],
    ['no room at all', 'hello', 0, ''],
    ['escapes take no columns', `${SGR_RED}red${RESET} plain`, 9, `${SGR_RED}red${RESET} plain`],
    ['a cut line with escapes ends with a reset', `${SGR_RED}red and more${RESET}`, 3, `${SGR_RED}red${RESET}`],
    ['box drawing is narrow', '─'.repeat(10), 4, '────'],
    ['CJK takes two columns', '日本語テキスト', 5, '日本'],
    ['a wide character that does not fit is dropped whole', 'ab日', 3, 'ab'],
    ['an emoji takes two columns', '🚀🚀🚀', 4, '🚀🚀'],
    ['a symbol with VS16 is a wide emoji', '❤️❤️', 2, '❤️'],
    ['combining marks take none', 'e\u0301e\u0301e\u0301', 2, 'e\u0301e\u0301'],
  ])('%s', (_what, line, width, expected) => {
    expect(fitAnsi(line, width)).toBe(expected);
  });
});

describe('codePointWidth', () => {
  test.each([
    ['a', 1],
    ['⎿', 1],
    ['●', 1],
    ['│', 1],
    ['✓', 1],
    ['✅', 2],
    ['⌚', 2],
    ['한', 2],
    ['ｱ', 1],
    ['Ａ', 2],
    ['\u0301', 0],
    ['\u200b', 0],
  ])('%s → %i', (ch, width) => {
    expect(codePointWidth(ch.codePointAt(0) ?? 0)).toBe(width);
  });
});

test('never narrower than what Ink measures, over the BMP and the emoji planes', () => {
  const narrower: string[] = [];
  const ranges: [number, number][] = [
    [0x20, 0xd7ff],
    [0xe000, 0xfffd],
    [0x1f000, 0x1faff],
  ];
  for (const [lo, hi] of ranges) {
    for (let cp = lo; cp <= hi; cp++) {
      if (cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) continue;
      if (codePointWidth(cp) < stringWidth(String.fromCodePoint(cp))) narrower.push(cp.toString(16));
    }
  }
  expect(narrower).toEqual([]);
});
