/**
 * Worktrees' sizes (measured by the engine with `du -sk` after a worktree is set up and after each round of gates):
 * what a new worktree is expected to take, and whether the worktrees still to come fit in the free space. Pure.
 */
import type { RunState } from './scheduler/types.js';

const MIB = 1024 * 1024;

/** The bytes a new worktree is expected to take: the largest measured so far (0 before any was measured). */
export function expectedWorktreeBytes(s: Pick<RunState, 'tasks'>): number {
  let kib = 0;
  for (const t of Object.values(s.tasks)) kib = Math.max(kib, t.worktreeKiB ?? 0);
  return kib * 1024;
}

/** Tasks whose worktree is still to be made: pending ones (each gets a worktree when it starts). */
export const worktreesToCome = (s: Pick<RunState, 'order' | 'tasks'>): number =>
  s.order.filter((id) => s.tasks[id]?.status === 'pending').length;

/** `812 MiB`, `3.4 MiB`; under 1 MiB in KiB (`24 KiB`). */
export const mib = (bytes: number): string =>
  bytes < MIB ? `${Math.round(bytes / 1024)} KiB` : `${(bytes / MIB).toFixed(bytes < 10 * MIB ? 1 : 0)} MiB`;

/**
 * The warning when the worktrees to come, each the size of `task`'s (the first one measured), would not fit in
 * `freeBytes`; null when they fit or nothing is known.
 */
export function spaceWarning(
  s: Pick<RunState, 'order' | 'tasks'>,
  task: string,
  kib: number,
  freeBytes: number | undefined,
): string | null {
  const n = worktreesToCome(s);
  const need = n * kib * 1024;
  if (freeBytes === undefined || n === 0 || need <= freeBytes) return null;
  return (
    `worktrees: ${task}'s takes ${mib(kib * 1024)}; the ${n} still to start need about ${mib(need)}, more than the ` +
    `${mib(freeBytes)} free: free space, run fewer tasks, or share dependencies (worktree.link, a package cache)`
  );
}
