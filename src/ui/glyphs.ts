/** Task status → what a row shows: a glyph, a colour and a word. Pure. */
import { type RunState, SATISFIED, type TaskRun, TERMINAL } from '../core/scheduler/types.js';

/** The scheduler's statuses, refined for display: `blocked` and `waiting` are derived (see displayStatus). */
export type DisplayStatus =
  | 'pending'
  | 'blocked'
  | 'running'
  | 'waiting'
  | 'verifying'
  | 'ci'
  | 'conflict'
  | 'awaiting-merge'
  | 'merging'
  | 'merged'
  | 'failed'
  | 'skipped'
  | 'done'
  | 'excluded';

export interface GlyphStyle {
  glyph: string;
  /** An Ink colour name; undefined = the terminal's default. */
  color?: string;
  dim?: boolean;
  /** Rows in this status need a human: drawn bold and inverse so they stand out. */
  loud?: boolean;
  label: string;
}

export const GLYPHS: Record<DisplayStatus, GlyphStyle> = {
  pending: { glyph: '○', label: 'pending' },
  blocked: { glyph: '◌', dim: true, label: 'blocked' },
  running: { glyph: '●', color: 'cyan', label: 'running' },
  waiting: { glyph: '⚠', color: 'yellow', loud: true, label: 'waiting for you' },
  verifying: { glyph: '◐', color: 'blue', label: 'verifying' },
  ci: { glyph: '◑', color: 'blue', label: 'CI running' },
  conflict: { glyph: '⚡', color: 'red', loud: true, label: 'conflict' },
  'awaiting-merge': { glyph: '⇡', color: 'magenta', label: 'awaiting merge' },
  merging: { glyph: '⇢', color: 'magenta', label: 'merging' },
  merged: { glyph: '✓', color: 'green', label: 'merged' },
  failed: { glyph: '✗', color: 'red', label: 'failed' },
  skipped: { glyph: '⊘', dim: true, label: 'skipped' },
  done: { glyph: '✓', dim: true, label: 'done before this run' },
  excluded: { glyph: '·', dim: true, label: 'not in this run' },
};

/** A pending task is blocked while one of its dependencies is neither merged, done nor excluded. */
export function isBlocked(task: TaskRun, state: RunState): boolean {
  if (task.status !== 'pending') return false;
  const deps = state.info[task.id]?.deps ?? [];
  return deps.some((d) => {
    const dep = state.tasks[d];
    return dep !== undefined && !SATISFIED.has(dep.status);
  });
}

/** A live task needs a human: its agent waits (permission prompt), it has a question, or it awaits a decision. */
export function isWaiting(task: TaskRun): boolean {
  if (TERMINAL.has(task.status)) return false;
  return task.agent === 'waiting' || task.question !== null || task.status === 'decision';
}

export function displayStatus(task: TaskRun, state: RunState): DisplayStatus {
  if (task.status === 'conflict') return 'conflict';
  if (isWaiting(task)) return 'waiting';
  switch (task.status) {
    case 'pending':
      return isBlocked(task, state) ? 'blocked' : 'pending';
    case 'decision': // unreachable (isWaiting), kept for exhaustiveness
      return 'waiting';
    default:
      return task.status;
  }
}

export const glyphFor = (task: TaskRun, state: RunState): GlyphStyle => GLYPHS[displayStatus(task, state)];
