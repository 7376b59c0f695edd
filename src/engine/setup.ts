/** What the engine is built from: its ports (deps) and the run's fixed facts (setup). */
import type { AgentProfile } from '../core/config.js';
import type { Plan } from '../core/plan/model.js';
import type { Event, Question, RunState } from '../core/scheduler/types.js';
import type { DiskUsage, FileWatch, FolderSize, Git, GitHub, HookInbox, PlanFiles, PtyFactory, Runner, Store, Timers } from '../ports.js';
import type { Layout } from './layout.js';

/** What whoever answers a question can do to the run: read it, answer (dispatch), or stop it. */
export interface RunControl {
  getState(): RunState;
  dispatch(event: Event): void;
  shutdown(exitCode: number): Promise<void>;
}

export interface EngineDeps {
  runner: Runner;
  git: Git;
  files: PlanFiles;
  pty: PtyFactory;
  store: Store;
  github: GitHub;
  hookInbox: HookInbox;
  watch: FileWatch;
  timers: Timers;
  disk: DiskUsage;
  /** Worktrees' sizes (absent: not measured). */
  folderSize?: FolderSize;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** CI, merge and end-of-milestone settings (from `.mstui.json`). */
export interface ReviewSetup {
  provider: 'local' | 'github';
  remote: string;
  target: 'integration' | 'base';
  pollMs: number;
  pollMaxMs: number;
  ciCommand: string | undefined;
  /** `commands.testQuality`: the last gate, run on the test files the task changed. */
  testQuality?: string;
  /** Run before a merge when the branch took a newer tip: `commands.preMerge`, else `commands.test`, named as set. */
  preMerge: { key: string; command: string } | undefined;
  integrationCommand: string | undefined;
  updateMode: 'rebase' | 'merge';
  deleteBranches: boolean;
  limits: { taskMs: number; stallMs: number; diskPercent: number; quietMs: number };
}

/** `.mstui.json`'s commands.setup, worktree and env: what makes a fresh worktree ready to work in. */
export interface WorktreeSetup {
  /** commands.setup: run once in each new worktree before its agent (or the integration test) starts. */
  setup?: string;
  copy: readonly string[];
  link: readonly string[];
  portBase: number;
  portsPerTask: number;
  env: Readonly<Record<string, string>>;
}

export interface EngineSetup {
  plan: Plan;
  layout: Layout;
  runId: number;
  base: string;
  planRel: string;
  handoffRel: string;
  profile: AgentProfile;
  prompts: Partial<Record<string, string>>;
  commands: { name: string; command: string }[];
  testCommand: string | undefined;
  review: ReviewSetup;
  /** `--from X`: tasks redone from scratch (a fresh branch at the integration tip when first started in this run). */
  redo?: ReadonlySet<string>;
  /** No event recorded yet: the hook files hold only earlier runs' lines (read from their end). */
  newRun?: boolean;
  /** commands.setup, worktree.copy/link, ports and env (absent: none of them). */
  worktree?: WorktreeSetup;
  /** A task's environment (MSTUI_TASK, MSTUI_PORT, …, config env) for its agent, setup and gates; null: integration. */
  taskEnv?: (task: string | null) => Record<string, string>;
  /** Environment the agents inherit (CLAUDECODE is removed here). */
  env: NodeJS.ProcessEnv;
  /** Something went wrong that is not a task's fault (printed, never fatal). */
  warn: (message: string) => void;
  /** Called for every question the reducer could not answer itself. */
  ask: (q: Question, run: RunControl) => void;
  /** The run ended (not a shutdown): write the report. */
  finished?: (state: RunState) => Promise<void>;
  /** A state file (an agent's log, a failure report) could not be written: a storage fault, which stops the run. */
  storageFault?: (error: unknown, path: string) => void;
}

/** What the worktree steps (setup, sizes, gates) need of the engine (the review context has it). */
export interface SetupContext {
  setup: EngineSetup;
  deps: EngineDeps;
  state(): RunState;
  stopping(): boolean;
  dispatch(e: Event): void;
}
