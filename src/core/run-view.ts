/** What a run looks like to a person: statuses refined for display, and the counts every view shows. Pure. */
import { type RunState, SATISFIED, type TaskRun, TERMINAL } from './scheduler/types.js';

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

export interface RunCounts {
  /** Merged in this run, or done before it. */
  done: number;
  /** Holding a slot and not waiting for a human: running, verifying, awaiting merge, merging. */
  running: number;
  /** Needs a human (question pending or agent waiting). */
  waiting: number;
  failed: number;
  skipped: number;
  /** Pending (blocked or not). */
  remaining: number;
  /** Every task of the run; excluded tasks are not part of it. */
  total: number;
}

export function runCounts(state: RunState): RunCounts {
  const c: RunCounts = { done: 0, running: 0, waiting: 0, failed: 0, skipped: 0, remaining: 0, total: 0 };
  for (const id of state.order) {
    const t = state.tasks[id];
    if (!t || t.status === 'excluded') continue;
    c.total++;
    switch (displayStatus(t, state)) {
      case 'merged':
      case 'done':
        c.done++;
        break;
      case 'waiting':
        c.waiting++;
        break;
      case 'failed':
        c.failed++;
        break;
      case 'skipped':
        c.skipped++;
        break;
      case 'pending':
      case 'blocked':
        c.remaining++;
        break;
      default:
        c.running++;
    }
  }
  return c;
}
