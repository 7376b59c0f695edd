/** Starts what may start: free slots, dependencies merged, no overlapping files, not paused. */
import { freeSlot } from '../ports-slots.js';
import { holdBeforeStart } from './before-start.js';
import { kiroFirstPrompt, kiroStart } from './kiro.js';
import type { Step } from './types.js';
import { ACTIVE, type Effect, type RunState, SATISFIED, TERMINAL } from './types.js';

export function schedule(s: RunState, fx: Effect[]): Step {
  if (s.finished) return { state: s, effects: fx };
  // The plan approved, inferred dependencies confirmed, the baseline green: until then nothing starts.
  if (holdBeforeStart(s, fx, () => readyByPriority(s).length > 0)) return { state: s, effects: fx };
  // A rate limit or an overloaded API: busy agents go on, nothing new starts until the hold ends.
  if (!s.paused && !s.halted && !s.apiHold) {
    const active = s.order.filter((id) => ACTIVE.has(s.tasks[id]?.status ?? 'pending'));
    const busyFiles = new Set(active.flatMap((id) => s.info[id]?.files ?? []));
    let free = s.options.parallel - active.length;
    for (const id of readyByPriority(s)) {
      if (free <= 0) break;
      const files = s.info[id]?.files ?? [];
      if (files.some((f) => busyFiles.has(f))) continue;
      const t = s.tasks[id];
      if (!t) continue;
      s.tasks[id] = { ...t, status: 'running', agent: 'starting', question: null, slot: freeSlot(s), ...kiroStart(s, id) };
      fx.push({ type: 'StartTask', task: id, resume: false, prompt: kiroFirstPrompt(s, id) });
      for (const f of files) busyFiles.add(f);
      free--;
    }
  }
  // Aborted (user abort / stop): agents were stopped, tasks waiting on a human or gates will not end on their own.
  const anyActive = !s.aborted && s.order.some((id) => ACTIVE.has(s.tasks[id]?.status ?? 'pending'));
  const canStart = !s.halted && readyByPriority(s).length > 0;
  if (!anyActive && (!canStart || s.aborted) && !((s.paused || s.apiHold) && canStart)) {
    // The post-merge integration test runs once, after the last merge, before the run ends.
    if (!s.aborted && s.options.integration && s.integration === 'none' && s.order.some((id) => s.tasks[id]?.status === 'merged')) {
      s.integration = 'running';
      fx.push({ type: 'RunIntegration' });
    }
    if (s.integration === 'running' || (s.integration === 'failed' && s.question?.kind === 'integration-failed'))
      return { state: s, effects: fx };
    s.finished = true;
    fx.push({ type: 'Finish', exitCode: exitCodeOf(s) });
  }
  return { state: s, effects: fx };
}

/** Pending tasks whose dependencies are satisfied, longest chain of dependents first, then document order. */
export function readyByPriority(s: RunState): string[] {
  const ready = s.order.filter(
    (id) => s.tasks[id]?.status === 'pending' && (s.info[id]?.deps ?? []).every((d) => SATISFIED.has(s.tasks[d]?.status ?? 'pending')),
  );
  const pos = new Map(s.order.map((id, i) => [id, i]));
  return ready.sort((a, b) => (s.info[b]?.rank ?? 0) - (s.info[a]?.rank ?? 0) || (pos.get(a) ?? 0) - (pos.get(b) ?? 0));
}

/** 0 when every task is merged, done, or skipped by the user; 1 when one failed or the run stopped early. */
export function exitCodeOf(s: RunState): number {
  const all = Object.values(s.tasks);
  if (all.some((t) => t.status === 'failed') || s.integration === 'failed') return 1;
  if (s.aborted || all.some((t) => !TERMINAL.has(t.status))) return 1;
  return 0;
}
