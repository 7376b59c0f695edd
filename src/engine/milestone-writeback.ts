/**
 * Seeds 002/004: a YAML milestone's state written back into its file, on the integration branch (so the milestone's
 * PR carries it), with the execution log beside it: after each merge and when the run finishes; when the milestone
 * completes its file moves to `.milestones/completed/`. Only mstui writes these files, and only on the integration
 * branch: task branches never change them, so they never conflict on them. Local merges only: with
 * `ci.provider: github` merged work lands on the remote, and a local commit would stop the next fast-forward.
 */
import { appendExecutionLog } from '../core/milestone-log.js';
import { milestoneCommitSubject, milestoneFacts, milestonePaths, updateMilestoneYaml } from '../core/milestone-state.js';
import type { RunState } from '../core/scheduler/types.js';
import type { FileChange } from '../ports.js';
import type { EngineDeps, EngineSetup } from './setup.js';

export interface WritebackContext {
  setup: EngineSetup;
  deps: EngineDeps;
  state(): RunState;
  /** The git lock: the commit goes on the integration branch between merges, never during one. */
  serialGit<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Writes and commits the milestone's state (`exitCode` null: after a merge; else the run finished). Never throws:
 * a failure is a warning, and the run goes on.
 */
export async function milestoneWriteback(c: WritebackContext, exitCode: number | null): Promise<void> {
  const { setup } = c;
  if (setup.plan.milestone.format !== 'yaml' || setup.review.provider !== 'local') return;
  // Nothing ran (every task done before, or stopped before the first start): there is no worktree to write in.
  if (!Object.values(c.state().tasks).some((t) => t.startedAtMs !== null)) return;
  await c
    .serialGit(() => writeBack(c, exitCode))
    .catch((e: Error) =>
      setup.warn(`writing milestone ${setup.plan.milestone.id}'s state to ${setup.layout.integrationBranch}: ${e.message}`),
    );
}

async function writeBack(c: WritebackContext, exitCode: number | null): Promise<void> {
  const { setup, deps } = c;
  const { layout, plan } = setup;
  const wt = layout.integrationPath;
  const paths = milestonePaths(setup.planRel, plan.milestone.id);
  const atPlan = await deps.git.showFile(wt, 'HEAD', paths.plan);
  const text = atPlan ?? (await deps.git.showFile(wt, 'HEAD', paths.completed));
  if (text === null) throw new Error(`neither ${paths.plan} nor ${paths.completed} is on it`);
  const run = deps.store.openRun(plan.milestone.id);
  const now = deps.now();
  const facts = milestoneFacts({
    milestoneId: plan.milestone.id,
    runId: setup.runId,
    runStartedAtMs: run?.id === setup.runId ? run.createdAt : now,
    atMs: now,
    state: c.state(),
    exitCode,
  });
  const yaml = updateMilestoneYaml(text, facts);
  if (!yaml.ok) throw new Error(`${atPlan === null ? paths.completed : paths.plan}: ${yaml.error}`);
  const move = facts.status === 'completed' && atPlan !== null && paths.completed !== paths.plan;
  const files: FileChange[] = [
    { path: atPlan !== null && !move ? paths.plan : paths.completed, text: yaml.value },
    ...(move ? [{ path: paths.plan, text: null }] : []),
    { path: paths.log, text: appendExecutionLog((await deps.git.showFile(wt, 'HEAD', paths.log)) ?? '', facts) },
  ];
  await deps.git.commitFiles(wt, files, milestoneCommitSubject(facts));
}
