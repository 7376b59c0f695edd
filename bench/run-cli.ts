/** The benches' real runs: the built CLI with `--json`, in a throwaway repo whose agent is the scripted one. */
import { type ChildProcess, spawn } from 'node:child_process';
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
