/** --only / --wave / --from → the set of task ids this run executes (null = all not done). */
import type { Plan } from '../core/plan/model.js';
import { UsageError } from './errors.js';

export function selectTasks(plan: Plan, waves: string[][], opts: { only?: string; wave?: string; from?: string }): Set<string> | null {
  const ids = new Set(plan.tasks.map((t) => t.id));
  let selected: Set<string> | null = null;
  if (opts.only !== undefined) {
    const only = opts.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = only.filter((id) => !ids.has(id));
    if (only.length === 0 || unknown.length)
      throw new UsageError(`--only: no such task ${unknown.join(', ') || '(empty list)'} in ${plan.milestone.source}`);
    selected = new Set(only);
  }
  if (opts.wave !== undefined) {
    const n = Number(opts.wave);
    if (!Number.isInteger(n) || n < 1 || n > waves.length)
      throw new UsageError(`--wave ${opts.wave}: the plan has waves 1 to ${waves.length}`);
    const inWave = new Set(waves[n - 1]);
    selected = new Set([...(selected ?? inWave)].filter((id) => inWave.has(id)));
  }
  if (opts.from !== undefined) {
    const order = waves.flat();
    const at = order.indexOf(opts.from);
    const after = new Set(order.slice(at));
    selected = new Set([...(selected ?? after)].filter((id) => after.has(id)));
  }
  return selected;
}
