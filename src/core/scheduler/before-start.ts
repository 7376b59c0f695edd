/**
 * What must hold before the first task starts, in this order: the proposed plan approved (seed 003's planning gate),
 * inferred dependencies confirmed, and the test and quality commands green on the base (seed 003's preflight, the
 * baseline). Each is a run-level question; nothing starts while one waits. Pure; mutates the draft state `s`.
 */
import { questionFor } from './questions.js';
import type { Answer, BaselineFailure, Effect, QuestionKind, RunState, TaskRun } from './types.js';

const NO_TASK = { id: '' } as TaskRun;

/** Dependencies outside the plan that are not closed and wait for the plan's approval. */
export function pendingReview(s: RunState) {
  return s.planApproved ? [] : (s.options.planReview ?? []).filter((o) => o.state !== 'closed');
}

/** True while nothing may start. `canStart`: whether a task is ready now (the baseline runs only then). */
export function holdBeforeStart(s: RunState, fx: Effect[], canStart: () => boolean): boolean {
  if (s.aborted) return false;
  if (pendingReview(s).length > 0) return askOnce(s, fx, 'plan-review');
  if (!s.confirmed) return askOnce(s, fx, 'confirm-deps');
  return baselineHolds(s, fx, canStart);
}

function askOnce(s: RunState, fx: Effect[], kind: QuestionKind): true {
  if (!s.question) {
    s.question = questionFor(kind, NO_TASK, s);
    fx.push({ type: 'Ask', question: s.question });
  }
  return true;
}

function baselineHolds(s: RunState, fx: Effect[], canStart: () => boolean): boolean {
  const status = s.baseline?.status;
  if (!s.options.baseline || status === 'passed' || status === 'accepted') return false;
  if (status === 'running') return true;
  if (status === 'failed') return askOnce(s, fx, 'baseline-failed');
  // Not run yet: only before the run's first task (a run resumed from an older version goes on without it).
  const started = s.order.some((id) => (s.tasks[id]?.startedAtMs ?? null) !== null);
  if (started || s.paused || s.halted || s.apiHold || !canStart()) return false;
  s.baseline = { status: 'running' };
  fx.push({ type: 'RunBaseline' });
  return true;
}

export function onBaselineChecked(s: RunState, at: string, failure: BaselineFailure | null): void {
  if (s.baseline?.status !== 'running') return;
  s.baseline = failure ? { status: 'failed', at, failure } : { status: 'passed', at };
}

export function onPlanApproved(s: RunState): void {
  s.planApproved = true;
  if (s.question?.kind === 'plan-review') s.question = null;
}

/** An answer to the plan-review or baseline question (already taken off `s.question`). */
export function answerBeforeStart(s: RunState, kind: QuestionKind, a: Answer): void {
  if (a === 'abort') {
    s.halted = s.aborted = true;
    return;
  }
  if (kind === 'plan-review' && a === 'approve') s.planApproved = true;
  if (kind === 'baseline-failed' && a === 'continue' && s.baseline) s.baseline = { ...s.baseline, status: 'accepted' };
}
