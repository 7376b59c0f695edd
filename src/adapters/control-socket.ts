/**
 * A local control socket in `.worktrees/.mstui/` (mode 0600): `mstui status` and `mstui attach`
 * talk to the running mstui through it. Newline-delimited JSON both ways; pty bytes are base64.
 */
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';

export type ClientMessage =
  | { op: 'status' }
  | { op: 'attach'; task: string; cols: number; rows: number }
  | { op: 'input'; data: string }
  | { op: 'resize'; cols: number; rows: number };

export type ServerMessage =
  | { op: 'status'; status: unknown }
  | { op: 'error'; message: string }
  | { op: 'screen'; lines: string[] }
  | { op: 'output'; data: string }
  | { op: 'exit'; reason: string };

export interface Connection {
  send(m: ServerMessage): void;
  onMessage(cb: (m: ClientMessage) => void): void;
  onClose(cb: () => void): void;
  close(): void;
}

/** Longest line a peer may send (a pasted screenful is base64 of a few KB): past it, the connection is dropped. */
export const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Calls `cb` with each JSON line. A line that is not JSON is skipped; `cb` throwing is the receiver's bug and is
 * swallowed too (a peer must never be able to end the process that serves it).
 */
export function lines<T>(socket: Socket, cb: (m: T) => void): void {
  let buf = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!line.trim()) continue;
      let m: T;
      try {
        m = JSON.parse(line) as T;
      } catch {
        continue; // a malformed line
      }
      try {
        cb(m);
      } catch {
        // see above
      }
    }
    if (buf.length > MAX_LINE_BYTES) socket.destroy();
  });
}

/** Largest terminal size a client may ask for (a headless screen allocates cols × rows cells). */
export const MAX_COLS = 1000;
export const MAX_ROWS = 500;

const size = (v: unknown, max: number): number | null => (Number.isInteger(v) && (v as number) >= 0 ? Math.min(v as number, max) : null);

/** A client's message checked for shape (a stale or hostile client sends anything), sizes clamped; null if not one. */
export function clientMessage(v: unknown): ClientMessage | null {
  if (typeof v !== 'object' || v === null) return null;
  const m = v as Record<string, unknown>;
  switch (m.op) {
    case 'status':
      return { op: 'status' };
    case 'input':
      return typeof m.data === 'string' ? { op: 'input', data: m.data } : null;
    case 'attach':
    case 'resize': {
      const cols = size(m.cols, MAX_COLS);
      const rows = size(m.rows, MAX_ROWS);
      if (cols === null || rows === null) return null;
      if (m.op === 'resize') return { op: 'resize', cols, rows };
      return typeof m.task === 'string' ? { op: 'attach', task: m.task, cols, rows } : null;
    }
    default:
      return null;
  }
}

/** True when something answers on the socket (a live mstui); false for a stale file. */
export function probe(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Listens on `path`, replacing a stale socket file left by a crashed mstui. */
export async function listen(path: string, onConnection: (c: Connection) => void): Promise<Server> {
  if (existsSync(path)) {
    if (await probe(path)) throw new Error(`another mstui is serving ${path}`);
    unlinkSync(path);
  }
  const server = createServer((socket) => {
    const conn: Connection = {
      // After the client went away (or close()), a send is dropped: an agent's output or exit often comes later.
      send: (m) => {
        if (socket.writable) socket.write(`${JSON.stringify(m)}\n`);
      },
      onMessage: (cb) =>
        lines<unknown>(socket, (v) => {
          const m = clientMessage(v);
          if (m) cb(m);
        }),
      onClose: (cb) => socket.on('close', cb),
      close: () => socket.end(),
    };
    // EPIPE, ECONNRESET (a client that went away mid-message): the connection ends, nothing else.
    socket.on('error', () => socket.destroy());
    onConnection(conn);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // The socket file is created by bind(), inside listen(): with this umask it is 0600 from its first moment,
    // so no other user can connect in the gap before a chmod.
    const umask = process.umask(0o177);
    try {
      server.listen(path, () => resolve());
    } finally {
      process.umask(umask);
    }
  });
  chmodSync(path, 0o600);
  return server;
}

export function closeServer(server: Server, path: string): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
      resolve();
    });
  });
}
