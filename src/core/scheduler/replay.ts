/** A run's state rebuilt from its stored events: the one way `mstui run` (resume) and `mstui report` compute it. */
import { initState, type PlanTaskInput } from './init.js';
import { reduce } from './reduce.js';
import type { Event, RunOptions, RunState } from './types.js';

/** Tasks the run's events name: they started in this run, whatever the branch says now. */
export function touchedBy(events: readonly Event[]): Set<string> {
  return new Set(events.flatMap((event) => ('task' in event && event.task ? [event.task] : [])));
}

/**
 * Tasks start done when the plan says so, or when they were merged before the run (on the integration branch) and
 * the run did not touch them: a task this run worked on starts as it was when the run began, or the replay would
 * schedule differently from the run it replays.
 */
export function replayRun(
  tasks: readonly PlanTaskInput[],
  mergedBefore: ReadonlySet<string>,
  events: readonly Event[],
  selected: ReadonlySet<string> | null,
  options: RunOptions,
): RunState {
  const touched = touchedBy(events);
  const start = tasks.map((t) => ({ ...t, done: t.done || (mergedBefore.has(t.id) && !touched.has(t.id)) }));
  let state = initState(start, selected, options);
  for (const e of events) state = reduce(state, e).state;
  return state;
}
