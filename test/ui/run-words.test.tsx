/**
 * Words that agree: what a waiting task waits on, in the detail pane; and one count of the run for the header,
 * `mstui status --json` and `mstui status --tmux`, whatever the tasks' statuses.
 */
import { stripVTControlCharacters } from 'node:util';
import { render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, test } from 'vitest';
import { statusReport, tmuxSegment } from '../../src/cli/control.js';
import { runCounts, waitingOn } from '../../src/core/run-view.js';
import { questionFor } from '../../src/core/scheduler/questions.js';
import type { QuestionKind, TaskStatus } from '../../src/core/scheduler/types.js';
import { DetailPane } from '../../src/ui/detail-pane.js';
import { Header } from '../../src/ui/header.js';
import { type FakeTask, fakeEngine, taskOf } from './fake-engine.js';

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function frameOf(node: ReactElement): string {
  const r = render(node);
  unmount = r.unmount;
  return stripVTControlCharacters(r.lastFrame() ?? '');
}

/** The detail pane's status line of a task. */
function statusLine(t: FakeTask, question?: { kind: QuestionKind; detail?: string }): string {
  const e = fakeEngine({ tasks: [t] });
  if (question) {
    const run = taskOf(e.state, t.id);
    e.state.tasks[t.id] = { ...run, question: questionFor(question.kind, run, e.state, question.detail ?? '') };
  }
  const frame = frameOf(
    <DetailPane meta={e.meta} state={e.state} taskId={t.id} screen={null} outputTail={[]} height={8} width={90} nowMs={0} />,
  );
  return frame.split('\n')[1] ?? '';
}

describe('waiting for you, on what', () => {
  test('a permission prompt names its tool, from a PermissionRequest or a Notification hook', () => {
    const t: FakeTask = { id: '1.2', status: 'running', run: { agent: 'waiting' } };
    expect(statusLine(t, { kind: 'permission', detail: 'Bash: npm test' })).toBe('status   ⚠ waiting for you (permission: Bash)');
    expect(statusLine(t, { kind: 'permission', detail: 'Claude needs your permission to use Write' })).toBe(
      'status   ⚠ waiting for you (permission: Write)',
    );
    expect(statusLine(t, { kind: 'permission' })).toBe('status   ⚠ waiting for you (permission)');
  });

  test('other questions say what they ask; a task without one says where it stands', () => {
    expect(statusLine({ id: '1.1', status: 'awaiting-merge' }, { kind: 'merge' })).toBe('status   ⚠ waiting for you (merge approval)');
    expect(statusLine({ id: '1.1', status: 'decision', run: { reason: 'Tests failed' } }, { kind: 'gate-failed' })).toBe(
      'status   ⚠ waiting for you (check failed) — Tests failed',
    );
    expect(statusLine({ id: '1.1', status: 'running', run: { agent: 'waiting' } })).toBe('status   ⚠ waiting for you (agent waiting)');
    expect(statusLine({ id: '1.1', status: 'running', run: { agent: 'busy' } })).toBe('status   ● running');
    expect(waitingOn(taskOf(fakeEngine({ tasks: [{ id: 'x', status: 'decision' }] }).state, 'x'))).toBe('decision');
  });
});

describe('one count for the header, status --json and status --tmux', () => {
  const STATUSES: TaskStatus[] = [
    'pending',
    'running',
    'decision',
    'verifying',
    'ci',
    'conflict',
    'awaiting-merge',
    'merging',
    'merged',
    'failed',
    'skipped',
    'done',
    'excluded',
  ];

  test.each([
    ...STATUSES.map((status) => ({ status, asks: false })),
    { status: 'conflict' as const, asks: true },
    { status: 'awaiting-merge' as const, asks: true },
    { status: 'running' as const, asks: true },
  ])('$status (asking: $asks)', ({ status, asks }) => {
    const e = fakeEngine({
      tasks: [
        { id: '1.1', status: 'merged' },
        { id: '1.2', status, run: asks ? {} : { agent: status === 'running' ? 'busy' : 'none' } },
        { id: '1.3', status: 'pending', deps: ['1.2'] },
      ],
    });
    const t = taskOf(e.state, '1.2');
    if (asks)
      e.state.tasks['1.2'] = {
        ...t,
        question: questionFor(status === 'conflict' ? 'merge-conflict' : status === 'running' ? 'permission' : 'merge', t, e.state),
      };
    const c = runCounts(e.state);
    const header = frameOf(<Header meta={e.meta} state={e.state} elapsedMs={0} width={120} />).split('\n')[1];
    expect(header).toBe(
      `done ${c.done}/${c.total} · running ${c.running} · waiting ${c.waiting} · failed ${c.failed}${c.skipped ? ` · skipped ${c.skipped}` : ''} · remaining ${c.remaining}`,
    );
    const report = statusReport('M1', e.state);
    expect(report.counts).toEqual({ ...c, merged: c.done, done: undefined });
    const tmux = tmuxSegment(report);
    expect(tmux).toBe(`M1 ${c.done}/${c.total}${c.waiting ? ` ⚠${c.waiting}` : ''}${c.failed ? ` ✗${c.failed}` : ''}`);
    // Every task is counted once; a task that asks is waiting, whatever its status (a conflict too).
    expect(c.done + c.running + c.waiting + c.failed + c.skipped + c.remaining).toBe(c.total);
    if (asks) expect(c.waiting).toBe(1);
  });
});
