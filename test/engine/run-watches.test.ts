/** RunWatches over the fake watcher and clock: a hook change is read at once and once more a moment later. */
import { describe, expect, it } from 'vitest';
import { RunWatches, TRAILING_READ_MS } from '../../src/engine/run-watches.js';
import { fakeClock } from '../helpers/fake-clock.js';
import { clockTimers, fakeWatch } from '../helpers/fake-ports.js';

function setup() {
  const clock = fakeClock();
  const files = fakeWatch();
  const reads: { task: string; atMs: number }[] = [];
  const watches = new RunWatches({
    files,
    timers: clockTimers(clock),
    hookFile: (task) => `/repo/.worktrees/.mstui/hooks/${task}.jsonl`,
    handoffFile: (task) => `/repo/.worktrees/M1-${task}/HANDOFF.md`,
    pollMs: 500,
    watchdogMs: 60_000,
    onHookFile: (task) => reads.push({ task, atMs: clock.now() }),
    onHandoff: () => {},
    onPoll: () => {},
    onWatchdog: () => {},
  });
  return { clock, files, reads, watches, t0: clock.now() };
}

describe('RunWatches: hook file changes', () => {
  it('reads at once, then once more TRAILING_READ_MS later (a write the watcher throttled away is read then)', async () => {
    const { clock, files, reads, watches, t0 } = setup();
    await watches.start();
    files.change('/repo/.worktrees/.mstui/hooks/1.2.jsonl');
    expect(reads).toEqual([{ task: '1.2', atMs: t0 }]);
    // A second event inside the window reads at once but adds no second trailing read.
    await clock.advance(3);
    files.change('/repo/.worktrees/.mstui/hooks/1.2.jsonl');
    await clock.advance(TRAILING_READ_MS);
    expect(reads).toEqual([
      { task: '1.2', atMs: t0 },
      { task: '1.2', atMs: t0 + 3 },
      { task: '1.2', atMs: t0 + TRAILING_READ_MS },
    ]);
    await clock.advance(100);
    expect(reads).toHaveLength(3);
    await watches.close();
  });

  it('one trailing read per task; none after close', async () => {
    const { clock, files, reads, watches, t0 } = setup();
    await watches.start();
    files.change('/repo/.worktrees/.mstui/hooks/1.1.jsonl');
    files.change('/repo/.worktrees/.mstui/hooks/1.3.jsonl');
    await clock.advance(TRAILING_READ_MS);
    expect(reads.filter((r) => r.atMs === t0 + TRAILING_READ_MS).map((r) => r.task)).toEqual(['1.1', '1.3']);
    files.change('/repo/.worktrees/.mstui/hooks/1.1.jsonl');
    await watches.close();
    await clock.advance(TRAILING_READ_MS * 2);
    expect(reads.at(-1)).toEqual({ task: '1.1', atMs: t0 + TRAILING_READ_MS });
  });

  it('ignores files that are not a task hook file in the hook folder', async () => {
    const { files, reads, watches } = setup();
    await watches.start();
    files.change('/repo/.worktrees/.mstui/hooks/notes.txt');
    expect(reads).toEqual([]);
    await watches.close();
  });
});
