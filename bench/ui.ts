/**
 * TUI benchmark: `npm run bench:ui` (= `npx tsx bench/ui.ts`). Prints one JSON line per measurement.
 *
 * The built CLI runs `mstui run plans/M1_bench.md --parallel 16` (the real Ink TUI, no --headless) in a private tmux
 * server (`tmux -L <socket> -f /dev/null`, session 200×50, CI / CONTINUOUS_INTEGRATION removed from its environment)
 * over 16 independent tasks. Each scripted agent works for DURATION_MS (long: no agent finishes while we measure; the
 * run is stopped with SIGTERM afterwards) while printing `printBytesPerSec`. Two phases in one bench run, each with its
 * own tmux server and repo:
 *
 * - `busy`: 16 agents × 100 KB/s; `idle`: 16 agents × 0 B/s (only their spinner, ~8 KB/s each).
 *
 * In each phase, once all 16 tree rows say `busy` (+ SETTLE_MS):
 * 1. Frames: `tmux pipe-pane -o 'cat >> file'` for FRAME_WINDOW_MS with no keys pressed. Ink wraps every frame it
 *    writes in the synchronized-output pair `ESC[?2026h … ESC[?2026l`, so frames = occurrences of `ESC[?2026h`;
 *    also bytes/s. mstui's CPU (utime + stime from /proc/<pid>/stat, the mstui node process only: the agents, git and
 *    sh are its children and not counted) over the same window, and the tmux server's.
 * 2. Key → frame latency: `send-keys j` / `k` (down 15, up 15, …), then `capture-pane -p` in a loop until the row with
 *    the selection marker `›` holds the expected task id AND the detail pane's first line starts with that id. Latency
 *    = from just before send-keys is written until the capture that shows it came back; nothing subtracted. Both
 *    commands go through one tmux control-mode client (`tmux -C attach`, `refresh-client -f no-output`) so a poll costs
 *    a round trip to the server (`captureRttMs`; polls start every `pollIntervalMs`, ≥ POLL_MS) rather than a process
 *    spawn; a seeded 30–90 ms pause between samples keeps the presses from locking onto the redraw timer.
 * 3. Peak RSS = VmHWM of the mstui process at the end of the phase.
 *
 * Targets: key → frame p95 ≤ 50 ms (busy), peak RSS ≤ 150 MB. A last `ratio` line compares busy with idle.
 * Flags: `--samples N` (key presses per phase, default 150), `--seed N` (default 1), `--only busy|idle`, `--quick` (4
 * agents, 10 presses, 2 s windows: what `npm test` runs so the bench cannot rot; its figures mean nothing). A case that
 * reports an `error` makes the exit code 1.
 * Needs Linux (/proc), tmux and `npm run build`; `MSTUI_CLI=path/to/cli.js` runs another build. Everything it starts
 * (tmux servers and their process trees) is killed at the end, also on error or Ctrl-C.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { mulberry32 } from '../test/fuzz/mutate.js';
import { CLI as BUILT_CLI, GIT_ENV, scenario, scriptedConfig, type TempRepo, tempRepo } from '../test/helpers/repo.js';

const CLI = process.env.MSTUI_CLI ?? BUILT_CLI;
const QUICK = process.argv.includes('--quick');
const AGENTS = QUICK ? 4 : 16;
const COLS = 200;
const ROWS = 50;
const DURATION_MS = 180_000;
const START_TIMEOUT_MS = 180_000;
const SETTLE_MS = QUICK ? 500 : 2_000;
const FRAME_WINDOW_MS = QUICK ? 2_000 : 10_000;
const KEY_TIMEOUT_MS = 3_000;
const POLL_MS = 2;
const TARGET_P95_MS = 50;
const TARGET_RSS_MB = 150;

const argv = process.argv.slice(2);
const opt = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const SAMPLES = Number(opt('--samples')) || (QUICK ? 10 : 150);
const SEED = Number(opt('--seed')) || 1;
const ONLY = opt('--only');

const emit = (o: Record<string, unknown>): void => {
  if ('error' in o) process.exitCode = 1;
  console.log(JSON.stringify({ bench: 'ui', ...o }));
};
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? Number.NaN;
};
const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

// ---------------------------------------------------------------------------------------------------------------
// /proc

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Fields of /proc/<pid>/stat from field 3 (state) on; null when the process is gone. */
function statFields(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime of the process itself (children not counted), in ms. */
function cpuMs(pid: number): number {
  const f = statFields(pid);
  return f ? ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK : Number.NaN;
}

function statusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
}

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
};

/** pid → (ppid, start time) for every process. */
function processTable(): Map<number, { ppid: number; start: string }> {
  const table = new Map<number, { ppid: number; start: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f) table.set(Number(name), { ppid: Number(f[1]), start: f[19] ?? '' });
  }
  return table;
}

/** A process and all its descendants, with their start times (so a recycled pid is never killed later). */
function tree(root: number): Map<number, string> {
  const table = processTable();
  const out = new Map<number, string>();
  const rootInfo = table.get(root);
  if (!rootInfo) return out;
  out.set(root, rootInfo.start);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, info] of table) {
      if (!out.has(pid) && out.has(info.ppid)) {
        out.set(pid, info.start);
        grew = true;
      }
    }
  }
  return out;
}

/** CPU of everything below `pid` (agents, hooks, git), not `pid` itself. */
function childrenCpuMs(pid: number): number {
  let total = 0;
  for (const p of tree(pid).keys()) if (p !== pid) total += cpuMs(p) || 0;
  return total;
}

const alive = (pid: number): boolean => statFields(pid) !== null && statFields(pid)?.[0] !== 'Z';

// ---------------------------------------------------------------------------------------------------------------
// Everything this bench starts, so it can all be killed, also on error.

const started: {
  sockets: Set<string>;
  socketPaths: Set<string>;
  procs: Map<number, string>;
  repos: Set<TempRepo>;
  children: Set<ChildProcess>;
} = {
  sockets: new Set(),
  socketPaths: new Set(),
  procs: new Map(),
  repos: new Set(),
  children: new Set(),
};

function track(root: number): void {
  for (const [pid, start] of tree(root)) started.procs.set(pid, start);
}

const childEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, ...GIT_ENV, ...extra };
  for (const k of ['CI', 'CONTINUOUS_INTEGRATION', 'CLAUDECODE', 'TMUX', 'TMUX_PANE']) delete env[k];
  return env;
};

function tmux(socket: string, args: string[], env?: NodeJS.ProcessEnv): string {
  return execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env: env ?? childEnv({}), stdio: 'pipe' });
}

async function killEverything(): Promise<void> {
  for (const c of started.children) c.kill('SIGKILL');
  started.children.clear();
  for (const socket of started.sockets) {
    try {
      tmux(socket, ['kill-server']);
    } catch {
      // already gone
    }
  }
  started.sockets.clear();
  // kill-server leaves the socket file behind.
  for (const path of started.socketPaths) rmSync(path, { force: true });
  started.socketPaths.clear();
  await sleep(300);
  for (const [pid, start] of started.procs) {
    if (statFields(pid)?.[19] === start && alive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
  started.procs.clear();
  for (const r of started.repos) r.cleanup();
  started.repos.clear();
}

// ---------------------------------------------------------------------------------------------------------------
// A tmux control-mode client: commands in on stdin, `%begin … %end` blocks out; notifications are skipped.

interface Control {
  /** Runs one tmux command; resolves with its output lines and the time the reply arrived. */
  cmd(command: string): Promise<{ lines: string[]; atMs: number }>;
  /** Detaches the client. */
  close(): void;
}

function control(socket: string, session: string): Control {
  const child = spawn('tmux', ['-L', socket, '-f', '/dev/null', '-C', 'attach-session', '-t', session], {
    env: childEnv({}),
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  started.children.add(child);
  // The attach command itself answers with a block too.
  const waiting: { resolve(r: { lines: string[]; atMs: number }): void; reject(e: Error): void }[] = [
    { resolve: () => {}, reject: () => {} },
  ];
  let block: string[] | null = null;
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    if (block === null) {
      if (line.startsWith('%begin ')) block = [];
      return;
    }
    if (line.startsWith('%end ') || line.startsWith('%error ')) {
      const w = waiting.shift();
      const lines = block;
      block = null;
      if (line.startsWith('%error ')) w?.reject(new Error(`tmux: ${lines.join(' ')}`));
      else w?.resolve({ lines, atMs: performance.now() });
      return;
    }
    block.push(line);
  });
  child.on('exit', () => {
    for (const w of waiting.splice(0)) w.reject(new Error('tmux control client exited'));
  });
  return {
    cmd(command) {
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        child.stdin?.write(`${command}\n`);
      });
    },
    close() {
      child.stdin?.end();
      child.kill();
      started.children.delete(child);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading the screen.

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Shown {
  /** Task id on the tree row holding `›`. */
  treeId: string | null;
  /** First word of the detail pane's first line. */
  detailId: string | null;
  /** Tree rows whose agent column says `busy`. */
  busy: number;
}

function readScreen(lines: string[], ids: string[]): Shown {
  let treeId: string | null = null;
  let detailId: string | null = null;
  let busy = 0;
  const idRe = new RegExp(`^(${ids.map(escapeRe).join('|')})$`);
  for (const line of lines) {
    const bar = line.indexOf('│');
    const left = bar >= 0 ? line.slice(0, bar) : line;
    if (/ busy +\d+:\d\d/.test(left)) busy++;
    if (treeId === null && left.trimStart().startsWith('›')) {
      const id = left.trim().split(/\s+/)[2] ?? '';
      if (idRe.test(id)) treeId = id;
    }
    // The detail pane's first line sits beside the tree's title ("› 3 of 16").
    if (detailId === null && bar >= 0 && /^\s*› \d+ of \d+/.test(left))
      detailId =
        line
          .slice(bar + 1)
          .trim()
          .split(/\s+/)[0] ?? null;
  }
  return { treeId, detailId, busy };
}

// ---------------------------------------------------------------------------------------------------------------
// One phase: a repo, a tmux server, mstui in it.

function markdownPlan(): string {
  const out = ['# Milestone 1: UI bench', ''];
  for (let i = 1; i <= AGENTS; i++) out.push(`## Task 1.${i}: Part 1.${i}`, '**Type:** CODING', '**Depends on:** none', '');
  return out.join('\n');
}

interface PhaseResult {
  p50: number;
  p95: number;
}

async function phase(name: 'busy' | 'idle', bytesPerSec: number): Promise<PhaseResult | null> {
  const ids = Array.from({ length: AGENTS }, (_, i) => `1.${i + 1}`);
  const repo = tempRepo('mstui-bench-ui-');
  started.repos.add(repo);
  repo.write('plans/M1_bench.md', markdownPlan());
  repo.write('.mstui.json', scriptedConfig());
  repo.commitAll('plan');
  const scenarioPath = scenario(repo, { default: { durationMs: DURATION_MS, printBytesPerSec: bytesPerSec } });
  const socket = `mstui-bench-ui-${process.pid}-${name}`;
  const session = 'ui';
  const env = childEnv({ SCRIPTED_AGENT_SCENARIO: scenarioPath });
  const command = ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', process.execPath, CLI, 'run', 'plans/M1_bench.md'];
  started.sockets.add(socket);
  const t0 = performance.now();
  tmux(
    socket,
    ['new-session', '-d', '-s', session, '-x', String(COLS), '-y', String(ROWS), '-c', repo.dir, ...command, '--parallel', String(AGENTS)],
    env,
  );
  tmux(socket, ['set-option', '-g', 'remain-on-exit', 'on', ';', 'set-option', '-g', 'window-size', 'manual']);
  const [serverPidText, socketPath] = tmux(socket, ['display-message', '-p', '#{pid} #{socket_path}']).trim().split(' ');
  if (socketPath) started.socketPaths.add(socketPath);
  const serverPid = Number(serverPidText);
  const panePid = Number(tmux(socket, ['list-panes', '-t', session, '-F', '#{pane_pid}']).trim());
  track(serverPid);
  const c = control(socket, session);
  const label = `${name}-${AGENTS}x${Math.round(bytesPerSec / 1024)}kbps`;
  try {
    await c.cmd('refresh-client -f no-output');
    const capture = async () => c.cmd(`capture-pane -p -t ${session}`);
    // pane_pid is `env`, which execs node: the same pid. Fall back to a child running the CLI.
    let pid = panePid;
    for (let i = 0; i < 50 && !cmdline(pid).includes(CLI); i++) {
      await sleep(20);
      pid = [...tree(panePid).keys()].find((p) => cmdline(p).includes(CLI)) ?? panePid;
    }

    // Wait for every agent to be busy.
    let screen: string[] = [];
    for (;;) {
      screen = (await capture()).lines;
      track(serverPid);
      if (readScreen(screen, ids).busy >= AGENTS) break;
      const dead = tmux(socket, ['list-panes', '-t', session, '-F', '#{pane_dead} #{pane_dead_status}']).trim();
      if (dead.startsWith('1') || performance.now() - t0 > START_TIMEOUT_MS) {
        emit({ case: label, error: `not all ${AGENTS} agents busy (pane dead: ${dead})`, screen: screen.join('\n').trim() });
        return null;
      }
      await sleep(200);
    }
    const startupMs = Math.round(performance.now() - t0);
    await sleep(SETTLE_MS);
    track(serverPid);

    // 1. Frames, bytes and CPU with no keys pressed.
    const pipeFile = join(repo.dir, '.git', 'tty.log');
    const cpu0 = { mstui: cpuMs(pid), tmux: cpuMs(serverPid), agents: childrenCpuMs(pid), at: performance.now() };
    await c.cmd(`pipe-pane -o -t ${session} 'cat >> ${pipeFile}'`);
    await sleep(FRAME_WINDOW_MS);
    await c.cmd(`pipe-pane -t ${session}`);
    const cpu1 = { mstui: cpuMs(pid), tmux: cpuMs(serverPid), agents: childrenCpuMs(pid), at: performance.now() };
    await sleep(200);
    const tty = existsSync(pipeFile) ? readFileSync(pipeFile, 'latin1') : '';
    const windowSec = (cpu1.at - cpu0.at) / 1000;
    const frames = tty.split('\u001b[?2026h').length - 1;
    const erasedLines = tty.split('\u001b[2K').length - 1;
    // Ink clears the whole terminal (ESC[2J) instead of erasing its lines once a frame is as tall as the terminal.
    const fullClears = tty.split('\u001b[2J').length - 1;

    // 2. Key → frame latency.
    const rng = mulberry32(SEED);
    let rtt: number[] = [];
    for (let i = 0; i < 20; i++) {
      const a = performance.now();
      await c.cmd('display-message -p x');
      rtt.push(performance.now() - a);
    }
    const controlRttMs = percentile(rtt, 50);
    rtt = [];
    let selected = readScreen((await capture()).lines, ids).treeId;
    if (selected !== ids[0]) {
      emit({ case: label, error: `expected ${ids[0]} selected at start, saw ${selected}` });
      return null;
    }
    let index = 0;
    let dir = 1;
    const latencies: number[] = [];
    const pollGaps: number[] = [];
    let timeouts = 0;
    const cpuKeys0 = { mstui: cpuMs(pid), at: performance.now() };
    for (let s = 0; s < SAMPLES; s++) {
      if (index + dir < 0 || index + dir >= ids.length) dir = -dir;
      index += dir;
      const want = ids[index];
      const t = performance.now();
      await c.cmd(`send-keys -t ${session} ${dir > 0 ? 'j' : 'k'}`);
      let seenAt = Number.NaN;
      for (let last = Number.NaN; ; ) {
        const a = performance.now();
        if (!Number.isNaN(last)) pollGaps.push(a - last);
        last = a;
        const r = await capture();
        rtt.push(r.atMs - a);
        const shown = readScreen(r.lines, ids);
        if (shown.treeId === want && shown.detailId === want) {
          seenAt = r.atMs;
          break;
        }
        if (r.atMs - t > KEY_TIMEOUT_MS) break;
        const wait = POLL_MS - (performance.now() - a);
        if (wait > 0) await sleep(wait);
      }
      if (Number.isNaN(seenAt)) {
        timeouts++;
        // Resynchronise with what the screen shows.
        selected = readScreen((await capture()).lines, ids).treeId;
        index = Math.max(0, ids.indexOf(selected ?? ''));
      } else latencies.push(seenAt - t);
      await sleep(30 + rng() * 60);
    }
    const cpuKeys1 = { mstui: cpuMs(pid), at: performance.now() };
    const busyAtEnd = readScreen((await capture()).lines, ids).busy;
    track(serverPid);
    const hwmKb = statusKb(pid, 'VmHWM');
    const rssKb = statusKb(pid, 'VmRSS');
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    emit({
      case: label,
      agents: AGENTS,
      printBytesPerSec: bytesPerSec,
      terminal: `${COLS}x${ROWS}`,
      startupMs,
      keySamples: latencies.length,
      keyTimeouts: timeouts,
      keyP50Ms: round(p50),
      keyP95Ms: round(p95),
      keyP99Ms: round(percentile(latencies, 99)),
      keyMaxMs: round(Math.max(...latencies)),
      keyMinMs: round(Math.min(...latencies)),
      keyMeanMs: round(mean(latencies)),
      captureRttMs: round(mean(rtt), 2),
      pollIntervalMs: round(mean(pollGaps), 2),
      controlRttMs: round(controlRttMs, 2),
      frameWindowSec: round(windowSec, 2),
      frames,
      fps: round(frames / windowSec),
      erasedLinesPerFrame: frames ? round(erasedLines / frames) : 0,
      fullClears,
      ttyKbPerSec: round(tty.length / 1024 / windowSec),
      kbPerFrame: frames ? round(tty.length / 1024 / frames, 2) : 0,
      cpuPctOfCore: round(((cpu1.mstui - cpu0.mstui) / (cpu1.at - cpu0.at)) * 100),
      cpuPctOfCoreWithKeys: round(((cpuKeys1.mstui - cpuKeys0.mstui) / (cpuKeys1.at - cpuKeys0.at)) * 100),
      tmuxCpuPctOfCore: round(((cpu1.tmux - cpu0.tmux) / (cpu1.at - cpu0.at)) * 100),
      agentsCpuPctOfCore: round(((cpu1.agents - cpu0.agents) / (cpu1.at - cpu0.at)) * 100),
      peakRssMb: round(hwmKb / 1024),
      rssMb: round(rssKb / 1024),
      busyAtEnd,
      loadavg: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
      targetP95Ms: TARGET_P95_MS,
      withinP95: p95 <= TARGET_P95_MS,
      targetRssMb: TARGET_RSS_MB,
      withinRss: hwmKb / 1024 <= TARGET_RSS_MB,
    });
    // Stop the run: SIGTERM makes mstui stop its agents and save its state.
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    for (let i = 0; i < 100 && alive(pid); i++) await sleep(100);
    return { p50, p95 };
  } finally {
    c.close();
    track(serverPid);
    await killEverything();
  }
}

async function main(): Promise<void> {
  if (!existsSync('/proc/self/stat')) return emit({ case: 'ui', skipped: 'needs /proc (Linux)' });
  if (!existsSync(CLI)) return emit({ case: 'ui', skipped: `${CLI} not found: run \`npm run build\` first` });
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
  } catch {
    return emit({ case: 'ui', skipped: 'tmux not found' });
  }
  const busy = ONLY === 'idle' ? null : await phase('busy', 102_400);
  const idle = ONLY === 'busy' ? null : await phase('idle', 0);
  if (busy && idle) emit({ case: 'ratio', p50Ratio: round(busy.p50 / idle.p50, 2), p95Ratio: round(busy.p95 / idle.p95, 2) });
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(sig, () => {
    void killEverything().finally(() => process.exit(130));
  });
}
try {
  await main();
} finally {
  await killEverything();
}
