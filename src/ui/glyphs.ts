/** Task status → what a row shows: a glyph, a colour and a word. Pure. */
import { type DisplayStatus, displayStatus } from '../core/run-view.js';
import type { RunState, TaskRun } from '../core/scheduler/types.js';

export { type DisplayStatus, displayStatus, isBlocked, isWaiting } from '../core/run-view.js';

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

/** Each status's word(s), for run-view's statusWords. */
export const GLYPH_LABELS = Object.fromEntries(Object.entries(GLYPHS).map(([k, g]) => [k, g.label])) as Record<DisplayStatus, string>;

export const glyphFor = (task: TaskRun, state: RunState): GlyphStyle => GLYPHS[displayStatus(task, state)];
