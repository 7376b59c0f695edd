/**
 * Crash recovery of `mstui run --headless --yes`: the built CLI is killed (SIGKILL, SIGTERM) mid-run, then the
 * same command is run again. Real git worktrees, real ptys, real SQLite, the scripted agent.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseLine } from '../../src/adapters/hook-inbox.js';
import { CLI, DIAMOND_PLAN, GIT_ENV, git, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { waitFor } from '../helpers/wait-for.js';

const IDS = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6'];
const ARGS = ['run', 'plans/M1_diamond.md', '--headless', '--parallel', '2', '--yes'];

interface Run {
  child: ChildProcess;
  out: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const repos: TempRepo[] = [];
const children: ChildProcess[] = [];

const SPEED = { durationMs: 1500, printBytesPerSec: 500 };
// 1.5 (independent) is slower, so it is mid-turn when 1.1 merges.
const SCENARIO = { default: SPEED, tasks: { '1.5': { durationMs: 3000 } } };

function diamondRepo(spec: Record<string, unknown> = SCENARIO): { repo: TempRepo; env: Record<string, string> } {
  const repo = tempRepo('mstui-crash-');
  repos.push(repo);
  repo.write('plans/M1_diamond.md', DIAMOND_PLAN);
  // A gate that takes a moment, so "verifying" is a state a kill can land in.
  repo.write('.mstui.json', scriptedConfig({ commands: { test: 'sleep 0.4; ! grep -rqs FAIL work/' } }));
  repo.commitAll('plan');
  const sc = scenario(repo, spec);
  return { repo, env: { SCRIPTED_AGENT_SCENARIO: sc, SCRIPTED_AGENT_LOG: join(repo.dir, '.git', 'agent-prompts.jsonl') } };
}

function start(repo: TempRepo, env: Record<string, string>): Run {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, ...env };
  delete childEnv.CLAUDECODE;
  const child = spawn(process.execPath, [CLI, ...ARGS], { cwd: repo.dir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout?.on('data', (d) => {
    out += String(d);
  });
  child.stderr?.on('data', (d) => {
    out += `[stderr] ${String(d)}`;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('exit', (code, signal) => r({ code, signal })),
  );
  return { child, out: () => out, exited };
}

/** The exit of a run, or a failure quoting its output after `ms`. */
function exitOf(run: Run, ms = 60_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`mstui did not exit within ${ms} ms:\n${run.out()}`)), ms);
  });
  return Promise.race([run.exited, late]).finally(() => clearTimeout(timer));
}

const state = (repo: TempRepo, ...rel: string[]) => join(repo.dir, '.worktrees', '.mstui', ...rel);

const readIf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** Hook records a task's agents appended (one JSON object a line), read as mstui reads them: a line torn by the kill is skipped. */
function hooks(repo: TempRepo, task: string): Record<string, unknown>[] {
  const file = state(repo, 'hooks', `${task}.jsonl`);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((l) => {
      const r = parseLine(l);
      return r ? [r] : [];
    });
}

/** Prompts the scripted agents received: which session of which task, in order. */
function prompts(env: Record<string, string>): { session_id: string; task: string; kind: string }[] {
  const file = env.SCRIPTED_AGENT_LOG as string;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

function subjects(repo: TempRepo): string[] {
  if (!existsSync(join(repo.dir, '.git/refs/heads/mstui/M1'))) return [];
  return git(repo.dir, 'log', '--format=%s', 'main..mstui/M1').split('\n').filter(Boolean);
}

function agentPids(repo: TempRepo): { task: string; pid: number }[] {
  const db = new Database(state(repo, 'state.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT task, pid FROM agents WHERE pid IS NOT NULL').all() as { task: string; pid: number }[];
  } finally {
    db.close();
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Tasks whose agent was in the middle of a turn: a prompt submitted after its last Stop. */
function midTurn(repo: TempRepo): Map<string, string> {
  const out = new Map<string, string>();
  for (const id of IDS) {
    const h = hooks(repo, id);
    const lastPrompt = h.findLastIndex((r) => r.hook_event_name === 'UserPromptSubmit');
    const lastStop = h.findLastIndex((r) => r.hook_event_name === 'Stop');
    if (lastPrompt > lastStop) out.set(id, String(h[lastPrompt]?.session_id));
  }
  return out;
}

/** Everything a finished, resumed run must leave behind. */
function expectCompleteRun(repo: TempRepo): void {
  const subs = subjects(repo);
  expect(subs.map((s) => /^Task (\S+): /.exec(s)?.[1]).sort(), subs.join('\n')).toEqual(IDS);
  expect(new Set(subs).size).toBe(6);
  const handoff = git(repo.dir, 'show', 'mstui/M1:plans/HANDOFF_M1.md');
  for (const id of IDS) expect(handoff.split(`## Task ${id} Complete`)).toHaveLength(2);
  for (const id of IDS) {
    // No work lost: each task branch's work file is on the integration branch as it is on the task branch.
    expect(git(repo.dir, 'show', `mstui/M1:work/${id}.txt`)).toBe(git(repo.dir, 'show', `mstui/M1-${id}:work/${id}.txt`));
  }
  expect(git(repo.dir, 'worktree', 'list', '--porcelain')).not.toMatch(/M1-1\.\d/);
  expect(readdirSync(join(repo.dir, '.worktrees')).filter((d) => d.startsWith('M1-'))).toEqual([]);
  // Never two agents of one task at once: no SessionStart between a SessionStart and its SessionEnd.
  for (const id of IDS) {
    let open = false;
    for (const r of hooks(repo, id)) {
      if (r.hook_event_name === 'SessionStart') {
        expect(open, `${id}: a second agent started while one was running`).toBe(false);
        open = true;
      } else if (r.hook_event_name === 'SessionEnd') open = false;
    }
  }
  expect(git(repo.dir, 'status', '--porcelain', '--untracked-files=no')).toBe('');
}

async function expectAgentsDead(repo: TempRepo, someRunning: boolean): Promise<void> {
  const pids = agentPids(repo);
  if (someRunning) expect(pids.length).toBeGreaterThan(0);
  await waitFor(
    () => pids.every((p) => !alive(p.pid)),
    5000,
    () => `agents still alive: ${JSON.stringify(pids.filter((p) => alive(p.pid)))}`,
  );
}

beforeAll(() => {
  expect(existsSync(CLI)).toBe(true);
});
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const r of repos.splice(0)) r.cleanup();
});

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

function storedEvents(repo: TempRepo, type: string): number {
  const db = new Database(state(repo, 'state.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events WHERE type = ?').get(type) as { n: number }).n;
  } finally {
    db.close();
  }
}

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
      const first = start(repo, env);
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
