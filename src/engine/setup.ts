/** What the engine is built from: its ports (deps) and the run's fixed facts (setup). */
import type { Git } from '../adapters/git.js';
import type { PtyFactory } from '../adapters/pty.js';
import type { Store } from '../adapters/store.js';
import type { AgentProfile } from '../core/config.js';
import type { Plan } from '../core/plan/model.js';
import type { Question } from '../core/scheduler/types.js';
import type { PlanFiles, Runner } from '../ports.js';
import type { Layout } from './layout.js';
import type { RunEngine } from './run-engine.js';

export interface EngineDeps {
  runner: Runner;
  git: Git;
  files: PlanFiles;
  pty: PtyFactory;
  store: Store;
  now: () => number;
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
  /** Environment the agents inherit (CLAUDECODE is removed here). */
  env: NodeJS.ProcessEnv;
  /** Something went wrong that is not a task's fault (printed, never fatal). */
  warn: (message: string) => void;
  /** Called for every question the reducer could not answer itself. */
  ask: (q: Question, engine: RunEngine) => void;
}
