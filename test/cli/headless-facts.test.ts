/** Headless questions and conflict lines read fields: the run screen's answer labels, the task's conflicted files. */
import { describe, expect, it } from 'vitest';
import { progressLine, questionLine } from '../../src/cli/headless.js';
import { questionFor } from '../../src/core/scheduler/questions.js';
import { reduce } from '../../src/core/scheduler/reduce.js';
import type { Event, RunState } from '../../src/core/scheduler/types.js';
import { answerLabels } from '../../src/ui/pending-question.js';
import { ev, Script, t } from '../core/scheduler-helpers.js';

/** Each event through the real reducer; the progress line it printed (null: none). */
function lines(s: Script, ...events: Event[]): (string | null)[] {
  return events.map((e) => {
    const prev: RunState = s.state;
    s.state = reduce(prev, e).state;
    return progressLine(e, prev, s.state, () => '[1/1]');
  });
}

describe('questionLine', () => {
  it('labels the answers as the run screen does', () => {
    const s = new Script([t('1.2')]);
    const task = s.state.tasks['1.2'];
    if (!task) throw new Error('no task');
    const q = questionFor('handoff-missing', task, s.state);
    expect(questionLine(q)).toBe('1.2 stopped without writing its handoff section. Ask the agent again? [r]etry [s]kip [f]orce [x] abort');
    expect(questionLine(q).endsWith(answerLabels(q).slice(0, q.answers.length).join(' '))).toBe(true);
  });
});

describe('progressLine: conflicts', () => {
  it('one Conflict line per MergeConflicted event, with the files, whatever the reason text', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'), ev.passed('a'), ev.ciPassed('a'), ev.answered('a', 'yes'));
    const conflictLines = (...events: Event[]) => lines(s, ...events).map((l) => l?.split('\n').find((x) => x.startsWith('Conflict')));
    expect(conflictLines(ev.conflicted('a', ['src/x.ts', 'src/y.ts']))).toEqual([
      'Conflict a [1/1] - merge conflict in src/x.ts, src/y.ts',
    ]);
    const a = s.state.tasks.a;
    if (a) s.state.tasks.a = { ...a, reason: 'merge conflict (edited)' };
    expect(conflictLines(ev.answered('a', 'hand'), ev.answered('a', 'continue'), ev.passed('a'))).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(conflictLines(ev.ciPassed('a'), ev.conflicted('a', ['src/x.ts']))).toEqual([
      undefined,
      'Conflict a [1/1] - merge conflict in src/x.ts',
    ]);
  });

  it('a failed gate whose name starts like a conflict is not one', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'));
    const [line] = lines(s, ev.failed('a', 'markers found', 'merge conflict markers'));
    expect(s.state.tasks.a?.reason).toBe('merge conflict markers failed (exit 1)');
    expect((line ?? '').split('\n').filter((l) => l.startsWith('Conflict'))).toEqual([]);
  });
});
