/** replayRun: the one way a run's state is rebuilt from its events (resume and report share it). */
import { describe, expect, it } from 'vitest';
import { replayRun, touchedBy } from '../../src/core/scheduler/replay.js';
import type { Event } from '../../src/core/scheduler/types.js';
import { ev, opts, t } from './scheduler-helpers.js';

describe('replayRun', () => {
  const plan = [t('a'), t('b', ['a']), t('c')];

  it('a task merged before the run and untouched by it starts done; one the run touched starts as it began', () => {
    // The run started a, then mstui died; a's merge is on the integration branch now (merged in the last moment).
    const events: Event[] = [ev.resumed(), ev.started('a')];
    const s = replayRun(plan, new Set(['a', 'c']), events, null, opts());
    expect(s.tasks.c?.status).toBe('done');
    // a was touched: it is running again in the replay, not "done before this run".
    expect(s.tasks.a?.status).toBe('running');
    expect(s.tasks.b?.status).toBe('pending');
  });

  it('is the reducer over the events: no events, no change; the plan’s own done marks count', () => {
    const s = replayRun([t('a', [], { done: true }), t('b', ['a'])], new Set(), [], null, opts());
    expect(s.tasks.a?.status).toBe('done');
    expect(s.tasks.b?.status).toBe('pending');
  });

  it('touchedBy names the tasks events are about, and only those', () => {
    expect([...touchedBy([ev.resumed(), ev.started('b'), ev.busy('b'), ev.started('c')])].sort()).toEqual(['b', 'c']);
  });
});
