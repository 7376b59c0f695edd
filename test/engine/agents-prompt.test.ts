/** A prompt is pasted, then submitted with a separate Enter a moment later (Gemini takes a quick Enter as a newline). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type AgentProcess, type PtyFactory, Screen } from '../../src/adapters/pty.js';
import { Agents, SUBMIT_DELAY_MS, SUBMIT_MAX_WAIT_MS } from '../../src/engine/agents.js';
import { waitFor } from '../helpers/wait-for.js';

function fakePty(writes: { data: string; atMs: number }[], echo?: (data: string, emit: (out: string) => void) => void): PtyFactory {
  return {
    spawn(): AgentProcess {
      let emit: (out: string) => void = () => {};
      return {
        pid: 1,
        write: (data) => {
          writes.push({ data, atMs: Date.now() });
          echo?.(data, emit);
        },
        resize: () => {},
        kill: () => {},
        onData: (cb) => {
          emit = cb;
        },
        onExit: () => {},
      };
    },
    screen: (cols, rows) => new Screen(cols, rows),
  };
}

describe('Agents.typePrompt', () => {
  it('writes the bracketed paste, then Enter on its own at least SUBMIT_DELAY_MS later', async () => {
    const writes: { data: string; atMs: number }[] = [];
    // The agent draws the paste at once.
    const agents = new Agents(
      fakePty(writes, (data, emit) => data.startsWith('\u001b[200~') && emit('line 1\r\nline 2')),
      Date.now,
    );
    agents.start('a', ['x'], '/', {}, join(mkdtempSync(join(tmpdir(), 'mstui-agents-')), 'a.log'), () => {});
    expect(agents.typePrompt('a', 'line 1\nline 2')).toBe(true);
    expect(writes.map((w) => w.data)).toEqual(['\u001b[200~line 1\nline 2\u001b[201~']);
    await waitFor(() => writes.length === 2, 2000);
    expect(writes[1]?.data).toBe('\r');
    expect((writes[1]?.atMs ?? 0) - (writes[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(SUBMIT_DELAY_MS - 5);
    expect(agents.typePrompt('nobody', 'x')).toBe(false);
  });

  it('an agent that draws nothing gets its Enter after SUBMIT_MAX_WAIT_MS', { timeout: 10_000 }, async () => {
    const writes: { data: string; atMs: number }[] = [];
    const agents = new Agents(fakePty(writes), Date.now);
    agents.start('a', ['x'], '/', {}, join(mkdtempSync(join(tmpdir(), 'mstui-agents-')), 'a.log'), () => {});
    agents.typePrompt('a', 'x');
    await waitFor(() => writes.length === 2, SUBMIT_MAX_WAIT_MS + 2000);
    expect((writes[1]?.atMs ?? 0) - (writes[0]?.atMs ?? 0)).toBeGreaterThanOrEqual(SUBMIT_MAX_WAIT_MS - 5);
  });

  it('an agent still drawing the paste gets its Enter only after SUBMIT_DELAY_MS of quiet', async () => {
    const writes: { data: string; atMs: number }[] = [];
    let lastOut = 0;
    // A slow agent: draws the paste in 8 pieces, 100 ms apart (800 ms in all).
    const pty = fakePty(writes, (data, emit) => {
      if (!data.startsWith('\u001b[200~')) return;
      for (let i = 1; i <= 8; i++)
        setTimeout(() => {
          lastOut = Date.now();
          emit(`piece ${i}\r\n`);
        }, i * 100);
    });
    const agents = new Agents(pty, Date.now);
    agents.start('a', ['x'], '/', {}, join(mkdtempSync(join(tmpdir(), 'mstui-agents-')), 'a.log'), () => {});
    agents.typePrompt('a', 'a long prompt');
    await waitFor(() => writes.length === 2, 5000);
    expect(writes[1]?.data).toBe('\r');
    expect((writes[1]?.atMs ?? 0) - lastOut).toBeGreaterThanOrEqual(SUBMIT_DELAY_MS - 5);
    expect((writes[1]?.atMs ?? 0) - (writes[0]?.atMs ?? 0)).toBeLessThan(SUBMIT_MAX_WAIT_MS);
  });
});
