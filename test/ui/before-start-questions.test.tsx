/** The run screen before the first task: the planning gate and a red baseline are questions in the bar. */
import { afterEach, describe, expect, test } from 'vitest';
import { questionFor } from '../../src/core/scheduler/questions.js';
import type { TaskRun } from '../../src/core/scheduler/types.js';
import { ANSWER_GUARD_MS } from '../../src/ui/key-effects.js';
import { waitFor } from '../helpers/wait-for.js';
import { type Harness, mount } from './harness.js';

let h: Harness | undefined;
afterEach(() => {
  h?.unmount();
  h = undefined;
});

const NO_TASK = { id: '' } as TaskRun;

describe('questions before the first task', () => {
  test('the proposed plan: approve with y, answered with a null task', async () => {
    h = mount({ rows: 30, columns: 160 });
    const s = h.engine.state;
    s.options = { ...s.options, planReview: [{ task: '1.2', on: 99, state: 'open' }] };
    s.question = questionFor('plan-review', NO_TASK, s);
    h.engine.emit();
    await h.see('The plan depends on issues outside it that are not closed: #1.2 needs #99 (open). Approve the proposed plan and');
    await h.see('[y] approve [x] abort');
    h.engine.clockMs += ANSWER_GUARD_MS;
    h.press('y');
    await waitFor(() => h?.engine.sent.length);
    expect(h.engine.sent).toEqual([{ type: 'answer', task: null, answer: 'approve', kind: 'plan-review' }]);
  });

  test('a red baseline: run anyway with c', async () => {
    h = mount({ rows: 30, columns: 160 });
    const s = h.engine.state;
    s.baseline = {
      status: 'failed',
      at: 'main',
      failure: { gate: 'tests', key: 'commands.test', command: 'npm test', exitCode: 1, output: '2 failing' },
    };
    s.question = questionFor('baseline-failed', NO_TASK, s);
    h.engine.emit();
    await h.see('Tests already fail on main before any task: 2 failing (commands.test: npm test, exit 1).');
    await h.see('[c]ontinue [x] abort');
    h.engine.clockMs += ANSWER_GUARD_MS;
    h.press('c');
    await waitFor(() => h?.engine.sent.length);
    expect(h.engine.sent).toEqual([{ type: 'answer', task: null, answer: 'continue', kind: 'baseline-failed' }]);
  });
});
