/** Why a task key does nothing: one message per case, from the task's state. */
import { describe, expect, test } from 'vitest';
import type { TaskRun } from '../../src/core/scheduler/types.js';
import { refusal } from '../../src/ui/key-refusals.js';
import type { KeyAction } from '../../src/ui/keymap.js';
import { fakeEngine, taskOf } from './fake-engine.js';

const base = taskOf(fakeEngine({ tasks: [{ id: '1.2' }] }).state, '1.2');
const run = (patch: Partial<TaskRun>): TaskRun => ({ ...base, ...patch });
const started = { startedAtMs: 1, agent: 'busy' as const };
const gateQ = { kind: 'gate-failed' as const, task: '1.2', text: 'gate', answers: ['retry' as const, 'skip' as const, 'force' as const] };

describe('refusal', () => {
  test.each([
    ['force', 'f', run({ status: 'running', ...started }), 'f: 1.2 is running; force applies to a failed gate or check'],
    ['force', 'f', run({ status: 'awaiting-merge', ...started }), 'f: 1.2 is awaiting merge; force applies to a failed gate or check'],
    ['force', 'f', run({ status: 'decision', ...started, question: gateQ }), null],
    ['retry', 'r', run({ status: 'merged', ...started }), 'r: 1.2 is merged; nothing to retry'],
    ['retry', 'r', run({ status: 'done' }), 'r: 1.2 is done; nothing to retry'],
    [
      'retry',
      'r',
      run({ status: 'running', ...started }),
      'r: 1.2 is running; retry applies to a failed or skipped task, or a failed check',
    ],
    ['retry', 'r', run({ status: 'failed', ...started }), null],
    ['retry', 'r', run({ status: 'skipped' }), null],
    ['retry', 'r', run({ status: 'decision', ...started, question: gateQ }), null],
    ['skip', 's', run({ status: 'merged', ...started }), 's: 1.2 is merged; nothing to skip'],
    ['skip', 's', run({ status: 'pending' }), null],
    ['diff', 'd', run({ status: 'pending' }), 'd: 1.2 has no worktree yet'],
    ['diff', 'd', run({ status: 'skipped' }), 'd: 1.2 is skipped and never started in this run; no worktree'],
    ['diff', 'd', run({ status: 'merged', startedAtMs: 1, agent: 'exited' }), null],
    ['attach', 'enter', run({ status: 'pending' }), 'enter: 1.2 has not started yet; no agent to open'],
    ['attach', 'a', run({ status: 'done' }), 'a: 1.2 is done; no agent ran for it'],
    ['attach', 'a', run({ status: 'running', ...started }), null],
    ['tmux', 't', run({ status: 'pending' }), 't: 1.2 has not started yet; no agent to open'],
    ['log', 'l', run({ status: 'pending' }), null],
    ['pause', 'p', run({ status: 'merged' }), null],
  ] as [KeyAction, string, TaskRun, string | null][])('%s (%s) #%#', (action, key, t, message) => {
    expect(refusal(action, key, t)).toBe(message);
  });

  test('no task, no refusal (the caller says "No task selected.")', () => {
    expect(refusal('force', 'f', undefined)).toBeNull();
  });
});
