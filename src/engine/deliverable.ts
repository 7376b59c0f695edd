/** The kiro workflow's deliverable check (seed 002): is the phase's file in the task's worktree, and not empty? */
import { join } from 'node:path';
import type { Effect, Event } from '../core/scheduler/types.js';
import { runBaseline } from './baseline.js';
import type { ReviewContext } from './review-effects.js';
import type { EngineDeps, EngineSetup } from './setup.js';

type Check = Extract<Effect, { type: 'CheckDeliverable' }>;

export async function deliverableEvent(setup: Pick<EngineSetup, 'layout'>, deps: Pick<EngineDeps, 'files'>, fx: Check): Promise<Event> {
  const text = await deps.files.read(join(setup.layout.taskPath(fx.task), fx.path)).catch(() => null);
  return { type: 'DeliverableChecked', task: fx.task, phase: fx.phase, ok: (text ?? '').trim().length > 0 };
}

/** The engine's checks that report one event: the baseline before the first task, a phase's deliverable. */
export function checkEffect(fx: Check | { type: 'RunBaseline' }, ctx: ReviewContext): void {
  if (fx.type === 'RunBaseline') runBaseline(ctx);
  else void deliverableEvent(ctx.setup, ctx.deps, fx).then((e) => ctx.stopping() || ctx.dispatch(e));
}
