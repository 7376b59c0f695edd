/**
 * The SQLite store under storage faults, for real: every failure is a StorageError saying what kind it is; an event
 * and its hook offset are saved together or not at all; a full tmpfs and immutable files stand in for a full disk
 * and a read-only state.db.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store.js';
import { guardStore } from '../../src/engine/storage-guard.js';
import { StorageError } from '../../src/ports.js';
import { fill, immutableFilesUnsupported, makeImmutable, mountTmpfs } from '../helpers/storage.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'mstui-store-'));
  cleanups.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
};
const caught = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

const probe = mountTmpfs(2);
const noTmpfs = typeof probe === 'string' ? probe : null;
if (typeof probe !== 'string') probe.unmount();
const noImmutable = immutableFilesUnsupported();

describe('an event with its hook offset', () => {
  it('is saved with the offset in one transaction: when the offset cannot be written, neither is the event', () => {
    const db = join(tempDir(), 'state.db');
    const store = openStore(db);
    cleanups.push(() => store.close());
    const run = store.createRun('M1', 'p.md', 'main', 0);
    store.append(run.id, 1, { type: 'AgentBusy', task: 'a' }, { task: 'a', offset: 10 });
    // Another connection makes the next offset write fail, as a full disk would, halfway through the append.
    const other = new Database(db);
    other.exec("CREATE TRIGGER boom BEFORE UPDATE ON hook_offsets BEGIN SELECT RAISE(ABORT, 'no room'); END");
    other.close();
    const e = caught(() => store.append(run.id, 2, { type: 'AgentIdle', task: 'a' }, { task: 'a', offset: 20 }));
    expect(e).toBeInstanceOf(StorageError);
    expect(e).toMatchObject({ code: 'SQLITE_CONSTRAINT_TRIGGER', path: db });
    expect(store.events(run.id).map((r) => r.event.type)).toEqual(['AgentBusy']);
    expect(store.hookOffset(run.id, 'a')).toBe(10);
  });
});

describe('a full disk', () => {
  it.skipIf(noTmpfs !== null)(
    `every write is a StorageError of kind full (SQLITE_FULL); guarded, one fault${noTmpfs ? ` (skipped: ${noTmpfs})` : ''}`,
    () => {
      const fs = mountTmpfs(2);
      if (typeof fs === 'string') throw new Error(fs);
      cleanups.push(() => fs.unmount());
      const db = join(fs.dir, 'state.db');
      const store = openStore(db);
      cleanups.push(() => store.close());
      const run = store.createRun('M1', 'p.md', 'main', 0);
      fill(fs.dir, 'filler');
      const big = { type: 'GatesFailed' as const, task: 'a', gate: 'test', output: 'x'.repeat(64 * 1024), exitCode: 1 };
      const e = caught(() => {
        for (let i = 0; i < 100; i++) store.append(run.id, i, big);
      });
      expect(e).toBeInstanceOf(StorageError);
      expect(e).toMatchObject({ kind: 'full', code: 'SQLITE_FULL', path: db });
      const faults: StorageError[] = [];
      const guard = guardStore(store, db, (f) => faults.push(f));
      for (let i = 0; i < 3; i++) guard.store.append(run.id, i, big);
      guard.store.saveSnapshot(run.id, 9, {} as never);
      expect(faults.map((f) => f.kind)).toEqual(['full']);
    },
  );
});

describe('a read-only state.db', () => {
  it.skipIf(noImmutable !== null)(
    `made immutable under an open connection: kind read-only${noImmutable ? ` (skipped: ${noImmutable})` : ''}`,
    () => {
      const db = join(tempDir(), 'state.db');
      const store = openStore(db);
      cleanups.push(() => store.close());
      const run = store.createRun('M1', 'p.md', 'main', 0);
      cleanups.push(makeImmutable([db, `${db}-wal`]));
      const e = caught(() => store.append(run.id, 1, { type: 'RunResumed' }));
      expect(e).toBeInstanceOf(StorageError);
      // SQLite says "disk I/O error"; the files say why: they are not writable.
      expect(e).toMatchObject({ kind: 'read-only', code: 'SQLITE_IOERR_WRITE' });
    },
  );

  it.skipIf(noImmutable !== null)(
    `at open: a StorageError of kind read-only, before anything is written${noImmutable ? ` (skipped: ${noImmutable})` : ''}`,
    () => {
      const db = join(tempDir(), 'state.db');
      openStore(db).close();
      cleanups.push(makeImmutable([db]));
      const e = caught(() => openStore(db));
      expect(e).toBeInstanceOf(StorageError);
      expect(e).toMatchObject({ kind: 'read-only', code: 'EPERM', path: db });
    },
  );
});
