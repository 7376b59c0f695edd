/**
 * The report's quality gates (seed 000's "**Quality gates:** All passed"), told truthfully: every task a human forced
 * past a failed gate or red CI, with the gate and its output tail, and an integration test accepted after it failed.
 * Pure.
 */
import { outputBlock } from './report-format.js';
import type { ForcedCheck, RunState } from './scheduler/types.js';

/** Lines of a forced check's output the report shows (the rest is in the task's log). */
export const FORCED_OUTPUT_LINES = 20;

export interface ForcedEntry {
  task: string;
  check: ForcedCheck;
}

/** The forced checks of the tasks in `order` (the report's row order), then any other task the state knows. */
export function forcedChecks(state: RunState, order: readonly string[]): ForcedEntry[] {
  const ids = [...order, ...state.order.filter((id) => !order.includes(id))];
  return ids.flatMap((task) => (state.tasks[task]?.forced ?? []).map((check) => ({ task, check })));
}

/** `all passed`, `2 forced (1.2: tests, 1.4: CI)`, or `none run (…)` when no task of the run got through them. */
export function qualityGatesText(state: RunState, order: readonly string[]): string {
  const forced = forcedChecks(state, order).map((f) => `${f.task}: ${f.check.gate}`);
  if (state.integration === 'accepted') forced.push('integration test');
  if (forced.length > 0) return `${forced.length} forced (${forced.join(', ')})`;
  const merged = Object.values(state.tasks).some((t) => t.status === 'merged');
  return merged ? 'all passed' : 'none run (no task was merged in this run)';
}

/** The `## Quality gates` section: what was forced, with each failure's output tail. */
export function qualitySection(state: RunState, order: readonly string[]): string[] {
  const forced = forcedChecks(state, order);
  const accepted = state.integration === 'accepted';
  if (forced.length === 0 && !accepted) {
    return [
      qualityGatesText(state, order) === 'all passed'
        ? 'All passed: no task was forced past a failed gate or red CI.'
        : 'No task was merged in this run, so no task passed them yet.',
    ];
  }
  const out: string[] = [];
  for (const { task, check } of forced) {
    out.push(`### ${task}: forced past ${check.gate === 'CI' ? 'red CI' : `the failed ${check.gate} gate`}`, '');
    out.push(...(check.output.trim() ? outputBlock(check.output, FORCED_OUTPUT_LINES) : ['(no output)']), '');
  }
  if (accepted) out.push('The integration test failed and was accepted: its output is under **Integration test**.');
  while (out.at(-1) === '') out.pop();
  return out;
}

/** This run's failed and skipped tasks, as `1.3 failed`, `1.4 skipped`: what an integration test ran without. */
export function notMerged(state: RunState): string[] {
  return state.order.flatMap((id) => {
    const status = state.tasks[id]?.status;
    return status === 'failed' || status === 'skipped' ? [`${id} ${status}`] : [];
  });
}

/** `2 tasks not merged: 1.3 failed, 1.4 skipped`, or null when every task of the run merged. */
export function notMergedText(state: RunState): string | null {
  const out = notMerged(state);
  if (out.length === 0) return null;
  return `${out.length} ${out.length === 1 ? 'task' : 'tasks'} not merged: ${out.join(', ')}`;
}
