/**
 * A task's worktree size (the folderSize port: `du -sk` in a child process, so the engine never blocks on a walk of
 * node_modules), measured after the worktree is set up and after each round of gates, never per frame.
 */
import { spaceWarning } from '../core/worktree-space.js';
import type { SetupContext } from './setup.js';

/**
 * Measures the task's worktree in the background and records it; the first worktree measured in the run also warns
 * when the tasks still to start, each one that size, would not fit in the free space.
 */
export function measureWorktree(c: SetupContext, task: string): void {
  const { setup, deps } = c;
  const size = deps.folderSize;
  if (!size) return;
  // After what this turn of the event loop starts (the agent's pty, the merge's git): forking `du` blocks the event
  // loop for a moment, which is then not on their path.
  setImmediate(
    () =>
      void size(setup.layout.taskPath(task)).then((kib) => {
        if (kib === null || c.stopping()) return;
        const s = c.state();
        const first = Object.values(s.tasks).every((t) => t.worktreeKiB === undefined);
        c.dispatch({ type: 'WorktreeMeasured', task, kib });
        if (!first) return;
        const warning = spaceWarning(s, task, kib, deps.disk(setup.layout.repo)?.freeBytes);
        if (warning) setup.warn(warning);
      }),
  );
}
