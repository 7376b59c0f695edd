/** Scheduler state, events (past tense) and effects (commands). Pure data. */
import type { DialogKind } from '../agent/dialogs.js';
import type { Finding } from '../agent/findings.js';
import type { KiroPhase, KiroWorkflow, OutsideDependency } from '../plan/model.js';
import type {
  AgentState,
  Answer,
  ApiHold,
  BaselineFailure,
  BaselineState,
  CiState,
  ForcedCheck,
  GateCheck,
  IntegrationStatus,
  PullRequest,
  QuestionKind,
  TaskStatus,
  TokenUsage,
} from './basics.js';

/** The small vocabulary lives in basics.ts; every importer of the scheduler's types finds it here too. */
export type * from './basics.js';

export interface Question {
  kind: QuestionKind;
  task: string | null;
  text: string;
  answers: Answer[];
  /** overdue: how long the task has run; stalled: how long its agent has printed nothing. The nudge says it. */
  minutes?: number;
  /** gate-failed: the retries this gate allows (fewer than maxRetries for some gates). */
  retryLimit?: number;
  /** finding: where `continue` picks the task up: its turn ended (gates next) or its gates passed (CI next). */
  findingAt?: 'turn' | 'gates';
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
  /** Shown to the user; never matched: the facts a decision needs are fields (blockedBy, conflicts, …). */
  reason: string | null;
  /** Skipped because this task failed or was skipped: retrying it requeues this one too. */
  blockedBy?: string;
  /** Files the last merge of the integration branch into the task's branch conflicted in. */
  conflicts?: string[];
  question: Question | null;
  sessionId: string | null;
  startedAtMs: number | null;
  endedAtMs: number | null;
  /** Output tail of the last failed gate, for the failure file and the retry prompt. */
  gateOutput: string | null;
  /** The gates of the last failed round, the failed one last (GatesFailed's `checks`, or its `gate`): what a force records. */
  gateChecks?: GateCheck[];
  /** Checks a human forced the task past, as they stand (a check that passes later drops its entry): for the report. */
  forced?: ForcedCheck[];
  ci: CiState;
  /** CI retries (each typed the failing checks and log tail into the agent). */
  ciRetries: number;
  pr: PullRequest | null;
  /** The merge was approved (yes, always, --yes): CI re-runs after a branch update do not ask again. */
  approved: boolean;
  /** Commits the task's branch added over the integration branch (counted at merge). */
  commits: number | null;
  mergeCommit: string | null;
  /** 'wait' answers to the overdue question: each grants another limits.taskMinutes. */
  extensions: number;
  /** Tokens per agent session of this task (session id → usage), read from the agents' transcripts. */
  tokens?: Record<string, TokenUsage>;
  /** The task's token budget question was answered: not asked again. */
  budgetAcked?: boolean;
  /** The first unexpected finding, sent back to the agent to double-check (once per task). */
  findingCheck?: Finding;
  /** Unexpected findings that held after the double check (for the output and the report). */
  findings?: Finding[];
  /** Kiro workflow tasks: the phase the agent is in (set when the task starts). */
  phase?: KiroPhase;
  /** Kiro workflow: follow-ups asking for the current phase's missing deliverable. */
  phaseFollowUps?: number;
  /** The port slot the task holds while active (see ports-slots.ts): MSTUI_PORT = portBase + portsPerTask × slot. */
  slot?: number;
  /** commands.setup (and worktree.copy/link) succeeded in the task's worktree: not run again on resume. */
  setupDone?: boolean;
  /** Automatic setup retries (--yes retries a failed setup once). */
  setupRetries?: number;
  /** The size of the task's worktree in KiB when last measured (after its setup, after each round of gates). */
  worktreeKiB?: number;
}

export interface TaskInfo {
  id: string;
  title: string;
  deps: string[];
  files: string[];
  /** Longest chain of dependents below this task (used as priority). */
  rank: number;
  /** The task walks the kiro phases (seed 002). */
  kiro?: KiroWorkflow;
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
  /**
   * Seed 003's planning gate: dependencies on issues outside the plan (a GitHub plan). One that is not closed holds
   * the run before anything starts until the proposed plan is approved (an answer, or `--approve-plan`; not `--yes`).
   */
  planReview?: OutsideDependency[];
  /** Run the test and quality commands once on the base before the first task (seed 003's preflight; `--skip-baseline`: no). */
  baseline?: boolean;
  /** commands.integration is configured: run it on the integration branch after the last merge. */
  integration: boolean;
  /** Token budgets (limits.taskTokens / limits.runTokens): crossing one asks a human. */
  budgets?: { taskTokens?: number; runTokens?: number };
  /** First wait after a rate limit without a reset time, or an overloaded API (limits.apiRetrySeconds); doubles. */
  apiBackoffMs?: number;
}

export interface RunState {
  order: string[];
  info: Record<string, TaskInfo>;
  tasks: Record<string, TaskRun>;
  options: RunOptions;
  confirmed: boolean;
  /** The proposed plan was approved (see RunOptions.planReview). */
  planApproved?: boolean;
  /** The baseline check before the first task (absent until it starts). */
  baseline?: BaselineState;
  paused: boolean;
  /** A failure happened with --stop-on-failure, or the user aborted: start nothing new. */
  halted: boolean;
  aborted: boolean;
  alwaysMerge: boolean;
  /** The run-level question (confirm inferred deps, integration failed, disk full), when there is one. */
  question: Question | null;
  integration: IntegrationStatus;
  /** Output tail of the failed integration test. */
  integrationOutput: string | null;
  finished: boolean;
  /** A rate limit or an overloaded API holds new work (null: none). */
  apiHold?: ApiHold | null;
  /** The run's token budget question was answered: not asked again. */
  runBudgetAcked?: boolean;
  /** commands.setup succeeded in the integration worktree. */
  integrationSetupDone?: boolean;
}

export type Event =
  | { type: 'RunResumed' }
  /** The proposed plan was approved on the command line (`--approve-plan`). */
  | { type: 'PlanApproved' }
  /** The baseline ran on `at`: `failure` is its first failing command, or null when all passed. */
  | { type: 'BaselineChecked'; at: string; failure: BaselineFailure | null }
  | { type: 'TaskStarted'; task: string; sessionId: string; atMs: number }
  /** Starting the task's agent (or, with `step: 'merge'`, merging its branch) threw. */
  | { type: 'TaskStartFailed'; task: string; error: string; step?: 'start' | 'merge' }
  | { type: 'AgentBusy'; task: string }
  /** The turn ended; `message`: the agent's last message, when its hooks say it (Claude's Stop `last_assistant_message`). */
  | { type: 'AgentIdle'; task: string; message?: string }
  | { type: 'AgentWaiting'; task: string; detail: string }
  | { type: 'AgentExited'; task: string; code: number }
  | { type: 'HandoffWritten'; task: string }
  /** Kiro workflow: the phase's deliverable file exists in the task's worktree and is not empty (`ok`). */
  | { type: 'DeliverableChecked'; task: string; phase: KiroPhase; ok: boolean }
  /** `handoff`: the body of the task's handoff section, as the gates read it. */
  | { type: 'GatesPassed'; task: string; handoff?: string; checks?: GateCheck[] }
  /** `checks`: the gates that ran, in order, the failed one last (absent: not known, e.g. the pre-merge check). */
  /** `hint`: what the user may be missing (a fresh worktree without the dependencies the main checkout has). */
  | { type: 'GatesFailed'; task: string; gate: string; output: string; exitCode: number | null; checks?: GateCheck[]; hint?: string }
  /** commands.setup (and worktree.copy/link) succeeded in the task's worktree (task null: the integration worktree). */
  | { type: 'SetupDone'; task: string | null }
  /** commands.setup failed in the task's worktree, before its agent started. */
  | { type: 'SetupFailed'; task: string; command: string; output: string; exitCode: number | null }
  /** The task's worktree measured (`du -sk`): for the detail pane, `mstui status --json` and the disk blocker. */
  | { type: 'WorktreeMeasured'; task: string; kib: number }
  | { type: 'CiStarted'; task: string; summary: string; pr: PullRequest | null }
  | { type: 'CiProgress'; task: string; summary: string }
  | { type: 'CiPassed'; task: string; summary: string }
  | { type: 'CiFailed'; task: string; summary: string; failing: string[]; log: string }
  /** The merge step brought the branch up to the integration tip and it changed: CI runs again. */
  | { type: 'BranchUpdated'; task: string }
  | { type: 'Merged'; task: string; commit: string; atMs: number; commits?: number }
  | { type: 'MergeConflicted'; task: string; files: string[] }
  | { type: 'IntegrationPassed' }
  | { type: 'IntegrationFailed'; output: string; exitCode: number | null }
  /** Blockers (seed 004), detected by the engine's watchdog. */
  | { type: 'TaskOverdue'; task: string; minutes: number }
  | { type: 'AgentStalled'; task: string; minutes: number }
  | { type: 'DiskFull'; percent: number; path: string }
  /** `kind`: the question the answer was given to; an answer arriving after that question was replaced is dropped. */
  | { type: 'Answered'; task: string | null; answer: Answer; kind?: QuestionKind }
  | { type: 'PauseToggled' }
  | { type: 'StopRequested' }
  /** A dialog on the agent's screen (trust, API key, permission, sign-in, interrupted), read by the screen watchdog. */
  | { type: 'AgentDialog'; task: string; dialog: DialogKind; detail: string }
  /** The agent's screen has not changed for limits.quietSeconds and it is not known to be working. */
  | { type: 'AgentQuiet'; task: string; seconds: number; lastLine: string }
  /** The agent's turn died on a model API error (Claude's StopFailure): rate_limit, overloaded, authentication_failed, … */
  | { type: 'AgentApiError'; task: string; error: string; resetAtMs: number | null; atMs: number; message?: string }
  /** The engine's clock passed the hold's end. */
  | { type: 'ApiHoldEnded'; atMs: number }
  /** Token usage of one agent session of the task, as its transcript says (totals so far). */
  | { type: 'TokensCounted'; task: string; session: string; usage: TokenUsage }
  /** From the UI, outside a question: skip a task (and its dependents), force it past a failed gate, retry it. */
  | { type: 'SkipRequested'; task: string }
  | { type: 'ForceRequested'; task: string }
  | { type: 'RetryRequested'; task: string };

export type Effect =
  | { type: 'StartTask'; task: string; resume: boolean; prompt: string | null }
  | { type: 'SendPrompt'; task: string; prompt: string }
  | { type: 'RunGates'; task: string }
  /** Kiro workflow: is `path` (relative to the task's worktree) there and not empty? Answered by DeliverableChecked. */
  | { type: 'CheckDeliverable'; task: string; phase: KiroPhase; path: string }
  | { type: 'RunCi'; task: string }
  | { type: 'Merge'; task: string }
  /** After a merge: bring these in-flight branches up to the new integration tip (where safe). */
  | { type: 'UpdateBranches'; tasks: string[] }
  /** Merge the integration branch into the task's worktree, leaving conflict markers; then prompt the agent (or not). */
  | { type: 'StartConflictResolution'; task: string; prompt: string | null }
  | { type: 'RunIntegration' }
  /** The test and quality commands once in the integration worktree at the base, before the first task. */
  | { type: 'RunBaseline' }
  | { type: 'Cleanup'; task: string }
  | { type: 'Ask'; question: Question }
  /** Pick the dialog option that says yes / no, by its text on the agent's screen. */
  | { type: 'AnswerDialog'; task: string; dialog: DialogKind; pick: 'yes' | 'no' }
  | { type: 'StopAgent'; task: string }
  | { type: 'WriteFailure'; task: string }
  | { type: 'Finish'; exitCode: number };

/** Statuses in which the task holds a slot (its agent may be alive). */
export const ACTIVE: ReadonlySet<TaskStatus> = new Set(['running', 'verifying', 'ci', 'awaiting-merge', 'merging', 'decision', 'conflict']);
/** Statuses that satisfy a dependency. */
export const SATISFIED: ReadonlySet<TaskStatus> = new Set(['merged', 'done', 'excluded']);
export const TERMINAL: ReadonlySet<TaskStatus> = new Set(['merged', 'done', 'excluded', 'failed', 'skipped']);

/** What the reducer returns: the next state, and the effects the engine must run. */
export interface Step {
  state: RunState;
  effects: Effect[];
}
