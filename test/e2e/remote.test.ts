/** `mstui status` and `mstui attach` against a running mstui, through its control socket. */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, DIAMOND_PLAN, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { mstui, spawnMstui } from '../helpers/run-cli.js';
import { waitFor } from '../helpers/wait-for.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function tmux(server: string, ...args: string[]): string {
  return execFileSync('tmux', ['-L', server, ...args], { encoding: 'utf8' });
}

describe('control socket', () => {
  it('serves status (text, --json, --tmux) and remote attach with Ctrl-] detach', { timeout: 90_000 }, async () => {
    const repo: TempRepo = tempRepo();
    cleanups.push(() => repo.cleanup());
    repo.write('plans/M1_diamond.md', DIAMOND_PLAN);
    repo.write('.mstui.json', scriptedConfig());
    repo.commitAll('plan');
    const sc = scenario(repo, { default: { durationMs: 600 }, tasks: { '1.1': { durationMs: 60_000 } } });
    const notRunning = await mstui(repo.dir, ['status']);
    expect(notRunning.code).toBe(2);
    expect(notRunning.stderr).toContain('no mstui is running');

    const run = spawnMstui(repo.dir, ['run', 'plans/M1_diamond.md', '--headless', '--yes'], { SCRIPTED_AGENT_SCENARIO: sc });
    cleanups.push(() => run.child.kill('SIGKILL'));
    const sock = join(repo.dir, '.worktrees/.mstui/mstui.sock');
    await waitFor(
      () => run.stdout().includes('Starting 1.1') && existsSync(sock),
      20_000,
      () => run.stdout(),
    );
    expect(statSync(sock).mode & 0o777).toBe(0o600);

    const json = await mstui(repo.dir, ['status', '--json']);
    const report = JSON.parse(json.stdout) as {
      milestone: string;
      counts: { total: number; running: number };
      tasks: { id: string; status: string }[];
    };
    expect(report.milestone).toBe('M1');
    expect(report.counts.total).toBe(6);
    expect(report.tasks.find((t) => t.id === '1.1')?.status).toBe('running');
    expect((await mstui(repo.dir, ['status', '--tmux'])).stdout).toBe('M1 0/6\n');
    expect((await mstui(repo.dir, ['status'])).stdout).toMatch(/^M1: 0\/6 merged · 1 running/);
    // From inside a task's worktree (where an agent, or a user looking at its work, stands): the same mstui.
    const inTask = await mstui(join(repo.dir, '.worktrees', 'M1-1.1'), ['status', '--tmux']);
    expect(inTask.stdout).toBe('M1 0/6\n');

    const server = `mstui-remote-${process.pid}-${Date.now()}`;
    cleanups.push(() => {
      try {
        tmux(server, 'kill-server');
      } catch {
        // already gone
      }
    });
    const env = { ...process.env };
    delete env.CI;
    delete env.CONTINUOUS_INTEGRATION;
    execFileSync(
      'tmux',
      [
        '-L',
        server,
        'new-session',
        '-d',
        '-s',
        'a',
        '-x',
        '120',
        '-y',
        '30',
        '-c',
        repo.dir,
        `${process.execPath} ${CLI} attach 1.1; echo ATTACH_EXIT=$?; sleep 60`,
      ],
      { env },
    );
    // The agent's own screen fills the terminal: its spinner and prompt box, not mstui's output.
    await waitFor(
      () => /esc to interrupt/.test(tmux(server, 'capture-pane', '-p', '-t', 'a')),
      15_000,
      () => tmux(server, 'capture-pane', '-p', '-t', 'a'),
    );
    tmux(server, 'send-keys', '-t', 'a', 'C-]');
    await waitFor(
      () => tmux(server, 'capture-pane', '-p', '-t', 'a').includes('ATTACH_EXIT=0'),
      10_000,
      () => tmux(server, 'capture-pane', '-p', '-t', 'a'),
    );

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    expect(existsSync(sock)).toBe(false);
  });
});
