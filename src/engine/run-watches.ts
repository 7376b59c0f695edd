/** What the engine watches while a run goes: the hook files' folder, each task's handoff, a poll and the watchdog. */
import { dirname } from 'node:path';
import type { FileWatch, Timers, Watching } from '../ports.js';

/**
 * A second read of a hook file this long after each change event: the kernel may coalesce a write's event with the
 * one before it (and a long line may take several writes), so the last part of a burst is read at most this late
 * instead of at the backup poll (up to `pollMs`).
 */
export const TRAILING_READ_MS = 10;

export interface RunWatchesOptions {
  files: FileWatch;
  timers: Timers;
  /** A file in the hook folder: `.worktrees/.mstui/hooks/<task>.jsonl`. */
  hookFile: (task: string) => string;
  handoffFile: (task: string) => string;
  /** Backup poll period, and the watchdog's. */
  pollMs: number;
  watchdogMs: number;
  onHookFile: (task: string) => void;
  onHandoff: (task: string) => void;
  onPoll: () => void;
  onWatchdog: () => void;
}

export class RunWatches {
  private hooks: Watching | null = null;
  private readonly handoffs = new Map<string, Promise<Watching>>();
  private readonly cancels: (() => void)[] = [];
  private readonly trailing = new Map<string, () => void>();
  private closed = false;

  constructor(private readonly o: RunWatchesOptions) {}

  /** Watches the hook folder (resolves once it is watched), then starts the poll and the watchdog. */
  async start(): Promise<void> {
    const dir = dirname(this.o.hookFile('x'));
    this.hooks = await this.o.files.watchAppends(dir, (path) => {
      const m = /([^/\\]+)\.jsonl$/.exec(path);
      if (m?.[1] && dirname(path) === dir) this.hookChanged(m[1]);
    });
    if (this.closed) return void this.hooks.close();
    // File events can be coalesced or lost (inotify overflow, network file systems): a poll backs them up.
    this.cancels.push(this.o.timers.every(this.o.pollMs, this.o.onPoll));
    this.cancels.push(this.o.timers.every(this.o.watchdogMs, this.o.onWatchdog));
  }

  /** Reads the task's hook file now, and once more TRAILING_READ_MS later (one pending trailing read per task). */
  private hookChanged(task: string): void {
    this.o.onHookFile(task);
    if (this.closed || this.trailing.has(task)) return;
    const cancel = this.o.timers.every(TRAILING_READ_MS, () => {
      cancel();
      this.trailing.delete(task);
      if (!this.closed) this.o.onHookFile(task);
    });
    this.trailing.set(task, cancel);
  }

  watchHandoff(task: string): void {
    if (this.closed || this.handoffs.has(task)) return;
    const file = this.o.handoffFile(task);
    this.handoffs.set(
      task,
      this.o.files.watch(dirname(file), (path) => {
        if (path === file) this.o.onHandoff(task);
      }),
    );
  }

  unwatchHandoff(task: string): void {
    const w = this.handoffs.get(task);
    this.handoffs.delete(task);
    void w?.then((x) => x.close());
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const cancel of this.cancels.splice(0)) cancel();
    for (const cancel of this.trailing.values()) cancel();
    this.trailing.clear();
    const all = [...this.handoffs.values(), ...(this.hooks ? [Promise.resolve(this.hooks)] : [])];
    this.handoffs.clear();
    this.hooks = null;
    await Promise.all(all.map(async (w) => (await w).close()));
  }
}
