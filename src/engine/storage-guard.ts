/**
 * Storage faults stop a run once, cleanly. The guarded store reports its first failure (a full disk, a read-only or
 * damaged state.db) and turns every later call into a no-op, so the shutdown that follows (which saves a snapshot)
 * cannot throw again; a failed write of another state file (an agent's log, a failure report) is the same fault.
 */
import { sep } from 'node:path';
import { storageKind } from '../core/storage-fault.js';
import { StorageError, type Store } from '../ports.js';

/** The exit code of a run stopped by a storage fault (README, "Exit codes"; `mstui run --help`). */
export const STORAGE_FAULT_EXIT = 4;

export interface StorageGuard {
  /** The store: its first failure goes to `onFault`, every call after that does nothing (reads return nothing). */
  readonly store: Store;
  /** Another state file could not be written (`path`): the same fault, reported if it is the first. */
  fault(error: unknown, path: string): void;
  /** The first fault, once there was one. */
  readonly faulted: StorageError | null;
}

/** Any error as a StorageError about `path` (a SqliteError's or errno error's code says what kind). */
export function asStorageError(e: unknown, path: string): StorageError {
  if (e instanceof StorageError) return e;
  const raw = (e as { code?: unknown } | null)?.code;
  const code = typeof raw === 'string' ? raw : e instanceof Error ? e.name : 'unknown';
  const message = e instanceof Error ? e.message : String(e);
  return new StorageError(storageKind(code), code, path, `${path}: ${message}`, e);
}

/**
 * Guards `store` (whose file is `dbPath`). `onFault` is called once, with the first fault; when it throws (before
 * the run started, the fault ends the command), the throw reaches the caller of the failed method.
 */
export function guardStore(store: Store, dbPath: string, onFault: (e: StorageError) => void): StorageGuard {
  let faulted: StorageError | null = null;
  const report = (e: unknown, path: string) => {
    if (faulted) return;
    faulted = asStorageError(e, path);
    onFault(faulted);
  };
  const call = <K extends Exclude<keyof Store, 'close'>>(name: K, after: ReturnType<Store[K]>): Store[K] =>
    ((...args: unknown[]) => {
      if (faulted) return after;
      try {
        return (store[name] as (...a: unknown[]) => unknown).apply(store, args);
      } catch (e) {
        report(e, dbPath);
        return after;
      }
    }) as Store[K];
  const noRun = { id: 0, milestone: '', plan: '', base: '', createdAt: 0, finishedAt: null, exitCode: null };
  const guarded: Store = {
    openRun: call('openRun', null),
    lastRun: call('lastRun', null),
    createRun: call('createRun', noRun),
    finishRun: call('finishRun', undefined),
    append: call('append', 0),
    events: call('events', []),
    hookOffset: call('hookOffset', 0),
    setHookOffset: call('setHookOffset', undefined),
    setAgent: call('setAgent', undefined),
    clearAgent: call('clearAgent', undefined),
    agents: call('agents', []),
    saveSnapshot: call('saveSnapshot', undefined),
    snapshot: call('snapshot', null),
    // Closing is always tried (it releases the file), and never throws.
    close: () => {
      try {
        store.close();
      } catch {
        // already closed, or the file is gone: nothing more to release
      }
    },
  };
  return {
    store: guarded,
    fault: report,
    get faulted() {
      return faulted;
    },
  };
}

/**
 * True when `e` is a failed write of mstui's own state: an errno error (ENOSPC, EROFS, EACCES, EIO...) about a
 * file in `stateDir`, or with no path at all (a write on an open file). Such an error is a storage fault, not a
 * task's failure.
 */
export function isStateWriteError(e: unknown, stateDir: string): boolean {
  const err = e as { code?: unknown; path?: unknown; syscall?: unknown } | null;
  if (typeof err?.code !== 'string' || !/^E[A-Z]+$/.test(err.code)) return false;
  if (!['full', 'read-only', 'io'].includes(storageKind(err.code))) return false;
  if (typeof err.syscall === 'string' && err.syscall.startsWith('spawn')) return false;
  return err.path === undefined || (typeof err.path === 'string' && (err.path === stateDir || err.path.startsWith(`${stateDir}${sep}`)));
}

/**
 * Reports `e` through `setup.storageFault` when it is a failed write of a state file (see isStateWriteError):
 * true when it was reported (the caller then does nothing else with it). Without a `storageFault`, never.
 */
export function reportStateFault(
  setup: { layout: { state: string }; storageFault?: ((error: unknown, path: string) => void) | undefined },
  e: unknown,
  path?: string,
): boolean {
  if (!setup.storageFault || !isStateWriteError(e, setup.layout.state)) return false;
  const own = (e as { path?: unknown }).path;
  setup.storageFault(e, path ?? (typeof own === 'string' ? own : setup.layout.state));
  return true;
}
