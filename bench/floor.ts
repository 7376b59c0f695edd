/**
 * mstui beside its floor: `npm run bench:floor` (= `npx tsx bench/floor.ts`). Prints one JSON line per measurement.
 *
 * The floor is `bench/floor.sh`: per task the git work mstui must do, with plain git (`worktree add` from the
 * integration tip, a squash merge into the integration worktree, `worktree remove`), the same agent program (the
 * scripted agent, one `-p` turn: it edits, writes its handoff section, commits; `durationMs` 0) and the same test
 * command. mstui runs the same plan with `run --headless --yes --json`, its agent in a pty with hooks, gates, state
 * and merges. Both start in a fresh repo; runs alternate (mstui, floor, mstui, …) so load hits both alike.
 *
 * Cases: `chain-N` (each task depends on the one before: wall and CPU per task), `parallel-P-N` (N independent
 * tasks, `--parallel P` against `xargs -P P`: wall per task), `git-programs` (a recording `git` first on PATH, one
 * chain run each: git programs started per task). CPU is this process's cutime + cstime around each run (mstui,
 * its agents, hooks and git; the floor's bash, agents and git). `ratio` = mstui / floor, median over the pairs;
 * `overheadMsPerTask` = mstui − floor per task. Targets (issue 14): chain and parallel wall ratio ≤ 1.5, git
 * programs ratio ≤ 1.2. `--quick`: 3-task chain, 4 tasks at `--parallel 2`, one pair (what `npm test` runs so the
 * bench cannot rot; its figures mean nothing). `--pairs N` (default 3), `--only chain|parallel|git` (one case),
 * `--verbose`: one line per run.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT, CLI as BUILT_CLI, GIT_ENV } from '../test/helpers/repo.js';
import { type BenchTask, benchRepo, childrenCpuMs, median, recordingGit, runCli } from './run-cli.js';

const CLI = process.env.MSTUI_CLI ?? BUILT_CLI;
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const VERBOSE = argv.includes('--verbose');
const PAIRS = QUICK ? 1 : Number(argv[argv.indexOf('--pairs') + 1]) || 3;
const ONLY = argv.includes('--only') ? argv[argv.indexOf('--only') + 1] : null;
const CHAIN = QUICK ? 3 : 20;
const INDEPENDENT = QUICK ? 4 : 20;
const PARALLEL = QUICK ? 2 : 4;
const GIT_CHAIN = QUICK ? 3 : 10;
const FLOOR_SH = join(import.meta.dirname, 'floor.sh');
const SCENARIO = { default: { durationMs: 0, followUpMs: 0, printBytesPerSec: 0 } };
const TEST_COMMAND = '! grep -rqs FAIL work/';

const emit = (o: Record<string, unknown>): void => {
  if ('error' in o) process.exitCode = 1;
  console.log(JSON.stringify({ bench: 'floor', ...o }));
};
const round = (n: number, d = 1): number => Math.round(n * 10 ** d) / 10 ** d;
const chain = (n: number): BenchTask[] => Array.from({ length: n }, (_, i) => ({ id: `1.${i + 1}`, deps: i ? [`1.${i}`] : [] }));
const independent = (n: number): BenchTask[] => Array.from({ length: n }, (_, i) => ({ id: `1.${i + 1}`, deps: [] }));

interface Run {
  wallMs: number;
  cpuMs: number;
}

async function mstuiRun(tasks: BenchTask[], parallel: number, path = ''): Promise<Run> {
  const { repo, scenarioPath } = benchRepo('Floor', tasks, SCENARIO);
  try {
    const env: Record<string, string> = { SCRIPTED_AGENT_SCENARIO: scenarioPath, ...(path ? { PATH: path } : {}) };
    const args = ['run', 'plans/M1_bench.md', '--headless', '--yes', '--json', ...(parallel > 1 ? ['--parallel', String(parallel)] : [])];
    const cpu0 = childrenCpuMs();
    const r = await runCli(CLI, repo.dir, args, env, () => {}, 10 * 60_000).done;
    if (r.code !== 0) throw new Error(`mstui exited ${r.code}: ${r.stderr.slice(-400)}`);
    const merged = r.lines.filter((l) => l.event.type === 'Merged').length;
    if (merged !== tasks.length) throw new Error(`mstui merged ${merged} of ${tasks.length} tasks`);
    return { wallMs: r.wallMs, cpuMs: childrenCpuMs() - cpu0 };
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
}

async function floorRun(tasks: BenchTask[], parallel: number, path = ''): Promise<Run> {
  const { repo, scenarioPath } = benchRepo('Floor', tasks, SCENARIO);
  try {
    const env = {
      ...process.env,
      ...GIT_ENV,
      ...(path ? { PATH: path } : {}),
      SCRIPTED_AGENT_SCENARIO: scenarioPath,
      FLOOR_AGENT: `${process.execPath} ${AGENT}`,
      FLOOR_TEST: TEST_COMMAND,
    };
    const cpu0 = childrenCpuMs();
    const t0 = performance.now();
    const child = spawn('bash', [FLOOR_SH, repo.dir, String(parallel), ...tasks.map((t) => t.id)], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const wallMs = performance.now() - t0;
    if (code !== 0) throw new Error(`floor.sh exited ${code}: ${stderr.slice(-400)}`);
    const squashes = readFileSync(join(repo.dir, '.git', 'logs', 'refs', 'heads', 'floor', 'M1'), 'utf8')
      .split('\n')
      .filter(Boolean);
    if (squashes.length !== tasks.length + 1) throw new Error(`the floor merged ${squashes.length - 1} of ${tasks.length} tasks`);
    return { wallMs, cpuMs: childrenCpuMs() - cpu0 };
  } finally {
    rmSync(repo.dir, { recursive: true, force: true });
  }
}

async function pairs(name: string, tasks: BenchTask[], parallel: number): Promise<void> {
  const n = tasks.length;
  const ms: Run[] = [];
  const fl: Run[] = [];
  for (let i = 0; i < PAIRS; i++) {
    // Alternate which side goes first, so a drift in load does not favour one.
    const floorFirst = i % 2 === 1;
    const f0 = floorFirst ? await floorRun(tasks, parallel) : null;
    const m = await mstuiRun(tasks, parallel);
    const f = f0 ?? (await floorRun(tasks, parallel));
    ms.push(m);
    fl.push(f);
    if (VERBOSE)
      emit({ case: name, pair: i, mstuiWallMs: round(m.wallMs), floorWallMs: round(f.wallMs), mstuiCpuMs: m.cpuMs, floorCpuMs: f.cpuMs });
  }
  const per = (runs: Run[], k: keyof Run) => round(median(runs.map((r) => r[k] / n)));
  const ratio = (k: keyof Run) => round(median(ms.map((m, i) => m[k] / (fl[i]?.[k] ?? Number.NaN))), 2);
  emit({
    case: name,
    tasks: n,
    parallel,
    pairs: PAIRS,
    mstuiWallMsPerTask: per(ms, 'wallMs'),
    floorWallMsPerTask: per(fl, 'wallMs'),
    wallRatio: ratio('wallMs'),
    overheadMsPerTask: round(median(ms.map((m, i) => (m.wallMs - (fl[i]?.wallMs ?? 0)) / n))),
    mstuiCpuMsPerTask: per(ms, 'cpuMs'),
    floorCpuMsPerTask: per(fl, 'cpuMs'),
    cpuRatio: ratio('cpuMs'),
    targetWallRatio: 1.5,
    withinTarget: ratio('wallMs') <= 1.5,
    loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
  });
}

/** One chain each with a `git` first on PATH that records its argv: git programs per task, mstui and floor. */
async function gitPrograms(): Promise<void> {
  const git = recordingGit();
  if (!git) return emit({ case: 'git-programs', error: 'no git in /usr/bin, /usr/local/bin or /bin' });
  try {
    const tasks = chain(GIT_CHAIN);
    await mstuiRun(tasks, 1, git.path);
    const mstui = git.lines().length / GIT_CHAIN;
    git.reset();
    await floorRun(tasks, 1, git.path);
    const floor = git.lines().length / GIT_CHAIN;
    emit({
      case: 'git-programs',
      tasks: GIT_CHAIN,
      mstuiPerTask: round(mstui),
      floorPerTask: round(floor),
      ratio: round(mstui / floor, 2),
      target: 1.2,
    });
  } finally {
    git.remove();
  }
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) return emit({ case: 'floor', error: `${CLI} not found: run \`npm run build\` first` });
  const cases: [string, () => Promise<void>][] = [
    [`chain-${CHAIN}`, () => pairs(`chain-${CHAIN}`, chain(CHAIN), 1)],
    [`parallel-${PARALLEL}-${INDEPENDENT}`, () => pairs(`parallel-${PARALLEL}-${INDEPENDENT}`, independent(INDEPENDENT), PARALLEL)],
    ['git-programs', gitPrograms],
  ];
  for (const [name, run] of cases) {
    if (ONLY && !name.startsWith(ONLY)) continue;
    try {
      await run();
    } catch (e) {
      emit({ case: name, error: (e as Error).message });
    }
  }
}

await main();
