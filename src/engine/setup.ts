/** What the engine is built from: its ports (deps) and the run's fixed facts (setup). */
import type { Git } from '../adapters/git.js';
import type { GitHub } from '../adapters/github.js';
import type { PtyFactory } from '../adapters/pty.js';
import type { Store } from '../adapters/store.js';
import type { AgentProfile } from '../core/config.js';
import type { Plan } from '../core/plan/model.js';
import type { Question, RunState } from '../core/scheduler/types.js';
import type { PlanFiles, Runner } from '../ports.js';
import type { Layout } from './layout.js';
import type { RunEngine } from './run-engine.js';

export interface EngineDeps {
  runner: Runner;
  git: Git;
  files: PlanFiles;
  pty: PtyFactory;
  store: Store;
  github: GitHub;
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
  preMergeCommand: string | undefined;
  integrationCommand: string | undefined;
  updateMode: 'rebase' | 'merge';
  deleteBranches: boolean;
  limits: { taskMs: number; stallMs: number; diskPercent: number; quietMs: number };
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
  /** Environment the agents inherit (CLAUDECODE is removed here). */
  env: NodeJS.ProcessEnv;
  /** Something went wrong that is not a task's fault (printed, never fatal). */
  warn: (message: string) => void;
  /** Called for every question the reducer could not answer itself. */
  ask: (q: Question, engine: RunEngine) => void;
  /** The run ended (not a shutdown): write the report. */
  finished?: (state: RunState) => Promise<void>;
}
