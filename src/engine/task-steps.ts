/** The git-side steps of a task, each returning the event that reports its outcome. */
import { MESSAGE_MAX } from '../core/agent/hooks.js';
import { gateChecks, gateOrder } from '../core/gate-checks.js';
import { TEST_QUALITY_GATE } from '../core/scheduler/questions.js';
import type { Event } from '../core/scheduler/types.js';
import { freshWorktreeHint } from './fresh-worktree-hint.js';
import { runGates } from './gates.js';
import type { GitLock } from './git-lock.js';
import { updateStep } from './review.js';
import type { EngineDeps, EngineSetup, SetupContext } from './setup.js';
import { reportStateFault } from './storage-guard.js';
import { measureWorktree } from './worktree-size.js';

type Setup = Pick<EngineSetup, 'layout' | 'plan' | 'handoffRel' | 'commands' | 'review' | 'worktree' | 'taskEnv'>;

export async function gatesStep(setup: Setup, deps: EngineDeps, task: string, update?: () => Promise<string[] | null>): Promise<Event> {
  // commands.testQuality runs last (it passes when the task changed no test): in the checklist too.
  const order = [...gateOrder(setup.commands), ...(setup.review.testQuality ? [TEST_QUALITY_GATE] : [])];
  return withChecks(await gatesEvent(setup, deps, task, update), order);
}

/** The gates that ran (for the headless checklist), on their passed or failed event. */
function withChecks(e: Event, order: string[]): Event {
  if (e.type === 'GatesPassed') return { ...e, checks: gateChecks(order, null) };
  if (e.type === 'GatesFailed') return { ...e, checks: gateChecks(order, e.gate) };
  return e;
}

async function gatesEvent(setup: Setup, deps: EngineDeps, task: string, update?: () => Promise<string[] | null>): Promise<Event> {
  const { layout } = setup;
  const worktree = layout.taskPath(task);
  const r = await runGates(
    {
      task,
      worktree,
      handoffRel: setup.handoffRel,
      integrationBranch: layout.integrationBranch,
      commands: setup.commands,
      testQuality: setup.review.testQuality,
      logPath: layout.log(task),
      update,
      ...(setup.review.provider === 'local' ? { tip: layout.integrationBranch } : {}),
      env: setup.taskEnv?.(task) ?? {},
      hint: () => freshWorktreeHint(deps.files, layout.repo, worktree, setup.worktree),
    },
    deps,
  );
  // The section rides along: the scheduler reads it for unexpected findings.
  if (r.ok) return { type: 'GatesPassed', task, ...(r.handoff ? { handoff: r.handoff.slice(0, MESSAGE_MAX) } : {}) };
  if ('conflict' in r) return { type: 'MergeConflicted', task, files: r.conflict };
  return { type: 'GatesFailed', task, gate: r.gate, output: r.output, exitCode: r.exitCode, ...(r.hint ? { hint: r.hint } : {}) };
}

/**
 * Removes a merged task's worktree (the branch stays unless configured). One with uncommitted changes is never
 * removed without asking: it is kept and the reason returned (`mstui clean` asks about it).
 */
export async function removeWorktreeStep(setup: Setup, deps: EngineDeps, task: string): Promise<string | null> {
  const path = setup.layout.taskPath(task);
  if (!(await deps.git.hasWorktree(path))) return null;
  // git refuses to remove a worktree with changes: that refusal is the check (no status before).
  if (await deps.git.removeCleanWorktree(setup.layout.repo, path)) return null;
  return `kept ${path}: it has uncommitted changes (\`mstui clean\` asks before removing it)`;
}

/**
 * The gates; between the commit checks and the test commands the branch takes the integration tip. Locally that is
 * work in the task's own worktree (it only reads the tip): no lock. With GitHub it fetches first, under the lock.
 */
export function gatesOnTip(setup: EngineSetup, deps: EngineDeps, task: string, lock: GitLock['run']): Promise<Event> {
  const held: GitLock['run'] = setup.review.provider === 'local' ? (fn) => fn() : lock;
  const update = () =>
    held(async () => {
      const r = await updateStep(setup, deps, task);
      return 'type' in r && r.type === 'MergeConflicted' ? r.files : null;
    });
  return gatesStep(setup, deps, task, update);
}

/** The RunGates effect: the gates' outcome is dispatched; an error running them is a failed gate (or a storage fault). */
export function runGatesEffect(c: SetupContext & { serialGit: GitLock['run'] }, task: string): void {
  gatesOnTip(c.setup, c.deps, task, (fn) => c.serialGit(fn))
    .then((e) => {
      c.dispatch(e);
      // The agent's work (and what the gates built) since: the worktree's size again.
      measureWorktree(c, task);
    })
    .catch(
      (e) => reportStateFault(c.setup, e) || c.dispatch({ type: 'GatesFailed', task, gate: 'gates', output: String(e), exitCode: null }),
    );
}

/** A merged task's worktree goes (kept, with a warning, when it has uncommitted changes); its branch too if configured. */
export async function cleanupWorktree(setup: EngineSetup, deps: EngineDeps, task: string): Promise<void> {
  const kept = await removeWorktreeStep(setup, deps, task);
  if (kept) setup.warn(kept);
  else if (setup.review.deleteBranches) await deps.git.deleteBranch(setup.layout.repo, setup.layout.taskBranch(task)).catch(() => {});
}

/** Which lock a piece of git work takes: `integration` for the integration branch, `worktrees` for adding and removing. */
export interface GitLanes {
  integration: GitLock['run'];
  worktrees: GitLock['run'];
}

/**
 * The integration worktree (made once, under the integration lock) and the task's (under the worktrees lock: a
 * merge into the integration branch never waits for it, nor it for a merge); `fresh` (a task redone with --from)
 * starts its branch at the integration tip. True when the task's worktree is new (what a setup put there before is not).
 */
export async function prepareWorktrees(
  setup: EngineSetup,
  deps: EngineDeps,
  task: string,
  fresh: boolean,
  lanes: GitLanes,
): Promise<boolean> {
  const { layout, base } = setup;
  if (!(await deps.git.hasWorktree(layout.integrationPath)))
    await lanes.integration(() => deps.git.ensureWorktree(layout.repo, layout.integrationPath, layout.integrationBranch, base));
  // A task branch tracks the integration branch (its upstream, in the repository's config: the branch is mstui's own),
  // so one `git status --branch` tells the gates how far it is from the tip.
  const track = { track: true };
  return lanes.worktrees(async () => {
    const existed = await deps.files.exists(layout.taskPath(task));
    const [repo, path, branch] = [layout.repo, layout.taskPath(task), layout.taskBranch(task)];
    if (fresh) await deps.git.resetWorktree(repo, path, branch, layout.integrationBranch, track);
    else await deps.git.ensureWorktree(repo, path, branch, layout.integrationBranch, track);
    return fresh || !existed;
  });
}
