/** The merge step: update, pre-merge check, then the squash (locally) or `gh pr merge --squash`, under the git lock. */
import type { Event } from '../core/scheduler/types.js';
import { runConfigured } from './gates.js';
import { freshTip, type GitLock, REVIEW_TIMEOUT_MS, updateStep } from './review.js';
import type { EngineDeps, EngineSetup } from './setup.js';
import { tail } from './user-command.js';

/** Times the pre-merge check runs without the lock before it is run holding it (other merges keep moving the tip). */
const UNLOCKED_CHECKS = 3;

/**
 * A local pre-merge check quicker than this runs only once without the lock: the next round holds it. Rounds of
 * update + check raced by other merges cost more than the others' short wait (measured: 1–3.5 s per contended merge
 * at --parallel 4 with a quick test command, bench/floor.ts); a slow check keeps its UNLOCKED_CHECKS rounds.
 */
export const QUICK_CHECK_MS = 2000;

/**
 * Update, pre-merge check, then the merge itself (squash locally, or `gh pr merge --squash`). The update and the
 * merge hold the git lock; the check (a user's command, up to an hour) does not, so other tasks' worktrees and
 * merges go on meanwhile. When another merge moved the tip during the check, the branch is updated and checked again.
 */
export async function mergeStep(
  setup: EngineSetup,
  deps: EngineDeps,
  task: string,
  prNumber: number | null,
  lock: GitLock,
): Promise<Event> {
  if (setup.review.provider === 'local') return localMerge(setup, deps, task, lock);
  let changed = false;
  for (let round = 0; ; round++) {
    const step = await lock(() => mergeLocked(setup, deps, task, prNumber, changed, round >= UNLOCKED_CHECKS));
    if (!('check' in step)) return step;
    changed = true;
    const failed = await preMergeCheck(setup, deps, task);
    if (failed) return failed;
  }
}

/**
 * A local merge holds the integration lock only for `merge --squash --ff-only` (git refuses unless the branch holds
 * the tip). A branch behind the tip (another task merged since its gates) is updated in its own worktree and checked
 * again outside the lock, then tries again: the lock is never held for an update, and the other tasks' merges go on.
 * After UNLOCKED_CHECKS rounds, one round with a check quicker than QUICK_CHECK_MS, or a refusal that is not
 * "behind", the whole step runs under the lock, so a task that keeps losing the race still merges.
 */
async function localMerge(setup: EngineSetup, deps: EngineDeps, task: string, lock: GitLock): Promise<Event> {
  const { layout } = setup;
  const subject = mergeSubject(setup, task);
  let changed = false;
  for (let round = 0; round < UNLOCKED_CHECKS; round++) {
    const current = () => deps.git.squashMergeIfCurrent(layout.integrationPath, layout.integrationBranch, layout.taskBranch(task), subject);
    const fast = await lock(current);
    if (fast) return { type: 'Merged', task, commit: fast.commit, atMs: deps.now(), commits: fast.commits };
    // Only this step merges the task: a squash of it on the tip is one from before a crash, looked for once.
    const earlier = round === 0 ? await mergedBefore(setup, deps, task, subject) : null;
    if (earlier) return earlier;
    const updated = await updateStep(setup, deps, task);
    if ('type' in updated) return updated;
    if (!updated.changed) break;
    changed = true;
    const started = deps.now();
    const failed = await preMergeCheck(setup, deps, task);
    if (failed) return failed;
    if (deps.now() - started < QUICK_CHECK_MS) break;
  }
  return (await lock(() => mergeLocked(setup, deps, task, null, changed, true))) as Event;
}

/** The squash commit's subject: `Task <id>: <title>`. */
const mergeSubject = (setup: EngineSetup, task: string): string =>
  `Task ${task}: ${setup.plan.tasks.find((t) => t.id === task)?.title ?? task}`;

/** The task's squash commit on the integration branch from before mstui stopped, as its Merged event; else null. */
async function mergedBefore(setup: EngineSetup, deps: EngineDeps, task: string, subject: string): Promise<Event | null> {
  const { layout } = setup;
  const { git } = deps;
  const found = await git.commitWithSubject(layout.repo, layout.integrationBranch, subject);
  // An older merge of the task, under the branch (a task redone with --from starts at the tip that has it), is not
  // this merge: only a commit made after the branch left the tip is.
  const existing = found && (await git.mergeBase(layout.repo, found, layout.taskBranch(task))) !== found ? found : null;
  if (!existing) return null;
  // Merged before mstui stopped: the task's commits are those its branch has over the tip the squash went on.
  const commits = await git.commitsAhead(layout.repo, `${existing}^`, layout.taskBranch(task)).catch(() => null);
  return { type: 'Merged', task, commit: existing, atMs: deps.now(), ...(commits === null ? {} : { commits }) };
}

type Locked = Event | { check: true };

async function mergeLocked(
  setup: EngineSetup,
  deps: EngineDeps,
  task: string,
  prNumber: number | null,
  changedBefore: boolean,
  checkHere: boolean,
): Promise<Locked> {
  const { layout, review } = setup;
  const { git } = deps;
  const subject = mergeSubject(setup, task);
  if (review.provider === 'local') {
    // localMerge's last round: the branch was just updated, so it most likely holds the tip now (no update, no check
    // again). An earlier merge of the task was looked for in its first round, and only this step merges it.
    const fast = await git.squashMergeIfCurrent(layout.integrationPath, layout.integrationBranch, layout.taskBranch(task), subject);
    if (fast) return { type: 'Merged', task, commit: fast.commit, atMs: deps.now(), commits: fast.commits };
  } else if (prNumber !== null && (await deps.github.state(layout.taskPath(task), prNumber)) === 'MERGED') {
    // A resumed merge: the PR merged before mstui stopped.
    return githubMerged(setup, deps, task, null);
  }
  // One fetch serves the update and the commit count.
  const tip = await freshTip(setup, deps);
  const updated = await updateStep(setup, deps, task, tip);
  if ('type' in updated) return updated;
  if (updated.changed && review.preMerge) {
    if (!checkHere) return { check: true };
    const failed = await preMergeCheck(setup, deps, task);
    if (failed) return failed;
  }
  const commits = await git.commitsAhead(layout.taskPath(task), tip);
  if (review.provider === 'github') {
    // The branch moved: its checks must run again on the new head before it merges.
    if (changedBefore || updated.changed || prNumber === null) return { type: 'BranchUpdated', task };
    await deps.github.merge(layout.taskPath(task), prNumber);
    return githubMerged(setup, deps, task, commits);
  }
  const r = await git.squashMerge(layout.integrationPath, layout.taskBranch(task), subject);
  return r.ok ? { type: 'Merged', task, commit: r.commit, atMs: deps.now(), commits } : { type: 'MergeConflicted', task, files: r.files };
}

/** `commands.preMerge` (or `commands.test` when none is set) on the updated branch; its failure, or null. */
async function preMergeCheck(setup: EngineSetup, deps: EngineDeps, task: string): Promise<Event | null> {
  const { layout, review } = setup;
  if (!review.preMerge) return null;
  const env = setup.taskEnv?.(task) ?? {};
  const r = await runConfigured(deps.runner, layout.taskPath(task), review.preMerge, layout.log(task), 'pre-merge', REVIEW_TIMEOUT_MS, {
    env,
  });
  const gate = `pre-merge check (${review.preMerge.key})`;
  return r.exitCode === 0 ? null : { type: 'GatesFailed', task, gate, output: tail(r.output), exitCode: r.exitCode };
}

/** After `gh pr merge`: the remote task branch goes, the local integration branch takes the merged tip. */
async function githubMerged(setup: EngineSetup, deps: EngineDeps, task: string, commits: number | null): Promise<Event> {
  const { layout, review } = setup;
  await deps.git.deleteRemoteBranch(layout.repo, review.remote, layout.taskBranch(task));
  await deps.git.fastForward(layout.integrationPath, await freshTip(setup, deps));
  const commit = await deps.git.revParse(layout.integrationPath, 'HEAD');
  if (commit === null) throw new Error(`${layout.integrationPath} has no HEAD commit after the merge`);
  return { type: 'Merged', task, commit, atMs: deps.now(), ...(commits === null ? {} : { commits }) };
}
