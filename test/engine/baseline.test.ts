/**
 * The baseline step over in-memory git, a recording runner and the real git lock: the test and quality commands once
 * in the integration worktree at the base, logged and time-limited like a gate, with no git lock held while they run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { initState } from '../../src/core/scheduler/init.js';
import type { Question, RunOptions } from '../../src/core/scheduler/types.js';
import { BASELINE_TIMEOUT_MS, baselineLog, baselineStep } from '../../src/engine/baseline.js';
import { GitLock } from '../../src/engine/git-lock.js';
import { RunEngine } from '../../src/engine/run-engine.js';
import type { EngineSetup } from '../../src/engine/setup.js';
import { CommandError, type RunResult } from '../../src/ports.js';
import { engineSetup, type FakeDeps, fakeDeps, recordingRunner, shell, task, tempRepoDir } from '../helpers/fake-ports.js';
import { waitFor } from '../helpers/wait-for.js';

const dirs: { remove(): void }[] = [];
const engines: RunEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown(0);
  for (const d of dirs.splice(0)) d.remove();
});

const COMMANDS = [
  { name: 'tests', command: 'npm test' },
  { name: 'quality', command: 'npm run lint' },
];

function world(commands = COMMANDS) {
  const tmp = tempRepoDir();
  dirs.push(tmp);
  const setup: EngineSetup = engineSetup(tmp.dir, [task('1.1', 'Store')], { commands });
  const deps: FakeDeps = fakeDeps(tmp.dir, { files: { 'README.md': '# app\n' }, runner: recordingRunner() });
  const lock = new GitLock();
  const busy: boolean[] = [];
  const step = () => baselineStep(setup, deps, (fn) => lock.run(fn));
  return { setup, deps, lock, busy, step, layout: setup.layout };
}

describe('baselineStep', () => {
  it('green: creates the integration worktree at the base, runs test then quality there, outside the git lock', async () => {
    const w = world();
    const busy = (result: object) => () => {
      w.busy.push(w.lock.busy());
      return result;
    };
    w.deps.runner.expect(
      shell('npm test', w.layout.integrationPath, busy({ stdout: 'ok\n' })),
      shell('npm run lint', w.layout.integrationPath, busy({ stdout: 'clean\n' })),
    );
    expect(await w.step()).toEqual({ type: 'BaselineChecked', at: 'main', failure: null });
    expect(w.busy).toEqual([false, false]);
    expect(await w.deps.git.worktreePaths(w.layout.repo)).toContain(w.layout.integrationPath);
    expect(await w.deps.git.branchExists(w.layout.repo, w.layout.integrationBranch)).toBe(true);
    expect(w.deps.runner.calls.map((c) => [c.options?.timeoutMs, c.options?.group])).toEqual([
      [BASELINE_TIMEOUT_MS, true],
      [BASELINE_TIMEOUT_MS, true],
    ]);
    const log = readFileSync(baselineLog(w.setup), 'utf8');
    expect(log).toContain('[mstui] baseline tests: sh -c "npm test"');
    expect(log).toContain('clean');
    w.deps.runner.assertDone();
  });

  it('red: the first failing command with its setting, exit code and output tail; the rest does not run', async () => {
    const w = world();
    w.deps.runner.expect(shell('npm test', w.layout.integrationPath, { exitCode: 1, stdout: 'FAIL a.test.ts\n', stderr: '2 failing\n' }));
    expect(await w.step()).toEqual({
      type: 'BaselineChecked',
      at: 'main',
      failure: { gate: 'tests', key: 'commands.test', command: 'npm test', exitCode: 1, output: 'FAIL a.test.ts\n2 failing' },
    });
    w.deps.runner.assertDone();
  });

  it('a command that times out is a failure naming the setting (exit code null)', async () => {
    const w = world([{ name: 'quality', command: 'make lint' }]);
    w.deps.runner.expect(
      shell('make lint', w.layout.integrationPath, (call) => {
        throw new CommandError('timeout', ['sh', ...call.args], 'timed out', undefined, BASELINE_TIMEOUT_MS);
      }),
    );
    const e = await w.step();
    expect(e).toMatchObject({ type: 'BaselineChecked', failure: { gate: 'quality', key: 'commands.quality', exitCode: null } });
    if (e.type === 'BaselineChecked') expect(e.failure?.output).toMatch(/^commands.quality \(make lint\) timed out after 30 min/);
  });

  it('on an integration branch left by an earlier run it runs there, and says so', async () => {
    const w = world([{ name: 'tests', command: 'true' }]);
    await w.deps.git.ensureWorktree(w.layout.repo, w.layout.integrationPath, w.layout.integrationBranch, 'main');
    w.deps.runner.expect(shell('true', w.layout.integrationPath));
    expect(await w.step()).toEqual({ type: 'BaselineChecked', at: 'mstui/M1', failure: null });
  });

  it('runs only the test and quality gates (other gates look at what a task changed)', async () => {
    const w = world([{ name: 'test-quality', command: 'check-tests' }]);
    expect(await w.step()).toEqual({ type: 'BaselineChecked', at: 'main', failure: null });
    expect(w.deps.runner.calls).toEqual([]);
    expect(existsSync(baselineLog(w.setup))).toBe(false);
  });
});

describe('RunEngine with the baseline on', () => {
  async function engineWorld(result: Partial<RunResult>) {
    const tmp = tempRepoDir();
    dirs.push(tmp);
    const asked: Question[] = [];
    const deps = fakeDeps(tmp.dir, { files: { 'README.md': '# app\n' }, runner: recordingRunner() });
    deps.pty.exitOnKill = true;
    const setup = engineSetup(tmp.dir, [task('1.1', 'Store')], {
      commands: [{ name: 'tests', command: 'npm test' }],
      ask: (q) => void asked.push(q),
    });
    setup.runId = deps.store.createRun('M1', 'plans/M1.md', 'main', deps.now()).id;
    deps.runner.expect(shell('npm test', setup.layout.integrationPath, result));
    const options: RunOptions = {
      parallel: 1,
      stopOnFailure: false,
      autoYes: true,
      permissions: 'ask',
      maxRetries: 2,
      needsConfirmation: false,
      integration: false,
      baseline: true,
    };
    const engine = new RunEngine(initState([{ id: '1.1', title: 'Store', deps: [], files: [], done: false }], null, options), setup, deps);
    engines.push(engine);
    const types = () => deps.store.events(setup.runId).map((e) => e.event.type);
    return { deps, setup, engine, asked, types };
  }

  it('green: the first agent starts after BaselineChecked', async () => {
    const w = await engineWorld({ stdout: 'ok\n' });
    await w.engine.start();
    await waitFor(
      () => w.deps.pty.agentIn(w.setup.layout.taskPath('1.1')),
      5000,
      () => w.types().join(', '),
    );
    expect(w.types().slice(0, 3)).toEqual(['RunResumed', 'BaselineChecked', 'TaskStarted']);
    w.deps.runner.assertDone();
  });

  it('red: the question is asked (--yes does not answer it) and no agent starts until it is answered', async () => {
    const w = await engineWorld({ exitCode: 1, stdout: '2 failing\n' });
    await w.engine.start();
    await waitFor(
      () => w.asked.length > 0,
      5000,
      () => w.types().join(', '),
    );
    expect(w.asked.map((q) => q.kind)).toEqual(['baseline-failed']);
    expect(w.types()).toEqual(['RunResumed', 'BaselineChecked']);
    expect(w.deps.pty.agentIn(w.setup.layout.taskPath('1.1'))).toBeUndefined();
    w.engine.dispatch({ type: 'Answered', task: null, answer: 'continue' });
    await waitFor(
      () => w.deps.pty.agentIn(w.setup.layout.taskPath('1.1')),
      5000,
      () => w.types().join(', '),
    );
  });
});
