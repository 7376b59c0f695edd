/**
 * `--from X` (seed 000: "--from 4.1 ignores handoff and starts fresh"): X and every task after it, in wave order,
 * are redone: not done, whatever the handoff, the milestone file or an earlier run says. `mstui plan --from` and
 * `mstui run --from` share this, so they agree.
 */
import type { Plan } from './model.js';

export function redoSet(waves: readonly (readonly string[])[], from: string | undefined): Set<string> {
  if (from === undefined) return new Set();
  const order = waves.flat();
  const at = order.indexOf(from);
  return at < 0 ? new Set() : new Set(order.slice(at));
}

export function withRedo(plan: Plan, redo: ReadonlySet<string>): Plan {
  if (redo.size === 0) return plan;
  return { ...plan, tasks: plan.tasks.map((t) => (redo.has(t.id) ? { ...t, done: false } : t)) };
}
