/** Headless lines and the report section for unexpected findings, from the real reducer's state. */
import { describe, expect, it } from 'vitest';
import { progressLine, questionLine } from '../../src/cli/headless.js';
import { unexpectedFindings } from '../../src/core/report-findings.js';
import { reduce } from '../../src/core/scheduler/reduce.js';
import type { Event, Question, RunState } from '../../src/core/scheduler/types.js';
import { ev, Script, t } from '../core/scheduler-helpers.js';

const DONE = 'This was already implemented; nothing to do.';
const idle = (task: string, message: string): Event => ({ type: 'AgentIdle', task, message });

function lines(s: Script, ...events: Event[]): (string | null)[] {
  return events.map((e) => {
    const prev: RunState = s.state;
    s.state = reduce(prev, e).state;
    return progressLine(e, prev, s.state, () => '[1/1]');
  });
}

describe('unexpected findings, headless and in the report', () => {
  it('--yes: a Double-checking line, then one Finding line; the report gets the section', () => {
    const s = new Script([t('4.1')], { autoYes: true });
    s.send(ev.resumed(), ev.started('4.1'), ev.handoff('4.1'));
    expect(lines(s, idle('4.1', DONE), ev.busy('4.1'), idle('4.1', DONE))).toEqual([
      `Double-checking 4.1 [1/1] - it reported already done: "${DONE}"`,
      null,
      `Finding 4.1 - already done: "${DONE}"\nVerifying 4.1 [1/1]`,
    ]);
    // Once: the handoff saying it again after the gates adds no line.
    expect(lines(s, { type: 'GatesPassed', task: '4.1', handoff: DONE })).toEqual([null]);
    expect(unexpectedFindings(s.state)).toEqual([
      '## Unexpected findings',
      '',
      'Each held after the agent was asked to double-check it another way; the run went on (or the task was skipped) as decided.',
      '',
      '| Task | Finding | The agent said | Task status |',
      '|---|---|---|---|',
      `| 4.1 | already done | "${DONE}" | ci |`,
      '',
    ]);
  });

  it('a double check asked after the gates passed is no "Retrying" line; the question reads with its answers', () => {
    const s = new Script([t('4.1')]);
    s.send(ev.resumed(), ev.started('4.1'), ev.handoff('4.1'), ev.idle('4.1'));
    const section = 'The files named in the task do not exist.';
    expect(lines(s, { type: 'GatesPassed', task: '4.1', handoff: section })).toEqual([
      `Double-checking 4.1 [1/1] - it reported files missing: "${section}"`,
    ]);
    s.send(ev.busy('4.1'), ev.idle('4.1'));
    expect(lines(s, { type: 'GatesPassed', task: '4.1', handoff: section })).toEqual([`Finding 4.1 - files missing: "${section}"`]);
    const q = s.state.tasks['4.1']?.question as Question;
    expect(questionLine(q)).toBe(
      `4.1 reports files missing: "${section}"; it held after a double check. Continue with the task as it is (or attach to look first)? [c]ontinue [s]kip [a]ttach [x] abort`,
    );
  });

  it('no finding, no section', () => {
    const s = new Script([t('4.1')]);
    expect(unexpectedFindings(s.state)).toEqual([]);
  });
});
