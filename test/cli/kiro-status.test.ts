/** Kiro phases outside the TUI: the headless `Phase` line and `status --json`'s phase and weighted progress. */
import { describe, expect, it } from 'vitest';
import { statusReport } from '../../src/cli/control.js';
import { progressLine } from '../../src/cli/headless.js';
import { statusText } from '../../src/cli/remote-command.js';
import type { PlanTaskInput } from '../../src/core/scheduler/init.js';
import type { Event } from '../../src/core/scheduler/types.js';
import { ev, Script, t } from '../core/scheduler-helpers.js';

const kiro = (id: string): PlanTaskInput => ({ ...t(id), kiro: { approval: [] } });
const checked = (task: string, phase: 'design' | 'spec' | 'tasks'): Event => ({ type: 'DeliverableChecked', task, phase, ok: true });

/** The progress lines each event prints, in order. */
function linesOf(s: Script, events: Event[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    const prev = s.state;
    s.send(e);
    const line = progressLine(e, prev, s.state, (id) => `[${s.state.order.indexOf(id) + 1}/${s.state.order.length}]`);
    if (line) out.push(...line.split('\n'));
  }
  return out;
}

describe('kiro phases in headless lines', () => {
  it('each phase is a line with the milestone’s weighted progress', () => {
    const s = new Script([kiro('2.1'), t('2.2'), t('2.3')], { autoYes: true });
    const lines = linesOf(s, [
      ev.resumed(),
      ev.started('2.1'),
      ev.idle('2.1'),
      checked('2.1', 'design'),
      ev.idle('2.1'),
      checked('2.1', 'spec'),
      ev.idle('2.1'),
      checked('2.1', 'tasks'),
    ]);
    expect(lines).toEqual([
      'Starting 2.1 [1/3]',
      'Phase 2.1 [1/3] - design (milestone 0%)',
      'Phase 2.1 [1/3] - spec (milestone 5%)',
      'Phase 2.1 [1/3] - tasks (milestone 13%)',
      'Phase 2.1 [1/3] - execute (milestone 20%)',
    ]);
  });

  it('a task without kiro_workflow prints no phase', () => {
    const s = new Script([t('a')]);
    expect(linesOf(s, [ev.resumed(), ev.started('a')])).toEqual(['Starting a [1/1]']);
  });
});

describe('status --json', () => {
  it('names the working task’s phase and the progress weighted by phase', () => {
    const s = new Script([kiro('a'), kiro('b'), t('c')], { autoYes: true, parallel: 2 });
    s.send(ev.resumed(), ev.started('a'), ev.started('b'), ev.idle('a'), checked('a', 'design'), ev.idle('a'), checked('a', 'spec'));
    const r = statusReport('M1', s.state);
    expect(r.tasks.map((x) => [x.id, x.phase])).toEqual([
      ['a', 'tasks'],
      ['b', 'design'],
      ['c', null],
    ]);
    // a: design + spec (40%), b: 0, c: pending → 40 / 3.
    expect(r.progress).toBe(13);
    // A markdown plan's running task earns nothing; a YAML one's the status estimate.
    expect(statusReport('M1', new Script([t('x')]).state, 'markdown').progress).toBe(0);
  });
});

describe('mstui status (text)', () => {
  it('a working kiro task’s line names its phase', () => {
    const s = new Script([kiro('a'), t('b')], { autoYes: true, parallel: 2 });
    s.send(ev.resumed(), ev.started('a'), ev.started('b'));
    expect(statusText(statusReport('M1', s.state)).slice(1)).toEqual([
      '  a        running         Title a  (design)',
      '  b        running         Title b',
    ]);
  });
});
