/**
 * Storage faults: mstui could not write its own state (the SQLite run state, an agent's log, a failure report).
 * What kind of fault a SQLite result code or an errno code is, and the one line a user sees about it.
 */

export type StorageFaultKind = 'full' | 'read-only' | 'unopenable' | 'corrupt' | 'busy' | 'io' | 'other';

/** `SQLITE_FULL`, `SQLITE_IOERR_WRITE`, `ENOSPC`, `EROFS`, …: extended SQLite codes are judged by their primary code. */
export function storageKind(code: string): StorageFaultKind {
  if (/^SQLITE_FULL|^ENOSPC$|^EDQUOT$|^EFBIG$/.test(code)) return 'full';
  if (/^SQLITE_READONLY|^SQLITE_PERM|^SQLITE_AUTH|^EROFS$|^EACCES$|^EPERM$/.test(code)) return 'read-only';
  if (/^SQLITE_CANTOPEN|^ENOENT$|^ENOTDIR$|^EISDIR$/.test(code)) return 'unopenable';
  if (/^SQLITE_CORRUPT|^SQLITE_NOTADB/.test(code)) return 'corrupt';
  if (/^SQLITE_BUSY|^SQLITE_LOCKED/.test(code)) return 'busy';
  if (/^SQLITE_IOERR|^EIO$/.test(code)) return 'io';
  return 'other';
}

const WHAT: Record<StorageFaultKind, string> = {
  full: 'the disk is full',
  'read-only': 'it is read-only',
  unopenable: 'it cannot be opened',
  corrupt: 'the database is damaged',
  busy: 'another process holds it locked',
  io: 'an I/O error',
  other: 'an unexpected error',
};

const FIX: Record<StorageFaultKind, string> = {
  full: 'Free space',
  'read-only': 'Make it writable',
  unopenable: 'Check the folder and its permissions',
  corrupt: 'Move it aside (the run then starts afresh)',
  busy: 'End the other process',
  io: 'Check the disk',
  other: 'Check the disk and the file',
};

export interface StorageFaultFacts {
  kind: StorageFaultKind;
  /** The SQLite or errno code (`SQLITE_FULL`, `ENOSPC`), or the error's name when it had none. */
  code: string;
  /** The file, as the user should see it (relative to where mstui was started). */
  path: string;
  /** True for the SQLite run state; false for another state file (an agent's log, a failure report). */
  runState: boolean;
}

/**
 * The one line a storage fault prints. `start`: it happened before anything ran; `run`: agents
 * were running and are stopped, and the event log ends at its last saved event.
 */
export function storageFaultLine(f: StorageFaultFacts, when: 'start' | 'run'): string {
  const what = f.runState ? 'the run state' : "mstui's state";
  const head = `cannot ${when === 'start' ? 'use' : 'write'} ${what} (${f.path}): ${WHAT[f.kind]} (${f.code})`;
  if (when === 'start') return `${head}; nothing ran. ${FIX[f.kind]}, then run the same command again.`;
  return `${head}; agents stopped, nothing after the last saved event was recorded. ${FIX[f.kind]}, then run the same command to resume.`;
}
