/** What a run looks like to a person: statuses refined for display, and the counts every view shows. Pure. */
import type { KiroPhase } from './plan/model.js';
import { type QuestionKind, type RunState, SATISFIED, type TaskRun, type TaskStatus, TERMINAL } from './scheduler/types.js';

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

/** What a question waits on, in a few words, after "waiting for you". */
const WAITING_ON: Record<QuestionKind, string> = {
  'confirm-deps': 'dependencies to confirm',
  'plan-review': 'plan review',
  'baseline-failed': 'baseline failed',
  'handoff-missing': 'handoff missing',
  'gate-failed': 'check failed',
  'ci-failed': 'CI failed',
  merge: 'merge approval',
  'merge-conflict': 'merge conflict',
  'conflict-by-hand': 'conflict by hand',
  permission: 'permission',
  overdue: 'over its time',
  stalled: 'agent silent',
  'integration-failed': 'integration test failed',
  'disk-full': 'disk full',
  trust: 'trust this repository',
  'api-key': 'API key',
  login: 'sign-in',
  waiting: 'agent waiting',
  budget: 'token budget',
  finding: 'unexpected finding',
  'phase-approval': 'phase approval',
  'deliverable-missing': 'deliverable missing',
  'setup-failed': 'worktree setup failed',
};

/**
 * What a task that waits for you waits on: "permission: Bash", "merge approval", "check failed". The permission's tool
 * is read from the question's detail (questionFor builds its text: "1.2 asks for permission: Bash: ls").
 */
export function waitingOn(t: TaskRun): string {
  const q = t.question;
  if (q?.kind === 'permission') {
    // "Bash: ls" (a PermissionRequest hook), "Claude needs your permission to use Bash" (a Notification hook).
    const tool = /asks for permission: ([\w.-]+)(?:[:(]|$)/.exec(q.text)?.[1] ?? /permission to use ([\w.-]+)/.exec(q.text)?.[1];
    return tool ? `permission: ${tool}` : 'permission';
  }
  if (q) return WAITING_ON[q.kind];
  if (t.agent === 'waiting') return 'agent waiting';
  return t.status;
}

/** A status in words for a person: "waiting for you (permission: Bash)", "running", "awaiting merge". */
export function statusWords(t: TaskRun, state: RunState, labels: Readonly<Record<DisplayStatus, string>>): string {
  const shown = displayStatus(t, state);
  return shown === 'waiting' ? `${labels.waiting} (${waitingOn(t)})` : labels[shown];
}

export interface RunCounts {
  /** Merged in this run, or done before it. */
  done: number;
  /** Holding a slot and not waiting for a human: running, verifying, awaiting merge, merging. */
  running: number;
  /** Needs a human (question pending or agent waiting), a conflict that asks included. */
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
    // Everything that asks counts as waiting (a conflict shows ⚡ but asks too): the header, `status --json` and
    // `status --tmux` all count from here.
    if (isWaiting(t)) {
      c.waiting++;
      continue;
    }
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

/** Seed 002: a kiro task's progress is weighted by phase, design 15, spec 25, task 20, execute 40. */
export const KIRO_WEIGHTS: Readonly<Record<KiroPhase, number>> = { design: 0.15, spec: 0.25, tasks: 0.2, execute: 0.4 };

/**
 * Credit a task of a YAML milestone without `kiro_workflow` earns: only its status is known, so the phases map onto
 * it: being worked on (running, or stopped at a decision) has design+spec (40), done and being checked or merged has
 * design+spec+task (60), merged (or already done) all of it.
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

/** The phase a kiro task is in while it holds a slot (null: not a kiro task, not started, or finished). */
export function activePhase(t: TaskRun): KiroPhase | null {
  return t.phase && !TERMINAL.has(t.status) && t.status !== 'pending' ? t.phase : null;
}

/** The share of one task that is done, 0..1: a kiro task by its phase (the phases before it count). */
export function taskProgress(t: TaskRun, state: RunState, format: string): number {
  if (t.status === 'merged' || t.status === 'done') return 1;
  const phase = state.info[t.id]?.kiro ? activePhase(t) : null;
  if (phase) {
    const order: KiroPhase[] = ['design', 'spec', 'tasks', 'execute'];
    return order.slice(0, order.indexOf(phase)).reduce((sum, p) => sum + KIRO_WEIGHTS[p], 0);
  }
  return format === 'yaml' && !state.info[t.id]?.kiro ? KIRO_CREDIT[t.status] : 0;
}

/**
 * Fraction of the run that is complete, 0..1, as the run screen's header, the headless lines and `status --json`
 * show it. Every task of the run (excluded ones are not) weighs the same; merged and done tasks count fully; kiro
 * tasks earn their phases' weights, and tasks of a YAML milestone (`format === 'yaml'`) KIRO_CREDIT. Skipped and
 * failed tasks stay in the total, so a run that gave up on tasks does not show 100%.
 */
export function progressFraction(state: RunState, meta: { format: string }): number {
  let total = 0;
  let earned = 0;
  for (const id of state.order) {
    const t = state.tasks[id];
    if (!t || t.status === 'excluded') continue;
    total++;
    earned += taskProgress(t, state, meta.format);
  }
  return total === 0 ? 1 : earned / total;
}
