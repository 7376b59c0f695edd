/**
 * Scheduler: the unexpected-findings guardrail (seed 000) — one double-check prompt, then a question (or, with --yes,
 * the finding recorded and the run going on) — and the test-quality gate's own retry budget. Event scripts in,
 * exact effects out.
 */
import { describe, expect, it } from 'vitest';
import { eventFromHook, MESSAGE_MAX } from '../../src/core/agent/hooks.js';
import { doubleCheckPrompt, gateFailurePrompt } from '../../src/core/scheduler/prompts.js';
import type { Effect, Event, Question } from '../../src/core/scheduler/types.js';
import { ev, fx, Script, t } from './scheduler-helpers.js';

const DONE = 'This was already implemented; nothing to do.';
const HOLDS = 'I searched again and read src/store.ts: the store was already implemented by Task 1.0.';
const idle = (task: string, message?: string): Event => ({ type: 'AgentIdle', task, ...(message ? { message } : {}) });
const passed = (task: string, handoff?: string): Event => ({ type: 'GatesPassed', task, ...(handoff ? { handoff } : {}) });
const ask = (question: Question): Effect => ({ type: 'Ask', question });
const findingQ = (id: string, detail: string, findingAt: 'turn' | 'gates'): Question => ({
  kind: 'finding',
  task: id,
  text: `${id} reports ${detail}; it held after a double check. Continue with the task as it is (or attach to look first)?`,
  answers: ['continue', 'skip', 'attach', 'abort'],
  findingAt,
});

/** Task a is running and has written its handoff section. */
function running(options: ConstructorParameters<typeof Script>[1] = {}) {
  const s = new Script([t('a'), t('b', ['a'])], options);
  s.send(ev.resumed(), ev.started('a'), ev.handoff('a'));
  return s;
}

describe('unexpected findings', () => {
  it('the first finding gets one double-check prompt; when it holds, a question; continue runs the gates', () => {
    const s = running();
    expect(s.send(idle('a', DONE))).toEqual([fx.send('a', doubleCheckPrompt('a', DONE))]);
    expect(s.state.tasks.a).toMatchObject({ status: 'running', agent: 'busy', findingCheck: { kind: 'already-done', quote: DONE } });
    expect(s.state.tasks.a?.findings).toBeUndefined();

    const q = findingQ('a', `already done: "${HOLDS}"`, 'turn');
    expect(s.send(ev.busy('a'), idle('a', HOLDS))).toEqual([ask(q)]);
    expect(s.status('a')).toBe('decision');
    expect(s.state.tasks.a?.findings).toEqual([{ kind: 'already-done', quote: HOLDS }]);

    expect(s.send(ev.answered('a', 'continue'))).toEqual([fx.gates('a')]);
    expect(s.state.tasks.a).toMatchObject({ status: 'verifying', question: null });
    // It held and was decided: later findings (the handoff says it too) change nothing.
    expect(s.send(passed('a', DONE))).toEqual([fx.ci('a')]);
  });

  it('skip skips the task and its dependents, keeping the finding', () => {
    const s = running();
    s.send(idle('a', DONE), ev.busy('a'), idle('a', HOLDS));
    expect(s.send(ev.answered('a', 'skip'))).toEqual([fx.stopAgent('a'), fx.finish(0)]);
    expect(s.statuses()).toEqual({ a: 'skipped', b: 'skipped' });
    expect(s.state.tasks.a?.findings).toHaveLength(1);
  });

  it('a double check that does not repeat the finding refutes it: the task goes on, nothing recorded', () => {
    const s = running();
    s.send(idle('a', DONE));
    expect(s.send(ev.busy('a'), idle('a', 'I was wrong: the store was missing, so I implemented it and added tests.'))).toEqual([
      fx.gates('a'),
    ]);
    expect(s.state.tasks.a?.findings).toBeUndefined();
  });

  it('with --yes a finding that held is recorded and the run goes on, unasked', () => {
    const s = running({ autoYes: true });
    expect(s.send(idle('a', 'The files named in the task do not exist.'))).toHaveLength(1);
    expect(s.send(ev.busy('a'), idle('a', 'Checked with find and git log: src/legacy.ts does not exist.'))).toEqual([fx.gates('a')]);
    expect(s.asks()).toEqual([]);
    expect(s.state.tasks.a?.findings).toEqual([
      { kind: 'missing-files', quote: 'Checked with find and git log: src/legacy.ts does not exist.' },
    ]);
  });

  it('the handoff section is read once the gates pass: double check, then the question; continue goes to CI', () => {
    const s = running();
    s.send(idle('a', 'Task a: wrote the handoff section.'));
    expect(s.status('a')).toBe('verifying');
    const section = 'Nothing to do: the pattern `legacyParse` was not found anywhere.';
    expect(s.send(passed('a', section))).toEqual([fx.send('a', doubleCheckPrompt('a', section))]);
    expect(s.status('a')).toBe('running');
    expect(s.send(ev.busy('a'), idle('a', 'Done.'))).toEqual([fx.gates('a')]);
    expect(s.send(passed('a', section))).toEqual([ask(findingQ('a', `not found: "${section}"`, 'gates'))]);
    expect(s.send(ev.answered('a', 'continue'))).toEqual([fx.ci('a')]);
    expect(s.status('a')).toBe('ci');
  });

  it('ordinary messages and sections never prompt', () => {
    const s = running();
    expect(s.send(idle('a', 'Task a (Title a): edited work/a.txt; committed "Task a: Title a".'))).toEqual([fx.gates('a')]);
    expect(s.send(passed('a', 'Added the store.\n\n### Gotchas\n- none'))).toEqual([fx.ci('a')]);
    expect(s.state.tasks.a?.findingCheck).toBeUndefined();
  });

  it("a Stop hook's last_assistant_message reaches the reducer as the idle event's message, at most MESSAGE_MAX long", () => {
    expect(eventFromHook('a', { hook_event_name: 'Stop', last_assistant_message: DONE })).toEqual(idle('a', DONE));
    expect(eventFromHook('a', { hook_event_name: 'Stop', last_assistant_message: '  ' })).toEqual(idle('a'));
    const long = eventFromHook('a', { hook_event_name: 'Stop', last_assistant_message: 'x'.repeat(MESSAGE_MAX + 10) });
    expect(long?.type === 'AgentIdle' && long.message?.length).toBe(MESSAGE_MAX);
  });
});

describe('the test-quality gate', () => {
  const failed = (output = 'weak assertions in test/a.test.ts'): Event => ({
    type: 'GatesFailed',
    task: 'a',
    gate: 'test-quality',
    output,
    exitCode: 1,
  });

  it('with --yes it is retried at most 2 times (maxRetries 3), its output sent to the agent; then the task fails', () => {
    const s = running({ autoYes: true, maxRetries: 3 });
    s.send(idle('a'));
    for (const n of [1, 2]) {
      expect(s.send(failed())).toEqual([fx.send('a', gateFailurePrompt('a', 'test-quality', 'weak assertions in test/a.test.ts'))]);
      expect(s.state.tasks.a?.retries).toBe(n);
      s.send(ev.busy('a'), idle('a'));
    }
    expect(s.send(failed())).toEqual([fx.writeFailure('a'), fx.stopAgent('a'), fx.finish(1)]);
    expect(s.state.tasks.a?.reason).toBe('test-quality failed (exit 1)');
  });

  it("without --yes the question counts the gate's own 2 retries", () => {
    const s = running({ maxRetries: 3 });
    s.send(idle('a'));
    expect(s.asks(s.send(failed()))).toEqual([
      {
        kind: 'gate-failed',
        task: 'a',
        text: 'test-quality failed (exit 1) for a (2 of 2 retries left). Retry with the failure sent to the agent?',
        answers: ['retry', 'skip', 'force', 'abort'],
        retryLimit: 2,
      },
    ]);
  });
});
