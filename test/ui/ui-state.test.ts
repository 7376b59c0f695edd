import { describe, expect, test } from 'vitest';
import {
  initialUiState,
  keepVisible,
  keyMode,
  overlayMode,
  type TreeView,
  topRowOf,
  type UiState,
  uiReducer,
} from '../../src/ui/ui-state.js';

// Two waves: heading at row 0, tasks 0-4 at rows 1-5, heading at row 6, tasks 5-9 at rows 7-11.
const view: TreeView = { rowOfTask: [1, 2, 3, 4, 5, 7, 8, 9, 10, 11], height: 4 };
const at = (selected: number, scroll = 0): UiState => ({ ...initialUiState, selected, scroll });
const move = (s: UiState, delta: number) => uiReducer(s, { type: 'move', delta, view });

describe('keepVisible', () => {
  test.each([
    // scroll, row, top, height → scroll
    [0, 2, 2, 4, 0], // already visible
    [0, 4, 4, 4, 1], // one past the bottom: scroll by one
    [5, 3, 3, 4, 3], // above the window: row becomes the top
    [5, 3, 2, 4, 2], // above, with its heading: heading becomes the top
    [0, 10, 9, 1, 10], // height 1: the row itself wins over its heading
    [0, 0, 0, 0, 0], // height 0 behaves like 1
  ])('scroll %i row %i top %i height %i → %i', (scroll, row, top, height, expected) => {
    expect(keepVisible(scroll, row, top, height)).toBe(expected);
  });
});

describe('topRowOf', () => {
  test('the first task of a wave includes its heading, others do not', () => {
    expect(topRowOf(view, 0)).toBe(0);
    expect(topRowOf(view, 1)).toBe(2);
    expect(topRowOf(view, 5)).toBe(6);
    expect(topRowOf(view, 6)).toBe(8);
  });
});

describe('uiReducer move', () => {
  test('down past the window scrolls by one; up to a wave start shows its heading', () => {
    let s = at(0);
    for (let i = 0; i < 4; i++) s = move(s, 1);
    expect(s).toMatchObject({ selected: 4, scroll: 2 }); // row 5 at the bottom of rows 2..5
    s = move(s, 1);
    expect(s).toMatchObject({ selected: 5, scroll: 4 }); // row 7
    s = move(s, -1);
    expect(s).toMatchObject({ selected: 4, scroll: 4 }); // row 5 still visible
    s = move(s, -4);
    expect(s).toMatchObject({ selected: 0, scroll: 0 }); // row 1 with its heading at row 0
  });

  test('clamps at both ends and jumps with ±Infinity', () => {
    expect(move(at(0), -1)).toMatchObject({ selected: 0, scroll: 0 });
    expect(move(at(9, 8), 5)).toMatchObject({ selected: 9, scroll: 8 });
    expect(move(at(0), Number.POSITIVE_INFINITY)).toMatchObject({ selected: 9, scroll: 8 });
    expect(move(at(9, 8), Number.NEGATIVE_INFINITY)).toMatchObject({ selected: 0, scroll: 0 });
  });

  test('an empty tree selects nothing', () => {
    expect(uiReducer(at(3, 2), { type: 'move', delta: 1, view: { rowOfTask: [], height: 4 } })).toMatchObject({ selected: 0, scroll: 0 });
  });

  test('moving clears the notice', () => {
    expect(move({ ...at(0), notice: 'x' }, 1).notice).toBeNull();
  });
});

describe('uiReducer overlays', () => {
  const diff = { kind: 'diff' as const, task: '1.1', text: null, error: null };

  test('open resets the overlay scroll, close returns to none', () => {
    const s = uiReducer({ ...initialUiState, overlayScroll: 7 }, { type: 'open', overlay: diff });
    expect(s).toMatchObject({ overlay: diff, overlayScroll: 0 });
    expect(uiReducer(s, { type: 'close' }).overlay).toEqual({ kind: 'none' });
  });

  test('loaded text lands only in the overlay that asked for it', () => {
    const s = uiReducer(initialUiState, { type: 'open', overlay: diff });
    expect(uiReducer(s, { type: 'loaded', kind: 'diff', task: '1.1', text: 'hello', error: null }).overlay).toEqual({
      ...diff,
      text: 'hello',
    });
    expect(uiReducer(s, { type: 'loaded', kind: 'diff', task: '1.2', text: 'x', error: null })).toBe(s);
    expect(uiReducer(s, { type: 'loaded', kind: 'log', task: '1.1', text: 'x', error: null })).toBe(s);
    expect(uiReducer(initialUiState, { type: 'loaded', kind: 'diff', task: '1.1', text: 'x', error: null })).toBe(initialUiState);
  });

  test('overlay scroll clamps to 0..maxScroll', () => {
    let s = uiReducer(initialUiState, { type: 'overlay-scroll', delta: 5, maxScroll: 3 });
    expect(s.overlayScroll).toBe(3);
    s = uiReducer(s, { type: 'overlay-scroll', delta: -10, maxScroll: 3 });
    expect(s.overlayScroll).toBe(0);
  });

  test.each([
    [{ kind: 'none' } as const, 'none'],
    [{ kind: 'help' } as const, 'modal'],
    [diff, 'modal'],
    [{ kind: 'log' as const, task: '1.1', text: 'x', error: null }, 'modal'],
    [{ kind: 'confirm-quit' } as const, 'confirm'],
    [{ kind: 'confirm-skip', task: '1.1' } as const, 'confirm'],
  ])('overlayMode(%o) = %s', (overlay, mode) => {
    expect(overlayMode(overlay)).toBe(mode);
  });
});

describe('uiReducer filter', () => {
  test('/ starts typing; text restarts the selection; enter keeps; Esc clears', () => {
    let s = uiReducer(at(5, 4), { type: 'filter-start' });
    expect(s).toMatchObject({ filterEditing: true, filter: '', selected: 5, scroll: 4 });
    s = uiReducer(s, { type: 'filter-text', text: 'ap' });
    expect(s).toMatchObject({ filterEditing: true, filter: 'ap', selected: 0, scroll: 0 });
    s = uiReducer(move(s, 2), { type: 'filter-keep' });
    expect(s).toMatchObject({ filterEditing: false, filter: 'ap', selected: 2 });
    s = uiReducer(s, { type: 'filter-clear' });
    expect(s).toMatchObject({ filterEditing: false, filter: '', selected: 0, scroll: 0 });
  });

  test('clearing no filter keeps the selection; keyMode is filter only while typing with no overlay open', () => {
    expect(uiReducer(at(3), { type: 'filter-clear' })).toMatchObject({ selected: 3 });
    const typing = uiReducer(initialUiState, { type: 'filter-start' });
    expect(keyMode(typing)).toBe('filter');
    expect(keyMode({ ...typing, overlay: { kind: 'confirm-quit' } })).toBe('confirm');
    expect(keyMode(initialUiState)).toBe('none');
  });
});
