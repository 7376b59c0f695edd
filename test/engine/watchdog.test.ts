/** The blocker watchdog over a real state (initState/reduce) and a fake clock; the disk probe on the real disk. */

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { diskUsage } from '../../src/adapters/disk.js';
import { verdictOf } from '../../src/adapters/github.js';
import { newMemo, watchdog, watchInterval } from '../../src/engine/watchdog.js';
import { ev, Script, t } from '../core/scheduler-helpers.js';

const LIMITS = { taskMs: 60 * 60_000, stallMs: 10 * 60_000, diskPercent: 90, quietMs: 30_000 };
const noDisk = () => null;

function running() {
  const s = new Script([t('a'), t('b')], { parallel: 2 });
  s.send(ev.resumed(), ev.started('a'), ev.started('b')); // started at 1000 ms
  return s;
}

describe('watchdog', () => {
  it('reports a task over limits.taskMinutes, counting the granted extensions', () => {
    const s = running();
    const memo = newMemo();
    const last = () => 1000 + 61 * 60_000;
    expect(watchdog(s.state, last, LIMITS, 1000 + 59 * 60_000, memo, noDisk)).toEqual([]);
    expect(watchdog(s.state, last, LIMITS, 1000 + 61 * 60_000, memo, noDisk)).toEqual([
      { type: 'TaskOverdue', task: 'a', minutes: 61 },
      { type: 'TaskOverdue', task: 'b', minutes: 61 },
    ]);
    s.send({ type: 'TaskOverdue', task: 'a', minutes: 61 }, ev.answered('a', 'wait'));
    const after = watchdog(s.state, last, LIMITS, 1000 + 61 * 60_000, memo, noDisk);
    expect(after.map((e) => 'task' in e && e.task)).toEqual(['b']);
  });

  it('reports a busy agent silent over limits.stallMinutes once per silence', () => {
    const s = running();
    const memo = newMemo();
    let lastA = 5000;
    const last = (task: string) => (task === 'a' ? lastA : 20 * 60_000);
    const now = 5000 + 11 * 60_000;
    expect(watchdog(s.state, last, LIMITS, now, memo, noDisk)).toEqual([{ type: 'AgentStalled', task: 'a', minutes: 11 }]);
    expect(watchdog(s.state, last, LIMITS, now + 60_000, memo, noDisk)).toEqual([]);
    lastA = now;
    expect(watchdog(s.state, last, LIMITS, now + 11 * 60_000, memo, noDisk)).toEqual([{ type: 'AgentStalled', task: 'a', minutes: 11 }]);
  });

  it('reports a full disk once per DISK_REASK_MS, never while a run question is open', () => {
    const s = running();
    const memo = newMemo();
    const full = () => ({ percent: 93, path: '/r' });
    expect(watchdog(s.state, () => 1000, LIMITS, 2000, memo, full)).toEqual([{ type: 'DiskFull', percent: 93, path: '/r' }]);
    expect(watchdog(s.state, () => 1000, LIMITS, 3000, memo, full)).toEqual([]);
    expect(
      watchdog(
        s.state,
        () => 1000,
        LIMITS,
        2000,
        newMemo(),
        () => ({ percent: 90, path: '/r' }),
      ),
    ).toEqual([]);
  });

  it('measures this machine’s disk and checks often enough for short limits', () => {
    const d = diskUsage(process.cwd());
    expect(d?.percent).toBeGreaterThanOrEqual(0);
    expect(d?.percent).toBeLessThanOrEqual(100);
    expect(watchInterval(LIMITS)).toBe(30_000);
    expect(watchInterval({ ...LIMITS, stallMs: 1800 })).toBe(600);
  });

  it('says what `df` says (and so `mstui doctor`): reserved blocks are not counted as used', () => {
    const row = execFileSync('df', ['-P', process.cwd()], { encoding: 'utf8' }).trim().split('\n').at(-1) ?? '';
    const dfPercent = Number(/(\d+)%/.exec(row)?.[1]);
    expect(Number.isFinite(dfPercent)).toBe(true);
    // Other processes write meanwhile: a point either way, never 69 % for 24 %.
    expect(Math.abs((diskUsage(process.cwd())?.percent ?? -100) - dfPercent)).toBeLessThanOrEqual(1);
  });
});

describe('checks verdict', () => {
  it('fail or cancel fails, pending waits, pass and skipping pass', () => {
    const c = (name: string, bucket: string) => ({ name, bucket, link: '' });
    expect(verdictOf([c('test', 'pass'), c('lint', 'fail')])).toEqual({
      state: 'failed',
      summary: '2 checks: 1 pass, 1 fail (lint)',
      failing: ['lint'],
    });
    expect(verdictOf([c('test', 'pass'), c('e2e', 'cancel')]).state).toBe('failed');
    expect(verdictOf([c('test', 'pass'), c('lint', 'pending')])).toEqual({ state: 'pending', summary: '2 checks: 1 pass, 1 pending' });
    expect(verdictOf([c('test', 'pass'), c('docs', 'skipping')])).toEqual({ state: 'passed', summary: '2 checks: 1 pass' });
  });
});
