/**
 * A Map-backed Store with the SQLite store's semantics (src/adapters/store.ts): ids count from 1, an event and its hook
 * offset are written together, a session id is kept when a later setAgent passes null, clearAgent forgets only that pid.
 * (openStore(':memory:') is not an option: it first creates a file named `:memory:` in the working directory.)
 */
import type { Event, RunState } from '../../src/core/scheduler/types.js';
import type { RunRow, Store, StoredAgent, StoredEvent } from '../../src/ports.js';

export interface MemoryStore extends Store {
  readonly closed: boolean;
}

export function memoryStore(): MemoryStore {
  const runs: RunRow[] = [];
  const events = new Map<number, StoredEvent[]>();
  const offsets = new Map<string, number>();
  const agents = new Map<number, Map<string, StoredAgent>>();
  const snapshots = new Map<number, { at: number; state: RunState }>();
  let seq = 0;
  let closed = false;
  const open = () => {
    if (closed) throw new Error('The database connection is not open');
  };
  /** A read: like SQLite's, it fails once the store is closed. */
  const read = <T>(fn: () => T): T => {
    open();
    return structuredClone(fn());
  };
  const key = (runId: number, task: string) => `${runId}\u0000${task}`;
  const copy = <T>(v: T): T => structuredClone(v);
  const agentsOf = (runId: number) => {
    const m = agents.get(runId) ?? new Map<string, StoredAgent>();
    agents.set(runId, m);
    return m;
  };
  return {
    get closed() {
      return closed;
    },
    openRun: (m) => read(() => runs.findLast((r) => r.milestone === m && r.finishedAt === null) ?? null),
    lastRun: (m) => read(() => runs.findLast((r) => m === undefined || r.milestone === m) ?? null),
    createRun(milestone, plan, base, at) {
      open();
      const row: RunRow = { id: runs.length + 1, milestone, plan, base, createdAt: at, finishedAt: null, exitCode: null };
      runs.push(row);
      return copy(row);
    },
    finishRun(runId, exitCode, at) {
      open();
      const r = runs.find((x) => x.id === runId);
      if (r) Object.assign(r, { finishedAt: at, exitCode });
    },
    append(runId, at, event: Event, hook) {
      open();
      const list = events.get(runId) ?? [];
      list.push({ seq: ++seq, at, event: copy(event) });
      events.set(runId, list);
      if (hook) offsets.set(key(runId, hook.task), hook.offset);
      return seq;
    },
    events: (runId) => read(() => events.get(runId) ?? []),
    hookOffset: (runId, task) => read(() => offsets.get(key(runId, task)) ?? 0),
    setHookOffset(runId, task, offset) {
      open();
      offsets.set(key(runId, task), offset);
    },
    setAgent(runId, task, pid, sessionId, startTicks = null) {
      open();
      const m = agentsOf(runId);
      m.set(task, { task, pid, sessionId: sessionId ?? m.get(task)?.sessionId ?? null, startTicks });
    },
    clearAgent(runId, task, pid) {
      open();
      const a = agentsOf(runId).get(task);
      if (a && a.pid === pid) Object.assign(a, { pid: null, startTicks: null });
    },
    agents: (runId) => read(() => [...agentsOf(runId).values()]),
    saveSnapshot(runId, at, state) {
      open();
      snapshots.set(runId, { at, state: copy(state) });
    },
    snapshot: (runId) => read(() => snapshots.get(runId) ?? null),
    close() {
      closed = true;
    },
  };
}
