/**
 * Worktrees' sizes: recorded in the state (for the detail pane and `mstui status --json`), what a new worktree is
 * expected to take (the disk blocker counts it), the warning when the worktrees to come would not fit, and the
 * engine measuring in the background (the folderSize port) after a worktree is ready.
 */
import { describe, expect, it } from 'vitest';
import { statusReport } from '../../src/cli/control.js';
import { initState } from '../../src/core/scheduler/init.js';
import type { Event, RunState } from '../../src/core/scheduler/types.js';
import { expectedWorktreeBytes, spaceWarning } from '../../src/core/worktree-space.js';
import { waitForDiskRoom } from '../../src/engine/disk-room.js';
import { newMemo } from '../../src/engine/watchdog.js';
import { measureWorktree } from '../../src/engine/worktree-size.js';
import { engineSetup, fakeDeps, task } from '../helpers/fake-ports.js';
import { waitFor } from '../helpers/wait-for.js';
import { ev, opts, Script, t } from './scheduler-helpers.js';

const MIB = 1024 * 1024;

describe('worktree sizes in the state', () => {
  it('WorktreeMeasured records the size; status --json reports it; the largest is what a new worktree is expected to take', () => {
    const s = new Script([t('1.1'), t('1.2'), t('1.3')], { parallel: 2 });
    s.send(ev.resumed());
    expect(s.send({ type: 'WorktreeMeasured', task: '1.1', kib: 2048 }, { type: 'WorktreeMeasured', task: '1.2', kib: 512 })).toEqual([]);
    expect(statusReport('M1', s.state).tasks.map((x) => [x.id, x.worktreeKiB])).toEqual([
      ['1.1', 2048],
      ['1.2', 512],
      ['1.3', null],
    ]);
    expect(expectedWorktreeBytes(s.state)).toBe(2048 * 1024);
  });

  it('warns when the worktrees still to start, each the first one’s size, would not fit in the free space', () => {
    const s = initState([t('1.1'), t('1.2'), t('1.3'), t('1.4')], null, opts());
    s.tasks['1.1'] = { ...(s.tasks['1.1'] as RunState['tasks'][string]), status: 'running' };
    expect(spaceWarning(s, '1.1', 300 * 1024, 800 * MIB)).toBe(
      "worktrees: 1.1's takes 300 MiB; the 3 still to start need about 900 MiB, more than the 800 MiB free: free space, run fewer tasks, or share dependencies (worktree.link, a package cache)",
    );
    expect(spaceWarning(s, '1.1', 300 * 1024, 900 * MIB)).toBeNull();
    expect(spaceWarning(s, '1.1', 300 * 1024, undefined)).toBeNull();
  });
});

describe('the engine measures in the background', () => {
  function world(freeBytes: number) {
    const deps = fakeDeps('/r');
    const sizes: string[] = [];
    deps.folderSize = async (path) => {
      sizes.push(path);
      return 300 * 1024;
    };
    deps.disk = (path) => ({ percent: 50, path, freeBytes });
    const warnings: string[] = [];
    const setup = engineSetup('/r', [task('1.1', 'A'), task('1.2', 'B'), task('1.3', 'C')], { warn: (m) => void warnings.push(m) });
    const s = new Script([t('1.1'), t('1.2'), t('1.3')]);
    s.send(ev.resumed());
    const events: Event[] = [];
    const ctx = {
      setup,
      deps,
      state: () => s.state,
      stopping: () => false,
      dispatch: (e: Event) => {
        events.push(e);
        s.send(e);
      },
    };
    return { ctx, events, warnings, sizes, s };
  }

  it('the first worktree measured: its size recorded, and a warning when the rest would not fit', async () => {
    const w = world(100 * MIB);
    measureWorktree(w.ctx, '1.1');
    await waitFor(() => w.events.length === 1);
    expect(w.sizes).toEqual(['/r/.worktrees/M1-1.1']);
    expect(w.events).toEqual([{ type: 'WorktreeMeasured', task: '1.1', kib: 300 * 1024 }]);
    expect(w.warnings).toEqual([
      "worktrees: 1.1's takes 300 MiB; the 2 still to start need about 600 MiB, more than the 100 MiB free: free space, run fewer tasks, or share dependencies (worktree.link, a package cache)",
    ]);
    // Measured again later (after gates): recorded, not warned again.
    measureWorktree(w.ctx, '1.1');
    await waitFor(() => w.events.length === 2);
    expect(w.warnings).toHaveLength(1);
  });

  it('the disk blocker counts the next worktree: free space above the floor but under floor + its expected size asks', async () => {
    const w = world(100 * MIB);
    w.s.send({ type: 'WorktreeMeasured', task: '1.1', kib: 300 * 1024 });
    const room = waitForDiskRoom({
      task: '1.1',
      disk: () => ({ percent: 50, path: '/r', freeBytes: 100 * MIB }),
      state: () => w.s.state,
      stopping: () => false,
      dispatch: (e) => w.s.send(e),
      sleep: async () => {},
      now: () => 0,
      memo: newMemo(),
    });
    await waitFor(() => w.s.state.question?.kind === 'disk-full');
    w.s.send(ev.answered(null, 'continue'));
    expect(await room).toBe(true);
  });
});
