/**
 * The TUI inside tmux, end to end (built CLI, private tmux server, scripted agent), for what tmux adds:
 * - `t` opens the selected task's agent in a new tmux window running `mstui attach <task>`, which reaches the agent
 *   over the run's control socket;
 * - a task that starts waiting for a human rings the terminal bell and shows a tmux message (`display-message`).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, GIT_ENV, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

const PLAN = ['# Milestone 1: Windows', '', '## Task 1.1: Store', '**Type:** CODING', '**Depends on:** none', ''].join('\n');

let tmux: TmuxSession | undefined;
let repo: TempRepo | undefined;
let control: ChildProcess | undefined;
afterEach(() => {
  control?.kill();
  control = undefined;
  tmux?.kill();
  tmux = undefined;
  repo?.cleanup();
  repo = undefined;
});

beforeAll(() => {
  expect(existsSync(CLI)).toBe(true);
});

/** `mstui run` of a one-task plan in a private tmux server; the agent works for a minute, as `agent` says. */
function startRun(agent: Record<string, unknown>): TmuxSession {
  repo = tempRepo('mstui-tui-windows-');
  repo.write('plans/M1_windows.md', PLAN);
  repo.write('.mstui.json', scriptedConfig());
  repo.commitAll('plan');
  const sc = scenario(repo, { default: { durationMs: 60_000, printBytesPerSec: 200, ...agent } });
  tmux = startTmux({
    command: [process.execPath, CLI, 'run', 'plans/M1_windows.md'],
    cwd: repo.dir,
    cols: 160,
    rows: 45,
    env: { ...GIT_ENV, SCRIPTED_AGENT_SCENARIO: sc },
  });
  return tmux;
}

/** A tmux command against the test's private server. */
const tmuxCmd = (t: TmuxSession, ...args: string[]): string => execFileSync('tmux', ['-L', t.socket, ...args], { encoding: 'utf8' });

/** The agent's own screen (the scripted agent's prompt box), as mstui attach paints it. */
const isAgentScreen = (screen: string): boolean =>
  /^❯/m.test(screen) && /\? for shortcuts|⏸ manual mode on|⏵⏵ auto mode on/.test(screen) && !/› \d+ of \d+/.test(screen);

describe('mstui TUI inside tmux', () => {
  it('t opens the selected agent in a new tmux window running mstui attach', { timeout: 60_000 }, async () => {
    const t = startRun({});
    await t.waitForScreen((s) => / busy +\d+:\d\d/.test(s), 30_000, '1.1 busy in the tree');
    const windows = () =>
      tmuxCmd(t, 'list-windows', '-t', 'e2e', '-F', '#{window_index}\t#{window_name}\t#{pane_start_command}')
        .trim()
        .split('\n')
        .map((l) => l.split('\t'));
    expect(windows()).toHaveLength(1);

    t.sendKeys('t');
    const opened = await waitFor(
      () => windows().find(([, name]) => name === 'mstui:1.1'),
      10_000,
      () => JSON.stringify(windows()),
    );
    const [index, , command = ''] = opened;
    expect(command).toMatch(/cli\.js"? "?attach"? "?1\.1"?$/);
    // The new window shows the agent itself: attach reached it over the control socket.
    let last = '';
    await waitFor(
      () => {
        last = tmuxCmd(t, 'capture-pane', '-p', '-t', `e2e:${index}`);
        return isAgentScreen(last);
      },
      15_000,
      () => `the agent's screen in window ${index}; it showed:\n${last}`,
    );
    // mstui goes on in its own window.
    expect(tmuxCmd(t, 'capture-pane', '-p', '-t', 'e2e:0')).toMatch(/› 1 of 1/);
  });

  it('a task waiting for a human rings the bell and shows a tmux message', { timeout: 60_000 }, async () => {
    // The agent asks halfway through its work, and then waits for the answer.
    const t = startRun({ durationMs: 4000, askPermission: true });
    // A client to show messages to (tmux keeps a log per client); mstui's window is not the current one, so tmux
    // flags the bell on it.
    control = spawn('tmux', ['-L', t.socket, '-C', 'attach-session', '-t', 'e2e'], { stdio: ['pipe', 'ignore', 'ignore'] });
    control.stdin?.write('refresh-client -C 160,45\n');
    const client = await waitFor(
      () => tmuxCmd(t, 'list-clients', '-F', '#{client_name} #{client_flags}').match(/^(\S+) .*control-mode/m)?.[1],
      10_000,
      'the control-mode client',
    );
    tmuxCmd(t, 'new-window', '-d', '-t', 'e2e:1', 'sleep 600');
    tmuxCmd(t, 'select-window', '-t', 'e2e:1');
    expect(tmuxCmd(t, 'display-message', '-p', '-t', 'e2e:0', '#{window_bell_flag}').trim()).toBe('0');

    let screen = '';
    await waitFor(
      () => {
        screen = tmuxCmd(t, 'capture-pane', '-p', '-t', 'e2e:0');
        return /^1\.1 asks for permission/m.test(screen);
      },
      30_000,
      () => `the permission question on mstui's bar; it showed:\n${screen}`,
    );
    let messages = '';
    await waitFor(
      () => {
        messages = tmuxCmd(t, 'show-messages', '-t', client);
        return / message: mstui: 1\.1 asks for permission/m.test(messages);
      },
      10_000,
      () => `mstui's display-message; the client's messages:\n${messages}`,
    );
    await waitFor(() => tmuxCmd(t, 'display-message', '-p', '-t', 'e2e:0', '#{window_bell_flag}').trim() === '1', 10_000, 'the bell flag');
  });
});
