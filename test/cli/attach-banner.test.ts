/** The attach status line: drawn over the bottom row, never into the middle of an agent's escape sequence. */
import { describe, expect, it } from 'vitest';
import { bannerText, endsInsideEscape, hideBanner, showBanner, withBanner } from '../../src/cli/attach-banner.js';

describe('attach status line', () => {
  it('names the task and the detach key, in reverse video on the bottom row, cursor saved and restored', () => {
    expect(bannerText('1.2')).toBe('mstui · attached to 1.2 · Ctrl-] to detach');
    expect(showBanner('1.2', 50, 30)).toBe(
      `\u001b7\u001b[30;1H\u001b[0m\u001b[2K\u001b[7m ${'mstui · attached to 1.2 · Ctrl-] to detach'.padEnd(49)}\u001b[0m\u001b8`,
    );
    // Narrower than the text: cut to the width.
    expect(showBanner('1.2', 10, 5)).toContain('\u001b[7m mstui · a\u001b[0m');
    // A hostile task id cannot smuggle escape sequences in.
    expect(showBanner('x\u001b]0;t\u0007', 80, 5)).not.toContain('\u001b]0');
    expect(hideBanner('\u001b[31mred\u001b[0m', 30)).toBe('\u001b7\u001b[30;1H\u001b[0m\u001b[2K\u001b[31mred\u001b[0m\u001b[0m\u001b8');
  });

  it.each([
    ['plain text', false],
    ['text\u001b[31m', false],
    ['\u001b[2J\u001b[H', false],
    ['\u001b]0;title\u0007', false],
    ['\u001b7', false],
    ['\u001b(B', false],
    ['text\u001b', true],
    ['text\u001b[', true],
    ['text\u001b[38;5', true],
    ['\u001b]0;tit', true],
    ['\u001b(', true],
  ])('%j ends inside an escape: %s', (chunk, inside) => {
    expect(endsInsideEscape(chunk)).toBe(inside);
  });

  it('is drawn after a chunk only while up and only between sequences', () => {
    expect(withBanner('a', true, '1', 20, 5)).toBe(`a${showBanner('1', 20, 5)}`);
    expect(withBanner('a', false, '1', 20, 5)).toBe('a');
    expect(withBanner('a\u001b[3', true, '1', 20, 5)).toBe('a\u001b[3');
  });
});
