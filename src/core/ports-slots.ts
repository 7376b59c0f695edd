/**
 * Port slots: each running task holds one, so parallel dev servers never collide. A pure function of the run state:
 * the lowest slot no active task holds; a task's slot is free again once it leaves the active statuses.
 */
import { ACTIVE, type RunState } from './scheduler/types.js';

/** The slots active tasks hold now. */
export function heldSlots(s: Pick<RunState, 'order' | 'tasks'>, except?: string): Set<number> {
  const held = new Set<number>();
  for (const id of s.order) {
    const t = s.tasks[id];
    if (id !== except && t && ACTIVE.has(t.status) && t.slot !== undefined) held.add(t.slot);
  }
  return held;
}

/** The lowest slot no active task holds (a task starting now gets it). */
export function freeSlot(s: Pick<RunState, 'order' | 'tasks'>, except?: string): number {
  const held = heldSlots(s, except);
  let k = 0;
  while (held.has(k)) k++;
  return k;
}

/** The first port of slot `slot`'s block: MSTUI_PORT. */
export const slotPort = (slot: number, ports: { portBase: number; portsPerTask: number }): number =>
  ports.portBase + ports.portsPerTask * slot;
