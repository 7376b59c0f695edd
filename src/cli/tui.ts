/**
 * The interactive screen: Ink is loaded here, lazily, only when a run has a terminal. Attaching
 * unmounts Ink, hands the terminal to the agent, and mounts it again on detach.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Layout } from '../engine/layout.js';
import type { RunEngine } from '../engine/run-engine.js';
import type { Runner } from '../ports.js';
import type { UiEngine } from '../ui/view-model.js';
import { attachToAgent } from './attach.js';

/** Bytes of a task log shown by `l` (the tail: logs of chatty agents grow large). */
export const LOG_VIEW_BYTES = 256 * 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: escape sequences are what we strip
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][0-9A-B]|\r/g;

/** `t`: a new tmux window running `mstui attach <task>` against this mstui's control socket. */
async function openInTmux(runner: Runner, repo: string, task: string): Promise<void> {
  const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
  await runner.run('tmux', ['new-window', '-n', `mstui:${task}`, '-c', repo, process.execPath, cli, 'attach', task]);
}

export async function runTui(engine: RunEngine, ui: UiEngine, deps: { runner: Runner; layout: Layout }): Promise<void> {
  const [{ render }, React, { App }] = await Promise.all([import('ink'), import('react'), import('../ui/index.js')]);
  const { layout, runner } = deps;
  let finished = false;
  void engine.done.then(() => {
    finished = true;
  });
  const loadDiff = async (task: string) => {
    const r = await runner.run('git', ['diff', '--stat', '-p', `${layout.integrationBranch}...${layout.taskBranch(task)}`], {
      cwd: layout.repo,
    });
    return r.exitCode === 0 ? r.stdout || '(no changes yet)' : `git diff failed: ${r.stderr}`;
  };
  const loadLog = async (task: string) => {
    const text = await readFile(layout.log(task), 'utf8').catch(() => '(no log yet)');
    return text.slice(-LOG_VIEW_BYTES).replace(ANSI, '');
  };
  let lastAttached: string | undefined;
  for (;;) {
    let attachTo: string | null = null;
    const app = render(
      React.createElement(App, {
        engine: ui,
        initialTask: lastAttached,
        onAttach: (task: string) => {
          if (!engine.agents.get(task)) return;
          attachTo = task;
          app.unmount();
        },
        loadDiff,
        loadLog,
        openInTmux: process.env.TMUX ? (task: string) => void openInTmux(runner, layout.repo, task) : undefined,
        onExit: () => app.unmount(),
      }),
      { exitOnCtrlC: false },
    );
    const unmountWhenDone = engine.done.then(() => app.unmount());
    await app.waitUntilExit();
    void unmountWhenDone;
    const agent = attachTo ? engine.agents.get(attachTo) : undefined;
    if (!agent || finished) return;
    lastAttached = attachTo ?? undefined;
    await attachToAgent(agent, { stdin: process.stdin, stdout: process.stdout });
    if (finished) return;
  }
}
