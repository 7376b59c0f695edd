/**
 * The run screen of `mstui run`, mounted right after the plan is read (issue 14: the tree shows at once): over a
 * "starting" state while the repository is checked and the store opened, then over the run once it is ready. Ink
 * and React load first (`loadUi` sets NODE_ENV while they load: no child process has started yet).
 */
import type { Plan } from '../core/plan/model.js';
import type { Layout } from '../engine/layout.js';
import type { RunEngine } from '../engine/run-engine.js';
import type { Git, Runner } from '../ports.js';
import type { UiEngine } from '../ui/view-model.js';
import { startingUi, switchableUi } from './starting-ui.js';
import type { TuiRun } from './tui.js';

export interface RunScreen {
  /** What the header says is being done while the run is prepared. */
  phase(text: string): void;
  /** The run is ready: the screen shows it, and closes when it ends. */
  ready(engine: RunEngine, ui: UiEngine, layout: Layout): void;
  /** The user quit while the run was being prepared (the screen is gone). */
  quitting(): boolean;
  /** Closes the screen (before an error or a message is printed) and waits until it is gone. */
  close(): Promise<void>;
  /** Resolves when the screen is gone: the run ended, the user quit, or close(). */
  closed: Promise<void>;
}

export interface RunScreenOptions {
  waves: string[][];
  selected: ReadonlySet<string> | null;
  parallel: number;
  cwd: string;
  git: Git;
  runner: Runner;
}

export async function openRunScreen(plan: Plan, o: RunScreenOptions): Promise<RunScreen> {
  const { loadUi, runTui, tuneHeapForFrames } = await import('./tui.js');
  await loadUi();
  let quit = false;
  let end = () => {};
  const run: TuiRun = {
    engine: null,
    layout: null,
    done: new Promise<void>((resolve) => {
      end = resolve;
    }),
  };
  const starting = startingUi(plan, {
    ...o,
    now: Date.now,
    onQuit: () => {
      quit = true;
    },
  });
  const screen = switchableUi(starting.ui);
  const closed = runTui(run, screen.ui, { git: o.git, runner: o.runner });
  return {
    phase: starting.phase,
    ready(engine, ui, layout) {
      run.engine = engine;
      run.layout = layout;
      screen.switchTo(ui);
      run.redraw?.(); // the run on screen now, before engine.start() takes the thread (a redraw waits for a timer)
      void engine.done.then(end);
      tuneHeapForFrames();
    },
    quitting: () => quit,
    async close() {
      end();
      await closed;
    },
    closed,
  };
}
