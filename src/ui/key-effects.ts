/** What key bindings do, as data the App carries out: UI actions, engine intents and caller callbacks. Pure. */
import type { Question, RunState } from '../core/scheduler/types.js';
import { refusal } from './key-refusals.js';
import { displayKey, type KeyBinding, keyNames, resolveKey } from './keymap.js';
import { keyMode, type TreeView, type UiAction, type UiState, uiReducer } from './ui-state.js';
import type { Intent } from './view-model.js';

export type UiCommand =
  | { type: 'ui'; action: UiAction }
  | { type: 'send'; intent: Intent }
  | { type: 'attach' | 'tmux'; task: string }
  | { type: 'load'; kind: 'diff' | 'log' | 'ci'; task: string }
  | { type: 'exit' };

/** What the screen shows for a UI state: it changes as keys of one chunk move the selection or edit the filter. */
export interface KeyView {
  /** Task ids of the (filtered) tree in display order. */
  taskIds: readonly string[];
  selectedId: string | undefined;
  /** The question the bar shows, which the answer keys answer. */
  question: Question | null;
  view: TreeView;
}

export interface KeyScope extends KeyView {
  ui: UiState;
  state: RunState;
  /** The screen for another UI state (the App's own derivation, so a chunk's later keys see what earlier ones did). */
  project(ui: UiState): KeyView;
  /** Engine-clock time of the key, and since when the shown question has been on screen. */
  nowMs: number;
  questionSinceMs: number;
  /** Lines the open overlay can scroll past its first page, and the size of a page. */
  overlayMaxScroll: number;
  overlayPage: number;
  /** The caller can open agents in tmux windows (mstui runs inside tmux). */
  canTmux: boolean;
}

/**
 * After a new question takes the bar, its answer keys wait this long: a key pressed for the question that was
 * there a moment before must not answer the new one. Long enough for a human's reaction time, short enough that
 * pressing again right away works.
 */
export const ANSWER_GUARD_MS = 450;

const ui = (action: UiAction): UiCommand => ({ type: 'ui', action });
const notice = (text: string | null): UiCommand => ui({ type: 'notice', text });
const send = (intent: Intent): UiCommand => ({ type: 'send', intent });

export const NO_TASK = 'No task selected.';
export const NOT_IN_TMUX = 'Not inside tmux: start mstui in a tmux session to open agents in their own windows.';
export const newQuestionNotice = (key: string): string => `${displayKey(key)}: new question — press again`;

/** One question as the bar shows it: a change of any part is a new question. */
export const questionId = (q: Question | null): string => (q ? `${q.task ?? ''}\u0000${q.kind}\u0000${q.text}` : '');

/**
 * The commands of every key of one stdin chunk, each resolved against the state the keys before it left, and the
 * scope after them (the next chunk may come before React has drawn this one's result).
 */
export function chunkCommands(
  input: string,
  key: Parameters<typeof keyNames>[1],
  scope: KeyScope,
): { commands: UiCommand[]; scope: KeyScope } {
  const out: UiCommand[] = [];
  let s = scope;
  for (const name of keyNames(input, key)) {
    const commands = nameCommands(name, s);
    // The last key's notice goes with the next key (one that has its own replaces it).
    if (s.ui.notice !== null && !commands.some((c) => c.type === 'ui' && c.action.type === 'notice')) commands.unshift(notice(null));
    out.push(...commands);
    if (commands.some((c) => c.type === 'exit' || c.type === 'attach')) break;
    let next = s.ui;
    for (const c of commands) if (c.type === 'ui') next = uiReducer(next, c.action);
    if (next === s.ui) continue;
    const view = s.project(next);
    const fresh = questionId(view.question) !== questionId(s.question);
    s = { ...s, ...view, ui: next, questionSinceMs: fresh ? s.nowMs : s.questionSinceMs };
  }
  return { commands: out, scope: s };
}

/** The commands of one key by name: its binding's, or text for a filter being typed. */
export function nameCommands(name: string, s: KeyScope): UiCommand[] {
  const mode = keyMode(s.ui);
  const binding = resolveKey(name, mode, s.question?.answers ?? []);
  if (binding) return keyCommands(binding, s, name);
  if (mode !== 'filter') return [];
  const ch = name === 'space' ? ' ' : name;
  return [...ch].length === 1 ? [ui({ type: 'filter-text', text: s.ui.filter + ch })] : [];
}

export function keyCommands(b: KeyBinding, s: KeyScope, pressed: string = b.keys[0] ?? ''): UiCommand[] {
  const task = s.selectedId;
  const page = Math.max(1, s.view.height - 1);
  const scroll = (delta: number) => [ui({ type: 'overlay-scroll', delta, maxScroll: s.overlayMaxScroll })];
  const move = (delta: number) => [ui({ type: 'move', delta, view: s.view })];
  switch (b.action) {
    case 'move-down':
      return move(1);
    case 'move-up':
      return move(-1);
    case 'page-down':
      return move(page);
    case 'page-up':
      return move(-page);
    case 'top':
      return move(Number.NEGATIVE_INFINITY);
    case 'bottom':
      return move(Number.POSITIVE_INFINITY);
    case 'next-waiting':
      return nextWaiting(s, pressed);
    case 'filter':
      return [ui({ type: 'filter-start' })];
    case 'filter-keep':
      return [ui({ type: 'filter-keep' })];
    case 'filter-clear':
      return s.ui.filter === '' && !s.ui.filterEditing ? [] : [ui({ type: 'filter-clear' })];
    case 'filter-erase':
      return [ui({ type: 'filter-text', text: [...s.ui.filter].slice(0, -1).join('') })];
    case 'pause':
      return [send({ type: 'pause' })];
    case 'quit':
      return [ui({ type: 'open', overlay: { kind: 'confirm-quit' } })];
    case 'interrupt':
      // Ctrl-C asks like q, from wherever the user is; a second one, at the question, quits.
      return s.ui.overlay.kind === 'confirm-quit' ? confirm(s.ui) : [ui({ type: 'open', overlay: { kind: 'confirm-quit' } })];
    case 'help':
      return [ui({ type: 'open', overlay: { kind: 'help' } })];
    case 'answer':
      return answerCommands(b, s, pressed);
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
  const why = refusal(b.action, pressed, s.state.tasks[task]);
  if (why) return [notice(why)];
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

/** An answer to the question on screen, unless it only just appeared; `n` to a merge asks first (it skips). */
function answerCommands(b: KeyBinding, s: KeyScope, pressed: string): UiCommand[] {
  const q = s.question;
  if (!q || !b.answer) return [];
  if (s.nowMs - s.questionSinceMs < ANSWER_GUARD_MS) return [notice(newQuestionNotice(pressed))];
  // "attach" opens the asking agent's screen; the question stays until it moves on.
  if (b.answer === 'attach' && q.task) return [{ type: 'attach', task: q.task }];
  if (q.kind === 'merge' && b.answer === 'no' && q.task)
    return [ui({ type: 'open', overlay: { kind: 'confirm-skip', task: q.task, answer: { answer: 'no', kind: q.kind } } })];
  return [send({ type: 'answer', task: q.task, answer: b.answer, kind: q.kind })];
}

/** The next task (after the selected one, wrapping) with a question waiting. */
function nextWaiting(s: KeyScope, pressed: string): UiCommand[] {
  const n = s.taskIds.length;
  const at = s.selectedId === undefined ? -1 : s.taskIds.indexOf(s.selectedId);
  for (let step = 1; step <= n; step++) {
    const i = (at + step + n) % n;
    const id = s.taskIds[i];
    if (id === undefined || !s.state.tasks[id]?.question) continue;
    if (i === at) return [notice(`${displayKey(pressed)}: ${id} is the only task waiting for you`)];
    return [ui({ type: 'move', delta: i - Math.max(0, at), view: s.view })];
  }
  return [notice(`${displayKey(pressed)}: no task is waiting for you`)];
}

function confirm(state: UiState): UiCommand[] {
  const o = state.overlay;
  if (o.kind === 'confirm-quit') return [send({ type: 'quit' }), ui({ type: 'close' }), { type: 'exit' }];
  if (o.kind === 'confirm-skip' && o.answer)
    return [send({ type: 'answer', task: o.task, answer: o.answer.answer, kind: o.answer.kind }), ui({ type: 'close' })];
  if (o.kind === 'confirm-skip') return [send({ type: 'skip', task: o.task }), ui({ type: 'close' })];
  return [];
}
