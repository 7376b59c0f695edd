/**
 * Ending an earlier mstui's agents on resume: only a process proven to be that agent (same start time, its own
 * process group) is signalled. Real processes, a real SQLite store.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPtyFactory } from '../../src/adapters/pty.js';
import { openStore, type Store } from '../../src/adapters/store.js';
import { endOrphans, forgetAgent, isAlive, processStamp } from '../../src/engine/lock.js';
import { waitFor } from '../helpers/wait-for.js';

const linux = process.platform === 'linux';
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0).reverse()) c();
});

function store(): { store: Store; run: number } {
  const dir = mkdtempSync(join(tmpdir(), 'mstui-orphans-'));
  const s = openStore(join(dir, 'state.db'));
  cleanup.push(
    () => rmSync(dir, { recursive: true, force: true }),
    () => s.close(),
  );
  return { store: s, run: s.createRun('M1', 'plan.md', 'main', 0).id };
}

function unrelatedSleep(): ChildProcess & { pid: number } {
  const child = spawn('sleep', ['300'], { stdio: 'ignore' });
  cleanup.push(() => child.kill('SIGKILL'));
  if (!child.pid) throw new Error('sleep did not start');
  return child as ChildProcess & { pid: number };
}

describe.runIf(linux)('endOrphans', () => {
  it('reads start time and process group from /proc', () => {
    const own = processStamp(process.pid);
    expect(own?.startTicks).toBeGreaterThan(0);
    expect(own?.pgid).toBe(Number(readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ')[2]));
    expect(processStamp(2 ** 22 + 1)).toBeNull();
  });

  it.each([
    ['a reused pid: another start time', (ticks: number) => ticks - 1, 'it is another process now'],
    ['a row from before start times were recorded', () => null, 'its start time cannot be compared'],
    // Same start time, but not a session leader of its own group: not an agent mstui started.
    ['a process in someone else’s process group', (ticks: number) => ticks, 'it is another process now'],
  ])('leaves an unrelated process alone: %s', async (_name, stored, why) => {
    const sleep = unrelatedSleep();
    const { store: s, run } = store();
    const ticks = processStamp(sleep.pid)?.startTicks ?? 0;
    s.setAgent(run, '1.1', sleep.pid, 'session', stored(ticks));
    const warnings: string[] = [];
    await endOrphans(s.agents(run), (m) => warnings.push(m), 200);
    expect(isAlive(sleep.pid)).toBe(true);
    expect(warnings).toEqual([
      `left pid ${sleep.pid} alone: it was 1.1's agent in an earlier mstui, but ${why}; end that agent yourself if it still runs`,
    ]);
  });

  it('ends a real orphan agent (a pty session leader with its recorded start time) and what it started', async () => {
    const agent = createPtyFactory().spawn(['sh', '-c', 'sleep 300 & echo "child=$!"; wait'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      cols: 80,
      rows: 24,
    });
    cleanup.push(() => agent.kill('SIGKILL'));
    let out = '';
    agent.onData((d) => {
      out += d;
    });
    const child = Number(
      (
        await waitFor(
          () => /child=(\d+)/.exec(out),
          5000,
          () => out,
        )
      )[1],
    );
    const { store: s, run } = store();
    s.setAgent(run, '1.2', agent.pid, 'session', processStamp(agent.pid)?.startTicks);
    const warnings: string[] = [];
    await endOrphans(s.agents(run), (m) => warnings.push(m), 2000);
    await waitFor(
      () => !isAlive(agent.pid) && !isAlive(child),
      5000,
      () => `agent ${agent.pid} or its child ${child} still alive`,
    );
    expect(warnings).toEqual([]);
  });
});

describe('stored agent pids', () => {
  it('an ended agent’s pid is cleared; a later agent of the task keeps its own', () => {
    const { store: s, run } = store();
    s.setAgent(run, '1.1', 100, 'session-a', 5);
    s.setAgent(run, '1.1', 200, null, 7);
    forgetAgent(s, run, '1.1', 100);
    expect(s.agents(run)).toEqual([{ task: '1.1', pid: 200, sessionId: 'session-a', startTicks: 7 }]);
    forgetAgent(s, run, '1.1', 200);
    expect(s.agents(run)).toEqual([{ task: '1.1', pid: null, sessionId: 'session-a', startTicks: null }]);
    s.close();
    // After the store closed (an exit during shutdown), forgetting is a no-op, not a crash.
    expect(() => forgetAgent(s, run, '1.1', 200)).not.toThrow();
  });
});
