/** Builds the initial RunState from a plan's tasks and the run's selection. */
import type { RunOptions, RunState, TaskInfo, TaskRun } from './types.js';

export interface PlanTaskInput {
  id: string;
  title: string;
  deps: string[];
  files: string[];
  done: boolean;
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
    info[t.id] = { id: t.id, title: t.title, deps: t.deps, files: t.files, rank: 0 };
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
  const dependents = new Map<string, string[]>();
  for (const t of tasks) for (const d of t.deps) dependents.set(d, [...(dependents.get(d) ?? []), t.id]);
  // Plans are acyclic (assemblePlan checked); walk in reverse topological order via memoised DFS.
  const memo = new Map<string, number>();
  const visit = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    memo.set(id, 1);
    let best = 0;
    for (const c of dependents.get(id) ?? []) best = Math.max(best, visit(c));
    memo.set(id, best + 1);
    return best + 1;
  };
  for (const t of tasks) {
    const i = info[t.id];
    if (i) i.rank = visit(t.id);
  }
}
