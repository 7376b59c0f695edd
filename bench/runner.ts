/**
 * What one quick program costs mstui's own process: `npx tsx bench/runner.ts`. Prints one JSON line per case.
 *
 * `git --version`, run one after another N times (default 200) by: the runner's quick path (Node's spawn, what git,
 * du, tmux and gh go through), execa with the options the runner used before (what users' commands still go
 * through), and bare `child_process.execFile` (the floor). Per call: wall and this process's CPU (user + system,
 * which includes the fork). The process holds a ~100 MB heap first, as mstui does with agents running (a fork copies
 * the page tables of what is resident). The three alternate in rounds so load hits them alike. `--quick`: 20 calls.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { createRunner } from '../src/adapters/runner.js';

const QUICK = process.argv.includes('--quick');
const N = QUICK ? 20 : 200;
const ROUNDS = QUICK ? 1 : 3;
const ballast = Array.from({ length: 600_000 }, (_, i) => ({ i, s: `entry ${i}` }));

const runner = createRunner();
const cases: Record<string, () => Promise<unknown>> = {
  runner: () => runner.run('git', ['--version']),
  execa: () =>
    execa('git', ['--version'], { reject: false, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', stripFinalNewline: false }),
  execFile: () => new Promise((resolve) => execFile('git', ['--version'], { encoding: 'utf8' }, resolve)),
};

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const totals = Object.fromEntries(Object.keys(cases).map((k) => [k, { wall: 0, cpu: 0 }]));
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, run] of Object.entries(cases)) {
    const c0 = cpuMs();
    const t0 = performance.now();
    for (let i = 0; i < N; i++) await run();
    const t = totals[name];
    if (t) {
      t.wall += performance.now() - t0;
      t.cpu += cpuMs() - c0;
    }
  }
}
const calls = N * ROUNDS;
const per = (name: string) => ({ wallMs: (totals[name]?.wall ?? 0) / calls, cpuMs: (totals[name]?.cpu ?? 0) / calls });
const floor = per('execFile');
for (const name of Object.keys(cases)) {
  const p = per(name);
  console.log(
    JSON.stringify({
      bench: 'runner',
      case: name,
      calls,
      wallMsPerCall: Math.round(p.wallMs * 100) / 100,
      cpuMsPerCall: Math.round(p.cpuMs * 100) / 100,
      cpuRatioToExecFile: Math.round((p.cpuMs / floor.cpuMs) * 100) / 100,
      heapObjects: ballast.length,
      loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    }),
  );
}
