/** The run's durable state (a port; re-exported by ../ports.ts): the SQLite store implements it. */
import type { Event, RunState } from '../core/scheduler/types.js';
import type { StorageFaultKind } from '../core/storage-fault.js';

export interface RunRow {
  id: number;
  milestone: string;
  plan: string;
  base: string;
  createdAt: number;
  finishedAt: number | null;
  exitCode: number | null;
}

export interface StoredAgent {
  task: string;
  pid: number | null;
  sessionId: string | null;
  /** The process's start time in clock ticks after boot (Linux /proc/<pid>/stat field 22); null when unknown. */
  startTicks: number | null;
}

export interface StoredEvent {
  seq: number;
  at: number;
  event: Event;
}

/** mstui's own state could not be read or written: the run state in SQLite, or a state file (an agent's log). */
export class StorageError extends Error {
  readonly kind: StorageFaultKind;
  /** The SQLite result code (`SQLITE_FULL`, `SQLITE_IOERR_WRITE`) or errno code (`ENOSPC`). */
  readonly code: string;
  readonly path: string;
  constructor(kind: StorageFaultKind, code: string, path: string, message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'StorageError';
    this.kind = kind;
    this.code = code;
    this.path = path;
  }
}

/** The run's durable state. Every method throws a StorageError when the database cannot be read or written. */
export interface Store {
  /** The newest unfinished run of this milestone, if any. */
  openRun(milestone: string): RunRow | null;
  lastRun(milestone?: string): RunRow | null;
  createRun(milestone: string, plan: string, base: string, at: number): RunRow;
  finishRun(runId: number, exitCode: number, at: number): void;
  /** Appends an event; with `hook`, records how far that task's hook file was read, atomically. */
  append(runId: number, at: number, event: Event, hook?: { task: string; offset: number }): number;
  events(runId: number): StoredEvent[];
  hookOffset(runId: number, task: string): number;
  setHookOffset(runId: number, task: string, offset: number): void;
  /** Records a task's agent: its pid and, to prove later that a live process with that pid is still it, its start time. */
  setAgent(runId: number, task: string, pid: number | null, sessionId: string | null, startTicks?: number | null): void;
  /** The agent with this pid ended: its pid is forgotten (a later agent of the task keeps its own). */
  clearAgent(runId: number, task: string, pid: number): void;
  agents(runId: number): StoredAgent[];
  /** The run's state as of its last snapshot (written when it finishes or shuts down), for `mstui report`. */
  saveSnapshot(runId: number, at: number, state: RunState): void;
  snapshot(runId: number): { at: number; state: RunState } | null;
  close(): void;
}
