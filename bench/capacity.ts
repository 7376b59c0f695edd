/**
 * Capacity benchmark: `npm run bench:capacity` (= `npx tsx bench/capacity.ts`). One JSON line per measurement.
 *
 * Agents: N real `claude` (the pinned 2.1.x from scripts/install-agent-clis.sh), each in its own pty (mstui's pty
 * adapter), its own HOME and its own git worktree, started as mstui starts them (`--permission-mode default
 * --session-id … --settings <hooks> <prompt>`, the hook command appending to a file). The fake Messages API
 * (bench/capacity-api.ts) streams the answer (~80 tokens/s) for as long as the bench holds it: "busy". Released, the
 * turn ends (a Stop hook line per agent) and claude sits at its prompt: "idle". Then a typed prompt starts "tools":
 * turns of 1 s of text and a Bash call each (`--allowedTools Bash`), in a loop. In each window: CPU (utime+stime of
 * the agent's process tree, % of one core) and memory (RSS, PSS, private: /proc/<pid>/smaps_rollup over the tree).
 * Worktree: a synthetic repo (20k files, ~200 MB of text, one commit): `git worktree add`/`remove` time and disk.
 *
 * `--quick`: 1 agent, 3 s windows, a 500-file repo (seconds). `--agents 1,4`: other counts (`0`: the worktree only); `--verbose`: each
 * phase's screen. A case with an `error` exits 1. Every process started is killed (its process group, and every
 * descendant seen, by pid), on error and Ctrl-C too.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { type AgentProcess, createPtyFactory } from '../src/adapters/pty.js';
import { hookCommand } from '../src/core/agent/hook-command.js';
import { hookSettings } from '../src/core/agent/hooks.js';
import { cleanLine } from '../src/core/plan/clean-text.js';
import { agentCliBin, missingAgentCliMessage } from '../test/helpers/agent-clis.js';
import { claudeEnv, claudeHome, FAKE_API_KEY } from '../test/helpers/real-claude.js';
import { GIT_ENV, git, tempRepo } from '../test/helpers/repo.js';
import { type SlowApi, slowApi } from './capacity-api.js';
import { duKiB, type Mem, memInfo, procStats, tree, treeMem, treeTicks, writeSyntheticRepo } from './capacity-proc.js';

const QUICK = process.argv.includes('--quick');
const VERBOSE = process.argv.includes('--verbose');
const agentsArg = process.argv.includes('--agents') ? process.argv[process.argv.indexOf('--agents') + 1] : undefined;
const COUNTS = agentsArg
  ? agentsArg
      .split(',')
      .map(Number)
      .filter((n) => n > 0)
  : QUICK
    ? [1]
    : [1, 8, 16];
const WINDOW_MS = QUICK ? 3_000 : 30_000;
const SETTLE_MS = QUICK ? 1_000 : 5_000;
const REPO = QUICK ? { files: 500, kib: 4 } : { files: 20_000, kib: 10 };
const HZ = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const MiB = 1024 * 1024;

const emit = (o: Record<string, unknown>): void => {
  if ('error' in o) process.exitCode = 1;
  console.log(JSON.stringify({ bench: 'capacity', ...o }));
};
const round = (x: number, d = 1): number => Math.round(x * 10 ** d) / 10 ** d;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const load = (): number[] => loadavg().map((x) => round(x, 2));

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await pause(100);
  }
}

// ── agents ──────────────────────────────────────────────────────────────────────────────────────────────────

interface Agent {
  proc: AgentProcess;
  hooks: string;
  home: string;
  bytes: number;
  tail: string;
  exited: boolean;
}

const live: Agent[] = [];
const cleanups: (() => void)[] = [];

/** Every descendant seen in a window (a child that left the agent's process group is killed by its pid too). */
const seen = new Set<number>();

function killAll(): void {
  const stats = procStats();
  for (const a of live.splice(0)) {
    for (const pid of tree(a.proc.pid, stats)) seen.add(pid);
    a.proc.kill('SIGKILL'); // the pty made it a session leader: its whole process group
  }
  for (const pid of seen) {
    try {
      if (stats.has(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  seen.clear();
}
process.on('SIGINT', () => {
  killAll();
  for (const c of cleanups.splice(0).reverse()) c();
  process.exit(130);
});

/** One window: CPU % of a core and memory per agent (over its process tree), sampled every second. */
async function measure(agents: Agent[], ms: number) {
  const s0 = procStats();
  const bytes0 = agents.map((a) => a.bytes);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const mems: Mem[][] = [];
  const procs: number[] = [];
  while (performance.now() - t0 < ms) {
    const s = procStats();
    const trees = agents.map((a) => tree(a.proc.pid, s));
    for (const t of trees) for (const pid of t) seen.add(pid);
    procs.push(mean(trees.map((t) => t.length)));
    mems.push(trees.map(treeMem));
    await pause(Math.min(1_000, ms / 3));
  }
  const s1 = procStats();
  const secs = (performance.now() - t0) / 1000;
  const cpu = agents.map((a) => ((treeTicks(a.proc.pid, s1) - treeTicks(a.proc.pid, s0)) / HZ / secs) * 100);
  const perAgent = (k: keyof Mem) => agents.map((_, i) => mean(mems.map((m) => m[i]?.[k] ?? 0)) / MiB);
  const rss = perAgent('rss');
  const own = process.cpuUsage(cpu0);
  return {
    windowS: round(secs),
    cpuPctPerAgent: round(mean(cpu)),
    cpuPctMaxAgent: round(Math.max(...cpu)),
    cpuPctAllAgents: round(cpu.reduce((a, b) => a + b, 0)),
    rssMiBPerAgent: round(mean(rss)),
    rssMiBMaxAgent: round(Math.max(...rss)),
    pssMiBPerAgent: round(mean(perAgent('pss'))),
    privateMiBPerAgent: round(mean(perAgent('priv'))),
    procsPerAgent: round(mean(procs)),
    ptyKiBPerSecPerAgent: round(mean(agents.map((a, i) => (a.bytes - (bytes0[i] ?? 0)) / 1024 / secs))),
    benchCpuPct: round(((own.user + own.system) / 1000 / (secs * 1000)) * 100),
    mem: memInfo(),
    load: load(),
  };
}

const hookCount = (a: Agent, name: string): number =>
  existsSync(a.hooks) ? readFileSync(a.hooks, 'utf8').split(`"hook_event_name":"${name}"`).length - 1 : 0;
const screenTail = (a: Agent): string => cleanLine(a.tail).replace(/\s+/g, ' ').slice(-300);

/** mstui's way of typing a prompt: a bracketed paste, then Enter once the agent drew it. */
async function typePrompt(a: Agent, prompt: string, marker: string): Promise<void> {
  a.proc.write(`\u001b[200~${prompt}\u001b[201~`);
  await until('the pasted prompt on screen', () => screenTail(a).replace(/ /g, '').includes(marker), 10_000);
  a.proc.write('\r');
}

async function agentsCase(n: number, claude: string): Promise<void> {
  const before = memInfo();
  let api: SlowApi | null = null;
  const agents: Agent[] = [];
  try {
    const fake = await slowApi();
    api = fake;
    const repo = tempRepo('mstui-capacity-');
    cleanups.push(() => repo.cleanup());
    const factory = createPtyFactory();
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
      const wt = join(repo.dir, '.worktrees', `a${i}`);
      git(repo.dir, 'worktree', 'add', '-q', '-b', `capacity/a${i}`, wt, 'main');
      const home = claudeHome({ trustRoot: repo.dir, approveKey: FAKE_API_KEY });
      cleanups.push(home.cleanup);
      const [hooks, settings] = [join(home.dir, 'hooks.jsonl'), join(home.dir, 'settings.json')];
      writeFileSync(settings, hookSettings(hookCommand(hooks)));
      const env = claudeEnv(home.dir, fake.url, FAKE_API_KEY, { PATH: `${dirname(claude)}:${process.env.PATH ?? ''}` });
      const argv = [claude, '--permission-mode', 'default', '--allowedTools', 'Bash', '--session-id', randomUUID(), '--settings', settings];
      const prompt = 'Explain, at length, how this repository should be tested.';
      const proc = factory.spawn([...argv, prompt], {
        cwd: wt,
        env: { ...GIT_ENV, ...(env as Record<string, string>) },
        cols: 120,
        rows: 40,
      });
      const a: Agent = { proc, hooks, home: home.dir, bytes: 0, tail: '', exited: false };
      proc.onData((d) => {
        a.bytes += Buffer.byteLength(d);
        a.tail = (a.tail + d).slice(-4000);
      });
      proc.onExit(() => {
        a.exited = true;
      });
      agents.push(a);
      live.push(a);
    }
    const fail = () => agents.find((a) => a.exited);
    await until(`${n} streaming turns`, () => fake.streaming() >= n || !!fail(), 60_000 + n * 15_000);
    if (fail()) throw new Error(`an agent exited: ${screenTail(fail() as Agent)}`);
    emit({ case: `agents-${n}-start`, agents: n, allBusyS: round((performance.now() - t0) / 1000), mem: memInfo(), load: load() });
    await pause(SETTLE_MS);
    emit({ case: `agents-${n}-busy`, agents: n, ...(await measure(agents, WINDOW_MS)) });
    if (VERBOSE) emit({ case: 'screen', agents: n, phase: 'busy', text: screenTail(agents[0] as Agent) });
    fake.release();
    await until('a Stop hook from every agent', () => agents.every((a) => hookCount(a, 'Stop') >= 1), 60_000 + n * 5_000);
    await pause(SETTLE_MS);
    emit({ case: `agents-${n}-idle`, agents: n, ...(await measure(agents, WINDOW_MS)) });
    if (VERBOSE) emit({ case: 'screen', agents: n, phase: 'idle', text: screenTail(agents[0] as Agent) });
    fake.hold('tools');
    for (const a of agents) await typePrompt(a, 'Run the capacitycheck commands in a loop.', 'capacitycheck');
    await until(`${2 * n} tool results`, () => fake.toolResults() >= 2 * n, 60_000 + n * 10_000);
    await pause(SETTLE_MS);
    const calls0 = fake.toolCalls();
    const tools = await measure(agents, WINDOW_MS);
    const perMin = ((fake.toolCalls() - calls0) / n / tools.windowS) * 60;
    emit({ case: `agents-${n}-tools`, agents: n, bashCallsPerAgentPerMin: round(perMin), toolErrors: fake.toolErrors(), ...tools });
    if (VERBOSE) emit({ case: 'screen', agents: n, phase: 'tools', text: screenTail(agents[0] as Agent) });
    fake.release();
    await until('a second Stop hook from every agent', () => agents.every((a) => hookCount(a, 'Stop') >= 2), 60_000 + n * 5_000);
    const homeKiB = mean(agents.map((a) => duKiB(a.home)));
    killAll();
    await until('every agent to exit', () => agents.every((a) => a.exited), 30_000);
    emit({
      case: `agents-${n}-end`,
      agents: n,
      homeKiBPerAgent: Math.round(homeKiB),
      memBefore: before,
      memAfter: memInfo(),
      load: load(),
    });
  } catch (e) {
    emit({ case: `agents-${n}`, error: String(e), streaming: api?.streaming(), screen: agents[0] ? screenTail(agents[0]) : '' });
  } finally {
    killAll();
    api?.close();
    for (const c of cleanups.splice(0).reverse()) c();
  }
}

// ── worktree cost ───────────────────────────────────────────────────────────────────────────────────────────

const timed = (fn: () => void): number => {
  const t0 = performance.now();
  fn();
  return round(performance.now() - t0, 0);
};

function worktreeCase(): void {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mstui-capacity-repo-')));
  try {
    const repo = join(dir, 'repo');
    git(dir, 'init', '-q', '-b', 'main', repo);
    const t0 = performance.now();
    writeSyntheticRepo(repo, REPO.files, REPO.kib);
    const writeMs = round(performance.now() - t0, 0);
    const commitMs = timed(() => {
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'synthetic');
    });
    const gitKiB0 = duKiB(join(repo, '.git'));
    const wt = join(repo, '.worktrees/t1');
    execFileSync('sync'); // the repo's own writes reach the disk first: they are not the worktree's cost
    const addMs = timed(() => git(repo, 'worktree', 'add', '-q', '-b', 'capacity/t1', wt, 'main'));
    const wtKiB = duKiB(wt);
    const gitGrowthKiB = duKiB(join(repo, '.git')) - gitKiB0;
    const statusMs = timed(() => git(wt, 'status', '--porcelain'));
    const removeMs = timed(() => git(repo, 'worktree', 'remove', wt));
    emit({
      case: 'worktree',
      files: REPO.files,
      checkoutKiB: duKiB(repo) - duKiB(join(repo, '.git')),
      gitKiB: gitKiB0,
      writeMs,
      commitMs,
      worktreeAddMs: addMs,
      worktreeKiB: wtKiB,
      gitGrowthKiB,
      statusMs,
      worktreeRemoveMs: removeMs,
      load: load(),
    });
  } catch (e) {
    emit({ case: 'worktree', error: String(e) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const claude = agentCliBin('claude');
  emit({ case: 'machine', cores: cpus().length, memMiB: Math.round(totalmem() / MiB), mem: memInfo(), load: load(), quick: QUICK });
  if (!claude) emit({ case: 'agents', error: missingAgentCliMessage('claude') });
  else for (const n of COUNTS) await agentsCase(n, claude);
  worktreeCase();
}

await main();
