/**
 * Worktrees ready to work in, end to end (the built CLI, real git worktrees, real ptys, the scripted agent): a small
 * Node project whose test needs its dependency (a local `file:` package, installed offline by `npm ci`) and a value
 * from `.env` (uncommitted, in the main checkout only). With commands.setup and worktree.copy, two parallel tasks
 * each start a server on their own $MSTUI_PORT in their gates and both merge; without them, the failure says what to
 * set; a failing setup is a question (exit 3 without a terminal), and with --yes it is retried once, then fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, GIT_ENV, git, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui, type RunResult } from '../helpers/run-cli.js';

const E2E = { timeout: 120_000 };
const PLAN = 'plans/M1_ready.md';
const TWO_TASKS = `# Milestone 1: Ready worktrees

## Task 1.1: First feature
**Type:** CODING
**Depends on:** none

## Task 1.2: Second feature
**Type:** CODING
**Depends on:** none
`;

/** The test needs `greet` (node_modules) and GREETING_NAME (.env). */
const TEST_JS = `const { readFileSync } = require('node:fs');
const greet = require('greet');
const env = Object.fromEntries(readFileSync('.env', 'utf8').split('\\n').filter(Boolean).map((l) => l.split('=')));
const said = greet(env.GREETING_NAME);
if (said !== 'hello world') { console.error('unexpected: ' + said); process.exit(1); }
console.log(said);
`;

/** A dev server on $MSTUI_PORT for a moment: EADDRINUSE (another task on the same port) fails the gate. */
const SERVE_JS = `const { appendFileSync } = require('node:fs');
const port = Number(process.env.MSTUI_PORT);
const server = require('node:net').createServer();
server.on('error', (e) => { console.error('server on ' + port + ': ' + e.message); process.exit(1); });
server.listen(port, '127.0.0.1', () => {
  appendFileSync(process.env.PORT_LOG, (process.env.MSTUI_TASK || 'integration') + ' ' + port + '\\n');
  setTimeout(() => server.close(() => process.exit(0)), 800);
});
`;

const LOCK = {
  name: 'ready-app',
  version: '1.0.0',
  lockfileVersion: 3,
  requires: true,
  packages: {
    '': { name: 'ready-app', version: '1.0.0', dependencies: { greet: 'file:vendor/greet' } },
    'node_modules/greet': { resolved: 'vendor/greet', link: true },
    'vendor/greet': { version: '1.0.0' },
  },
};

const SETUP = 'npm ci --offline --no-audit --no-fund';
/** A port block per test process: parallel test files never share one. */
const PORT_BASE = 42000 + (process.pid % 1000) * 20;

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});
beforeAll(() => {
  expect(existsSync(CLI)).toBe(true);
});

/** The Node project, committed; `.env` and node_modules only in the main checkout (ignored, as in a real repo). */
function nodeRepo(config: Record<string, unknown>): TempRepo {
  const repo = tempRepo('mstui-ready-');
  repos.push(repo);
  repo.write('.gitignore', 'node_modules/\n.env\n');
  repo.write('package.json', JSON.stringify({ name: 'ready-app', version: '1.0.0', dependencies: { greet: 'file:vendor/greet' } }));
  repo.write('package-lock.json', JSON.stringify(LOCK, null, 2));
  repo.write('vendor/greet/package.json', JSON.stringify({ name: 'greet', version: '1.0.0', main: 'index.js' }));
  repo.write('vendor/greet/index.js', "module.exports = (name) => 'hello ' + name;\n");
  repo.write('test.js', TEST_JS);
  repo.write('serve.js', SERVE_JS);
  repo.write(PLAN, TWO_TASKS);
  repo.write('.mstui.json', scriptedConfig(config));
  repo.commitAll('a node project');
  repo.write('.env', 'GREETING_NAME=world\n');
  execFileSync('npm', SETUP.split(' ').slice(1), { cwd: repo.dir, env: { ...process.env, ...GIT_ENV }, stdio: 'ignore' });
  return repo;
}

const portLog = (repo: TempRepo) => join(repo.dir, '.git', 'ports.log');
const ports = (repo: TempRepo): string[] =>
  existsSync(portLog(repo)) ? readFileSync(portLog(repo), 'utf8').split('\n').filter(Boolean) : [];
const stateFile = (repo: TempRepo, rel: string) => join(repo.dir, '.worktrees', '.mstui', rel);
const merged = (repo: TempRepo) =>
  git(repo.dir, 'log', '--format=%s', 'main..mstui/M1')
    .split('\n')
    .filter(Boolean)
    .map((s) => /^Task (\S+):/.exec(s)?.[1])
    .sort();
const show = (r: RunResult) => `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
const run = (repo: TempRepo, args: string[]) => mstui(repo.dir, ['run', PLAN, '--headless', ...args], { PORT_LOG: portLog(repo) }, 110_000);

describe('worktrees ready to work in (commands.setup, worktree.copy, MSTUI_PORT)', () => {
  it('sets up each new worktree, copies .env, and gives parallel tasks their own ports: both merge', E2E, async () => {
    const repo = nodeRepo({
      commands: { setup: SETUP, test: 'node test.js && node serve.js', integration: 'node test.js' },
      worktree: { copy: ['.env'], portBase: PORT_BASE, portsPerTask: 10 },
      env: { APP_MODE: 'test' },
    });
    const r = await run(repo, ['--parallel', '2', '--yes']);
    expect(r.code, show(r)).toBe(0);
    expect(merged(repo)).toEqual(['1.1', '1.2']);
    // Each task's gate served on its own slot's port: slot 0 and slot 1, never the same one.
    const taskPorts = ports(repo).filter((l) => !l.startsWith('integration'));
    const byTask = new Map(taskPorts.map((l) => l.split(' ') as [string, string]));
    expect([...byTask.keys()].sort()).toEqual(['1.1', '1.2']);
    expect(new Set(byTask.values())).toEqual(new Set([String(PORT_BASE), String(PORT_BASE + 10)]));
    // The baseline ran in the integration worktree after its setup, on slot 0's port.
    expect(ports(repo)[0]).toBe(`integration ${PORT_BASE}`);
    // The setup's output and the copy are in each task's log; the integration worktree's in its own logs.
    for (const id of ['1.1', '1.2']) {
      const log = readFileSync(stateFile(repo, `logs/${id}.log`), 'utf8');
      expect(log).toContain(`[mstui] worktree.copy: .env copied`);
      expect(log).toContain(`[mstui] setup: sh -c ${JSON.stringify(SETUP)}`);
      expect(log).toMatch(/added 1 package/);
    }
    expect(readFileSync(stateFile(repo, 'logs/baseline.log'), 'utf8')).toContain('[mstui] setup: sh -c');
    expect(readFileSync(stateFile(repo, 'logs/integration.log'), 'utf8')).toContain('[mstui] setup: sh -c');
    // The setup's success and each worktree's size are events in the store (a resume skips the setup; status shows sizes).
    const db = new Database(stateFile(repo, 'state.db'), { readonly: true });
    const rows = db.prepare("SELECT task, type, body FROM events WHERE type IN ('SetupDone', 'WorktreeMeasured')").all() as {
      task: string | null;
      type: string;
      body: string;
    }[];
    db.close();
    expect(
      rows
        .filter((r) => r.type === 'SetupDone')
        .map((r) => r.task ?? 'integration')
        .sort(),
    ).toEqual(['1.1', '1.2', 'integration', 'integration']);
    for (const id of ['1.1', '1.2']) {
      const sizes = rows
        .filter((r) => r.type === 'WorktreeMeasured' && r.task === id)
        .map((r) => (JSON.parse(r.body) as { kib: number }).kib);
      expect(sizes.length, id).toBeGreaterThanOrEqual(2);
      expect(Math.min(...sizes)).toBeGreaterThan(0);
    }
    // Copied and installed files are not work: nothing of them was committed.
    expect(git(repo.dir, 'ls-tree', '-r', '--name-only', 'mstui/M1')).not.toMatch(/node_modules|^\.env$/m);
  });

  it('the fast path: node_modules linked from the main checkout (worktree.link), no setup command', E2E, async () => {
    const repo = nodeRepo({ commands: { test: 'node test.js' }, worktree: { copy: ['.env'], link: ['node_modules'] } });
    const r = await run(repo, ['--only', '1.1', '--yes']);
    expect(r.code, show(r)).toBe(0);
    expect(merged(repo)).toEqual(['1.1']);
    const log = readFileSync(stateFile(repo, 'logs/1.1.log'), 'utf8');
    expect(log).toContain(`[mstui] worktree.link: node_modules linked to ${join(repo.dir, 'node_modules')}`);
    expect(log).not.toContain('[mstui] setup:');
    // A symlink is not matched by `node_modules/` in .gitignore: mstui's exclude keeps the agent from committing it.
    expect(readFileSync(join(repo.dir, '.git/info/exclude'), 'utf8')).toContain('\n/.env\n/node_modules\n');
    expect(git(repo.dir, 'ls-tree', '-r', '--name-only', 'mstui/M1')).not.toMatch(/node_modules|^\.env$/m);
  });

  it('without commands.setup and worktree.copy: the failure says what the fresh worktree lacks and what to set', E2E, async () => {
    const repo = nodeRepo({ commands: { test: 'node test.js' }, maxRetries: 0 });
    // The baseline (the test on the base, in the integration worktree) fails first, with the hint.
    const base = await run(repo, ['--yes']);
    expect(base.code, show(base)).toBe(3);
    expect(base.stdout).toContain('Baseline FAILED');
    expect(base.stdout).toContain(
      'node_modules, .env are in the main checkout but not in this fresh worktree: set commands.setup in .mstui.json to install them (e.g. "npm ci"), and add [".env"] to worktree.copy',
    );
    // Past the baseline, the task's gate fails the same way, and its failure line says so.
    const r = await run(repo, ['--yes', '--skip-baseline', '--only', '1.1']);
    expect(r.code, show(r)).toBe(1);
    expect(r.stdout).toMatch(/FAILED: 1\.1 \[1\/1\] - tests failed \(exit 1\); node_modules, \.env are in the main checkout/);
    expect(readFileSync(stateFile(repo, 'failures/1.1.md'), 'utf8')).toContain('set commands.setup in .mstui.json');
  });

  it('a copy or link path outside the repository is one config error: exit 2, nothing written', E2E, async () => {
    const repo = nodeRepo({ worktree: { copy: ['../secrets.env'] } });
    const r = await run(repo, ['--yes']);
    expect([r.code, r.stderr.trim()]).toEqual([
      2,
      'mstui: .mstui.json: worktree.copy.0: "../secrets.env" is a path with `..` (only files inside the repository)',
    ]);
    const outside = tempRepo('mstui-outside-');
    repos.push(outside);
    symlinkSync(outside.dir, join(repo.dir, 'shared'));
    repo.write('.mstui.json', scriptedConfig({ worktree: { link: ['shared/cache'] } }));
    repo.write('.gitignore', 'node_modules/\n.env\nshared\n');
    repo.commitAll('link through a symlink');
    const linked = await run(repo, ['--yes']);
    expect([linked.code, linked.stderr.trim()]).toEqual([
      2,
      `mstui: .mstui.json: worktree.link: "shared/cache" resolves outside the repository, to ${join(outside.dir, 'cache')} (through a symlink); only files inside the repository`,
    ]);
    expect(existsSync(join(repo.dir, '.worktrees'))).toBe(false);
  });

  it('a failing setup is a question: exit 3 without a terminal, nothing started', E2E, async () => {
    const repo = nodeRepo({ commands: { setup: 'echo setup-broke >&2; exit 7' } });
    const r = await run(repo, ['--only', '1.1']);
    expect(r.code, show(r)).toBe(3);
    expect(r.stdout).toContain(
      "Question: setup failed (commands.setup: echo setup-broke >&2; exit 7, exit 7) in 1.1's new worktree, before its agent started.",
    );
    expect(r.stdout).toContain('[r]etry [s]kip [x] abort');
    expect(readFileSync(stateFile(repo, 'logs/1.1.log'), 'utf8')).toContain('setup-broke');
    expect(existsSync(stateFile(repo, 'hooks/1.1.jsonl'))).toBe(false);
  });

  it('with --yes a failing setup is retried once, then the task fails with its output', E2E, async () => {
    const repo = nodeRepo({ commands: { setup: 'echo setup-broke >&2; exit 7' } });
    const r = await run(repo, ['--only', '1.1', '--yes']);
    expect(r.code, show(r)).toBe(1);
    expect(r.stdout).toContain('FAILED: 1.1 [1/1] - setup failed (commands.setup: echo setup-broke >&2; exit 7, exit 7)');
    const log = readFileSync(stateFile(repo, 'logs/1.1.log'), 'utf8');
    expect(log.match(/\[mstui\] setup: sh -c/g)).toHaveLength(2);
    expect(readFileSync(stateFile(repo, 'failures/1.1.md'), 'utf8')).toContain('setup-broke');
  });
});
