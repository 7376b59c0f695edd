/** UI-only state (selection, scrolling, overlays, the `/` filter) as a pure reducer: no Ink, no engine, unit-testable. */
import type { Answer, QuestionKind } from '../core/scheduler/types.js';
import type { KeyMode } from './keymap.js';

export type Overlay =
  | { kind: 'none' }
  | { kind: 'help' }
  | { kind: 'confirm-quit' }
  /** `answer`: the skip is an answer to a question (`n` to "Merge 1.1?"), sent only once confirmed. */
  | { kind: 'confirm-skip'; task: string; answer?: { answer: Answer; kind: QuestionKind } }
  /** `text` null = still loading. */
  | { kind: 'diff' | 'log' | 'ci'; task: string; text: string | null; error: string | null };

export type OverlayKind = Overlay['kind'];

export interface UiState {
  /** Index into the tree's task list. */
  selected: number;
  /** First visible row of the tree (rows include wave headings). */
  scroll: number;
  overlay: Overlay;
  /** First line of the overlay shown; FOLLOW = the end, staying there as the text grows (a log, like `tail -f`). */
  overlayScroll: number;
  /** A one-line message for the last key (e.g. "not inside tmux"); cleared by the next key. */
  notice: string | null;
  /** The `/` filter over task ids and titles ('' = none), and whether keys are typing it. */
  filter: string;
  filterEditing: boolean;
}

/** What the reducer needs to know about the tree to keep the selection visible. */
export interface TreeView {
  /** Row index (in the flattened tree, headings included) of each task. */
  rowOfTask: readonly number[];
  /** Rows of the tree that fit on screen. */
  height: number;
}

export type UiAction =
  /** Move the selection by `delta` tasks (±Infinity for first/last), scrolling the tree to keep it visible. */
  | { type: 'move'; delta: number; view: TreeView }
  | { type: 'open'; overlay: Overlay }
  | { type: 'close' }
  | { type: 'loaded'; kind: 'diff' | 'log' | 'ci'; task: string; text: string | null; error: string | null }
  | { type: 'overlay-scroll'; delta: number; maxScroll: number }
  | { type: 'notice'; text: string | null }
  /** Start typing a filter (`/`), set its text, stop typing and keep it (enter), clear it (Esc). */
  | { type: 'filter-start' }
  | { type: 'filter-text'; text: string }
  | { type: 'filter-keep' }
  | { type: 'filter-clear' };

/** overlayScroll at the end of the text, following it: the log opens so, and is so again once scrolled to its end. */
export const FOLLOW = Number.POSITIVE_INFINITY;

export const initialUiState: UiState = {
  selected: 0,
  scroll: 0,
  overlay: { kind: 'none' },
  overlayScroll: 0,
  notice: null,
  filter: '',
  filterEditing: false,
};

const clamp = (n: number, lo: number, hi: number): number => Math.max(lo, Math.min(hi, n));

/**
 * The smallest change to `scroll` that shows rows `top..row` (top = the task's wave heading when it sits just
 * above, so scrolling up to a wave's first task shows the wave's name).
 */
export function keepVisible(scroll: number, row: number, top: number, height: number): number {
  const h = Math.max(1, height);
  const first = row - top + 1 > h ? row : top;
  if (first < scroll) return Math.max(0, first);
  if (row >= scroll + h) return Math.max(0, row - h + 1);
  return Math.max(0, scroll);
}

/** The row just above a task when it is its wave's heading (tasks are consecutive within a wave). */
export function topRowOf(view: TreeView, index: number): number {
  const row = view.rowOfTask[index] ?? 0;
  const prev = index > 0 ? view.rowOfTask[index - 1] : -1;
  return prev !== undefined && prev !== row - 1 ? row - 1 : row;
}

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'move': {
      const count = action.view.rowOfTask.length;
      if (count === 0) return { ...state, selected: 0, scroll: 0, notice: null };
      const target = Number.isFinite(action.delta) ? state.selected + action.delta : action.delta > 0 ? count - 1 : 0;
      const selected = clamp(target, 0, count - 1);
      const row = action.view.rowOfTask[selected] ?? 0;
      const scroll = keepVisible(state.scroll, row, topRowOf(action.view, selected), action.view.height);
      return { ...state, selected, scroll, notice: null };
    }
    case 'open':
      return { ...state, overlay: action.overlay, overlayScroll: action.overlay.kind === 'log' ? FOLLOW : 0, notice: null };
    case 'close':
      return { ...state, overlay: { kind: 'none' }, overlayScroll: 0 };
    case 'loaded': {
      const o = state.overlay;
      // A late answer for an overlay that was closed or replaced is dropped.
      if (!('task' in o) || o.kind === 'confirm-skip' || o.kind !== action.kind || o.task !== action.task) return state;
      if (o.text === action.text && o.error === action.error) return state; // a followed log that did not grow
      return { ...state, overlay: { ...o, text: action.text, error: action.error } };
    }
    case 'overlay-scroll': {
      const max = Math.max(0, action.maxScroll);
      const moved = clamp(Math.min(state.overlayScroll, max) + action.delta, 0, max);
      // A log scrolled to its end follows it again.
      const overlayScroll = state.overlay.kind === 'log' && moved >= max ? FOLLOW : moved;
      return overlayScroll === state.overlayScroll ? state : { ...state, overlayScroll };
    }
    case 'notice':
      return state.notice === action.text ? state : { ...state, notice: action.text };
    case 'filter-start':
      return { ...state, filterEditing: true, notice: null };
    case 'filter-text':
      // Another set of tasks is shown: the selection starts over at its first.
      return action.text === state.filter ? state : { ...state, filter: action.text, selected: 0, scroll: 0 };
    case 'filter-keep':
      return { ...state, filterEditing: false };
    case 'filter-clear':
      return {
        ...state,
        filter: '',
        filterEditing: false,
        selected: state.filter === '' ? state.selected : 0,
        scroll: state.filter === '' ? state.scroll : 0,
      };
  }
}

/** How keys see the screen: an open overlay first, else a filter being typed, else the tree. */
export function keyMode(state: UiState): KeyMode {
  const mode = overlayMode(state.overlay);
  return mode === 'none' && state.filterEditing ? 'filter' : mode;
}

/** How the screen sees the overlay: none, a scrollable modal (help/diff/log), or a yes/no confirmation. */
export function overlayMode(overlay: Overlay): 'none' | 'modal' | 'confirm' {
  switch (overlay.kind) {
    case 'none':
      return 'none';
    case 'confirm-quit':
    case 'confirm-skip':
      return 'confirm';
    default:
      return 'modal';
  }
}
