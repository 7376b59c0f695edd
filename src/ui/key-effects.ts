/** What a key binding does, as data the App carries out: UI actions, engine intents and caller callbacks. Pure. */
import type { Question } from '../core/scheduler/types.js';
import type { KeyBinding } from './keymap.js';
import type { TreeView, UiAction, UiState } from './ui-state.js';
import type { Intent } from './view-model.js';

export type UiCommand =
  | { type: 'ui'; action: UiAction }
  | { type: 'send'; intent: Intent }
  | { type: 'attach' | 'tmux'; task: string }
  | { type: 'load'; kind: 'diff' | 'log' | 'ci'; task: string }
  | { type: 'exit' };

export interface KeyScope {
  ui: UiState;
  selectedId: string | undefined;
  question: Question | null;
  view: TreeView;
  /** Lines the open overlay can scroll past its first page, and the size of a page. */
  overlayMaxScroll: number;
  overlayPage: number;
  /** The caller can open agents in tmux windows (mstui runs inside tmux). */
  canTmux: boolean;
}

const ui = (action: UiAction): UiCommand => ({ type: 'ui', action });
const notice = (text: string): UiCommand => ui({ type: 'notice', text });
const send = (intent: Intent): UiCommand => ({ type: 'send', intent });

export const NO_TASK = 'No task selected.';
export const NOT_IN_TMUX = 'Not inside tmux: start mstui in a tmux session to open agents in their own windows.';

export function keyCommands(b: KeyBinding, s: KeyScope): UiCommand[] {
  const task = s.selectedId;
  const page = Math.max(1, s.view.height - 1);
  const scroll = (delta: number) => [ui({ type: 'overlay-scroll', delta, maxScroll: s.overlayMaxScroll })];
  switch (b.action) {
    case 'move-down':
      return [ui({ type: 'move', delta: 1, view: s.view })];
    case 'move-up':
      return [ui({ type: 'move', delta: -1, view: s.view })];
    case 'page-down':
      return [ui({ type: 'move', delta: page, view: s.view })];
    case 'page-up':
      return [ui({ type: 'move', delta: -page, view: s.view })];
    case 'top':
      return [ui({ type: 'move', delta: Number.NEGATIVE_INFINITY, view: s.view })];
    case 'bottom':
      return [ui({ type: 'move', delta: Number.POSITIVE_INFINITY, view: s.view })];
    case 'pause':
      return [send({ type: 'pause' })];
    case 'quit':
      return [ui({ type: 'open', overlay: { kind: 'confirm-quit' } })];
    case 'help':
      return [ui({ type: 'open', overlay: { kind: 'help' } })];
    case 'answer':
      // "attach" opens the asking agent's screen; the question stays until it moves on.
      if (b.answer === 'attach' && s.question?.task) return [{ type: 'attach', task: s.question.task }];
      return s.question && b.answer ? [send({ type: 'answer', task: s.question.task, answer: b.answer })] : [];
    case 'scroll-down':
      return scroll(1);
    case 'scroll-up':
      return scroll(-1);
    case 'scroll-page-down':
      return scroll(s.overlayPage);
    case 'scroll-page-up':
      return scroll(-s.overlayPage);
    case 'scroll-top':
      return scroll(Number.NEGATIVE_INFINITY);
    case 'scroll-bottom':
      return scroll(Number.POSITIVE_INFINITY);
    case 'close':
    case 'cancel':
      return [ui({ type: 'close' })];
    case 'confirm':
      return confirm(s.ui);
  }
  // The rest act on the selected task.
  if (task === undefined) return [notice(NO_TASK)];
  switch (b.action) {
    case 'attach':
      return [{ type: 'attach', task }];
    case 'skip':
      return [ui({ type: 'open', overlay: { kind: 'confirm-skip', task } })];
    case 'force':
      return [send({ type: 'force', task })];
    case 'retry':
      return [send({ type: 'retry', task })];
    case 'diff':
    case 'log':
    case 'ci':
      return [ui({ type: 'open', overlay: { kind: b.action, task, text: null, error: null } }), { type: 'load', kind: b.action, task }];
    case 'tmux':
      return s.canTmux ? [{ type: 'tmux', task }] : [notice(NOT_IN_TMUX)];
  }
}

function confirm(state: UiState): UiCommand[] {
  const o = state.overlay;
  if (o.kind === 'confirm-quit') return [send({ type: 'quit' }), ui({ type: 'close' }), { type: 'exit' }];
  if (o.kind === 'confirm-skip') return [send({ type: 'skip', task: o.task }), ui({ type: 'close' })];
  return [];
}
