/** Builds the initial RunState from a plan's tasks and the run's selection. */
import type { KiroWorkflow } from '../plan/model.js';
import type { RunOptions, RunState, TaskInfo, TaskRun } from './types.js';

export interface PlanTaskInput {
  id: string;
  title: string;
  deps: string[];
  files: string[];
  done: boolean;
  kiro?: KiroWorkflow;
}

export function newTaskRun(id: string, status: TaskRun['status']): TaskRun {
  return {
    id,
    status,
    agent: 'none',
    handoff: false,
    exitCode: null,
    followUps: 0,
    retries: 0,
    reason: null,
    question: null,
    sessionId: null,
    startedAtMs: null,
    endedAtMs: null,
    gateOutput: null,
    ci: { status: 'none', summary: '', log: null, failing: [] },
    ciRetries: 0,
    pr: null,
    approved: false,
    commits: null,
    mergeCommit: null,
    extensions: 0,
  };
}

/** `selected` = ids this run should execute (null = every task not done). */
export function initState(tasks: PlanTaskInput[], selected: ReadonlySet<string> | null, options: RunOptions): RunState {
  const info: Record<string, TaskInfo> = {};
  const runs: Record<string, TaskRun> = {};
  for (const t of tasks) {
    info[t.id] = { id: t.id, title: t.title, deps: t.deps, files: t.files, rank: 0, ...(t.kiro ? { kiro: t.kiro } : {}) };
    const status = t.done ? 'done' : selected && !selected.has(t.id) ? 'excluded' : 'pending';
    runs[t.id] = newTaskRun(t.id, status);
  }
  rankTasks(tasks, info);
  return {
    order: tasks.map((t) => t.id),
    info,
    tasks: runs,
    options,
    confirmed: !options.needsConfirmation || options.autoYes,
    paused: false,
    halted: false,
    aborted: false,
    alwaysMerge: false,
    question: null,
    integration: 'none',
    integrationOutput: null,
    finished: false,
  };
}

/** rank = number of tasks on the longest chain of dependents (critical-path-first priority). */
function rankTasks(tasks: PlanTaskInput[], info: Record<string, TaskInfo>): void {
  // Plans are acyclic (assemblePlan checked). Iterative (a chain of 100k tasks would overflow a recursive walk):
  // a task is ranked once all its dependents are, starting from the tasks nothing depends on.
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const waiting = new Map<string, number>(tasks.map((t) => [t.id, 0]));
  for (const t of tasks) for (const d of new Set(t.deps)) if (waiting.has(d)) waiting.set(d, (waiting.get(d) ?? 0) + 1);
  const rank = new Map<string, number>();
  const ready = tasks.filter((t) => waiting.get(t.id) === 0).map((t) => t.id);
  while (ready.length > 0) {
    const id = ready.pop() as string;
    const own = (rank.get(id) ?? 0) + 1;
    rank.set(id, own);
    for (const d of new Set(byId.get(id)?.deps ?? [])) {
      if (!waiting.has(d)) continue;
      rank.set(d, Math.max(rank.get(d) ?? 0, own));
      const left = (waiting.get(d) ?? 0) - 1;
      waiting.set(d, left);
      if (left === 0) ready.push(d);
    }
  }
  for (const t of tasks) {
    const i = info[t.id];
    if (i) i.rank = rank.get(t.id) ?? 1;
  }
}
