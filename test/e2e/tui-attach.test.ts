/**
 * Attaching to agents from the run screen, end to end (built CLI, private tmux server, scripted agent):
 * - `t` opens the agent in a tmux window (`mstui attach` over the control socket); left open until the task
 *   finishes, that window says the agent exited, and mstui goes on to the end of the run (no stack trace);
 * - enter attaches in place: a status line names the detach key, and Ctrl-] comes back to the run screen.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CLI, GIT_ENV, scenario, scriptedConfig, type TempRepo, tempRepo } from '../helpers/repo.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

const PLAN = ['# Milestone 1: Attach', '', '## Task 1.1: Store', '**Type:** CODING', '**Depends on:** none', ''].join('\n');

let tmux: TmuxSession | undefined;
let repo: TempRepo | undefined;
afterEach(() => {
  tmux?.kill();
  tmux = undefined;
  repo?.cleanup();
  repo = undefined;
});

beforeAll(() => {
  expect(existsSync(CLI)).toBe(true);
});

/** `mstui run --yes` of a one-task plan in a private tmux server; the shell says how mstui ended. */
function startRun(agent: Record<string, unknown>): TmuxSession {
  repo = tempRepo('mstui-tui-attach-');
  repo.write('plans/M1_attach.md', PLAN);
  repo.write('.mstui.json', scriptedConfig());
  repo.commitAll('plan');
  const sc = scenario(repo, { default: { printBytesPerSec: 200, ...agent } });
  tmux = startTmux({
    command: ['sh', '-c', '"$0" "$1" run plans/M1_attach.md --yes; echo MSTUI_EXIT=$?; sleep 600', process.execPath, CLI],
    cwd: repo.dir,
    cols: 160,
    rows: 45,
    env: { ...GIT_ENV, SCRIPTED_AGENT_SCENARIO: sc },
  });
  return tmux;
}

const tmuxCmd = (t: TmuxSession, ...args: string[]): string => execFileSync('tmux', ['-L', t.socket, ...args], { encoding: 'utf8' });

/** The agent's own screen (the scripted agent's prompt box), not mstui's tree. */
const isAgentScreen = (screen: string): boolean =>
  /^❯/m.test(screen) && /\? for shortcuts|⏸ manual mode on|⏵⏵ auto mode on/.test(screen) && !/› \d+ of \d+/.test(screen);

const STACK_TRACE = /ENOTTY|EBADF|EPIPE|ioctl\(2\) failed|^\s+at .+:\d+:\d+\)?$/m;

describe('attaching from the run screen', () => {
  it('a `t` window left open until its task finishes says the agent exited; mstui finishes the run', { timeout: 90_000 }, async () => {
    const t = startRun({ durationMs: 8000 });
    await t.waitForScreen((s) => / busy +\d+:\d\d/.test(s), 30_000, '1.1 busy in the tree');
    t.sendKeys('t');
    const index = await waitFor(
      () =>
        tmuxCmd(t, 'list-windows', '-t', 'e2e', '-F', '#{window_index}\t#{window_name}')
          .trim()
          .split('\n')
          .map((l) => l.split('\t'))
          .find(([, name]) => name === 'mstui:1.1')?.[0],
      10_000,
      'the mstui:1.1 window',
    );
    const attachPane = () => tmuxCmd(t, 'capture-pane', '-p', '-t', `e2e:${index}`);
    let last = '';
    // First the status line says how to come back, then the agent's own bottom row is back.
    await waitFor(
      () => {
        last = attachPane();
        return /mstui · attached to 1\.1 · Ctrl-\] to detach/.test(last);
      },
      15_000,
      () => `the status line in window ${index}; it showed:\n${last}`,
    );
    await waitFor(
      () => {
        last = attachPane();
        return isAgentScreen(last);
      },
      15_000,
      () => `the agent's screen in window ${index}; it showed:\n${last}`,
    );
    // The task finishes (the agent works 8 s, mstui merges and stops it) while the window stays open.
    await waitFor(
      () => {
        last = attachPane();
        return /agent exited/.test(last);
      },
      45_000,
      () => `"agent exited" in window ${index}; it showed:\n${last}`,
    );
    expect(last).toMatch(/agent exited \(task 1\.1\); the run goes on · press any key to close/);
    expect(last).not.toMatch(STACK_TRACE);
    // mstui was not killed by the attach: it finishes the run and exits 0, with no stack trace on its screen.
    let main = '';
    await waitFor(
      () => {
        main = tmuxCmd(t, 'capture-pane', '-p', '-S', '-200', '-t', 'e2e:0');
        return /MSTUI_EXIT=\d+/.test(main);
      },
      30_000,
      () => `mstui's exit; its window showed:\n${main}`,
    );
    expect(main).not.toMatch(STACK_TRACE);
    expect(main).toMatch(/MSTUI_EXIT=0/);
    // The attach window closes on a key.
    tmuxCmd(t, 'send-keys', '-t', `e2e:${index}`, 'x');
    await waitFor(
      () => !tmuxCmd(t, 'list-windows', '-t', 'e2e', '-F', '#{window_name}').includes('mstui:1.1'),
      10_000,
      'the window closed',
    );
  });

  it('enter attaches with a status line naming the detach key, which then goes; Ctrl-] comes back', { timeout: 90_000 }, async () => {
    const t = startRun({ durationMs: 60_000 });
    await t.waitForScreen((s) => / busy +\d+:\d\d/.test(s), 30_000, '1.1 busy in the tree');
    t.sendKeys('Enter');
    // The agent's screen, its bottom row covered by the status line (in reverse video).
    const bottom = (s: string) =>
      s
        .split('\n')
        .filter((l) => l.trim() !== '')
        .at(-1) ?? '';
    await t.waitForScreen(
      (s) => /^❯/m.test(s) && !/› \d+ of \d+/.test(s) && /^ mstui · attached to 1\.1 · Ctrl-\] to detach *$/.test(bottom(s)),
      10_000,
      "the agent's screen with the status line at the bottom",
    );
    expect(tmuxCmd(t, 'capture-pane', '-p', '-e', '-t', 'e2e')).toContain('\u001b[7m mstui · attached to 1.1');
    // A few seconds later the agent has its bottom row back.
    await t.waitForScreen((s) => isAgentScreen(s) && !s.includes('Ctrl-] to detach'), 15_000, 'the status line gone');
    t.sendKeys('C-]');
    await t.waitForScreen((s) => /› 1 of 1/.test(s) && / busy +\d+:\d\d/.test(s), 10_000, 'the run screen again');
  });

  it('attached in place when the agent ends: back on the run screen, which says so; the run finishes', { timeout: 90_000 }, async () => {
    const t = startRun({ durationMs: 6000 });
    await t.waitForScreen((s) => / busy +\d+:\d\d/.test(s), 30_000, '1.1 busy in the tree');
    t.sendKeys('Enter');
    await t.waitForScreen((s) => /^❯/m.test(s) && !/› \d+ of \d+/.test(s), 10_000, "the agent's own screen");
    await t.waitForScreen(
      (s) => /› 1 of 1/.test(s) && /The agent of 1\.1 exited; the run goes on\./.test(s),
      45_000,
      'the run screen after the agent ended, saying so',
    );
    const end = await t.waitForScreen((s) => /MSTUI_EXIT=\d+/.test(s), 30_000, "mstui's exit");
    expect(end).toMatch(/MSTUI_EXIT=0/);
    expect(end).not.toMatch(STACK_TRACE);
  });
});
