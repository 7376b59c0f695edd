/** UI intents outside a question: skip, force, retry. */
import { describe, expect, it } from 'vitest';
import { ev, fx, Script, t } from './scheduler-helpers.js';

describe('SkipRequested', () => {
  it('skips a pending task and its dependents without starting them', () => {
    const s = new Script([t('p1'), t('p2', ['p1']), t('p3', ['p2']), t('q'), t('r', ['q'])], { parallel: 1 });
    s.send(ev.resumed());
    expect(s.status('p1')).toBe('running');
    s.send({ type: 'SkipRequested', task: 'q' });
    expect(s.statuses()).toEqual({ p1: 'running', p2: 'pending', p3: 'pending', q: 'skipped', r: 'skipped' });
    expect(s.state.tasks.r?.reason).toBe('blocked by q');
  });
  it('stops the agent of a running task', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'));
    const out = s.send({ type: 'SkipRequested', task: 'a' });
    expect(out).toContainEqual(fx.stopAgent('a'));
    expect(s.status('a')).toBe('skipped');
  });
  it('ignores a merged task', () => {
    const s = new Script([t('a'), t('b')], { autoYes: true });
    s.send(ev.resumed());
    s.complete('a');
    s.send({ type: 'SkipRequested', task: 'a' });
    expect(s.status('a')).toBe('merged');
  });
});

describe('ForceRequested', () => {
  it('forces a task past its failed gate to the merge question', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'), ev.failed('a'));
    expect(s.status('a')).toBe('decision');
    s.send({ type: 'ForceRequested', task: 'a' });
    expect(s.status('a')).toBe('ci');
    s.send(ev.ciPassed('a'));
    expect(s.status('a')).toBe('awaiting-merge');
    expect(s.state.tasks.a?.question?.kind).toBe('merge');
  });
  it('does nothing to a task without a forceable question', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'));
    expect(s.send({ type: 'ForceRequested', task: 'a' })).toEqual([]);
    expect(s.status('a')).toBe('running');
  });
});

describe('RetryRequested', () => {
  it('puts a failed task and the dependents it blocked back in the queue', () => {
    const s = new Script([t('a'), t('b', ['a']), t('c')], { parallel: 1 });
    s.send(ev.resumed(), ev.started('a'), ev.exited('a', 2));
    expect(s.statuses()).toMatchObject({ a: 'failed', b: 'skipped' });
    const out = s.send({ type: 'RetryRequested', task: 'a' });
    expect(s.status('b')).toBe('pending');
    expect(s.state.tasks.a?.exitCode).toBeNull();
    // c took the slot when a failed; a starts again once c is done
    expect(Script.starts(out)).toEqual([]);
    expect(s.status('c')).toBe('running');
    s.complete('c');
    expect(s.status('a')).toBe('running');
  });
  it('answers retry when the task asks a question that offers it', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'), ev.failed('a', 'boom output'));
    const out = s.send({ type: 'RetryRequested', task: 'a' });
    expect(out.some((e) => e.type === 'SendPrompt' && e.prompt.includes('boom output'))).toBe(true);
    expect(s.status('a')).toBe('running');
  });
});
