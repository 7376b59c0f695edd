/** Where a run keeps things, all under `<repo>/.worktrees/` (never in the user's checkout). */
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Files under `.worktrees/.mstui` hold agents' screens, prompts and settings: only the user reads them (as the socket). */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `dir` (and missing parents) 0700; an existing one (from an older version) is made 0700 too. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
}

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

/** Where a GitHub plan's handoff lives (there is no plan file to put it beside): inside the repository, committed
 * by the agents' task branches like any handoff, so the section merge driver merges it. */
export const GITHUB_HANDOFF_DIR = '.mstui';

/**
 * The handoff file, relative to the repo: the one the plan was read with (`--handoff`, or the file found beside
 * it), else `HANDOFF_<milestone>.md` beside the plan; for a GitHub plan (`gh:` spec), `.mstui/HANDOFF_<milestone>.md`
 * at the repository root. `mstui run` and `mstui report` must agree on it.
 */
export function handoffRelFor(
  repo: string,
  cwd: string,
  plan: { handoffPath?: string | null; milestone: { id: string; source: string; format?: string } },
): string {
  const { milestone } = plan;
  const name = `HANDOFF_${milestone.id}.md`;
  if (plan.handoffPath) return relative(repo, resolve(cwd, plan.handoffPath));
  if (milestone.format === 'github' || milestone.source.startsWith('gh:')) return join(GITHUB_HANDOFF_DIR, name);
  return relative(repo, resolve(dirname(resolve(cwd, milestone.source)), name));
}
