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

export function lines<T>(socket: Socket, cb: (m: T) => void): void {
  let buf = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buf += chunk;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!line.trim()) continue;
      try {
        cb(JSON.parse(line) as T);
      } catch {
        // ignore a malformed line
      }
    }
  });
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
      send: (m) => {
        if (!socket.destroyed) socket.write(`${JSON.stringify(m)}\n`);
      },
      onMessage: (cb) => lines<ClientMessage>(socket, cb),
      onClose: (cb) => socket.on('close', cb),
      close: () => socket.end(),
    };
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
