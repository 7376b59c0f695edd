/** Token sums and the hold's wording (src/core/tokens-view.ts), and the report's Tokens table. */
import { describe, expect, it } from 'vitest';
import { buildReport, type ReportInput } from '../../src/core/report.js';
import { initState } from '../../src/core/scheduler/init.js';
import type { ApiHold, RunState, TaskRun, TokenUsage } from '../../src/core/scheduler/types.js';
import { clockTime, holdText, idList, runUsage, taskUsage, usageLine, usageTotal } from '../../src/core/tokens-view.js';
import { opts, t } from './scheduler-helpers.js';

const usage = (input: number, output: number, cacheRead: number, cacheWrite: number): TokenUsage => ({
  input,
  output,
  cacheRead,
  cacheWrite,
});
const T0 = Date.UTC(2025, 2, 1, 14, 0, 0);
const AT_1405 = T0 + 5 * 60_000;

function withTokens(tokens: Record<string, Record<string, TokenUsage>>): RunState {
  const state = initState([t('1.1'), t('1.2'), t('1.3')], null, opts());
  for (const [id, sessions] of Object.entries(tokens)) {
    const run = state.tasks[id] as TaskRun;
    state.tasks[id] = { ...run, status: 'merged', tokens: sessions };
  }
  return state;
}

describe('tokens-view', () => {
  it('sums a task over its sessions and the run over its tasks', () => {
    const s = withTokens({ '1.1': { a: usage(1, 2, 3, 4), b: usage(10, 20, 30, 40) }, '1.2': { c: usage(100, 0, 0, 0) } });
    expect(taskUsage(s.tasks['1.1'])).toEqual(usage(11, 22, 33, 44));
    expect(taskUsage(s.tasks['1.3'])).toEqual(usage(0, 0, 0, 0));
    expect(taskUsage(undefined)).toEqual(usage(0, 0, 0, 0));
    expect(runUsage(s)).toEqual(usage(111, 22, 33, 44));
    expect(usageTotal(runUsage(s))).toBe(210);
  });

  it('writes usage as in · out · cache r · w', () => {
    expect(usageLine(usage(12_300, 4100, 80_000, 900))).toBe('in 12k · out 4.1k · cache r 80k · w 900');
  });

  it('clock time in the zone given', () => {
    expect(clockTime(AT_1405, 'UTC')).toBe('14:05');
    expect(clockTime(AT_1405, 'America/New_York')).toBe('09:05');
    expect(clockTime(Date.UTC(2025, 2, 1, 0, 7), 'UTC')).toBe('00:07');
  });

  it('the hold: a known reset, a backoff guess, an overloaded API', () => {
    const hold = (patch: Partial<ApiHold>): ApiHold => ({
      reason: 'rate_limit',
      untilMs: AT_1405,
      known: true,
      tasks: [],
      count: 1,
      ...patch,
    });
    expect(holdText(hold({}), 'UTC')).toBe('rate-limited until 14:05');
    expect(holdText(hold({ known: false }), 'UTC')).toBe('rate-limited: retrying at 14:05');
    expect(holdText(hold({ reason: 'overloaded', known: false }), 'UTC', ', ')).toBe('API overloaded, retrying at 14:05');
  });

  it('lists ids in prose', () => {
    expect([idList([]), idList(['1.2']), idList(['1.2', '1.3']), idList(['1.2', '1.3', '1.4'])]).toEqual([
      '',
      '1.2',
      '1.2 and 1.3',
      '1.2, 1.3 and 1.4',
    ]);
  });
});

function report(state: RunState): string {
  const input: ReportInput = {
    milestone: { id: 'M1', title: 'Todo app' },
    planPath: 'plans/M1.md',
    baseBranch: 'main',
    integrationBranch: 'mstui/M1',
    ci: { provider: 'local', remote: 'origin', target: 'integration' },
    startedAtMs: T0,
    endedAtMs: T0 + 60_000,
    state,
    tasks: [
      { id: '1.1', title: 'Store', kind: 'coding' },
      { id: '1.2', title: 'Persist', kind: 'coding' },
      { id: '1.3', title: 'Docs', kind: 'documentation' },
    ],
    handoff: null,
  };
  return buildReport(input);
}

/** The lines under `## heading` up to the first blank line. */
function section(text: string, heading: string): string[] {
  const lines = text.split('\n');
  const at = lines.indexOf(`## ${heading}`);
  expect(at, `no section ${heading}`).toBeGreaterThanOrEqual(0);
  const rest = lines.slice(at + 2);
  return rest.slice(0, rest.indexOf(''));
}

describe('report: tokens', () => {
  it('a Tokens table after Tasks: exact counts of the four kinds per task (sessions summed), then the total row', () => {
    const r = report(
      withTokens({
        '1.1': { a: usage(12_000, 4000, 50_000, 9000), b: usage(300, 100, 30_000, 0) },
        '1.3': { c: usage(800, 200, 0, 1500) },
      }),
    );
    expect(section(r, 'Tokens')).toEqual([
      '| Task | Input | Output | Cache read | Cache write | Total |',
      '|---|---|---|---|---|---|',
      '| 1.1 | 12300 | 4100 | 80000 | 9000 | 105400 |',
      '| 1.3 | 800 | 200 | 0 | 1500 | 2500 |',
      '| **Total** | 13100 | 4300 | 80000 | 10500 | 107900 |',
    ]);
    const headings = r.split('\n').filter((l) => l.startsWith('## '));
    expect(headings.slice(0, 4)).toEqual(['## Tasks', '## Tokens', '## E2E Tests Performed', '## Challenges & Solutions']);
    expect(r.split('\n')[6]).toBe(
      '2 merged · 0 done before · 0 failed · 0 skipped · 1 remaining · 1m 00s · 0 retries · 0 commits · 108k tokens',
    );
  });

  it('none counted: one line says so, and the totals line is as before', () => {
    const r = report(withTokens({ '1.1': {} }));
    expect(section(r, 'Tokens')).toEqual(["None recorded: no agent's transcript reported token usage."]);
    expect(r.split('\n')[6]).toMatch(/^1 merged · .* · 0 commits$/);
  });
});
