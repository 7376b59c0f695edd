/** --from X: the tasks redone (X and what follows in wave order), shared by `mstui plan` and `mstui run`. */
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/plan/model.js';
import { redoSet, withRedo } from '../../src/core/plan/redo.js';

const WAVES = [['1.1', '1.5'], ['1.2', '1.3'], ['1.4'], ['1.6']];

describe('redoSet / withRedo', () => {
  it('X and every task after it in wave order; nothing without --from or for an unknown id', () => {
    expect([...redoSet(WAVES, '1.3')]).toEqual(['1.3', '1.4', '1.6']);
    expect([...redoSet(WAVES, '1.1')]).toEqual(['1.1', '1.5', '1.2', '1.3', '1.4', '1.6']);
    expect(redoSet(WAVES, undefined).size).toBe(0);
    expect(redoSet(WAVES, '9.9').size).toBe(0);
  });

  it('clears done marks of redone tasks only, and leaves the plan itself unchanged', () => {
    const plan = {
      tasks: ['1.1', '1.2', '1.3'].map((id) => ({ id, done: true })),
    } as unknown as Plan;
    const redone = withRedo(plan, new Set(['1.2', '1.3']));
    expect(redone.tasks.map((t) => [t.id, t.done])).toEqual([
      ['1.1', true],
      ['1.2', false],
      ['1.3', false],
    ]);
    expect(plan.tasks.every((t) => t.done)).toBe(true);
    expect(withRedo(plan, new Set())).toBe(plan);
  });
});
