/** `mstui clean` end to end: the built CLI over real worktrees, without a terminal and (for the questions) in a pty. */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pty from '@lydell/node-pty';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/store.js';
import { initState } from '../../src/core/scheduler/init.js';
import { opts } from '../core/scheduler-helpers.js';
import { CLI, GIT_ENV, git, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
beforeAll(() => {
  expect(existsSync(CLI), 'run `npm run build` first').toBe(true);
});

/**
 * What a run leaves behind: the integration worktree `.worktrees/M1` (mstui/M1) holding the squash commits of
 * 1.1 and 1.2; task worktrees 1.1 (merged, clean), 1.2 (merged, an uncommitted file), 1.3 (not merged, clean).
 */
function leftovers(config: Record<string, unknown> = {}): TempRepo {
  const repo = tempRepo();
  repos.push(repo);
  repo.write('.mstui.json', JSON.stringify(config));
  repo.commitAll('config');
  appendFileSync(join(repo.dir, '.git', 'info', 'exclude'), '.worktrees/\n');
  const wt = (name: string) => join(repo.dir, '.worktrees', name);
  git(repo.dir, 'worktree', 'add', '-q', '-b', 'mstui/M1', wt('M1'), 'main');
  for (const task of ['1.1', '1.2', '1.3']) git(repo.dir, 'worktree', 'add', '-q', '-b', `mstui/M1-${task}`, wt(`M1-${task}`), 'mstui/M1');
  for (const task of ['1.1', '1.2']) {
    writeFileSync(join(wt('M1'), `${task}.txt`), task);
    git(wt('M1'), 'add', '-A');
    git(wt('M1'), 'commit', '-q', '-m', `Task ${task}: Title ${task}`);
  }
  writeFileSync(join(wt('M1-1.2'), 'notes.txt'), 'unsaved work');
  return repo;
}

const worktrees = (repo: TempRepo) =>
  git(repo.dir, 'worktree', 'list', '--porcelain')
    .split('\n')
    .filter((l) => l.startsWith('worktree '))
    .map((l) => l.slice('worktree '.length).replace(`${repo.dir}`, '.'));
const branches = (repo: TempRepo) => git(repo.dir, 'branch', '--format=%(refname:short)').split('\n').sort();

describe('mstui clean without a terminal', () => {
  it('--yes: removes the merged task worktree, keeps the dirty one (and says so), the unmerged one and the integration one', async () => {
    const repo = leftovers();
    const r = await mstui(repo.dir, ['clean', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Will remove:\n {2}\.worktrees\/M1-1\.1 +mstui\/M1-1\.1 +merged$/m);
    expect(r.stdout).toMatch(/^ {2}\.worktrees\/M1-1\.2 +mstui\/M1-1\.2 +merged; uncommitted changes \(1 file\): asks first$/m);
    expect(r.stdout).toMatch(/^ {2}\.worktrees\/M1-1\.3 +mstui\/M1-1\.3 +not merged \(--all removes it\)$/m);
    expect(r.stdout).toContain('removed .worktrees/M1-1.1\n');
    // What it freed: the removed worktree's size, measured (du -sk) just before it went.
    expect(r.stdout).toMatch(/^Done: 1 worktree removed, [1-9]\d* KiB freed\.$/m);
    expect(r.stdout).toContain('kept .worktrees/M1-1.2: uncommitted changes (1 file)');
    expect(worktrees(repo)).toEqual(['.', './.worktrees/M1', './.worktrees/M1-1.2', './.worktrees/M1-1.3']);
    expect(readFileSync(join(repo.dir, '.worktrees/M1-1.2/notes.txt'), 'utf8')).toBe('unsaved work');
    expect(branches(repo)).toContain('mstui/M1-1.1');
    expect(git(repo.dir, 'status', '--porcelain')).toBe('');
  });

  it('without --yes: lists, removes nothing, exit 3', async () => {
    const repo = leftovers();
    const r = await mstui(repo.dir, ['clean']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('Nothing removed: pass --yes to remove the 1 worktree above (there is no terminal to ask on).');
    expect(worktrees(repo)).toHaveLength(5);
  });

  it('--all lists the integration worktree, keeps branches unless merge.deleteBranches', async () => {
    const repo = leftovers();
    const listed = await mstui(repo.dir, ['clean', '--all']);
    expect(listed.code).toBe(3);
    expect(listed.stdout).toMatch(/^ {2}\.worktrees\/M1 +mstui\/M1 +integration worktree$/m);
    expect(listed.stdout).toMatch(/^ {2}\.worktrees\/M1-1\.3 +mstui\/M1-1\.3 +not merged$/m);
    expect(listed.stdout).toContain('Branches: keeping 4 mstui/* branches (set "merge": {"deleteBranches": true}');
    const r = await mstui(repo.dir, ['clean', '--all', '--yes']);
    expect(r.code, r.stdout).toBe(0);
    expect(worktrees(repo)).toEqual(['.', './.worktrees/M1-1.2']);
    expect(branches(repo)).toEqual(['main', 'mstui/M1', 'mstui/M1-1.1', 'mstui/M1-1.2', 'mstui/M1-1.3']);
  });

  it('--all with merge.deleteBranches: deletes the mstui/* branches, not the one a kept worktree holds', async () => {
    const repo = leftovers({ merge: { deleteBranches: true } });
    const r = await mstui(repo.dir, ['clean', '--all', '--yes']);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^deleted branch mstui\/M1 \(was [0-9a-f]+\)$/m);
    expect(r.stdout).toContain('kept branch mstui/M1-1.2: .worktrees/M1-1.2 stays');
    expect(branches(repo)).toEqual(['main', 'mstui/M1-1.2']);
    expect(git(repo.dir, 'status', '--porcelain')).toBe('');
  });

  it("a task the last run's snapshot calls merged counts as merged without its squash commit", async () => {
    const repo = leftovers();
    mkdirSync(join(repo.dir, '.worktrees', '.mstui'), { recursive: true });
    const store = openStore(join(repo.dir, '.worktrees', '.mstui', 'state.db'));
    const state = initState([{ id: '1.3', title: 'T', deps: [], files: [], done: false }], null, opts());
    state.tasks['1.3'] = { ...(state.tasks['1.3'] as NonNullable<(typeof state.tasks)[string]>), status: 'merged' };
    const run = store.createRun('M1', 'plans/M1.md', 'main', 1);
    store.saveSnapshot(run.id, 2, state);
    store.close();
    const r = await mstui(repo.dir, ['clean', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('removed .worktrees/M1-1.3\n');
  });

  it('refuses while an mstui runs in the repository (its agents work in these worktrees)', async () => {
    const repo = leftovers();
    mkdirSync(join(repo.dir, '.worktrees', '.mstui'), { recursive: true });
    writeFileSync(join(repo.dir, '.worktrees', '.mstui', 'lock'), String(process.pid));
    const r = await mstui(repo.dir, ['clean', '--all', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `mstui: mstui (pid ${process.pid}) is running in this repository: quit it first, then clean (its agents work in these worktrees)\n`,
    );
    expect(worktrees(repo)).toHaveLength(5);
  });

  it('nothing to clean: says so, exit 0', async () => {
    const repo = tempRepo();
    repos.push(repo);
    const r = await mstui(repo.dir, ['clean', '--all']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('Nothing to clean.');
  });
});

describe('mstui clean on a terminal', () => {
  /** The CLI in a pty: answers each prompt that appears, in order. */
  async function inPty(repo: TempRepo, args: string[], answers: [RegExp, string][]): Promise<{ code: number; output: string }> {
    const env = { ...process.env, ...GIT_ENV } as Record<string, string>;
    const p = pty.spawn(process.execPath, [CLI, ...args], { cwd: repo.dir, env, cols: 200, rows: 40, name: 'xterm' });
    let output = '';
    p.onData((d) => {
      output += d;
    });
    const exited = new Promise<number>((resolve) => p.onExit(({ exitCode }) => resolve(exitCode)));
    let seen = 0;
    for (const [prompt, answer] of answers) {
      await waitFor(
        () => prompt.test(output.slice(seen)),
        10_000,
        () => `prompt ${prompt} in:\n${output}`,
      );
      seen = output.length;
      p.write(answer);
    }
    return { code: await exited, output };
  }

  it('asks once for the listed worktrees, then y/N for each dirty one: n keeps it, y removes it', async () => {
    const repo = leftovers();
    const first = await inPty(
      repo,
      ['clean'],
      [
        [/Remove the 1 worktree above\? \[y\/N\]/, 'y\r'],
        [/\.worktrees\/M1-1\.2 has uncommitted changes \(\?\? notes\.txt\): remove it and lose them\? \[y\/N\]/, 'n\r'],
      ],
    );
    expect(first.code, first.output).toBe(0);
    expect(worktrees(repo)).toEqual(['.', './.worktrees/M1', './.worktrees/M1-1.2', './.worktrees/M1-1.3']);
    // --yes does not answer for uncommitted work: the question still comes.
    const second = await inPty(repo, ['clean', '--yes'], [[/remove it and lose them\? \[y\/N\]/, 'y\r']]);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toContain('removed .worktrees/M1-1.2 (with its uncommitted changes)');
    expect(worktrees(repo)).toEqual(['.', './.worktrees/M1', './.worktrees/M1-1.3']);
  });
});
