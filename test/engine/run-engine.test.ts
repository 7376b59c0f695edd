/**
 * The whole RunEngine over in-memory ports and a fake clock: the test plays the agents (screen output, hook lines,
 * commits), the recording runner answers the user's commands, and the events, git history and argv are exact.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Task } from '../../src/core/plan/model.js';
import { initState } from '../../src/core/scheduler/init.js';
import type { RunOptions } from '../../src/core/scheduler/types.js';
import { HOOK_POLL_MS, RunEngine } from '../../src/engine/run-engine.js';
import type { EngineSetup } from '../../src/engine/setup.js';
import {
  deferred,
  engineSetup,
  type FakeAgent,
  type FakeDeps,
  fakeDeps,
  HANDOFF_REL,
  localReview,
  recordingRunner,
  shell,
  task,
  tempRepoDir,
} from '../helpers/fake-ports.js';
import { waitFor } from '../helpers/wait-for.js';

const dirs: { remove(): void }[] = [];
const engines: RunEngine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown(0);
  for (const d of dirs.splice(0)) d.remove();
});

const HEADER = '# Handoff M1\n\n';
const TASKS = [task('1.1', 'Store'), task('1.2', 'API', ['1.1'])];

const options = (over: Partial<RunOptions> = {}): RunOptions => ({
  parallel: 1,
  stopOnFailure: false,
  autoYes: true,
  permissions: 'ask',
  maxRetries: 2,
  needsConfirmation: false,
  integration: false,
  ...over,
});

async function world(o: { tasks?: Task[]; setup?: Partial<EngineSetup>; options?: Partial<RunOptions> } = {}) {
  const tasks = o.tasks ?? TASKS;
  const tmp = tempRepoDir();
  dirs.push(tmp);
  const deps: FakeDeps = fakeDeps(tmp.dir, { files: { [HANDOFF_REL]: HEADER }, runner: recordingRunner() });
  deps.pty.exitOnKill = true;
  const setup = engineSetup(tmp.dir, tasks, { commands: [{ name: 'tests', command: 'npm test' }], testCommand: 'npm test', ...o.setup });
  const { layout } = setup;
  const run = deps.store.createRun('M1', 'plans/M1.md', 'main', deps.now());
  setup.runId = run.id;
  const state = initState(
    tasks.map((t) => ({ id: t.id, title: t.title, deps: t.deps, files: t.files, done: false })),
    null,
    options(o.options),
  );
  const engine = new RunEngine(state, setup, deps);
  engines.push(engine);
  const events = () => deps.store.events(run.id).map((e) => e.event);
  const types = () => events().map((e) => ('task' in e && e.task ? `${e.type} ${e.task}` : e.type));
  const agent = async (id: string): Promise<FakeAgent> =>
    waitFor(
      () => deps.pty.agentIn(layout.taskPath(id)),
      5000,
      () => `no agent for ${id}; events: ${types().join(', ')}`,
    );
  /** The agent's hook command appends a line; the file watcher says so (unless `quiet`: a lost file event). */
  const hook = (id: string, record: Record<string, unknown>, quiet = false) => {
    deps.hookInbox.line(layout.hooks(id), record);
    if (!quiet) deps.watch.change(layout.hooks(id));
  };
  /** What a finished agent does: commits its work and appends its handoff section, and ends its turn. */
  const finishTurn = async (id: string, title: string) => {
    const handoff = (await deps.files.read(join(layout.taskPath(id), HANDOFF_REL))) ?? '';
    const section = `## Task ${id} Complete: ${title}\n\nDone.\n\n`;
    deps.git.commit(layout.taskPath(id), `${title} work`, {
      [`src/${id}.ts`]: `// ${title}\n`,
      [HANDOFF_REL]: handoff.includes(section) ? handoff : handoff + section,
    });
    hook(id, { hook_event_name: 'Stop', session_id: 's' });
  };
  const until = (what: string) =>
    waitFor(
      () => types().includes(what),
      5000,
      () => `waiting for ${what}; events: ${types().join(', ')}`,
    );
  return { deps, setup, layout, engine, run, events, types, agent, hook, finishTurn, until };
}

const FINISHED_11 = ['TaskStarted 1.1', 'AgentBusy 1.1', 'HandoffWritten 1.1', 'AgentIdle 1.1'];

describe('RunEngine', () => {
  it('a disk over limits.diskPercent asks before the first agent starts (not only when the watchdog timer fires)', async () => {
    const w = await world({ setup: {} });
    w.deps.diskPercent = 95;
    await w.engine.start();
    expect(w.types()).toEqual(['DiskFull', 'RunResumed']);
    expect(w.engine.getState().question?.kind).toBe('disk-full');
    expect(w.deps.pty.agentIn(w.layout.taskPath('1.1'))).toBeUndefined();
  });

  it('runs a two-task milestone: agents, hooks, gates, merges in dependency order, clean-up, finish', async () => {
    const w = await world();
    w.deps.runner.expect(shell('npm test', w.layout.taskPath('1.1')), shell('npm test', w.layout.taskPath('1.2')));
    await w.engine.start();
    const a = await w.agent('1.1');
    expect(a.argv.slice(0, 4)).toEqual(['claude', '--permission-mode', 'default', '--session-id']);
    expect([a.options.cwd, a.options.env.MSTUI_TASK, a.options.env.MSTUI_RUN]).toEqual([w.layout.taskPath('1.1'), '1.1', String(w.run.id)]);
    w.hook('1.1', { hook_event_name: 'UserPromptSubmit', session_id: 's' });
    a.emit('Working on the store…\r\n');
    await w.finishTurn('1.1', 'Store');
    const b = await w.agent('1.2');
    w.hook('1.2', { hook_event_name: 'UserPromptSubmit', session_id: 's' });
    await w.finishTurn('1.2', 'API');
    expect(await w.engine.done).toBe(0);
    expect(w.types()).toEqual([
      'RunResumed',
      ...FINISHED_11,
      'GatesPassed 1.1',
      'CiPassed 1.1',
      'Merged 1.1',
      'AgentExited 1.1',
      ...FINISHED_11.map((e) => e.replace('1.1', '1.2')),
      'GatesPassed 1.2',
      'CiPassed 1.2',
      'Merged 1.2',
      'AgentExited 1.2',
    ]);
    expect(w.deps.git.log(w.layout.integrationBranch)).toEqual(['init', 'Task 1.1: Store', 'Task 1.2: API']);
    // 1.2 started from the tip holding 1.1's merge.
    expect(w.deps.git.log(w.layout.taskBranch('1.2'))).toEqual(['init', 'Task 1.1: Store', 'API work']);
    expect(await w.deps.git.worktreePaths(w.layout.repo)).toEqual([w.layout.repo, w.layout.integrationPath]);
    expect([a.kills, b.kills]).toEqual([['SIGTERM'], ['SIGTERM']]);
    expect(w.deps.store.lastRun('M1')).toMatchObject({ exitCode: 0, finishedAt: w.deps.now() });
    expect([w.deps.clock.pending(), w.deps.watch.watched()]).toEqual([0, []]);
    w.deps.runner.assertDone();
  });

  it('a hook line whose file event was lost is read by the backup poll, on the clock', async () => {
    const w = await world();
    await w.engine.start();
    await w.agent('1.1');
    const reads = w.deps.hookInbox.reads.length;
    w.hook('1.1', { hook_event_name: 'UserPromptSubmit', session_id: 's' }, true);
    await w.deps.clock.advance(HOOK_POLL_MS - 1);
    expect([w.deps.hookInbox.reads.length, w.types().includes('AgentBusy 1.1')]).toEqual([reads, false]);
    await w.deps.clock.advance(1);
    await w.until('AgentBusy 1.1');
  });

  it('a failed gate is typed into the same agent (--yes retries); the fixed work merges', async () => {
    const w = await world();
    const wt = w.layout.taskPath('1.1');
    w.deps.runner.expect(shell('npm test', wt, { exitCode: 1, stdout: 'FAIL store\n' }), shell('npm test', wt));
    await w.engine.start();
    const a = await w.agent('1.1');
    w.hook('1.1', { hook_event_name: 'UserPromptSubmit', session_id: 's' });
    await w.finishTurn('1.1', 'Store');
    await w.until('GatesFailed 1.1');
    // Pasted at once, submitted SUBMIT_DELAY_MS later.
    await waitFor(
      () => a.writes.length === 2,
      5000,
      () => JSON.stringify(a.writes),
    );
    expect(a.writes[0]).toBe(
      '\u001b[200~The tests check failed for Task 1.1. Here is the end of its output:\n\nFAIL store\n\nFix the cause, make the check pass, and commit your work.\u001b[201~',
    );
    expect(a.writes[1]).toBe('\r');
    await w.finishTurn('1.1', 'Store');
    await w.until('Merged 1.1');
    expect(w.types().slice(0, 10)).toEqual([
      'RunResumed',
      ...FINISHED_11,
      'GatesFailed 1.1',
      'AgentIdle 1.1',
      'GatesPassed 1.1',
      'CiPassed 1.1',
      'Merged 1.1',
    ]);
    // The same agent: not restarted for the retry.
    expect(w.deps.pty.spawned.filter((x) => x.options.cwd === wt)).toEqual([a]);
    w.deps.runner.assertDone();
  });

  it('a task whose gates ran while another merged takes the new tip and runs the pre-merge check, then merges', async () => {
    const tasks = [task('1.1', 'Store'), task('1.3', 'Docs')];
    const preMerge = { key: 'commands.test', command: 'npm test' };
    const w = await world({ tasks, options: { parallel: 2 }, setup: { review: { ...localReview(), preMerge } } });
    const [wt1, wt3] = [w.layout.taskPath('1.1'), w.layout.taskPath('1.3')];
    const gate1 = deferred<{ exitCode: number }>();
    w.deps.runner.expect(
      shell('npm test', wt1, () => gate1.promise),
      shell('npm test', wt3),
      shell('npm test', wt1),
    );
    await w.engine.start();
    await Promise.all([w.agent('1.1'), w.agent('1.3')]);
    await w.finishTurn('1.1', 'Store');
    await waitFor(() => w.deps.runner.calls.length === 1);
    // 1.1's gate command holds no lock: 1.3 goes through its gates and merges meanwhile.
    await w.finishTurn('1.3', 'Docs');
    await w.until('Merged 1.3');
    gate1.resolve({ exitCode: 0 });
    await w.until('Merged 1.1');
    expect(w.deps.git.log(w.layout.integrationBranch)).toEqual(['init', 'Task 1.3: Docs', 'Task 1.1: Store']);
    expect(w.deps.runner.calls.map((c) => c.options?.cwd)).toEqual([wt1, wt3, wt1]);
    // Its gates saw it on the tip (no update); at its merge the tip had moved: one update, then the check.
    expect(w.deps.git.calls.filter((c) => c.op === 'update' && c.args[0] === wt1).length).toBe(1);
    expect(await w.engine.done).toBe(0);
    w.deps.runner.assertDone();
  });

  it("a worktree being removed does not hold up another task's merge (two git locks)", async () => {
    const tasks = [task('1.1', 'Store'), task('1.3', 'Docs')];
    const w = await world({ tasks, options: { parallel: 2 } });
    w.deps.runner.expect(shell('npm test', w.layout.taskPath('1.1')), shell('npm test', w.layout.taskPath('1.3')));
    const removal = w.deps.git.hold('removeCleanWorktree');
    await w.engine.start();
    await Promise.all([w.agent('1.1'), w.agent('1.3')]);
    await w.finishTurn('1.1', 'Store');
    await w.until('Merged 1.1');
    expect((await removal.reached).slice(0, 2)).toEqual([w.layout.repo, w.layout.taskPath('1.1')]);
    // 1.1's worktree removal is held: 1.3 still goes through its gates, its update and its merge.
    await w.finishTurn('1.3', 'Docs');
    await w.until('Merged 1.3');
    expect(w.deps.git.log(w.layout.integrationBranch)).toEqual(['init', 'Task 1.1: Store', 'Task 1.3: Docs']);
    removal.release();
    expect(await w.engine.done).toBe(0);
  });

  it('shutdown ends the agents, saves the state and records nothing after; the run stays open to resume', async () => {
    const w = await world();
    await w.engine.start();
    const a = await w.agent('1.1');
    w.hook('1.1', { hook_event_name: 'UserPromptSubmit', session_id: 's' });
    await w.until('AgentBusy 1.1');
    await w.engine.shutdown(130);
    expect(await w.engine.done).toBe(130);
    expect(a.kills).toEqual(['SIGTERM']);
    w.hook('1.1', { hook_event_name: 'Stop', session_id: 's' });
    await w.deps.clock.advance(HOOK_POLL_MS * 4);
    expect(w.types()).toEqual(['RunResumed', 'TaskStarted 1.1', 'AgentBusy 1.1']);
    expect(w.deps.store.snapshot(w.run.id)?.state.tasks['1.1']?.status).toBe('running');
    expect(w.deps.store.openRun('M1')?.id).toBe(w.run.id);
    expect([w.deps.clock.pending(), w.deps.watch.watched()]).toEqual([0, []]);
  });
});
