/** The YAML milestone file's `progress.percentage` counts a kiro task's finished phases (15/25/20/40), others whole. */
import { describe, expect, it } from 'vitest';
import { milestoneFacts } from '../../src/core/milestone-state.js';
import type { PlanTaskInput } from '../../src/core/scheduler/init.js';
import type { Event } from '../../src/core/scheduler/types.js';
import { ev, Script, t } from './scheduler-helpers.js';

const kiro = (id: string): PlanTaskInput => ({ ...t(id), kiro: { approval: [] } });
const checked = (task: string, phase: 'design' | 'spec' | 'tasks'): Event => ({ type: 'DeliverableChecked', task, phase, ok: true });
const facts = (s: Script) => milestoneFacts({ milestoneId: 'M1', runId: 1, runStartedAtMs: 0, atMs: 1, state: s.state, exitCode: null });

describe('milestone progress.percentage', () => {
  it('a kiro task in its Task phase counts design + spec (40% of one of two tasks: 20)', () => {
    const s = new Script([kiro('a'), t('b', ['a'])], { autoYes: true });
    s.send(ev.resumed(), ev.started('a'), ev.idle('a'), checked('a', 'design'));
    expect(facts(s).percentage).toBe(7);
    s.send(ev.idle('a'), checked('a', 'spec'));
    expect(facts(s)).toMatchObject({ percentage: 20, tasksCompleted: 0 });
    s.send(ev.idle('a'), checked('a', 'tasks'));
    expect(facts(s).percentage).toBe(30);
  });

  it('tasks without kiro_workflow count only when completed, as before', () => {
    const s = new Script([t('a'), t('b')], { autoYes: true });
    s.send(ev.resumed(), ev.started('a'));
    expect(facts(s).percentage).toBe(0);
    s.complete('a');
    expect(facts(s)).toMatchObject({ percentage: 50, tasksCompleted: 1 });
  });
});
