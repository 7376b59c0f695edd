/** The `l` view: opens at the end, follows the agent's new output unless scrolled up, g/G jump to the top/end. */
import { afterEach, describe, expect, test } from 'vitest';
import { FOLLOW, initialUiState, uiReducer } from '../../src/ui/ui-state.js';
import { waitFor } from '../helpers/wait-for.js';
import { type Harness, mount } from './harness.js';

let x: Harness | undefined;
afterEach(() => {
  x?.unmount();
  x = undefined;
});

const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `log line ${from + i}`);

/** The App over a fake engine whose log for 1.1 is `log` (grown by the test), re-read on the agent's output. */
function mountLog(log: string[]): Harness {
  x = mount({
    plan: { tasks: [{ id: '1.1', status: 'running', run: { agent: 'busy' } }] },
    loadLog: async () => log.join('\n'),
    logFollowMs: 10,
  });
  return x;
}

/** The overlay's content rows: between the title row and the bottom border. */
const shown = (frame: string): string[] =>
  frame
    .split('\n')
    .filter((l) => /^│ log line/.test(l))
    .map((l) => l.slice(2).replace(/│$/, '').trimEnd());

describe('log view', () => {
  test('opens at the end, follows new output, stays put when scrolled up, g/G jump', async () => {
    const log = lines(1, 50);
    const h = mountLog(log);
    await h.see('› 1 of 1');
    h.press('l');
    // The page holds 14 lines (24 rows): the last 14 of 50.
    let frame = await h.see('37–50/50');
    expect(shown(frame)).toEqual(lines(37, 50));

    // The agent prints: the log grows, the view follows its end.
    log.push(...lines(51, 53));
    h.engine.print('1.1', ['working']);
    frame = await h.see('40–53/53');
    expect(shown(frame).at(-1)).toBe('log line 53');

    // Scrolled up, the view stays where the user put it while the log grows.
    h.press('k');
    await h.see('39–52/53');
    log.push(...lines(54, 60));
    h.engine.print('1.1', ['working more']);
    frame = await h.see('39–52/60');
    expect(shown(frame)[0]).toBe('log line 39');

    // G: the end again, and following.
    h.press('G');
    await h.see('47–60/60');
    log.push('log line 61');
    h.engine.print('1.1', ['and more']);
    await h.see('48–61/61');

    // g / Home: the top; End: the end.
    h.press('g');
    frame = await h.see('1–14/61');
    expect(shown(frame)[0]).toBe('log line 1');
    h.press('end');
    await h.see('48–61/61');
    h.press('home');
    await h.see('1–14/61');
  });

  test("another task's output does not re-read this log", async () => {
    let reads = 0;
    x = mount({
      plan: { tasks: [{ id: '1.1', status: 'running', run: { agent: 'busy' } }, { id: '1.2' }] },
      loadLog: async () => {
        reads++;
        return 'only line';
      },
      logFollowMs: 10,
    });
    const h = x;
    await h.see('1.2');
    h.press('l');
    await h.see('only line');
    // The first read, and one more as the view starts following (output may have come in between).
    await waitFor(
      () => reads === 2 && h.engine.listeners().screen === 2,
      3000,
      () => `reads: ${reads}`,
    );
    h.engine.print('1.2', ['other']);
    h.engine.print('1.1', ['mine']);
    await waitFor(
      () => reads === 3,
      3000,
      () => `reads: ${reads}`,
    );
    h.engine.print('1.2', ['other again']);
    // Closed, the log is not read any more.
    h.press('escape');
    await h.see(' of 2');
    h.engine.print('1.1', ['after close']);
    h.press('l');
    await waitFor(
      () => reads === 5,
      3000,
      () => `reads: ${reads}`,
    );
    expect(reads).toBe(5);
  });
});

describe('overlay scroll with FOLLOW', () => {
  test('a log opens following; scrolled to its end it follows again; other overlays open at the top', () => {
    const log = { kind: 'log', task: '1', text: 'x', error: null } as const;
    let s = uiReducer(initialUiState, { type: 'open', overlay: log });
    expect(s.overlayScroll).toBe(FOLLOW);
    s = uiReducer(s, { type: 'overlay-scroll', delta: -1, maxScroll: 10 });
    expect(s.overlayScroll).toBe(9);
    s = uiReducer(s, { type: 'overlay-scroll', delta: 1, maxScroll: 10 });
    expect(s.overlayScroll).toBe(FOLLOW);
    s = uiReducer(s, { type: 'overlay-scroll', delta: Number.NEGATIVE_INFINITY, maxScroll: 10 });
    expect(s.overlayScroll).toBe(0);
    expect(uiReducer(initialUiState, { type: 'open', overlay: { ...log, kind: 'diff' } }).overlayScroll).toBe(0);
    // A re-read that brought nothing new is the same state (no redraw).
    const loaded = uiReducer(s, { type: 'loaded', kind: 'log', task: '1', text: 'x', error: null });
    expect(loaded).toBe(s);
  });
});
