/** Seed 004's blockers, checked on a timer: tasks over their time limit, agents silent too long, a full disk. */
import type { Event, RunState } from '../core/scheduler/types.js';
import type { ReviewSetup } from './setup.js';

export interface WatchMemo {
  /** Per task: the agent's last-output time when its stall was reported (one report per silence). */
  stalled: Map<string, number>;
  diskAskedAtMs: number;
}

/** Asking again about a full disk after "continue" waits this long. */
export const DISK_REASK_MS = 10 * 60_000;

export const newMemo = (): WatchMemo => ({ stalled: new Map(), diskAskedAtMs: Number.NEGATIVE_INFINITY });

/** How often the watchdog looks: often enough to notice a limit within a third of it, at most every 30 s. */
export const watchInterval = (l: ReviewSetup['limits']) => Math.max(100, Math.min(30_000, l.stallMs / 3, l.taskMs / 3));

export function watchdog(
  state: RunState,
  lastOutputMs: (task: string) => number | null,
  limits: ReviewSetup['limits'],
  now: number,
  memo: WatchMemo,
  disk: () => { percent: number; path: string } | null,
): Event[] {
  const out: Event[] = [];
  const minutes = (ms: number) => Math.round((ms / 60_000) * 10) / 10;
  for (const id of state.order) {
    const t = state.tasks[id];
    if (t?.status !== 'running' || t.question) continue;
    if (t.startedAtMs !== null && now - t.startedAtMs > limits.taskMs * (1 + t.extensions)) {
      out.push({ type: 'TaskOverdue', task: id, minutes: minutes(now - t.startedAtMs) });
      continue;
    }
    const last = lastOutputMs(id);
    if (t.agent === 'busy' && last !== null && now - last > limits.stallMs && memo.stalled.get(id) !== last) {
      memo.stalled.set(id, last);
      out.push({ type: 'AgentStalled', task: id, minutes: minutes(now - last) });
    }
  }
  if (!state.question && now - memo.diskAskedAtMs > DISK_REASK_MS) {
    const d = disk();
    if (d && d.percent > limits.diskPercent) {
      memo.diskAskedAtMs = now;
      out.push({ type: 'DiskFull', percent: d.percent, path: d.path });
    }
  }
  return out;
}
