/** A prompt is pasted, then submitted with a separate Enter a moment later (Gemini takes a quick Enter as a newline). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AgentProcess, type PtyFactory, Screen } from '../../src/adapters/pty.js';
import { Agents, SUBMIT_DELAY_MS } from '../../src/engine/agents.js';
import { waitFor } from '../helpers/wait-for.js';

function fakePty(writes: { data: string; atMs: number }[]): PtyFactory {
  return {
    spawn(): AgentProcess {
      return {
        pid: 1,
        write: (data) => void writes.push({ data, atMs: Date.now() }),
        resize: () => {},
        kill: () => {},
        onData: () => {},
        onExit: () => {},
      };
    },
    screen: (cols, rows) => new Screen(cols, rows),
  };
}

describe('Agents.typePrompt', () => {
  it('writes the bracketed paste, then Enter on its own at least SUBMIT_DELAY_MS later', async () => {
    const writes: { data: string; atMs: number }[] = [];
    const agents = new Agents(fakePty(writes), Date.now);
    agents.start('a', ['x'], '/', {}, join(mkdtempSync(join(tmpdir(), 'mstui-agents-')), 'a.log'), () => {});
    expect(agents.typePrompt('a', 'line 1\nline 2')).toBe(true);
    expect(writes.map((w) => w.data)).toEqual(['\u001b[200~line 1\nline 2\u001b[201~']);
    await waitFor(() => writes.length === 2, 2000);
    expect(writes[1]?.data).toBe('\r');
    expect((writes[1]?.atMs ?? 0) - (writes[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(SUBMIT_DELAY_MS - 5);
    expect(agents.typePrompt('nobody', 'x')).toBe(false);
  });
});
