/** A UiEngine as a plain object: a mutable RunState, recorded intents, screens set by the test. */
import { initState } from '../../src/core/scheduler/init.js';
import type { RunOptions, RunState, TaskRun, TaskStatus } from '../../src/core/scheduler/types.js';
import type { Intent, RunMeta, TaskMeta, UiEngine } from '../../src/ui/view-model.js';

export interface FakeTask {
  id: string;
  title?: string;
  kind?: string;
  deps?: string[];
  status?: TaskStatus;
  /** Anything else of the TaskRun (agent, question, retries, …). */
  run?: Partial<TaskRun>;
}

export interface FakeEngineOptions {
  tasks: FakeTask[];
  /** Default: one wave with every task. */
  waves?: string[][];
  format?: string;
  startedAtMs?: number;
  nowMs?: number;
  options?: Partial<RunOptions>;
}

export interface FakeEngine extends UiEngine {
  state: RunState;
  sent: Intent[];
  screens: Map<string, string[]>;
  tails: Map<string, string[]>;
  clockMs: number;
  /** Every setAgentViewport call, in order. */
  viewports: { cols: number; rows: number }[];
  /** How often the UI asked for a screen (once per App render of the detail pane). */
  screenCalls: number;
  /** Notify state subscribers (after mutating `state`). */
  emit(): void;
  /** Patch a task and notify. */
  update(id: string, patch: Partial<TaskRun>): void;
  /** Set a task's screen and notify the onScreen listeners, as an agent printing would. */
  print(task: string, rows: string[]): void;
  listeners(): { state: number; screen: number };
}

export const OPTIONS: RunOptions = {
  parallel: 2,
  stopOnFailure: false,
  autoYes: false,
  permissions: 'ask',
  maxRetries: 2,
  integration: false,
  needsConfirmation: false,
};

export function fakeEngine(opts: FakeEngineOptions): FakeEngine {
  const options = { ...OPTIONS, ...opts.options };
  const state = initState(
    opts.tasks.map((t) => ({ id: t.id, title: t.title ?? `Task ${t.id}`, deps: t.deps ?? [], files: [], done: false })),
    null,
    options,
  );
  for (const t of opts.tasks) {
    const run = state.tasks[t.id];
    if (run) state.tasks[t.id] = { ...run, status: t.status ?? 'pending', ...t.run };
  }
  const tasks: Record<string, TaskMeta> = {};
  for (const t of opts.tasks) {
    tasks[t.id] = {
      id: t.id,
      title: t.title ?? `Task ${t.id}`,
      kind: t.kind ?? 'impl',
      worktree: `.worktrees/M1-${t.id}`,
      branch: `mstui/M1/${t.id}`,
    };
  }
  const meta: RunMeta = {
    milestoneId: 'M1',
    milestoneTitle: 'Todo app',
    planPath: 'docs/M1.md',
    integrationBranch: 'mstui/M1',
    waves: opts.waves ?? [opts.tasks.map((t) => t.id)],
    tasks,
    format: opts.format ?? 'markdown',
  };
  const stateListeners = new Set<() => void>();
  // Tests mutate `state` in place and call emit(); the UI, like the real engine's, gets a new object per change.
  let version = 0;
  let snapshot = { version, state };
  const screenListeners = new Set<(task: string) => void>();
  const engine: FakeEngine = {
    meta,
    state,
    sent: [],
    screens: new Map(),
    tails: new Map(),
    clockMs: opts.nowMs ?? 1_000_000,
    startedAtMs: opts.startedAtMs ?? 1_000_000,
    screenCalls: 0,
    viewports: [],
    setAgentViewport(cols, rows) {
      engine.viewports.push({ cols, rows });
    },
    getState() {
      if (snapshot.version !== version || snapshot.state !== engine.state) snapshot = { version, state: { ...engine.state } };
      return snapshot.state;
    },
    subscribe(cb) {
      stateListeners.add(cb);
      return () => stateListeners.delete(cb);
    },
    screen(task) {
      engine.screenCalls++;
      return engine.screens.get(task) ?? null;
    },
    onScreen(cb) {
      screenListeners.add(cb);
      return () => screenListeners.delete(cb);
    },
    outputTail: (task) => engine.tails.get(task) ?? [],
    send(intent) {
      engine.sent.push(intent);
    },
    now: () => engine.clockMs,
    emit() {
      version++;
      for (const cb of [...stateListeners]) cb();
    },
    update(id, patch) {
      const run = engine.state.tasks[id];
      if (!run) throw new Error(`fake engine: no task ${id}`);
      engine.state.tasks[id] = { ...run, ...patch };
      engine.emit();
    },
    print(task, rows) {
      engine.screens.set(task, rows);
      for (const cb of [...screenListeners]) cb(task);
    },
    listeners: () => ({ state: stateListeners.size, screen: screenListeners.size }),
  };
  return engine;
}

/** `count` tasks named "<wave>.<n>", `perWave` to a wave, each depending on the previous wave's first task. */
export function manyTasks(count: number, perWave: number): { tasks: FakeTask[]; waves: string[][] } {
  const tasks: FakeTask[] = [];
  const waves: string[][] = [];
  for (let i = 0; i < count; i++) {
    const w = Math.floor(i / perWave);
    const id = `${w + 1}.${(i % perWave) + 1}`;
    if (i % perWave === 0) waves.push([]);
    waves[w]?.push(id);
    tasks.push({ id, title: `Task number ${i + 1}`, deps: w > 0 ? [`${w}.1`] : [] });
  }
  return { tasks, waves };
}

/** A task of the state, or a thrown error naming it (instead of a non-null assertion). */
export function taskOf(state: RunState, id: string): TaskRun {
  const t = state.tasks[id];
  if (!t) throw new Error(`no task ${id} in the state (has ${Object.keys(state.tasks).join(', ')})`);
  return t;
}
