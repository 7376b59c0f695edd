/** Scheduler state, events (past tense) and effects (commands). Pure data. */

export type TaskStatus =
  | 'pending' // waiting for dependencies or a free slot
  | 'done' // complete before this run started (handoff says so)
  | 'excluded' // not selected by --only/--wave/--from; counts as satisfied
  | 'running' // worktree + agent up, agent working
  | 'verifying' // gates running
  | 'awaiting-merge' // gates passed, merge not yet approved
  | 'merging'
  | 'decision' // needs a human decision (see question)
  | 'merged'
  | 'failed'
  | 'skipped';

export type AgentState = 'none' | 'starting' | 'busy' | 'idle' | 'waiting' | 'exited';

export type Answer = 'yes' | 'no' | 'always' | 'retry' | 'skip' | 'force' | 'abort' | 'approve' | 'deny';

export type QuestionKind = 'confirm-deps' | 'handoff-missing' | 'gate-failed' | 'merge' | 'merge-conflict' | 'permission';

export interface Question {
  kind: QuestionKind;
  task: string | null;
  text: string;
  answers: Answer[];
}

export interface TaskRun {
  id: string;
  status: TaskStatus;
  agent: AgentState;
  /** The handoff in the task's worktree has this task's Complete section. */
  handoff: boolean;
  exitCode: number | null;
  /** Automatic or approved follow-ups asking for the handoff. */
  followUps: number;
  /** Gate / merge retries (each one typed a prompt into the agent). */
  retries: number;
  reason: string | null;
  question: Question | null;
  sessionId: string | null;
  startedAtMs: number | null;
  endedAtMs: number | null;
  /** Output tail of the last failed gate, for the failure file and the retry prompt. */
  gateOutput: string | null;
}

export interface TaskInfo {
  id: string;
  title: string;
  deps: string[];
  files: string[];
  /** Longest chain of dependents below this task (used as priority). */
  rank: number;
}

export interface RunOptions {
  parallel: number;
  stopOnFailure: boolean;
  /** --yes: confirm inferred deps, approve merges, retry failed gates (up to maxRetries). */
  autoYes: boolean;
  /** What to do with a permission request: ask a human, or approve it. */
  permissions: 'ask' | 'approve';
  maxRetries: number;
  /** Dependencies were inferred: a human must confirm before anything starts. */
  needsConfirmation: boolean;
}

export interface RunState {
  order: string[];
  info: Record<string, TaskInfo>;
  tasks: Record<string, TaskRun>;
  options: RunOptions;
  confirmed: boolean;
  paused: boolean;
  /** A failure happened with --stop-on-failure, or the user aborted: start nothing new. */
  halted: boolean;
  aborted: boolean;
  alwaysMerge: boolean;
  /** The run-level question (confirm inferred deps), when there is one. */
  question: Question | null;
  finished: boolean;
}

export type Event =
  | { type: 'RunResumed' }
  | { type: 'TaskStarted'; task: string; sessionId: string; atMs: number }
  | { type: 'TaskStartFailed'; task: string; error: string }
  | { type: 'AgentBusy'; task: string }
  | { type: 'AgentIdle'; task: string }
  | { type: 'AgentWaiting'; task: string; detail: string }
  | { type: 'AgentExited'; task: string; code: number }
  | { type: 'HandoffWritten'; task: string }
  | { type: 'GatesPassed'; task: string }
  | { type: 'GatesFailed'; task: string; gate: string; output: string; exitCode: number | null }
  | { type: 'Merged'; task: string; commit: string; atMs: number }
  | { type: 'MergeConflicted'; task: string; files: string[] }
  | { type: 'Answered'; task: string | null; answer: Answer }
  | { type: 'PauseToggled' }
  | { type: 'StopRequested' }
  /** From the UI, outside a question: skip a task (and its dependents), force it past a failed gate, retry it. */
  | { type: 'SkipRequested'; task: string }
  | { type: 'ForceRequested'; task: string }
  | { type: 'RetryRequested'; task: string };

export type Effect =
  | { type: 'StartTask'; task: string; resume: boolean; prompt: string | null }
  | { type: 'SendPrompt'; task: string; prompt: string }
  | { type: 'RunGates'; task: string }
  | { type: 'Merge'; task: string }
  | { type: 'Cleanup'; task: string }
  | { type: 'Ask'; question: Question }
  | { type: 'AnswerPermission'; task: string; approve: boolean }
  | { type: 'StopAgent'; task: string }
  | { type: 'WriteFailure'; task: string }
  | { type: 'Finish'; exitCode: number };

/** Statuses in which the task holds a slot (its agent may be alive). */
export const ACTIVE: ReadonlySet<TaskStatus> = new Set(['running', 'verifying', 'awaiting-merge', 'merging', 'decision']);
/** Statuses that satisfy a dependency. */
export const SATISFIED: ReadonlySet<TaskStatus> = new Set(['merged', 'done', 'excluded']);
export const TERMINAL: ReadonlySet<TaskStatus> = new Set(['merged', 'done', 'excluded', 'failed', 'skipped']);
