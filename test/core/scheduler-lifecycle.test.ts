/** Scheduler reducer: one task's lifecycle — handoff follow-ups, gates, merge approval, gate failures, conflicts, permissions. */
import { describe, expect, it } from 'vitest';
import { gateFailurePrompt, handoffFollowUp, resolveConflictPrompt } from '../../src/core/scheduler/prompts.js';
import type { Effect, Question } from '../../src/core/scheduler/types.js';
import { ev, fx, Script, t, title } from './scheduler-helpers.js';

const resolve = (task: string, prompt: string): Effect => ({ type: 'StartConflictResolution', task, prompt });

const ask = (question: Question): Effect => ({ type: 'Ask', question });
const followUp = (id: string) => handoffFollowUp(id, title(id));
const mergeQ = (id: string): Question => ({
  kind: 'merge',
  task: id,
  text: `Merge ${id} into the integration branch?`,
  answers: ['yes', 'no', 'always'],
});
const handoffQ = (id: string): Question => ({
  kind: 'handoff-missing',
  task: id,
  text: `${id} stopped without writing its handoff section. Ask the agent again?`,
  answers: ['retry', 'skip', 'force', 'abort'],
});
const gateQ = (id: string, left: number, max = 2): Question => ({
  kind: 'gate-failed',
  task: id,
  text: `test failed (exit 1) for ${id} (${left} of ${max} retries left). Retry with the failure sent to the agent?`,
  answers: left > 0 ? ['retry', 'skip', 'force', 'abort'] : ['skip', 'force', 'abort'],
});

/** A task that is started and has just reached the given point. */
function at(point: 'running' | 'gate-failed' | 'merge-asked', options: ConstructorParameters<typeof Script>[1] = {}) {
  const s = new Script([t('a'), t('b', ['a'])], options);
  s.send(ev.resumed(), ev.started('a'));
  if (point === 'running') return s;
  s.send(ev.handoff('a'), ev.idle('a'));
  if (point === 'gate-failed') s.send(ev.failed('a'));
  else s.send(ev.passed('a'), ev.ciPassed('a'));
  return s;
}

describe('task lifecycle', () => {
  it('follow-up once, then handoff-missing; handoff → gates → merge question; always → later merges unasked', () => {
    const s = new Script([t('a'), t('b', ['a'])]);
    expect(s.send(ev.resumed())).toEqual([fx.start('a')]);
    expect(s.send(ev.started('a'))).toEqual([]);
    expect(s.state.tasks.a).toMatchObject({ agent: 'busy', sessionId: 'session-a', startedAtMs: 1000 });
    expect(s.send(ev.idle('a'))).toEqual([fx.send('a', followUp('a'))]);
    expect(s.state.tasks.a).toMatchObject({ status: 'running', followUps: 1 });
    expect(s.send(ev.busy('a'), ev.idle('a'))).toEqual([ask(handoffQ('a'))]);
    expect(s.status('a')).toBe('decision');
    expect(s.send(ev.answered('a', 'retry'))).toEqual([fx.send('a', followUp('a'))]);
    expect(s.send(ev.handoff('a'), ev.idle('a'))).toEqual([fx.gates('a')]);
    expect(s.status('a')).toBe('verifying');
    expect(s.send(ev.passed('a'))).toEqual([fx.ci('a')]);
    expect(s.send(ev.ciPassed('a'))).toEqual([ask(mergeQ('a'))]);
    expect(s.status('a')).toBe('awaiting-merge');
    expect(s.send(ev.answered('a', 'always'))).toEqual([fx.merge('a')]);
    expect(s.status('a')).toBe('merging');
    expect(s.send(ev.merged('a'))).toEqual([fx.stopAgent('a'), fx.cleanup('a'), fx.start('b')]);
    expect(s.state.tasks.a).toMatchObject({ status: 'merged', endedAtMs: 2000 });
    expect(s.send(ev.started('b'), ev.handoff('b'), ev.idle('b'), ev.passed('b'), ev.ciPassed('b'))).toEqual([
      fx.gates('b'),
      fx.ci('b'),
      fx.merge('b'),
    ]);
    expect(s.send(ev.merged('b'))).toEqual([fx.stopAgent('b'), fx.cleanup('b'), fx.finish(0)]);
  });

  it('with autoYes: gates passed → Merge directly', () => {
    const s = at('merge-asked', { autoYes: true });
    expect(s.log.at(-1)).toEqual(fx.merge('a'));
    expect(s.asks()).toEqual([]);
  });

  it('with autoYes: more follow-ups (maxRetries) for a missing handoff, then failed', () => {
    const s = new Script([t('a'), t('b', ['a'])], { autoYes: true, maxRetries: 2 });
    s.send(ev.resumed(), ev.started('a'));
    for (let i = 1; i <= 3; i++) {
      expect(s.send(ev.idle('a'))).toEqual([fx.send('a', followUp('a'))]);
      expect(s.state.tasks.a?.followUps).toBe(i);
    }
    expect(s.send(ev.idle('a'))).toEqual([fx.writeFailure('a'), fx.stopAgent('a'), fx.finish(1)]);
    expect(s.statuses()).toEqual({ a: 'failed', b: 'skipped' });
    expect(s.state.tasks.a?.reason).toBe('no handoff section after the follow-up prompt');
  });

  it.each([
    { answer: 'force' as const, effects: [fx.gates('a')], status: 'verifying' },
    { answer: 'skip' as const, effects: [fx.stopAgent('a'), fx.finish(0)], status: 'skipped' },
  ])("handoff-missing answered '$answer'", ({ answer, effects, status }) => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'), ev.idle('a'), ev.idle('a'));
    expect(s.send(ev.answered('a', answer))).toEqual(effects);
    expect(s.status('a')).toBe(status);
  });

  it('answers a question does not accept, or for another task, are ignored', () => {
    const s = at('merge-asked');
    expect(s.send(ev.answered('a', 'retry'), ev.answered('b', 'yes'), ev.answered(null, 'yes'))).toEqual([]);
    expect(s.status('a')).toBe('awaiting-merge');
  });
});

describe('gate failures', () => {
  it('autoYes retries with the gate output up to maxRetries, then fails', () => {
    const s = at('running', { autoYes: true, maxRetries: 2 });
    s.send(ev.handoff('a'), ev.idle('a'));
    for (let i = 1; i <= 2; i++) {
      const effects = s.send(ev.failed('a', `OUTPUT-${i}`));
      expect(effects).toEqual([fx.send('a', gateFailurePrompt('a', 'test', `OUTPUT-${i}`))]);
      expect(effects[0]).toMatchObject({ prompt: expect.stringContaining(`OUTPUT-${i}`) });
      expect(s.state.tasks.a).toMatchObject({ status: 'running', retries: i });
      expect(s.send(ev.idle('a'))).toEqual([fx.gates('a')]);
    }
    expect(s.send(ev.failed('a', 'OUTPUT-3'))).toEqual([fx.writeFailure('a'), fx.stopAgent('a'), fx.finish(1)]);
    expect(s.state.tasks.a).toMatchObject({ status: 'failed', reason: 'test failed (exit 1)', gateOutput: 'OUTPUT-3' });
    expect(s.state.tasks.b).toMatchObject({ status: 'skipped', reason: 'blocked by a' });
  });

  it('without autoYes asks gate-failed; retry sends the output until no retries are left', () => {
    const s = at('gate-failed');
    expect(s.log.at(-1)).toEqual(ask(gateQ('a', 2)));
    expect(s.status('a')).toBe('decision');
    const retry = s.send(ev.answered('a', 'retry'));
    expect(retry).toHaveLength(1);
    expect(retry[0]).toMatchObject({ type: 'SendPrompt', task: 'a', prompt: expect.stringContaining('expected 1 to be 2') });
    expect(s.send(ev.idle('a'), ev.failed('a'))).toEqual([fx.gates('a'), ask(gateQ('a', 1))]);
    s.send(ev.answered('a', 'retry'), ev.idle('a'));
    expect(s.send(ev.failed('a'))).toEqual([ask(gateQ('a', 0))]);
    expect(s.send(ev.answered('a', 'retry'))).toEqual([]);
  });

  it("'force' sends the task on to CI, then to the merge question", () => {
    const s = at('gate-failed');
    expect(s.send(ev.answered('a', 'force'))).toEqual([fx.ci('a')]);
    expect(s.send(ev.ciPassed('a'))).toEqual([ask(mergeQ('a'))]);
    expect(s.state.tasks.a).toMatchObject({ status: 'awaiting-merge', reason: 'forced past: test failed (exit 1)' });
  });

  it("'skip' skips the task and, transitively, its dependents ('blocked by X'); independent tasks go on", () => {
    const s = new Script([t('a'), t('b', ['a']), t('c', ['b']), t('d')]);
    s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'), ev.failed('a'));
    expect(s.send(ev.answered('a', 'skip'))).toEqual([fx.stopAgent('a'), fx.start('d')]);
    expect(s.statuses()).toEqual({ a: 'skipped', b: 'skipped', c: 'skipped', d: 'running' });
    expect(s.state.tasks.a?.reason).toBe('skipped by the user');
    expect(s.state.tasks.b?.reason).toBe('blocked by a');
    expect(s.state.tasks.c?.reason).toBe('blocked by a');
  });

  it("'abort' stops every active agent and finishes with exit 1", () => {
    const s = new Script([t('a'), t('c'), t('e')], { parallel: 2 });
    s.send(ev.resumed(), ev.started('a'), ev.started('c'), ev.handoff('a'), ev.idle('a'), ev.failed('a'));
    expect(s.send(ev.answered('a', 'abort'))).toEqual([fx.stopAgent('a'), fx.stopAgent('c'), fx.finish(1)]);
    expect(s.status('e')).toBe('pending');
    expect(s.send(ev.exited('c', 0), ev.exited('a', 1))).toEqual([]);
  });
});

describe('merge conflicts', () => {
  it('without autoYes asks merge-conflict; retry sends the conflicted files', () => {
    const s = at('merge-asked');
    s.send(ev.answered('a', 'yes'));
    expect(s.send(ev.conflicted('a', ['src/x.ts', 'src/y.ts']))).toEqual([
      ask({
        kind: 'merge-conflict',
        task: 'a',
        text: 'a conflicts with the integration branch in src/x.ts, src/y.ts. Let the agent resolve it (2 of 2 retries left), resolve it by hand, or skip?',
        answers: ['retry', 'hand', 'skip', 'abort'],
      }),
    ]);
    expect(s.state.tasks.a).toMatchObject({ status: 'conflict', reason: 'merge conflict in src/x.ts, src/y.ts' });
    expect(s.send(ev.answered('a', 'retry'))).toEqual([
      resolve('a', resolveConflictPrompt('a', 'the integration branch', ['src/x.ts', 'src/y.ts'])),
    ]);
    expect(s.state.tasks.a).toMatchObject({ status: 'running', retries: 1 });
  });

  it('autoYes sends the conflicted files to the agent, then fails after maxRetries', () => {
    const s = at('merge-asked', { autoYes: true, maxRetries: 1 });
    const effects = s.send(ev.conflicted('a', ['src/x.ts']));
    expect(effects).toEqual([resolve('a', resolveConflictPrompt('a', 'the integration branch', ['src/x.ts']))]);
    expect(effects[0]).toMatchObject({ prompt: expect.stringContaining('src/x.ts') });
    expect(s.send(ev.idle('a'), ev.passed('a'), ev.ciPassed('a'))).toEqual([fx.gates('a'), fx.ci('a'), fx.merge('a')]);
    expect(s.send(ev.conflicted('a', ['src/x.ts']))).toEqual([fx.writeFailure('a'), fx.stopAgent('a'), fx.finish(1)]);
    expect(s.statuses()).toEqual({ a: 'failed', b: 'skipped' });
  });
});

describe('permission requests', () => {
  const permissionQ: Question = {
    kind: 'permission',
    task: 'a',
    text: 'a asks for permission: Bash(rm -rf build)',
    answers: ['approve', 'deny'],
  };

  it.each([
    { autoYes: false, answer: 'approve' as const, approve: true },
    { autoYes: true, answer: 'approve' as const, approve: true },
    { autoYes: false, answer: 'deny' as const, approve: false },
  ])("permissions 'ask' asks a human (autoYes $autoYes); '$answer' → approve $approve", ({ autoYes, answer, approve }) => {
    const s = at('running', { autoYes, permissions: 'ask' });
    expect(s.send(ev.waiting('a'))).toEqual([ask(permissionQ)]);
    expect(s.state.tasks.a).toMatchObject({ status: 'running', agent: 'waiting' });
    expect(s.send(ev.answered('a', answer))).toEqual([fx.permission('a', approve)]);
    expect(s.state.tasks.a).toMatchObject({ agent: 'busy', question: null });
  });

  it("permissions 'approve' answers directly without a question", () => {
    const s = at('running', { permissions: 'approve' });
    expect(s.send(ev.waiting('a'))).toEqual([fx.permission('a', true)]);
    expect(s.asks()).toEqual([]);
  });

  it('a waiting event for a task that is not active is ignored', () => {
    const s = at('running');
    expect(s.send(ev.waiting('b'))).toEqual([]);
  });
});
