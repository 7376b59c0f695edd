/** The engine's side of the review effects: CI, merges, branch updates, conflict resolution, the integration test. */
import type { Effect, Event, RunState } from '../core/scheduler/types.js';
import { mergeStep } from './merge-step.js';
import { milestoneWriteback } from './milestone-writeback.js';
import { ciStep, freshTip, integrationStep, updateStep } from './review.js';
import type { EngineDeps, EngineSetup } from './setup.js';
import { reportStateFault } from './storage-guard.js';
import { integrationLog, integrationSetup } from './worktree-setup.js';

export interface ReviewContext {
  setup: EngineSetup;
  deps: EngineDeps;
  state(): RunState;
  stopping(): boolean;
  dispatch(e: Event): void;
  /** Runs git work one piece at a time (worktree adds, merges, updates). */
  serialGit<T>(fn: () => Promise<T>): Promise<T>;
  sendPrompt(task: string, prompt: string): void;
}

type ReviewEffect = Extract<Effect, { type: 'RunCi' | 'Merge' | 'UpdateBranches' | 'StartConflictResolution' | 'RunIntegration' }>;

export function reviewEffect(fx: ReviewEffect, c: ReviewContext): void {
  const { setup, deps } = c;
  const message = errorText;
  switch (fx.type) {
    case 'RunCi': {
      // CI can take minutes: its results count only while the task is still in CI (not skipped meanwhile).
      const alive = () => !c.stopping() && c.state().tasks[fx.task]?.status === 'ci';
      ciStep(
        setup,
        deps,
        fx.task,
        (e) => alive() && c.dispatch(e),
        alive,
        (fn) => c.serialGit(fn),
      )
        .then((e) => alive() && c.dispatch(e))
        .catch(
          (e) =>
            reportStateFault(setup, e) ||
            (alive() && c.dispatch({ type: 'CiFailed', task: fx.task, summary: 'CI could not run', failing: [], log: message(e) })),
        );
      return;
    }
    case 'Merge':
      mergeStep(setup, deps, fx.task, c.state().tasks[fx.task]?.pr?.number ?? null, (fn) => c.serialGit(fn))
        .then((e) => {
          c.dispatch(e);
          if (e.type === 'Merged' && !c.stopping()) void milestoneWriteback(c, null);
        })
        .catch(
          (e) =>
            reportStateFault(setup, e) ||
            c.dispatch({
              type: 'TaskStartFailed',
              step: 'merge',
              task: fx.task,
              error: `merging into ${setup.layout.integrationBranch} failed: ${message(e)}`,
            }),
        );
      return;
    case 'UpdateBranches':
      for (const task of fx.tasks) c.serialGit(() => updateQuiet(c, task)).catch((e) => setup.warn(`updating ${task}: ${message(e)}`));
      return;
    case 'StartConflictResolution':
      c.serialGit(async () => deps.git.mergeKeepingConflicts(setup.layout.taskPath(fx.task), await freshTip(setup, deps)))
        .then(() => fx.prompt !== null && c.sendPrompt(fx.task, fx.prompt))
        .catch((e) => setup.warn(`merging the integration branch into ${fx.task}: ${message(e)}`));
      return;
    case 'RunIntegration':
      // The integration test is the user's command on the integration worktree: it holds no git lock.
      integrationStep(setup, deps, () => integrationSetup(c, integrationLog(setup), true))
        .then((e) => c.dispatch(e))
        .catch((e) => reportStateFault(setup, e) || c.dispatch({ type: 'IntegrationFailed', output: message(e), exitCode: null }));
      return;
  }
}

/** After a merge: a task waiting for its merge approval gets the new tip now (its agent is idle, its tree clean). */
async function updateQuiet(c: ReviewContext, task: string): Promise<void> {
  const waiting = () => !c.stopping() && c.state().tasks[task]?.status === 'awaiting-merge';
  if (!waiting()) return;
  if ((await c.deps.git.changes(c.setup.layout.taskPath(task))).length > 0) return;
  const r = await updateStep(c.setup, c.deps, task);
  if (!waiting()) return;
  if ('type' in r) c.dispatch(r);
  else if (r.changed) c.dispatch({ type: 'BranchUpdated', task });
}

/** An error's message, and its cause's when the message does not already say it (git's stderr, a spawn failure). */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? e.cause.message : typeof e.cause === 'string' ? e.cause : '';
  return cause !== '' && !e.message.includes(cause) ? `${e.message} (cause: ${cause})` : e.message;
}
