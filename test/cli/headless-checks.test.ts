/** Headless lines for seed 000's per-task checklist and for the integration test after failures (issue 11), from the real reducer. */
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/headless.js';
import { checklistText, gateChecks, gateOrder } from '../../src/core/gate-checks.js';
import { reduce } from '../../src/core/scheduler/reduce.js';
import type { Event, GateCheck, RunState } from '../../src/core/scheduler/types.js';
import { ev, Script, t } from '../core/scheduler-helpers.js';

function lines(s: Script, ...events: Event[]): (string | null)[] {
  return events.map((e) => {
    const prev: RunState = s.state;
    s.state = reduce(prev, e).state;
    return progressLine(e, prev, s.state, (id) => `[${s.state.order.indexOf(id) + 1}/${s.state.order.length}]`);
  });
}

const ok = (name: string): GateCheck => ({ name, ok: true });
const bad = (name: string): GateCheck => ({ name, ok: false });
const ALL = [ok('handoff'), ok('commit'), ok('tests'), ok('quality')];
const passed = (task: string, checks: GateCheck[] = ALL): Event => ({ type: 'GatesPassed', task, checks });
const failed = (task: string, checks: GateCheck[], output = 'FAIL x.test.ts'): Event => ({
  type: 'GatesFailed',
  task,
  gate: checks.at(-1)?.name ?? 'tests',
  output,
  exitCode: 1,
  checks,
});

/** Task 1.2 of two, its turn ended with a handoff: its gates run next. */
function verifying(options = {}) {
  const s = new Script([t('1.1'), t('1.2')], { parallel: 2, ...options });
  s.send(ev.resumed(), ev.started('1.2'), ev.handoff('1.2'), ev.idle('1.2'));
  return s;
}

describe('checklistText and gateChecks', () => {
  it.each([
    ['all passed, seed order: handoff, commands, committed', ALL, undefined, 'handoff ✓ · tests ✓ · quality ✓ · committed ✓'],
    ['only the configured commands', [ok('handoff'), ok('commit'), ok('lint')], undefined, 'handoff ✓ · lint ✓ · committed ✓'],
    ['a failed command', [ok('handoff'), ok('commit'), bad('tests')], undefined, 'handoff ✓ · tests ✗ · committed ✓'],
    ['a failed commit gate', [ok('handoff'), bad('commit')], undefined, 'handoff ✓ · committed ✗'],
    ['forced', [ok('handoff'), ok('commit'), bad('quality')], 'quality', 'handoff ✓ · quality ✗ forced · committed ✓'],
  ])('%s', (_name, checks, forced, text) => {
    expect(checklistText(checks, forced)).toBe(text);
  });

  it('gateChecks: the gates before the failed one passed; the rest did not run', () => {
    const order = gateOrder([{ name: 'tests' }, { name: 'quality' }]);
    expect(order).toEqual(['handoff', 'commit', 'tests', 'quality']);
    expect(gateChecks(order, null)).toEqual(ALL);
    expect(gateChecks(order, 'tests')).toEqual([ok('handoff'), ok('commit'), bad('tests')]);
    expect(gateChecks(order, 'handoff')).toEqual([bad('handoff')]);
    expect(gateChecks(order, 'pre-merge')).toEqual([bad('pre-merge')]);
  });
});

describe('progressLine: Checks', () => {
  it('gates passed: one Checks line with the gates that ran', () => {
    const s = verifying();
    expect(lines(s, passed('1.2'))).toEqual(['Checks 1.2 [2/2] - handoff ✓ · tests ✓ · quality ✓ · committed ✓']);
  });

  it('no test or quality command configured: only what ran', () => {
    const s = verifying();
    expect(lines(s, passed('1.2', [ok('handoff'), ok('commit')]))).toEqual(['Checks 1.2 [2/2] - handoff ✓ · committed ✓']);
  });

  it('gates failed (--yes): the failed gate ✗, then the retry line', () => {
    const s = verifying({ autoYes: true });
    expect(lines(s, failed('1.2', [ok('handoff'), ok('commit'), bad('tests')]))).toEqual([
      'Checks 1.2 [2/2] - handoff ✓ · tests ✗ · committed ✓\nRetrying 1.2 [2/2] - tests failed (exit 1) (retry 1)',
    ]);
  });

  it('forced past the failed gate: a Checks line with ✗ forced; forced red CI says so too', () => {
    const s = verifying();
    expect(lines(s, failed('1.2', [ok('handoff'), ok('commit'), ok('tests'), bad('quality')]))).toEqual([
      'Checks 1.2 [2/2] - handoff ✓ · tests ✓ · quality ✗ · committed ✓',
    ]);
    expect(lines(s, { type: 'ForceRequested', task: '1.2' })).toEqual([
      'Checks 1.2 [2/2] - handoff ✓ · tests ✓ · quality ✗ forced · committed ✓',
    ]);
    s.send(ev.ciFailed('1.2'));
    expect(lines(s, ev.answered('1.2', 'force'))).toEqual(['CI ✗ forced for 1.2 [2/2] - 1 of 2 checks failed (lint)']);
  });

  it('an event without checks (the pre-merge check, an older log) prints no Checks line', () => {
    const s = verifying({ autoYes: true });
    const [line] = lines(s, ev.passed('1.2'));
    expect(line ?? '').not.toContain('Checks');
  });

  it('gates of another task, or an event the task is not waiting for, print nothing', () => {
    const s = verifying();
    expect(lines(s, passed('1.1'))).toEqual([null]);
    s.send(passed('1.2'));
    expect(lines(s, passed('1.2'))).toEqual([null]);
  });
});

describe('progressLine: the integration test after failures', () => {
  /** Three tasks; the integration test is configured; --yes. */
  function run() {
    const s = new Script([t('1.1'), t('1.2'), t('1.3', ['1.2'])], { autoYes: true, integration: true, maxRetries: 0 });
    s.send(ev.resumed());
    s.complete('1.1');
    return s;
  }

  it('says which tasks were not merged before it runs', () => {
    const s = run();
    const out = lines(s, ev.started('1.2'), ev.exited('1.2', 1));
    expect(out[1]).toBe(
      [
        'FAILED: 1.2 [2/3] - agent exited with code 1',
        'Skipped 1.3 [3/3] - blocked by 1.2',
        'Integration test running on the integration branch (2 tasks not merged: 1.2 failed, 1.3 skipped)',
      ].join('\n'),
    );
  });

  it('every task merged: the line is as before', () => {
    const s = run();
    s.complete('1.2');
    s.send(ev.started('1.3'), ev.handoff('1.3'), ev.idle('1.3'), ev.passed('1.3'), ev.ciPassed('1.3'));
    expect(lines(s, ev.merged('1.3'))[0]).toMatch(/\nIntegration test running on the integration branch$/);
  });
});
