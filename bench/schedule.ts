/**
 * Run engine benchmark: `npm run bench:schedule` (= `npx tsx bench/schedule.ts`). Prints one JSON line per measurement.
 *
 * 1. `sim-*`: scheduling quality. Seeded random 40-task DAGs (each task depends on 0–3 random earlier tasks, 1–10 time
 *    units each) go through the real reducer (`initState` / `reduce`) on a simulated clock: every StartTask is answered
 *    with TaskStarted now and HandoffWritten + AgentIdle after the task's duration; gates pass and (`--yes`) merges happen
 *    at once. Makespan / max(critical path, total work / N) is compared with a wave-by-wave schedule of the same DAG
 *    (a wave starts when the previous one is done, N at a time inside it). Target: reducer ratio ≤ 1.10.
 *    `oracle*` is the same reducer with a rank that knows the durations (weighted critical path): a diagnostic only,
 *    plans carry no durations.
 * 2. `real-dag-40`: one real `mstui run --headless --yes --parallel 4 --json` (built CLI, git worktrees, ptys, the
 *    scripted agent) over a 40-task DAG whose units become durationMs 200–1200. Wall-clock makespan vs the ideal bound,
 *    and the per-task overhead (slot held − scripted duration), replayed from the JSON event stream.
 * 3. `cpu-*`: supervisor CPU per agent-second. 8 independent tasks, --parallel 8, each agent working ~10 s while printing
 *    printBytesPerSec. CPU = utime + stime of the mstui node process alone (/proc/<pid>/stat, children excluded);
 *    peak RSS = its VmHWM.
 *
 * Flags: `--seeds N` (default 50), `--sim-only`, `--verbose` (one line per seed), `--quick` (3 seeds, an 8-task real
 * run and a 2-agent CPU run of 2 s: what `npm test` runs so the bench cannot rot; its figures mean nothing). Any
 * case that reports an `error` makes the exit code 1. Real runs need `npm run build` first;
 * `MSTUI_CLI=path/to/cli.js` runs another build.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildGraph, criticalPath, topoWaves } from '../src/core/graph/graph.js';
import { initState, type PlanTaskInput } from '../src/core/scheduler/init.js';
import { reduce } from '../src/core/scheduler/reduce.js';
import type { Effect, Event, RunOptions, RunState } from '../src/core/scheduler/types.js';
import { mulberry32 } from '../test/fuzz/mutate.js';
import { CLI as BUILT_CLI } from '../test/helpers/repo.js';
import { benchRepo, ofType, runCli as runBuiltCli } from './run-cli.js';

const TARGET = 1.1;
const TASKS = 40;
const PARALLEL = [1, 2, 4, 8];
const CLI = process.env.MSTUI_CLI ?? BUILT_CLI;

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const QUICK = flag('--quick');
const SEEDS = (argv.includes('--seeds') && Number(argv[argv.indexOf('--seeds') + 1])) || (QUICK ? 3 : 50);
/** Tasks in the real DAG run. */
const REAL_TASKS = QUICK ? 8 : TASKS;

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]): number => (xs.length ? sum(xs) / xs.length : 0);
const min = (xs: number[]): number => xs.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
const max = (xs: number[]): number => xs.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;
const emit = (o: Record<string, unknown>): void => {
  if ('error' in o) process.exitCode = 1;
  console.log(JSON.stringify({ bench: 'schedule', ...o }));
};

interface DagTask {
  id: string;
  deps: string[];
  /** Simulated duration (time units, or ms). */
  dur: number;
}

/** `n` tasks; each depends on 0–3 random earlier tasks and takes 1–10 units. */
function generateDag(n: number, seed: number): DagTask[] {
  const rng = mulberry32(seed);
  const tasks: DagTask[] = [];
  for (let i = 0; i < n; i++) {
    const deps = new Set<string>();
    const k = i === 0 ? 0 : Math.floor(rng() * 4);
    for (let j = 0; j < k; j++) deps.add(`1.${Math.floor(rng() * i) + 1}`);
    tasks.push({ id: `1.${i + 1}`, deps: [...deps], dur: 1 + Math.floor(rng() * 10) });
  }
  return tasks;
}

const planInput = (tasks: DagTask[]): PlanTaskInput[] =>
  tasks.map((t) => ({ id: t.id, title: `Part ${t.id}`, deps: t.deps, files: [], done: false }));

function runOptions(parallel: number): RunOptions {
  return {
    parallel,
    stopOnFailure: false,
    autoYes: true,
    permissions: 'approve',
    maxRetries: 3,
    needsConfirmation: false,
    integration: false,
  };
}

/** Critical path (weighted by duration), total work and wave order of a DAG. */
function shape(tasks: DagTask[]) {
  const g = buildGraph(tasks);
  const waves = topoWaves(g);
  if (!waves.ok) throw new Error('generated DAG has a cycle');
  const dur = (i: number) => tasks[i]?.dur ?? 0;
  return { g, waves: waves.value, cp: criticalPath(g, waves.value, dur).length, work: sum(tasks.map((t) => t.dur)) };
}

const bound = (s: { cp: number; work: number }, n: number): number => Math.max(s.cp, s.work / n);

/**
 * Discrete-event simulation around the real reducer. `rank` overrides the reducer's priority (diagnostics only).
 * Events due at the same time are applied in the order they were produced.
 */
function simulate(tasks: DagTask[], parallel: number, rank?: Map<string, number>): number {
  let state: RunState = initState(planInput(tasks), null, runOptions(parallel));
  if (rank) for (const [id, r] of rank) if (state.info[id]) state.info[id].rank = r;
  const dur = new Map(tasks.map((t) => [t.id, t.dur]));
  const queue: { at: number; seq: number; event: Event }[] = [];
  let seq = 0;
  let now = 0;
  let finishedAt: number | null = null;
  let exitCode = -1;
  const at = (time: number, event: Event) => {
    // Keep the queue sorted by (time, seq): insert after every entry due at or before `time`.
    let i = queue.length;
    while (i > 0 && (queue[i - 1]?.at ?? 0) > time) i--;
    queue.splice(i, 0, { at: time, seq: seq++, event });
  };
  const effect = (fx: Effect) => {
    switch (fx.type) {
      case 'StartTask': {
        at(now, { type: 'TaskStarted', task: fx.task, sessionId: `s-${fx.task}`, atMs: now });
        const done = now + (dur.get(fx.task) ?? 0);
        at(done, { type: 'HandoffWritten', task: fx.task });
        at(done, { type: 'AgentIdle', task: fx.task });
        return;
      }
      case 'RunGates':
        return at(now, { type: 'GatesPassed', task: fx.task });
      case 'RunCi':
        return at(now, { type: 'CiPassed', task: fx.task, summary: 'simulated' });
      case 'Merge':
        return at(now, { type: 'Merged', task: fx.task, commit: `c-${fx.task}`, atMs: now });
      case 'Finish':
        finishedAt = now;
        exitCode = fx.exitCode;
        return;
      case 'Ask':
        throw new Error(`the reducer asked a question with --yes: ${fx.question.text}`);
      case 'SendPrompt':
      case 'UpdateBranches':
      case 'Cleanup':
      case 'StopAgent':
      case 'WriteFailure':
      case 'AnswerDialog':
        return; // no reply and no time in the simulation
      case 'CheckDeliverable':
      case 'StartConflictResolution':
      case 'RunIntegration':
      case 'RunBaseline':
        throw new Error(`the simulation does not answer ${fx.type} (a plan without kiro phases, conflicts, integration or baseline)`);
      default: {
        // A new effect is a compile error here, not a simulation that stops without a word.
        const unknown: never = fx;
        throw new Error(`the simulation does not know the effect ${JSON.stringify(unknown)}`);
      }
    }
  };
  const apply = (event: Event) => {
    const step = reduce(state, event);
    state = step.state;
    for (const fx of step.effects) effect(fx);
  };
  apply({ type: 'RunResumed' });
  for (let next = queue.shift(); next; next = queue.shift()) {
    now = next.at;
    apply(next.event);
  }
  if (finishedAt === null || exitCode !== 0) throw new Error(`simulated run did not finish cleanly (exit ${exitCode})`);
  return finishedAt;
}

/** Wave by wave: a wave starts when the previous one is done; inside it, N at a time in document order. */
function waveMakespan(tasks: DagTask[], waves: number[][], parallel: number): number {
  let t = 0;
  for (const wave of waves) {
    const slots = new Array<number>(parallel).fill(t);
    for (const i of wave) {
      slots.sort((a, b) => a - b);
      slots[0] = (slots[0] ?? t) + (tasks[i]?.dur ?? 0);
    }
    t = max(slots);
  }
  return t;
}

/** Diagnostic rank: longest duration-weighted chain from the task to the end (what the reducer would need durations for). */
function weightedRank(tasks: DagTask[], g: ReturnType<typeof buildGraph>): Map<string, number> {
  const r = new Array<number>(tasks.length).fill(0);
  for (let i = tasks.length - 1; i >= 0; i--) {
    let below = 0;
    for (const d of g.dependents[i] ?? []) below = Math.max(below, r[d] ?? 0);
    r[i] = below + (tasks[i]?.dur ?? 0);
  }
  return new Map(tasks.map((t, i) => [t.id, r[i] ?? 0]));
}

function benchSimulation(): void {
  const dags = Array.from({ length: SEEDS }, (_, k) => {
    const tasks = generateDag(TASKS, k + 1);
    const s = shape(tasks);
    return { seed: k + 1, tasks, ...s, oracle: weightedRank(tasks, s.g) };
  });
  for (const n of PARALLEL) {
    const reducer: number[] = [];
    const waves: number[] = [];
    const oracle: number[] = [];
    for (const d of dags) {
      const lb = bound(d, n);
      const r = simulate(d.tasks, n) / lb;
      const w = waveMakespan(d.tasks, d.waves, n) / lb;
      const o = simulate(d.tasks, n, d.oracle) / lb;
      reducer.push(r);
      waves.push(w);
      oracle.push(o);
      if (flag('--verbose')) {
        const seed = { seed: d.seed, cp: d.cp, work: d.work, waves: d.waves.length, bound: round(lb) };
        emit({ case: 'sim-seed', parallel: n, ...seed, reducer: round(r), waveByWave: round(w), oracle: round(o) });
      }
    }
    emit({
      case: `sim-dag-${TASKS}-parallel-${n}`,
      tasks: TASKS,
      seeds: SEEDS,
      parallel: n,
      reducerMean: round(mean(reducer)),
      reducerMax: round(max(reducer)),
      waveByWaveMean: round(mean(waves)),
      waveByWaveMax: round(max(waves)),
      seedsOverTarget: reducer.filter((x) => x > TARGET).length,
      oracleMean: round(mean(oracle)),
      oracleMax: round(max(oracle)),
      target: TARGET,
      withinTarget: mean(reducer) <= TARGET,
    });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Real runs through the built CLI.

const unitsToMs = (units: number): number => Math.round(200 + ((units - 1) * 1000) / 9);

async function benchRealDag(parallel: number, seed: number): Promise<void> {
  const tasks = generateDag(REAL_TASKS, seed).map((t) => ({ ...t, dur: unitsToMs(t.dur) }));
  const s = shape(tasks);
  const perTask = Object.fromEntries(tasks.map((t) => [t.id, { durationMs: t.dur }]));
  const { repo, scenarioPath } = benchRepo('Bench DAG', tasks, { default: { printBytesPerSec: 2000 }, tasks: perTask });
  try {
    const args = ['run', 'plans/M1_bench.md', '--headless', '--yes', '--parallel', String(parallel), '--json'];
    const run = await runBuiltCli(CLI, repo.dir, args, { SCRIPTED_AGENT_SCENARIO: scenarioPath }, () => {}, 10 * 60_000).done;
    const merged = ofType(run.lines, 'Merged');
    const resumed = ofType(run.lines, 'RunResumed')[0];
    if (run.code !== 0 || merged.length !== tasks.length || !resumed) {
      emit({
        case: `real-dag-${REAL_TASKS}`,
        error: `exit ${run.code}, ${merged.length}/${tasks.length} merged`,
        stderr: run.stderr.slice(-500),
      });
      return;
    }
    // Replay the event stream through the reducer: the event that made it emit StartTask is when the slot was taken.
    let state = initState(planInput(tasks), null, runOptions(parallel));
    const scheduledAt = new Map<string, number>();
    for (const l of run.lines) {
      const step = reduce(state, l.event);
      state = step.state;
      for (const fx of step.effects) if (fx.type === 'StartTask' && !scheduledAt.has(fx.task)) scheduledAt.set(fx.task, l.atMs);
    }
    const first = <K extends Event['type']>(type: K, task: string) =>
      ofType(run.lines, type).find((l) => 'task' in l.event && l.event.task === task)?.atMs ?? Number.NaN;
    const queue: number[] = [];
    const agent: number[] = [];
    const finish: number[] = [];
    const overhead: number[] = [];
    for (const t of tasks) {
      const sched = scheduledAt.get(t.id) ?? Number.NaN;
      const started = first('TaskStarted', t.id);
      const idle = first('AgentIdle', t.id);
      const done = first('Merged', t.id);
      queue.push(started - sched);
      agent.push(idle - started - t.dur);
      finish.push(done - idle);
      overhead.push(done - sched - t.dur);
    }
    const makespanMs = max(merged.map((l) => l.atMs)) - resumed.atMs;
    const idealMs = bound(s, parallel);
    const simMs = simulate(tasks, parallel);
    const perTaskOverheadMs = mean(overhead);
    const simWithOverheadMs = simulate(
      tasks.map((t) => ({ ...t, dur: t.dur + perTaskOverheadMs })),
      parallel,
    );
    emit({
      case: `real-dag-${REAL_TASKS}`,
      tasks: REAL_TASKS,
      seed,
      parallel,
      scriptedMs: `${min(tasks.map((t) => t.dur))}-${max(tasks.map((t) => t.dur))}`,
      workMs: s.work,
      criticalPathMs: s.cp,
      idealMs: Math.round(idealMs),
      makespanMs,
      wallMs: Math.round(run.wallMs),
      ratio: round(makespanMs / idealMs),
      simulatedMs: simMs,
      simulatedRatio: round(simMs / idealMs),
      overheadPerTaskMs: Math.round(perTaskOverheadMs),
      overheadPerTaskMaxMs: Math.round(max(overhead)),
      startQueueMs: Math.round(mean(queue)),
      agentOverheadMs: Math.round(mean(agent)),
      gatesAndMergeMs: Math.round(mean(finish)),
      simulatedWithOverheadMs: Math.round(simWithOverheadMs),
      target: TARGET,
      withinTarget: makespanMs / idealMs <= TARGET,
    });
  } finally {
    repo.cleanup();
  }
}

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of the process itself (its children are not counted), and its peak RSS. */
function procSample(pid: number): { cpuMs: number; hwmKb: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // f[0] = field 3 (state)
    const ticks = Number(f[11]) + Number(f[12]); // fields 14 utime, 15 stime
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    return { cpuMs: (ticks * 1000) / CLK_TCK, hwmKb: hwm };
  } catch {
    return null;
  }
}

interface Sample {
  cpuMs: number;
  hwmKb: number;
  atMs: number;
}

async function benchCpu(agents: number, bytesPerSec: number, durationMs: number): Promise<void> {
  const name = `cpu-${agents}-agents-${Math.round(bytesPerSec / 1024)}kbps`;
  if (!existsSync('/proc/self/stat')) {
    emit({ case: name, skipped: 'needs /proc (Linux)' });
    return;
  }
  const tasks: DagTask[] = Array.from({ length: agents }, (_, i) => ({ id: `1.${i + 1}`, deps: [], dur: durationMs }));
  const { repo, scenarioPath } = benchRepo('CPU', tasks, { default: { durationMs, printBytesPerSec: bytesPerSec } });
  try {
    const seen: { last: Sample | null; peakKb: number } = { last: null, peakKb: 0 };
    let started = 0;
    const window: { from: Sample | null; to: Sample | null } = { from: null, to: null };
    const sample = (pid: number): Sample | null => {
      const s = procSample(pid);
      if (s) {
        seen.last = { ...s, atMs: Date.now() };
        seen.peakKb = Math.max(seen.peakKb, s.hwmKb);
      }
      return seen.last;
    };
    const args = ['run', 'plans/M1_bench.md', '--headless', '--yes', '--parallel', String(agents), '--json'];
    const proc = runBuiltCli(
      CLI,
      repo.dir,
      args,
      { SCRIPTED_AGENT_SCENARIO: scenarioPath },
      (l, child) => {
        const pid = child.pid ?? -1;
        // Steady state: from the moment all agents are up to the first turn that ends.
        if (l.event.type === 'TaskStarted' && ++started === agents) window.from = sample(pid);
        if ((l.event.type === 'HandoffWritten' || l.event.type === 'AgentIdle') && window.from && !window.to) window.to = sample(pid);
      },
      5 * 60_000,
    );
    const poll = setInterval(() => sample(proc.pid), 100);
    const run = await proc.done;
    clearInterval(poll);
    const total = seen.last;
    const merged = ofType(run.lines, 'Merged').length;
    if (run.code !== 0 || merged !== agents || !total || !window.from || !window.to) {
      emit({ case: name, error: `exit ${run.code}, ${merged}/${agents} merged`, stderr: run.stderr.slice(-500) });
      return;
    }
    const { from, to } = window;
    const steadyAgentSec = (agents * (to.atMs - from.atMs)) / 1000;
    const starts = new Map(ofType(run.lines, 'TaskStarted').map((l) => [l.event.task, l.atMs]));
    const agentSec = sum(ofType(run.lines, 'Merged').map((l) => l.atMs - (starts.get(l.event.task) ?? l.atMs))) / 1000;
    const logs = join(repo.dir, '.worktrees/.mstui/logs');
    const bytes = existsSync(logs) ? sum(readdirSync(logs).map((f) => statSync(join(logs, f)).size)) : 0;
    const steadyCpuMs = to.cpuMs - from.cpuMs;
    emit({
      case: name,
      agents,
      printBytesPerSec: bytesPerSec,
      durationMs,
      wallMs: Math.round(run.wallMs),
      steadySec: round((to.atMs - from.atMs) / 1000, 2),
      steadyCpuMs: Math.round(steadyCpuMs),
      cpuMsPerAgentSec: round(steadyCpuMs / steadyAgentSec, 1),
      totalCpuMs: Math.round(total.cpuMs),
      agentSec: round(agentSec, 1),
      totalCpuMsPerAgentSec: round(total.cpuMs / agentSec, 1),
      ptyMb: round(bytes / 2 ** 20, 1),
      ptyKbPerSecPerAgent: Math.round(bytes / 1024 / agentSec),
      peakRssMb: round(seen.peakKb / 1024, 1),
    });
  } finally {
    repo.cleanup();
  }
}

benchSimulation();
if (!flag('--sim-only')) {
  if (!existsSync(CLI)) emit({ case: 'real', skipped: `${CLI} not found: run \`npm run build\` first` });
  else {
    await benchRealDag(QUICK ? 2 : 4, 1);
    if (QUICK) await benchCpu(2, 10_240, 2_000);
    else {
      await benchCpu(8, 102_400, 10_000);
      await benchCpu(8, 0, 10_000);
    }
  }
}
