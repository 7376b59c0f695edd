/** The headless run's start line (seed 001's resume): what is done before the run, and why, and where it starts. */
import type { PlanFormat } from './plan/model.js';

/** Ids listed per group before the rest is counted: a 300-task milestone's line stays readable. */
export const START_LINE_MAX_IDS = 12;

/** Where a plan's own done marks come from, as the start line says it. */
const DONE_SOURCE: Record<PlanFormat, string> = {
  markdown: 'from handoff',
  'task-ids': 'from handoff',
  yaml: 'completed in the milestone file',
  github: 'closed issues',
};

export interface StartFacts {
  format: PlanFormat;
  /** The plan's tasks in plan order, `done` as the plan itself (handoff, YAML status, closed issue) says. */
  tasks: readonly { id: string; done: boolean }[];
  /** Tasks whose section is in the handoff on the integration branch: merged by an earlier run. */
  mergedBefore: ReadonlySet<string>;
  /** The tasks this run walks, in wave then plan order (after --only/--wave/--from). */
  order: readonly string[];
}

/** `Completed: 4.1, 4.2 (from handoff), 4.3 (merged earlier) · Starting from: 4.4`. */
export function startLine(f: StartFacts): string {
  const fromPlan = f.tasks.filter((t) => t.done).map((t) => t.id);
  const merged = f.tasks.filter((t) => !t.done && f.mergedBefore.has(t.id)).map((t) => t.id);
  const groups = [
    ...(fromPlan.length ? [`${ids(fromPlan)} (${DONE_SOURCE[f.format]})`] : []),
    ...(merged.length ? [`${ids(merged)} (merged earlier)`] : []),
  ];
  const done = new Set([...fromPlan, ...merged]);
  const first = f.order.find((id) => !done.has(id));
  return `Completed: ${groups.length ? groups.join(', ') : 'none'} · Starting from: ${first ?? 'nothing (every task is done)'}`;
}

function ids(list: readonly string[]): string {
  if (list.length <= START_LINE_MAX_IDS) return list.join(', ');
  return `${list.slice(0, START_LINE_MAX_IDS).join(', ')} and ${list.length - START_LINE_MAX_IDS} more`;
}
