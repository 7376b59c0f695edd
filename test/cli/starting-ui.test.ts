/** The run screen before the run is ready: the starting UiEngine over the plan, and the switch to the real one. */
import { describe, expect, it } from 'vitest';
import { startingUi, switchableUi } from '../../src/cli/starting-ui.js';
import type { Plan } from '../../src/core/plan/model.js';
import { fakeEngine } from '../ui/fake-engine.js';

const plan = {
  milestone: { id: 'M1', title: 'Diamond', source: 'plans/M1.md', format: 'markdown' },
  tasks: [
    { id: '1.1', title: 'Base', kind: 'coding', deps: [], files: [], done: true },
    { id: '1.2', title: 'Left', kind: 'coding', deps: ['1.1'], files: [], done: false },
    { id: '1.3', title: 'Right', kind: 'coding', deps: ['1.1'], files: [], done: false },
  ],
} as unknown as Plan;

const starting = (onQuit = () => {}) =>
  startingUi(plan, {
    waves: [['1.1'], ['1.2', '1.3']],
    selected: new Set(['1.2']),
    parallel: 2,
    cwd: '/nowhere/repo',
    now: () => 5,
    onQuit,
  });

describe('startingUi', () => {
  it('shows the plan as it stands: done tasks done, the selection pending, the rest excluded, nothing running', () => {
    const { ui } = starting();
    const st = ui.getState();
    expect(Object.fromEntries(st.order.map((id) => [id, st.tasks[id]?.status]))).toEqual({
      '1.1': 'done',
      '1.2': 'pending',
      '1.3': 'excluded',
    });
    expect(ui.meta).toMatchObject({
      milestoneId: 'M1',
      planPath: 'plans/M1.md',
      integrationBranch: 'mstui/M1',
    });
    expect(ui.starting?.()).toBe('reading the plan');
    expect(ui.meta.tasks['1.2']).toMatchObject({ title: 'Left', branch: 'mstui/M1-1.2' });
    expect([ui.screen('1.2'), ui.outputTail('1.2'), ui.startedAtMs]).toEqual([null, [], 5]);
  });

  it('phase() says what is being done and tells the subscribers; quit calls onQuit, other keys do nothing', () => {
    const quits: string[] = [];
    const s = starting(() => quits.push('quit'));
    let told = 0;
    s.ui.subscribe(() => told++);
    const meta = s.ui.meta;
    s.phase('checking the repository');
    // The same meta: the tree is not built again for a new phase.
    expect([s.ui.starting?.(), told, s.ui.meta === meta]).toEqual(['checking the repository', 1, true]);
    s.ui.send({ type: 'pause' });
    s.ui.send({ type: 'quit' });
    expect(quits).toEqual(['quit']);
  });
});

describe('switchableUi', () => {
  it('passes everything to the current engine; after switchTo, the next one, its subscribers moved over and told', () => {
    const first = starting();
    const next = fakeEngine({ tasks: [{ id: '1.2', status: 'running' }] });
    next.screens.set('1.2', ['agent screen']);
    const sw = switchableUi(first.ui);
    const told: string[] = [];
    sw.ui.subscribe(() => told.push('state'));
    sw.ui.onScreen((task) => told.push(`screen ${task}`));
    sw.ui.setAgentViewport(100, 30);
    first.phase('opening the run state');
    expect([sw.ui.starting?.(), told]).toEqual(['opening the run state', ['state']]);
    sw.switchTo(next);
    expect(told).toEqual(['state', 'state']);
    expect([sw.ui.starting?.(), sw.ui.getState().tasks['1.2']?.status, sw.ui.screen('1.2')]).toEqual([
      undefined,
      'running',
      ['agent screen'],
    ]);
    // The size the App asked for before the switch reaches the real engine (new agents start at it).
    expect(next.viewports).toEqual([{ cols: 100, rows: 30 }]);
    next.print('1.2', ['more']);
    next.emit();
    first.phase('not shown any more');
    expect(told).toEqual(['state', 'state', 'screen 1.2', 'state']);
    sw.ui.send({ type: 'pause' });
    expect(next.sent).toEqual([{ type: 'pause' }]);
  });
});
