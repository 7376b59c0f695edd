/**
 * Benches that cannot rot (issue 14): each bench's `--quick` mode runs here, so a bench that crashes, stops printing
 * a case, or reports an `error` fails `npm test`. Only the shape of the output is checked: speed is measured by the
 * full benches and written in docs/PERFORMANCE.md, never asserted in tests.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, ROOT } from '../helpers/repo.js';

const TSX = join(ROOT, 'node_modules/.bin/tsx');

interface Outcome {
  code: number;
  lines: Record<string, unknown>[];
  stderr: string;
}

function bench(file: string): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION', 'CLAUDECODE', 'TMUX', 'TMUX_PANE']) delete env[name];
  return new Promise((resolve) => {
    execFile(TSX, [join(ROOT, 'bench', file), '--quick'], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      const lines = stdout
        .split('\n')
        .filter((l) => l.trim() !== '')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code, lines, stderr });
    });
  });
}

const show = (o: Outcome): string => `exit ${o.code}\n${o.lines.map((l) => JSON.stringify(l)).join('\n')}\n--- stderr\n${o.stderr}`;

function cases(o: Outcome, name: string): string[] {
  for (const l of o.lines) expect(l.bench, show(o)).toBe(name);
  const errors = o.lines.filter((l) => 'error' in l || 'skipped' in l);
  expect(errors, show(o)).toEqual([]);
  return o.lines.map((l) => String(l.case));
}

describe('every bench runs in quick mode and prints its cases', () => {
  it('bench:plan', { timeout: 120_000 }, async () => {
    const o = await bench('plan.ts');
    expect(o.code, show(o)).toBe(0);
    const ktrdr = existsSync(join(ROOT, '../shared/realworld/ktrdr')) ? ['ktrdr-folder'] : [];
    const names = o.lines.map((l) => String(l.case));
    expect(names.filter((n) => n !== 'ktrdr-folder')).toEqual(['generated-1000', 'generated-10000', 'scaling-1000-to-10000']);
    for (const n of ktrdr) expect(names).toContain(n);
    for (const l of o.lines.filter((x) => x.case !== 'ktrdr-folder')) expect(Number(l.ms), show(o)).toBeGreaterThan(0);
  });

  it('bench:schedule (the simulation answers every effect the reducer asks for, RunCi included)', { timeout: 300_000 }, async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
    const o = await bench('schedule.ts');
    expect(o.code, show(o)).toBe(0);
    expect(cases(o, 'schedule')).toEqual([
      'sim-dag-40-parallel-1',
      'sim-dag-40-parallel-2',
      'sim-dag-40-parallel-4',
      'sim-dag-40-parallel-8',
      'real-dag-8',
      'cpu-2-agents-10kbps',
    ]);
    const real = o.lines.find((l) => l.case === 'real-dag-8');
    expect(Number(real?.makespanMs), show(o)).toBeGreaterThan(0);
  });

  it('bench:hooks (hook line on disk → event reduced, paired from a real run)', { timeout: 300_000 }, async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
    const o = await bench('hooks.ts');
    expect(o.code, show(o)).toBe(0);
    expect(cases(o, 'hooks')).toEqual(['chain-3']);
    const [chain] = o.lines;
    // Three tasks: 9 hook lines (SessionStart, UserPromptSubmit, Stop) became events; a line this process saw late is unpaired.
    expect(Number(chain?.paired), show(o)).toBeGreaterThanOrEqual(6);
  });

  it('bench:git (git programs per task, counted by a recording git on PATH)', { timeout: 300_000 }, async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
    const o = await bench('git-programs.ts');
    expect(o.code, show(o)).toBe(0);
    expect(cases(o, 'git')).toEqual(['chain-3']);
    const [chain] = o.lines;
    // At least the worktree add and the agent's commit of each task were counted.
    expect(Number(chain?.perTask), show(o)).toBeGreaterThanOrEqual(2);
    expect(Object.keys(chain?.byCommand as object), show(o)).toContain('worktree add');
  });

  it('bench:floor (mstui beside the plain-git floor script: chain, parallel, git programs)', { timeout: 300_000 }, async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
    const o = await bench('floor.ts');
    expect(o.code, show(o)).toBe(0);
    expect(cases(o, 'floor')).toEqual(['chain-3', 'parallel-2-4', 'git-programs']);
    // Both sides ran and merged every task (the bench checks the merges), so each has a wall time and a git count.
    for (const l of o.lines.slice(0, 2)) {
      expect(Number(l.mstuiWallMsPerTask), show(o)).toBeGreaterThan(0);
      expect(Number(l.floorWallMsPerTask), show(o)).toBeGreaterThan(0);
    }
    expect(Number(o.lines[2]?.floorPerTask), show(o)).toBeGreaterThanOrEqual(4);
  });

  it('bench:runner (one quick program: the runner, execa, execFile)', { timeout: 120_000 }, async () => {
    const o = await bench('runner.ts');
    expect(o.code, show(o)).toBe(0);
    expect(cases(o, 'runner')).toEqual(['runner', 'execa', 'execFile']);
    for (const l of o.lines) expect(Number(l.cpuMsPerCall), show(o)).toBeGreaterThan(0);
  });

  it('bench:startup (floor, --version, plan, status against a running mstui, the TUI first frame)', { timeout: 300_000 }, async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
    const o = await bench('startup.ts');
    expect(o.code, show(o)).toBe(0);
    expect(cases(o, 'startup')).toEqual(['node-floor', 'version', 'plan-6', 'plan-6-json', 'status-json', 'status-tmux', 'tui-6']);
    for (const l of o.lines) expect(Number(l.wallMs), show(o)).toBeGreaterThan(0);
  });

  it('bench:ui (the real TUI in tmux: key → frame and RSS figures for both phases)', { timeout: 300_000 }, async () => {
    expect(existsSync(CLI), `${CLI} is missing: run npm run build`).toBe(true);
    const o = await bench('ui.ts');
    expect(o.code, show(o)).toBe(0);
    expect(cases(o, 'ui')).toEqual(['busy-4x100kbps', 'idle-4x0kbps', 'ratio']);
    for (const l of o.lines.slice(0, 2)) {
      expect(l.keyTimeouts, show(o)).toBe(0);
      expect(Number(l.peakRssMb), show(o)).toBeGreaterThan(0);
    }
  });
});
