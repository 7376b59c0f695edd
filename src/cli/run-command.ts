/**
 * `mstui run <plan>`: read the plan, then, on a terminal, draw the run screen at once (run-screen.ts); the checks,
 * the store and the engine (run-session.ts, loaded after the first frame) follow while it shows.
 */
import { createGit } from '../adapters/git.js';
import { createPlanFiles } from '../adapters/plan-files.js';
import { createRunner } from '../adapters/runner.js';
import { redoSet, withRedo } from '../core/plan/redo.js';
import { planView } from '../core/plan/view.js';
import { loadPlan } from '../engine/load-plan.js';
import { UsageError } from './errors.js';
import { parseDepsMode } from './plan-command.js';
import type { RunCommandOptions } from './run-options.js';
import { selectTasks } from './select.js';

export type { RunCommandOptions } from './run-options.js';

export async function runCommand(spec: string, opts: RunCommandOptions): Promise<number> {
  const cwd = process.cwd();
  const runner = createRunner();
  const git = createGit(runner);
  const files = createPlanFiles();
  const loaded = await loadPlan(spec, { cwd, handoff: opts.handoff, deps: parseDepsMode(opts.deps) }, { files, runner });
  if (!loaded.ok) throw new UsageError(loaded.error.message);
  if (loaded.value.refusal) throw new UsageError(loaded.value.refusal);
  const parallel = opts.parallel === undefined ? 1 : Number(opts.parallel);
  if (!Number.isInteger(parallel) || parallel < 1 || parallel > 64)
    throw new UsageError(`--parallel ${opts.parallel}: expected a whole number from 1 to 64`);
  // --from X redoes X and what follows (whatever the handoff or an earlier run says); the rest merged before is done.
  const view = planView(loaded.value, opts.from);
  if (!view.ok) throw new UsageError(view.error.message);
  const { waves } = view.value;
  const redo = redoSet(waves, opts.from);
  const plan = withRedo(loaded.value, redo);
  const selected = selectTasks(plan, waves, opts);
  const interactive = !!process.stdin.isTTY && !opts.json;
  const tui = !opts.headless && !opts.json && !opts.dryRun && interactive && !!process.stdout.isTTY;
  const screen = tui ? await (await import('./run-screen.js')).openRunScreen(plan, { waves, selected, parallel, cwd, git, runner }) : null;
  try {
    const { runSession } = await import('./run-session.js');
    return await runSession({ cwd, runner, git, files, plan, waves, redo, selected, parallel, interactive, screen }, opts);
  } catch (e) {
    await screen?.close();
    throw e;
  }
}
