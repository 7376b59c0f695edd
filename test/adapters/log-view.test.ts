/** The log view plays a raw pty log through a headless terminal: redraws come out as the text they left. */
import { appendFileSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogView } from '../../src/adapters/log-view.js';

let dir = '';
const views: LogView[] = [];
afterEach(() => {
  for (const v of views.splice(0)) v.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function view(cols = 40, rows = 5, firstBytes?: number): { path: string; v: LogView } {
  dir = mkdtempSync(join(tmpdir(), 'mstui-logview-'));
  const path = join(dir, 'task.log');
  const v = new LogView(path, cols, rows, firstBytes);
  views.push(v);
  return { path, v };
}

describe('LogView', () => {
  it('no log yet: null', async () => {
    const { v } = view();
    expect(await v.read()).toBeNull();
  });

  it('a spinner redrawn in place and an erased line come out as their final text', async () => {
    const { path, v } = view();
    const spinner = ['⠋', '⠙', '⠹', '⠸'].map((f, i) => `\r\u001b[2K${f} Working… (${i}s)`).join('');
    writeFileSync(
      path,
      `\u001b[?25l\u001b[1mhello\u001b[0m\r\n${spinner}\r\n\u001b[31mstale line\u001b[0m\u001b[1A\r\n\u001b[2Kfixed line\r\ndone\u0007\r\n`,
    );
    expect(await v.read()).toEqual(['hello', '⠸ Working… (3s)', 'fixed line', 'done']);
  });

  it('keeps the lines that scrolled off the screen, and appends what the log gains', async () => {
    const { path, v } = view(40, 3);
    writeFileSync(path, Array.from({ length: 10 }, (_, i) => `line ${i + 1}\r\n`).join(''));
    const first = await v.read();
    expect(first).toEqual(Array.from({ length: 10 }, (_, i) => `line ${i + 1}`));
    appendFileSync(path, 'line 11\r\n\u001b[1A\u001b[2Kline 11 again\r\n');
    expect((await v.read())?.slice(-2)).toEqual(['line 10', 'line 11 again']);
  });

  it('a full-screen program: its screen after the scrollback', async () => {
    const { path, v } = view(40, 3);
    writeFileSync(path, 'before\r\n\u001b[?1049h\u001b[H\u001b[2Jfull screen\u001b[3;1Hbottom');
    expect(await v.read()).toEqual(['before', 'full screen', '', 'bottom']);
  });

  it('plays only the tail of a large log; starts over when the log does', async () => {
    const { path, v } = view(40, 3, 20);
    writeFileSync(path, `${'x'.repeat(100)}\r\nend of a big log\r\n`);
    // The piece of a line it starts in is dropped.
    expect(await v.read()).toEqual(['end of a big log']);
    truncateSync(path, 0);
    writeFileSync(path, 'new\r\n');
    expect(await v.read()).toEqual(['new']);
  });

  it('a UTF-8 character split between two reads is whole', async () => {
    const { path, v } = view();
    const bytes = Buffer.from('é!\r\n');
    writeFileSync(path, bytes.subarray(0, 1));
    await v.read();
    appendFileSync(path, bytes.subarray(1));
    expect(await v.read()).toEqual(['é!']);
  });
});
