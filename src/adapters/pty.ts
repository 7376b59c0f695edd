/** Agents run in real pseudo-terminals; each one's output also feeds a headless terminal screen. */
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

const { Terminal } = xterm;

export interface AgentProcess {
  readonly pid: number;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
  onData(cb: (data: string) => void): void;
  onExit(cb: (code: number, signal: number | undefined) => void): void;
}

export interface PtySpawnOptions {
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

export interface PtyFactory {
  spawn(argv: readonly string[], options: PtySpawnOptions): AgentProcess;
}

export function createPtyFactory(): PtyFactory {
  return {
    spawn(argv, options) {
      const [file, ...args] = argv;
      if (!file) throw new Error('empty agent command');
      const p = pty.spawn(file, args, {
        name: 'xterm-256color',
        cwd: options.cwd,
        env: options.env,
        cols: options.cols,
        rows: options.rows,
      });
      return {
        pid: p.pid,
        write: (d) => p.write(d),
        resize: (c, r) => p.resize(c, r),
        kill: (sig) => {
          try {
            p.kill(sig);
          } catch {
            // already gone
          }
        },
        onData: (cb) => void p.onData(cb),
        onExit: (cb) => void p.onExit(({ exitCode, signal }) => cb(exitCode, signal)),
      };
    },
  };
}

/** A bounded headless terminal: pty bytes in, screen lines out. */
export class Screen {
  private readonly term: InstanceType<typeof Terminal>;
  private pending = Promise.resolve();
  constructor(cols: number, rows: number, scrollback = 1000) {
    this.term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
  }
  write(data: string): void {
    this.pending = new Promise((resolve) => this.term.write(data, resolve));
  }
  /** Resolves once everything written so far has been parsed. */
  flushed(): Promise<void> {
    return this.pending;
  }
  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }
  get cols(): number {
    return this.term.cols;
  }
  get rows(): number {
    return this.term.rows;
  }
  /** The visible screen, one string per row (trailing spaces trimmed). */
  lines(): string[] {
    const buf = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) out.push(buf.getLine(buf.viewportY + y)?.translateToString(true) ?? '');
    return out;
  }
  /** The last `n` lines of scrollback + screen, for failure reports. */
  tail(n: number): string[] {
    const buf = this.term.buffer.active;
    const out: string[] = [];
    const end = buf.baseY + this.term.rows;
    for (let y = Math.max(0, end - n); y < end; y++) out.push(buf.getLine(y)?.translateToString(true) ?? '');
    while (out.length > 0 && out[out.length - 1] === '') out.pop();
    return out;
  }
  dispose(): void {
    this.term.dispose();
  }
}
