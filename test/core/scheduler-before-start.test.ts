/** The gates before the first task: the planning gate (seed 003), inferred dependencies, the baseline (preflight). */
import { describe, expect, it } from 'vitest';
import type { OutsideDependency } from '../../src/core/plan/model.js';
import { replayRun } from '../../src/core/scheduler/replay.js';
import type { BaselineFailure, Event } from '../../src/core/scheduler/types.js';
import { ev, fx, opts, Script, t } from './scheduler-helpers.js';

const OPEN: OutsideDependency = { task: '154', on: 99, state: 'open' };
const CLOSED: OutsideDependency = { task: '153', on: 10, state: 'closed' };
const UNREAD: OutsideDependency = { task: '154', on: 404, state: 'unknown' };
const TASKS = [t('153'), t('154', ['153'])];

const RED: BaselineFailure = {
  gate: 'tests',
  key: 'commands.test',
  command: 'npm test',
  exitCode: 1,
  output: 'FAIL src/a.test.ts\n2 failing',
};
const checked = (failure: BaselineFailure | null, at = 'main'): Event => ({ type: 'BaselineChecked', at, failure });

describe('the planning gate (a plan that depends on open issues outside it)', () => {
  it('asks approve / abort before anything starts, naming the outside dependencies and their state', () => {
    const s = new Script(TASKS, { planReview: [CLOSED, OPEN, UNREAD] });
    const out = s.send(ev.resumed());
    expect(Script.starts(out)).toEqual([]);
    expect(s.asks(out)).toEqual([
      {
        kind: 'plan-review',
        task: null,
        text: 'The plan depends on issues outside it that are not closed: #154 needs #99 (open), #154 needs #404 (could not be read). Approve the proposed plan and start, or abort?',
        answers: ['approve', 'abort'],
      },
    ]);
    expect(s.finishes()).toEqual([]);
  });

  it('approve starts the first task; the question is not asked again', () => {
    const s = new Script(TASKS, { planReview: [OPEN] });
    s.send(ev.resumed());
    expect(s.send(ev.answered(null, 'approve'))).toEqual([fx.start('153')]);
    expect(s.state.question).toBeNull();
    expect(s.asks(s.send(ev.resumed()))).toEqual([]);
  });

  it('abort ends the run with exit 1 and starts nothing', () => {
    const s = new Script(TASKS, { planReview: [OPEN] });
    s.send(ev.resumed());
    expect(s.send(ev.answered(null, 'abort'))).toEqual([fx.finish(1)]);
    expect(s.statuses()).toEqual({ 153: 'pending', 154: 'pending' });
  });

  it('--yes does not approve it; PlanApproved (--approve-plan) does, and clears a pending question', () => {
    const s = new Script(TASKS, { planReview: [OPEN], autoYes: true });
    expect(s.asks(s.send(ev.resumed())).map((q) => q.kind)).toEqual(['plan-review']);
    expect(s.send({ type: 'PlanApproved' })).toEqual([fx.start('153')]);
    expect(s.state.question).toBeNull();
  });

  it('only closed outside dependencies: no question', () => {
    const s = new Script(TASKS, { planReview: [CLOSED] });
    expect(s.send(ev.resumed())).toEqual([fx.start('153')]);
  });

  it('comes before the question about inferred dependencies', () => {
    const s = new Script(TASKS, { planReview: [OPEN], needsConfirmation: true });
    expect(s.asks(s.send(ev.resumed())).map((q) => q.kind)).toEqual(['plan-review']);
    expect(s.asks(s.send(ev.answered(null, 'approve'))).map((q) => q.kind)).toEqual(['confirm-deps']);
    expect(s.send(ev.answered(null, 'yes'))).toEqual([fx.start('153')]);
  });

  it('an approval replays: the resumed run does not ask again', () => {
    const events: Event[] = [ev.resumed(), ev.answered(null, 'approve'), ev.started('153')];
    const state = replayRun(TASKS, new Set(), events, null, opts({ planReview: [OPEN] }));
    expect(state.planApproved).toBe(true);
    expect(state.question).toBeNull();
  });
});

describe('the baseline (the test and quality commands on the base, before the first task)', () => {
  it('runs before the first task, after the plan and dependency questions; green starts the task', () => {
    const s = new Script(TASKS, { baseline: true, needsConfirmation: true });
    expect(s.asks(s.send(ev.resumed())).map((q) => q.kind)).toEqual(['confirm-deps']);
    expect(s.send(ev.answered(null, 'yes'))).toEqual([{ type: 'RunBaseline' }]);
    expect(s.state.baseline).toEqual({ status: 'running' });
    // While it runs nothing starts and the run does not finish.
    expect(s.send(ev.pause(), ev.pause())).toEqual([]);
    expect(s.send(checked(null))).toEqual([fx.start('153')]);
    expect(s.state.baseline).toEqual({ status: 'passed', at: 'main' });
  });

  it('red: asks run anyway / abort with the failing command and its last line; nothing starts meanwhile', () => {
    const s = new Script(TASKS, { baseline: true, autoYes: true });
    s.send(ev.resumed());
    const out = s.send(checked(RED));
    expect(Script.starts(out)).toEqual([]);
    expect(s.asks(out)).toEqual([
      {
        kind: 'baseline-failed',
        task: null,
        text: "Tests already fail on main before any task: 2 failing (commands.test: npm test, exit 1). Every task's gates would meet these failures. Run anyway, or abort?",
        answers: ['continue', 'abort'],
      },
    ]);
    expect(s.finishes()).toEqual([]);
    expect(s.send(ev.answered(null, 'continue'))).toEqual([fx.start('153')]);
    expect(s.state.baseline?.status).toBe('accepted');
  });

  it('red, abort: the run ends (exit 1) with every task pending', () => {
    const s = new Script(TASKS, { baseline: true });
    s.send(ev.resumed(), checked({ ...RED, gate: 'quality', key: 'commands.quality', command: 'npm run lint', exitCode: null }));
    expect(s.state.question?.text).toMatch(
      /^Quality already fails on main before any task: 2 failing \(commands.quality: npm run lint, did not finish\)/,
    );
    expect(s.send(ev.answered(null, 'abort'))).toEqual([fx.finish(1)]);
    expect(s.statuses()).toEqual({ 153: 'pending', 154: 'pending' });
  });

  it('a resumed run re-runs a baseline cut short, and does not run one that passed', () => {
    const cut = replayRun(TASKS, new Set(), [ev.resumed()], null, opts({ baseline: true }));
    const s = new Script(TASKS, { baseline: true });
    s.state = cut;
    expect(s.send(ev.resumed())).toEqual([{ type: 'RunBaseline' }]);
    const passed = replayRun(TASKS, new Set(), [ev.resumed(), checked(null), ev.started('153')], null, opts({ baseline: true }));
    s.state = passed;
    expect(s.send(ev.resumed())).toEqual([fx.start('153', true)]);
  });

  it('a red baseline left unanswered is asked again on resume; an accepted one is not', () => {
    const red = replayRun(TASKS, new Set(), [ev.resumed(), checked(RED)], null, opts({ baseline: true }));
    expect(red.question?.kind).toBe('baseline-failed');
    const accepted = replayRun(
      TASKS,
      new Set(),
      [ev.resumed(), checked(RED), ev.answered(null, 'continue')],
      null,
      opts({ baseline: true }),
    );
    expect(accepted.question).toBeNull();
    expect(accepted.tasks['153']?.status).toBe('running');
  });

  it('--skip-baseline (option off): the replayed red baseline is no question', () => {
    const state = replayRun(TASKS, new Set(), [ev.resumed(), checked(RED)], null, opts({ baseline: false }));
    expect(state.question).toBeNull();
    expect(state.tasks['153']?.status).toBe('running');
  });

  it('not for a run whose tasks already started (resumed from a version without it), nor with nothing to start', () => {
    const s = new Script(TASKS, { baseline: true });
    s.state = replayRun(TASKS, new Set(), [ev.resumed(), ev.started('153')], null, opts());
    s.state = { ...s.state, options: opts({ baseline: true }) };
    expect(s.send(ev.resumed())).toEqual([fx.start('153', true)]);
    const done = new Script([t('a', [], { done: true })], { baseline: true });
    expect(done.send(ev.resumed())).toEqual([fx.finish(0)]);
  });
});
