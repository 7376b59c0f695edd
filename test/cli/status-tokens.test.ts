/**
 * `mstui status` shows tokens and the API hold: the report the control socket serves (pure), its text form, and the
 * built CLI asking a control socket served from this process over a state with tokens and a hold.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { serveControl, statusReport } from '../../src/cli/control.js';
import { statusText } from '../../src/cli/remote-command.js';
import { runCounts } from '../../src/core/run-view.js';
import { initState } from '../../src/core/scheduler/init.js';
import type { ApiHold, RunState, TaskRun, TokenUsage } from '../../src/core/scheduler/types.js';
import type { RunEngine } from '../../src/engine/run-engine.js';
import { opts, t } from '../core/scheduler-helpers.js';
import { CLI, tempRepo } from '../helpers/repo.js';
import { mstui } from '../helpers/run-cli.js';

const usage = (input: number, output: number, cacheRead: number, cacheWrite: number): TokenUsage => ({
  input,
  output,
  cacheRead,
  cacheWrite,
});
const AT_1405 = Date.UTC(2025, 2, 1, 14, 5);
const HOLD: ApiHold = { reason: 'rate_limit', untilMs: AT_1405, known: true, tasks: ['1.2'], count: 1 };

function state(): RunState {
  const s = initState([t('1.1'), t('1.2'), t('1.3')], null, opts());
  const patch = (id: string, p: Partial<TaskRun>) => {
    s.tasks[id] = { ...(s.tasks[id] as TaskRun), ...p };
  };
  patch('1.1', { status: 'merged', tokens: { a: usage(10_000, 2000, 40_000, 3000), b: usage(500, 100, 0, 0) } });
  patch('1.2', { status: 'running', agent: 'idle', tokens: { c: usage(1000, 300, 0, 200) } });
  s.apiHold = HOLD;
  return s;
}

describe('status counts', () => {
  it('are the run screen header’s counts (one source), excluded tasks outside the total', () => {
    const s = state();
    s.tasks['1.3'] = { ...(s.tasks['1.3'] as TaskRun), status: 'excluded' };
    const c = runCounts(s);
    expect(statusReport('M1', s).counts).toEqual({
      total: c.total,
      merged: c.done,
      running: c.running,
      waiting: c.waiting,
      failed: c.failed,
      skipped: c.skipped,
      remaining: c.remaining,
    });
    expect(statusReport('M1', s).counts).toMatchObject({ total: 2, merged: 1, running: 1 });
  });
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('status report', () => {
  it('per task tokens summed over sessions, the run total and the hold', () => {
    const r = statusReport('M1', state());
    expect(r.tasks.map((x) => [x.id, x.tokens])).toEqual([
      ['1.1', usage(10_500, 2100, 40_000, 3000)],
      ['1.2', usage(1000, 300, 0, 200)],
      ['1.3', usage(0, 0, 0, 0)],
    ]);
    expect(r.tokens).toEqual(usage(11_500, 2400, 40_000, 3200));
    expect(r.apiHold).toEqual(HOLD);
    expect(statusReport('M1', initState([t('1.1')], null, opts())).apiHold).toBeNull();
  });

  it('as text: total tokens and the hold on the first line, each task with its total', () => {
    expect(statusText(statusReport('M1', state()), 'UTC')).toEqual([
      'M1: 1/3 merged · 1 running · 0 waiting · 0 failed · 57k tokens · rate-limited until 14:05',
      '  1.1      merged          Title 1.1  56k tokens',
      '  1.2      running         Title 1.2  1.5k tokens',
      '  1.3      pending         Title 1.3',
    ]);
  });
});

describe('mstui status (built CLI, served from here)', () => {
  beforeAll(() => {
    expect(existsSync(CLI), 'run `npm run build` first').toBe(true);
  });

  it('--json has tokens per task, the run total and apiHold; the text form the task totals', async () => {
    const repo = tempRepo();
    cleanups.push(() => repo.cleanup());
    mkdirSync(join(repo.dir, '.worktrees', '.mstui'), { recursive: true });
    const s = state();
    const engine = { getState: () => s, agents: new Map() } as unknown as RunEngine;
    cleanups.push(await serveControl(join(repo.dir, '.worktrees', '.mstui', 'mstui.sock'), engine, 'M1'));

    const json = await mstui(repo.dir, ['status', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as ReturnType<typeof statusReport>;
    expect(report.tasks.find((x) => x.id === '1.1')?.tokens).toEqual(usage(10_500, 2100, 40_000, 3000));
    expect(report.tokens).toEqual(usage(11_500, 2400, 40_000, 3200));
    expect(report.apiHold).toEqual(HOLD);

    const text = await mstui(repo.dir, ['status'], { TZ: 'UTC' });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout.split('\n').slice(0, 2)).toEqual([
      'M1: 1/3 merged · 1 running · 0 waiting · 0 failed · 57k tokens · rate-limited until 14:05',
      '  1.1      merged          Title 1.1  56k tokens',
    ]);
  });
});
