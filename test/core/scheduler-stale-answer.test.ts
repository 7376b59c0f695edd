/** An answer names the question it was given to: one arriving after that question was replaced is dropped. */
import { describe, expect, it } from 'vitest';
import { ev, Script, t } from './scheduler-helpers.js';

/** Task a with its gate failed: the gate-failed question (retry / skip / force / abort) is pending. */
function gateFailed(): Script {
  const s = new Script([t('a'), t('b')], { parallel: 1 });
  s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'), ev.failed('a'));
  expect(s.state.tasks.a?.question?.kind).toBe('gate-failed');
  return s;
}

describe('Answered with the question kind', () => {
  it('applies an answer given to the pending question', () => {
    const s = gateFailed();
    s.send({ type: 'Answered', task: 'a', answer: 'skip', kind: 'gate-failed' });
    expect(s.status('a')).toBe('skipped');
  });

  it('drops an answer given to another question of the task (the one on screen was replaced)', () => {
    const s = gateFailed();
    expect(s.send({ type: 'Answered', task: 'a', answer: 'skip', kind: 'merge' })).toEqual([]);
    expect(s.status('a')).toBe('decision');
    expect(s.state.tasks.a?.question?.kind).toBe('gate-failed');
  });

  it('drops a run-level answer given to another run question', () => {
    const s = gateFailed();
    s.state.question = { kind: 'disk-full', task: null, text: 'Disk full', answers: ['continue', 'abort'] };
    expect(s.send({ type: 'Answered', task: null, answer: 'abort', kind: 'integration-failed' })).toEqual([]);
    expect(s.state.question?.kind).toBe('disk-full');
  });

  it('without a kind (headless, replayed logs) answers as before', () => {
    const s = gateFailed();
    s.send({ type: 'Answered', task: 'a', answer: 'skip' });
    expect(s.status('a')).toBe('skipped');
  });
});
