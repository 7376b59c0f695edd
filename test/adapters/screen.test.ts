import { afterEach, describe, expect, it } from 'vitest';
import { Screen } from '../../src/adapters/pty.js';

const screens: Screen[] = [];
afterEach(() => {
  for (const s of screens.splice(0)) s.dispose();
});

function screen(cols = 20, rows = 3): Screen {
  const s = new Screen(cols, rows, 50);
  screens.push(s);
  return s;
}

describe('Screen', () => {
  it('parses pty bytes into plain rows', async () => {
    const s = screen();
    s.write('hello\r\n\u001b[31mred\u001b[0m');
    await s.flushed();
    expect(s.lines()).toEqual(['hello', 'red', '']);
  });
  it('keeps colours and styles as SGR sequences in ansiLines', async () => {
    const s = screen();
    s.write('plain \u001b[1;31mbold red\u001b[0m end\r\n\u001b[38;2;1;2;3mrgb\u001b[0m');
    await s.flushed();
    const [first, second, third] = s.ansiLines();
    expect(first).toBe('plain \u001b[0;1;38;5;1mbold red\u001b[0m end\u001b[0m');
    expect(second).toBe('\u001b[0;38;2;1;2;3mrgb\u001b[0m\u001b[0m');
    expect(third).toBe('');
  });
  it('bounds its scrollback and resizes', async () => {
    const s = screen(10, 2);
    for (let i = 0; i < 200; i++) s.write(`line ${i}\r\n`);
    await s.flushed();
    expect(s.tail(500).length).toBeLessThanOrEqual(52);
    s.resize(30, 5);
    expect([s.cols, s.rows]).toEqual([30, 5]);
  });
});
