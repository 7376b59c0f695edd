/**
 * A full disk seen before a write is a question, not a crash: before a task's worktree is created, too little free
 * space raises the watchdog's disk question (nothing new starts until you say continue). A disk question left by
 * an earlier session is answered by the engine when the disk has room again (you freed space and ran it again).
 */
import type { Event, Question, RunState } from '../core/scheduler/types.js';
import { expectedWorktreeBytes } from '../core/worktree-space.js';
import type { DiskUsage } from '../ports.js';
import { DISK_REASK_MS, type WatchMemo } from './watchdog.js';

/** Free space under which no task starts: its worktree, its agent's log and the run's own state need room. */
export const DISK_FLOOR_BYTES = 64 * 1024 * 1024;

/** How often a start waiting for the disk question's answer looks at it. */
export const DISK_ANSWER_POLL_MS = 200;

type Reading = ReturnType<DiskUsage>;

/** `needBytes`: what the new worktree is expected to take on top (the largest worktree measured so far). */
export const belowFloor = (d: Reading, needBytes = 0): boolean => d?.freeBytes !== undefined && d.freeBytes < DISK_FLOOR_BYTES + needBytes;

/** True when `q` is a disk question the disk no longer warrants: under the percent limit and above the floor. */
export function staleDiskQuestion(q: Question, d: Reading, diskPercent: number): boolean {
  return q.kind === 'disk-full' && d !== null && d.percent <= diskPercent && !belowFloor(d);
}

export interface DiskRoomContext {
  task: string;
  disk: () => Reading;
  state: () => RunState;
  stopping: () => boolean;
  dispatch: (e: Event) => void;
  sleep: (ms: number) => Promise<void>;
  now: () => number;
  /** Shared with the watchdog: a "continue" counts for both, for DISK_REASK_MS. */
  memo: WatchMemo;
}

/**
 * Resolves true when the task may go on to create its worktree: there is room, or you said continue. With too
 * little room it raises the disk question (unless one was answered within DISK_REASK_MS) and waits for the answer;
 * false when the run stopped or was aborted meanwhile, or the task is no longer starting.
 */
export async function waitForDiskRoom(c: DiskRoomContext): Promise<boolean> {
  const d = c.disk();
  // The worktree about to be made grows the repository by about as much as the largest one measured so far.
  if (!d || !belowFloor(d, expectedWorktreeBytes(c.state()))) return true;
  const asked = () => c.state().question?.kind === 'disk-full';
  if (!asked()) {
    if (c.now() - c.memo.diskAskedAtMs <= DISK_REASK_MS) return true;
    c.memo.diskAskedAtMs = c.now();
    c.dispatch({ type: 'DiskFull', percent: d.percent, path: d.path });
  }
  // Looks after a sleep: dispatched while the engine drains its queue, the question is asked only after this returns.
  do await c.sleep(DISK_ANSWER_POLL_MS);
  while (!c.stopping() && asked());
  const s = c.state();
  return !c.stopping() && !s.aborted && s.tasks[c.task]?.status === 'running';
}
