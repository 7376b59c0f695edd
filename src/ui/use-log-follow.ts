/**
 * The log view follows the agent while it is open (like `tail -f`): each time the task's agent prints, the log is
 * read again, at most every `delayMs` (the engine writes the log on the same output, a moment later). Reads do not
 * overlap; a read that changed nothing changes no state (ui-state's `loaded`).
 */
import { useEffect } from 'react';
import type { Overlay, UiAction } from './ui-state.js';
import type { UiEngine } from './view-model.js';

/** Least time between two reads of a followed log, and between the agent's output and the read. */
export const LOG_FOLLOW_MS = 250;

export function useLogFollow(
  engine: UiEngine,
  overlay: Overlay,
  load: (task: string) => Promise<string>,
  dispatch: (action: UiAction) => void,
  delayMs = LOG_FOLLOW_MS,
): void {
  // Once the first read is in: before it, the overlay says "Loading…" and its own read is on the way.
  const task = overlay.kind === 'log' && (overlay.text !== null || overlay.error !== null) ? overlay.task : null;
  useEffect(() => {
    if (task === null) return;
    let stopped = false;
    let busy = false;
    let again = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = () => {
      timer = undefined;
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      load(task)
        .then(
          (text) => stopped || dispatch({ type: 'loaded', kind: 'log', task, text, error: null }),
          () => {}, // the view keeps what it showed; the next output tries again
        )
        .finally(() => {
          busy = false;
          if (again && !stopped) {
            again = false;
            schedule();
          }
        });
    };
    const schedule = () => {
      if (timer === undefined && !stopped) timer = setTimeout(read, delayMs);
    };
    const off = engine.onScreen((t) => {
      if (t === task) schedule();
    });
    // And once now: the agent may have printed between the first read and this subscription.
    schedule();
    return () => {
      stopped = true;
      off();
      clearTimeout(timer);
    };
  }, [engine, task, load, dispatch, delayMs]);
}
