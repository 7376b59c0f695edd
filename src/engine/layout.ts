/** Where a run keeps things, all under `<repo>/.worktrees/` (never in the user's checkout). */
import { join } from 'node:path';

export interface Layout {
  repo: string;
  worktrees: string;
  state: string;
  db: string;
  lock: string;
  socket: string;
  integrationBranch: string;
  integrationPath: string;
  taskBranch(task: string): string;
  taskPath(task: string): string;
  log(task: string): string;
  hooks(task: string): string;
  settings(task: string): string;
  failure(task: string): string;
}

export function layoutFor(repo: string, milestone: string): Layout {
  const worktrees = join(repo, '.worktrees');
  const state = join(worktrees, '.mstui');
  return {
    repo,
    worktrees,
    state,
    db: join(state, 'state.db'),
    lock: join(state, 'lock'),
    socket: join(state, 'mstui.sock'),
    integrationBranch: `mstui/${milestone}`,
    integrationPath: join(worktrees, milestone),
    taskBranch: (t) => `mstui/${milestone}-${t}`,
    taskPath: (t) => join(worktrees, `${milestone}-${t}`),
    log: (t) => join(state, 'logs', `${t}.log`),
    hooks: (t) => join(state, 'hooks', `${t}.jsonl`),
    settings: (t) => join(state, 'settings', `${t}.json`),
    failure: (t) => join(state, 'failures', `${t}.md`),
  };
}
