/** Git adapter: bringing a task branch up to a newer tip (rebase or merge), conflicts aborted or kept. Real git. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGit } from '../../src/adapters/git.js';
import { createRunner } from '../../src/adapters/runner.js';
import { git, type TempRepo, tempRepo } from '../helpers/repo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

/** main has `shared.txt`; `task` branches off it in a worktree and commits; then main moves on. */
function diverged(mainEdit: { file: string; text: string }) {
  const repo = tempRepo('mstui-git-');
  repos.push(repo);
  repo.write('shared.txt', 'base\n');
  repo.commitAll('shared');
  const wt = join(repo.dir, '.wt-task');
  git(repo.dir, 'worktree', 'add', '-q', '-b', 'task', wt, 'main');
  git(wt, 'config', 'user.name', 't');
  git(wt, 'config', 'user.email', 't@example.invalid');
  writeFileSync(join(wt, 'shared.txt'), 'base\ntask line\n');
  git(wt, 'commit', '-q', '-am', 'task work');
  repo.write(mainEdit.file, mainEdit.text);
  repo.commitAll('main moves on');
  return { repo, wt };
}

const g = createGit(createRunner());

describe('git.update', () => {
  for (const mode of ['rebase', 'merge'] as const) {
    it(`${mode}: a branch behind gets the tip (changed), then is up to date (unchanged)`, async () => {
      const { wt } = diverged({ file: 'other.txt', text: 'other\n' });
      expect(await g.update(wt, 'main', mode)).toEqual({ ok: true, changed: true });
      expect(git(wt, 'merge-base', '--is-ancestor', 'main', 'HEAD')).toBe('');
      expect(readFileSync(join(wt, 'other.txt'), 'utf8')).toBe('other\n');
      expect(readFileSync(join(wt, 'shared.txt'), 'utf8')).toBe('base\ntask line\n');
      expect(git(wt, 'log', '--format=%s', '-n', '1')).toBe(mode === 'rebase' ? 'task work' : "Merge branch 'main' into task");
      expect(await g.update(wt, 'main', mode)).toEqual({ ok: true, changed: false });
    });

    it(`${mode}: a conflict is reported with its files and aborted (the worktree is clean again)`, async () => {
      const { wt } = diverged({ file: 'shared.txt', text: 'base\nmain line\n' });
      const head = git(wt, 'rev-parse', 'HEAD');
      expect(await g.update(wt, 'main', mode)).toEqual({ ok: false, files: ['shared.txt'] });
      expect(git(wt, 'status', '--porcelain')).toBe('');
      expect(git(wt, 'rev-parse', 'HEAD')).toBe(head);
    });
  }

  it('a rebase left in progress by a killed mstui is aborted first, then the update runs', async () => {
    const { wt } = diverged({ file: 'other.txt', text: 'other\n' });
    // What a kill -9 during an update can leave: git stopped mid-rebase, its state on disk, no conflict.
    try {
      git(wt, 'rebase', 'main', '--exec', 'false');
    } catch {
      // the failing exec stops the rebase, as intended
    }
    const state = git(wt, 'rev-parse', '--git-path', 'rebase-merge');
    expect(existsSync(isAbsolute(state) ? state : join(wt, state))).toBe(true);
    expect(await g.update(wt, 'main', 'rebase')).toEqual({ ok: true, changed: true });
    expect(existsSync(isAbsolute(state) ? state : join(wt, state))).toBe(false);
    expect(git(wt, 'log', '--format=%s', '-n', '2').split('\n')).toEqual(['task work', 'main moves on']);
    expect(git(wt, 'status', '--porcelain')).toBe('');
  });

  it('mergeKeepingConflicts leaves the worktree mid-merge with markers, for the agent or a human', async () => {
    const { wt } = diverged({ file: 'shared.txt', text: 'base\nmain line\n' });
    expect(await g.mergeKeepingConflicts(wt, 'main')).toEqual({ ok: false, files: ['shared.txt'] });
    expect(readFileSync(join(wt, 'shared.txt'), 'utf8')).toMatch(/<<<<<<< HEAD\ntask line\n=======\nmain line\n>>>>>>> main/);
    expect(git(wt, 'rev-parse', '-q', '--verify', 'MERGE_HEAD')).not.toBe('');
  });
});
