/** Git adapter: commitFiles writes, removes and commits only the files it is given (real git in a temp repo). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGit } from '../../src/adapters/git.js';
import { createRunner } from '../../src/adapters/runner.js';
import { git, type TempRepo, tempRepo } from '../helpers/repo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function milestoneRepo(): TempRepo {
  const repo = tempRepo('mstui-commit-files-');
  repos.push(repo);
  repo.write('.milestones/active/M7.yaml', 'status: planned\ntasks: []\n');
  repo.write('src/app.js', 'app\n');
  repo.commitAll('milestone');
  return repo;
}

const g = createGit(createRunner());
const subjects = (dir: string) => git(dir, 'log', '--format=%s').split('\n');

describe('git.commitFiles', () => {
  it('writes a changed file and a new one in a new folder, and commits only them', async () => {
    const repo = milestoneRepo();
    writeFileSync(join(repo.dir, 'src/app.js'), 'edited by someone else\n');
    repo.write('notes.txt', 'untracked\n');
    const id = await g.commitFiles(
      repo.dir,
      [
        { path: '.milestones/active/M7.yaml', text: 'status: in_progress\ntasks: []\n' },
        { path: '.milestones/logs/execution-M7.jsonl', text: '{"event":"milestone_activated"}\n' },
      ],
      'mstui: milestone M7 progress (0/0)',
    );
    expect(id).toBe(git(repo.dir, 'rev-parse', 'HEAD'));
    expect(subjects(repo.dir)[0]).toBe('mstui: milestone M7 progress (0/0)');
    expect(git(repo.dir, 'show', '--name-only', '--format=', 'HEAD').split('\n').sort()).toEqual([
      '.milestones/active/M7.yaml',
      '.milestones/logs/execution-M7.jsonl',
    ]);
    // What the commit did not name is left as it was: the edit still uncommitted, the untracked file untracked.
    expect(
      git(repo.dir, 'status', '--porcelain')
        .split('\n')
        .map((l) => l.trim()),
    ).toEqual(['M src/app.js', '?? notes.txt']);
  });

  it('files already as given: no commit, null', async () => {
    const repo = milestoneRepo();
    const head = git(repo.dir, 'rev-parse', 'HEAD');
    expect(await g.commitFiles(repo.dir, [{ path: '.milestones/active/M7.yaml', text: 'status: planned\ntasks: []\n' }], 'x')).toBeNull();
    expect(await g.commitFiles(repo.dir, [{ path: 'never/was.yaml', text: null }], 'x')).toBeNull();
    expect(git(repo.dir, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('a removal and a write are a move in one commit', async () => {
    const repo = milestoneRepo();
    await g.commitFiles(
      repo.dir,
      [
        { path: '.milestones/completed/M7.yaml', text: 'status: completed\ntasks: []\n' },
        { path: '.milestones/active/M7.yaml', text: null },
      ],
      'mstui: milestone M7 completed (0/0)',
    );
    expect(existsSync(join(repo.dir, '.milestones/active/M7.yaml'))).toBe(false);
    expect(git(repo.dir, 'show', 'HEAD:.milestones/completed/M7.yaml')).toBe('status: completed\ntasks: []');
    expect(git(repo.dir, 'ls-files', '.milestones')).toBe('.milestones/completed/M7.yaml');
    expect(git(repo.dir, 'status', '--porcelain')).toBe('');
  });

  it('a failure leaves the files as HEAD has them (the integration worktree stays clean for the next merge)', async () => {
    const repo = milestoneRepo();
    writeFileSync(join(repo.dir, '.git', 'index.lock'), '');
    await expect(
      g.commitFiles(
        repo.dir,
        [
          { path: '.milestones/active/M7.yaml', text: 'status: in_progress\n' },
          { path: '.milestones/logs/execution-M7.jsonl', text: '{}\n' },
        ],
        'x',
      ),
    ).rejects.toThrow(/git add -A -- .* failed/);
    expect(readFileSync(join(repo.dir, '.milestones/active/M7.yaml'), 'utf8')).toBe('status: planned\ntasks: []\n');
    expect(existsSync(join(repo.dir, '.milestones/logs/execution-M7.jsonl'))).toBe(false);
    expect(subjects(repo.dir)[0]).toBe('milestone');
  });
});
