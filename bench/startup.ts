/**
 * Start-up benchmark: `npm run bench:startup` (= `npx tsx bench/startup.ts`). Prints one JSON line per case.
 *
 * Side by side in one run, each case measured RUNS times in turn (round robin, so a burst of load on this shared
 * machine hits every case alike), the median reported:
 * - `node-floor`: `node -e 0`, what no CLI can beat; every other case has `xFloor` = its median / the floor's.
 * - `version`: `mstui --version`; `plan-6` and `plan-6-json`: `mstui plan` (and `--json`) on a 6-task Markdown plan.
 * - `status-json` and `status-tmux`: `mstui status --json` / `--tmux` against a RUNNING mstui (a headless run of the
 *   same plan in a throwaway repo, whose scripted agent works for minutes), as tmux runs it every 15 s.
 * - `tui-6` and `tui-10000`: `mstui run` (the real Ink screen, `--parallel 1`) in a private tmux server
 *   (`tmux -L <socket> -f /dev/null`, 160×45), a fresh repo each time; the time from just before `new-session` until
 *   `capture-pane` shows the first task's row in the tree (polled every ~5 ms). The first agent works for minutes, so
 *   the run is killed (its tmux server and process tree) once the tree is on screen and the run is ready behind it.
 *   `wallMs` is the tree's first frame (drawn over a "starting" state while the repository is checked); `readyMs`
 *   the time until the header shows the run's counts instead (the checks, store and engine done; an older build,
 *   which drew nothing before, shows both at once).
 * Per case: `wallMs` (spawn → exit, median), `cpuMs` (utime + stime of the child and what it waited for, from this
 * process's cutime/cstime in /proc/self/stat, median; 10 ms ticks), and `jsFiles`: the .js/.mjs/.cjs files the
 * command opened (`strace -f -e trace=openat`, one extra run; null without strace).
 * Flags: `--runs N` (default 15; TUI 5, 3 for 10,000 tasks), `--quick` (2 runs, no 10,000-task TUI: what `npm test`
 * runs so the bench cannot rot). `MSTUI_CLI=path/to/cli.js` measures another build. A case with `error` exits 1.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI as BUILT_CLI, DIAMOND_PLAN, GIT_ENV, scenario, scriptedConfig, type TempRepo, tempRepo } from '../test/helpers/repo.js';
import { childrenCpuMs, markdownPlan, median, statOf } from './run-cli.js';

const CLI = process.env.MSTUI_CLI ?? BUILT_CLI;
const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const RUNS = QUICK ? 2 : Number(argv[argv.indexOf('--runs') + 1]) || 15;
const TUI_RUNS = QUICK ? 2 : Math.max(3, Math.ceil(RUNS / 3));
const BIG = 10_000;
const AGENT_MS = 600_000;
const PLAN = 'plans/M1_bench.md';

const emit = (o: Record<string, unknown>): void => {
  if ('error' in o) process.exitCode = 1;
  console.log(JSON.stringify({ bench: 'startup', ...o }));
};
const round = (x: number): number => Math.round(x * 10) / 10;

const childEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, ...extra };
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION', 'CLAUDECODE', 'TMUX', 'TMUX_PANE', 'NO_COLOR']) delete env[k];
  return env;
};

interface Sample {
  wallMs: number;
  cpuMs: number;
  code: number | null;
  stdout: string;
}

/** One command: wall from spawn to exit, and the CPU this process gained in children while it ran. */
function once(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Sample> {
  const cpu0 = childrenCpuMs();
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += String(d);
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const wallMs = performance.now() - t0;
      resolve({ wallMs, cpuMs: childrenCpuMs() - cpu0, code, stdout });
    });
  });
}

function jsFiles(args: string[], cwd: string, env: NodeJS.ProcessEnv): number | null {
  const out = join(cwd, '.git', 'startup-strace.txt');
  const r = spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat', '-o', out, process.execPath, ...args], { cwd, env, stdio: 'ignore' });
  if (r.error || !existsSync(out)) return null;
  const opened = readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => !l.includes('ENOENT'))
    .flatMap((l) => /"([^"]+\.(?:js|mjs|cjs))"/.exec(l)?.[1] ?? []);
  rmSync(out, { force: true });
  return new Set(opened).size;
}

interface Case {
  name: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  expect: (s: Sample) => boolean;
}

/** Every process below `root` (its descendants from /proc), so a killed run leaves no agent behind. */
function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) if (/^\d+$/.test(name)) parent.set(Number(name), Number(statOf(Number(name))?.[1]));
  const out = new Set([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent)
      if (!out.has(pid) && out.has(ppid)) {
        out.add(pid);
        grew = true;
      }
  }
  return [...out];
}
const killAll = (pids: number[]): void => {
  for (const pid of pids)
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
};

const repos: TempRepo[] = [];
function benchRepo(plan: string): TempRepo {
  const repo = tempRepo('mstui-startup-');
  repos.push(repo);
  repo.write(PLAN, plan);
  repo.write('.mstui.json', scriptedConfig());
  repo.commitAll('plan');
  return repo;
}

/**
 * Times until the TUI's tree shows `firstRow` (the first task's title), and until the run is ready behind it (the
 * header's counts replace its "starting: …"; an older build draws both at once).
 */
async function tuiFirstFrame(plan: string, firstRow: string): Promise<{ tree: number; ready: number }> {
  const repo = benchRepo(plan);
  const env = childEnv({ SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: AGENT_MS } }) });
  const socket = `mstui-startup-${process.pid}-${repos.length}`;
  const tmux = (...a: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { env, encoding: 'utf8' });
  const assign = Object.entries({ ...GIT_ENV, SCRIPTED_AGENT_SCENARIO: String(env.SCRIPTED_AGENT_SCENARIO), TERM: 'xterm-256color' });
  const command = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', ...assign.map(([k, v]) => `${k}=${v}`)];
  const t0 = performance.now();
  tmux(
    'new-session',
    '-d',
    '-s',
    's',
    '-x',
    '160',
    '-y',
    '45',
    '-c',
    repo.dir,
    ...command,
    process.execPath,
    CLI,
    'run',
    PLAN,
    '--parallel',
    '1',
  );
  const [pane, socketPath] = tmux('display', '-p', '-t', 's', '#{pane_pid} #{socket_path}').trim().split(' ');
  let tree: number | null = null;
  try {
    for (;;) {
      const screen = tmux('capture-pane', '-p', '-t', 's');
      if (tree === null && screen.includes(firstRow)) tree = performance.now() - t0;
      if (tree !== null && / · remaining \d/.test(screen)) return { tree, ready: performance.now() - t0 };
      if (performance.now() - t0 > 120_000) throw new Error(`no tree after 120 s; the screen:\n${screen}`);
      await sleep(5);
    }
  } finally {
    const pids = descendants(Number(pane));
    try {
      tmux('kill-server');
    } catch {
      // gone already
    }
    killAll(pids);
    if (socketPath) rmSync(socketPath, { force: true }); // kill-server leaves the socket file behind
  }
}

async function main(): Promise<void> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build`);
  const repo = benchRepo(DIAMOND_PLAN);
  const env = childEnv();
  const ok = (s: Sample) => s.code === 0;
  const cases: Case[] = [
    { name: 'node-floor', args: ['-e', '0'], cwd: repo.dir, env, expect: ok },
    { name: 'version', args: [CLI, '--version'], cwd: repo.dir, env, expect: ok },
    { name: 'plan-6', args: [CLI, 'plan', PLAN], cwd: repo.dir, env, expect: (s) => ok(s) && s.stdout.includes('1.6') },
    { name: 'plan-6-json', args: [CLI, 'plan', PLAN, '--json'], cwd: repo.dir, env, expect: (s) => ok(s) && s.stdout.startsWith('{') },
    { name: 'status-json', args: [CLI, 'status', '--json'], cwd: repo.dir, env, expect: (s) => ok(s) && s.stdout.includes('"milestone"') },
    { name: 'status-tmux', args: [CLI, 'status', '--tmux'], cwd: repo.dir, env, expect: (s) => ok(s) && /\d+\/6/.test(s.stdout) },
  ];

  // The running mstui that `status` asks: headless, its first agent working for minutes.
  const runEnv = childEnv({ SCRIPTED_AGENT_SCENARIO: scenario(repo, { default: { durationMs: AGENT_MS } }) });
  const run = spawn(process.execPath, [CLI, 'run', PLAN, '--headless', '--parallel', '1', '--skip-baseline'], {
    cwd: repo.dir,
    env: runEnv,
    stdio: 'ignore',
    detached: true,
  });
  const stopRun = () => killAll(run.pid ? descendants(run.pid) : []);
  process.on('exit', stopRun);
  try {
    const t0 = performance.now();
    while (!(await once([CLI, 'status', '--json'], repo.dir, env)).stdout.includes('"running"')) {
      if (performance.now() - t0 > 120_000) throw new Error('the headless run never answered `mstui status`');
      await sleep(100);
    }
    const samples = new Map<string, Sample[]>(cases.map((c) => [c.name, []]));
    for (let i = 0; i < RUNS; i++)
      for (const c of cases) {
        const s = await once(c.args, c.cwd, c.env);
        if (!c.expect(s)) throw new Error(`${c.name}: exit ${s.code}, printed ${JSON.stringify(s.stdout.slice(0, 300))}`);
        samples.get(c.name)?.push(s);
      }
    const floor = median((samples.get('node-floor') ?? []).map((s) => s.wallMs));
    const floorCpu = median((samples.get('node-floor') ?? []).map((s) => s.cpuMs));
    for (const c of cases) {
      const xs = samples.get(c.name) ?? [];
      const wallMs = median(xs.map((s) => s.wallMs));
      const cpuMs = median(xs.map((s) => s.cpuMs));
      const files = jsFiles(c.args, c.cwd, c.env);
      emit({
        case: c.name,
        runs: xs.length,
        wallMs: round(wallMs),
        xFloor: round(wallMs / floor),
        cpuMs: round(cpuMs),
        floorCpuMs: round(floorCpu),
        jsFiles: files,
      });
    }
  } finally {
    stopRun();
  }

  const big = markdownPlan(
    'Big',
    Array.from({ length: BIG }, (_, i) => ({ id: `1.${i + 1}`, deps: [] })),
  );
  const tuis: [string, string, string, number][] = [['tui-6', DIAMOND_PLAN, 'Base module', TUI_RUNS]];
  if (!QUICK) tuis.push([`tui-${BIG}`, big, 'Part 1.1', 3]);
  for (const [name, plan, row, n] of tuis) {
    const xs: number[] = [];
    const ready: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = await tuiFirstFrame(plan, row);
      xs.push(t.tree);
      ready.push(t.ready);
    }
    const [min, max] = [round(Math.min(...xs)), round(Math.max(...xs))];
    emit({ case: name, runs: n, wallMs: round(median(xs)), minMs: min, maxMs: max, readyMs: round(median(ready)) });
  }
}

try {
  await main();
} catch (e) {
  emit({ case: 'startup', error: (e as Error).message });
} finally {
  for (const r of repos) r.cleanup();
}
