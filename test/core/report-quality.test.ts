/** The report tells the truth about overrides (issue 11): the Quality gates line, the forced rows, the section, the integration test. */
import { describe, expect, it } from 'vitest';
import { buildReport, type ReportInput } from '../../src/core/report.js';
import { notMergedText, qualityGatesText } from '../../src/core/report-quality.js';
import { initState } from '../../src/core/scheduler/init.js';
import type { RunState, TaskRun } from '../../src/core/scheduler/types.js';
import { opts, t } from './scheduler-helpers.js';

const IDS = ['1.1', '1.2', '1.3', '1.4'];

/** Four tasks merged; `patch` changes each task's run. */
function state(patch: Record<string, Partial<TaskRun>> = {}, extra: Partial<RunState> = {}): RunState {
  const s = initState(
    IDS.map((id) => t(id)),
    null,
    opts(),
  );
  for (const id of IDS) s.tasks[id] = { ...(s.tasks[id] as TaskRun), status: 'merged', ...patch[id] };
  return { ...s, ...extra };
}

function report(s: RunState): string {
  const input: ReportInput = {
    milestone: { id: 'M1', title: 'Todo' },
    planPath: 'plans/M1.md',
    baseBranch: 'main',
    integrationBranch: 'mstui/M1',
    ci: { provider: 'local', remote: 'origin', target: 'integration' },
    startedAtMs: 0,
    endedAtMs: 60_000,
    state: s,
    tasks: IDS.map((id) => ({ id, title: `Task ${id}`, kind: 'coding' })),
    handoff: null,
  };
  return buildReport(input);
}

/** The lines of `## heading` up to the next `## ` heading, without the surrounding blank lines. */
function section(r: string, heading: string): string[] {
  const lines = r.split('\n');
  const at = lines.indexOf(`## ${heading}`);
  expect(at, `no section ${heading}`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(at + 1);
  const end = rest.findIndex((l) => l.startsWith('## '));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n').trim().split('\n');
}

const TESTS = { gate: 'tests', output: 'FAIL store.test.ts\nexpected 1 to be 2' };
const CI = { gate: 'CI', output: '1 of 2 checks failed (lint)\nfailing: lint\nsrc/a.ts: unused x' };

describe('Quality gates line', () => {
  it.each([
    ['nothing forced', {}, {}, 'all passed'],
    ['a forced gate and forced CI', { '1.2': { forced: [TESTS] }, '1.4': { forced: [CI] } }, {}, '2 forced (1.2: tests, 1.4: CI)'],
    [
      'two on one task, in plan order',
      { '1.3': { forced: [TESTS, CI] }, '1.1': { forced: [CI] } },
      {},
      '3 forced (1.1: CI, 1.3: tests, 1.3: CI)',
    ],
    ['an accepted integration test', {}, { integration: 'accepted' as const }, '1 forced (integration test)'],
    [
      'nothing merged in this run',
      Object.fromEntries(IDS.map((id) => [id, { status: 'failed' as const }])),
      {},
      'none run (no task was merged in this run)',
    ],
  ])('%s → %s', (_name, patch, extra, text) => {
    const s = state(patch, extra);
    expect(qualityGatesText(s, IDS)).toBe(text);
    expect(report(s).split('\n')[4]).toBe(`**Quality gates:** ${text}`);
  });
});

describe('forced tasks in the report', () => {
  const r = report(state({ '1.2': { forced: [TESTS] }, '1.4': { forced: [TESTS, CI] } }));

  it('their rows are marked forced, with the checks in Notes', () => {
    const rows = section(r, 'Tasks').slice(2);
    expect(rows).toEqual([
      '| 1.1 | Task 1.1 | coding | ✓ merged | — | 0 | — | — | — |',
      '| 1.2 | Task 1.2 | coding | ✓ merged ⚠️ forced | — | 0 | — | — | forced past tests |',
      '| 1.3 | Task 1.3 | coding | ✓ merged | — | 0 | — | — | — |',
      '| 1.4 | Task 1.4 | coding | ✓ merged ⚠️ forced | — | 0 | — | — | forced past tests, CI |',
    ]);
  });

  it('the Quality gates section names each gate and shows its output tail', () => {
    expect(section(r, 'Quality gates')).toEqual([
      '### 1.2: forced past the failed tests gate',
      '',
      '```',
      'FAIL store.test.ts',
      'expected 1 to be 2',
      '```',
      '',
      '### 1.4: forced past the failed tests gate',
      '',
      '```',
      'FAIL store.test.ts',
      'expected 1 to be 2',
      '```',
      '',
      '### 1.4: forced past red CI',
      '',
      '```',
      '1 of 2 checks failed (lint)',
      'failing: lint',
      'src/a.ts: unused x',
      '```',
    ]);
    const headings = r.split('\n').filter((l) => l.startsWith('## '));
    expect(headings.indexOf('## Quality gates')).toBe(headings.indexOf('## Integration test') - 1);
  });

  it('a long output is cut to its last 20 lines; an empty one says so', () => {
    const long = Array.from({ length: 50 }, (_, i) => `line ${i + 1}`).join('\n');
    const q = section(
      report(
        state({
          '1.1': {
            forced: [
              { gate: 'quality', output: long },
              { gate: 'commit', output: '' },
            ],
          },
        }),
      ),
      'Quality gates',
    );
    expect(q).toContain('(last 20 of 50 lines)');
    expect(q).toContain('line 31');
    expect(q).not.toContain('line 30');
    expect(q.slice(-3)).toEqual(['### 1.1: forced past the failed commit gate', '', '(no output)']);
  });

  it('nothing forced: one line; an accepted integration test points at its section', () => {
    expect(section(report(state()), 'Quality gates')).toEqual(['All passed: no task was forced past a failed gate or red CI.']);
    expect(section(report(state({}, { integration: 'accepted' })), 'Quality gates')).toEqual([
      'The integration test failed and was accepted: its output is under **Integration test**.',
    ]);
  });
});

describe('the integration test and the tasks it ran without', () => {
  const failedAndSkipped = { '1.3': { status: 'failed' as const }, '1.4': { status: 'skipped' as const } };

  it.each([
    ['passed', {}, '✅ Passed on `mstui/M1` after the last merge.'],
    [
      'passed',
      failedAndSkipped,
      '✅ Passed on `mstui/M1` after the last merge. 2 tasks were not merged, so it ran without them: 1.3 failed, 1.4 skipped.',
    ],
    [
      'failed',
      { '1.4': { status: 'skipped' as const } },
      '❌ Failed on `mstui/M1`. 1 task was not merged, so it ran without it: 1.4 skipped.',
    ],
  ] as const)('%s', (integration, patch, text) => {
    const s = state(patch, { integration, options: { ...opts(), integration: true } });
    expect(section(report(s), 'Integration test')[0]).toBe(text);
  });

  it('notMergedText', () => {
    expect(notMergedText(state())).toBeNull();
    expect(notMergedText(state(failedAndSkipped))).toBe('2 tasks not merged: 1.3 failed, 1.4 skipped');
    expect(notMergedText(state({ '1.1': { status: 'failed' } }))).toBe('1 task not merged: 1.1 failed');
  });
});
