import { describe, expect, it } from 'vitest';
import { parseHandoff } from '../../src/core/plan/handoff.js';
import { buildReport, type ReportInput, reportTotals } from '../../src/core/report.js';
import { cell, doubleQuoted, formatDuration, outputBlock, shellWord, table } from '../../src/core/report-format.js';
import { initState } from '../../src/core/scheduler/init.js';
import type { RunState, TaskRun } from '../../src/core/scheduler/types.js';
import { opts, t } from './scheduler-helpers.js';

const T0 = Date.UTC(2025, 2, 1, 14, 0, 0);
const MIN = 60_000;

const HANDOFF = `# Handoff: M1

## Task 1.1 Complete: Store

### Gotchas

- Ids must be stable across reloads — solution: use a saved counter.
- Pipes | in a challenge: escape them

## Task 1.2 Complete: Persist

Saved to JSON. Nothing went wrong.

## Task 1.3 Complete: Validate

### E2E Test Results

| Test | Steps | Result |
|------|-------|--------|
| cli/add-and-list | 6 | ✅ PASSED |
| cli/due-dates | 4 | ❌ FAILED |

### Gotchas

- Port 3000 taken in CI — solution: pick a free port
`;

function taskRun(state: RunState, id: string, patch: Partial<TaskRun>): void {
  const run = state.tasks[id];
  if (!run) throw new Error(`no task ${id}`);
  state.tasks[id] = { ...run, ...patch };
}

function input(patch: Partial<ReportInput> = {}): ReportInput {
  const state = initState([t('1.0', [], { done: true }), t('1.1'), t('1.2', ['1.1']), t('1.3', ['1.2']), t('1.4')], null, opts());
  taskRun(state, '1.1', {
    status: 'merged',
    startedAtMs: T0,
    endedAtMs: T0 + 12 * MIN + 3000,
    retries: 1,
    ciRetries: 2,
    commits: 3,
    pr: { number: 12, url: 'https://github.com/o/r/pull/12' },
  });
  taskRun(state, '1.2', { status: 'merged', startedAtMs: T0 + 13 * MIN, endedAtMs: T0 + 13 * MIN + 45_000, commits: 1 });
  taskRun(state, '1.3', { status: 'merged', startedAtMs: T0 + 14 * MIN, endedAtMs: T0 + 74 * MIN + 5000, commits: 2 });
  taskRun(state, '1.4', { status: 'failed', reason: 'tests failed (exit 1)\nsee | the log', retries: 3 });
  return {
    milestone: { id: 'M1', title: 'Todo app' },
    planPath: 'plans/M1_todo.md',
    handoffPath: 'plans/HANDOFF_M1.md',
    baseBranch: 'main',
    integrationBranch: 'mstui/M1',
    ci: { provider: 'github', remote: 'origin', target: 'integration' },
    startedAtMs: T0,
    endedAtMs: T0 + 80 * MIN,
    state,
    tasks: [
      { id: '1.0', title: 'Scaffold', kind: 'coding' },
      { id: '1.1', title: 'Store', kind: 'coding' },
      { id: '1.2', title: 'Persist', kind: 'coding' },
      { id: '1.3', title: 'Validate', kind: 'validation' },
      { id: '1.4', title: 'Docs', kind: 'documentation' },
    ],
    handoff: parseHandoff(HANDOFF),
    ...patch,
  };
}

/** The table under `## heading`: its lines up to the first blank line. */
function section(report: string, heading: string): string[] {
  const lines = report.split('\n');
  const at = lines.indexOf(`## ${heading}`);
  expect(at, `no section ${heading}`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(at + 2);
  const end = rest.indexOf('');
  return end < 0 ? rest : rest.slice(0, end);
}

describe('buildReport', () => {
  it('has the Tasks, E2E Tests Performed and Challenges & Solutions tables with exactly the right rows', () => {
    const r = buildReport(input());
    expect(section(r, 'Tasks')).toEqual([
      '| Task | Title | Kind | Status | Duration | Retries | Commits | PR | Notes |',
      '|---|---|---|---|---|---|---|---|---|',
      '| 1.0 | Scaffold | coding | ✓ done before | — | 0 | — | — | — |',
      '| 1.1 | Store | coding | ✓ merged | 12m 03s | 3 (2 CI) | 3 | [#12](https://github.com/o/r/pull/12) | — |',
      '| 1.2 | Persist | coding | ✓ merged | 45s | 0 | 1 | — | — |',
      '| 1.3 | Validate | validation | ✓ merged | 1h 00m 05s | 0 | 2 | — | — |',
      '| 1.4 | Docs | documentation | ✗ failed | — | 3 | — | — | tests failed (exit 1)<br>see \\| the log |',
    ]);
    expect(section(r, 'E2E Tests Performed')).toEqual([
      '| Test | Steps | Result |',
      '|---|---|---|',
      '| cli/add-and-list | 6 | ✅ PASSED |',
      '| cli/due-dates | 4 | ❌ FAILED |',
    ]);
    expect(section(r, 'Challenges & Solutions')).toEqual([
      '| Task | Challenge | Solution |',
      '|---|---|---|',
      '| 1.1 | Ids must be stable across reloads | use a saved counter. |',
      '| 1.1 | Pipes \\| in a challenge | escape them |',
      '| 1.3 | Port 3000 taken in CI | pick a free port |',
    ]);
  });

  it('starts with the title, a verdict and the totals', () => {
    const lines = buildReport(input()).split('\n');
    expect(lines[0]).toBe('# M1: Todo app — milestone report');
    expect(lines[2]).toBe('**❌ Incomplete: 1 failed.**');
    expect(lines[4]).toBe('**Quality gates:** all passed');
    expect(lines[6]).toBe('3 merged · 1 done before · 1 failed · 0 skipped · 0 remaining · 1h 20m 00s · 6 retries · 6 commits');
    expect(lines).toContain('- **Run:** 2025-03-01 14:00 UTC → 2025-03-01 15:20 UTC');
    expect(lines).toContain('- **CI:** GitHub (remote `origin`; task PRs into `mstui/M1`)');
  });

  it('E2E results only come from VALIDATION tasks; an explicit line when there are none', () => {
    const noValidation = input({
      tasks: input().tasks.map((task) => ({ ...task, kind: 'coding' as const })),
    });
    expect(section(buildReport(noValidation), 'E2E Tests Performed')).toEqual(['None recorded: the plan has no VALIDATION task.']);
    const noHandoff = buildReport(input({ handoff: null }));
    expect(section(noHandoff, 'E2E Tests Performed')).toEqual(['None recorded: VALIDATION task 1.3; there is no handoff on `mstui/M1`.']);
    expect(section(noHandoff, 'Challenges & Solutions')).toEqual(['None recorded in the handoff.']);
    expect(noHandoff).toContain('- **Handoff:** `plans/HANDOFF_M1.md` (not on `mstui/M1`)');
    expect(buildReport(input())).toContain('- **Handoff:** `plans/HANDOFF_M1.md` (as on `mstui/M1`)');
    const quiet = buildReport(input({ handoff: parseHandoff('## Task 1.3 Complete: Validate\n\nAll good.\n') }));
    expect(section(quiet, 'E2E Tests Performed')).toEqual([
      'None recorded: VALIDATION task 1.3; their handoff sections list no E2E results.',
    ]);
  });

  it('next steps: resume, then the exact push and gh pr create commands', () => {
    const r = buildReport(input({ milestone: { id: 'M1', title: 'Say "hi" for $5' } }));
    const steps = r.slice(r.indexOf('## Next steps'));
    expect(steps).toContain('(1.4 failed)');
    expect(steps).toContain('  mstui run plans/M1_todo.md\n');
    expect(steps).toContain('- **Then open the milestone PR**');
    expect(steps).toContain('  git push -u origin mstui/M1\n');
    expect(steps).toContain(
      '  gh pr create --base main --head mstui/M1 --title "M1: Say \\"hi\\" for \\$5" --body-file .worktrees/.mstui/report-M1.md\n',
    );
  });

  it('a complete run: ready for the PR, no resume step; --out changes the body file', () => {
    const done = input({ reportPath: 'docs/M1 report.md' });
    taskRun(done.state, '1.4', { status: 'merged', reason: null });
    const r = buildReport(done);
    expect(r.split('\n')[2]).toBe('**✅ Complete: every task merged. Ready for the milestone PR.**');
    expect(r).not.toContain('mstui run plans');
    expect(r).toContain('- **Open the milestone PR**');
    expect(r).toContain("--body-file 'docs/M1 report.md'\n");
  });

  it('ci.target base: the tasks went into the base through their PRs; no milestone PR', () => {
    const r = buildReport(input({ ci: { provider: 'github', remote: 'up', target: 'base' } }));
    expect(r).toContain('- The tasks were merged into `main` through their own pull requests');
    expect(r).not.toContain('gh pr create');
    expect(r).not.toContain('git push');
  });

  it.each([
    ['none', false, null, 'Not configured: set `commands.integration`'],
    ['none', true, null, 'Not run: it runs after the last merge'],
    ['passed', true, null, '✅ Passed on `mstui/M1` after the last merge.'],
    ['accepted', true, 'boom', '⚠️ Failed on `mstui/M1`; you accepted it'],
  ] as const)('integration %s (configured %s)', (status, configured, output, text) => {
    const i = input();
    i.state = { ...i.state, integration: status, integrationOutput: output, options: { ...i.state.options, integration: configured } };
    expect(section(buildReport(i), 'Integration test')[0]).toContain(text);
  });

  it('a failed integration test shows the output tail in a fence its content cannot close', () => {
    const i = input();
    const lines = Array.from({ length: 40 }, (_, n) => `line ${n + 1}`);
    lines.push('has ```` four backticks', '\u001b[31mred\u001b[0m');
    i.state = { ...i.state, integration: 'failed', integrationOutput: lines.join('\n') };
    taskRun(i.state, '1.4', { status: 'merged' });
    const r = buildReport(i);
    expect(r.split('\n')[2]).toBe('**⚠️ Every task merged, but the integration test failed.**');
    const block = r.slice(r.indexOf('## Integration test'), r.indexOf('## Next steps'));
    expect(block).toContain('(last 30 of 42 lines)');
    expect(block).toContain('`````\nline 13\n');
    expect(block).toContain('\nred\n`````');
    expect(block).not.toContain('line 12\n');
    expect(r).toContain('- **Fix the integration test** on `mstui/M1`');
  });

  it('is deterministic and counts totals from the state', () => {
    expect(buildReport(input())).toBe(buildReport(input()));
    expect(reportTotals(input().state)).toEqual({ merged: 3, doneBefore: 1, failed: 1, skipped: 0, remaining: 0, retries: 6, commits: 6 });
  });
});

describe('report formatting', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['already \\| escaped', 'already \\| escaped'],
    ['two\nlines\r\nhere', 'two<br>lines<br>here'],
    ['  ', '—'],
    [null, '—'],
    [3, '3'],
  ])('cell(%j) = %j', (text, want) => {
    expect(cell(text)).toBe(want);
  });

  it('table: header, separator, escaped rows', () => {
    expect(table(['A', 'B'], [['x|y', null]])).toEqual(['| A | B |', '|---|---|', '| x\\|y | — |']);
  });

  it.each([
    [null, '—'],
    [0, '0s'],
    [45_499, '45s'],
    [12 * MIN + 3000, '12m 03s'],
    [60 * MIN, '1h 00m 00s'],
    [62 * MIN + 3000, '1h 02m 03s'],
    [-5, '0s'],
  ])('formatDuration(%j) = %s', (ms, want) => {
    expect(formatDuration(ms)).toBe(want);
  });

  it('quotes shell words only when needed', () => {
    expect(shellWord('plans/M1_todo.md')).toBe('plans/M1_todo.md');
    expect(shellWord('gh:"OB3 Phase 1"')).toBe(`'gh:"OB3 Phase 1"'`);
    expect(shellWord("it's")).toBe(`'it'\\''s'`);
    expect(doubleQuoted('a `b` \\ c')).toBe('"a \\`b\\` \\\\ c"');
  });

  it('outputBlock keeps short output whole', () => {
    expect(outputBlock('one\ntwo\n')).toEqual(['```', 'one', 'two', '```']);
  });
});
