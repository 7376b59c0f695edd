/**
 * The git lock: operations on the integration branch (worktree adds from its tip, updates, merges, clean-ups) run
 * one at a time. Only git runs under it: users' commands (gates, the pre-merge check, the integration test) never do.
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
