/** The per-task environment, for the engine: the task's slot (from the run state) and `.mstui.json`'s env. */
import { slotPort } from '../core/ports-slots.js';
import type { RunState } from '../core/scheduler/types.js';
import { taskEnv } from '../core/task-env.js';
import type { EngineSetup, WorktreeSetup } from './setup.js';

export const NO_WORKTREE_SETUP: WorktreeSetup = { copy: [], link: [], portBase: 41000, portsPerTask: 10, env: {} };

/**
 * The environment of `task`'s agent, setup and gates (null: the integration worktree's setup, baseline and
 * integration test, which run when no task is active and get slot 0's port).
 */
export function taskEnvFor(
  setup: Pick<EngineSetup, 'layout' | 'runId' | 'worktree'>,
  state: RunState,
  task: string | null,
): Record<string, string> {
  const w = setup.worktree ?? NO_WORKTREE_SETUP;
  const slot = task === null ? 0 : state.tasks[task]?.slot;
  return taskEnv({
    task,
    runId: setup.runId,
    worktree: task === null ? setup.layout.integrationPath : setup.layout.taskPath(task),
    port: slot === undefined ? null : slotPort(slot, w),
    env: w.env,
  });
}

/** The setup the engine runs with: `taskEnv` reads the live state (a task's slot is the state's). */
export function withTaskEnv(setup: EngineSetup, state: () => RunState): EngineSetup {
  return { ...setup, taskEnv: (task) => taskEnvFor(setup, state(), task) };
}
