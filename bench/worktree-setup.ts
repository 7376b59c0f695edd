/**
 * Worktree setup benchmark: `npm run bench:setup` (= `npx tsx bench/worktree-setup.ts`). Prints one JSON line per
 * measurement: how long a new task worktree takes to become ready (git worktree add, then mstui's own setup step:
 * worktree.copy/link and commands.setup through the real runner) for a tiny npm project, three ways:
 *   cold   `npm ci` with an empty npm cache (every tarball from the registry: a first run on a new machine)
 *   warm   `npm ci --prefer-offline` with npm's shared cache already holding the tarballs (every later worktree)
 *   linked no setup command: node_modules symlinked from the main checkout (worktree.link, lockfile unchanged)
 * The only network is the npm registry (cold, and the first install that writes the lockfile).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { folderSize } from '../src/adapters/folder-size.js';
import { createGit } from '../src/adapters/git.js';
import { createRunner } from '../src/adapters/runner.js';
import { layoutFor } from '../src/engine/layout.js';
import type { WorktreeSetup } from '../src/engine/setup.js';
import { setupWorktree } from '../src/engine/worktree-setup.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** A tiny package set: 4 direct dependencies, 7 packages installed. */
const DEPENDENCIES = { ms: '2.1.3', 'is-number': '7.0.0', picocolors: '1.1.1', chalk: '4.1.2' };
const FLAGS = ['--no-audit', '--no-fund', '--loglevel=error'];

const emit = (o: Record<string, unknown>): void => console.log(JSON.stringify({ bench: 'worktree-setup', ...o }));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const round = (ms: number): number => Math.round(ms);
const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'b',
  GIT_AUTHOR_EMAIL: 'b@x',
  GIT_COMMITTER_NAME: 'b',
  GIT_COMMITTER_EMAIL: 'b@x',
};
const sh = (cwd: string, cmd: string, args: string[]) => execFileSync(cmd, args, { cwd, env: gitEnv, stdio: 'pipe' }).toString();

async function main(): Promise<void> {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'mstui-bench-setup-')));
  const repo = join(root, 'repo');
  const sharedCache = join(root, 'npm-cache');
  mkdirSync(repo);
  try {
    sh(repo, 'git', ['init', '-q', '-b', 'main']);
    writeFileSync(join(repo, 'package.json'), JSON.stringify({ name: 'bench-app', version: '1.0.0', dependencies: DEPENDENCIES }, null, 2));
    writeFileSync(join(repo, '.gitignore'), 'node_modules/\n');
    // The main checkout: installed once (this fills the shared cache and writes the lockfile).
    sh(repo, 'npm', ['install', '--cache', sharedCache, ...FLAGS]);
    sh(repo, 'git', ['add', '-A']);
    sh(repo, 'git', ['commit', '-q', '-m', 'app']);
    const runner = createRunner();
    const git = createGit(runner);
    const layout = layoutFor(repo, 'B');
    const sizeOf = folderSize(runner);
    const modes: { mode: string; worktree: (run: number) => WorktreeSetup }[] = [
      { mode: 'cold', worktree: (run) => setupOf(`npm ci --cache ${join(root, `empty-cache-${run}`)} ${FLAGS.join(' ')}`) },
      { mode: 'warm', worktree: () => setupOf(`npm ci --prefer-offline --cache ${sharedCache} ${FLAGS.join(' ')}`) },
      { mode: 'linked', worktree: () => ({ ...setupOf(undefined), link: ['node_modules'] }) },
    ];
    for (const { mode, worktree } of modes) {
      const times: number[] = [];
      const adds: number[] = [];
      let kib: number | null = null;
      for (let run = 0; run < RUNS; run++) {
        const task = `${mode}-${run}`;
        const path = layout.taskPath(task);
        const setup = { layout, worktree: worktree(run) };
        const t0 = performance.now();
        await git.ensureWorktree(repo, path, layout.taskBranch(task), 'main');
        adds.push(performance.now() - t0);
        const failed = await setupWorktree(setup, { runner }, path, join(root, `${task}.log`), {});
        const ms = performance.now() - t0;
        if (failed) throw new Error(`${mode}: setup failed: ${failed.output}`);
        // Ready: the project's dependencies load in the new worktree.
        sh(path, process.execPath, ['-e', "require('chalk'); require('ms'); require('is-number'); require('picocolors')"]);
        times.push(ms);
        kib = await sizeOf(path);
      }
      emit({
        mode,
        runs: RUNS,
        medianMs: round(median(times)),
        worktreeAddMs: round(median(adds)),
        setupMs: round(median(times) - median(adds)),
        minMs: round(Math.min(...times)),
        maxMs: round(Math.max(...times)),
        worktreeKiB: kib,
      });
    }
    const installed = sh(repo, 'npm', ['ls', '--all', '--parseable'])
      .split('\n')
      .filter((l) => l.includes('node_modules')).length;
    emit({ packages: installed, node: process.version, npm: sh(repo, 'npm', ['--version']).trim() });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function setupOf(command: string | undefined): WorktreeSetup {
  return { ...(command ? { setup: command } : {}), copy: [], link: [], portBase: 41000, portsPerTask: 10, env: {} };
}

await main();
