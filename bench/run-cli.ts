/** The benches' real runs: the built CLI with `--json`, in a throwaway repo whose agent is the scripted one. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Event } from '../src/core/scheduler/types.js';
import { GIT_ENV, scenario, scriptedConfig, type TempRepo, tempRepo } from '../test/helpers/repo.js';

export interface BenchTask {
  id: string;
  deps: string[];
}

export interface Line {
  event: Event;
  atMs: number;
}

export interface Proc {
  pid: number;
  lines: Line[];
  code: number | null;
  wallMs: number;
  stderr: string;
}

/** Spawns `node <cli> ...`, collects its --json event lines; `onLine` sees each one as it arrives. */
export function runCli(
  cli: string,
  cwd: string,
  args: string[],
  env: Record<string, string>,
  onLine: (l: Line, p: ChildProcess) => void,
  timeoutMs: number,
) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, ...env };
  delete childEnv.CLAUDECODE;
  const t0 = performance.now();
  const child = spawn(process.execPath, [cli, ...args], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Line[] = [];
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(text);
    } catch {
      return;
    }
    const { at, status: _status, ...event } = raw;
    const line = { event: event as unknown as Event, atMs: Date.parse(String(at)) };
    lines.push(line);
    onLine(line, child);
  });
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
  return {
    pid: child.pid ?? -1,
    done: new Promise<Proc>((resolve) => {
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ pid: child.pid ?? -1, lines, code, wallMs: performance.now() - t0, stderr });
      });
    }),
  };
}

export function markdownPlan(title: string, tasks: readonly BenchTask[]): string {
  const out = [`# Milestone 1: ${title}`, ''];
  for (const t of tasks) {
    out.push(`## Task ${t.id}: Part ${t.id}`, '**Type:** CODING', `**Depends on:** ${t.deps.length ? t.deps.join(', ') : 'none'}`, '');
  }
  return out.join('\n');
}

export function benchRepo(
  title: string,
  tasks: readonly BenchTask[],
  spec: Record<string, unknown>,
): { repo: TempRepo; scenarioPath: string } {
  const repo = tempRepo('mstui-bench-');
  repo.write('plans/M1_bench.md', markdownPlan(title, tasks));
  repo.write('.mstui.json', scriptedConfig());
  repo.commitAll('plan');
  return { repo, scenarioPath: scenario(repo, spec) };
}

export const ofType = <K extends Event['type']>(lines: Line[], type: K) =>
  lines.filter((l): l is { event: Extract<Event, { type: K }>; atMs: number } => l.event.type === type);

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] ?? Number.NaN) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** Fields of /proc/<pid>/stat after the command name (field 3 is [0]); null when the process is gone. */
export const statOf = (pid: number | 'self'): string[] | null => {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
};

/** CPU of this process's waited-for children (cutime + cstime), in ms. */
export const childrenCpuMs = (): number => {
  const f = statOf('self');
  return f ? ((Number(f[13]) + Number(f[14])) * 1000) / CLK_TCK : Number.NaN;
};

export interface RecordingGit {
  /** PATH with the recording `git` first. */
  path: string;
  /** The records so far: `cwd=<folder>\0<arg>\0<arg>…`, one per git program started. */
  lines(): string[];
  reset(): void;
  remove(): void;
}

/** A `git` first on PATH that records each program's folder and argv, then runs the real git; null without one. */
export function recordingGit(): RecordingGit | null {
  const realGit = ['/usr/bin/git', '/usr/local/bin/git', '/bin/git'].find((p) => existsSync(p));
  if (!realGit) return null;
  const bin = mkdtempSync(join(tmpdir(), 'mstui-git-count-'));
  const log = join(bin, 'argv.log');
  // Each argv, NUL-separated, one record per line, the folder it ran in first: the real git then runs unchanged.
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh\nprintf 'cwd=%s\\0' "$PWD" >> '${log}'\nprintf '%s\\0' "$@" >> '${log}'\nprintf '\\n' >> '${log}'\nexec '${realGit}' "$@"\n`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  writeFileSync(log, '');
  return {
    path: `${bin}:${process.env.PATH ?? ''}`,
    lines: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
    reset: () => writeFileSync(log, ''),
    remove: () => rmSync(bin, { recursive: true, force: true }),
  };
}
