/** Forcing a task past a failed gate or red CI leaves a record of the check (issue 11): kept through merge, dropped when it runs again. */
import { describe, expect, it } from 'vitest';
import type { Event } from '../../src/core/scheduler/types.js';
import { ev, Script, t } from './scheduler-helpers.js';

const CHECKS = [
  { name: 'handoff', ok: true },
  { name: 'commit', ok: true },
  { name: 'tests', ok: false },
];
const testsFailed: Event = {
  type: 'GatesFailed',
  task: 'a',
  gate: 'tests',
  output: 'FAIL a.test.ts\n1 failed',
  exitCode: 1,
  checks: CHECKS,
};

/** Task a, started, its turn ended with a handoff: the gates run next. */
function verifying(options = {}) {
  const s = new Script([t('a'), t('b', ['a'])], options);
  s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'));
  return s;
}

describe('forced records', () => {
  it('a forced gate: the gate (the last of its checks) and its output, kept through CI and the merge', () => {
    const s = verifying();
    s.send(testsFailed);
    expect(s.state.tasks.a?.gateChecks).toEqual(CHECKS);
    expect(s.state.tasks.a?.forced).toBeUndefined();
    s.send({ type: 'ForceRequested', task: 'a' });
    expect(s.status('a')).toBe('ci');
    const record = [{ gate: 'tests', output: 'FAIL a.test.ts\n1 failed' }];
    expect(s.state.tasks.a?.forced).toEqual(record);
    s.send(ev.ciPassed('a'), ev.answered('a', 'yes'), ev.merged('a'));
    expect(s.status('a')).toBe('merged');
    expect(s.state.tasks.a?.forced).toEqual(record);
  });

  it('without checks on the event (the pre-merge check), the event’s gate is the record', () => {
    const s = verifying();
    s.send(ev.failed('a', 'lint: 3 errors', 'pre-merge check (commands.preMerge)'), ev.answered('a', 'force'));
    expect(s.state.tasks.a?.forced).toEqual([{ gate: 'pre-merge check (commands.preMerge)', output: 'lint: 3 errors' }]);
  });

  it('forced red CI: `CI` with the summary, the failing checks and the log; a gate forced before stays', () => {
    const s = verifying();
    s.send(testsFailed, ev.answered('a', 'force'), ev.ciFailed('a', 'FAIL lint\nsrc/a.ts: unused x', ['lint']));
    s.send({ type: 'ForceRequested', task: 'a' });
    expect(s.status('a')).toBe('awaiting-merge');
    expect(s.state.tasks.a?.forced).toEqual([
      { gate: 'tests', output: 'FAIL a.test.ts\n1 failed' },
      { gate: 'CI', output: '1 of 2 checks failed (lint)\nfailing: lint\nFAIL lint\nsrc/a.ts: unused x' },
    ]);
    s.send(ev.answered('a', 'yes'), ev.merged('a'));
    expect(s.state.tasks.a?.forced?.map((f) => f.gate)).toEqual(['tests', 'CI']);
  });

  it('a branch update sends the task through CI again: the CI record goes, the gate record stays', () => {
    const s = verifying();
    s.send(testsFailed, ev.answered('a', 'force'), ev.ciFailed('a'), ev.answered('a', 'force'));
    expect(s.state.tasks.a?.forced?.map((f) => f.gate)).toEqual(['tests', 'CI']);
    s.send(ev.answered('a', 'yes'), { type: 'BranchUpdated', task: 'a' });
    expect(s.status('a')).toBe('ci');
    expect(s.state.tasks.a?.forced?.map((f) => f.gate)).toEqual(['tests']);
  });

  it('back to work (a CI retry): every record goes, the gates run again and pass: nothing forced', () => {
    const s = verifying();
    s.send(testsFailed, ev.answered('a', 'force'), ev.ciFailed('a'), ev.answered('a', 'retry'));
    expect(s.status('a')).toBe('running');
    expect(s.state.tasks.a && 'forced' in s.state.tasks.a).toBe(false);
    s.send(ev.idle('a'), ev.passed('a'), ev.ciPassed('a'), ev.answered('a', 'yes'), ev.merged('a'));
    expect(s.status('a')).toBe('merged');
    expect(s.state.tasks.a?.forced).toBeUndefined();
  });

  it('fixed by hand (continue after red CI): the records go, the gates run again', () => {
    const s = verifying({ maxRetries: 0 });
    s.send(testsFailed, ev.answered('a', 'force'), ev.ciFailed('a'), ev.answered('a', 'continue'));
    expect(s.status('a')).toBe('verifying');
    expect(s.state.tasks.a?.forced).toBeUndefined();
  });

  it('a requeued task starts with no records', () => {
    // c keeps the run going after a is skipped.
    const s = new Script([t('a'), t('c')]);
    s.send(ev.resumed(), ev.started('a'), ev.handoff('a'), ev.idle('a'));
    s.send(testsFailed, ev.answered('a', 'force'), ev.ciFailed('a'), ev.answered('a', 'skip'));
    expect(s.status('a')).toBe('skipped');
    expect(s.state.tasks.a?.forced).toHaveLength(1);
    s.send({ type: 'RetryRequested', task: 'a' });
    expect(s.status('a')).toBe('pending');
    expect(s.state.tasks.a?.forced).toBeUndefined();
  });

  it('forcing past a missing handoff leaves no record: the gates still run (and a failing handoff gate asks)', () => {
    const s = new Script([t('a')]);
    s.send(ev.resumed(), ev.started('a'), ev.idle('a'), ev.idle('a'));
    expect(s.state.tasks.a?.question?.kind).toBe('handoff-missing');
    s.send(ev.answered('a', 'force'));
    expect(s.status('a')).toBe('verifying');
    expect(s.state.tasks.a?.forced).toBeUndefined();
  });
});

describe('a passing retry clears the old failure reason', () => {
  it('gates failed, retried, then passed: no reason is left on the task (CI and merge go on)', () => {
    const s = verifying();
    s.send(ev.failed('a'));
    expect(s.state.tasks.a?.reason).toBe('test failed (exit 1)');
    s.send(ev.answered('a', 'retry'), ev.handoff('a'), ev.idle('a'), ev.passed('a'));
    expect(s.status('a')).toBe('ci');
    expect(s.state.tasks.a?.reason).toBeNull();
  });

  it('red CI, retried, gates pass again: the CI failure is gone too', () => {
    const s = verifying();
    s.send(ev.passed('a'), ev.ciFailed('a'));
    expect(s.state.tasks.a?.reason).toMatch(/^CI failed: /);
    s.send(ev.answered('a', 'retry'), ev.handoff('a'), ev.idle('a'), ev.passed('a'));
    expect(s.state.tasks.a?.reason).toBeNull();
  });

  it('a task forced past its gate keeps saying so through CI', () => {
    const s = verifying();
    s.send(ev.failed('a'), ev.answered('a', 'force'), ev.ciPassed('a'));
    expect(s.state.tasks.a?.reason).toBe('forced past: test failed (exit 1)');
  });
});
