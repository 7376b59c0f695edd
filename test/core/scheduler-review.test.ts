/** Scheduler reducer: the review pipeline — CI, CI retries that teach, conflicts, branch updates, integration, blockers. */
import { describe, expect, it } from 'vitest';
import { ciFailurePrompt, nudgePrompt, resolveConflictPrompt } from '../../src/core/scheduler/prompts.js';
import type { Effect, Event, RunOptions } from '../../src/core/scheduler/types.js';
import { ev, fx, Script, t } from './scheduler-helpers.js';

const resolve = (task: string, prompt: string | null): Effect => ({ type: 'StartConflictResolution', task, prompt });
const LOG = 'FAIL lint\nsrc/a.ts: unused x';

/** a (→ b depends on a), taken to its first CI result. */
function atCi(options: Partial<RunOptions> = {}): Script {
  const s = new Script([t('a'), t('b', ['a'])], { maxRetries: 3, ...options });
  s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'));
  expect(s.send(ev.passed('a'))).toEqual([fx.ci('a')]);
  expect(s.state.tasks.a).toMatchObject({ status: 'ci', ci: { status: 'running' } });
  return s;
}

describe('CI', () => {
  it('progress events update the summary and the PR; green goes to the merge question', () => {
    const s = atCi();
    s.send({ type: 'CiStarted', task: 'a', summary: 'PR #4: waiting for checks', pr: { number: 4, url: 'https://x/pull/4' } });
    s.send({ type: 'CiProgress', task: 'a', summary: 'PR #4: 1 check: 0 pass, 1 pending' });
    expect(s.state.tasks.a).toMatchObject({ pr: { number: 4 }, ci: { summary: 'PR #4: 1 check: 0 pass, 1 pending' } });
    const out = s.send(ev.ciPassed('a', 'PR #4: 1 check: 1 pass'));
    expect(out).toEqual([expect.objectContaining({ type: 'Ask', question: expect.objectContaining({ kind: 'merge' }) })]);
    expect(s.state.tasks.a).toMatchObject({ status: 'awaiting-merge', ci: { status: 'passed' } });
  });

  it('red is a question with the retry budget; retry types the failing checks and the log tail into the same session', () => {
    const s = atCi();
    const [q] = s.asks(s.send(ev.ciFailed('a')));
    expect(q).toEqual({
      kind: 'ci-failed',
      task: 'a',
      text: 'CI failed for a (3 of 3 retries left): 1 of 2 checks failed (lint).',
      answers: ['retry', 'skip', 'force', 'abort'],
    });
    expect(s.status('a')).toBe('decision');
    const summary = '1 of 2 checks failed (lint)';
    expect(s.send(ev.answered('a', 'retry'))).toEqual([fx.send('a', ciFailurePrompt('a', summary, ['lint'], LOG))]);
    expect(s.state.tasks.a).toMatchObject({ status: 'running', ciRetries: 1, retries: 0 });
    expect(ciFailurePrompt('a', summary, ['lint'], LOG)).toContain('src/a.ts: unused x');
  });

  it('after the third failed retry the options are skip, force or continue; skip skips the dependents', () => {
    const s = atCi();
    for (let i = 0; i < 3; i++) {
      s.send(ev.ciFailed('a'), ev.answered('a', 'retry'), ev.idle('a'), ev.passed('a'));
    }
    const [q] = s.asks(s.send(ev.ciFailed('a')));
    expect(q?.text).toContain('(0 of 3 retries left)');
    expect(q?.answers).toEqual(['skip', 'force', 'continue', 'abort']);
    expect(s.send(ev.answered('a', 'retry'))).toEqual([]);
    s.send(ev.answered('a', 'skip'));
    expect(s.statuses()).toEqual({ a: 'skipped', b: 'skipped' });
    expect(s.state.tasks.b?.reason).toBe('blocked by a');
  });

  it("'continue' (fixed by hand) runs the gates and CI again; 'force' marks CI forced and asks to merge", () => {
    const s = atCi({ maxRetries: 0 });
    s.send(ev.ciFailed('a'));
    expect(s.send(ev.answered('a', 'continue'))).toEqual([fx.gates('a')]);
    s.send(ev.passed('a'), ev.ciFailed('a'));
    s.send(ev.answered('a', 'force'));
    expect(s.state.tasks.a).toMatchObject({ status: 'awaiting-merge', ci: { status: 'forced' } });
  });

  it('--yes retries CI until the budget is spent, then fails the task', () => {
    const s = atCi({ autoYes: true, maxRetries: 2 });
    for (let i = 1; i <= 2; i++) {
      expect(s.send(ev.ciFailed('a'))[0]).toMatchObject({ type: 'SendPrompt', task: 'a' });
      expect(s.state.tasks.a?.ciRetries).toBe(i);
      s.send(ev.idle('a'), ev.passed('a'));
    }
    expect(s.send(ev.ciFailed('a'))).toEqual([fx.writeFailure('a'), fx.stopAgent('a'), fx.finish(1)]);
    expect(s.statuses()).toEqual({ a: 'failed', b: 'skipped' });
  });

  it('an approved merge whose branch moved re-runs CI and then merges without asking again', () => {
    const s = atCi();
    s.send(ev.ciPassed('a'), ev.answered('a', 'yes'));
    expect(s.status('a')).toBe('merging');
    expect(s.send({ type: 'BranchUpdated', task: 'a' })).toEqual([fx.ci('a')]);
    expect(s.send(ev.ciPassed('a'))).toEqual([fx.merge('a')]);
  });
});

describe('conflicts', () => {
  const conflicted: Event = { type: 'MergeConflicted', task: 'a', files: ['src/x.ts'] };

  it("'hand' leaves the worktree mid-merge and waits for continue; continue verifies again", () => {
    const s = atCi();
    s.send(ev.ciPassed('a'), ev.answered('a', 'yes'), conflicted);
    expect(s.status('a')).toBe('conflict');
    const out = s.send(ev.answered('a', 'hand'));
    expect(out).toContainEqual(resolve('a', null));
    expect(s.state.tasks.a?.question).toMatchObject({ kind: 'conflict-by-hand', answers: ['continue', 'skip', 'abort'] });
    expect(s.status('a')).toBe('conflict');
    expect(s.send(ev.answered('a', 'continue'))).toEqual([fx.gates('a')]);
  });

  it("'retry' merges the tip in and prompts the agent with the conflicted files; approval is kept", () => {
    const s = atCi();
    s.send(ev.ciPassed('a'), ev.answered('a', 'yes'), conflicted);
    expect(s.send(ev.answered('a', 'retry'))).toEqual([resolve('a', resolveConflictPrompt('a', 'the integration branch', ['src/x.ts']))]);
    expect(s.state.tasks.a).toMatchObject({ status: 'running', retries: 1, approved: true });
    expect(s.send(ev.idle('a'), ev.passed('a'), ev.ciPassed('a'))).toEqual([fx.gates('a'), fx.ci('a'), fx.merge('a')]);
  });

  it('after a merge, tasks waiting for merge approval get an UpdateBranches effect', () => {
    const s = new Script([t('a'), t('b')], { parallel: 2 });
    s.send(ev.resumed(), ev.started('a'), ev.started('b'));
    for (const id of ['a', 'b']) s.send(ev.handoff(id), ev.idle(id), ev.passed(id), ev.ciPassed(id));
    s.send(ev.answered('a', 'yes'));
    expect(s.send(ev.merged('a'))).toContainEqual({ type: 'UpdateBranches', tasks: ['b'] });
    expect(s.send({ type: 'BranchUpdated', task: 'b' })).toEqual([fx.ci('b')]);
  });
});

describe('integration test', () => {
  it('runs once after the last merge; a failure is a run-level question; retry reruns, force accepts', () => {
    const s = new Script([t('a')], { integration: true });
    s.send(ev.resumed());
    const out = s.complete('a');
    expect(out).toContainEqual({ type: 'RunIntegration' });
    expect(out.some((e) => e.type === 'Finish')).toBe(false);
    const [q] = s.asks(s.send({ type: 'IntegrationFailed', output: 'broke', exitCode: 1 }));
    expect(q).toMatchObject({ kind: 'integration-failed', task: null, answers: ['retry', 'force', 'abort'] });
    expect(s.send(ev.answered(null, 'retry'))).toEqual([{ type: 'RunIntegration' }]);
    s.send({ type: 'IntegrationFailed', output: 'broke again', exitCode: 1 });
    expect(s.send(ev.answered(null, 'force'))).toEqual([fx.finish(0)]);
    expect(s.state.integration).toBe('accepted');
  });

  it('with --yes a failure ends the run with exit 1; a pass with 0; nothing merged → not run', () => {
    const failing = new Script([t('a')], { integration: true, autoYes: true });
    failing.send(ev.resumed());
    failing.complete('a');
    expect(failing.send({ type: 'IntegrationFailed', output: 'x', exitCode: 2 })).toEqual([fx.finish(1)]);
    const passing = new Script([t('a')], { integration: true, autoYes: true });
    passing.send(ev.resumed());
    passing.complete('a');
    expect(passing.send({ type: 'IntegrationPassed' })).toEqual([fx.finish(0)]);
    const none = new Script([t('a', [], { done: true })], { integration: true });
    expect(none.send(ev.resumed())).toEqual([fx.finish(0)]);
  });
});

describe('blockers', () => {
  it('overdue: a question that keeps the task running; wait grants another period, nudge types a prompt', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'));
    const [q] = s.asks(s.send({ type: 'TaskOverdue', task: 'a', minutes: 61 }));
    expect(q).toMatchObject({ kind: 'overdue', answers: ['wait', 'nudge', 'skip', 'abort'] });
    expect(s.status('a')).toBe('running');
    expect(s.send({ type: 'TaskOverdue', task: 'a', minutes: 62 })).toEqual([]);
    s.send(ev.answered('a', 'wait'));
    expect(s.state.tasks.a).toMatchObject({ question: null, extensions: 1, status: 'running' });
    s.send({ type: 'TaskOverdue', task: 'a', minutes: 121 });
    expect(s.send(ev.answered('a', 'nudge'))).toEqual([fx.send('a', nudgePrompt('a', 'overdue', 121))]);
  });

  it('stalled: cleared by new output; nudge asks the agent what blocks it', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'), { type: 'AgentStalled', task: 'a', minutes: 10 });
    expect(s.state.tasks.a?.question?.kind).toBe('stalled');
    s.send(ev.busy('a'));
    expect(s.state.tasks.a?.question).toBeNull();
    s.send({ type: 'AgentStalled', task: 'a', minutes: 12 });
    expect(s.send(ev.answered('a', 'nudge'))).toEqual([fx.send('a', nudgePrompt('a', 'stalled', 12))]);
  });

  it('disk full: pauses scheduling and asks; continue unpauses, abort stops', () => {
    const s = new Script([t('a'), t('b')]);
    s.send(ev.resumed(), ev.started('a'));
    const [q] = s.asks(s.send({ type: 'DiskFull', percent: 95, path: '/repo' }));
    expect(q).toMatchObject({ kind: 'disk-full', task: null, text: expect.stringContaining('95% (/repo)') });
    expect(s.state.paused).toBe(true);
    s.complete('a');
    expect(s.status('b')).toBe('pending');
    expect(s.send(ev.answered(null, 'continue'))).toEqual([fx.start('b')]);
  });
});
