/** What `mstui plan` shows: waves, resume point, critical path, the JSON shape. */
import { buildGraph, criticalPath, topoWaves } from '../graph/graph.js';
import type { Result } from '../result.js';
import { err, ok } from '../result.js';
import { type Plan, type PlanError, planError } from './model.js';

export interface PlanView {
  waves: string[][];
  resumeFrom: string | null;
  criticalPath: string[];
  counts: { tasks: number; done: number; remaining: number };
}

export function planView(plan: Plan, from?: string): Result<PlanView, PlanError> {
  const g = buildGraph(plan.tasks);
  const order = topoWaves(g);
  if (!order.ok) return err(planError('cycle', `dependency cycle: ${order.error.cycle.join(' → ')}`));
  const waves = order.value.map((w) => w.map((i) => g.ids[i] ?? '?'));
  const done = new Set(plan.tasks.filter((t) => t.done).map((t) => t.id));
  if (from !== undefined && !g.index.has(from)) {
    const known = plan.tasks
      .slice(0, 8)
      .map((t) => t.id)
      .join(', ');
    return err(
      planError(
        'unknown-task',
        `--from ${from}: no such task in ${plan.milestone.source} (tasks: ${known}${plan.tasks.length > 8 ? ', ...' : ''})`,
      ),
    );
  }
  const resumeFrom = from ?? waves.flat().find((id) => !done.has(id)) ?? null;
  return ok({
    waves,
    resumeFrom,
    criticalPath: criticalPath(g, order.value).ids,
    counts: { tasks: plan.tasks.length, done: done.size, remaining: plan.tasks.length - done.size },
  });
}

/** The `--json` object of `mstui plan` (a stable shape; add keys, never rename). */
export function planJson(plan: Plan, view: PlanView) {
  return {
    milestone: { id: plan.milestone.id, title: plan.milestone.title, source: plan.milestone.source, format: plan.milestone.format },
    tasks: plan.tasks.map((t) => ({
      id: t.id,
      title: t.title,
      kind: t.kind,
      rawType: t.rawType,
      deps: t.deps,
      files: t.files,
      done: t.done,
      ...(t.kiro ? { kiro: t.kiro } : {}),
    })),
    waves: view.waves,
    resumeFrom: view.resumeFrom,
    warnings: plan.warnings,
    criticalPath: view.criticalPath,
    needsReview: plan.needsReview,
  };
}
