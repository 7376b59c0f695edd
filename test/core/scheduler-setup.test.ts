/**
 * The scheduler's side of ready worktrees: port slots (a pure function of the state, freed and reused), the per-task
 * environment, and commands.setup's outcome: recorded when it succeeds, a question when it fails (retry / skip /
 * abort), retried once with --yes and then a failed task.
 */
import { describe, expect, it } from 'vitest';
import { freeSlot, slotPort } from '../../src/core/ports-slots.js';
import type { Event, Question } from '../../src/core/scheduler/types.js';
import { taskEnv } from '../../src/core/task-env.js';
import { ev, fx, Script, t } from './scheduler-helpers.js';

const setupFailed = (task: string, exitCode: number | null = 1): Event => ({
  type: 'SetupFailed',
  task,
  command: 'npm ci',
  output: 'npm ERR! missing package-lock.json',
  exitCode,
});

describe('port slots', () => {
  it('parallel tasks get the lowest free slots; a slot is freed when its task ends and reused', () => {
    const s = new Script([t('1.1'), t('1.2'), t('1.3')], { parallel: 2, autoYes: true });
    s.send(ev.resumed());
    expect([s.state.tasks['1.1']?.slot, s.state.tasks['1.2']?.slot]).toEqual([0, 1]);
    expect(freeSlot(s.state)).toBe(2);
    s.send(ev.started('1.1'), ev.handoff('1.1'), ev.idle('1.1'), ev.passed('1.1'), ev.ciPassed('1.1'), ev.merged('1.1'));
    // 1.1 merged: its slot 0 goes to 1.3, which starts in its place; 1.2 keeps slot 1 all along.
    expect(s.status('1.3')).toBe('running');
    expect([s.state.tasks['1.2']?.slot, s.state.tasks['1.3']?.slot]).toEqual([1, 0]);
  });

  it('a task waiting on a question keeps its slot; a failed one frees it', () => {
    const s = new Script([t('1.1'), t('1.2')], { parallel: 2 });
    s.send(ev.resumed(), ev.started('1.1'), ev.handoff('1.1'), ev.idle('1.1'), ev.failed('1.1'));
    expect(s.status('1.1')).toBe('decision');
    expect(freeSlot(s.state)).toBe(2);
    s.send(ev.answered('1.1', 'skip'));
    expect(freeSlot(s.state)).toBe(0);
  });

  it('a resumed run keeps the slots its events gave (replayed), and gives one to an active task recorded without', () => {
    const s = new Script([t('1.1'), t('1.2')], { parallel: 2 });
    s.send(ev.resumed());
    const t12 = s.state.tasks['1.2'];
    if (!t12) throw new Error('no 1.2');
    s.state = { ...s.state, tasks: { ...s.state.tasks, '1.2': { ...t12, slot: undefined } } };
    s.send(ev.resumed());
    expect([s.state.tasks['1.1']?.slot, s.state.tasks['1.2']?.slot]).toEqual([0, 1]);
  });

  it('MSTUI_PORT is the first port of the slot’s block', () => {
    expect(slotPort(0, { portBase: 41000, portsPerTask: 10 })).toBe(41000);
    expect(slotPort(3, { portBase: 41000, portsPerTask: 10 })).toBe(41030);
  });
});

describe('taskEnv', () => {
  it('config env, then mstui’s own variables (which win)', () => {
    expect(taskEnv({ task: '1.2', runId: 7, worktree: '/r/.worktrees/M1-1.2', port: 41010, env: { APP: 'x', MSTUI_TASK: 'no' } })).toEqual({
      APP: 'x',
      MSTUI_TASK: '1.2',
      MSTUI_RUN: '7',
      MSTUI_WORKTREE: '/r/.worktrees/M1-1.2',
      MSTUI_PORT: '41010',
    });
  });
  it('the integration worktree: no MSTUI_TASK; no slot: no MSTUI_PORT', () => {
    expect(taskEnv({ task: null, runId: 1, worktree: '/r/.worktrees/M1', port: null, env: {} })).toEqual({
      MSTUI_RUN: '1',
      MSTUI_WORKTREE: '/r/.worktrees/M1',
    });
  });
});

describe('commands.setup in the scheduler', () => {
  const question: Question = {
    kind: 'setup-failed',
    task: '1.1',
    text: "setup failed (commands.setup: npm ci, exit 1) in 1.1's new worktree, before its agent started. Run it again (after a fix), skip the task, or abort?",
    answers: ['retry', 'skip', 'abort'],
  };

  it('success is recorded on the task (task null: the integration worktree)', () => {
    const s = new Script([t('1.1')]);
    s.send(ev.resumed());
    expect(s.send({ type: 'SetupDone', task: '1.1' })).toEqual([]);
    expect(s.state.tasks['1.1']?.setupDone).toBe(true);
    s.send({ type: 'SetupDone', task: null });
    expect(s.state.integrationSetupDone).toBe(true);
  });

  it('a failure asks retry / skip / abort; the output is kept for the failure file', () => {
    const s = new Script([t('1.1'), t('1.2', ['1.1'])]);
    s.send(ev.resumed());
    expect(s.send(setupFailed('1.1'))).toEqual([{ type: 'Ask', question }]);
    expect(s.state.tasks['1.1']).toMatchObject({
      status: 'decision',
      agent: 'none',
      question,
      reason: 'setup failed (commands.setup: npm ci, exit 1)',
      gateOutput: 'npm ERR! missing package-lock.json',
    });
  });

  it('retry starts the task again (its setup first); skip skips it and its dependents; abort stops the run', () => {
    const retry = new Script([t('1.1')]);
    retry.send(ev.resumed(), setupFailed('1.1'));
    expect(retry.send(ev.answered('1.1', 'retry'))).toEqual([fx.start('1.1')]);
    expect(retry.state.tasks['1.1']).toMatchObject({ status: 'running', agent: 'starting', question: null });

    const skip = new Script([t('1.1'), t('1.2', ['1.1'])]);
    skip.send(ev.resumed(), setupFailed('1.1'));
    expect(skip.send(ev.answered('1.1', 'skip'))).toEqual([fx.finish(0)]);
    expect(skip.statuses()).toEqual({ '1.1': 'skipped', '1.2': 'skipped' });

    const abort = new Script([t('1.1')]);
    abort.send(ev.resumed(), setupFailed('1.1'));
    expect(abort.send(ev.answered('1.1', 'abort'))).toEqual([fx.stopAgent('1.1'), fx.finish(1)]);
  });

  it('a task that had a session resumes it after a retried setup', () => {
    const s = new Script([t('1.1')]);
    s.send(ev.resumed(), ev.started('1.1'), setupFailed('1.1'));
    expect(s.send(ev.answered('1.1', 'retry'))).toEqual([fx.start('1.1', true)]);
  });

  it('--yes retries it once, then fails the task with the setup output', () => {
    const s = new Script([t('1.1'), t('1.2', ['1.1'])], { autoYes: true });
    s.send(ev.resumed());
    expect(s.send(setupFailed('1.1'))).toEqual([fx.start('1.1')]);
    expect(s.state.tasks['1.1']?.setupRetries).toBe(1);
    expect(s.send(setupFailed('1.1', null))).toEqual([fx.writeFailure('1.1'), fx.stopAgent('1.1'), fx.finish(1)]);
    expect(s.state.tasks['1.1']).toMatchObject({
      status: 'failed',
      reason: 'setup failed (commands.setup: npm ci, timed out)',
      gateOutput: 'npm ERR! missing package-lock.json',
    });
    expect(s.status('1.2')).toBe('skipped');
  });

  it('a failure for a task no longer starting (skipped meanwhile) changes nothing', () => {
    const s = new Script([t('1.1')]);
    s.send(ev.resumed(), { type: 'SkipRequested', task: '1.1' });
    const before = s.state;
    expect(s.send(setupFailed('1.1'))).toEqual([]);
    expect(s.state.tasks).toEqual(before.tasks);
  });

  it('a failed gate with a hint says it in the reason', () => {
    const s = new Script([t('1.1')]);
    s.send(ev.resumed(), ev.started('1.1'), ev.handoff('1.1'), ev.idle('1.1'));
    s.send({ type: 'GatesFailed', task: '1.1', gate: 'tests', output: 'Cannot find module', exitCode: 1, hint: 'node_modules is missing' });
    expect(s.state.tasks['1.1']?.reason).toBe('tests failed (exit 1); node_modules is missing');
  });
});
