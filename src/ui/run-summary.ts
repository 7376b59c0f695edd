/** Header numbers: status counts, the progress fraction and time formatting. Pure. */
import type { RunState, TaskStatus } from '../core/scheduler/types.js';

export { type RunCounts, runCounts } from '../core/run-view.js';

import type { RunMeta } from './view-model.js';

/**
 * Credit a task earns toward the progress bar in kiro YAML milestones. Kiro weighs a milestone's phases design 15,
 * spec 25, task 20, execute 40; a run only sees task statuses, so the phases map onto them: a task being worked on
 * (running, or stopped at a decision) has the design+spec share (40), one whose work is done and is being checked
 * or merged has design+spec+task (60), and a merged (or already done) task has all of it (100).
 */
export const KIRO_CREDIT: Record<TaskStatus, number> = {
  pending: 0,
  excluded: 0,
  failed: 0,
  skipped: 0,
  running: 0.4,
  decision: 0.4,
  verifying: 0.6,
  ci: 0.6,
  conflict: 0.6,
  'awaiting-merge': 0.6,
  merging: 0.6,
  merged: 1,
  done: 1,
};

/**
 * Fraction of the run that is complete, 0..1. Task-weighted: every task of the run (excluded ones are not) weighs
 * the same; merged and done tasks count fully, others not at all — except for kiro YAML milestones
 * (`meta.format === 'yaml'`), where partly done tasks earn KIRO_CREDIT. Skipped and failed tasks stay in the total,
 * so a run that gave up on tasks does not show 100%.
 */
export function progressFraction(state: RunState, meta: Pick<RunMeta, 'format'>): number {
  let total = 0;
  let earned = 0;
  for (const id of state.order) {
    const t = state.tasks[id];
    if (!t || t.status === 'excluded') continue;
    total++;
    if (meta.format === 'yaml') earned += KIRO_CREDIT[t.status];
    else if (t.status === 'merged' || t.status === 'done') earned++;
  }
  return total === 0 ? 1 : earned / total;
}

/** `[█████░░░░░]`-style bar of `width` cells (without brackets). */
export function progressBar(fraction: number, width: number): string {
  const w = Math.max(0, width);
  const filled = Math.round(Math.max(0, Math.min(1, fraction)) * w);
  return '█'.repeat(filled) + '░'.repeat(w - filled);
}

/** 65_000 → "1:05", 3_725_000 → "1:02:05". Negative or NaN → "0:00". */
export function formatElapsed(ms: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? Math.floor(ms / 1000) : 0;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Cuts `text` to `width` columns with an ellipsis (glyphs used here are one column wide). */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  return chars.length <= width
    ? text
    : `${chars
        .slice(0, width - 1)
        .join('')
        .trimEnd()}…`;
}
