/**
 * Hook latency benchmark: `npm run bench:hooks` (= `npx tsx bench/hooks.ts`). Prints one JSON line per measurement.
 *
 * A real `mstui run --headless --yes --json` (built CLI, git worktrees, ptys) walks a chain of tasks done by the
 * scripted agent, whose hooks are the real hook command (`sh -c`, appending a JSON line to the task's hook file).
 * This process watches the hook folder with its own `fs.watch` (inotify): the moment it sees a hook line is "hook
 * written". The moment mstui prints the event that line became (its `--json` line, stamped when the reducer ran)
 * is "event reduced". The pairs: SessionStart / UserPromptSubmit / PreToolUse → AgentBusy, Stop → AgentIdle.
 * `floor*`: this process's own watcher, write → notification (the cost of noticing a file change at all).
 *
 * Target (issue 14): hook written → event reduced, p95 ≤ 20 ms. `--quick`: a 3-task chain (what `npm test` runs so
 * the bench cannot rot; its figures mean nothing); `--verbose`: one line per pair. A case with an `error` exits 1.
 */
import { existsSync, type FSWatcher, openSync, readSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import { CLI as BUILT_CLI } from '../test/helpers/repo.js';
import { benchRepo, type Line, runCli } from './run-cli.js';

const CLI = process.env.MSTUI_CLI ?? BUILT_CLI;
const QUICK = process.argv.includes('--quick');
const VERBOSE = process.argv.includes('--verbose');
const TASKS = QUICK ? 3 : 12;
const TARGET_P95_MS = 20;
/** A hook line and its event are paired when the event is stamped no earlier than this before the line was seen. */
const CLOCK_SLACK_MS = 2;

const EXPECTED: Record<string, string> = {
  SessionStart: 'AgentBusy',
  UserPromptSubmit: 'AgentBusy',
  PreToolUse: 'AgentBusy',
  Stop: 'AgentIdle',
};

const emit = (o: Record<string, unknown>): void => {
  if ('error' in o) process.exitCode = 1;
  console.log(JSON.stringify({ bench: 'hooks', ...o }));
};
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

interface Seen {
  task: string;
  name: string;
  atMs: number;
}

/** Tails every `<task>.jsonl` in `dir` as it grows: each new line with the wall-clock time it was first seen. */
function tailHooks(dir: string, seen: Seen[], floor: number[]): FSWatcher {
  const offsets = new Map<string, number>();
  const readNew = (file: string, atMs: number) => {
    const path = join(dir, file);
    const from = offsets.get(file) ?? 0;
    const size = statSync(path, { throwIfNoEntry: false })?.size ?? 0;
    if (size <= from) return;
    const buf = Buffer.alloc(size - from);
    const fd = openSync(path, 'r');
    readSync(fd, buf, 0, buf.length, from);
    const text = buf.toString('utf8');
    const end = text.lastIndexOf('\n') + 1;
    offsets.set(file, from + Buffer.byteLength(text.slice(0, end)));
    for (const line of text.slice(0, end).split('\n')) {
      if (!line.trim()) continue;
      try {
        const rec = JSON.parse(line) as { hook_event_name?: string };
        seen.push({ task: file.replace(/\.jsonl$/, ''), name: String(rec.hook_event_name), atMs });
      } catch {
        // a torn line: not a hook event
      }
    }
  };
  return watch(dir, (_kind, file) => {
    const atMs = Date.now();
    const t0 = performance.now();
    if (file?.endsWith('.jsonl')) readNew(file, atMs);
    floor.push(performance.now() - t0);
  });
}

async function waitForDir(dir: string, deadlineMs: number): Promise<boolean> {
  while (!existsSync(dir)) {
    if (Date.now() > deadlineMs) return false;
    await new Promise((r) => setImmediate(r));
  }
  return true;
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) return emit({ case: 'hooks', error: `${CLI} not found: run \`npm run build\` first` });
  const tasks = Array.from({ length: TASKS }, (_, i) => ({ id: `1.${i + 1}`, deps: i === 0 ? [] : [`1.${i}`] }));
  const { repo, scenarioPath } = benchRepo('Hooks', tasks, { default: { durationMs: 300, printBytesPerSec: 2000 } });
  const seen: Seen[] = [];
  const floor: number[] = [];
  let watcher: FSWatcher | null = null;
  try {
    const args = ['run', 'plans/M1_bench.md', '--headless', '--yes', '--json'];
    const proc = runCli(CLI, repo.dir, args, { SCRIPTED_AGENT_SCENARIO: scenarioPath }, () => {}, 5 * 60_000);
    const hooksDir = join(repo.dir, '.worktrees/.mstui/hooks');
    if (await waitForDir(hooksDir, Date.now() + 60_000)) watcher = tailHooks(hooksDir, seen, floor);
    const run = await proc.done;
    if (run.code !== 0 || !watcher) return emit({ case: `chain-${TASKS}`, error: `exit ${run.code}`, stderr: run.stderr.slice(-500) });
    const latencies = pair(seen, run.lines);
    if (latencies.length === 0) return emit({ case: `chain-${TASKS}`, error: 'no hook line was paired with an event' });
    emit({
      case: `chain-${TASKS}`,
      hookLines: seen.length,
      paired: latencies.length,
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      maxMs: round(Math.max(...latencies)),
      floorP95Ms: round(percentile(floor, 95), 2),
      targetP95Ms: TARGET_P95_MS,
      withinTarget: percentile(latencies, 95) <= TARGET_P95_MS,
    });
  } finally {
    watcher?.close();
    repo.cleanup();
  }
}

/** Each hook line with the first unpaired event of its kind for its task stamped at or after it: the delays, in ms. */
function pair(seen: Seen[], lines: Line[]): number[] {
  const used = new Set<Line>();
  const out: number[] = [];
  for (const s of seen) {
    const want = EXPECTED[s.name];
    if (!want) continue;
    const hit = lines.find(
      (l) => !used.has(l) && l.event.type === want && 'task' in l.event && l.event.task === s.task && l.atMs >= s.atMs - CLOCK_SLACK_MS,
    );
    if (!hit) continue;
    used.add(hit);
    out.push(Math.max(0, hit.atMs - s.atMs));
    if (VERBOSE) emit({ case: 'pair', hook: s.name, task: s.task, ms: hit.atMs - s.atMs });
  }
  return out;
}

await main();
