/**
 * `mstui run`'s lock and state store, with storage faults as one line each: before the engine runs, a fault (a
 * read-only, unopenable or full state.db) ends the command with exit 2 and nothing ran; once it runs, the first
 * fault stops the engine (agents ended, timers and watchers closed) and the command exits STORAGE_FAULT_EXIT.
 */
import { relative } from 'node:path';
import { openStore } from '../adapters/store.js';
import { storageFaultLine } from '../core/storage-fault.js';
import type { Layout } from '../engine/layout.js';
import { acquireLock } from '../engine/lock.js';
import type { RunControl } from '../engine/setup.js';
import { asStorageError, guardStore, STORAGE_FAULT_EXIT } from '../engine/storage-guard.js';
import type { StorageError, Store } from '../ports.js';
import { UsageError } from './errors.js';

export interface RunStore {
  store: Store;
  release(): void;
  /** For the engine's `storageFault`: a state file could not be written. */
  fault(error: unknown, path: string): void;
  /** From now on a fault stops `engine`, with STORAGE_FAULT_EXIT. */
  stops(engine: Pick<RunControl, 'shutdown'>): void;
  /** After the run: when there was a fault, its line on stderr and the exit code; null when there was none. */
  faultExit(): number | null;
}

export function openRunStore(layout: Layout, cwd: string): RunStore {
  const line = (e: StorageError, when: 'start' | 'run') =>
    storageFaultLine({ kind: e.kind, code: e.code, path: relative(cwd, e.path) || e.path, runState: e.path === layout.db }, when);
  let release: () => void;
  try {
    release = acquireLock(layout.lock);
  } catch (e) {
    if ((e as { exitCode?: unknown }).exitCode !== undefined) throw e;
    throw new UsageError(line(asStorageError(e, layout.lock), 'start'));
  }
  let raw: Store;
  try {
    raw = openStore(layout.db);
  } catch (e) {
    release();
    throw new UsageError(line(asStorageError(e, layout.db), 'start'));
  }
  let onFault = (e: StorageError): void => {
    throw new UsageError(line(e, 'start'));
  };
  const guard = guardStore(raw, layout.db, (e) => onFault(e));
  return {
    store: guard.store,
    release,
    fault: guard.fault,
    stops(engine) {
      onFault = () => void engine.shutdown(STORAGE_FAULT_EXIT);
    },
    faultExit() {
      if (!guard.faulted) return null;
      process.stderr.write(`mstui: ${line(guard.faulted, 'run')}\n`);
      return STORAGE_FAULT_EXIT;
    },
  };
}
