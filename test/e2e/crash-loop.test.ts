/**
 * The crash loop: `mstui run --headless` on the 6-task diamond plan is killed with SIGKILL at chosen git steps of
 * its pipeline (held by a git wrapper before or after the real git ran, see test/helpers/crash-git.ts), and run
 * again each time. After every kill no process of the run survives; at the end every task's commit is on
 * mstui/M1 exactly once, with its handoff section and its work.
 *
 * To fit CI (a full run takes ~25 s here), the moments are chained: a chain runs in one repository, the restart
 * after a kill runs on until the chain's next moment, the last restart to the end. With MSTUI_CRASH_LOOP_EACH=1
 * every moment gets its own repository and its restart runs to the end (about 4 times slower). The check for
 * leftover processes reads /proc (Linux; elsewhere it sees only the stored agent pids).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentPids, alive, crashFixtures, exitOf, expectCompleteRun, processesIn, type Run, state, subjects } from '../helpers/crash.js';
import { crashGit, type GitMoment } from '../helpers/crash-git.js';
import { CLI, type TempRepo } from '../helpers/repo.js';
import { waitFor } from '../helpers/wait-for.js';

const fixtures = crashFixtures();

beforeAll(() => {
  expect(existsSync(CLI)).toBe(true);
});
afterEach(() => fixtures.cleanup());

interface Moment extends GitMoment {
  name: string;
}

const before = (name: string, pattern: string, more: Partial<GitMoment> = {}): Moment => ({ name, pattern, when: 'before', ...more });
const after = (name: string, pattern: string, more: Partial<GitMoment> = {}): Moment => ({ name, pattern, when: 'after', ...more });

/**
 * Patterns are shell globs over `<folder> <argv>`: `*` first for the repository's own folder (a temp name), `M1`
 * for the integration worktree, `M1-1.2` for task 1.2's. Found by a run without kills (log `crashGit(dir).calls()`).
 * A chain follows one path of the dependency graph (1.1 → 1.2 or 1.3 → 1.4 → 1.6, or 1.5 → 1.6), so its moments
 * come in this order whatever the timing: 1.2 and 1.3 (or 1.5 and the diamond) race each other. 1.5 rebases onto
 * 1.1's merge because the scenario makes it slower.
 */
const CHAINS: { name: string; moments: Moment[] }[] = [
  {
    name: 'set-up and 1.1',
    moments: [
      before('preflight: is the checkout clean', '* status --porcelain --untracked-files=no'),
      after('the integration worktree added', '* worktree add -b mstui/M1 *'),
      after("1.1's worktree added", '* worktree add -b mstui/M1-1.1 *'),
      before("1.1's gate: the handoff at the base", 'M1-1.1 diff * --merge-base mstui/M1 -- plans/HANDOFF_M1.md'),
      before("1.1's gate: is its worktree clean", 'M1-1.1 status --porcelain=v2 --branch'),
      after("1.1's squash merge staged, not committed", 'M1 merge --squash --ff-only mstui/M1-1.1'),
      after("1.1's merge commit made", 'M1 commit * -m Task 1.1:*'),
      after("1.1's worktree removed", '* worktree remove */M1-1.1'),
    ],
  },
  {
    name: '1.5 (rebased), 1.6',
    moments: [
      before('the integration worktree to be added', '* worktree add -b mstui/M1 *'),
      before("1.5's worktree to be added", '* worktree add -b mstui/M1-1.5 *'),
      before("1.5's gate: clean, and how far behind the tip", 'M1-1.5 status --porcelain=v2 --branch'),
      before('the identity check of the first rebase', 'M1-1.5 config --get-regexp *'),
      before('1.5 to be rebased onto the integration tip', 'M1-1.5 rebase mstui/M1'),
      after('1.5 rebased onto the integration tip', 'M1-1.5 rebase mstui/M1'),
      before("1.5's squash merge", 'M1 merge --squash --ff-only mstui/M1-1.5'),
      before("1.5's merge commit", 'M1 commit * -m Task 1.5:*'),
      before("1.5's worktree to be removed (git refuses it with changes)", '* worktree remove */M1-1.5'),
      before("1.6's worktree to be added", '* worktree add -b mstui/M1-1.6 *'),
      before("1.6's merge commit", 'M1 commit * -m Task 1.6:*'),
      after('the last worktree removed', '* worktree remove */M1-1.6'),
    ],
  },
  {
    name: '1.1, 1.2 and 1.4',
    moments: [
      before("1.1's worktree to be added", '* worktree add -b mstui/M1-1.1 *'),
      before("1.1's gate: the handoff at the base", 'M1-1.1 diff * --merge-base mstui/M1 -- plans/HANDOFF_M1.md'),
      before("1.1's squash merge (does the branch hold the tip)", 'M1 merge --squash --ff-only mstui/M1-1.1'),
      before("1.2's worktree to be added", '* worktree add -b mstui/M1-1.2 *'),
      before("1.2's gate: clean, and commits ahead", 'M1-1.2 status --porcelain=v2 --branch'),
      before("1.2's squash merge", 'M1 merge --squash --ff-only mstui/M1-1.2'),
      after("1.2's merge commit made", 'M1 commit * -m Task 1.2:*'),
      before("1.2's worktree to be removed", '* worktree remove */M1-1.2'),
      before("1.4's gate: the handoff at the base", 'M1-1.4 diff * --merge-base mstui/M1 -- plans/HANDOFF_M1.md'),
      before('is 1.4 behind the integration tip', 'M1-1.4 status --porcelain=v2 --branch'),
      after("1.4's merge commit made", 'M1 commit * -m Task 1.4:*'),
    ],
  },
  {
    name: '1.3, 1.4, 1.6 and the finish',
    moments: [
      before("1.3's worktree to be added", '* worktree add -b mstui/M1-1.3 *'),
      before("1.3's gate: clean, and commits ahead", 'M1-1.3 status --porcelain=v2 --branch'),
      after("1.3's merge commit made", 'M1 commit * -m Task 1.3:*'),
      after("1.4's worktree added", '* worktree add -b mstui/M1-1.4 *'),
      before("1.6's squash merge", 'M1 merge --squash --ff-only mstui/M1-1.6'),
      before("1.6's worktree to be removed", '* worktree remove */M1-1.6'),
      after('the final prune', '* worktree prune', { armedBy: '* worktree remove */M1-1.6' }),
      before('the report reads the handoff', '* cat-file --batch'),
    ],
  },
];

const EACH = process.env.MSTUI_CRASH_LOOP_EACH === '1';
const RUNS = EACH ? CHAINS.flatMap((c) => c.moments.map((m) => ({ name: m.name, moments: [m] }))) : CHAINS;

/** Bound on reaching a moment, or on the last run's end: a full run takes ~25 s here. */
const RUN_MS = 60_000;
/** Bound on every process of a killed run being gone (agents get SIGHUP as their ptys close). */
const GONE_MS = 5000;

const agentsOf = (repo: TempRepo) => (existsSync(state(repo, 'state.db')) ? agentPids(repo) : []);

const show = (run: Run, calls: string[]) => `mstui's git calls:\n${calls.join('\n')}\n--- its output:\n${run.out()}`;

/** Runs mstui with the wrapper holding `m`, kills it there, and waits for every process of that run to be gone. */
async function killAt(repo: TempRepo, env: Record<string, string>, m: Moment, k: number): Promise<void> {
  const cg = crashGit(join(repo.dir, '.git', `crash-${k}`), m);
  const run = fixtures.start(repo, { ...env, ...cg.env }, cg.launch);
  let ended = false;
  void run.exited.then(() => {
    ended = true;
  });
  const got = await waitFor(
    () => (cg.holding() ? 'held' : ended ? 'exited' : null),
    RUN_MS,
    () => `moment "${m.name}" (${m.pattern}) not reached and mstui still running after ${RUN_MS} ms (a hang?)\n${show(run, cg.calls())}`,
  );
  if (got === 'exited') {
    const { code, signal } = await run.exited;
    throw new Error(
      `moment "${m.name}" never reached: no git call matched ${JSON.stringify(m.pattern)} (#${m.nth ?? 1}${m.armedBy ? `, after ${m.armedBy}` : ''}) before mstui exited (${code ?? signal}). ` +
        `The pipeline changed: update CHAINS in test/e2e/crash-loop.test.ts.\n${show(run, cg.calls())}`,
    );
  }
  // The held git is a process in the repository: the check below sees this kind of process.
  if (process.platform === 'linux') expect(processesIn(repo.dir).map((p) => p.cmdline.split(' ')[1])).toContain(cg.bin);
  const agents = agentsOf(repo);
  run.child.kill('SIGKILL');
  expect((await exitOf(run, GONE_MS)).signal).toBe('SIGKILL');
  await expectNothingLeft(repo, agents, `after kill -9 at "${m.name}"`);
  const subs = subjects(repo);
  expect(subs.length, `a commit on mstui/M1 twice after kill -9 at "${m.name}":\n${subs.join('\n')}`).toBe(new Set(subs).size);
}

async function expectNothingLeft(repo: TempRepo, agents: { task: string; pid: number }[], when: string): Promise<void> {
  await waitFor(
    () => agents.every((a) => !alive(a.pid)) && processesIn(repo.dir).length === 0,
    GONE_MS,
    () =>
      `${when}: still alive after ${GONE_MS} ms: agents ${JSON.stringify(agents.filter((a) => alive(a.pid)))}, ` +
      `processes in the repository ${JSON.stringify(processesIn(repo.dir))}`,
  );
}

describe('mstui run --headless: the crash loop', () => {
  it.each(RUNS)('kill -9 at the git steps of $name, a restart after each: every commit once', { timeout: 300_000 }, async ({ moments }) => {
    const { repo, env } = fixtures.diamondRepo();
    for (const [k, m] of moments.entries()) await killAt(repo, env, m, k);

    const last = fixtures.start(repo, env);
    const r = await exitOf(last, RUN_MS);
    expect(r.code, last.out()).toBe(0);
    expect(last.out()).toMatch(/^Run done: 6 merged, /m);
    expect(last.out()).not.toContain('[stderr]');
    expectCompleteRun(repo);
    await expectNothingLeft(repo, agentsOf(repo), 'after the last run');
  });
});
