/** Durable run state in SQLite (WAL): runs, the event log, hook-file offsets, live agent pids. */
import { accessSync, chmodSync, closeSync, constants, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import type { Event, RunState } from '../core/scheduler/types.js';
import { storageKind } from '../core/storage-fault.js';
import { type RunRow, StorageError, type Store } from '../ports.js';

export type { RunRow, Store, StoredAgent, StoredEvent } from '../ports.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT, milestone TEXT NOT NULL, plan TEXT NOT NULL, base TEXT NOT NULL,
  created_at INTEGER NOT NULL, finished_at INTEGER, exit_code INTEGER);
CREATE TABLE IF NOT EXISTS events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id INTEGER NOT NULL REFERENCES runs(id), at INTEGER NOT NULL,
  task TEXT, type TEXT NOT NULL, body TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_run ON events(run_id, seq);
CREATE TABLE IF NOT EXISTS hook_offsets (run_id INTEGER NOT NULL, task TEXT NOT NULL, offset INTEGER NOT NULL, PRIMARY KEY (run_id, task));
CREATE TABLE IF NOT EXISTS agents (run_id INTEGER NOT NULL, task TEXT NOT NULL, pid INTEGER, session_id TEXT, start_ticks INTEGER, PRIMARY KEY (run_id, task));
CREATE TABLE IF NOT EXISTS snapshots (run_id INTEGER PRIMARY KEY, at INTEGER NOT NULL, state TEXT NOT NULL);
`;

interface RawRun {
  id: number;
  milestone: string;
  plan: string;
  base: string;
  created_at: number;
  finished_at: number | null;
  exit_code: number | null;
}

const toRun = (r: RawRun | undefined): RunRow | null =>
  r
    ? {
        id: r.id,
        milestone: r.milestone,
        plan: r.plan,
        base: r.base,
        createdAt: r.created_at,
        finishedAt: r.finished_at,
        exitCode: r.exit_code,
      }
    : null;

/**
 * Opens (or creates) the state database. Every failure, here and in every method of the store, is a StorageError
 * saying what kind it is (disk full, read-only, damaged...), never a bare SqliteError.
 */
export function openStore(path: string): Store {
  let store: Store;
  try {
    store = open(path);
  } catch (e) {
    throw storageErrorOf(e, path);
  }
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(store) as [string, (...a: unknown[]) => unknown][]) {
    out[name] = (...args: unknown[]) => {
      try {
        return fn(...args);
      } catch (e) {
        throw storageErrorOf(e, path);
      }
    };
  }
  return out as unknown as Store;
}

/** A SqliteError (or errno error) as a StorageError. An I/O error on a file mstui may not write is "read-only". */
export function storageErrorOf(e: unknown, path: string): StorageError {
  if (e instanceof StorageError) return e;
  const raw = (e as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : e instanceof Error ? e.name : 'unknown';
  let kind = storageKind(code);
  if (kind === 'io' || kind === 'other') {
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      try {
        accessSync(file, constants.W_OK);
      } catch (err) {
        const c = (err as NodeJS.ErrnoException).code ?? '';
        if (storageKind(c) === 'read-only') kind = 'read-only';
      }
    }
  }
  const message = e instanceof Error ? e.message : String(e);
  return new StorageError(kind, code, path, `${path}: ${message} (${code})`, e);
}

function open(path: string): Store {
  // Owner-only: agents' prompts and screens end up here. SQLite gives its -wal and -shm files the database's mode.
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  // Databases from before start times were recorded.
  if (!(db.prepare('PRAGMA table_info(agents)').all() as { name: string }[]).some((c) => c.name === 'start_ticks'))
    db.exec('ALTER TABLE agents ADD COLUMN start_ticks INTEGER');
  const q = {
    open: db.prepare('SELECT * FROM runs WHERE milestone = ? AND finished_at IS NULL ORDER BY id DESC LIMIT 1'),
    last: db.prepare('SELECT * FROM runs WHERE (? IS NULL OR milestone = ?) ORDER BY id DESC LIMIT 1'),
    create: db.prepare('INSERT INTO runs (milestone, plan, base, created_at) VALUES (?, ?, ?, ?)'),
    finish: db.prepare('UPDATE runs SET finished_at = ?, exit_code = ? WHERE id = ?'),
    append: db.prepare('INSERT INTO events (run_id, at, task, type, body) VALUES (?, ?, ?, ?, ?)'),
    events: db.prepare('SELECT seq, at, body FROM events WHERE run_id = ? ORDER BY seq'),
    offset: db.prepare('SELECT offset FROM hook_offsets WHERE run_id = ? AND task = ?'),
    setOffset: db.prepare(
      'INSERT INTO hook_offsets (run_id, task, offset) VALUES (?, ?, ?) ON CONFLICT(run_id, task) DO UPDATE SET offset = excluded.offset',
    ),
    setAgent: db.prepare(
      'INSERT INTO agents (run_id, task, pid, session_id, start_ticks) VALUES (?, ?, ?, ?, ?) ON CONFLICT(run_id, task) DO UPDATE SET pid = excluded.pid, session_id = COALESCE(excluded.session_id, agents.session_id), start_ticks = excluded.start_ticks',
    ),
    clearAgent: db.prepare('UPDATE agents SET pid = NULL, start_ticks = NULL WHERE run_id = ? AND task = ? AND pid = ?'),
    agents: db.prepare('SELECT task, pid, session_id, start_ticks FROM agents WHERE run_id = ?'),
    saveSnapshot: db.prepare(
      'INSERT INTO snapshots (run_id, at, state) VALUES (?, ?, ?) ON CONFLICT(run_id) DO UPDATE SET at = excluded.at, state = excluded.state',
    ),
    snapshot: db.prepare('SELECT at, state FROM snapshots WHERE run_id = ?'),
  };
  const appendTx = db.transaction((runId: number, at: number, event: Event, hook?: { task: string; offset: number }) => {
    const task = 'task' in event ? event.task : null;
    const r = q.append.run(runId, at, task, event.type, JSON.stringify(event));
    if (hook) q.setOffset.run(runId, hook.task, hook.offset);
    return Number(r.lastInsertRowid);
  });
  return {
    openRun: (m) => toRun(q.open.get(m) as RawRun | undefined),
    lastRun: (m) => toRun(q.last.get(m ?? null, m ?? null) as RawRun | undefined),
    createRun(milestone, plan, base, at) {
      const r = q.create.run(milestone, plan, base, at);
      return { id: Number(r.lastInsertRowid), milestone, plan, base, createdAt: at, finishedAt: null, exitCode: null };
    },
    finishRun: (id, code, at) => void q.finish.run(at, code, id),
    append: (runId, at, event, hook) => appendTx(runId, at, event, hook),
    events: (runId) =>
      (q.events.all(runId) as { seq: number; at: number; body: string }[]).map((r) => ({
        seq: r.seq,
        at: r.at,
        event: JSON.parse(r.body) as Event,
      })),
    hookOffset: (runId, task) => (q.offset.get(runId, task) as { offset: number } | undefined)?.offset ?? 0,
    setHookOffset: (runId, task, offset) => void q.setOffset.run(runId, task, offset),
    setAgent: (runId, task, pid, sessionId, startTicks = null) => void q.setAgent.run(runId, task, pid, sessionId, startTicks),
    clearAgent: (runId, task, pid) => void q.clearAgent.run(runId, task, pid),
    agents: (runId) =>
      (q.agents.all(runId) as { task: string; pid: number | null; session_id: string | null; start_ticks: number | null }[]).map((r) => ({
        task: r.task,
        pid: r.pid,
        sessionId: r.session_id,
        startTicks: r.start_ticks,
      })),
    saveSnapshot: (runId, at, state) => void q.saveSnapshot.run(runId, at, JSON.stringify(state)),
    snapshot(runId) {
      const r = q.snapshot.get(runId) as { at: number; state: string } | undefined;
      return r ? { at: r.at, state: JSON.parse(r.state) as RunState } : null;
    },
    close: () => db.close(),
  };
}

/** For `mstui doctor`: opens the state database read-only (or an in-memory one) and says what it found. */
export function probeStore(path: string | null): string {
  const db = path === null ? new Database(':memory:') : new Database(path, { readonly: true, fileMustExist: true });
  try {
    const version = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    if (path === null) return `SQLite ${version}`;
    const hasRuns = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'runs'").get() !== undefined;
    const runs = hasRuns ? (db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n : 0;
    return `SQLite ${version}, ${runs} run${runs === 1 ? '' : 's'} recorded`;
  } finally {
    db.close();
  }
}
