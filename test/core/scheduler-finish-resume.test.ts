/** Every state is resumable, the last one included: a run killed while finishing finishes when resumed. */
import { describe, expect, it } from 'vitest';
import { ev, fx, Script, t } from './scheduler-helpers.js';

describe('resuming a run that was finishing', () => {
  it('the replayed finished state finishes again on RunResumed, with the same exit code', () => {
    const s = new Script([t('a'), t('b', ['a'])], { autoYes: true });
    s.send(ev.resumed());
    s.complete('a');
    expect(s.complete('b').at(-1)).toEqual(fx.finish(0));
    expect(s.state.finished).toBe(true);
    // mstui was killed after the last Merged event, before the run was recorded finished: the replay ends here.
    // Merged worktrees are removed (again, if they were), then the run finishes.
    expect(s.send(ev.resumed())).toEqual([fx.cleanup('a'), fx.cleanup('b'), fx.finish(0)]);
    expect(s.state.finished).toBe(true);
  });

  it('a run that finished with a failure resumes to the same failing exit', () => {
    const s = new Script([t('a'), t('b')], { autoYes: true });
    s.send(ev.resumed(), ev.started('a'), ev.exited('a', 2));
    expect(s.complete('b').at(-1)).toEqual(fx.finish(1));
    expect(s.send(ev.resumed())).toEqual([fx.cleanup('b'), fx.finish(1)]);
  });

  it('other events still leave a finished run alone', () => {
    const s = new Script([t('a')], { autoYes: true });
    s.send(ev.resumed());
    s.complete('a');
    const before = s.state;
    expect(s.send(ev.exited('a', 1), ev.idle('a'), ev.started('a'))).toEqual([]);
    expect(s.state).toBe(before);
  });
});
