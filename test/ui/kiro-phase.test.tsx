/** Seed 002's kiro phases on the run screen: the phase in the tree row and the detail pane, progress weighted by phase. */
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import type { KiroPhase } from '../../src/core/plan/model.js';
import { progressFraction } from '../../src/core/run-view.js';
import type { TaskStatus } from '../../src/core/scheduler/types.js';
import { DetailPane } from '../../src/ui/detail-pane.js';
import { Header } from '../../src/ui/header.js';
import { TaskTree, titleCell } from '../../src/ui/task-tree.js';
import { buildTree } from '../../src/ui/tree-model.js';
import { fakeEngine } from './fake-engine.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function frameOf(node: ReactElement): string {
  const r = render(node);
  unmount = r.unmount;
  return stripVTControlCharacters(r.lastFrame() ?? '');
}

/** Kiro tasks (every one has `kiro_workflow`) with these statuses and phases. */
function kiroEngine(tasks: { id: string; title?: string; status: TaskStatus; phase?: KiroPhase }[], format = 'yaml') {
  const e = fakeEngine({
    format,
    tasks: tasks.map((t) => ({ id: t.id, title: t.title, status: t.status, run: t.phase ? { phase: t.phase, agent: 'busy' } : {} })),
  });
  for (const t of tasks) {
    const info = e.state.info[t.id];
    if (info) info.kiro = { approval: [] };
  }
  return e;
}

describe('kiro phases on the run screen', () => {
  test('the tree row shows the phase after the title while the task works; not once it is merged', () => {
    const e = kiroEngine([
      { id: '2.1', title: 'Payments', status: 'running', phase: 'spec' },
      { id: '2.2', title: 'Refunds', status: 'merged', phase: 'execute' },
    ]);
    const frame = frameOf(
      <TaskTree meta={e.meta} state={e.state} model={buildTree(e.meta, e.state)} selected={0} scroll={0} height={4} width={60} nowMs={0} />,
    );
    expect(frame.split('\n').slice(2)).toEqual(['› ● 2.1 Payments  spec impl busy', '  ✓ 2.2 Refunds        impl busy']);
  });

  test('titleCell: the title is cut before the phase goes; too narrow for both, the title alone', () => {
    expect(titleCell('A long title here', 'design', 16)).toBe('A long…  design ');
    expect(titleCell('Short', 'tasks', 16)).toBe('Short  tasks    ');
    expect(titleCell('Short', 'design', 10)).toBe('Short     ');
    expect(titleCell('Short', null, 8)).toBe('Short   ');
  });

  test('the detail pane says the phase, its number and its deliverable', () => {
    const e = kiroEngine([{ id: '2.1', title: 'Payments', status: 'running', phase: 'tasks' }]);
    const frame = frameOf(
      <DetailPane meta={e.meta} state={e.state} taskId="2.1" screen={null} outputTail={[]} height={8} width={90} nowMs={0} />,
    );
    expect(frame.split('\n')[5]).toBe('phase    Task (3/4: Design → Spec → Task → Execute) · .milestones/specs/2.1/tasks.md');
  });

  test('progress is weighted 15/25/20/40 by phase: the phases before the current one count', () => {
    const e = kiroEngine([
      { id: 'a', status: 'running', phase: 'design' },
      { id: 'b', status: 'running', phase: 'spec' },
      { id: 'c', status: 'decision', phase: 'tasks' },
      { id: 'd', status: 'verifying', phase: 'execute' },
      { id: 'e', status: 'merged', phase: 'execute' },
    ]);
    expect(progressFraction(e.state, { format: 'yaml' })).toBeCloseTo((0 + 0.15 + 0.4 + 0.6 + 1) / 5);
    // The phase decides, whatever the plan's format.
    expect(progressFraction(e.state, { format: 'markdown' })).toBeCloseTo((0 + 0.15 + 0.4 + 0.6 + 1) / 5);
    expect(frameOf(<Header meta={e.meta} state={e.state} elapsedMs={0} width={25} />).split('\n')[2]).toBe(
      `${'█'.repeat(6)}${'░'.repeat(9)} 43%  0:00`,
    );
  });
});
