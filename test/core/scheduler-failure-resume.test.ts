/** Scheduler reducer: agents exiting, failures with and without --stop-on-failure, and resuming a replayed run. */
import { describe, expect, it } from 'vitest';
import { initState } from '../../src/core/scheduler/init.js';
import { handoffFollowUp } from '../../src/core/scheduler/prompts.js';
import { reduce } from '../../src/core/scheduler/reduce.js';
import type { Event } from '../../src/core/scheduler/types.js';
import { ev, fx, opts, Script, t, title } from './scheduler-helpers.js';

describe('agent exits', () => {
  it('non-zero exit while running fails the task, skips its dependents, independent tasks continue', () => {
    const s = new Script([t('a'), t('b', ['a']), t('c', ['b']), t('d'), t('e')], { parallel: 2, autoYes: true });
    expect(s.send(ev.resumed())).toEqual([fx.start('a'), fx.start('d')]);
    s.send(ev.started('a'), ev.started('d'));
    expect(s.send(ev.exited('a', 3))).toEqual([fx.writeFailure('a'), fx.stopAgent('a'), fx.start('e')]);
    expect(s.statuses()).toEqual({ a: 'failed', b: 'skipped', c: 'skipped', d: 'running', e: 'running' });
    expect(s.state.tasks.a).toMatchObject({ agent: 'exited', exitCode: 3, reason: 'agent exited with code 3' });
    expect(s.state.tasks.b?.reason).toBe('blocked by a');
    expect(s.state.tasks.c?.reason).toBe('blocked by a');
    s.complete('d');
    expect(s.complete('e').at(-1)).toEqual(fx.finish(1));
    expect(s.finishes()).toHaveLength(1);
  });

  it('TaskStartFailed fails the task the same way', () => {
    const s = new Script([t('a'), t('b', ['a'])]);
    s.send(ev.resumed());
    expect(s.send(ev.startFailed('a', 'no worktree'))).toEqual([fx.writeFailure('a'), fx.stopAgent('a'), fx.finish(1)]);
    expect(s.state.tasks.a).toMatchObject({ status: 'failed', reason: 'could not start: no worktree' });
    expect(s.status('b')).toBe('skipped');
  });

  it('a merge that threw is failed with its own words, not "could not start"', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed());
    s.send({ type: 'TaskStartFailed', task: 'a', step: 'merge', error: 'merging into mstui/M1 failed: disk full' });
    expect(s.state.tasks.a).toMatchObject({ status: 'failed', reason: 'merging into mstui/M1 failed: disk full' });
  });

  it('stopOnFailure: nothing new starts after a failure; Finish exit 1 once the active tasks end', () => {
    const s = new Script([t('a'), t('b'), t('c')], { parallel: 2, autoYes: true, stopOnFailure: true });
    expect(s.send(ev.resumed())).toEqual([fx.start('a'), fx.start('b')]);
    s.send(ev.started('a'), ev.started('b'));
    expect(s.send(ev.exited('a', 1))).toEqual([fx.writeFailure('a'), fx.stopAgent('a')]);
    expect(s.finishes()).toEqual([]);
    expect(s.complete('b')).toEqual([fx.gates('b'), fx.ci('b'), fx.merge('b'), fx.stopAgent('b'), fx.cleanup('b'), fx.finish(1)]);
    expect(s.statuses()).toEqual({ a: 'failed', b: 'merged', c: 'pending' });
  });

  it('exit 0 with the handoff written → gates', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'), ev.handoff('a'));
    expect(s.send(ev.exited('a', 0))).toEqual([fx.gates('a')]);
    expect(s.state.tasks.a).toMatchObject({ status: 'verifying', agent: 'exited', exitCode: 0 });
  });

  it('exit 0 without the handoff → the agent is restarted (resume) with the follow-up prompt', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'));
    expect(s.send(ev.exited('a', 0))).toEqual([fx.start('a', true, handoffFollowUp('a', title('a')))]);
    expect(s.state.tasks.a).toMatchObject({ status: 'running', agent: 'starting', followUps: 1 });
    // It exits again without the handoff: a human is asked; 'retry' restarts it again with the prompt.
    s.send(ev.started('a'));
    expect(s.asks(s.send(ev.exited('a', 0))).map((q) => q.kind)).toEqual(['handoff-missing']);
    expect(s.send(ev.answered('a', 'retry'))).toEqual([fx.start('a', true, handoffFollowUp('a', title('a')))]);
  });

  it('an agent exiting while its task waits for a decision only records the exit', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'), ev.failed('a'));
    expect(s.send(ev.exited('a', 1))).toEqual([]);
    expect(s.state.tasks.a).toMatchObject({ status: 'decision', agent: 'exited', exitCode: 1 });
    // Retrying restarts the exited agent instead of typing into it.
    const retry = s.send(ev.answered('a', 'retry'));
    expect(retry).toEqual([{ type: 'StartTask', task: 'a', resume: true, prompt: expect.stringContaining('expected 1 to be 2') }]);
  });
});

describe('RunResumed after replay', () => {
  /** Each task is brought to a different point; parallel 6 lets them all run at once. */
  const plan = [t('r'), t('v'), t('m'), t('d'), t('w'), t('x'), t('p', ['x'])];
  const history: Event[] = [
    ev.resumed(),
    ...['r', 'v', 'm', 'd', 'w', 'x'].map(ev.started),
    ...[ev.handoff('v'), ev.idle('v')],
    ...[ev.handoff('m'), ev.idle('m'), ev.passed('m'), ev.ciPassed('m'), ev.answered('m', 'yes')],
    ...[ev.handoff('d'), ev.idle('d'), ev.failed('d')],
    ...[ev.handoff('w'), ev.idle('w'), ev.passed('w'), ev.ciPassed('w')],
    ...[ev.handoff('x'), ev.idle('x'), ev.passed('x'), ev.ciPassed('x'), ev.answered('x', 'yes'), ev.pause(), ev.merged('x')],
  ];
  const replayed = () => history.reduce((s, e) => reduce(s, e).state, initState(plan, null, opts({ parallel: 6 })));

  it('brings every active task back to where it was', () => {
    const state = replayed();
    expect(Object.fromEntries(state.order.map((id) => [id, state.tasks[id]?.status]))).toEqual({
      r: 'running',
      v: 'verifying',
      m: 'merging',
      d: 'decision',
      w: 'awaiting-merge',
      x: 'merged',
      p: 'pending',
    });
    const step = reduce(state, ev.resumed());
    expect(step.effects).toEqual([
      fx.start('r', true, null),
      fx.gates('v'),
      fx.merge('m'),
      { type: 'Ask', question: state.tasks.d?.question },
      { type: 'Ask', question: state.tasks.w?.question },
      fx.cleanup('x'),
    ]);
    expect(step.effects.filter((e) => e.type === 'Ask').map((e) => e.type === 'Ask' && e.question.kind)).toEqual(['gate-failed', 'merge']);
    expect(step.state.tasks.r?.agent).toBe('starting');
  });

  it('schedules pending work after the resume once unpaused', () => {
    const s = new Script(plan, { parallel: 6 });
    s.state = replayed();
    s.send(ev.resumed());
    expect(s.send(ev.pause())).toEqual([fx.start('p')]);
  });
});
