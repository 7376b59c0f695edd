/**
 * Seeds 002/004 keep a YAML milestone's state in the file itself: its `status`, each task's status and times,
 * `progress`. These are the facts a run's state gives for that file, and the file's new text (the user's other keys,
 * comments and layout kept as far as the yaml package's Document API allows). Pure: times come in as numbers.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Result } from './result.js';
import { err, ok } from './result.js';
import { taskProgress } from './run-view.js';
import type { RunState, TaskStatus } from './scheduler/types.js';

/** A task's status as the milestone file says it; null: leave what the file says. */
export type YamlTaskStatus = 'in_progress' | 'completed' | 'failed' | 'skipped';

export interface MilestoneTaskFacts {
  id: string;
  status: YamlTaskStatus | null;
  startedAtMs: number | null;
  completedAtMs: number | null;
  /** Its failure or skip reason, for the execution log. */
  reason: string | null;
}

export interface MilestoneFacts {
  milestoneId: string;
  runId: number;
  runStartedAtMs: number;
  /** When these facts were taken: the time of facts the state holds none for (a failure, the completion). */
  atMs: number;
  status: 'in_progress' | 'completed';
  /** Set when the milestone completed (every task merged or done before, the run finished with exit 0). */
  completedAtMs: number | null;
  tasks: MilestoneTaskFacts[];
  tasksCompleted: number;
  totalTasks: number;
  /** Whole percent, rounded down: 100 only when every task is complete. */
  percentage: number;
}

const YAML_STATUS: Partial<Record<TaskStatus, YamlTaskStatus>> = {
  merged: 'completed',
  done: 'completed',
  failed: 'failed',
  skipped: 'skipped',
  running: 'in_progress',
  verifying: 'in_progress',
  ci: 'in_progress',
  'awaiting-merge': 'in_progress',
  merging: 'in_progress',
  decision: 'in_progress',
  conflict: 'in_progress',
};

export interface MilestoneRunInput {
  milestoneId: string;
  runId: number;
  runStartedAtMs: number;
  atMs: number;
  state: RunState;
  /** The run's exit code once it finished; null while it runs. */
  exitCode: number | null;
}

export function milestoneFacts(input: MilestoneRunInput): MilestoneFacts {
  const { state } = input;
  const tasks = state.order.flatMap((id): MilestoneTaskFacts[] => {
    const t = state.tasks[id];
    if (!t) return [];
    const status = YAML_STATUS[t.status] ?? null;
    const reason = t.status === 'failed' || t.status === 'skipped' ? t.reason : null;
    return [{ id, status, startedAtMs: t.startedAtMs, completedAtMs: t.status === 'merged' ? t.endedAtMs : null, reason }];
  });
  const tasksCompleted = tasks.filter((t) => t.status === 'completed').length;
  const totalTasks = tasks.length;
  // Completed tasks count whole; a kiro task (seed 002) its phases done so far, weighted 15/25/20/40.
  const earned = state.order.reduce((sum, id) => sum + (state.tasks[id] ? taskProgress(state.tasks[id], state, '') : 0), 0);
  const complete = input.exitCode === 0 && totalTasks > 0 && tasksCompleted === totalTasks;
  return {
    milestoneId: input.milestoneId,
    runId: input.runId,
    runStartedAtMs: input.runStartedAtMs,
    atMs: input.atMs,
    status: complete ? 'completed' : 'in_progress',
    completedAtMs: complete ? input.atMs : null,
    tasks,
    tasksCompleted,
    totalTasks,
    percentage: totalTasks === 0 ? 0 : Math.floor((earned * 100) / totalTasks + 1e-9),
  };
}

/** `2026-03-01T14:05:09Z`, as the seeds' `date -u +%Y-%m-%dT%H:%M:%SZ` writes it. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Task statuses that already mean done: a file saying `done` is not rewritten to `completed`. */
const DONE_WORDS = new Set(['done', 'complete', 'completed', 'merged', 'closed', 'finished']);

/**
 * The milestone file with the facts written in: `status`, `execution.started_at` (kept when set: the first run's),
 * `execution.completed_at`, `progress.percentage`, `progress.tasks_completed`, `progress.last_update`, and per task
 * `status`, `started_at`, `completed_at`. An error (one line) when the file's shape does not allow it.
 */
export function updateMilestoneYaml(text: string, f: MilestoneFacts): Result<string, string> {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return err(`not valid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? ''}`);
  if (!isMap(doc.contents)) return err('not a YAML mapping');
  const tasks = doc.get('tasks');
  if (!isSeq(tasks)) return err("no 'tasks' list");
  const index = new Map<string, number>();
  tasks.items.forEach((item, i) => {
    const id = isMap(item) ? item.get('id') : undefined;
    if (typeof id === 'string' || typeof id === 'number') index.set(String(id), i);
  });
  const times = [f.runStartedAtMs, f.completedAtMs ?? 0, ...f.tasks.flatMap((t) => [t.startedAtMs ?? 0, t.completedAtMs ?? 0])];
  try {
    doc.setIn(['status'], f.status);
    if (!isScalar(doc.getIn(['execution', 'started_at'], true))) doc.setIn(['execution', 'started_at'], isoSeconds(f.runStartedAtMs));
    if (f.completedAtMs !== null) doc.setIn(['execution', 'completed_at'], isoSeconds(f.completedAtMs));
    doc.setIn(['progress', 'percentage'], f.percentage);
    doc.setIn(['progress', 'tasks_completed'], f.tasksCompleted);
    doc.setIn(['progress', 'last_update'], isoSeconds(Math.max(...times)));
    for (const t of f.tasks) {
      const i = index.get(t.id);
      if (i === undefined) continue;
      const was = doc.getIn(['tasks', i, 'status']);
      const keep = t.status === 'completed' && typeof was === 'string' && DONE_WORDS.has(was.toLowerCase());
      if (t.status !== null && !keep) doc.setIn(['tasks', i, 'status'], t.status);
      if (t.startedAtMs !== null) doc.setIn(['tasks', i, 'started_at'], isoSeconds(t.startedAtMs));
      if (t.completedAtMs !== null) doc.setIn(['tasks', i, 'completed_at'], isoSeconds(t.completedAtMs));
    }
  } catch (e) {
    // setIn refuses a path through a scalar (`progress: 0`): say which key is in the way.
    return err(`cannot write the run's state into it: ${String((e as Error).message).split('\n')[0]}`);
  }
  return ok(doc.toString(layoutOf(text)));
}

/** The file's own layout, so rewriting it changes only the values written: indent, `- ` placement, `{ a }` padding. */
function layoutOf(text: string): { lineWidth: number; indent: number; indentSeq: boolean; flowCollectionPadding: boolean } {
  const indents = [...text.matchAll(/^( +)[^\s#]/gm)].map((m) => m[1]?.length ?? 0);
  const indent = indents.length ? Math.min(...indents) : 2;
  const padded = text.match(/[[{] [^\s\]}]/g)?.length ?? 0;
  const tight = text.match(/[[{][^\s\]}]/g)?.length ?? 0;
  // lineWidth 0: a long line the user wrote on one line stays on one line.
  return { lineWidth: 0, indent, indentSeq: !/^-[ \t]/m.test(text), flowCollectionPadding: padded > tight };
}

/** Where the milestone's files live, relative to the repository: its `.milestones` folder's active, completed, logs. */
export interface MilestonePaths {
  /** The plan file as the run read it. */
  plan: string;
  /** Where it goes when the milestone completes (`<dep>.yaml` is how dependents look for it). */
  completed: string;
  log: string;
}

/** The `.milestones` folder holding the plan's `active/` folder, else the repository's `.milestones`. */
export function milestonePaths(planRel: string, milestoneId: string): MilestonePaths {
  const plan = planRel.split('\\').join('/');
  const at = plan.lastIndexOf('.milestones/active/');
  const root = at === -1 ? '.milestones' : plan.slice(0, at + '.milestones'.length);
  return { plan, completed: `${root}/completed/${milestoneId}.yaml`, log: `${root}/logs/execution-${milestoneId}.jsonl` };
}

/** `mstui: milestone M7 progress (3/5)`, `mstui: milestone M7 completed (5/5)`. */
export function milestoneCommitSubject(f: MilestoneFacts): string {
  const what = f.status === 'completed' ? 'completed' : 'progress';
  return `mstui: milestone ${f.milestoneId} ${what} (${f.tasksCompleted}/${f.totalTasks})`;
}
