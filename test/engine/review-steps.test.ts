/**
 * The merge step over in-memory git, a recording runner and the real git lock: one squash commit, resume, conflicts,
 * the pre-merge check run outside the lock (re-run when the tip moved meanwhile), its failure, GitHub's moved branch.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core/config.js';
import { GitLock } from '../../src/engine/git-lock.js';
import { mergeStep, QUICK_CHECK_MS } from '../../src/engine/merge-step.js';
import { reviewSetup } from '../../src/engine/review-setup.js';
import type { EngineSetup, ReviewSetup } from '../../src/engine/setup.js';
import { CommandError, type RunResult } from '../../src/ports.js';
import {
  deferred,
  type Expectation,
  engineSetup,
  type FakeDeps,
  fakeDeps,
  HANDOFF_REL,
  localReview,
  recordingRunner,
  shell,
  task,
  tempRepoDir,
} from '../helpers/fake-ports.js';

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

const review = (json: string): ReviewSetup => {
  const c = parseConfig(json, '.mstui.json');
  if (!c.ok) throw new Error(c.error);
  return reviewSetup(c.value);
};

/**
 * main → mstui/M1 (integration worktree) → task 1.1 with two commits; `before12` commits land on the integration
 * branch after 1.1 started and before 1.2 did (so 1.1 is behind, 1.2 is not).
 */
async function world(over: { review?: ReviewSetup; runner?: Expectation[]; before12?: string[] } = {}) {
  const tmp = tempRepoDir();
  dirs.push(tmp);
  const setup: EngineSetup = engineSetup(tmp.dir, [task('1.1', 'Store'), task('1.2', 'API')], { review: over.review ?? localReview() });
  const deps: FakeDeps = fakeDeps(tmp.dir, { files: { [HANDOFF_REL]: '# Handoff M1\n' }, runner: recordingRunner(over.runner ?? []) });
  const { layout } = setup;
  const { git } = deps;
  await git.ensureWorktree(tmp.dir, layout.integrationPath, layout.integrationBranch, 'main');
  await git.ensureWorktree(tmp.dir, layout.taskPath('1.1'), layout.taskBranch('1.1'), layout.integrationBranch);
  git.commit(layout.taskPath('1.1'), 'add the store', { 'src/store.ts': 'export const store = 1;\n' });
  git.commit(layout.taskPath('1.1'), 'test the store', { 'test/store.test.ts': 'test\n' });
  for (const subject of over.before12 ?? []) git.commit(layout.integrationBranch, subject, { [`${subject}.txt`]: subject });
  await git.ensureWorktree(tmp.dir, layout.taskPath('1.2'), layout.taskBranch('1.2'), layout.integrationBranch);
  git.commit(layout.taskPath('1.2'), 'add the API', { 'src/api.ts': 'export const api = 2;\n' });
  git.calls.splice(0);
  const lock = new GitLock();
  const merge = (id: string, pr: number | null = null) => mergeStep(setup, deps, id, pr, (fn) => lock.run(fn));
  return { setup, deps, git, layout, lock, merge, runner: deps.runner, tip: () => git.revParse(tmp.dir, layout.integrationBranch) };
}

const updatesOf = (deps: FakeDeps, wt: string) => deps.git.calls.filter((c) => c.op === 'update' && c.args[0] === wt).length;

describe('mergeStep, local', () => {
  it('squash-merges once, as "Task <id>: <title>", and reports the commits the branch added', async () => {
    const w = await world({ review: review('{"commands":{"test":"npm test"}}') });
    const r = await w.merge('1.1');
    const ops = w.git.ops();
    expect(r).toEqual({ type: 'Merged', task: '1.1', commit: await w.tip(), atMs: w.deps.now(), commits: 2 });
    expect(w.git.log(w.layout.integrationBranch)).toEqual(['init', 'Task 1.1: Store']);
    expect(await w.git.showFile(w.layout.repo, w.layout.integrationBranch, 'src/store.ts')).toBe('export const store = 1;\n');
    // Already on the tip: no pre-merge check (the recording runner would have thrown on `sh -c npm test`), and one git
    // question for all of it: the --ff-only squash (no update, no earlier merge to look for, no separate count).
    expect(ops).toEqual(['squashMergeIfCurrent']);
    w.runner.assertDone();
    expect(w.lock.busy()).toBe(false);
  });

  it('recognises a merge that already happened (resume): the existing commit, no second squash', async () => {
    const w = await world();
    const done = w.git.commit(w.layout.integrationBranch, 'Task 1.1: Store', { 'src/store.ts': 'export const store = 1;\n' });
    // Its commits are counted from the branch (the report's Commits column), as a merge in this run would.
    expect(await w.merge('1.1')).toEqual({ type: 'Merged', task: '1.1', commit: done, atMs: w.deps.now(), commits: 2 });
    // The tip holds the earlier merge, which the branch lacks: the --ff-only squash declines and the search finds it.
    expect(w.git.ops()).toEqual(['squashMergeIfCurrent', 'commitWithSubject', 'mergeBase', 'commitsAhead']);
    expect(w.git.log(w.layout.integrationBranch)).toEqual(['init', 'Task 1.1: Store']);
  });

  it('a conflict while taking the new tip is MergeConflicted with the files, before any check runs', async () => {
    const w = await world({ review: review('{"commands":{"test":"npm test"}}'), before12: ['hotfix'] });
    w.git.conflict('update', ['src/store.ts', 'HANDOFF_M1.md'], w.layout.taskPath('1.1'));
    expect(await w.merge('1.1')).toEqual({ type: 'MergeConflicted', task: '1.1', files: ['src/store.ts', 'HANDOFF_M1.md'] });
    expect(w.git.ops('squashMerge')).toEqual([]);
    w.runner.assertDone();
  });

  it('behind the tip: updated in its own worktree outside the lock, then the --ff-only squash (a plain squash is never needed)', async () => {
    const w = await world({ before12: ['hotfix'] });
    const busyAtUpdate: boolean[] = [];
    const update = w.git.update.bind(w.git);
    w.git.update = (...args) => {
      busyAtUpdate.push(w.lock.busy());
      return update(...args);
    };
    expect(await w.merge('1.1')).toMatchObject({ type: 'Merged', task: '1.1', commits: 2 });
    expect(busyAtUpdate).toEqual([false]);
    expect(w.git.ops('squashMerge', 'squashMergeIfCurrent')).toEqual(['squashMergeIfCurrent', 'squashMergeIfCurrent']);
    expect(w.git.log(w.layout.integrationBranch)).toEqual(['init', 'hotfix', 'Task 1.1: Store']);
  });
});

describe('the pre-merge check', () => {
  it('runs without the git lock: another task merges while it runs; the tip it moved is taken and checked again', async () => {
    const started = deferred();
    const release = deferred<Partial<RunResult>>();
    const busyAtSecondCheck: boolean[] = [];
    const w = await world({ review: review('{"commands":{"test":"npm test"}}'), before12: ['hotfix'] });
    const wt = w.layout.taskPath('1.1');
    w.runner.expect(
      shell('npm test', wt, () => {
        started.resolve();
        return release.promise;
      }),
      shell('npm test', wt, () => {
        busyAtSecondCheck.push(w.lock.busy());
        return { exitCode: 0 };
      }),
    );
    const a = w.merge('1.1');
    await started.promise;
    expect(w.lock.busy()).toBe(false);
    // 1.2 takes the lock, merges and releases it while 1.1's check is still running.
    const b = await w.merge('1.2');
    expect(b).toEqual({ type: 'Merged', task: '1.2', commit: await w.tip(), atMs: w.deps.now(), commits: 1 });
    expect(release.settled).toBe(false);
    // A slow check (a quick one is run holding the lock the second time).
    await w.deps.clock.advance(QUICK_CHECK_MS);
    release.resolve({ exitCode: 0, stdout: 'ok\n' });
    expect(await a).toEqual({ type: 'Merged', task: '1.1', commit: await w.tip(), atMs: w.deps.now(), commits: 2 });
    expect(w.git.log(w.layout.integrationBranch)).toEqual(['init', 'hotfix', 'Task 1.2: API', 'Task 1.1: Store']);
    // hotfix → update, check; 1.2's merge → update again, check again; holding the tip → the --ff-only squash.
    expect(updatesOf(w.deps, wt)).toBe(2);
    expect(busyAtSecondCheck).toEqual([false]);
    w.runner.assertDone();
  });

  it('a slow check (QUICK_CHECK_MS or more) while the tip keeps moving: the fourth runs holding the lock, so the merge happens', async () => {
    const w = await world({ review: review('{"commands":{"preMerge":"make check"}}'), before12: ['other 0'] });
    const wt = w.layout.taskPath('1.1');
    const busy: boolean[] = [];
    const moving = (n: number) => async () => {
      busy.push(w.lock.busy());
      if (n > 0) w.git.commit(w.layout.integrationBranch, `other ${n}`);
      await w.deps.clock.advance(QUICK_CHECK_MS);
      return { exitCode: 0 };
    };
    w.runner.expect(shell('make check', wt, moving(1)), shell('make check', wt, moving(2)), shell('make check', wt, moving(3)));
    w.runner.expect(shell('make check', wt, moving(0)));
    const r = await w.merge('1.1');
    expect(r).toMatchObject({ type: 'Merged', task: '1.1', commits: 2 });
    expect(busy).toEqual([false, false, false, true]);
    expect(updatesOf(w.deps, wt)).toBe(4);
    expect(w.git.log(w.layout.integrationBranch)).toEqual(['init', 'other 0', 'other 1', 'other 2', 'other 3', 'Task 1.1: Store']);
    w.runner.assertDone();
  });

  it('a quick check while the tip keeps moving runs once without the lock, then holding it: no race of rounds', async () => {
    const w = await world({ review: review('{"commands":{"preMerge":"make check"}}'), before12: ['other 0'] });
    const wt = w.layout.taskPath('1.1');
    const busy: boolean[] = [];
    const moving = (n: number) => () => {
      busy.push(w.lock.busy());
      if (n > 0) w.git.commit(w.layout.integrationBranch, `other ${n}`);
      return { exitCode: 0 };
    };
    w.runner.expect(shell('make check', wt, moving(1)), shell('make check', wt, moving(0)));
    expect(await w.merge('1.1')).toMatchObject({ type: 'Merged', task: '1.1', commits: 2 });
    expect(busy).toEqual([false, true]);
    expect(updatesOf(w.deps, wt)).toBe(2);
    expect(w.git.log(w.layout.integrationBranch)).toEqual(['init', 'other 0', 'other 1', 'Task 1.1: Store']);
    w.runner.assertDone();
  });

  it('a failing check is GatesFailed with its output, and nothing merges', async () => {
    const w = await world({ review: review('{"commands":{"test":"npm test"}}'), before12: ['hotfix'] });
    w.runner.expect(
      shell('npm test', w.layout.taskPath('1.1'), { exitCode: 1, stdout: 'FAIL test/store.test.ts\n', stderr: '1 failed\n' }),
    );
    expect(await w.merge('1.1')).toEqual({
      type: 'GatesFailed',
      task: '1.1',
      gate: 'pre-merge check (commands.test)',
      output: 'FAIL test/store.test.ts\n1 failed',
      exitCode: 1,
    });
    const [call] = w.runner.calls;
    expect([call?.options?.cwd, call?.options?.timeoutMs]).toEqual([w.layout.taskPath('1.1'), 60 * 60_000]);
    expect(w.git.log(w.layout.integrationBranch)).toEqual(['init', 'hotfix']);
    w.runner.assertDone();
  });

  it.each([
    ['{"commands":{"test":"npm test"}}', 'commands.test (npm test)'],
    ['{"commands":{"test":"npm test","preMerge":"make check"}}', 'commands.preMerge (make check)'],
  ])('a check that times out names the setting that ran (%s)', async (config, named) => {
    const w = await world({ review: review(config), before12: ['hotfix'] });
    const command = named.slice(named.indexOf('(') + 1, -1);
    w.runner.expect(
      shell(command, w.layout.taskPath('1.1'), () => {
        throw new CommandError('timeout', ['sh', '-c', command], `sh timed out`, undefined, 60 * 60_000);
      }),
    );
    expect(await w.merge('1.1')).toEqual({
      type: 'GatesFailed',
      task: '1.1',
      gate: `pre-merge check (${named.slice(0, named.indexOf(' '))})`,
      output: `${named} timed out after 60 min and was stopped: make it faster, or run fewer tests in this step`,
      exitCode: null,
    });
  });
});

describe('mergeStep, github', () => {
  const github = (json = '{}') => review(JSON.stringify({ ...JSON.parse(json), ci: { provider: 'github' } }));

  /** origin/mstui/M1 as pushed, then moved on GitHub by `moved` merges. */
  async function remoteWorld(json?: string, moved: string[] = []) {
    const w = await world({ review: github(json) });
    await w.git.push(w.layout.repo, 'origin', `${w.layout.integrationBranch}:${w.layout.integrationBranch}`);
    await w.git.push(w.layout.taskPath('1.1'), 'origin', w.layout.taskBranch('1.1'));
    for (const m of moved) w.git.commit(`origin/${w.layout.integrationBranch}`, m);
    w.git.calls.splice(0);
    return w;
  }

  it('a branch the new tip moved is BranchUpdated (its checks run again), not merged', async () => {
    const w = await remoteWorld('{}', ['Task 1.2: API (#6)']);
    expect(await w.merge('1.1', 7)).toEqual({ type: 'BranchUpdated', task: '1.1' });
    expect(w.deps.github.calls.map((c) => c.op)).toEqual(['state']);
    expect(w.git.ops()).toEqual(['fetch', 'revParse', 'update', 'commitsAhead']);
    expect(w.git.calls[2]?.args).toEqual([w.layout.taskPath('1.1'), 'origin/mstui/M1', 'rebase']);
  });

  it('with a pre-merge check: the check runs once (unlocked), then BranchUpdated', async () => {
    const w = await remoteWorld('{"commands":{"test":"npm test"}}', ['Task 1.2: API (#6)']);
    w.runner.expect(shell('npm test', w.layout.taskPath('1.1')));
    expect(await w.merge('1.1', 7)).toEqual({ type: 'BranchUpdated', task: '1.1' });
    expect(w.deps.github.calls.map((c) => c.op)).toEqual(['state', 'state']);
    w.runner.assertDone();
  });

  it('an unmoved branch merges its PR, deletes the remote branch and fast-forwards the integration branch', async () => {
    const w = await remoteWorld();
    w.deps.github.onMerge = () => void w.git.commit('origin/mstui/M1', 'Task 1.1: Store (#7)', { 'src/store.ts': 'x' });
    const r = await w.merge('1.1', 7);
    expect(r).toEqual({ type: 'Merged', task: '1.1', commit: await w.tip(), atMs: w.deps.now(), commits: 2 });
    expect(w.git.log(w.layout.integrationBranch)).toEqual(['init', 'Task 1.1: Store (#7)']);
    expect(w.deps.github.calls.map((c) => [c.op, ...c.args])).toEqual([
      ['state', w.layout.taskPath('1.1'), 7],
      ['merge', w.layout.taskPath('1.1'), 7],
    ]);
    expect(await w.git.branchExists(w.layout.repo, 'origin/mstui/M1-1.1')).toBe(false);
  });
});
