/**
 * Storage faults: the guarded store reports its first failure once and then does nothing; state-file write errors
 * are told from a task's own failures; the one line a user sees; the disk question raised before a worktree.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentProcess, type PtyFactory, Screen } from '../../src/adapters/pty.js';
import type { Event } from '../../src/core/scheduler/types.js';
import { storageFaultLine, storageKind } from '../../src/core/storage-fault.js';
import { Agents } from '../../src/engine/agents.js';
import { DISK_FLOOR_BYTES, staleDiskQuestion, waitForDiskRoom } from '../../src/engine/disk-room.js';
import { guardStore, isStateWriteError, reportStateFault } from '../../src/engine/storage-guard.js';
import { DISK_REASK_MS, newMemo } from '../../src/engine/watchdog.js';
import { StorageError, type Store } from '../../src/ports.js';
import { ev, Script, t } from '../core/scheduler-helpers.js';
import { waitFor } from '../helpers/wait-for.js';

/** What better-sqlite3 throws: an Error named SqliteError with the result code. */
function sqliteError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'SqliteError', code });
}

/** A Store whose every method throws `error` (and counts its calls), except `close`, which only counts. */
function failingStore(error: Error): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const names = ['openRun', 'lastRun', 'createRun', 'finishRun', 'append', 'events', 'hookOffset', 'setHookOffset'];
  const more = ['setAgent', 'clearAgent', 'agents', 'saveSnapshot', 'snapshot'];
  const store: Record<string, unknown> = {};
  for (const name of [...names, ...more])
    store[name] = () => {
      calls.push(name);
      throw error;
    };
  store.close = () => void calls.push('close');
  return { store: store as unknown as Store, calls };
}

const DB = '/repo/.worktrees/.mstui/state.db';
const STATE = '/repo/.worktrees/.mstui';

describe('guardStore', () => {
  it('reports the first SqliteError once (kind from its code); every later call is a no-op with an empty answer', () => {
    const { store, calls } = failingStore(sqliteError('SQLITE_FULL', 'database or disk is full'));
    const faults: StorageError[] = [];
    const guard = guardStore(store, DB, (e) => faults.push(e));
    expect(guard.store.append(1, 0, { type: 'RunResumed' })).toBe(0);
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ kind: 'full', code: 'SQLITE_FULL', path: DB });
    expect(guard.faulted).toBe(faults[0]);
    // The shutdown that follows saves a snapshot; the run's agents are forgotten: none of it throws or reaches SQLite.
    expect(() => guard.store.saveSnapshot(1, 0, {} as never)).not.toThrow();
    guard.store.clearAgent(1, 'a', 5);
    guard.store.finishRun(1, 4, 0);
    expect(guard.store.events(1)).toEqual([]);
    expect(guard.store.agents(1)).toEqual([]);
    expect(guard.store.openRun('M1')).toBeNull();
    expect(guard.store.snapshot(1)).toBeNull();
    expect(guard.store.hookOffset(1, 'a')).toBe(0);
    guard.fault(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }), `${STATE}/logs/a.log`);
    expect(faults).toHaveLength(1);
    expect(calls).toEqual(['append']);
    // Closing is always tried (it releases the file).
    guard.store.close();
    expect(calls).toEqual(['append', 'close']);
  });

  it('a read-only database is kind read-only; a StorageError from the adapter is passed on as it is', () => {
    const faults: StorageError[] = [];
    guardStore(failingStore(sqliteError('SQLITE_READONLY', 'attempt to write a readonly database')).store, DB, (e) =>
      faults.push(e),
    ).store.setAgent(1, 'a', 10, null);
    const own = new StorageError('read-only', 'SQLITE_IOERR_WRITE', DB, 'disk I/O error');
    guardStore(failingStore(own).store, DB, (e) => faults.push(e)).store.events(1);
    expect(faults.map((f) => [f.kind, f.code])).toEqual([
      ['read-only', 'SQLITE_READONLY'],
      ['read-only', 'SQLITE_IOERR_WRITE'],
    ]);
    expect(faults[1]).toBe(own);
  });

  it('an onFault that throws (before the run started) reaches the caller once; the store is then inert', () => {
    const { store, calls } = failingStore(sqliteError('SQLITE_CANTOPEN', 'unable to open database file'));
    const guard = guardStore(store, DB, (e) => {
      throw new Error(`stop: ${e.kind}`);
    });
    expect(() => guard.store.createRun('M1', 'p.md', 'main', 0)).toThrow('stop: unopenable');
    expect(guard.store.createRun('M1', 'p.md', 'main', 0).id).toBe(0);
    expect(calls).toEqual(['createRun']);
  });

  it('a state file fault first is the fault; the store then does nothing', () => {
    const { store, calls } = failingStore(sqliteError('SQLITE_FULL', 'full'));
    const faults: StorageError[] = [];
    const guard = guardStore(store, DB, (e) => faults.push(e));
    guard.fault(Object.assign(new Error('EROFS: read-only file system, write'), { code: 'EROFS' }), `${STATE}/failures/a.md`);
    guard.store.append(1, 0, { type: 'RunResumed' });
    expect(faults.map((f) => [f.kind, f.code, f.path])).toEqual([['read-only', 'EROFS', `${STATE}/failures/a.md`]]);
    expect(calls).toEqual([]);
  });
});

describe('state-file write errors', () => {
  const errno = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(code), { code, ...extra });
  it.each([
    ['ENOSPC on an open file (no path)', errno('ENOSPC', { syscall: 'write' }), true],
    ['EROFS on a state file', errno('EROFS', { path: `${STATE}/settings/a.json` }), true],
    ['EACCES on the state folder itself', errno('EACCES', { path: STATE }), true],
    ['EIO on a failure report', errno('EIO', { path: `${STATE}/failures/a.md` }), true],
    ['ENOSPC in a task worktree (the task, not mstui)', errno('ENOSPC', { path: '/repo/.worktrees/M1-1.1/x' }), false],
    ['a sibling folder that only starts the same', errno('ENOSPC', { path: `${STATE}-other/x` }), false],
    ['ENOENT (a missing file, not a full disk)', errno('ENOENT', { path: `${STATE}/hooks/a.jsonl` }), false],
    ['a spawn failure', errno('EACCES', { syscall: 'spawn claude', path: 'claude' }), false],
    ['a git failure', Object.assign(new Error('git failed'), { code: 'git-failed' }), false],
    ['a plain error', new Error('boom'), false],
  ])('%s → %s', (_, e, expected) => {
    expect(isStateWriteError(e, STATE)).toBe(expected);
  });

  it('reportStateFault reports only state-write errors, and only when the setup has a storageFault', () => {
    const seen: [string, string][] = [];
    const setup = { layout: { state: STATE }, storageFault: (e: unknown, path: string) => void seen.push([(e as Error).message, path]) };
    expect(reportStateFault(setup, errno('ENOSPC', { path: `${STATE}/pr/1.1.md` }))).toBe(true);
    expect(reportStateFault(setup, errno('ENOSPC'), `${STATE}/logs/1.1.log`)).toBe(true);
    expect(reportStateFault(setup, new Error('gates failed'))).toBe(false);
    expect(reportStateFault({ layout: { state: STATE } }, errno('ENOSPC'))).toBe(false);
    expect(seen).toEqual([
      ['ENOSPC', `${STATE}/pr/1.1.md`],
      ['ENOSPC', `${STATE}/logs/1.1.log`],
    ]);
  });
});

describe('the one line', () => {
  it.each([
    ['SQLITE_FULL', 'full'],
    ['SQLITE_FULL_EXTRA', 'full'],
    ['ENOSPC', 'full'],
    ['EDQUOT', 'full'],
    ['SQLITE_READONLY', 'read-only'],
    ['SQLITE_READONLY_DBMOVED', 'read-only'],
    ['EROFS', 'read-only'],
    ['EPERM', 'read-only'],
    ['SQLITE_CANTOPEN', 'unopenable'],
    ['SQLITE_CORRUPT', 'corrupt'],
    ['SQLITE_NOTADB', 'corrupt'],
    ['SQLITE_BUSY', 'busy'],
    ['SQLITE_IOERR_WRITE', 'io'],
    ['EIO', 'io'],
    ['SQLITE_MISUSE', 'other'],
  ])('%s is %s', (code, kind) => {
    expect(storageKind(code)).toBe(kind);
  });

  it('says what, why, that agents stopped and what to do, in one line', () => {
    const db = { kind: 'full', code: 'SQLITE_FULL', path: '.worktrees/.mstui/state.db', runState: true } as const;
    expect(storageFaultLine(db, 'run')).toBe(
      'cannot write the run state (.worktrees/.mstui/state.db): the disk is full (SQLITE_FULL); agents stopped, nothing after the last saved event was recorded. Free space, then run the same command to resume.',
    );
    expect(storageFaultLine({ ...db, kind: 'read-only', code: 'EPERM' }, 'start')).toBe(
      'cannot use the run state (.worktrees/.mstui/state.db): it is read-only (EPERM); nothing ran. Make it writable, then run the same command again.',
    );
    const log = { kind: 'full', code: 'ENOSPC', path: '.worktrees/.mstui/logs/1.1.log', runState: false } as const;
    expect(storageFaultLine(log, 'run')).toMatch(
      /^cannot write mstui's state \(\.worktrees\/\.mstui\/logs\/1\.1\.log\): the disk is full \(ENOSPC\);/,
    );
    for (const line of [storageFaultLine(db, 'run'), storageFaultLine(log, 'start')]) expect(line).not.toContain('\n');
  });
});

describe('disk room before a worktree', () => {
  const MiB = 1024 * 1024;
  const low = { percent: 97, path: '/repo', freeBytes: DISK_FLOOR_BYTES - MiB };
  const roomy = { percent: 40, path: '/repo', freeBytes: 10 * 1024 * MiB };

  function starting() {
    const s = new Script([t('a')]);
    s.send(ev.resumed());
    expect(s.state.tasks.a?.status).toBe('running');
    return s;
  }
  function context(s: Script, disk: () => typeof low | null, stop = { now: false }) {
    const sent: Event[] = [];
    const sleeps: number[] = [];
    const memo = newMemo();
    return {
      sent,
      sleeps,
      memo,
      c: {
        task: 'a',
        disk,
        state: () => s.state,
        stopping: () => stop.now,
        dispatch: (e: Event) => {
          sent.push(e);
          s.send(e);
        },
        // Yields to timers (the test's waitFor) between looks, as a real sleep would.
        sleep: (ms: number) => new Promise<void>((r) => setImmediate(() => r(void sleeps.push(ms)))),
        now: () => 50_000,
        memo,
      },
    };
  }

  it('with room (or no reading) the start goes on at once, asking nothing', async () => {
    const s = starting();
    const x = context(s, () => roomy);
    await expect(waitForDiskRoom(x.c)).resolves.toBe(true);
    await expect(waitForDiskRoom({ ...x.c, disk: () => null })).resolves.toBe(true);
    await expect(waitForDiskRoom({ ...x.c, disk: () => ({ percent: 99, path: '/r' }) })).resolves.toBe(true);
    expect(x.sent).toEqual([]);
  });

  it('under the floor it raises the disk question and waits for continue', async () => {
    const s = starting();
    const x = context(s, () => low);
    const started = waitForDiskRoom(x.c);
    expect(x.sent).toEqual([{ type: 'DiskFull', percent: 97, path: '/repo' }]);
    expect(s.state.question?.kind).toBe('disk-full');
    expect(s.state.paused).toBe(true);
    await waitFor(() => x.sleeps.length >= 2);
    s.send(ev.answered(null, 'continue'));
    await expect(started).resolves.toBe(true);
    // A second start within DISK_REASK_MS of the question: "continue" still holds.
    await expect(waitForDiskRoom(x.c)).resolves.toBe(true);
    expect(x.sent).toHaveLength(1);
    expect(x.memo.diskAskedAtMs).toBe(50_000);
    // Later, it asks again.
    const later = waitForDiskRoom({ ...x.c, now: () => 50_001 + DISK_REASK_MS });
    expect(x.sent).toHaveLength(2);
    s.send(ev.answered(null, 'continue'));
    await expect(later).resolves.toBe(true);
  });

  it('waits for a question the engine asks only after this start returns (dispatched mid-drain)', async () => {
    const s = starting();
    const x = context(s, () => low);
    const queued: Event[] = [];
    // The engine's dispatch while it drains its queue: the event is saved and reduced after the caller returns.
    const started = waitForDiskRoom({ ...x.c, dispatch: (e) => void queued.push(e) });
    for (const e of queued.splice(0)) s.send(e);
    expect(s.state.question?.kind).toBe('disk-full');
    await waitFor(() => x.sleeps.length >= 2);
    s.send(ev.answered(null, 'continue'));
    await expect(started).resolves.toBe(true);
  });

  it('abort (the task is no longer starting) or a shutdown ends the wait with false', async () => {
    const s = starting();
    const x = context(s, () => low);
    const started = waitForDiskRoom(x.c);
    s.send(ev.answered(null, 'abort'));
    await expect(started).resolves.toBe(false);
    const s2 = starting();
    const stop = { now: false };
    const y = context(s2, () => low, stop);
    const waiting = waitForDiskRoom(y.c);
    await waitFor(() => y.sleeps.length >= 1);
    stop.now = true;
    await expect(waiting).resolves.toBe(false);
  });

  it('a disk question is stale once the disk is under the limit and over the floor again', () => {
    const q = { kind: 'disk-full' as const, task: null, text: '', answers: ['continue' as const, 'abort' as const] };
    expect(staleDiskQuestion(q, roomy, 90)).toBe(true);
    expect(staleDiskQuestion(q, low, 90)).toBe(false);
    expect(staleDiskQuestion(q, { percent: 93, path: '/r' }, 90)).toBe(false);
    expect(staleDiskQuestion(q, null, 90)).toBe(false);
    expect(staleDiskQuestion({ ...q, kind: 'confirm-deps' }, roomy, 90)).toBe(false);
  });
});

describe("an agent's log that cannot be written", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('is reported once (no unhandled stream error); the agent and its screen go on', async () => {
    let emit: (d: string) => void = () => {};
    const pty: PtyFactory = {
      spawn: (): AgentProcess => ({
        pid: 1,
        write: () => {},
        resize: () => {},
        kill: () => {},
        onData: (cb) => {
          emit = cb;
        },
        onExit: () => {},
      }),
      screen: (cols, rows) => new Screen(cols, rows),
    };
    const dir = mkdtempSync(join(tmpdir(), 'mstui-logfull-'));
    dirs.push(dir);
    mkdirSync(join(dir, 'logs'));
    // Every write to /dev/full fails with ENOSPC: a full disk, without filling one.
    const logPath = join(dir, 'logs', 'a.log');
    symlinkSync('/dev/full', logPath);
    const agents = new Agents(pty, Date.now);
    const errors: [string, string | undefined][] = [];
    agents.onLogError((path, e) => errors.push([path, (e as NodeJS.ErrnoException).code]));
    const agent = agents.start('a', ['x'], '/', {}, logPath, () => {});
    emit('hello');
    await waitFor(() => errors.length === 1);
    emit(' world');
    await agent.screen.flushed();
    expect(agent.screen.lines()[0]).toBe('hello world');
    expect(errors).toEqual([[logPath, 'ENOSPC']]);
  });
});
