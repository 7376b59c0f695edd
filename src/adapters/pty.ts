/** Agents run in real pseudo-terminals; each one's output also feeds a headless terminal screen. */
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import type { AgentScreen, PtyFactory } from '../ports.js';

const { Terminal } = xterm;

export type { AgentProcess, AgentScreen, PtyFactory, PtySpawnOptions } from '../ports.js';

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
      let exited = false;
      p.onExit(() => {
        exited = true;
      });
      // node-pty throws from its socket's 'error' handler (an uncaught exception: mstui ends) unless someone else
      // listens: a write that lands as the agent exits fails with EPIPE/EBADF there, asynchronously, past quietly().
      (p as unknown as { on(event: 'error', cb: (e: Error) => void): void }).on('error', () => {});
      return {
        pid: p.pid,
        // A pty outlives its process briefly (a late keystroke, an attach client's resize): after the exit both are
        // no-ops, and a race with the exit (ENOTTY, EBADF from the closed descriptor) is swallowed, never thrown.
        write: (d) => {
          if (!exited) quietly(() => p.write(d));
        },
        resize: (c, r) => {
          if (!exited) quietly(() => p.resize(c, r));
        },
        kill: (sig) => {
          if (exited) return;
          // The pty made the agent a session leader: its process group is ours while it lives, and signalling the
          // group also ends what the agent started (Gemini CLI's node child outlives a hangup otherwise).
          try {
            process.kill(-p.pid, sig ?? 'SIGHUP');
          } catch {
            try {
              p.kill(sig);
            } catch {
              // already gone
            }
          }
        },
        onData: (cb) => void p.onData(cb),
        onExit: (cb) => void p.onExit(({ exitCode, signal }) => cb(exitCode, signal)),
      };
    },
    screen: (cols, rows) => new Screen(cols, rows),
  };
}

function quietly(fn: () => void): void {
  try {
    fn();
  } catch {
    // the pty closed under us: its process is ending
  }
}

/**
 * Lines a Screen keeps above its rows. The engine reads at most 40 lines back (failure reports), and an attach to a
 * taller terminal pulls a few rows down from it. Each line of a 120-column screen costs ~1.4 KB, and a busy agent
 * scrolls thousands of lines a second: 1,000 lines × 16 agents was 23 MB of buffers, recycled so slowly that their
 * per-line objects lived long enough to fill V8's old space (docs/PERFORMANCE.md, TUI).
 */
export const SCROLLBACK_LINES = 100;

/** A bounded headless terminal: pty bytes in, screen lines out. */
export class Screen implements AgentScreen {
  private readonly term: InstanceType<typeof Terminal>;
  private pending = Promise.resolve();
  constructor(cols: number, rows: number, scrollback = SCROLLBACK_LINES) {
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
  /** The visible screen with its colours and styles as SGR escape sequences (for the live pane). */
  ansiLines(): string[] {
    const buf = this.term.buffer.active;
    const out: string[] = [];
    const cell = buf.getNullCell();
    for (let y = 0; y < this.term.rows; y++) {
      const line = buf.getLine(buf.viewportY + y);
      if (!line) {
        out.push('');
        continue;
      }
      let text = '';
      let sgr = '';
      let styled = false;
      for (let x = 0; x < this.term.cols; x++) {
        line.getCell(x, cell);
        if (cell.getWidth() === 0) continue;
        const next = sgrOf(cell);
        if (next !== sgr) {
          text += `\u001b[0${next}m`;
          sgr = next;
          styled = true;
        }
        text += cell.getChars() || ' ';
      }
      out.push(styled ? `${text.replace(/ +$/, '')}\u001b[0m` : text.trimEnd());
    }
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

type Cell = ReturnType<InstanceType<typeof Terminal>['buffer']['active']['getNullCell']>;

/** `;1;38;5;196` style SGR parameters for one cell ('' = default attributes). */
function sgrOf(c: Cell): string {
  let p = '';
  if (c.isBold()) p += ';1';
  if (c.isDim()) p += ';2';
  if (c.isItalic()) p += ';3';
  if (c.isUnderline()) p += ';4';
  if (c.isInverse()) p += ';7';
  if (c.isFgRGB()) {
    const v = c.getFgColor();
    p += `;38;2;${(v >> 16) & 255};${(v >> 8) & 255};${v & 255}`;
  } else if (c.isFgPalette()) p += `;38;5;${c.getFgColor()}`;
  if (c.isBgRGB()) {
    const v = c.getBgColor();
    p += `;48;2;${(v >> 16) & 255};${(v >> 8) & 255};${v & 255}`;
  } else if (c.isBgPalette()) p += `;48;5;${c.getBgColor()}`;
  return p;
}
