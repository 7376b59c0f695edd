/** What the UI sees of a run (the engine implements it; tests pass a plain object). */
import type { Answer, QuestionKind, RunState } from '../core/scheduler/types.js';

export interface TaskMeta {
  id: string;
  title: string;
  kind: string;
  worktree: string;
  branch: string;
}

export interface RunMeta {
  milestoneId: string;
  milestoneTitle: string;
  planPath: string;
  integrationBranch: string;
  waves: string[][];
  tasks: Record<string, TaskMeta>;
  /** kiro YAML milestones weight progress by phase (design 15, spec 25, task 20, execute 40). */
  format: string;
}

/** Everything the UI may ask for; the UI never touches git, ptys or the store itself. */
export type Intent =
  /** `kind`: the question the key answered (the one on screen); the engine drops the answer if that question is gone. */
  | { type: 'answer'; task: string | null; answer: Answer; kind?: QuestionKind }
  | { type: 'pause' }
  | { type: 'skip'; task: string }
  | { type: 'force'; task: string }
  | { type: 'retry'; task: string }
  | { type: 'quit' };

export interface UiEngine {
  meta: RunMeta;
  /** The current state: a snapshot never changed afterwards, a new object after every change (the UI memoizes on it). */
  getState(): RunState;
  /** Called after every state change. Returns an unsubscribe function. */
  subscribe(cb: () => void): () => void;
  /** The agent's current screen (plain text rows), or null when no agent runs for the task. */
  screen(task: string): string[] | null;
  /** Called when an agent printed (the UI throttles its redraws). */
  onScreen(cb: (task: string) => void): () => void;
  /** Gate/agent output tail of a task, for the detail pane. */
  outputTail(task: string): string[];
  send(intent: Intent): void;
  /**
   * The size agents' terminals should have: the pane that shows them. New agents start at it, live ones are resized
   * (an agent a user is attached to keeps the attached terminal's size).
   */
  setAgentViewport(cols: number, rows: number): void;
  /** While the run is being prepared (the screen shows before the checks): what is being done, for the header. */
  starting?(): string | undefined;
  /** Clock for elapsed times (injected so tests are deterministic). */
  now(): number;
  startedAtMs: number;
}
