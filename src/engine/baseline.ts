/**
 * Seed 003's preflight, the baseline: before the first task, the test and quality commands run once in the
 * integration worktree at the base. When they already fail, the run asks (run anyway / abort) instead of letting
 * every agent spend its retries on failures it did not cause. The commands are the user's: no git lock held.
 */
import { join } from 'node:path';
import type { BaselineFailure, Event } from '../core/scheduler/types.js';
import { freshWorktreeHint } from './fresh-worktree-hint.js';
import { configKeyOf, runConfigured } from './gates.js';
import type { GitLock } from './review.js';
import { errorText, type ReviewContext } from './review-effects.js';
import type { EngineDeps, EngineSetup } from './setup.js';
import { reportStateFault } from './storage-guard.js';
import { tail } from './user-command.js';
import { integrationSetup, type SetupFailure } from './worktree-setup.js';

/** As long as a gate may take. */
export const BASELINE_TIMEOUT_MS = 30 * 60_000;
/** The gates the baseline runs (other gates check what a task changed, which the base has not). */
const BASELINE_GATES = new Set(['tests', 'quality']);

export const baselineLog = (setup: Pick<EngineSetup, 'layout'>): string => join(setup.layout.state, 'logs', 'baseline.log');

/** `prepare`: the integration worktree's commands.setup (once), after the worktree is there and before the commands. */
export async function baselineStep(
  setup: EngineSetup,
  deps: EngineDeps,
  lock: GitLock,
  prepare: () => Promise<SetupFailure | null> = async () => null,
): Promise<Event> {
  const { layout, base } = setup;
  // A new integration branch starts at the base; one from an earlier run of the milestone is where the tasks start now.
  const at = await lock(async () => {
    // True when it created the branch (no question asked before: the answer comes with the worktree).
    const created = await deps.git.ensureWorktree(layout.repo, layout.integrationPath, layout.integrationBranch, base);
    return created ? base : layout.integrationBranch;
  });
  const failed = await prepare();
  if (failed) return checked(at, { gate: 'setup', key: 'commands.setup', ...failed });
  const env = setup.taskEnv?.(null) ?? {};
  for (const { name, command } of setup.commands) {
    if (!BASELINE_GATES.has(name)) continue;
    const key = configKeyOf(name);
    const r = await runConfigured(
      deps.runner,
      layout.integrationPath,
      { key, command },
      baselineLog(setup),
      `baseline ${name}`,
      BASELINE_TIMEOUT_MS,
      { env },
    );
    if (r.exitCode === 0) continue;
    const hint = await freshWorktreeHint(deps.files, layout.repo, layout.integrationPath, setup.worktree);
    const output = `${tail(r.output)}${hint ? `\nmstui: ${hint}` : ''}`;
    return checked(at, { gate: name, key, command, exitCode: r.exitCode, output });
  }
  return checked(at, null);
}

const checked = (at: string, failure: BaselineFailure | null): Event => ({ type: 'BaselineChecked', at, failure });

/** The RunBaseline effect: the step's outcome is dispatched; a git failure setting it up is a failed baseline. */
export function runBaseline(c: ReviewContext): void {
  const { setup, deps } = c;
  baselineStep(
    setup,
    deps,
    (fn) => c.serialGit(fn),
    () => integrationSetup(c, baselineLog(setup), false),
  )
    .then((e) => c.stopping() || c.dispatch(e))
    .catch(
      (e) =>
        reportStateFault(setup, e) ||
        c.stopping() ||
        c.dispatch(
          checked(setup.base, {
            gate: 'setup',
            key: 'the integration worktree',
            command: `git worktree add ${setup.layout.integrationPath}`,
            exitCode: null,
            output: errorText(e),
          }),
        ),
    );
}
