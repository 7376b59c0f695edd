/** The git-side steps of a task, each returning the event that reports its outcome. */
import type { Event } from '../core/scheduler/types.js';
import { runGates } from './gates.js';
import type { EngineDeps, EngineSetup } from './run-engine.js';

type Setup = Pick<EngineSetup, 'layout' | 'plan' | 'handoffRel' | 'commands'>;

export async function gatesStep(setup: Setup, deps: EngineDeps, task: string): Promise<Event> {
  const { layout } = setup;
  const r = await runGates(
    {
      task,
      worktree: layout.taskPath(task),
      handoffRel: setup.handoffRel,
      integrationBranch: layout.integrationBranch,
      commands: setup.commands,
      logPath: layout.log(task),
    },
    deps,
  );
  return r.ok ? { type: 'GatesPassed', task } : { type: 'GatesFailed', task, gate: r.gate, output: r.output, exitCode: r.exitCode };
}

/** Squash-merges the task into the integration branch, unless its commit is already there (a resumed merge). */
export async function mergeStep(setup: Setup, deps: EngineDeps, task: string): Promise<Event> {
  const { layout, plan } = setup;
  const title = plan.tasks.find((t) => t.id === task)?.title ?? task;
  const subject = `Task ${task}: ${title}`;
  const existing = await deps.git.commitWithSubject(layout.repo, layout.integrationBranch, subject);
  if (existing) return { type: 'Merged', task, commit: existing, atMs: deps.now() };
  const r = await deps.git.squashMerge(layout.integrationPath, layout.taskBranch(task), subject);
  return r.ok ? { type: 'Merged', task, commit: r.commit, atMs: deps.now() } : { type: 'MergeConflicted', task, files: r.files };
}

/** Removes a merged task's worktree (the branch stays). `git worktree remove` refuses one with uncommitted changes. */
export async function removeWorktreeStep(setup: Setup, deps: EngineDeps, task: string): Promise<void> {
  const path = setup.layout.taskPath(task);
  if (!(await deps.git.worktreePaths(setup.layout.repo)).includes(path)) return;
  await deps.git.out(setup.layout.repo, ['worktree', 'remove', path]);
}
