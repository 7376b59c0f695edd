/**
 * The engine's side of ready worktrees, over the in-memory ports and a real temp folder for the copied files: the
 * setup step (copy, link, commands.setup with the task's environment, its outcome as the exact event), the setup
 * skipped on resume, the gates' environment and hint, the agent's environment, and the config error for a path that
 * leaves the repository through a symlink.
 */
import { lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initState } from '../../src/core/scheduler/init.js';
import type { Event, RunState } from '../../src/core/scheduler/types.js';
import { freshWorktreeHint } from '../../src/engine/fresh-worktree-hint.js';
import { agentLaunch } from '../../src/engine/launch.js';
import { PreflightError } from '../../src/engine/repo-setup.js';
import type { EngineSetup, WorktreeSetup } from '../../src/engine/setup.js';
import { withTaskEnv } from '../../src/engine/task-env.js';
import { gatesStep } from '../../src/engine/task-steps.js';
import { checkWorktreePaths } from '../../src/engine/worktree-files.js';
import { integrationSetup, type SetupContext, taskSetup } from '../../src/engine/worktree-setup.js';
import { engineSetup, fakeDeps, HANDOFF_REL, shell, task, tempRepoDir } from '../helpers/fake-ports.js';

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

const WORKTREE: WorktreeSetup = {
  setup: 'npm ci',
  copy: ['.env', 'missing.json'],
  link: ['.cache'],
  portBase: 41000,
  portsPerTask: 10,
  env: { APP: 'x' },
};

function world(w: WorktreeSetup = WORKTREE, slot = 1) {
  const tmp = tempRepoDir();
  dirs.push(tmp);
  const repo = tmp.dir;
  writeFileSync(join(repo, '.env'), 'NAME=world\n');
  mkdirSync(join(repo, '.cache'));
  let state: RunState = initState([{ id: '1.1', title: 'Store', deps: [], files: [], done: false }], null, {
    parallel: 2,
    stopOnFailure: false,
    autoYes: false,
    permissions: 'ask',
    maxRetries: 2,
    needsConfirmation: false,
    integration: false,
  });
  const t11 = state.tasks['1.1'];
  if (!t11) throw new Error('no task');
  state = { ...state, tasks: { '1.1': { ...t11, status: 'running', slot } } };
  const setup: EngineSetup = withTaskEnv(engineSetup(repo, [task('1.1', 'Store')], { worktree: w }), () => state);
  const deps = fakeDeps(repo);
  const events: Event[] = [];
  const ctx: SetupContext = { setup, deps, state: () => state, stopping: () => false, dispatch: (e) => void events.push(e) };
  const wt = setup.layout.taskPath('1.1');
  mkdirSync(wt, { recursive: true });
  return { repo, setup, deps, ctx, events, wt, setState: (s: RunState) => (state = s), state: () => state };
}

const ENV_11 = (wt: string) => ({ APP: 'x', MSTUI_TASK: '1.1', MSTUI_RUN: '1', MSTUI_WORKTREE: wt, MSTUI_PORT: '41010' });

describe('taskSetup', () => {
  it('copies, links, runs commands.setup in the worktree with the task’s environment, and records the success', async () => {
    const w = world();
    w.deps.runner.expect(shell('npm ci', w.wt, { stdout: 'added 1 package\n' }));
    expect(await taskSetup(w.ctx, '1.1', true)).toBe(true);
    w.deps.runner.assertDone();
    expect(w.deps.runner.calls[0]?.options).toEqual({ cwd: w.wt, timeoutMs: 30 * 60_000, group: true, env: ENV_11(w.wt) });
    expect(w.events).toEqual([{ type: 'SetupDone', task: '1.1' }]);
    expect(readFileSync(join(w.wt, '.env'), 'utf8')).toBe('NAME=world\n');
    expect(readlinkSync(join(w.wt, '.cache'))).toBe(join(w.repo, '.cache'));
    const log = readFileSync(w.setup.layout.log('1.1'), 'utf8');
    expect(log).toBe(
      [
        '[mstui] worktree.copy: .env copied',
        `[mstui] warning: worktree.copy: missing.json is not in the main checkout (${w.repo}): nothing to copy`,
        `[mstui] worktree.link: .cache linked to ${join(w.repo, '.cache')}`,
        '',
        '[mstui] setup: sh -c "npm ci"',
        'added 1 package',
        '',
      ].join('\n'),
    );
  });

  it('a failure is SetupFailed with the command, the exit code and the output’s tail; the agent does not start', async () => {
    const w = world();
    w.deps.runner.expect(shell('npm ci', w.wt, { exitCode: 1, stderr: 'npm ERR! missing lockfile\n' }));
    expect(await taskSetup(w.ctx, '1.1', true)).toBe(false);
    expect(w.events).toEqual([{ type: 'SetupFailed', task: '1.1', command: 'npm ci', exitCode: 1, output: 'npm ERR! missing lockfile' }]);
  });

  it('resumed: a worktree whose setup succeeded is not set up again; a new one (made again) is', async () => {
    const w = world();
    const t = w.state().tasks['1.1'];
    if (!t) throw new Error('no task');
    w.setState({ ...w.state(), tasks: { '1.1': { ...t, setupDone: true } } });
    expect(await taskSetup(w.ctx, '1.1', false)).toBe(true);
    expect(w.deps.runner.calls).toEqual([]);
    w.deps.runner.expect(shell('npm ci', w.wt));
    expect(await taskSetup(w.ctx, '1.1', true)).toBe(true);
    w.deps.runner.assertDone();
  });

  it('nothing configured: no command, no event', async () => {
    const w = world({ copy: [], link: [], portBase: 41000, portsPerTask: 10, env: {} });
    expect(await taskSetup(w.ctx, '1.1', true)).toBe(true);
    expect([w.deps.runner.calls, w.events]).toEqual([[], []]);
  });

  it('the integration worktree: slot 0’s port, no MSTUI_TASK; once before the baseline, always before the integration test', async () => {
    const w = world();
    const ip = w.setup.layout.integrationPath;
    mkdirSync(ip, { recursive: true });
    w.deps.runner.expect(shell('npm ci', ip));
    expect(await integrationSetup(w.ctx, join(w.repo, 'i.log'), false)).toBeNull();
    expect(w.deps.runner.calls[0]?.options?.env).toEqual({ APP: 'x', MSTUI_RUN: '1', MSTUI_WORKTREE: ip, MSTUI_PORT: '41000' });
    expect(w.events).toEqual([{ type: 'SetupDone', task: null }]);
    w.setState({ ...w.state(), integrationSetupDone: true });
    expect(await integrationSetup(w.ctx, join(w.repo, 'i.log'), false)).toBeNull();
    w.deps.runner.expect(shell('npm ci', ip, { exitCode: 2, stdout: 'broken' }));
    expect(await integrationSetup(w.ctx, join(w.repo, 'i.log'), true)).toEqual({ command: 'npm ci', exitCode: 2, output: 'broken' });
    w.deps.runner.assertDone();
  });
});

describe('the gates and the agent get the task’s environment', () => {
  it('gate commands run with it; a failure in a worktree lacking node_modules carries the hint', async () => {
    const w = world({ copy: [], link: [], portBase: 41000, portsPerTask: 10, env: { APP: 'x' } });
    const setup = { ...w.setup, commands: [{ name: 'tests', command: 'npm test' }] };
    const { layout } = setup;
    await w.deps.git.ensureWorktree(w.repo, layout.integrationPath, layout.integrationBranch, 'main');
    await w.deps.git.ensureWorktree(w.repo, w.wt, layout.taskBranch('1.1'), layout.integrationBranch);
    w.deps.git.commit(w.wt, 'work', { [HANDOFF_REL]: '## Task 1.1 Complete: Store\n\nDone.\n' });
    const exists = w.deps.files.exists;
    w.deps.files = { ...w.deps.files, exists: async (p) => p === join(w.repo, 'node_modules') || exists(p) };
    w.deps.runner.expect(shell('npm test', w.wt, { exitCode: 1, stderr: "Cannot find module 'greet'" }));
    const e = await gatesStep(setup, w.deps, '1.1');
    expect(w.deps.runner.calls[0]?.options?.env).toEqual(ENV_11(w.wt));
    expect(e).toMatchObject({
      type: 'GatesFailed',
      gate: 'tests',
      hint: 'node_modules is in the main checkout but not in this fresh worktree: set commands.setup in .mstui.json to install them (e.g. "npm ci")',
    });
  });

  it('the agent’s environment has the same variables', () => {
    const w = world();
    const env = agentLaunch(w.setup, '1.1', null, false, null).env;
    expect(env).toMatchObject(ENV_11(w.wt));
  });
});

describe('freshWorktreeHint', () => {
  const files = (present: string[]) => ({ exists: async (p: string) => present.includes(p) });
  it('names what the main checkout has and the worktree lacks, and what to set', async () => {
    expect(await freshWorktreeHint(files(['/r/node_modules', '/r/.env']), '/r', '/w', undefined)).toBe(
      'node_modules, .env are in the main checkout but not in this fresh worktree: set commands.setup in .mstui.json to install them (e.g. "npm ci"), and add [".env"] to worktree.copy',
    );
  });
  it('nothing when setup is configured and .env is copied, or when the worktree has them', async () => {
    const w = { setup: 'npm ci', copy: ['.env'], link: [] };
    expect(await freshWorktreeHint(files(['/r/node_modules', '/r/.env']), '/r', '/w', w)).toBeNull();
    expect(await freshWorktreeHint(files(['/r/.venv', '/w/.venv']), '/r', '/w', undefined)).toBeNull();
  });
});

describe('checkWorktreePaths', () => {
  it('refuses a path that leaves the repository through a symlink (exit 2), and writes nothing', () => {
    const tmp = tempRepoDir();
    const outside = tempRepoDir();
    dirs.push(tmp, outside);
    symlinkSync(outside.dir, join(tmp.dir, 'shared'));
    writeFileSync(join(tmp.dir, '.env'), 'x');
    expect(() => checkWorktreePaths(tmp.dir, { copy: ['.env', 'not-there-yet'], link: [] })).not.toThrow();
    let error: unknown;
    try {
      checkWorktreePaths(tmp.dir, { copy: [], link: ['shared/cache'] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PreflightError);
    expect((error as PreflightError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      `.mstui.json: worktree.link: "shared/cache" resolves outside the repository, to ${join(outside.dir, 'cache')} (through a symlink); only files inside the repository`,
    );
    expect(() => lstatSync(join(tmp.dir, '.worktrees'))).toThrow();
  });
});

describe('a setup outlived by its task', () => {
  it('the task skipped while its setup ran: the success is recorded, no agent starts', async () => {
    const tmp = tempRepoDir();
    dirs.push(tmp);
    const deps = fakeDeps(tmp.dir);
    const setup = engineSetup(tmp.dir, [task('1.1', 'A')], {
      worktree: { setup: 'npm ci', copy: [], link: [], portBase: 41000, portsPerTask: 10, env: {} },
    });
    let state = initState([{ id: '1.1', title: 'A', deps: [], files: [], done: false }], null, {
      parallel: 1,
      stopOnFailure: false,
      autoYes: false,
      permissions: 'ask',
      maxRetries: 2,
      needsConfirmation: false,
      integration: false,
    });
    const t11 = state.tasks['1.1'];
    if (!t11) throw new Error('no task');
    state = { ...state, tasks: { '1.1': { ...t11, status: 'running' } } };
    const skip = () => {
      state = { ...state, tasks: { '1.1': { ...t11, status: 'skipped' } } };
      return {};
    };
    deps.runner.expect(shell('npm ci', setup.layout.taskPath('1.1'), skip));
    const events: Event[] = [];
    const ctx: SetupContext = { setup, deps, state: () => state, stopping: () => false, dispatch: (e) => void events.push(e) };
    expect(await taskSetup(ctx, '1.1', true)).toBe(false);
    expect(events).toEqual([{ type: 'SetupDone', task: '1.1' }]);
  });
});
