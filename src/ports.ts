/**
 * The small interfaces the engine talks to; real adapters live in src/adapters and implement them. The engine
 * imports only these (and core), never an adapter: tests give it in-memory ports.
 */
import type { Check } from './core/checks.js';
import type { MergeResult, SquashResult, UpdateResult } from './core/git-merges.js';
import type { BranchStatus } from './core/git-output.js';
import type { PullRequest } from './core/scheduler/types.js';

export interface RunOptions {
  cwd?: string;
  /** Extra variables on top of the inherited environment (or instead of it with `replaceEnv`). */
  env?: Record<string, string | undefined>;
  replaceEnv?: boolean;
  input?: string;
  timeoutMs?: number;
  /**
   * Runs the program in a process group of its own: a timeout ends the whole group (what a user's `sh -c` started
   * too), and so does mstui's exit.
   */
  group?: boolean;
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Every process mstui starts goes through this: argv arrays only, never a shell string. */
export interface Runner {
  run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
}

/** Read-only file access for plan loading. */
export interface PlanFiles {
  /** File contents, or null when there is no such file. */
  read(path: string): Promise<string | null>;
  /** Names in a folder, or [] when there is no such folder. */
  list(dir: string): Promise<string[]>;
  exists(path: string): Promise<boolean>;
  /** True when `path` is a folder (a plan given as a folder gets its own message). */
  isDirectory(path: string): Promise<boolean>;
}

/** Thrown by a Runner when a program cannot run at all (a non-zero exit is a result, not an error). */
export type CommandErrorCode = 'missing-command' | 'timeout' | 'spawn-failed';
export class CommandError extends Error {
  readonly code: CommandErrorCode;
  readonly argv: readonly string[];
  /** For a timeout: the limit that was reached. */
  readonly timeoutMs: number | undefined;
  constructor(code: CommandErrorCode, argv: readonly string[], message: string, cause?: unknown, timeoutMs?: number) {
    super(message, { cause });
    this.name = 'CommandError';
    this.code = code;
    this.argv = argv;
    this.timeoutMs = timeoutMs;
  }
}

// ── git ──────────────────────────────────────────────────────────────────────────────────────────────────────

export type { BranchStatus, MergeResult, SquashResult, UpdateResult };

export interface Worktree {
  path: string;
  /** The branch checked out there; null when detached. */
  branch: string | null;
  /** Registered, but its folder is gone. */
  prunable: boolean;
}

/** A repository-relative file a commit writes (`text`) or removes (`text` null). */
export interface FileChange {
  path: string;
  text: string | null;
}

/** git, in its own vocabulary: the engine and CLI ask questions, the adapter knows the argv. */
export interface Git {
  root(cwd: string): Promise<string>;
  /** The repository's shared .git folder (the same from every worktree). */
  commonDir(repo: string): Promise<string>;
  currentBranch(cwd: string): Promise<string>;
  branchExists(cwd: string, branch: string): Promise<boolean>;
  /** Local branches whose names start with `prefix` (e.g. `mstui/`). */
  branches(cwd: string, prefix: string): Promise<string[]>;
  /** The commit `ref` names (abbreviated with `short`), or null when it names none. */
  revParse(cwd: string, ref: string, opts?: { short?: boolean }): Promise<string | null>;
  /** Uncommitted changes, one `git status --porcelain` line each (untracked files too, unless `trackedOnly`). */
  changes(cwd: string, opts?: { trackedOnly?: boolean }): Promise<string[]>;
  /** Clean or not, and how far from its upstream, in one program. */
  branchStatus(cwd: string): Promise<BranchStatus>;
  /** How many commits `ref` (default HEAD) has that `base` does not. */
  commitsAhead(cwd: string, base: string, ref?: string): Promise<number>;
  /** `path` differs between `ref` and the working tree. */
  fileDiffers(cwd: string, ref: string, path: string): Promise<boolean>;
  /** Subjects of the commits on `ref` whose message contains `fixed` (a plain string, not a pattern). */
  subjectsMatching(cwd: string, ref: string, fixed: string): Promise<string[]>;
  /** `git diff --stat -p` of a range (`a...b`). */
  diff(cwd: string, range: string): Promise<string>;
  /** The files a range (`a...b`) adds, modifies or renames (by their new name); deleted ones are not listed. */
  changedFiles(cwd: string, range: string): Promise<string[]>;
  worktrees(repo: string): Promise<Worktree[]>;
  worktreePaths(repo: string): Promise<string[]>;
  /** A checkout is at `path` (its `.git` file is there): no git program runs to say so. */
  hasWorktree(path: string): Promise<boolean>;
  /** Adds a worktree at `path`: a new branch from `from` (tracking it: `track`), or the existing one. True: it made the branch. */
  ensureWorktree(repo: string, path: string, branch: string, from: string, opts?: { track?: boolean }): Promise<boolean>;
  removeWorktree(repo: string, path: string, opts?: { force?: boolean }): Promise<void>;
  /** Removes the worktree unless it has uncommitted changes (git refuses): false when it was kept for them. */
  removeCleanWorktree(repo: string, path: string): Promise<boolean>;
  /** A fresh worktree at `path` on `branch`, (re)created at `from`; an existing clean one is replaced. */
  resetWorktree(repo: string, path: string, branch: string, from: string, opts?: { track?: boolean }): Promise<void>;
  pruneWorktrees(repo: string): Promise<void>;
  /** Deletes a branch, merged or not (a squash-merged branch never is, in git's sense). */
  deleteBranch(repo: string, branch: string): Promise<void>;
  /** The best common ancestor of two commits, or null when they have none. */
  mergeBase(cwd: string, a: string, b: string): Promise<string | null>;
  /** The text of `path` (relative to the repository root) as committed on `ref`; null when `ref` does not hold it. */
  showFile(cwd: string, ref: string, path: string): Promise<string | null>;
  /** `path` at the merge base of `ref` and HEAD (null: no base, or no file there), given the working tree's text. */
  fileAtMergeBase(cwd: string, ref: string, path: string, current: string): Promise<string | null>;
  squashMerge(worktree: string, branch: string, message: string): Promise<MergeResult>;
  /** Squash-merges `branch` into the worktree (on `onto`) only if it holds its HEAD; else null, nothing touched. */
  squashMergeIfCurrent(worktree: string, onto: string, branch: string, message: string): Promise<SquashResult | null>;
  /** The commit on `ref` whose subject is exactly `subject`, if any. */
  commitWithSubject(cwd: string, ref: string, subject: string): Promise<string | null>;
  /** Rebases (or merges) the worktree's branch onto `onto` when it is behind; a conflict is aborted and reported. */
  update(worktree: string, onto: string, mode: 'rebase' | 'merge'): Promise<UpdateResult>;
  /** Merges `onto` into the worktree and, on a conflict, leaves it mid-merge with markers (for the agent or a human). */
  mergeKeepingConflicts(worktree: string, onto: string): Promise<UpdateResult>;
  /** Moves the worktree's branch forward to `ref`; fails when that is not a fast-forward. */
  fastForward(worktree: string, ref: string): Promise<void>;
  remoteUrl(cwd: string, remote: string): Promise<string | null>;
  /** `git fetch --prune <remote>`. */
  fetch(cwd: string, remote: string): Promise<void>;
  push(cwd: string, remote: string, refspec: string, opts?: { forceWithLease?: boolean; setUpstream?: boolean }): Promise<void>;
  /** False when the remote refused or had no such branch. */
  deleteRemoteBranch(cwd: string, remote: string, branch: string): Promise<boolean>;
  /**
   * Writes (or removes) the files in the worktree and commits them, and nothing else, with `message` (a move is a
   * removal and a write); the commit's id, or null when they already were so. A failure leaves them as HEAD has them.
   */
  commitFiles(worktree: string, files: readonly FileChange[], message: string): Promise<string | null>;
}

// ── GitHub ───────────────────────────────────────────────────────────────────────────────────────────────────

export interface GitHub {
  /** The open PR whose head is `branch`, if any. */
  findPr(cwd: string, branch: string): Promise<PullRequest | null>;
  createPr(cwd: string, pr: { base: string; head: string; title: string; bodyFile: string }): Promise<PullRequest>;
  /** One poll of the PR's checks; `null` when gh reports none yet. */
  checks(cwd: string, pr: number): Promise<Check[] | null>;
  /** The tail of the newest failed run's log on the branch ('' when there is none). */
  failedLog(cwd: string, branch: string, lines: number): Promise<string>;
  merge(cwd: string, pr: number): Promise<void>;
  /** OPEN | MERGED | CLOSED */
  state(cwd: string, pr: number): Promise<string>;
}

// ── durable state (src/ports/store.ts) ───────────────────────────────────────────────────────────────────────

export { type RunRow, StorageError, type Store, type StoredAgent, type StoredEvent } from './ports/store.js';

// ── agents' terminals ────────────────────────────────────────────────────────────────────────────────────────

export interface AgentProcess {
  readonly pid: number;
  write(data: string): void;
  resize(cols: number, rows: number): void;
  kill(signal?: string): void;
  onData(cb: (data: string) => void): void;
  onExit(cb: (code: number, signal: number | undefined) => void): void;
}

export interface PtySpawnOptions {
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

/** A headless terminal an agent's output is fed to: what its screen shows now. */
export interface AgentScreen {
  write(data: string): void;
  /** Resolves when everything written so far is on the screen. */
  flushed(): Promise<void>;
  resize(cols: number, rows: number): void;
  readonly cols: number;
  readonly rows: number;
  /** The visible rows as plain text. */
  lines(): string[];
  /** The visible rows with their colours, as SGR sequences. */
  ansiLines(): string[];
  /** The last `n` lines of scrollback and screen (trailing empty lines dropped). */
  tail(n: number): string[];
  dispose(): void;
}

export interface PtyFactory {
  spawn(argv: readonly string[], options: PtySpawnOptions): AgentProcess;
  /** The screen that renders an agent's output. */
  screen(cols: number, rows: number): AgentScreen;
}

// ── hook files ───────────────────────────────────────────────────────────────────────────────────────────────

export interface HookBatch {
  records: { record: Record<string, unknown>; end: number }[];
  offset: number;
}

/** Reads the agents' hook files: complete JSON lines after `offset` (a partial last line waits for the next read). */
export interface HookInbox {
  read(file: string, offset: number): Promise<HookBatch>;
  /**
   * Those of `files` that exist, with their sizes in bytes (where a new run starts reading them): one listing of
   * their folder, then a look at each file there is (a plan of 10,000 tasks has files only for the agents that ran).
   */
  sizes(files: readonly string[]): Promise<Map<string, number>>;
}

// ── file watching, timers, disk ─────────────────────────────────────────────────────────────────────────────

export interface Watching {
  close(): Promise<void>;
}

export interface FileWatch {
  /** Calls `onChange` with the path of each file added or changed in `dir` (not below it); resolves once watching. */
  watch(dir: string, onChange: (path: string) => void): Promise<Watching>;
  /**
   * The same for a folder of files that mstui's own one-liners append to (the hook files): the kernel's events as they
   * come (no initial scan, no throttle, no write-settle wait), so an event is seen within milliseconds of the write.
   */
  watchAppends(dir: string, onChange: (path: string) => void): Promise<Watching>;
}

export interface Timers {
  /** Calls `fn` every `ms` until the returned function is called; never keeps the process alive by itself. */
  every(ms: number, fn: () => void): () => void;
}

/** How full the file system holding `path` is (and how many bytes are free for mstui), or null when it cannot be told. */
export type DiskUsage = (path: string) => { percent: number; path: string; freeBytes?: number } | null;

/** The size of a folder in KiB (symlinks not followed), or null when it cannot be told; never blocks the engine. */
export type FolderSize = (path: string) => Promise<number | null>;
