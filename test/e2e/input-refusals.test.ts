/**
 * Input that used to be accepted and fail later (issue 10, item 9), refused by `mstui run` before anything is
 * written: one line on stderr, exit 2, no worktrees, no branches, no state. The built CLI in a real repo.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, DIAMOND_PLAN, git, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui, type RunResult } from '../helpers/run-cli.js';

const PLAN = 'plans/M1_diamond.md';
const repos: TempRepo[] = [];

function planRepo(plan: string): TempRepo {
  const repo = tempRepo('mstui-refuse-');
  repos.push(repo);
  repo.write(PLAN, plan);
  repo.write('.mstui.json', scriptedConfig());
  repo.commitAll('plan');
  return repo;
}

beforeAll(() => {
  expect(existsSync(CLI), `${CLI} is missing: run npx tsc -p tsconfig.build.json`).toBe(true);
});
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

function refused(repo: TempRepo, r: RunResult, message: RegExp): void {
  expect(r.code, show(r)).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^mstui: /);
  expect(r.stderr).toMatch(message);
  expect(existsSync(join(repo.dir, '.worktrees'))).toBe(false);
  expect(git(repo.dir, 'branch', '--list', 'mstui/*')).toBe('');
  expect(readFileSync(join(repo.dir, '.git/info/exclude'), 'utf8')).not.toContain('.worktrees/');
}

describe('mstui run refuses bad input before writing anything (exit 2)', () => {
  it('a .mstui.json that is a directory (it used to be ignored)', { timeout: 60_000 }, async () => {
    const repo = planRepo(DIAMOND_PLAN);
    rmSync(join(repo.dir, '.mstui.json'));
    mkdirSync(join(repo.dir, '.mstui.json'));
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes']);
    refused(repo, r, /\.mstui\.json is a directory: expected a text file/);
  });

  it('/dev/zero as the plan: refused before it is read', { timeout: 60_000 }, async () => {
    const repo = planRepo(DIAMOND_PLAN);
    const r = await mstui(repo.dir, ['run', '/dev/zero', '--headless', '--yes']);
    refused(repo, r, /^mstui: \/dev\/zero is a character device: expected a text file/);
  });

  it('a plan of more tasks than a milestone may have', { timeout: 60_000 }, async () => {
    const tasks = Array.from({ length: 10_001 }, (_, i) => `## Task 1.${i + 1}: T\n**Depends on:** ${i === 0 ? 'none' : `1.${i}`}\n`);
    const repo = planRepo(`# Milestone 1: Many\n\n${tasks.join('\n')}`);
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes']);
    refused(repo, r, /has 10001 tasks; mstui runs at most 10000 per milestone: split the plan/);
  });

  it("a task whose text would not fit in the agent's prompt argument", { timeout: 60_000 }, async () => {
    const repo = planRepo(`# Milestone 1: Long\n\n## Task 1.1: Long\n**Depends on:** none\n\n${'word '.repeat(40_000)}\n`);
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes']);
    refused(repo, r, /M1_diamond\.md:3: task 1\.1's text is 196 KiB; an agent's prompt can hold at most 100 KiB/);
  });

  it('a repository with no commits yet: says to commit first', { timeout: 60_000 }, async () => {
    const repo = planRepo(DIAMOND_PLAN);
    rmSync(join(repo.dir, '.git'), { recursive: true, force: true });
    git(repo.dir, 'init', '-q', '-b', 'main');
    const r = await mstui(repo.dir, ['run', PLAN, '--headless', '--yes']);
    refused(
      repo,
      r,
      /has no commits yet, and each task's worktree starts from a commit: commit your files first \(git add -A && git commit/,
    );
  });

  it('a folder given as the plan: a plan is a file, and the plans in the folder are named', { timeout: 60_000 }, async () => {
    const repo = planRepo(DIAMOND_PLAN);
    const r = await mstui(repo.dir, ['run', 'plans', '--headless', '--yes']);
    refused(repo, r, /^mstui: plans is a folder, and a plan is a file: give the plan file's path \(it holds plans\/M1_diamond\.md\)/);
  });

  it('outside a git repository: says to run it in one, or git init', { timeout: 60_000 }, async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mstui-nogit-')));
    try {
      writeFileSync(join(dir, 'plan.md'), DIAMOND_PLAN);
      const r = await mstui(dir, ['run', 'plan.md', '--headless', '--yes']);
      expect(r.code, show(r)).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/is not inside a git repository; .*`git init`/);
      expect(readdirSync(dir)).toEqual(['plan.md']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
