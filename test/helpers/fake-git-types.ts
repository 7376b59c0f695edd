/** The in-memory Git port's types (fake-git.ts): its history, its recorded calls, and what a test can script. */
import type { Git, PlanFiles } from '../../src/ports.js';

export interface Commit {
  id: string;
  subject: string;
  /** Repo-relative path → content this commit wrote. */
  files: Record<string, string>;
  /** Repo-relative paths this commit removed. */
  removed?: string[];
}

export interface Tree {
  branch: string | null;
  /** Uncommitted contents, repo-relative. */
  edits: Map<string, string>;
  /** `git status --porcelain` lines. */
  status: string[];
}

export type GitOp = keyof Git;
export interface GitCall {
  op: GitOp;
  args: unknown[];
}

export interface Hold {
  /** Resolves with the call's arguments when the held call arrives. */
  reached: Promise<unknown[]>;
  release(): void;
}

export interface MemoryGit extends Git {
  readonly repo: string;
  readonly calls: GitCall[];
  /** Operation names of the calls so far, in order (optionally only those of `ops`). */
  ops(...only: GitOp[]): GitOp[];
  /** The working tree's files (edits over its branch's content), as the engine's PlanFiles sees them. */
  readonly files: PlanFiles;
  /** Appends a commit to `branch` (or the branch of the worktree at that path); returns its id. */
  commit(branchOrWorktree: string, subject: string, files?: Record<string, string>): string;
  /** An uncommitted edit in a worktree, with its status line (default ` M <path>`). */
  edit(worktree: string, path: string, content: string, status?: string): void;
  /** Creates `branch` as a copy of `from` (a branch or commit). */
  branch(branch: string, from: string): void;
  /** Subjects of the commits on `ref`, oldest first. */
  log(ref: string): string[];
  /**
   * The next call of `op` (whose first argument is `worktree`, when given) conflicts on `files`, whatever the history
   * says (move the tip first when the test wants the update to have had work to do).
   */
  conflict(op: 'update' | 'squashMerge' | 'mergeKeepingConflicts', files: string[], worktree?: string): void;
  /** The next call of `op` throws `error`. */
  fail(op: GitOp, error: Error): void;
  /** The next call of `op` waits at its start until released. */
  hold(op: GitOp): Hold;
}
