/**
 * Seeds 002/004's execution log, `.milestones/logs/execution-<id>.jsonl`: one JSON event per line. Built from a
 * run's facts and the log as it stands: an event already there (same run, kind, task, count) is not written again,
 * so writing after every merge, on a resumed run, or twice, adds each event once. Pure.
 */
import { isoSeconds, type MilestoneFacts } from './milestone-state.js';

export type MilestoneEventKind =
  | 'milestone_activated'
  | 'task_started'
  | 'task_completed'
  | 'task_failed'
  | 'task_skipped'
  | 'progress_updated'
  | 'milestone_completed';

export interface MilestoneLogEvent {
  timestamp: string;
  event: MilestoneEventKind;
  milestone_id: string;
  /** mstui's run number (`mstui status`, the report): a second run of the same milestone adds its own events. */
  run: number;
  task_id?: string;
  reason?: string;
  percentage?: number;
  tasks_completed?: number;
  total_tasks?: number;
}

/** What makes two events the same event (the time does not: a failure has none of its own). */
function keyOf(e: Partial<MilestoneLogEvent>): string {
  return JSON.stringify([e.run, e.event, e.task_id ?? null, e.tasks_completed ?? null]);
}

/** The events the facts hold, in time order. */
export function milestoneEvents(f: MilestoneFacts): MilestoneLogEvent[] {
  const base = { milestone_id: f.milestoneId, run: f.runId };
  const at = (ms: number) => isoSeconds(ms);
  const timed: { ms: number; e: MilestoneLogEvent }[] = [
    { ms: f.runStartedAtMs, e: { timestamp: at(f.runStartedAtMs), event: 'milestone_activated', ...base } },
  ];
  for (const t of f.tasks) {
    if (t.startedAtMs !== null)
      timed.push({ ms: t.startedAtMs, e: { timestamp: at(t.startedAtMs), event: 'task_started', ...base, task_id: t.id } });
    if (t.completedAtMs !== null)
      timed.push({ ms: t.completedAtMs, e: { timestamp: at(t.completedAtMs), event: 'task_completed', ...base, task_id: t.id } });
    if (t.status === 'failed' || t.status === 'skipped') {
      const event = t.status === 'failed' ? 'task_failed' : 'task_skipped';
      timed.push({ ms: f.atMs, e: { timestamp: at(f.atMs), event, ...base, task_id: t.id, ...(t.reason ? { reason: t.reason } : {}) } });
    }
  }
  // One progress event per task this run completed, with the count as it stood then.
  const before = f.tasksCompleted - f.tasks.filter((t) => t.completedAtMs !== null).length;
  const merges = f.tasks.flatMap((t) => (t.completedAtMs === null ? [] : [t.completedAtMs])).sort((a, b) => a - b);
  merges.forEach((ms, i) => {
    const n = before + i + 1;
    const percentage = Math.floor((n * 100) / Math.max(1, f.totalTasks));
    const e: MilestoneLogEvent = {
      timestamp: at(ms),
      event: 'progress_updated',
      ...base,
      percentage,
      tasks_completed: n,
      total_tasks: f.totalTasks,
    };
    timed.push({ ms, e });
  });
  if (f.completedAtMs !== null)
    timed.push({ ms: f.completedAtMs, e: { timestamp: at(f.completedAtMs), event: 'milestone_completed', ...base } });
  return timed.sort((a, b) => a.ms - b.ms).map((x) => x.e);
}

/** The log with the facts' events it does not have yet appended (existing lines, parseable or not, are kept as they are). */
export function appendExecutionLog(existing: string, f: MilestoneFacts): string {
  const seen = new Set<string>();
  for (const line of existing.split('\n')) {
    try {
      seen.add(keyOf(JSON.parse(line) as Partial<MilestoneLogEvent>));
    } catch {
      // not ours, or not JSON: kept, never matched
    }
  }
  const added = milestoneEvents(f)
    .filter((e) => !seen.has(keyOf(e)))
    .map((e) => JSON.stringify(e));
  if (added.length === 0) return existing;
  const head = existing === '' || existing.endsWith('\n') ? existing : `${existing}\n`;
  return `${head}${added.join('\n')}\n`;
}
