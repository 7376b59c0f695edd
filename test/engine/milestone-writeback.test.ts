/**
 * The milestone write-back over in-memory git and the real git lock: a YAML milestone's state committed on the
 * integration branch after a merge and at the end (moved to .milestones/completed/), once, through the lock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { initState, newTaskRun } from '../../src/core/scheduler/init.js';
import type { RunState, TaskStatus } from '../../src/core/scheduler/types.js';
import { GitLock } from '../../src/engine/git-lock.js';
import { layoutFor } from '../../src/engine/layout.js';
import { milestoneWriteback } from '../../src/engine/milestone-writeback.js';
import type { EngineSetup } from '../../src/engine/setup.js';
import { deferred, engineSetup, fakeDeps, localReview, planOf, task, tempRepoDir } from '../helpers/fake-ports.js';

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

const PLAN_REL = '.milestones/active/M7.yaml';
const YAML =
  'metadata: { id: M7, title: Billing }\nstatus: planned # set by the planner\ntasks:\n  - id: T1\n    status: planned\n  - id: T2\n    status: planned\n';

async function world(over: { yaml?: string; setup?: Partial<EngineSetup> } = {}) {
  const tmp = tempRepoDir();
  dirs.push(tmp);
  const tasks = [task('T1', 'Invoice model'), task('T2', 'Invoice API', ['T1'])];
  const plan = { ...planOf(tasks), milestone: { id: 'M7', title: 'Billing', source: PLAN_REL, format: 'yaml' as const } };
  const warnings: string[] = [];
  const deps = fakeDeps(tmp.dir, { files: { [PLAN_REL]: over.yaml ?? YAML } });
  const run = deps.store.createRun('M7', PLAN_REL, 'main', deps.now());
  const setup = engineSetup(tmp.dir, tasks, {
    plan,
    layout: layoutFor(tmp.dir, 'M7'),
    runId: run.id,
    planRel: PLAN_REL,
    warn: (m) => warnings.push(m),
    ...over.setup,
  });
  const { layout } = setup;
  await deps.git.ensureWorktree(tmp.dir, layout.integrationPath, layout.integrationBranch, 'main');
  deps.git.calls.splice(0);
  let state: RunState = initState(
    tasks.map((t) => ({ id: t.id, title: t.title, deps: t.deps, files: [], done: false })),
    null,
    { parallel: 1, stopOnFailure: false, autoYes: true, permissions: 'ask', maxRetries: 2, needsConfirmation: false, integration: false },
  );
  const lock = new GitLock();
  const set = (statuses: Record<string, TaskStatus>) => {
    const tasksNow = { ...state.tasks };
    for (const [id, status] of Object.entries(statuses)) {
      tasksNow[id] = { ...newTaskRun(id, status), startedAtMs: deps.now(), endedAtMs: status === 'merged' ? deps.now() + 60_000 : null };
    }
    state = { ...state, tasks: tasksNow };
  };
  const c = { setup, deps, state: () => state, serialGit: <T>(fn: () => Promise<T>) => lock.run(fn) };
  const branch = layout.integrationBranch;
  const file = (path: string) => deps.git.showFile(tmp.dir, branch, path);
  return { c, deps, git: deps.git, set, lock, branch, file, warnings, write: (code: number | null) => milestoneWriteback(c, code) };
}

describe('milestoneWriteback', () => {
  it('after a merge: the file on the integration branch says in_progress, the task completed, 1 of 2; the log beside it', async () => {
    const w = await world();
    w.set({ T1: 'merged', T2: 'running' });
    await w.write(null);
    expect(w.git.log(w.branch)).toEqual(['init', 'mstui: milestone M7 progress (1/2)']);
    const yaml = (await w.file(PLAN_REL)) ?? '';
    expect(yaml).toMatch(/^metadata: \{ id: M7, title: Billing \}\nstatus: in_progress # set by the planner\n/);
    expect(yaml).toContain('  - id: T1\n    status: completed\n');
    expect(yaml).toContain('  - id: T2\n    status: in_progress\n');
    expect(yaml).toContain('progress:\n  percentage: 50\n  tasks_completed: 1\n');
    const log = (await w.file('.milestones/logs/execution-M7.jsonl')) ?? '';
    expect(
      log
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).event),
    ).toEqual(['milestone_activated', 'task_started', 'task_started', 'task_completed', 'progress_updated']);
    // The user's branch is not touched.
    expect(w.git.log('main')).toEqual(['init']);
    expect(w.warnings).toEqual([]);
  });

  it('at the end of a complete run: status completed, and the file moves to .milestones/completed/', async () => {
    const w = await world();
    w.set({ T1: 'merged', T2: 'running' });
    await w.write(null);
    w.set({ T2: 'merged' });
    await w.write(null);
    await w.write(0);
    expect(w.git.log(w.branch)).toEqual([
      'init',
      'mstui: milestone M7 progress (1/2)',
      'mstui: milestone M7 progress (2/2)',
      'mstui: milestone M7 completed (2/2)',
    ]);
    expect(await w.file(PLAN_REL)).toBeNull();
    const done = (await w.file('.milestones/completed/M7.yaml')) ?? '';
    expect(done).toContain('status: completed # set by the planner');
    expect(done).toMatch(/execution:\n {2}started_at: \S+Z\n {2}completed_at: \S+Z\n/);
    expect(done).toContain('percentage: 100');
    const log = (await w.file('.milestones/logs/execution-M7.jsonl')) ?? '';
    expect(log.trim().split('\n').at(-1)).toMatch(/"event":"milestone_completed"/);
    // Written again (a resumed finish): nothing new, no commit.
    await w.write(0);
    expect(w.git.log(w.branch)).toHaveLength(4);
  });

  it('a run that finished with a failure stays in_progress, in place', async () => {
    const w = await world();
    w.set({ T1: 'merged', T2: 'failed' });
    await w.write(1);
    expect(await w.file('.milestones/completed/M7.yaml')).toBeNull();
    expect(await w.file(PLAN_REL)).toContain('status: in_progress');
    expect(await w.file(PLAN_REL)).toContain('  - id: T2\n    status: failed\n');
  });

  it('waits for the git lock: never commits in the middle of a merge', async () => {
    const w = await world();
    w.set({ T1: 'merged' });
    const merging = deferred<void>();
    const held = w.lock.run(() => merging.promise);
    const writing = w.write(null);
    await Promise.resolve();
    expect(w.git.ops()).toEqual([]);
    merging.resolve();
    await held;
    await writing;
    expect(w.git.ops()).toContain('commitFiles');
  });

  it.each([
    ['a markdown plan', { plan: planOf([task('T1', 'x')]) }],
    ['ci.provider github (merged work lands on the remote)', { review: localReview({ provider: 'github' }) }],
  ])('%s: nothing is written', async (_name, setup) => {
    const w = await world({ setup });
    w.set({ T1: 'merged' });
    await w.write(0);
    expect(w.git.ops()).toEqual([]);
  });

  it('nothing ran this run: nothing is written (there may be no integration worktree)', async () => {
    const w = await world();
    await w.write(0);
    expect(w.git.ops()).toEqual([]);
  });

  it('a file it cannot write into is a warning naming it, and no commit', async () => {
    const w = await world({ yaml: 'progress: 0\ntasks:\n  - id: T1\n  - id: T2\n' });
    w.set({ T1: 'merged' });
    await w.write(null);
    expect(w.git.log(w.branch)).toEqual(['init']);
    expect(w.warnings).toEqual([
      expect.stringMatching(
        /^writing milestone M7's state to mstui\/M7: \.milestones\/active\/M7\.yaml: cannot write the run's state into it: /,
      ),
    ]);
  });
});
