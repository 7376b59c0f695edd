/** The scheduler's small vocabulary: statuses, answers, question kinds, CI and gate records. Pure data. */

export type TaskStatus =
  | 'pending' // waiting for dependencies or a free slot
  | 'done' // complete before this run started (handoff says so)
  | 'excluded' // not selected by --only/--wave/--from; counts as satisfied
  | 'running' // worktree + agent up, agent working
  | 'verifying' // gates running
  | 'ci' // CI running: the local command, or the PR's checks
  | 'awaiting-merge' // CI green (or forced), merge not yet approved
  | 'merging'
  | 'decision' // needs a human decision (see question)
  | 'conflict' // its branch conflicts with the integration branch; a question says how to resolve it
  | 'merged'
  | 'failed'
  | 'skipped';

export type AgentState = 'none' | 'starting' | 'busy' | 'idle' | 'waiting' | 'exited';

export type Answer =
  | 'yes'
  | 'no'
  | 'always'
  | 'retry'
  | 'skip'
  | 'force'
  | 'abort'
  | 'approve'
  | 'deny'
  /** The user fixed it by hand: check again. */
  | 'continue'
  /** Resolve a conflict by hand (the worktree is left mid-merge). */
  | 'hand'
  /** A blocker question: keep going as is. */
  | 'wait'
  /** A stalled agent: type a prompt asking what blocks it. */
  | 'nudge'
  /** Open the agent's screen (the TUI attaches; the question stays until the screen moves on). */
  | 'attach';

export type QuestionKind =
  | 'confirm-deps'
  /** Seed 003's planning gate: the plan depends on open issues outside it; approve the proposed plan or abort. */
  | 'plan-review'
  /** The test or quality command already fails on the base before any task: run anyway or abort. */
  | 'baseline-failed'
  | 'handoff-missing'
  | 'gate-failed'
  | 'ci-failed'
  | 'merge'
  | 'merge-conflict'
  | 'conflict-by-hand'
  | 'permission'
  | 'overdue'
  | 'stalled'
  | 'integration-failed'
  | 'disk-full'
  /** The agent asks whether to trust the repository (a workspace-trust dialog on its screen). */
  | 'trust'
  /** Claude Code asks whether to use the API key it found in the environment. */
  | 'api-key'
  /** The agent shows a sign-in / onboarding / "cannot connect" screen: a human must log in. */
  | 'login'
  /** The agent's screen waits for something mstui does not know (or it was interrupted). */
  | 'waiting'
  /** A token budget (limits.taskTokens / limits.runTokens) was crossed. */
  | 'budget'
  /** The agent reports an unexpected finding (already done, files missing, not found), and it held after a double check. */
  | 'finding'
  /** Kiro workflow: a phase whose approval the plan asks for is done: approve it, redo it, or abort. */
  | 'phase-approval'
  /** Kiro workflow: a phase ended without its deliverable file, after the follow-up prompt. */
  | 'deliverable-missing'
  /** commands.setup failed in a new worktree, before its agent started: retry, skip the task, or abort. */
  | 'setup-failed';

export type CiStatus = 'none' | 'running' | 'passed' | 'failed' | 'forced';

export interface CiState {
  status: CiStatus;
  /** One line: "local: npm test", "3 checks: 2 pass, 1 fail (lint)", "PR #12: 1 pending". */
  summary: string;
  /** Output tail of the failed run (local output, or `gh run view --log-failed`). */
  log: string | null;
  /** Names of the failing checks. */
  failing: string[];
}

export interface PullRequest {
  number: number;
  url: string;
}

export interface TokenUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** A failed check the task was forced past (a gate, or CI): seed 000's "Quality gates" line tells the truth. */
export interface ForcedCheck {
  /** The gate's name (`handoff`, `commit`, `tests`, `quality`, …), or `CI`. */
  gate: string;
  /** The failure's output tail (CI: its summary, the failing checks and the log's tail). */
  output: string;
}

/** One gate that ran for a task (`handoff`, `commit`, a configured command's name) and whether it passed. */
export interface GateCheck {
  name: string;
  ok: boolean;
}

/** The model API refused the agents' requests: nothing new starts until `untilMs`; then the stopped agents are nudged. */
export interface ApiHold {
  reason: 'rate_limit' | 'overloaded';
  untilMs: number;
  /** true when the API said when the limit resets; false for mstui's own backoff guess. */
  known: boolean;
  /** Tasks whose turn died on the error: nudged to continue when the hold ends. */
  tasks: string[];
  /** Consecutive holds of this reason (backoff doubles with each). */
  count: number;
}

/** A configured command that failed on the base (see RunOptions.baseline). */
export interface BaselineFailure {
  /** The gate it is (`tests`, `quality`), its `.mstui.json` setting and command. */
  gate: string;
  key: string;
  command: string;
  /** null: it timed out. */
  exitCode: number | null;
  /** The output's tail. */
  output: string;
}

export interface BaselineState {
  /** accepted: it failed and the user said run anyway. */
  status: 'running' | 'passed' | 'failed' | 'accepted';
  /** The branch it ran on (the base the tasks start from). */
  at?: string;
  failure?: BaselineFailure;
}

export type IntegrationStatus = 'none' | 'running' | 'passed' | 'failed' | 'accepted';
