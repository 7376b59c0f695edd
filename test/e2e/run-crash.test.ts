/**
 * Crash recovery of `mstui run --headless --yes`: the built CLI is killed (SIGKILL, SIGTERM) mid-run, then the
 * same command is run again. Real git worktrees, real ptys, real SQLite, the scripted agent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  agentPids,
  alive,
  crashFixtures,
  exitOf,
  expectAgentsDead,
  expectCompleteRun,
  hooks,
  IDS,
  midTurn,
  prompts,
  type Run,
  readIf,
  SCENARIO,
  state,
  storedEvents,
  subjects,
} from '../helpers/crash.js';
import { CLI, scenario, scriptedConfig, type TempRepo } from '../helpers/repo.js';
import { waitFor } from '../helpers/wait-for.js';

const fixtures = crashFixtures();
const { diamondRepo, start } = fixtures;

beforeAll(() => {
  expect(existsSync(CLI)).toBe(true);
});
afterEach(() => fixtures.cleanup());

interface KillPoint {
  name: string;
  reached: (repo: TempRepo, out: string) => boolean;
  /** Scenario of the killed run (the restart always runs SCENARIO). */
  scenario?: Record<string, unknown>;
  /** Environment of the killed run only (e.g. a git wrapper that holds it at a chosen step). */
  env?: (repo: TempRepo) => Record<string, string>;
  /** Killed once every agent has ended: there may be no stored pid left. */
  agentsEnded?: boolean;
  /** Extra checks once the restarted run finished. */
  check?: (env: Record<string, string>, repo: TempRepo, second: Run) => void | Promise<void>;
}

/**
 * A `git` first on PATH that, once every task is merged, holds `git worktree prune` (the finishing step, after the
 * last Merged event and the last worktree's removal) until mstui is gone, and marks that it got there; every other
 * call is the real git.
 */
function holdAtPrune(repo: TempRepo): Record<string, string> {
  const bin = join(repo.dir, '.git', 'test-bin');
  mkdirSync(bin, { recursive: true });
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const script = [
    '#!/bin/sh',
    `merged() { ${JSON.stringify(real)} log --format=%s main..mstui/M1 2>/dev/null | grep -c '^Task '; }`,
    `if [ "$1" = worktree ] && [ "$2" = prune ] && [ "$(merged)" = ${IDS.length} ]; then`,
    `  : > ${JSON.stringify(pruneMark(repo))}`,
    '  while kill -0 $PPID 2>/dev/null; do sleep 0.05; done',
    '  exit 1',
    'fi',
    `exec ${JSON.stringify(real)} "$@"`,
  ].join('\n');
  writeFileSync(join(bin, 'git'), `${script}\n`, { mode: 0o755 });
  return { PATH: `${bin}:${process.env.PATH ?? ''}` };
}

const pruneMark = (repo: TempRepo) => join(repo.dir, '.git', 'at-prune');

const KILL_POINTS: KillPoint[] = [
  { name: 'while the first agent is working', reached: (repo) => hooks(repo, '1.1').some((r) => r.hook_event_name === 'UserPromptSubmit') },
  { name: 'right after the first merge', reached: (repo) => subjects(repo).some((s) => s.startsWith('Task 1.1:')) },
  { name: 'while a later task is verifying', reached: (_repo, out) => /Verifying 1\.[234]/.test(out) },
  {
    // Its session never got a prompt: there is no conversation to --resume, the task must start afresh.
    name: 'before 1.1 got its prompt',
    scenario: { ...SCENARIO, tasks: { ...SCENARIO.tasks, '1.1': { trustDialog: true } } },
    reached: (repo) => readIf(state(repo, 'logs', '1.1.log')).includes('Yes, I trust this folder'),
    check: (env) =>
      expect(
        prompts(env)
          .filter((p) => p.task === '1.1')
          .map((p) => p.kind),
      ).toEqual(['initial']),
  },
  {
    // Every task merged and its worktree removed, the run not yet recorded finished: the replayed state is final.
    name: 'right after the last Merged event, while the run finishes',
    env: holdAtPrune,
    agentsEnded: true,
    reached: (repo) => existsSync(pruneMark(repo)) && storedEvents(repo, 'Merged') === IDS.length,
    check: async (env, repo, second) => {
      expect(second.out()).toMatch(/^Run done: 6 merged, 0 already done, 0 failed, 0 skipped, 0 remaining$/m);
      expect(second.out()).toContain('Report written to');
      // Recorded finished now: the same command says so in one line and exits.
      const third = start(repo, env);
      expect((await exitOf(third, 30_000)).code, third.out()).toBe(0);
      expect(third.out().trim().split('\n')).toEqual([
        'Run 1 of M1 already finished (exit 0): every task is merged on mstui/M1; nothing to run.',
      ]);
    },
  },
];

describe('mstui run --headless: crash recovery', () => {
  it.each(KILL_POINTS)('kill -9 $name, then the same command finishes the run', { timeout: 90_000 }, async (kp) => {
    const { repo, env } = diamondRepo(kp.scenario);
    const first = start(repo, { ...env, ...kp.env?.(repo) });
    await waitFor(
      () => kp.reached(repo, first.out()),
      45_000,
      () => `kill point not reached:\n${first.out()}`,
    );
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const running = midTurn(repo);
    const promptsBefore = prompts(env).length;
    // The ptys closed with mstui: every agent got SIGHUP and is gone (the restart's endOrphans is only a backstop).
    await expectAgentsDead(repo, !kp.agentsEnded);

    scenario(repo, SCENARIO);
    const second = start(repo, env);
    const r = await exitOf(second);
    expect(r.code, second.out()).toBe(0);
    expect(second.out()).not.toContain('[stderr]');
    expectCompleteRun(repo);
    // A task whose agent was mid-turn was resumed: same session id, started with --resume.
    const after = prompts(env).slice(promptsBefore);
    for (const [task, session] of running) {
      const resumed = after.filter((p) => p.task === task);
      expect(resumed.length, `${task} was not restarted:\n${second.out()}`).toBeGreaterThan(0);
      for (const p of resumed) expect(p.session_id, `${task} got a new session`).toBe(session);
      expect(hooks(repo, task).some((h) => h.hook_event_name === 'SessionStart' && h.source === 'resume' && h.session_id === session)).toBe(
        true,
      );
    }
    await kp.check?.(env, repo, second);
  });

  it.runIf(process.platform === 'linux')(
    'kill -9 while a long gate command runs: the command holds no agent terminal, the agents end at once',
    { timeout: 90_000 },
    async () => {
      const { repo, env } = diamondRepo();
      const gatePid = join(repo.dir, '.git', 'gate.pid');
      // The gate outlives mstui (an orphan, as a user's slow test suite would): it must not keep the agents alive.
      repo.write('.mstui.json', scriptedConfig({ commands: { test: `echo $$ > ${JSON.stringify(gatePid)}; exec sleep 60` } }));
      repo.commitAll('slow gate');
      // No baseline: it would run the slow gate command on the base before any agent starts.
      const first = start(repo, env, (argv) => [...argv, '--skip-baseline']);
      try {
        await waitFor(
          () => existsSync(gatePid) && readIf(gatePid).trim() !== '' && agentPids(repo).some((p) => alive(p.pid)),
          45_000,
          first.out,
        );
        const gate = Number(readIf(gatePid).trim());
        first.child.kill('SIGKILL');
        await first.exited;
        await expectAgentsDead(repo, true);
        expect(alive(gate), 'the gate command is still running (it is not what ended the agents)').toBe(true);
        const links = readdirSync(`/proc/${gate}/fd`).map((fd) => readlinkSync(`/proc/${gate}/fd/${fd}`));
        expect(links.length).toBeGreaterThan(0);
        expect(links.filter((l) => l.endsWith('ptmx'))).toEqual([]);
      } finally {
        const gate = Number(readIf(gatePid).trim());
        if (gate > 0 && alive(gate)) process.kill(gate, 'SIGKILL');
      }
    },
  );

  it('SIGTERM stops the agents, saves state and exits 143; the same command finishes the run', { timeout: 90_000 }, async () => {
    const { repo, env } = diamondRepo();
    const first = start(repo, env);
    await waitFor(() => /Completed 1\.1/.test(first.out()) && midTurn(repo).size > 0, 45_000, first.out);
    first.child.kill('SIGTERM');
    expect(await exitOf(first, 15_000), first.out()).toEqual({ code: 143, signal: null });
    expect(first.out()).toContain('SIGTERM: stopping agents; state saved');
    // The agents were stopped before mstui exited, not left to the pty hangup.
    for (const p of agentPids(repo)) expect(alive(p.pid), `agent of ${p.task} (pid ${p.pid})`).toBe(false);

    const second = start(repo, env);
    expect((await exitOf(second)).code, second.out()).toBe(0);
    expectCompleteRun(repo);
  });
});
