/**
 * Git adapter, real git: the answers that one program gives where several did (issue 14, "Speed"). Each case counts
 * the git programs it started, and checks the answer against what the separate questions would have said.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGit } from '../../src/adapters/git.js';
import { createRunner } from '../../src/adapters/runner.js';
import { oldSideOf, parseStatusV2 } from '../../src/core/git-output.js';
import type { Runner } from '../../src/ports.js';
import { git, type TempRepo, tempRepo } from '../helpers/repo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

/** A git adapter whose programs are counted (their argv, `-c` settings left in). */
function counted() {
  const real = createRunner();
  const argvs: string[][] = [];
  const runner: Runner = {
    run(cmd, args, opts) {
      argvs.push([...args]);
      return real.run(cmd, args, opts);
    },
  };
  return { g: createGit(runner, { handoffDriver: null }), argvs, reset: () => void argvs.splice(0) };
}

const BASE = '# H\n\n## Task 1.0 Complete: Setup\n\nDone.\n';

/** main with `a.txt`; the integration branch `int` in a worktree; task `t` made by the adapter, tracking it. */
async function world() {
  const repo = tempRepo('mstui-git-few-');
  repos.push(repo);
  repo.write('a.txt', 'a\n');
  repo.write('HANDOFF.md', BASE);
  repo.commitAll('init');
  const c = counted();
  const intPath = join(repo.dir, '.worktrees', 'int');
  const taskPath = join(repo.dir, '.worktrees', 't');
  expect(await c.g.ensureWorktree(repo.dir, intPath, 'int', 'main')).toBe(true);
  expect(await c.g.ensureWorktree(repo.dir, taskPath, 't', 'int', { track: true })).toBe(true);
  for (const wt of [intPath, taskPath]) {
    git(wt, 'config', 'user.name', 't');
    git(wt, 'config', 'user.email', 't@example.invalid');
  }
  c.reset();
  return { repo, ...c, intPath, taskPath };
}

describe('git.ensureWorktree', () => {
  it('adds a new branch with one program, tracking only when asked; an existing branch costs a question after', async () => {
    const w = await world();
    expect(git(w.repo.dir, 'config', 'branch.t.merge')).toBe('refs/heads/int');
    expect(git(w.repo.dir, 'config', '--default', 'none', 'branch.int.merge')).toBe('none');
    git(w.repo.dir, 'branch', 'old', 'main');
    expect(await w.g.ensureWorktree(w.repo.dir, join(w.repo.dir, '.worktrees', 'old'), 'old', 'int', { track: true })).toBe(false);
    // An existing branch keeps its own configuration: no upstream is added to it.
    expect(git(w.repo.dir, 'config', '--default', 'none', 'branch.old.merge')).toBe('none');
    const path = join(w.repo.dir, '.worktrees', 'old');
    expect(w.argvs.map((a) => a.slice(0, 3).join(' '))).toEqual(['worktree add -b', 'show-ref --verify --quiet', `worktree add ${path}`]);
    expect(await w.g.ensureWorktree(w.repo.dir, w.taskPath, 't', 'int')).toBe(false);
  });
});

describe('git.branchStatus', () => {
  it('one program: clean or not (as porcelain v1 lines), the head, and how far it is from the branch it tracks', async () => {
    const w = await world();
    writeFileSync(join(w.taskPath, 'b.txt'), 'b\n');
    git(w.taskPath, 'add', 'b.txt');
    git(w.taskPath, 'commit', '-qm', 'b');
    git(w.intPath, 'commit', '-q', '--allow-empty', '-m', 'tip moves');
    writeFileSync(join(w.taskPath, 'a.txt'), 'changed\n');
    writeFileSync(join(w.taskPath, 'new file.txt'), 'n\n');
    const s = await w.g.branchStatus(w.taskPath);
    expect(s).toEqual({
      oid: git(w.taskPath, 'rev-parse', 'HEAD'),
      branch: 't',
      upstream: 'int',
      ahead: 1,
      behind: 1,
      changes: [' M a.txt', '?? new file.txt'],
    });
    expect(w.argvs).toHaveLength(1);
  });

  it('parses renames, conflicts, a detached head and a branch without upstream', () => {
    const text = [
      '# branch.oid (initial)',
      '# branch.head (detached)',
      '2 R. N... 100644 100644 100644 abc abc R100 new.txt\told.txt',
      'u UU N... 100644 100644 100644 100644 a b c both.txt',
      '1 .M N... 100644 100644 100644 abc abc dir/a b.txt',
      '! ignored.log',
    ].join('\n');
    expect(parseStatusV2(text)).toEqual({
      oid: null,
      branch: null,
      upstream: null,
      ahead: null,
      behind: null,
      changes: ['R  old.txt -> new.txt', 'UU both.txt', ' M dir/a b.txt', '!! ignored.log'],
    });
  });
});

describe('git.fileAtMergeBase', () => {
  it('one diff gives the file at the merge base: as `show <merge-base>:<file>` says, in every shape', async () => {
    const w = await world();
    const base = BASE;
    const cases = [
      `${base}## Task 1.1 Complete: Store\n\nAdded.\n`,
      '# H\n\n## Task 1.1 Complete: Store\n\nRewrote 1.0.\n',
      `${base}no newline at the end`,
      'x\n',
    ];
    for (const now of cases) {
      writeFileSync(join(w.taskPath, 'HANDOFF.md'), now);
      w.reset();
      expect(await w.g.fileAtMergeBase(w.taskPath, 'int', 'HANDOFF.md', now)).toBe(base);
      expect(w.argvs).toHaveLength(1);
    }
    writeFileSync(join(w.taskPath, 'NEW.md'), 'new\n');
    git(w.taskPath, 'add', 'NEW.md');
    expect(await w.g.fileAtMergeBase(w.taskPath, 'int', 'NEW.md', 'new\n')).toBeNull();
  });

  it('reads back only a whole-file diff: anything else is undefined (git is asked for the file instead)', () => {
    expect(oldSideOf('', 'same\n')).toBe('same\n');
    expect(oldSideOf('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n', 'b\n')).toBe('a\n');
    expect(oldSideOf('--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n', 'b\r\n')).toBeUndefined();
    expect(oldSideOf('@@ -1 +1 @@\n-a\n+b\n@@ -9 +9 @@\n-c\n+d\n', 'b\n')).toBeUndefined();
    expect(oldSideOf('Binary files a/x and b/x differ\n', 'b')).toBeUndefined();
    expect(oldSideOf('new file mode 100644\n--- /dev/null\n+++ b/x\n@@ -0,0 +1 @@\n+b\n', 'b\n')).toBeNull();
  });
});

describe('git.squashMergeIfCurrent', () => {
  it('a branch holding the tip: squash and commit, two programs, the commit and count as git has them', async () => {
    const w = await world();
    for (const f of ['b', 'c']) {
      writeFileSync(join(w.taskPath, `${f}.txt`), `${f}\n`);
      git(w.taskPath, 'add', '-A');
      git(w.taskPath, 'commit', '-qm', f);
    }
    // The status the gates ran saw it on the tip: its count is kept.
    expect((await w.g.branchStatus(w.taskPath)).ahead).toBe(2);
    w.reset();
    const r = await w.g.squashMergeIfCurrent(w.intPath, 'int', 't', 'Task 1.1: Store');
    expect(r).toEqual({ commit: git(w.intPath, 'rev-parse', 'HEAD'), commits: 2 });
    expect(git(w.intPath, 'log', '-1', '--format=%s')).toBe('Task 1.1: Store');
    expect(git(w.intPath, 'status', '--porcelain')).toBe('');
    expect(w.argvs.map((a) => a.filter((x, i) => x !== '-c' && a[i - 1] !== '-c')[0])).toEqual(['merge', 'commit']);
  });

  it('a branch behind the tip, or with nothing new: null, and the integration worktree untouched', async () => {
    const w = await world();
    expect(await w.g.squashMergeIfCurrent(w.intPath, 'int', 't', 'Task 1.1: Store')).toBeNull();
    writeFileSync(join(w.taskPath, 'b.txt'), 'b\n');
    git(w.taskPath, 'add', '-A');
    git(w.taskPath, 'commit', '-qm', 'b');
    git(w.intPath, 'commit', '-q', '--allow-empty', '-m', 'tip moves');
    const tip = git(w.intPath, 'rev-parse', 'HEAD');
    expect(await w.g.squashMergeIfCurrent(w.intPath, 'int', 't', 'Task 1.1: Store')).toBeNull();
    expect(git(w.intPath, 'rev-parse', 'HEAD')).toBe(tip);
    expect(git(w.intPath, 'status', '--porcelain')).toBe('');
  });

  it('a repository without an identity: the commit is made as mstui once git refused', async () => {
    const w = await world();
    git(w.repo.dir, 'config', '--unset', 'user.name');
    git(w.repo.dir, 'config', '--unset', 'user.email');
    writeFileSync(join(w.taskPath, 'b.txt'), 'b\n');
    git(w.taskPath, 'add', '-A');
    git(w.taskPath, '-c', 'user.name=x', '-c', 'user.email=x@y', 'commit', '-qm', 'b');
    const env = { HOME: w.repo.dir, XDG_CONFIG_HOME: w.repo.dir, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
    const unset = ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL'];
    const saved = Object.fromEntries([...Object.keys(env), ...unset].map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    for (const k of unset) delete process.env[k];
    try {
      expect(await w.g.squashMergeIfCurrent(w.intPath, 'int', 't', 'Task 1.1: Store')).not.toBeNull();
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
    expect(git(w.intPath, 'log', '-1', '--format=%an <%ae>')).toBe('mstui <mstui@localhost>');
  });
});

describe('git.removeCleanWorktree', () => {
  it("one program removes a clean worktree; git's refusal of one with changes is `false`, and it stays", async () => {
    const w = await world();
    writeFileSync(join(w.taskPath, 'wip.txt'), 'wip\n');
    expect(await w.g.removeCleanWorktree(w.repo.dir, w.taskPath)).toBe(false);
    expect(await w.g.hasWorktree(w.taskPath)).toBe(true);
    git(w.taskPath, 'clean', '-qf');
    w.reset();
    expect(await w.g.removeCleanWorktree(w.repo.dir, w.taskPath)).toBe(true);
    expect(w.argvs).toHaveLength(1);
    mkdirSync(join(w.repo.dir, 'not-a-worktree'));
    await expect(w.g.removeCleanWorktree(w.repo.dir, join(w.repo.dir, 'not-a-worktree'))).rejects.toThrow(/worktree remove/);
  });
});
