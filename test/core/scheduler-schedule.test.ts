/** Scheduler reducer: which tasks start when, confirmation of inferred deps, pause/stop, and the Finish effect. */
import { describe, expect, it } from 'vitest';
import { ev, fx, Script, t } from './scheduler-helpers.js';

describe('initial schedule', () => {
  it.each([
    { name: 'longest chain of dependents first', tasks: [t('x'), t('a'), t('b', ['a'])], first: 'a' },
    { name: 'document order breaks ties', tasks: [t('p'), t('q')], first: 'p' },
    {
      name: 'a deeper chain beats a wider fan-out',
      tasks: [t('w'), t('w1', ['w']), t('w2', ['w']), t('c'), t('c1', ['c']), t('c2', ['c1'])],
      first: 'c',
    },
    { name: 'tasks with unmet deps never start', tasks: [t('b', ['a']), t('a')], first: 'a' },
  ])('parallel 1 starts only the highest-priority ready task: $name', ({ tasks, first }) => {
    const s = new Script(tasks);
    expect(s.send(ev.resumed())).toEqual([fx.start(first)]);
    expect(s.status(first)).toBe('running');
    expect(s.state.tasks[first]?.agent).toBe('starting');
    expect(Object.values(s.statuses()).filter((st) => st === 'running')).toHaveLength(1);
  });

  it('diamond 1→{2,3}→4 with parallel 2: 1 alone, then 2 and 3 together, then 4', () => {
    const s = new Script([t('1'), t('2', ['1']), t('3', ['1']), t('4', ['2', '3'])], { parallel: 2, autoYes: true });
    expect(s.send(ev.resumed())).toEqual([fx.start('1')]);
    expect(s.send(ev.started('1'), ev.handoff('1'), ev.idle('1'))).toEqual([fx.gates('1')]);
    expect(s.send(ev.passed('1'), ev.ciPassed('1'))).toEqual([fx.ci('1'), fx.merge('1')]);
    expect(s.send(ev.merged('1'))).toEqual([fx.stopAgent('1'), fx.cleanup('1'), fx.start('2'), fx.start('3')]);
    expect(s.statuses()).toEqual({ 1: 'merged', 2: 'running', 3: 'running', 4: 'pending' });
    expect(Script.starts(s.complete('2'))).toEqual([]);
    expect(Script.starts(s.complete('3'))).toEqual(['4']);
  });

  it('a task starts as soon as its own deps merge, not when its wave is done', () => {
    const s = new Script([t('a'), t('b', ['a']), t('c'), t('d', ['c'])], { parallel: 2, autoYes: true });
    expect(s.send(ev.resumed())).toEqual([fx.start('a'), fx.start('c')]);
    s.send(ev.started('c')); // c is slow: it keeps running
    expect(s.complete('a')).toEqual([fx.gates('a'), fx.ci('a'), fx.merge('a'), fx.stopAgent('a'), fx.cleanup('a'), fx.start('b')]);
    expect(s.statuses()).toEqual({ a: 'merged', b: 'running', c: 'running', d: 'pending' });
  });

  it('tasks whose files overlap never run together, even with free slots', () => {
    const s = new Script(
      [t('a', [], { files: ['src/x.ts'] }), t('b', [], { files: ['src/x.ts', 'src/y.ts'] }), t('c', [], { files: ['src/z.ts'] })],
      {
        parallel: 3,
        autoYes: true,
      },
    );
    expect(s.send(ev.resumed())).toEqual([fx.start('a'), fx.start('c')]);
    expect(s.status('b')).toBe('pending');
    expect(Script.starts(s.complete('c'))).toEqual([]);
    expect(Script.starts(s.complete('a'))).toEqual(['b']);
  });

  it('done and excluded tasks count as satisfied deps', () => {
    const s = new Script([t('a', [], { done: true }), t('b', ['a']), t('c'), t('d', ['c'])], { parallel: 2 }, ['b', 'd']);
    expect(s.statuses()).toEqual({ a: 'done', b: 'pending', c: 'excluded', d: 'pending' });
    expect(s.send(ev.resumed())).toEqual([fx.start('b'), fx.start('d')]);
  });

  it('a plan with nothing left to do finishes at once with exit 0', () => {
    const s = new Script([t('a', [], { done: true }), t('b')], {}, []);
    expect(s.send(ev.resumed())).toEqual([fx.finish(0)]);
  });
});

describe('confirming inferred deps', () => {
  const plan = [t('a'), t('b', ['a'])];

  it('without autoYes nothing starts and one confirm-deps question is asked', () => {
    const s = new Script(plan, { needsConfirmation: true });
    const effects = s.send(ev.resumed());
    expect(effects).toEqual([
      {
        type: 'Ask',
        question: {
          kind: 'confirm-deps',
          task: null,
          text: 'Dependencies were inferred from document order. Run the tasks in that order?',
          answers: ['yes', 'no'],
        },
      },
    ]);
    expect(s.send(ev.pause(), ev.pause())).toEqual([]);
    expect(s.statuses()).toEqual({ a: 'pending', b: 'pending' });
  });

  it("'yes' starts the run", () => {
    const s = new Script(plan, { needsConfirmation: true });
    s.send(ev.resumed());
    expect(s.send(ev.answered(null, 'yes'))).toEqual([fx.start('a')]);
    expect(s.state.question).toBeNull();
  });

  it("'no' finishes with exit 1 and starts nothing", () => {
    const s = new Script(plan, { needsConfirmation: true });
    s.send(ev.resumed());
    expect(s.send(ev.answered(null, 'no'))).toEqual([fx.finish(1)]);
    expect(s.statuses()).toEqual({ a: 'pending', b: 'pending' });
  });

  it('with autoYes the run starts directly', () => {
    const s = new Script(plan, { needsConfirmation: true, autoYes: true });
    expect(s.send(ev.resumed())).toEqual([fx.start('a')]);
  });

  it('a replayed, still unanswered confirmation is asked exactly once more on resume', () => {
    const s = new Script(plan, { needsConfirmation: true });
    s.send(ev.resumed());
    expect(s.asks(s.send(ev.resumed())).map((q) => q.kind)).toEqual(['confirm-deps']);
  });
});

describe('pause and stop', () => {
  it('nothing new starts while paused; unpausing resumes scheduling', () => {
    const s = new Script([t('a'), t('b')], { autoYes: true });
    expect(s.send(ev.resumed())).toEqual([fx.start('a')]);
    expect(s.send(ev.pause())).toEqual([]);
    expect(s.complete('a')).toEqual([fx.gates('a'), fx.ci('a'), fx.merge('a'), fx.stopAgent('a'), fx.cleanup('a')]);
    expect(s.status('b')).toBe('pending');
    expect(s.finishes()).toEqual([]);
    expect(s.send(ev.pause())).toEqual([fx.start('b')]);
  });

  it('pausing before the first schedule starts nothing', () => {
    const s = new Script([t('a')]);
    expect(s.send(ev.pause(), ev.resumed())).toEqual([]);
    expect(s.send(ev.pause())).toEqual([fx.start('a')]);
  });

  it('StopRequested stops every active agent, starts nothing and finishes with exit 1', () => {
    const s = new Script([t('a'), t('b'), t('c')], { parallel: 2 });
    s.send(ev.resumed(), ev.started('a'), ev.started('b'));
    expect(s.send(ev.stop())).toEqual([fx.stopAgent('a'), fx.stopAgent('b'), fx.finish(1)]);
    expect(s.status('c')).toBe('pending');
  });

  it('agents ending after a stop trigger no follow-ups, restarts or failures', () => {
    const s = new Script([t('a'), t('b')], { parallel: 2, autoYes: true });
    s.send(ev.resumed(), ev.started('a'), ev.started('b'), ev.stop());
    expect(s.send(ev.exited('a', 0), ev.exited('b', 143), ev.idle('a'))).toEqual([]);
    expect(s.finishes()).toEqual([fx.finish(1)]);
  });
});

describe('Finish', () => {
  it('exactly one Finish with exit 0 when every task merged', () => {
    const s = new Script([t('a'), t('b', ['a']), t('c', [], { done: true })], { autoYes: true });
    s.send(ev.resumed());
    s.complete('a');
    expect(s.complete('b').at(-1)).toEqual(fx.finish(0));
    // (A RunResumed now finishes again: a run is resumed only when its finish was cut short, scheduler-finish-resume.)
    s.send(ev.pause(), ev.pause());
    expect(s.finishes()).toEqual([fx.finish(0)]);
  });

  it('exit 0 when the user skipped a task (and its dependents were skipped)', () => {
    const s = new Script([t('a'), t('b', ['a']), t('c')]);
    s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'), ev.failed('a'), ev.answered('a', 'skip'));
    s.complete('c');
    expect(s.statuses()).toEqual({ a: 'skipped', b: 'skipped', c: 'merged' });
    expect(s.finishes()).toEqual([fx.finish(0)]);
  });

  it('exit 0 when the user declined a merge', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'), ev.passed('a'), ev.ciPassed('a'));
    expect(s.send(ev.answered('a', 'no'))).toEqual([fx.stopAgent('a'), fx.finish(0)]);
    expect(s.state.tasks.a?.reason).toBe('merge declined');
  });

  it('exactly one Finish with exit 1 when any task failed', () => {
    const s = new Script([t('a'), t('b')], { parallel: 2, autoYes: true });
    s.send(ev.resumed(), ev.started('a'), ev.started('b'), ev.exited('b', 2));
    s.complete('a');
    expect(s.statuses()).toEqual({ a: 'merged', b: 'failed' });
    s.send(ev.idle('a'));
    expect(s.finishes()).toEqual([fx.finish(1)]);
  });
});
