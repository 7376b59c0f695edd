/**
 * The `l` view of a task: its raw pty log played through a headless terminal, so redraws (cursor moves, erased
 * lines, spinners) come out as the text the agent's screen showed, with the lines that scrolled off above it.
 * Incremental: each read feeds only the bytes the log gained since the last one.
 */
import { open, stat } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import xterm from '@xterm/headless';

const { Terminal } = xterm;

/** Bytes of a log played on the first read (the tail: chatty agents write megabytes; older lines scrolled away). */
export const LOG_VIEW_BYTES = 256 * 1024;
/** Lines kept above the screen (~2 MB of cells at 120 columns). */
export const LOG_VIEW_SCROLLBACK = 3000;

export class LogView {
  private readonly term: InstanceType<typeof Terminal>;
  private offset = -1;
  /** The first read began inside the log: its text up to the first newline is a piece of a line, dropped. */
  private partial = false;
  private decoder = new StringDecoder('utf8');
  constructor(
    private readonly path: string,
    cols: number,
    rows: number,
    private readonly firstBytes = LOG_VIEW_BYTES,
    scrollback = LOG_VIEW_SCROLLBACK,
  ) {
    this.term = new Terminal({ cols, rows, scrollback, allowProposedApi: true });
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** Reads what the log gained and returns the text lines so far; null when there is no log (yet). One at a time. */
  read(): Promise<string[] | null> {
    const next = this.queue.then(() => this.readNow());
    this.queue = next.catch(() => {});
    return next;
  }

  private async readNow(): Promise<string[] | null> {
    const size = await stat(this.path).then(
      (s) => s.size,
      () => null,
    );
    if (size === null) return null;
    if (this.offset < 0 || size < this.offset) {
      // The first read, or a log that started over: play its tail on a clean terminal.
      this.term.reset();
      this.decoder = new StringDecoder('utf8');
      this.offset = Math.max(0, size - this.firstBytes);
      this.partial = this.offset > 0;
    }
    if (size > this.offset) {
      const file = await open(this.path, 'r');
      try {
        const buf = Buffer.alloc(size - this.offset);
        const { bytesRead } = await file.read(buf, 0, buf.length, this.offset);
        this.offset += bytesRead;
        let text = this.decoder.write(buf.subarray(0, bytesRead));
        if (this.partial) {
          const nl = text.indexOf('\n');
          if (nl >= 0) this.partial = false;
          text = nl >= 0 ? text.slice(nl + 1) : '';
        }
        await new Promise<void>((resolve) => this.term.write(text, resolve));
      } finally {
        await file.close();
      }
    }
    return this.lines();
  }

  /** The scrollback and screen as plain text, trailing blanks dropped (a full-screen app's screen comes last). */
  lines(): string[] {
    const out = bufferLines(this.term.buffer.normal, this.term.buffer.normal.length);
    if (this.term.buffer.active.type === 'alternate') {
      dropTrailingBlanks(out);
      out.push(...bufferLines(this.term.buffer.alternate, this.term.rows));
    }
    return dropTrailingBlanks(out);
  }

  dispose(): void {
    this.term.dispose();
  }
}

function dropTrailingBlanks(lines: string[]): string[] {
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

type Buffer_ = InstanceType<typeof Terminal>['buffer']['normal'];

function bufferLines(buf: Buffer_, count: number): string[] {
  const out: string[] = [];
  for (let y = 0; y < count; y++) {
    const line = buf.getLine(y);
    if (!line) break;
    // Rows as the agent's screen had them (a long line is several rows, as it was on that screen).
    out.push(line.translateToString(true));
  }
  return out;
}
