/**
 * Storage faults end to end (the built CLI, real git, ptys, SQLite and the scripted agent): a state.db made
 * read-only mid-run or before it, and a full disk (the repository on a small tmpfs). Each is one line, the agents
 * ended, a non-zero exit; once fixed, the same command resumes and finishes.
 */
import { existsSync, mkdirSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, git, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui, type SpawnedCli, spawnMstui } from '../helpers/run-cli.js';
import { fill, immutableFilesUnsupported, makeImmutable, mountTmpfs, type Tmpfs } from '../helpers/storage.js';
import { waitFor } from '../helpers/wait-for.js';

const PLAN = `# Milestone 1: Storage

## Task 1.1: First
**Type:** CODING
**Depends on:** none

## Task 1.2: Second
**Type:** CODING
**Depends on:** 1.1
`;
const RUN = ['run', 'plans/M1_storage.md', '--headless', '--yes'];
/** The fault must end the command within this (agents get SIGTERM, then SIGKILL after 3 s). */
const EXIT_WITHIN_MS = 20_000;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});
beforeAll(() => {
  expect(existsSync(CLI)).toBe(true);
});

function storageRepo(repo: TempRepo): TempRepo {
  repo.write('plans/M1_storage.md', PLAN);
  repo.write('.mstui.json', scriptedConfig());
  repo.commitAll('plan');
  return repo;
}

/** Processes whose working directory is inside `dir` (the agents run in its task worktrees). */
function processesIn(dir: string): number[] {
  return readdirSync('/proc').flatMap((p) => {
    if (!/^\d+$/.test(p)) return [];
    try {
      const cwd = readlinkSync(`/proc/${p}/cwd`);
      return cwd === dir || cwd.startsWith(`${dir}/`) ? [Number(p)] : [];
    } catch {
      return [];
    }
  });
}

/** The exit code, or a failure naming what was printed when the command is still running after `ms`. */
async function exitWithin(cli: SpawnedCli, ms: number): Promise<number> {
  let code: number | null = null;
  void cli.exited.then((c) => {
    code = c;
  });
  await waitFor(
    () => code !== null,
    ms,
    () => `mstui still running after ${ms} ms\nstdout:\n${cli.stdout()}\nstderr:\n${cli.stderr()}`,
  );
  return code as unknown as number;
}

function expectOneLine(stderr: string, pattern: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(stderr).not.toMatch(/^\s+at /m);
}

const merged = (repo: TempRepo) => git(repo.dir, 'log', '--format=%s', 'main..mstui/M1').split('\n').filter(Boolean);

const noImmutable = immutableFilesUnsupported();

describe('a read-only state.db', () => {
  it.skipIf(noImmutable !== null)(
    `mid-run: one line, agents ended, exit 4 within ${EXIT_WITHIN_MS / 1000} s; writable again, the same command finishes${noImmutable ? ` (skipped: ${noImmutable})` : ''}`,
    { timeout: 120_000 },
    async () => {
      const repo = storageRepo(tempRepo('mstui-ro-'));
      cleanups.push(() => repo.cleanup());
      const env = { SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 300 }, tasks: { '1.1': { durationMs: 4000 } } }) };
      const cli = spawnMstui(repo.dir, RUN, env);
      cleanups.push(() => cli.child.kill('SIGKILL'));
      await waitFor(
        () => /Starting 1\.1/.test(cli.stdout()),
        30_000,
        () => cli.stdout() + cli.stderr(),
      );
      const db = join(repo.dir, '.worktrees', '.mstui', 'state.db');
      const writable = makeImmutable([db, `${db}-wal`]);
      cleanups.push(() => {
        try {
          writable();
        } catch {
          // undone already
        }
      });
      // The agent's turn ends within seconds: its events cannot be saved.
      const code = await exitWithin(cli, 4000 + EXIT_WITHIN_MS);
      expect(code, cli.stdout()).toBe(4);
      expectOneLine(
        cli.stderr(),
        /^mstui: cannot write the run state \(\.worktrees\/\.mstui\/state\.db\): it is read-only \(SQLITE_[A-Z_]+\); agents stopped, nothing after the last saved event was recorded\. Make it writable, then run the same command to resume\.$/,
      );
      expect(processesIn(repo.dir)).toEqual([]);
      expect(merged(repo)).toEqual([]);

      writable();
      const again = await mstui(repo.dir, RUN, env, 90_000);
      expect(again.stderr).toBe('');
      expect(again.code, again.stdout).toBe(0);
      expect(merged(repo).sort()).toEqual(['Task 1.1: First', 'Task 1.2: Second']);
    },
  );

  it.skipIf(noImmutable !== null)(
    `then SIGTERM (its snapshot cannot be saved): one line, agents ended, exit 4${noImmutable ? ` (skipped: ${noImmutable})` : ''}`,
    { timeout: 60_000 },
    async () => {
      const repo = storageRepo(tempRepo('mstui-ro-term-'));
      cleanups.push(() => repo.cleanup());
      const env = { SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 60_000, printBytesPerSec: 0 } }) };
      const cli = spawnMstui(repo.dir, RUN, env);
      cleanups.push(() => cli.child.kill('SIGKILL'));
      await waitFor(
        () => /Starting 1\.1/.test(cli.stdout()),
        30_000,
        () => cli.stdout() + cli.stderr(),
      );
      const db = join(repo.dir, '.worktrees', '.mstui', 'state.db');
      cleanups.push(makeImmutable([db, `${db}-wal`]));
      cli.child.kill('SIGTERM');
      expect(await exitWithin(cli, EXIT_WITHIN_MS)).toBe(4);
      expectOneLine(
        cli.stderr(),
        /^mstui: cannot write the run state \(\.worktrees\/\.mstui\/state\.db\): it is read-only \(SQLITE_[A-Z_]+\);/,
      );
      expect(processesIn(repo.dir)).toEqual([]);
    },
  );

  it.skipIf(noImmutable !== null)(
    `before the run: one line, exit 2, nothing started${noImmutable ? ` (skipped: ${noImmutable})` : ''}`,
    { timeout: 30_000 },
    async () => {
      const repo = storageRepo(tempRepo('mstui-ro-start-'));
      cleanups.push(() => repo.cleanup());
      const state = join(repo.dir, '.worktrees', '.mstui');
      mkdirSync(state, { recursive: true });
      writeFileSync(join(state, 'state.db'), '');
      cleanups.push(makeImmutable([join(state, 'state.db')]));
      const r = await mstui(repo.dir, RUN);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expectOneLine(
        r.stderr,
        /^mstui: cannot use the run state \(\.worktrees\/\.mstui\/state\.db\): it is read-only \(EPERM\); nothing ran\. Make it writable, then run the same command again\.$/,
      );
      expect(readdirSync(join(repo.dir, '.worktrees'))).toEqual(['.mstui']);
      expect(readdirSync(state)).toEqual(['state.db']);
      expect(git(repo.dir, 'branch', '--list', 'mstui/*')).toBe('');
    },
  );
});

/** A git repository (as tempRepo makes it) in `dir`. */
function repoIn(dir: string): TempRepo {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  const repo: TempRepo = {
    dir,
    write(rel, text) {
      mkdirSync(join(dir, rel, '..'), { recursive: true });
      writeFileSync(join(dir, rel), text);
    },
    commitAll(message) {
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', message);
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  repo.write('README.md', '# test repo\n');
  repo.commitAll('initial');
  return storageRepo(repo);
}

// The repository on its own small file system: 96 MiB, so that the 64 MiB floor (DISK_FLOOR_BYTES) leaves room.
const TMPFS_MIB = 96;
const fs = mountTmpfs(TMPFS_MIB);
const noTmpfs = typeof fs === 'string' ? fs : null;
afterAll(() => {
  if (typeof fs !== 'string') fs.unmount();
});

describe('a full disk (the repository on a tmpfs)', () => {
  const tmpfs = fs as Tmpfs;

  it.skipIf(noTmpfs !== null)(
    `nearly full before the next task: the disk question (headless: exit 3), no worktree for it; space freed, the same command finishes${noTmpfs ? ` (skipped: ${noTmpfs})` : ''}`,
    { timeout: 120_000 },
    async () => {
      const repo = repoIn(join(tmpfs.dir, 'near'));
      cleanups.push(() => repo.cleanup());
      const env = { SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 300 }, tasks: { '1.1': { durationMs: 2000 } } }) };
      const cli = spawnMstui(repo.dir, RUN, env);
      cleanups.push(() => cli.child.kill('SIGKILL'));
      await waitFor(
        () => /Starting 1\.1/.test(cli.stdout()),
        30_000,
        () => cli.stdout() + cli.stderr(),
      );
      // 8 MiB left: enough for 1.1 to finish and merge, under the floor for 1.2's worktree.
      const filler = fill(tmpfs.dir, 'filler', 8 * 1024 * 1024);
      cleanups.push(() => rmSync(filler, { force: true }));
      const code = await exitWithin(cli, 60_000);
      expect(code, cli.stdout() + cli.stderr()).toBe(3);
      expect(cli.stdout()).toMatch(/Question: The disk is \d+% \(.*\) full: nothing new starts\. Continue anyway\?/);
      expect(cli.stderr()).toBe('');
      expect(merged(repo)).toEqual(['Task 1.1: First']);
      expect(existsSync(join(repo.dir, '.worktrees', 'M1-1.2')), cli.stdout()).toBe(false);
      expect(processesIn(repo.dir)).toEqual([]);

      rmSync(filler);
      const again = await mstui(repo.dir, RUN, env, 90_000);
      expect(again.stderr).toBe('');
      expect(again.code, again.stdout).toBe(0);
      expect(merged(repo).sort()).toEqual(['Task 1.1: First', 'Task 1.2: Second']);
    },
  );

  it.skipIf(noTmpfs !== null)(
    `full while an agent works: one line, agents ended, exit 4; space freed, the same command finishes${noTmpfs ? ` (skipped: ${noTmpfs})` : ''}`,
    { timeout: 120_000 },
    async () => {
      const repo = repoIn(join(tmpfs.dir, 'full'));
      cleanups.push(() => repo.cleanup());
      const env = { SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: 300 }, tasks: { '1.1': { durationMs: 4000 } } }) };
      const cli = spawnMstui(repo.dir, RUN, env);
      cleanups.push(() => cli.child.kill('SIGKILL'));
      await waitFor(
        () => /Starting 1\.1/.test(cli.stdout()),
        30_000,
        () => cli.stdout() + cli.stderr(),
      );
      const filler = fill(tmpfs.dir, 'filler');
      cleanups.push(() => rmSync(filler, { force: true }));
      const code = await exitWithin(cli, 4000 + EXIT_WITHIN_MS);
      expect(code, cli.stdout() + cli.stderr()).toBe(4);
      // The agent's screen log or the run state, whichever mstui wrote first.
      expectOneLine(
        cli.stderr(),
        /^mstui: cannot write (the run state|mstui's state) \(\.worktrees\/\.mstui\/[^)]+\): the disk is full \((SQLITE_FULL|ENOSPC)\); agents stopped, nothing after the last saved event was recorded\. Free space, then run the same command to resume\.$/,
      );
      expect(processesIn(repo.dir)).toEqual([]);

      rmSync(filler);
      const again = await mstui(repo.dir, RUN, env, 90_000);
      expect(again.stderr).toBe('');
      expect(again.code, again.stdout).toBe(0);
      expect(merged(repo).sort()).toEqual(['Task 1.1: First', 'Task 1.2: Second']);
    },
  );
});
