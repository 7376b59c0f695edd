/**
 * The gates (gatesStep → runGates) over in-memory git and a recording runner: each gate's failure as the exact event,
 * in order (handoff, commit, update, the user's commands), and the exact argv the user's commands run with.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineSetup } from '../../src/engine/setup.js';
import { gatesStep } from '../../src/engine/task-steps.js';
import { CommandError } from '../../src/ports.js';
import { engineSetup, type FakeDeps, fakeDeps, HANDOFF_REL, shell, task, tempRepoDir } from '../helpers/fake-ports.js';

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

const HEADER = '# Handoff M1\n\nRead this first.\n\n';
const S10 = '## Task 1.0 Complete: Setup\n\nSet up.\n\n';
const S11 = '## Task 1.1 Complete: Store\n\nAdded the store.\n';
const COMMANDS = [
  { name: 'tests', command: 'npm test' },
  { name: 'quality', command: 'npm run lint' },
];
/** The event's `checks`: the gates that passed, in order, then the one that failed. */
const ran = (passed: string[], failed?: string) => [
  ...passed.map((name) => ({ name, ok: true })),
  ...(failed ? [{ name: failed, ok: false }] : []),
];

/**
 * The integration branch holds `handoff`; task 1.1's worktree starts from it, on a branch without upstream (an older
 * run's) unless `track` (what mstui makes now: one status answers the commit and update questions).
 */
async function world(handoff = HEADER + S10, opts: { track?: boolean } = {}) {
  const tmp = tempRepoDir();
  dirs.push(tmp);
  const setup: EngineSetup = engineSetup(tmp.dir, [task('1.1', 'Store')], { commands: COMMANDS });
  const deps: FakeDeps = fakeDeps(tmp.dir, { files: { [HANDOFF_REL]: handoff } });
  const { layout } = setup;
  const wt = layout.taskPath('1.1');
  await deps.git.ensureWorktree(tmp.dir, layout.integrationPath, layout.integrationBranch, 'main');
  await deps.git.ensureWorktree(tmp.dir, wt, layout.taskBranch('1.1'), layout.integrationBranch, { track: opts.track ?? false });
  deps.git.calls.splice(0);
  const gates = (update?: () => Promise<string[] | null>) => gatesStep(setup, deps, '1.1', update);
  /** What a finished agent leaves: its work and its handoff section, committed. */
  const finished = (handoffText = HEADER + S10 + S11) =>
    deps.git.commit(wt, 'Task 1.1 work', { 'src/store.ts': 'export const store = 1;\n', [HANDOFF_REL]: handoffText });
  return { setup, deps, wt, gates, finished, runner: deps.runner, log: () => readFileSync(layout.log('1.1'), 'utf8') };
}

describe('gatesStep', () => {
  it('no handoff section: the handoff gate fails, naming the heading it looks for; nothing else runs', async () => {
    const w = await world();
    w.deps.git.commit(w.wt, 'work', { 'src/store.ts': 'x' });
    expect(await w.gates()).toEqual({
      type: 'GatesFailed',
      task: '1.1',
      gate: 'handoff',
      output: `no "## Task 1.1 Complete: ..." section in ${HANDOFF_REL}`,
      exitCode: null,
      checks: ran([], 'handoff'),
    });
    expect(w.deps.git.ops()).toEqual([]);
    w.runner.assertDone();
  });

  it('a handoff that lost an earlier section fails the handoff gate, naming what was removed', async () => {
    const w = await world();
    w.finished(S11);
    expect(await w.gates()).toEqual({
      type: 'GatesFailed',
      task: '1.1',
      gate: 'handoff',
      output:
        `the task removed the header and the section of 1.0 from ${HANDOFF_REL}. Sections are only added to the handoff: ` +
        `put back what was there (\`git show mstui/M1:${HANDOFF_REL}\`), keep your own section after it, and commit.`,
      exitCode: null,
      checks: ran([], 'handoff'),
    });
  });

  it('uncommitted changes fail the commit gate with the status lines', async () => {
    const w = await world();
    w.finished();
    w.deps.git.edit(w.wt, 'src/store.ts', 'changed');
    w.deps.git.edit(w.wt, 'notes.txt', 'scratch', '?? notes.txt');
    expect(await w.gates()).toEqual({
      type: 'GatesFailed',
      task: '1.1',
      gate: 'commit',
      output: 'uncommitted changes:\n M src/store.ts\n?? notes.txt',
      exitCode: null,
      checks: ran(['handoff'], 'commit'),
    });
    w.runner.assertDone();
  });

  it('no commits ahead of the integration branch fail the commit gate', async () => {
    // The section is there, but it came with the integration branch: the task committed nothing of its own.
    const w = await world(HEADER + S10 + S11);
    expect(await w.gates()).toEqual({
      type: 'GatesFailed',
      task: '1.1',
      gate: 'commit',
      output: 'the branch has no commits ahead of mstui/M1',
      exitCode: null,
      checks: ran(['handoff'], 'commit'),
    });
    // No upstream to count against: the count is asked on its own.
    expect(w.deps.git.ops()).toEqual(['branchStatus', 'fileAtMergeBase', 'commitsAhead']);
  });

  it('a branch tracking the integration branch: one status says clean and ahead, and on the tip no update is asked', async () => {
    const w = await world(HEADER + S10, { track: true });
    w.finished();
    w.runner.expect(shell('npm test', w.wt), shell('npm run lint', w.wt));
    let updated = 0;
    const passed = await w.gates(async () => {
      updated++;
      return null;
    });
    expect(passed).toMatchObject({ type: 'GatesPassed', checks: ran(['handoff', 'commit', 'tests', 'quality']) });
    expect(updated).toBe(0);
    expect(w.deps.git.ops()).toEqual(['branchStatus', 'fileAtMergeBase']);
    w.runner.assertDone();
  });

  it('a tracking branch behind the tip is updated; one with nothing of its own fails the commit gate without a count', async () => {
    const w = await world(HEADER + S10, { track: true });
    w.finished();
    w.deps.git.commit(w.setup.layout.integrationBranch, 'hotfix', { 'hotfix.txt': 'x' });
    const updates: string[] = [];
    const r = await w.gates(async () => {
      updates.push('update');
      return ['src/store.ts'];
    });
    expect(r).toEqual({ type: 'MergeConflicted', task: '1.1', files: ['src/store.ts'] });
    expect(updates).toEqual(['update']);
    const idle = await world(HEADER + S10 + S11, { track: true });
    expect(await idle.gates()).toMatchObject({
      type: 'GatesFailed',
      gate: 'commit',
      output: 'the branch has no commits ahead of mstui/M1',
    });
    expect(idle.deps.git.ops()).toEqual(['branchStatus', 'fileAtMergeBase']);
  });

  it('a conflict taking the integration tip is MergeConflicted, and no command runs', async () => {
    const w = await world();
    w.finished();
    const updates: string[] = [];
    const r = await w.gates(async () => {
      updates.push('update');
      return ['src/store.ts'];
    });
    expect(r).toEqual({ type: 'MergeConflicted', task: '1.1', files: ['src/store.ts'] });
    expect(updates).toEqual(['update']);
    w.runner.assertDone();
  });

  it("the test command's exit code fails the tests gate with its output; quality does not run", async () => {
    const w = await world();
    w.finished();
    w.runner.expect(shell('npm test', w.wt, { exitCode: 1, stdout: 'x\n'.repeat(70), stderr: 'FAIL test/store.test.ts\n' }));
    const r = await w.gates();
    expect(r).toEqual({
      type: 'GatesFailed',
      task: '1.1',
      gate: 'tests',
      // The last 60 lines of stdout + stderr.
      output: `${'x\n'.repeat(59)}FAIL test/store.test.ts`,
      exitCode: 1,
      checks: ran(['handoff', 'commit'], 'tests'),
    });
    w.runner.assertDone();
  });

  it('with commands.testQuality set, the checklist names it last (it passes when the task changed no test file)', async () => {
    const w = await world();
    w.setup.review.testQuality = 'check-tests';
    w.finished();
    w.runner.expect(shell('npm test', w.wt), shell('npm run lint', w.wt));
    const passed = await w.gates(async () => null);
    expect(passed).toMatchObject({ type: 'GatesPassed', checks: ran(['handoff', 'commit', 'tests', 'quality', 'test-quality']) });
    w.runner.assertDone();
  });

  it('all pass: GatesPassed, each command as `sh -c <command>` in the worktree with the 30 min limit, logged', async () => {
    const w = await world();
    w.finished();
    let updated = 0;
    w.runner.expect(shell('npm test', w.wt, { stdout: 'ok\n' }), shell('npm run lint', w.wt, { stderr: 'clean\n' }));
    const passed = await w.gates(async () => {
      updated++;
      return null;
    });
    expect(passed).toEqual({
      type: 'GatesPassed',
      task: '1.1',
      handoff: 'Added the store.',
      checks: ran(['handoff', 'commit', 'tests', 'quality']),
    });
    expect(updated).toBe(1);
    // argv, cwd and limit (other run options, such as a process group of its own, are not this test's subject).
    expect(w.runner.calls.map((c) => [c.command, ...c.args, c.options?.cwd, c.options?.timeoutMs])).toEqual([
      ['sh', '-c', 'npm test', w.wt, 30 * 60_000],
      ['sh', '-c', 'npm run lint', w.wt, 30 * 60_000],
    ]);
    expect(w.log()).toBe('\n[mstui] gate tests: sh -c "npm test"\nok\n\n[mstui] gate quality: sh -c "npm run lint"\nclean\n');
    w.runner.assertDone();
  });

  it('a command that times out fails its gate, naming the setting and the command', async () => {
    const w = await world();
    w.finished();
    w.runner.expect(
      shell('npm test', w.wt, () => {
        throw new CommandError('timeout', ['sh', '-c', 'npm test'], 'sh timed out', undefined, 30 * 60_000);
      }),
    );
    expect(await w.gates()).toEqual({
      type: 'GatesFailed',
      task: '1.1',
      gate: 'tests',
      output: 'commands.test (npm test) timed out after 30 min and was stopped: make it faster, or run fewer tests in this step',
      exitCode: null,
      checks: ran(['handoff', 'commit'], 'tests'),
    });
  });

  it('a command that cannot start at all is an error, not a passed gate', async () => {
    const w = await world();
    w.finished();
    w.runner.expect(
      shell('npm test', w.wt, () => {
        throw new CommandError('missing-command', ['sh', '-c', 'npm test'], 'sh is not installed');
      }),
    );
    await expect(w.gates()).rejects.toThrow('sh is not installed');
  });
});
