/** `mstui report` end to end: the built CLI over a real repo and a store written the way `mstui run` writes it. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store.js';
import { initState } from '../../src/core/scheduler/init.js';
import type { Event, RunState } from '../../src/core/scheduler/types.js';
import { opts } from '../core/scheduler-helpers.js';
import { CLI, git, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui } from '../helpers/run-cli.js';

const PLAN = `# Milestone 1: Todo app

## Task 1.1: Create the store
**Type:** CODING
**Depends on:** none

## Task 1.2: Validate end to end
**Type:** VALIDATION
**Depends on:** 1.1

## Task 1.3: Write the guide
**Type:** DOCUMENTATION
**Depends on:** none
`;

const HANDOFF = `# Handoff: M1

## Task 1.1 Complete: Create the store

### Gotchas

- Ids drift after reload — solution: save a counter with the data

## Task 1.2 Complete: Validate end to end

### E2E Test Results

| Test | Steps | Result |
|------|-------|--------|
| cli/add-list-done | 5 | ✅ PASSED |

### Challenges

- Temp dirs leaked between runs: clean them in afterEach
`;

const T0 = Date.UTC(2025, 2, 1, 9, 0, 0);

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
beforeAll(() => {
  expect(existsSync(CLI), 'run `npm run build` first').toBe(true);
});

/** A repo with the plan on main and an integration branch mstui/M1 holding the handoff (main's checkout is clean). */
function milestoneRepo(): TempRepo {
  const repo = tempRepo();
  repos.push(repo);
  repo.write('plans/M1_todo.md', PLAN);
  repo.commitAll('plan');
  git(repo.dir, 'checkout', '-q', '-b', 'mstui/M1');
  repo.write('plans/HANDOFF_M1.md', HANDOFF);
  repo.commitAll('Task 1.1: Create the store');
  git(repo.dir, 'checkout', '-q', 'main');
  mkdirSync(join(repo.dir, '.worktrees', '.mstui'), { recursive: true });
  return repo;
}

function finalState(): RunState {
  const state = initState(
    [
      { id: '1.1', title: 'Create the store', deps: [], files: [], done: false },
      { id: '1.2', title: 'Validate end to end', deps: ['1.1'], files: [], done: false },
      { id: '1.3', title: 'Write the guide', deps: [], files: [], done: false },
    ],
    null,
    opts(),
  );
  const patch = (id: string, p: Partial<RunState['tasks'][string]>) => {
    const run = state.tasks[id];
    if (run) state.tasks[id] = { ...run, ...p };
  };
  patch('1.1', { status: 'merged', startedAtMs: T0, endedAtMs: T0 + 12 * 60_000 + 3000, commits: 2, retries: 1 });
  patch('1.2', { status: 'merged', startedAtMs: T0 + 13 * 60_000, endedAtMs: T0 + 20 * 60_000, commits: 1 });
  patch('1.3', { status: 'failed', reason: 'tests failed (exit 1)' });
  return state;
}

function record(repo: TempRepo, fill: (store: ReturnType<typeof openStore>, runId: number) => void): void {
  const store = openStore(join(repo.dir, '.worktrees', '.mstui', 'state.db'));
  try {
    const run = store.createRun('M1', 'plans/M1_todo.md', 'main', T0);
    fill(store, run.id);
  } finally {
    store.close();
  }
}

describe('mstui report', () => {
  it('prints the report of the last run with the three tables and writes .worktrees/.mstui/report-M1.md', async () => {
    const repo = milestoneRepo();
    record(repo, (store, id) => {
      store.saveSnapshot(id, T0 + 30 * 60_000, finalState());
      store.finishRun(id, 1, T0 + 30 * 60_000);
    });
    const r = await mstui(repo.dir, ['report']);
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out.split('\n')[0]).toBe('# M1: Milestone 1: Todo app — milestone report');
    expect(out).toContain('**❌ Incomplete: 1 failed.**');
    expect(out).toContain('| 1.1 | Create the store | coding | ✓ merged | 12m 03s | 1 | 2 | — | — |');
    expect(out).toContain('| 1.3 | Write the guide | documentation | ✗ failed | — | 0 | — | — | tests failed (exit 1) |');
    expect(out).toContain('## E2E Tests Performed\n\n| Test | Steps | Result |\n|---|---|---|\n| cli/add-list-done | 5 | ✅ PASSED |\n\n');
    expect(out).toContain(
      '## Challenges & Solutions\n\n| Task | Challenge | Solution |\n|---|---|---|\n' +
        '| 1.1 | Ids drift after reload | save a counter with the data |\n' +
        '| 1.2 | Temp dirs leaked between runs | clean them in afterEach |\n\n',
    );
    expect(out).toContain('30m 00s');
    expect(out).toContain(
      'gh pr create --base main --head mstui/M1 --title "M1: Milestone 1: Todo app" --body-file .worktrees/.mstui/report-M1.md',
    );
    expect(readFileSync(join(repo.dir, '.worktrees/.mstui/report-M1.md'), 'utf8')).toBe(out);
  });

  it('without a snapshot replays the event log; --out writes elsewhere; the plan argument picks the milestone', async () => {
    const repo = milestoneRepo();
    const events: Event[] = [
      { type: 'RunResumed' },
      { type: 'TaskStarted', task: '1.1', sessionId: 's1', atMs: T0 },
      { type: 'HandoffWritten', task: '1.1' },
      { type: 'AgentIdle', task: '1.1' },
      { type: 'GatesPassed', task: '1.1' },
      { type: 'CiPassed', task: '1.1', summary: 'local' },
      { type: 'Answered', task: '1.1', answer: 'yes' },
      { type: 'Merged', task: '1.1', commit: 'abc', atMs: T0 + 65_000, commits: 4 },
    ];
    record(repo, (store, id) => {
      for (const e of events) store.append(id, T0, e);
    });
    const r = await mstui(repo.dir, ['report', 'plans/M1_todo.md', '--out', 'out/M1.md']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('| 1.1 | Create the store | coding | ✓ merged | 1m 05s | 0 | 4 | — | — |');
    // 1.2's handoff section is on mstui/M1 and this run never touched it: merged by an earlier run, so done before.
    expect(r.stdout).toContain('| 1.2 | Validate end to end | validation | ✓ done before |');
    expect(r.stdout).toContain('1 merged · 1 done before · 0 failed · 0 skipped · 1 remaining · not finished · 0 retries · 4 commits');
    expect(r.stdout).toContain('--body-file out/M1.md');
    expect(readFileSync(join(repo.dir, 'out/M1.md'), 'utf8')).toBe(r.stdout);
    expect(existsSync(join(repo.dir, '.worktrees/.mstui/report-M1.md'))).toBe(false);
  });

  it('no run recorded: one line on stderr, exit 2, nothing written', async () => {
    const repo = tempRepo();
    repos.push(repo);
    const r = await mstui(repo.dir, ['report']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/no mstui run recorded .*run `mstui run <plan>` first/);
    expect(existsSync(join(repo.dir, '.worktrees'))).toBe(false);
  });

  it('a plan whose milestone has no run: exit 2 naming the milestone', async () => {
    const repo = milestoneRepo();
    record(repo, () => {});
    repo.write('plans/M2_next.md', PLAN.replace('Milestone 1', 'Milestone 2'));
    const r = await mstui(repo.dir, ['report', 'plans/M2_next.md']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no run of M2 recorded');
    expect(existsSync(join(repo.dir, '.worktrees/.mstui/report-M2.md'))).toBe(false);
  });
});
