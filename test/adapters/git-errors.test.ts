/** Git adapter: errors keep git's own words, a hand-deleted worktree comes back, files read from a ref. Real git. */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGit, GitError, stderrTail } from '../../src/adapters/git.js';
import { createRunner } from '../../src/adapters/runner.js';
import { git, type TempRepo, tempRepo } from '../helpers/repo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
const repo = () => {
  const r = tempRepo('mstui-git-err-');
  repos.push(r);
  return r;
};
const g = createGit(createRunner());

describe('GitError', () => {
  it('keeps the fatal line that follows git progress output, and the whole stderr tail', async () => {
    const r = repo();
    const path = join(r.dir, '.worktrees', 'M1-1.1');
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, 'in-the-way.txt'), 'x\n');
    const err = await g.ensureWorktree(r.dir, path, 'task', 'main').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitError);
    const e = err as GitError;
    expect(e.message).toMatch(/^git worktree add -b task .* failed \(exit 128\): .*fatal: '.*M1-1\.1' already exists$/);
    expect(e.message).toContain("Preparing worktree (new branch 'task')");
    expect(e.stderr).toMatch(/fatal: .* already exists$/);
    expect(e.exitCode).toBe(128);
  });

  it('keeps its cause, and says when git printed nothing', () => {
    const cause = new Error('EPIPE');
    const e = new GitError(['push'], 1, '', cause);
    expect(e.cause).toBe(cause);
    expect(e.message).toBe('git push failed (exit 1) with no output');
  });

  it('bounds the tail: the last lines, at most a few thousand characters', () => {
    const many = Array.from({ length: 100 }, (_, i) => `line ${i}`).join('\n');
    expect(stderrTail(many).split('\n')).toEqual(Array.from({ length: 20 }, (_, i) => `line ${80 + i}`));
    expect(stderrTail('x'.repeat(10_000)).length).toBe(4001);
    const e = new GitError(['fetch'], 1, many);
    expect(e.message).toBe('git fetch failed (exit 1): line 96 | line 97 | line 98 | line 99');
  });
});

describe('git.ensureWorktree', () => {
  it('recreates a worktree deleted by hand (still registered) with its branch and commits', async () => {
    const r = repo();
    const path = join(r.dir, '.worktrees', 'M1-1.1');
    await g.ensureWorktree(r.dir, path, 'mstui/M1-1.1', 'main');
    writeFileSync(join(path, 'work.txt'), 'work\n');
    git(path, 'add', 'work.txt');
    git(path, 'commit', '-q', '-m', 'work');
    rmSync(path, { recursive: true, force: true });
    expect(await g.worktreePaths(r.dir)).toContain(path);

    await g.ensureWorktree(r.dir, path, 'mstui/M1-1.1', 'main');
    expect(existsSync(join(path, 'work.txt'))).toBe(true);
    expect(git(path, 'log', '--format=%s', '-n', '1')).toBe('work');
    await g.ensureWorktree(r.dir, path, 'mstui/M1-1.1', 'main');
    expect((await g.worktreePaths(r.dir)).filter((p) => p === path)).toHaveLength(1);
  });
});

describe('git.showFile', () => {
  it('returns the committed text on a ref (untrimmed), or null when the ref does not hold the path', async () => {
    const r = repo();
    r.write('plans/HANDOFF_M1.md', '# Handoff\n\n');
    r.commitAll('handoff');
    r.write('plans/HANDOFF_M1.md', 'changed on disk\n');
    expect(await g.showFile(r.dir, 'main', 'plans/HANDOFF_M1.md')).toBe('# Handoff\n\n');
    expect(await g.showFile(r.dir, 'main', 'plans/NOPE.md')).toBeNull();
    expect(await g.showFile(r.dir, 'no-such-branch', 'plans/HANDOFF_M1.md')).toBeNull();
  });
});
