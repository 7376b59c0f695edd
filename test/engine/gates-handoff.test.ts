/** The handoff gate with real git: a task that erases the header or earlier sections fails, one that appends passes. */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createGit } from '../../src/adapters/git.js';
import { createPlanFiles } from '../../src/adapters/plan-files.js';
import { createRunner } from '../../src/adapters/runner.js';
import { runGates } from '../../src/engine/gates.js';
import { git, type TempRepo, tempRepo } from '../helpers/repo.js';

const repos: TempRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

const REL = 'plans/HANDOFF_M1.md';
const HEADER = '# Handoff M1\n\nRead this first.\n\n';
const S11 = '## Task 1.1 Complete: Store\n\nAdded the store.\n\n';
const S12 = '## Task 1.2 Complete: API\n\nAdded routes.\n';

/** main → mstui/M1 holding the header and 1.1's section; task 1.2's worktree writes `handoff` and commits it. */
function taskWrote(handoff: string) {
  const repo = tempRepo('mstui-gate-handoff-');
  repos.push(repo);
  appendFileSync(join(repo.dir, '.git', 'info', 'exclude'), '.worktrees/\n');
  repo.write(REL, HEADER + S11);
  repo.commitAll('handoff with 1.1');
  git(repo.dir, 'branch', 'mstui/M1', 'main');
  const wt = join(repo.dir, '.worktrees', 'M1-1.2');
  git(repo.dir, 'worktree', 'add', '-q', '-b', 'mstui/M1-1.2', wt, 'mstui/M1');
  writeFileSync(join(wt, REL), handoff);
  git(wt, 'commit', '-q', '-am', 'task 1.2');
  // The integration branch moves on meanwhile (another task merged): not this task's loss.
  git(repo.dir, 'checkout', '-q', 'mstui/M1');
  repo.write(REL, `${HEADER + S11}## Task 1.4 Complete: Other\n\nParallel.\n\n`);
  repo.commitAll('1.4 merged');
  git(repo.dir, 'checkout', '-q', 'main');
  return wt;
}

const gates = (wt: string) =>
  runGates(
    {
      task: '1.2',
      worktree: wt,
      handoffRel: REL,
      integrationBranch: 'mstui/M1',
      commands: [],
      logPath: join(wt, '..', 'gate.log'),
    },
    { git: createGit(createRunner()), runner: createRunner(), files: createPlanFiles() },
  );

describe('the handoff gate', () => {
  it('fails a task that rewrote the handoff with only its own section, naming what it removed', async () => {
    const r = await gates(taskWrote(S12));
    expect(r).toEqual({
      ok: false,
      gate: 'handoff',
      exitCode: null,
      output:
        'the task removed the header and the section of 1.1 from plans/HANDOFF_M1.md. Sections are only added to the handoff: ' +
        'put back what was there (`git show mstui/M1:plans/HANDOFF_M1.md`), keep your own section after it, and commit.',
    });
  });

  it('fails a task that rewrote an earlier section', async () => {
    const r = await gates(taskWrote(HEADER + S11.replace('Added the store.', 'Store (rewritten).') + S12));
    expect(r).toMatchObject({
      ok: false,
      gate: 'handoff',
      output: expect.stringMatching(/^the task changed the section of 1\.1 in plans/),
    });
  });

  it('passes a task that appended its section (the integration branch having moved on does not count)', async () => {
    expect(await gates(taskWrote(HEADER + S11 + S12))).toEqual({ ok: true, handoff: 'Added routes.' });
  });
});
