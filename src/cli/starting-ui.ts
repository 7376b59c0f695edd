/**
 * The UiEngines of the run screen before the run is ready (issue 14): a "starting" one over the plan (every task as
 * the plan has it, the header saying what is being checked), and one that shows it first and the real run's once
 * it is ready, to the same mounted App.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Plan } from '../core/plan/model.js';
import { initState } from '../core/scheduler/init.js';
import type { RunState } from '../core/scheduler/types.js';
import { type Layout, layoutFor } from '../engine/layout.js';
import type { RunMeta, UiEngine } from '../ui/view-model.js';

export function runMeta(plan: Plan, waves: string[][], layout: Layout): RunMeta {
  const tasks: RunMeta['tasks'] = {};
  for (const t of plan.tasks)
    tasks[t.id] = { id: t.id, title: t.title, kind: t.kind, worktree: layout.taskPath(t.id), branch: layout.taskBranch(t.id) };
  return {
    milestoneId: plan.milestone.id,
    milestoneTitle: plan.milestone.title,
    planPath: plan.milestone.source,
    integrationBranch: layout.integrationBranch,
    waves,
    tasks,
    format: plan.milestone.format,
  };
}

/** Where the worktrees will likely be, before git says (the nearest folder with `.git`): only for the detail pane. */
function likelyRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

export interface StartingUi {
  ui: UiEngine;
  /** What the header says is being done. */
  phase(text: string): void;
}

/** The run as the plan has it, every task not done pending (or excluded), nothing running; `q` calls `onQuit`. */
export function startingUi(
  plan: Plan,
  o: { waves: string[][]; selected: ReadonlySet<string> | null; parallel: number; cwd: string; now: () => number; onQuit: () => void },
): StartingUi {
  const options = { parallel: o.parallel, stopOnFailure: false, autoYes: false, permissions: 'ask' as const, maxRetries: 0 };
  const state: RunState = initState(plan.tasks, o.selected, { ...options, needsConfirmation: false, integration: false });
  const meta = runMeta(plan, o.waves, layoutFor(likelyRoot(o.cwd), plan.milestone.id));
  let phase = 'reading the plan';
  const listeners = new Set<() => void>();
  return {
    ui: {
      meta,
      starting: () => phase,
      startedAtMs: o.now(),
      now: o.now,
      getState: () => state,
      subscribe(cb) {
        listeners.add(cb);
        return () => listeners.delete(cb);
      },
      screen: () => null,
      onScreen: () => () => {},
      outputTail: () => [],
      setAgentViewport: () => {},
      send(intent) {
        if (intent.type === 'quit') o.onQuit();
      },
    },
    // The meta stays the same object: the tree (built from it) is not built again for a new phase.
    phase(text) {
      phase = text;
      for (const l of listeners) l();
    },
  };
}

export interface SwitchableUi {
  ui: UiEngine;
  /** From now on the App shows `next` (its subscribers are moved over and told). */
  switchTo(next: UiEngine): void;
}

/** A UiEngine that passes everything to the current one; the mounted App keeps it while the run behind it changes. */
export function switchableUi(first: UiEngine): SwitchableUi {
  let current = first;
  const stateListeners = new Set<() => void>();
  const screenListeners = new Set<(task: string) => void>();
  let viewport: [number, number] | null = null;
  const wire = () => [
    current.subscribe(() => {
      for (const l of stateListeners) l();
    }),
    current.onScreen((task) => {
      for (const l of screenListeners) l(task);
    }),
  ];
  let offs = wire();
  return {
    ui: {
      get meta() {
        return current.meta;
      },
      get startedAtMs() {
        return current.startedAtMs;
      },
      starting: () => current.starting?.(),
      now: () => current.now(),
      getState: () => current.getState(),
      subscribe(cb) {
        stateListeners.add(cb);
        return () => stateListeners.delete(cb);
      },
      onScreen(cb) {
        screenListeners.add(cb);
        return () => screenListeners.delete(cb);
      },
      screen: (task) => current.screen(task),
      outputTail: (task) => current.outputTail(task),
      setAgentViewport(cols, rows) {
        viewport = [cols, rows];
        current.setAgentViewport(cols, rows);
      },
      send: (intent) => current.send(intent),
    },
    switchTo(next) {
      for (const off of offs) off();
      current = next;
      offs = wire();
      if (viewport) next.setAgentViewport(...viewport);
      for (const l of stateListeners) l();
    },
  };
}
