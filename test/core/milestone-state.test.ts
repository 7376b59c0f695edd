/** Seeds 002/004: a YAML milestone's state written into its own text, the execution log, the paths. Table tests. */
import { describe, expect, it } from 'vitest';
import { appendExecutionLog, milestoneEvents } from '../../src/core/milestone-log.js';
import {
  isoSeconds,
  type MilestoneFacts,
  milestoneCommitSubject,
  milestoneFacts,
  milestonePaths,
  updateMilestoneYaml,
} from '../../src/core/milestone-state.js';
import { initState, newTaskRun } from '../../src/core/scheduler/init.js';
import type { RunState, TaskRun, TaskStatus } from '../../src/core/scheduler/types.js';
import { opts, t } from './scheduler-helpers.js';

const T0 = Date.UTC(2026, 2, 1, 14, 0, 0);
const min = (n: number) => T0 + n * 60_000;

/** A run's state with each task in the given status; started at minute i+1, merged at minute i+5. */
function stateOf(statuses: Record<string, TaskStatus>, reasons: Record<string, string> = {}): RunState {
  const ids = Object.keys(statuses);
  const s = initState(
    ids.map((id) => t(id)),
    null,
    opts(),
  );
  ids.forEach((id, i) => {
    const status = statuses[id] as TaskStatus;
    const ran = !['pending', 'done', 'excluded'].includes(status);
    const run: TaskRun = {
      ...newTaskRun(id, status),
      startedAtMs: ran ? min(i + 1) : null,
      endedAtMs: status === 'merged' ? min(i + 5) : null,
      reason: reasons[id] ?? null,
    };
    s.tasks[id] = run;
  });
  return s;
}

const facts = (statuses: Record<string, TaskStatus>, exitCode: number | null = null, reasons = {}): MilestoneFacts =>
  milestoneFacts({ milestoneId: 'M7', runId: 3, runStartedAtMs: T0, atMs: min(30), state: stateOf(statuses, reasons), exitCode });

describe('milestoneFacts', () => {
  it.each<[string, Record<string, TaskStatus>, number | null, string, number, number]>([
    ['nothing merged yet', { T1: 'running', T2: 'pending' }, null, 'in_progress', 0, 0],
    ['one of two merged', { T1: 'merged', T2: 'running' }, null, 'in_progress', 1, 50],
    ['one done before, one merged, still running', { T1: 'done', T2: 'merged' }, null, 'in_progress', 2, 100],
    ['all merged, finished with exit 0', { T1: 'done', T2: 'merged' }, 0, 'completed', 2, 100],
    ['finished with a failure', { T1: 'merged', T2: 'failed' }, 1, 'in_progress', 1, 50],
    ['all merged but the integration test failed (exit 1)', { T1: 'merged', T2: 'merged' }, 1, 'in_progress', 2, 100],
    ['--only left one out', { T1: 'merged', T2: 'excluded' }, 0, 'in_progress', 1, 50],
    ['2 of 3 rounds down', { T1: 'merged', T2: 'merged', T3: 'skipped' }, 1, 'in_progress', 2, 66],
  ])('%s', (_name, statuses, exitCode, status, completed, percentage) => {
    const f = facts(statuses, exitCode);
    expect([f.status, f.tasksCompleted, f.percentage, f.totalTasks]).toEqual([status, completed, percentage, Object.keys(statuses).length]);
    expect(f.completedAtMs).toBe(status === 'completed' ? min(30) : null);
  });

  it.each<[TaskStatus, string | null]>([
    ['pending', null],
    ['excluded', null],
    ['done', 'completed'],
    ['merged', 'completed'],
    ['running', 'in_progress'],
    ['verifying', 'in_progress'],
    ['ci', 'in_progress'],
    ['awaiting-merge', 'in_progress'],
    ['decision', 'in_progress'],
    ['conflict', 'in_progress'],
    ['failed', 'failed'],
    ['skipped', 'skipped'],
  ])('a %s task is written as %s', (status, yaml) => {
    expect(facts({ T1: status }).tasks[0]?.status).toBe(yaml);
  });
});

const YAML = `# Billing: the milestone file a human wrote
metadata: { id: M7, title: Billing } # keep me
status: planned
owner: finance-team
dependencies: { requires: [ M6 ] }
description: "A long description that a person wrote on one line, well past the eighty characters a folder would allow"
tasks:
  - { id: T1, title: Invoice model, status: done }
  # the API comes second
  - id: T2
    title: Invoice API # public
    status: planned
    dependencies: [ T1 ]
    estimate: 3
`;

describe('updateMilestoneYaml', () => {
  it('writes status, progress, times and task states, and changes no other line', () => {
    const r = updateMilestoneYaml(YAML, facts({ T1: 'done', T2: 'merged' }, 0));
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toBe(`# Billing: the milestone file a human wrote
metadata: { id: M7, title: Billing } # keep me
status: completed
owner: finance-team
dependencies: { requires: [ M6 ] }
description: "A long description that a person wrote on one line, well past the eighty characters a folder would allow"
tasks:
  - { id: T1, title: Invoice model, status: done }
  # the API comes second
  - id: T2
    title: Invoice API # public
    status: completed
    dependencies: [ T1 ]
    estimate: 3
    started_at: 2026-03-01T14:02:00Z
    completed_at: 2026-03-01T14:06:00Z
execution:
  started_at: 2026-03-01T14:00:00Z
  completed_at: 2026-03-01T14:30:00Z
progress:
  percentage: 100
  tasks_completed: 2
  last_update: 2026-03-01T14:30:00Z
`);
  });

  it("keeps the first run's execution.started_at, and is stable when written twice", () => {
    const once = updateMilestoneYaml(YAML, facts({ T1: 'done', T2: 'running' }));
    if (!once.ok) throw new Error(once.error);
    const later = milestoneFacts({
      milestoneId: 'M7',
      runId: 4,
      runStartedAtMs: min(60),
      atMs: min(90),
      state: stateOf({ T1: 'done', T2: 'running' }),
      exitCode: null,
    });
    const twice = updateMilestoneYaml(once.value, later);
    if (!twice.ok) throw new Error(twice.error);
    expect(twice.value).toContain('execution:\n  started_at: 2026-03-01T14:00:00Z\n');
    const again = updateMilestoneYaml(once.value, facts({ T1: 'done', T2: 'running' }));
    expect(again).toEqual({ ok: true, value: once.value });
  });

  it('flow collections take the style most of the file uses (the yaml package has one setting for all)', () => {
    const tight = updateMilestoneYaml('deps: {requires: [M6]}\ntasks: [{id: T1}]\n', facts({ T1: 'merged' }));
    expect(tight.ok && tight.value.split('\n').slice(0, 1)).toEqual(['deps: {requires: [M6]}']);
    const mixed = updateMilestoneYaml('a: { b: [c] }\nd: { e: f }\ntasks: [ { id: T1 } ]\n', facts({ T1: 'merged' }));
    expect(mixed.ok && mixed.value.split('\n')[0]).toBe('a: { b: [ c ] }');
  });

  it('an existing progress block and task keys are updated in place', () => {
    const text =
      'status: in_progress\nprogress:\n  percentage: 0 # from the planner\n  tasks_completed: 0\ntasks:\n  - id: T1\n    status: in_progress\n    started_at: old\n';
    const r = updateMilestoneYaml(text, facts({ T1: 'merged' }, null));
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toContain('progress:\n  percentage: 100 # from the planner\n  tasks_completed: 1\n');
    expect(r.value).toContain(
      '  - id: T1\n    status: completed\n    started_at: 2026-03-01T14:01:00Z\n    completed_at: 2026-03-01T14:05:00Z\n',
    );
  });

  it('an unindented sequence and four-space indents stay so; numeric ids match', () => {
    const text = 'tasks:\n- id: 1\n  title: a\n';
    const four = 'tasks:\n    - id: 1\n      title: a\n';
    for (const src of [text, four]) {
      const r = updateMilestoneYaml(src, facts({ 1: 'failed' }));
      if (!r.ok) throw new Error(r.error);
      expect(r.value.split('\n').slice(0, 2)).toEqual(src.split('\n').slice(0, 2));
      expect(r.value).toContain('status: failed');
    }
  });

  it.each([
    ['progress: 0\ntasks:\n  - id: T1\n', /^cannot write the run's state into it: /],
    ['- a\n- b\n', /^not a YAML mapping$/],
    ['tasks: none\n', /^no 'tasks' list$/],
    ['tasks: [\n', /^not valid YAML: /],
  ])('%j is an error, not a half-written file', (text, message) => {
    const r = updateMilestoneYaml(text, facts({ T1: 'merged' }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });
});

describe('the execution log', () => {
  const kinds = (text: string) =>
    text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { event: string; task_id?: string }).event);

  it('one event per fact, in time order, as JSON lines', () => {
    const log = appendExecutionLog('', facts({ T1: 'done', T2: 'merged', T3: 'failed' }, 1, { T3: 'tests failed (exit 1)' }));
    const lines = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      { timestamp: '2026-03-01T14:00:00Z', event: 'milestone_activated', milestone_id: 'M7', run: 3 },
      { timestamp: '2026-03-01T14:02:00Z', event: 'task_started', milestone_id: 'M7', run: 3, task_id: 'T2' },
      { timestamp: '2026-03-01T14:03:00Z', event: 'task_started', milestone_id: 'M7', run: 3, task_id: 'T3' },
      { timestamp: '2026-03-01T14:06:00Z', event: 'task_completed', milestone_id: 'M7', run: 3, task_id: 'T2' },
      {
        timestamp: '2026-03-01T14:06:00Z',
        event: 'progress_updated',
        milestone_id: 'M7',
        run: 3,
        percentage: 66,
        tasks_completed: 2,
        total_tasks: 3,
      },
      {
        timestamp: '2026-03-01T14:30:00Z',
        event: 'task_failed',
        milestone_id: 'M7',
        run: 3,
        task_id: 'T3',
        reason: 'tests failed (exit 1)',
      },
    ]);
    expect(log.endsWith('}\n')).toBe(true);
  });

  it('writing again adds only new events: after each merge, on resume, at the end', () => {
    const first = appendExecutionLog('', facts({ T1: 'merged', T2: 'running' }));
    expect(kinds(first)).toEqual(['milestone_activated', 'task_started', 'task_started', 'task_completed', 'progress_updated']);
    const end = appendExecutionLog(first, facts({ T1: 'merged', T2: 'merged' }, 0));
    expect(end.startsWith(first)).toBe(true);
    expect(kinds(end.slice(first.length))).toEqual(['task_completed', 'progress_updated', 'milestone_completed']);
    expect(appendExecutionLog(end, facts({ T1: 'merged', T2: 'merged' }, 0))).toBe(end);
  });

  it('another run adds its own events; lines that are not its JSON are kept', () => {
    const old = 'not json\n{"event":"something_else"}';
    const log = appendExecutionLog(old, facts({ T1: 'merged' }));
    expect(log.startsWith(`${old}\n{`)).toBe(true);
    expect(milestoneEvents(facts({ T1: 'merged' })).every((e) => e.run === 3)).toBe(true);
  });
});

describe('paths and the commit subject', () => {
  it.each([
    ['.milestones/active/M7.yaml', '.milestones/completed/M7.yaml', '.milestones/logs/execution-M7.jsonl'],
    ['work/.milestones/active/billing.yaml', 'work/.milestones/completed/M7.yaml', 'work/.milestones/logs/execution-M7.jsonl'],
    ['plans/M7.yaml', '.milestones/completed/M7.yaml', '.milestones/logs/execution-M7.jsonl'],
  ])('%s → %s, %s', (plan, completed, log) => {
    expect(milestonePaths(plan, 'M7')).toEqual({ plan, completed, log });
  });

  it.each<[Record<string, TaskStatus>, number | null, string]>([
    [{ T1: 'merged', T2: 'running', T3: 'pending' }, null, 'mstui: milestone M7 progress (1/3)'],
    [{ T1: 'merged', T2: 'done' }, 0, 'mstui: milestone M7 completed (2/2)'],
  ])('%j, exit %s → %s', (statuses, exitCode, subject) => {
    expect(milestoneCommitSubject(facts(statuses, exitCode))).toBe(subject);
  });

  it('times are UTC to the second, as the seeds write them', () => {
    expect(isoSeconds(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05Z');
  });
});
