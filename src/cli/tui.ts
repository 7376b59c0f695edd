/**
 * The interactive screen: Ink is loaded here, lazily, only when a run has a terminal. Attaching
 * unmounts Ink, hands the terminal to the agent, and mounts it again on detach.
 */
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { LogView } from '../adapters/log-view.js';
import type { Layout } from '../engine/layout.js';
import type { RunEngine } from '../engine/run-engine.js';
import type { Git, Runner } from '../ports.js';
import type { UiEngine } from '../ui/view-model.js';
import { attachToAgent } from './attach.js';

/** `t`: a new tmux window running `mstui attach <task>` against this mstui's control socket. */
async function openInTmux(runner: Runner, repo: string, task: string): Promise<void> {
  const cli = fileURLToPath(new URL('../cli.js', import.meta.url));
  await runner.run('tmux', ['new-window', '-n', `mstui:${task}`, '-c', repo, process.execPath, cli, 'attach', task]);
}

/**
 * Ink's own cap on frames a second (its default, 30, holds a frame up to 34 ms after the previous one). The App
 * already decides when to redraw (useRedraw: engine state changes and agent output at most every REDRAW_MS /
 * OUTPUT_REDRAW_MS), so Ink's cap only delayed key presses that came just after another frame. At 250 it merely
 * folds commits less than 4 ms apart into one frame (`npm run bench:ui`, docs/PERFORMANCE.md).
 */
const INK_MAX_FPS = 250;

/**
 * How far V8 lets its old space grow past what was live after a full collection, in percent (by default V8 picks
 * up to 300 % when allocation is fast). The TUI's frames keep promoting short-lived objects (about 1 MB per
 * scavenge with 16 busy agents), so mstui's old space grew to 2–3× its ~30 MB live before a full collection: a peak
 * RSS of 180–195 MB. At 25 % the peak is ~141 MB, for a full collection every ~2 s that pauses ~5 ms
 * (`npm run bench:ui`, docs/PERFORMANCE.md). V8 reads the value at every collection, so setting it now works.
 */
export const HEAP_GROWING_PERCENT = 25;

/**
 * Sets HEAP_GROWING_PERCENT once the run's modules are loaded (run-screen's `ready`): set before, it made V8 collect
 * the whole heap again and again while Ink and the engine's few hundred modules loaded.
 */
export function tuneHeapForFrames(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

/** Ink, React and the App; Ink's output stage is swapped for the faster one of src/ui/ink-output.ts. */
const importUi = async () => {
  const modules = await Promise.all([import('ink'), import('react'), import('../ui/index.js')]);
  const fast = await modules[2].installFastOutput();
  if (!fast.installed)
    process.stderr.write(
      `mstui: warning: the run screen's faster output stage is off (${fast.reason}); it draws the same, with more CPU\n`,
    );
  return modules;
};
let uiModules: ReturnType<typeof importUi> | undefined;

/**
 * Ink, React and the App, loaded once. React picks its development or its production build from NODE_ENV when it is
 * first loaded, and the development build costs several times more CPU per frame and records a PerformanceMeasure
 * per render in Node's performance timeline, which nothing ever empties (memory grows for as long as the run lasts).
 * So the UI always loads the production build, and NODE_ENV is put back at once: agents, gates and git keep the
 * user's environment. Call this before agents start (see run-command): a child spawned meanwhile would inherit it.
 */
export function loadUi(): ReturnType<typeof importUi> {
  if (uiModules) return uiModules;
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  // NO_COLOR (no-color.org): Ink's chalk reads FORCE_COLOR once, when it loads; 0 turns every colour and style off.
  const forceColor = process.env.FORCE_COLOR;
  if (process.env.NO_COLOR) process.env.FORCE_COLOR = '0';
  const restore = () => {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
    if (forceColor === undefined) delete process.env.FORCE_COLOR;
    else process.env.FORCE_COLOR = forceColor;
  };
  uiModules = importUi().finally(restore);
  return uiModules;
}

/**
 * The run behind the screen: the screen is mounted before the run is ready (the repository checks, the store), so
 * `engine` and `layout` are null until then; `done` resolves when the screen closes for good (the run ended, or it
 * never started).
 */
export interface TuiRun {
  engine: RunEngine | null;
  layout: Layout | null;
  done: Promise<unknown>;
  /** Draws the screen now, not at the next batched redraw (set while it is mounted): the run's first frame. */
  redraw?: () => void;
}

export async function runTui(run: TuiRun, ui: UiEngine, deps: { git: Git; runner: Runner }): Promise<void> {
  const [{ render }, React, { App }] = await loadUi();
  const { git, runner } = deps;
  let finished = false;
  void run.done.then(() => {
    finished = true;
  });
  const loadDiff = async (task: string) => {
    const { layout } = run;
    if (!layout) return '(no changes yet)';
    try {
      return (await git.diff(layout.repo, `${layout.integrationBranch}...${layout.taskBranch(task)}`)) || '(no changes yet)';
    } catch (e) {
      return `git diff failed: ${(e as Error).message}`;
    }
  };
  // `l`: the log played through a headless terminal at the agent's size (log-view.ts); one view at a time, kept while
  // the same task's log is looked at again (each read then parses only what the log gained).
  let logView: { task: string; view: LogView } | undefined;
  const loadLog = async (task: string) => {
    const { engine, layout } = run;
    if (!engine || !layout) return '(no log yet)';
    if (logView?.task !== task) {
      logView?.view.dispose();
      const screen = engine.agents.get(task)?.screen;
      const { LogView } = await import('../adapters/log-view.js');
      logView = { task, view: new LogView(layout.log(task), screen?.cols ?? engine.agents.cols, screen?.rows ?? engine.agents.rows) };
    }
    const lines = await logView.view.read();
    return lines === null ? '(no log yet)' : lines.join('\n');
  };
  let lastAttached: string | undefined;
  let notice: string | undefined;
  for (;;) {
    let attachTo: string | null = null;
    const initialNotice = notice;
    notice = undefined;
    const element = () =>
      React.createElement(App, {
        engine: ui,
        initialTask: lastAttached,
        initialNotice,
        onAttach: (task: string) => {
          if (!run.engine?.agents.get(task)) return;
          attachTo = task;
          app.unmount();
        },
        loadDiff,
        loadLog,
        openInTmux: process.env.TMUX
          ? (task: string) => {
              if (run.layout) void openInTmux(runner, run.layout.repo, task);
            }
          : undefined,
        onExit: () => app.unmount(),
        // https://no-color.org: any non-empty value.
        colour: !process.env.NO_COLOR,
      });
    const app = render(element(), { exitOnCtrlC: false, maxFps: INK_MAX_FPS });
    // The last frame must show the final state: redraws are batched, so draw once more before leaving.
    let mounted = true;
    run.redraw = () => {
      if (mounted) app.rerender(element());
    };
    const unmountWhenDone = run.done.then(() => {
      if (!mounted) return;
      app.rerender(element());
      app.unmount();
    });
    await app.waitUntilExit();
    mounted = false;
    void unmountWhenDone;
    // Not attaching (the user quit) or the run is over: done. The agent may have exited while Ink unmounted: then
    // the run screen comes back saying so (the run goes on; returning here would leave it without a screen).
    if (attachTo === null || finished) return;
    lastAttached = attachTo;
    const agent = run.engine?.agents.get(attachTo);
    if (!agent) {
      notice = `The agent of ${attachTo} exited before the attach.`;
      continue;
    }
    const how = await attachToAgent(agent, { stdin: process.stdin, stdout: process.stdout });
    if (finished) return;
    if (how === 'exited') notice = `The agent of ${attachTo} exited; the run goes on.`;
  }
}
