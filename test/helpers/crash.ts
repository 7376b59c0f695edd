/**
 * Crash-recovery fixtures for `mstui run --headless --yes`: the 6-task diamond plan run by the scripted agent, the
 * built CLI started as a child process (to be killed), and what a finished, resumed run must leave behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { parseLine } from '../../src/adapters/hook-inbox.js';
import { CLI, DIAMOND_PLAN, GIT_ENV, git, scenario, scriptedConfig, type TempRepo, tempRepo } from './repo.js';
import { waitFor } from './wait-for.js';

export const IDS = ['1.1', '1.2', '1.3', '1.4', '1.5', '1.6'];
export const ARGS = ['run', 'plans/M1_diamond.md', '--headless', '--parallel', '2', '--yes'];

const SPEED = { durationMs: 1500, printBytesPerSec: 500 };
/** 1.5 (independent) is slower, so it is mid-turn when 1.1 merges. */
export const SCENARIO = { default: SPEED, tasks: { '1.5': { durationMs: 3000 } } };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Run {
  child: ChildProcess;
  /** stdout and stderr so far, stderr chunks prefixed with `[stderr] `. */
  out: () => string;
  exited: Promise<Exit>;
}

export interface CrashFixtures {
  /** A temp repo with the diamond plan, a gate that takes a moment, and the scripted agent's scenario. */
  diamondRepo(spec?: Record<string, unknown>): { repo: TempRepo; env: Record<string, string> };
  /** `mstui run` (ARGS) in `repo`; `launch` may wrap its argv (e.g. in a shell that records the pid first). */
  start(repo: TempRepo, env: Record<string, string>, launch?: (argv: string[]) => string[]): Run;
  /** Kills whatever is still running and removes the repos: for afterEach. */
  cleanup(): void;
}

export function crashFixtures(): CrashFixtures {
  const repos: TempRepo[] = [];
  const children: ChildProcess[] = [];
  return {
    diamondRepo(spec = SCENARIO) {
      const repo = tempRepo('mstui-crash-');
      repos.push(repo);
      repo.write('plans/M1_diamond.md', DIAMOND_PLAN);
      // A gate that takes a moment, so "verifying" is a state a kill can land in.
      repo.write('.mstui.json', scriptedConfig({ commands: { test: 'sleep 0.4; ! grep -rqs FAIL work/' } }));
      repo.commitAll('plan');
      const sc = scenario(repo, spec);
      return { repo, env: { SCRIPTED_AGENT_SCENARIO: sc, SCRIPTED_AGENT_LOG: join(repo.dir, '.git', 'agent-prompts.jsonl') } };
    },
    start(repo, env, launch = (argv) => argv) {
      const childEnv: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, ...env };
      delete childEnv.CLAUDECODE;
      const [cmd, ...args] = launch([process.execPath, CLI, ...ARGS]) as [string, ...string[]];
      const child = spawn(cmd, args, { cwd: repo.dir, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      let out = '';
      child.stdout?.on('data', (d) => {
        out += String(d);
      });
      child.stderr?.on('data', (d) => {
        out += `[stderr] ${String(d)}`;
      });
      const exited = new Promise<Exit>((r) => child.on('exit', (code, signal) => r({ code, signal })));
      return { child, out: () => out, exited };
    },
    cleanup() {
      for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      for (const r of repos.splice(0)) r.cleanup();
    },
  };
}

/** The exit of a run, or a failure quoting its output after `ms`. */
export function exitOf(run: Run, ms = 60_000): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`mstui did not exit within ${ms} ms:\n${run.out()}`)), ms);
  });
  return Promise.race([run.exited, late]).finally(() => clearTimeout(timer));
}

export const state = (repo: TempRepo, ...rel: string[]) => join(repo.dir, '.worktrees', '.mstui', ...rel);

export const readIf = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** Hook records a task's agents appended (one JSON object a line), read as mstui reads them: a line torn by the kill is skipped. */
export function hooks(repo: TempRepo, task: string): Record<string, unknown>[] {
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
export function prompts(env: Record<string, string>): { session_id: string; task: string; kind: string }[] {
  const file = env.SCRIPTED_AGENT_LOG as string;
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Subjects of the commits on mstui/M1 since main, newest first. */
export function subjects(repo: TempRepo): string[] {
  if (!existsSync(join(repo.dir, '.git/refs/heads/mstui/M1'))) return [];
  return git(repo.dir, 'log', '--format=%s', 'main..mstui/M1').split('\n').filter(Boolean);
}

export function agentPids(repo: TempRepo): { task: string; pid: number }[] {
  const db = new Database(state(repo, 'state.db'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT task, pid FROM agents WHERE pid IS NOT NULL').all() as { task: string; pid: number }[];
  } finally {
    db.close();
  }
}

export function storedEvents(repo: TempRepo, type: string): number {
  const db = new Database(state(repo, 'state.db'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM events WHERE type = ?').get(type) as { n: number }).n;
  } finally {
    db.close();
  }
}

export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Processes (other than zombies) whose working directory is `dir` or inside it: agents, gate commands, git. Linux
 * only (/proc); elsewhere always empty.
 */
export function processesIn(dir: string): { pid: number; cmdline: string }[] {
  if (!existsSync('/proc/self/cwd')) return [];
  const found: { pid: number; cmdline: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cwd = readlinkSync(`/proc/${name}/cwd`);
      if (cwd !== dir && !cwd.startsWith(`${dir}/`)) continue;
      if (/^\S+ \(.*\) Z /.test(readFileSync(`/proc/${name}/stat`, 'utf8'))) continue;
      found.push({ pid: Number(name), cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ').trim() });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** Tasks whose agent was in the middle of a turn: a prompt submitted after its last Stop. */
export function midTurn(repo: TempRepo): Map<string, string> {
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
export function expectCompleteRun(repo: TempRepo): void {
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

export async function expectAgentsDead(repo: TempRepo, someRunning: boolean): Promise<void> {
  const pids = agentPids(repo);
  if (someRunning) expect(pids.length).toBeGreaterThan(0);
  await waitFor(
    () => pids.every((p) => !alive(p.pid)),
    5000,
    () => `agents still alive: ${JSON.stringify(pids.filter((p) => alive(p.pid)))}`,
  );
}
