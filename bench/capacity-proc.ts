/** bench/capacity.ts's /proc readers (process trees, CPU ticks, smaps_rollup, meminfo), du, and its synthetic repository. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORDS } from './capacity-api.js';

/** Disk use of a folder in KiB (`du -sk`: allocated blocks). */
export const duKiB = (path: string): number => Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]);

export interface Stat {
  ppid: number;
  ticks: number;
}

/** Every process's parent and CPU ticks: its own utime+stime plus those of the children it has waited for. */
export function procStats(): Map<number, Stat> {
  const out = new Map<number, Stat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = text.slice(text.lastIndexOf(')') + 2).split(' '); // f[0] is field 3 (state); fields 14-17 at f[11..14]
      out.set(Number(name), { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) });
    } catch {
      // the process ended while we read
    }
  }
  return out;
}

/** `root` and its descendants that are alive in `stats`. */
export function tree(root: number, stats: Map<number, Stat>): number[] {
  const pids = [root];
  for (let i = 0; i < pids.length; i++) for (const [pid, s] of stats) if (s.ppid === pids[i]) pids.push(pid);
  return pids.filter((p) => stats.has(p));
}

export const treeTicks = (root: number, stats: Map<number, Stat>): number =>
  tree(root, stats).reduce((n, p) => n + (stats.get(p)?.ticks ?? 0), 0);

export interface Mem {
  rss: number;
  pss: number;
  priv: number;
}

/** Bytes: resident, proportional (shared pages split between their users), private (this tree's alone). */
export function treeMem(pids: number[]): Mem {
  const m: Mem = { rss: 0, pss: 0, priv: 0 };
  for (const pid of pids) {
    try {
      const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) * 1024;
      m.rss += kb('Rss');
      m.pss += kb('Pss');
      m.priv += kb('Private_Clean') + kb('Private_Dirty');
    } catch {
      // gone
    }
  }
  return m;
}

export function memInfo(): { availMiB: number; freeMiB: number } {
  const text = readFileSync('/proc/meminfo', 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { availMiB: Math.round(kb('MemAvailable') / 1024), freeMiB: Math.round(kb('MemFree') / 1024) };
}

/** `files` files of `kib` KiB of code-like text (lines drawn from a seeded pool: compressible like source), 50 a folder. */
export function writeSyntheticRepo(repo: string, files: number, kib: number): void {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed;
  };
  const pool = Array.from(
    { length: 4000 },
    (_, i) => `  const v${i} = ${WORDS[i % WORDS.length]}(${rnd() % 10000}, '${rnd().toString(36)}');\n`,
  );
  for (let i = 0; i < files; i++) {
    const sub = join(repo, `src/m${Math.floor(i / 1000)}/d${Math.floor(i / 50) % 20}`);
    if (i % 50 === 0) mkdirSync(sub, { recursive: true });
    let text = `// file ${i}\nexport function f${i}() {\n`;
    while (text.length < kib * 1024) text += pool[rnd() % pool.length];
    writeFileSync(join(sub, `f${i}.ts`), `${text}}\n`);
  }
}
