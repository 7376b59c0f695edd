/** Facts the scheduler acts on travel as fields, never parsed back out of display text (issue 10). */
import { describe, expect, it } from 'vitest';
import { ANSWER_KEYS, answerFor, answerLabel, keyLabel } from '../../src/core/scheduler/answer-keys.js';
import { minutesText } from '../../src/core/scheduler/prompts.js';
import type { Effect, Event } from '../../src/core/scheduler/types.js';
import { ev, Script, t } from './scheduler-helpers.js';

const BLOCKED_TAIL = 'If you are blocked, say exactly what blocks you. Otherwise continue the task, commit, and write the handoff section.';

/** The prompt of the one SendPrompt effect. */
function sent(out: Effect[]): string {
  const prompts = out.flatMap((e) => (e.type === 'SendPrompt' ? [e.prompt] : []));
  expect(prompts).toHaveLength(1);
  return prompts[0] ?? '';
}

/** Task `id` running, then the blocker event, then the nudge answer: the prompt typed. */
function nudged(id: string, blocker: Event): string {
  const s = new Script([t(id)]);
  s.send(ev.resumed(), ev.started(id), blocker);
  expect(s.state.tasks[id]?.question?.answers).toContain('nudge');
  return sent(s.send(ev.answered(id, 'nudge')));
}

describe('blocker nudges say the minutes the watchdog measured', () => {
  it.each([
    [3, 'no output for 3 minutes.'],
    [1, 'no output for 1 minute.'],
    [2.5, 'no output for 2.5 minutes.'],
    [0.1, 'no output for 0.1 minutes.'],
  ])('task 1.2 stalled %s min', (minutes, says) => {
    expect(nudged('1.2', { type: 'AgentStalled', task: '1.2', minutes })).toBe(`Task 1.2: there has been ${says}\n${BLOCKED_TAIL}`);
  });

  it('overdue: the nudge says how long the task has run', () => {
    expect(nudged('1.2', { type: 'TaskOverdue', task: '1.2', minutes: 45 })).toBe(
      `Task 1.2: the task has been running for 45 minutes, over its time limit.\n${BLOCKED_TAIL}`,
    );
  });

  it('the question carries the minutes as a field; its text shows them', () => {
    const s = new Script([t('3.10')]);
    s.send(ev.resumed(), ev.started('3.10'), { type: 'AgentStalled', task: '3.10', minutes: 7 });
    expect(s.state.tasks['3.10']?.question).toMatchObject({
      kind: 'stalled',
      minutes: 7,
      text: "3.10's agent has printed nothing for 7 min. Ask it what blocks it?",
    });
  });

  it('a reworded question text does not change the nudge', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'), { type: 'AgentStalled', task: 'a', minutes: 4 });
    const task = s.state.tasks.a;
    if (!task?.question) throw new Error('no question');
    s.state.tasks.a = { ...task, question: { ...task.question, text: 'Silent since 1999 (12 min). Nudge?' } };
    expect(sent(s.send(ev.answered('a', 'nudge')))).toContain('no output for 4 minutes.');
  });

  it.each([
    [1, '1 minute'],
    [0, '0 minutes'],
    [2.5, '2.5 minutes'],
    [61.04, '61 minutes'],
    [0.95, '1 minute'],
  ])('minutesText(%s) = %s', (m, text) => {
    expect(minutesText(m)).toBe(text);
  });
});

describe('dependents skipped by a failure are found by blockedBy, not by their reason text', () => {
  function failedA(): Script {
    const s = new Script([t('a'), t('b', ['a']), t('c', ['b']), t('d'), t('e')], { parallel: 2 });
    s.send(ev.resumed(), ev.started('a'), ev.started('d'), ev.exited('a', 1));
    expect(s.statuses()).toEqual({ a: 'failed', b: 'skipped', c: 'skipped', d: 'running', e: 'running' });
    expect(s.state.tasks.c).toMatchObject({ reason: 'blocked by a', blockedBy: 'a' });
    return s;
  }

  it('retrying a requeues its dependents even when their reason text was edited', () => {
    const s = failedA();
    for (const id of ['b', 'c']) {
      const o = s.state.tasks[id];
      if (o) s.state.tasks[id] = { ...o, reason: `waiting on a (${id})` };
    }
    s.send({ type: 'RetryRequested', task: 'a' });
    expect(s.statuses()).toEqual({ a: 'pending', b: 'pending', c: 'pending', d: 'running', e: 'running' });
    expect(s.state.tasks.b).toMatchObject({ reason: null, blockedBy: undefined });
  });

  it('a task skipped for another reason that reads like "blocked by a" stays skipped', () => {
    const s = failedA();
    s.send({ type: 'SkipRequested', task: 'd' });
    const d = s.state.tasks.d;
    if (d) s.state.tasks.d = { ...d, reason: 'blocked by a' };
    s.send({ type: 'RetryRequested', task: 'a' });
    expect(s.status('d')).toBe('skipped');
    expect(s.status('b')).toBe('pending');
  });
});

describe('conflicted files are a field, not split out of the output tail', () => {
  const conflicted: Event = { type: 'MergeConflicted', task: 'a', files: ['src/x.ts', 'src/y.ts'] };

  it("'retry' prompts with the files of the event, whatever the output tail says", () => {
    const s = new Script([t('a')], { maxRetries: 2 });
    s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'), ev.passed('a'), ev.ciPassed('a'), ev.answered('a', 'yes'));
    s.send(conflicted);
    expect(s.state.tasks.a).toMatchObject({ status: 'conflict', conflicts: ['src/x.ts', 'src/y.ts'] });
    const a = s.state.tasks.a;
    if (a) s.state.tasks.a = { ...a, gateOutput: 'CONFLICT (content): Merge conflict in src/x.ts\nAutomatic merge failed' };
    const out = s.send(ev.answered('a', 'retry'));
    expect(out).toHaveLength(1);
    const prompt = out[0]?.type === 'StartConflictResolution' ? (out[0].prompt ?? '') : '';
    expect(prompt.split('\n').filter((l) => l.startsWith('- '))).toEqual(['- src/x.ts', '- src/y.ts']);
  });

  it('verified again after the resolution: the conflicts are cleared', () => {
    const s = new Script([t('a')], { maxRetries: 2 });
    s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'), ev.passed('a'), ev.ciPassed('a'), ev.answered('a', 'yes'));
    s.send(conflicted, ev.answered('a', 'retry'), ev.idle('a'), ev.passed('a'));
    expect(s.state.tasks.a?.conflicts).toBeUndefined();
  });
});

describe('answer keys: one table', () => {
  it('labels mark the key inside the word, or put it before', () => {
    expect(['yes', 'retry', 'approve', 'nudge', 'abort', 'continue'].map((a) => answerLabel(a as never))).toEqual([
      '[y]es',
      '[r]etry',
      '[y] approve',
      'n[u]dge',
      '[x] abort',
      '[c]ontinue',
    ]);
    expect(keyLabel('d', 'diff')).toBe('[d]iff');
  });

  it("a typed reply is the answer's key or its word, among the question's answers only", () => {
    expect(answerFor(['yes', 'no', 'always'], 'w')).toBe('always');
    expect(answerFor(['approve', 'deny'], 'y')).toBe('approve');
    expect(answerFor(['approve', 'deny'], 'n')).toBe('deny');
    expect(answerFor(['attach', 'nudge', 'wait'], 'a')).toBe('attach');
    expect(answerFor(['retry', 'skip', 'abort'], ' X\n')).toBe('abort');
    expect(answerFor(['retry', 'skip', 'abort'], 'Skip')).toBe('skip');
    expect(answerFor(['retry', 'skip', 'abort'], 'y')).toBeUndefined();
  });

  it('every answer has a one-character key', () => {
    for (const [a, key] of Object.entries(ANSWER_KEYS)) expect(key, a).toMatch(/^[a-z]$/);
  });
});
