/**
 * A git lock: what runs under one runs one at a time. The engine has two: the integration branch's (updates, merges,
 * the integration worktree) and the worktrees' (a task's worktree added or removed), so a merge never waits for
 * another task's worktree, nor a new worktree for a merge. Only git runs under them: users' commands (gates, the
 * pre-merge check, the integration test) never do.
 */
export class GitLock {
  private chain: Promise<unknown> = Promise.resolve();
  private held = 0;

  /** Runs `fn` once every earlier holder is done (whether it succeeded or not). */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const go = () => {
      this.held++;
      return fn().finally(() => this.held--);
    };
    const next = this.chain.then(go, go);
    this.chain = next.catch(() => {});
    return next;
  }

  /** Whether some operation holds the lock now (for tests and status). */
  busy(): boolean {
    return this.held > 0;
  }
}

/** The lock's `run` as a plain function. */
export const lockRun =
  (lock: GitLock) =>
  <T>(fn: () => Promise<T>): Promise<T> =>
    lock.run(fn);
