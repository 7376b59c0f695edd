/**
 * Seed 001 (TASK-NNN plans found by name) and seeds 002/004 (YAML milestones) end to end: the built CLI, a real repo,
 * real worktrees and the scripted agent. Malformed ids and unrunnable milestones are refused before anything is
 * written; a headless start says what is done; a YAML milestone's state is written back on the integration branch.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, git, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui, type RunResult } from '../helpers/run-cli.js';

const repos: TempRepo[] = [];
function repoWith(files: Record<string, string>): TempRepo {
  const repo = tempRepo('mstui-milestone-');
  repos.push(repo);
  for (const [rel, text] of Object.entries(files)) repo.write(rel, text);
  repo.write('.mstui.json', scriptedConfig());
  repo.commitAll('plan');
  return repo;
}

beforeAll(() => {
  expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
});
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

/** Exit 2, one line on stderr, and nothing written: no worktrees, no branches, no exclude entry. */
function refused(repo: TempRepo, r: RunResult, message: RegExp): void {
  expect(r.code, show(r)).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
  expect(existsSync(join(repo.dir, '.worktrees'))).toBe(false);
  expect(git(repo.dir, 'branch', '--list', 'mstui/*')).toBe('');
  expect(readFileSync(join(repo.dir, '.git/info/exclude'), 'utf8')).not.toContain('.worktrees/');
}

const PAY_PLAN = (third = 'TASK-003') =>
  [
    '# Pay Milestone Plan',
    '',
    '## Implementation Plan',
    '',
    '* **Task Sequence:**',
    '    1. **TASK-001:** Create the invoice table',
    '    2. **TASK-002:** Charge a card (depends on TASK-001)',
    `    3. **${third}:** Send the receipt (depends on TASK-002)`,
    '',
  ].join('\n');
const PAY = 'project_sdd_on_claude/M2_Pay_Milestone_Plan.md';

describe('TASK-NNN plans (seed 001)', () => {
  it('`mstui plan Pay` finds M2_Pay_Milestone_Plan.md by *NAME*Milestone_Plan.md', { timeout: 30_000 }, async () => {
    const repo = repoWith({ [PAY]: PAY_PLAN() });
    const r = await mstui(repo.dir, ['plan', 'Pay', '--json']);
    expect(r.code, show(r)).toBe(0);
    const plan = JSON.parse(r.stdout) as { milestone: { id: string; source: string }; tasks: { id: string }[] };
    expect(plan.milestone).toMatchObject({ id: 'Pay', source: PAY });
    expect(plan.tasks.map((t) => t.id)).toEqual(['TASK-001', 'TASK-002', 'TASK-003']);
  });

  it('a malformed id (TASK-0x3) is exit 2 naming it and its line, for plan and run, nothing written', { timeout: 30_000 }, async () => {
    const repo = repoWith({ [PAY]: PAY_PLAN('TASK-0x3') });
    const message = /^mstui: project_sdd_on_claude\/M2_Pay_Milestone_Plan\.md:8: malformed task id TASK-0x3: /;
    const plan = await mstui(repo.dir, ['plan', 'Pay']);
    expect(plan.code, show(plan)).toBe(2);
    expect(plan.stderr).toMatch(message);
    refused(repo, await mstui(repo.dir, ['run', 'Pay', '--headless', '--yes']), message);
  });

  it('a headless start names what the handoff says is done, what an earlier run merged, and where it starts', {
    timeout: 120_000,
  }, async () => {
    const handoff = '# Handoff: Pay\n\n## Task TASK-001 Complete: Create the invoice table\n\nDone by hand.\n';
    const repo = repoWith({ [PAY]: PAY_PLAN(), 'project_sdd_on_claude/HANDOFF_Pay.md': handoff });
    const env = { SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 100 } }) };
    const first = await mstui(repo.dir, ['run', 'Pay', '--headless', '--yes', '--only', 'TASK-002'], env, 90_000);
    expect(first.code, show(first)).toBe(0);
    const lines = first.stdout.split('\n');
    expect(lines[0]).toMatch(/^Run 1: Pay \(1 tasks, parallel 1\) on mstui\/Pay$/);
    expect(lines[1]).toBe('Completed: TASK-001 (from handoff) · Starting from: TASK-002');
    const second = await mstui(repo.dir, ['run', 'Pay', '--headless', '--yes'], env, 90_000);
    expect(second.code, show(second)).toBe(0);
    expect(second.stdout.split('\n')[1]).toBe('Completed: TASK-001 (from handoff), TASK-002 (merged earlier) · Starting from: TASK-003');
  });
});

const M7 = `# Billing, planned with the team
metadata:
  id: M7
  title: Billing
  owner: finance # who to ask
status: planned
tasks:
  - id: T1
    title: Invoice model
    status: planned
  - id: T2
    title: Invoice API
    status: planned
    dependencies: [T1]
`;

describe('YAML milestones (seeds 002 and 004)', () => {
  it('a milestone with status completed is shown by plan with a note, and refused by run', { timeout: 30_000 }, async () => {
    const repo = repoWith({ '.milestones/active/M7.yaml': M7.replace('status: planned\ntasks', 'status: completed\ntasks') });
    const plan = await mstui(repo.dir, ['plan', 'M7']);
    expect(plan.code, show(plan)).toBe(0);
    expect(plan.stdout).toContain('! milestone M7 has status "completed", which does not allow execution');
    refused(
      repo,
      await mstui(repo.dir, ['run', 'M7', '--headless', '--yes']),
      /^mstui: \.milestones\/active\/M7\.yaml: milestone M7 has status "completed", which does not allow execution \(only planned, paused, in_progress run\)/,
    );
  });

  it('a 2-task run writes its state back on mstui/M7: completed, 100%, times, moved to completed/, the execution log', {
    timeout: 120_000,
  }, async () => {
    const repo = repoWith({ '.milestones/active/M7.yaml': M7 });
    const env = { SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 100 } }) };
    const r = await mstui(repo.dir, ['run', 'M7', '--headless', '--yes'], env, 90_000);
    expect(r.code, show(r)).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[1]).toBe('Completed: none · Starting from: T1');
    expect(git(repo.dir, 'log', '--format=%s', '--reverse', 'main..mstui/M7').split('\n')).toEqual([
      'Task T1: Invoice model',
      'mstui: milestone M7 progress (1/2)',
      'Task T2: Invoice API',
      'mstui: milestone M7 progress (2/2)',
      'mstui: milestone M7 completed (2/2)',
    ]);
    expect(git(repo.dir, 'ls-tree', '-r', '--name-only', 'mstui/M7', '.milestones').split('\n')).toEqual([
      '.milestones/active/HANDOFF_M7.md',
      '.milestones/completed/M7.yaml',
      '.milestones/logs/execution-M7.jsonl',
    ]);
    const done = git(repo.dir, 'show', 'mstui/M7:.milestones/completed/M7.yaml');
    const time = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';
    expect(done).toMatch(
      /^# Billing, planned with the team\nmetadata:\n {2}id: M7\n {2}title: Billing\n {2}owner: finance # who to ask\nstatus: completed\n/,
    );
    for (const id of ['T1', 'T2'])
      expect(done).toMatch(new RegExp(`- id: ${id}\\n[^-]*status: completed\\n[^-]*started_at: ${time}\\n {4}completed_at: ${time}`));
    expect(done).toMatch(new RegExp(`execution:\\n {2}started_at: ${time}\\n {2}completed_at: ${time}\\n`));
    expect(done).toMatch(new RegExp(`progress:\\n {2}percentage: 100\\n {2}tasks_completed: 2\\n {2}last_update: ${time}$`));
    const log = git(repo.dir, 'show', 'mstui/M7:.milestones/logs/execution-M7.jsonl')
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; milestone_id: string; run: number; task_id?: string; tasks_completed?: number });
    expect(log.map((e) => [e.event, e.task_id ?? e.tasks_completed ?? null])).toEqual([
      ['milestone_activated', null],
      ['task_started', 'T1'],
      ['task_completed', 'T1'],
      ['progress_updated', 1],
      ['task_started', 'T2'],
      ['task_completed', 'T2'],
      ['progress_updated', 2],
      ['milestone_completed', null],
    ]);
    expect(log.every((e) => e.milestone_id === 'M7' && e.run === 1)).toBe(true);
    // Your checkout and its branch keep the plan as you wrote it.
    expect(git(repo.dir, 'show', 'main:.milestones/active/M7.yaml')).toBe(M7.trimEnd());
    expect(git(repo.dir, 'status', '--porcelain', '--untracked-files=no')).toBe('');
  });
});
