/**
 * The test-quality gate (`commands.testQuality`, seed 000 step 2d) over in-memory git and a recording runner: it runs
 * last, on the test files the task changed (as "$@" and MSTUI_CHANGED_TESTS), is skipped when none changed, and its
 * failure is a failed gate. GatesPassed carries the task's handoff section.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineSetup } from '../../src/engine/setup.js';
import { gatesStep } from '../../src/engine/task-steps.js';
import { engineSetup, fakeDeps, HANDOFF_REL, localReview, shell, task, tempRepoDir } from '../helpers/fake-ports.js';
import type { Expectation } from '../helpers/fake-runner.js';

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

const HANDOFF = '# Handoff M1\n\n## Task 1.1 Complete: Store\n\nAdded the store and its tests.\n';
const CHECK = 'npx check-tests "$@"';

async function world(testQuality: string | null = CHECK) {
  const tmp = tempRepoDir();
  dirs.push(tmp);
  const setup: EngineSetup = engineSetup(tmp.dir, [task('1.1', 'Store')], {
    commands: [{ name: 'tests', command: 'npm test' }],
    review: localReview(testQuality === null ? {} : { testQuality }),
  });
  const deps = fakeDeps(tmp.dir, { files: { [HANDOFF_REL]: '# Handoff M1\n' } });
  const { layout } = setup;
  const wt = layout.taskPath('1.1');
  await deps.git.ensureWorktree(tmp.dir, layout.integrationPath, layout.integrationBranch, 'main');
  await deps.git.ensureWorktree(tmp.dir, wt, layout.taskBranch('1.1'), layout.integrationBranch);
  const commit = (files: Record<string, string>) => deps.git.commit(wt, 'Task 1.1: Store', { [HANDOFF_REL]: HANDOFF, ...files });
  return { deps, wt, commit, gates: () => gatesStep(setup, deps, '1.1'), log: () => readFileSync(layout.log('1.1'), 'utf8') };
}

/** `sh -c <command> sh <files…>` in the worktree, answered with `result`. */
const withFiles = (command: string, cwd: string, files: string[], result: Expectation['result'] = {}): Expectation => ({
  command: 'sh',
  args: ['-c', command, 'sh', ...files],
  cwd,
  result,
});

describe('the test-quality gate', () => {
  it('runs after the tests on the changed test files, as "$@" and MSTUI_CHANGED_TESTS; GatesPassed has the section', async () => {
    const w = await world();
    w.commit({ 'src/store.ts': 'x', 'src/store.test.ts': 't', 'tests/test_io.py': 'p', 'test/fixtures/a.json': '{}' });
    w.deps.runner.expect(shell('npm test', w.wt), withFiles(CHECK, w.wt, ['src/store.test.ts', 'tests/test_io.py'], { stdout: 'fine\n' }));
    const r = await w.gates();
    expect(r).toMatchObject({ type: 'GatesPassed', task: '1.1', handoff: 'Added the store and its tests.' });
    const call = w.deps.runner.calls[1];
    expect(call?.options).toMatchObject({
      cwd: w.wt,
      timeoutMs: 30 * 60_000,
      env: { MSTUI_CHANGED_TESTS: 'src/store.test.ts\ntests/test_io.py' },
    });
    expect(w.log()).toContain(
      `[mstui] gate test-quality: sh -c ${JSON.stringify(CHECK)} "sh" "src/store.test.ts" "tests/test_io.py"\nfine\n`,
    );
    w.deps.runner.assertDone();
  });

  it('is skipped (passes) when the task changed no test file', async () => {
    const w = await world();
    w.commit({ 'src/store.ts': 'x' });
    w.deps.runner.expect(shell('npm test', w.wt));
    expect(await w.gates()).toMatchObject({ type: 'GatesPassed', task: '1.1' });
    w.deps.runner.assertDone();
  });

  it('its failure is the test-quality gate failing, with its output and exit code', async () => {
    const w = await world();
    w.commit({ 'src/store.test.ts': 't' });
    w.deps.runner.expect(
      shell('npm test', w.wt),
      withFiles(CHECK, w.wt, ['src/store.test.ts'], { exitCode: 2, stdout: 'src/store.test.ts: the test asserts nothing\n' }),
    );
    expect(await w.gates()).toMatchObject({
      type: 'GatesFailed',
      task: '1.1',
      gate: 'test-quality',
      output: 'src/store.test.ts: the test asserts nothing',
      exitCode: 2,
    });
    w.deps.runner.assertDone();
  });

  it('does not run when the tests failed, nor when it is not configured', async () => {
    const failing = await world();
    failing.commit({ 'src/store.test.ts': 't' });
    failing.deps.runner.expect(shell('npm test', failing.wt, { exitCode: 1, stdout: 'FAIL\n' }));
    expect(await failing.gates()).toMatchObject({ type: 'GatesFailed', gate: 'tests' });
    failing.deps.runner.assertDone();

    const unset = await world(null);
    unset.commit({ 'src/store.test.ts': 't' });
    unset.deps.runner.expect(shell('npm test', unset.wt));
    expect(await unset.gates()).toMatchObject({ type: 'GatesPassed' });
    unset.deps.runner.assertDone();
    expect(unset.deps.git.ops('changedFiles')).toEqual([]);
  });
});
