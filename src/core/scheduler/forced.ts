/** What forcing a task past a failed check leaves on it: a record of the check, as it stands, for the report. Pure. */
import type { ForcedCheck, TaskRun } from './types.js';

/** The gate name of a forced CI record. */
export const CI_GATE = 'CI';

/** Forced past its failed gate: the gate (the last of its failed round) and that gate's output tail. */
export function forcedGate(t: TaskRun): ForcedCheck[] {
  const gate = t.gateChecks?.at(-1)?.name ?? 'a gate';
  return [...(t.forced ?? []), { gate, output: t.gateOutput ?? '' }];
}

/** Forced past red CI: the summary, the failing checks and the log's tail. */
export function forcedCi(t: TaskRun): ForcedCheck[] {
  const failing = t.ci.failing.length > 0 ? `failing: ${t.ci.failing.join(', ')}` : '';
  const output = [t.ci.summary, failing, t.ci.log ?? ''].filter((l) => l.trim() !== '').join('\n');
  return [...(t.forced ?? []), { gate: CI_GATE, output }];
}

/** Drops the records `drop` picks: that check runs again, so what was forced no longer holds. */
export function dropForced(t: TaskRun, drop: (f: ForcedCheck) => boolean): TaskRun {
  if (!t.forced?.some(drop)) return t;
  const { forced, ...rest } = t;
  const left = forced.filter((f) => !drop(f));
  return left.length > 0 ? { ...rest, forced: left } : rest;
}
