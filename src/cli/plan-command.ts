/** `mstui plan <plan>`: parse, build the graph, print waves (text or one JSON object). */
import { createPlanFiles } from '../adapters/plan-files.js';
import { createRunner } from '../adapters/runner.js';
import type { DepsMode } from '../core/plan/model.js';
import { redoSet, withRedo } from '../core/plan/redo.js';
import { planJson, planView } from '../core/plan/view.js';
import { loadPlan } from '../engine/load-plan.js';
import { UsageError } from './errors.js';
import { ansiStyle, plainStyle, renderPlan } from './render-plan.js';

export interface PlanCommandOptions {
  json?: boolean;
  from?: string;
  handoff?: string;
  deps?: string;
}

export const DEPS_MODES: readonly DepsMode[] = ['chain', 'explicit', 'independent'];

export function parseDepsMode(value: string | undefined): DepsMode | undefined {
  if (value === undefined) return undefined;
  if ((DEPS_MODES as readonly string[]).includes(value)) return value as DepsMode;
  throw new UsageError(`--deps ${value}: expected one of ${DEPS_MODES.join(', ')}`);
}

export async function planCommand(spec: string, opts: PlanCommandOptions): Promise<number> {
  const plan = await loadPlan(
    spec,
    { cwd: process.cwd(), handoff: opts.handoff, deps: parseDepsMode(opts.deps) },
    { files: createPlanFiles(), runner: createRunner() },
  );
  if (!plan.ok) throw new UsageError(plan.error.message);
  const first = planView(plan.value, opts.from);
  if (!first.ok) throw new UsageError(first.error.message);
  // --from X redoes X and what follows: shown as not done, as `mstui run --from X` will run them.
  const redone = withRedo(plan.value, redoSet(first.value.waves, opts.from));
  const view = planView(redone, opts.from);
  if (!view.ok) throw new UsageError(view.error.message);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(planJson(redone, view.value))}\n`);
  } else {
    const color = process.stdout.isTTY && !process.env.NO_COLOR;
    process.stdout.write(renderPlan(redone, view.value, color ? ansiStyle : plainStyle));
  }
  return 0;
}
