/** Reads agents' session transcripts and reports each session's token usage as an event (when it changed). */
import { readFile } from 'node:fs/promises';
import { usageFromTranscript } from '../core/agent/usage.js';
import type { Event, TokenUsage } from '../core/scheduler/types.js';

export class TokenCounter {
  private readonly last = new Map<string, string>();
  /** Every transcript seen, to read once more at the end of the run. */
  private readonly paths = new Map<string, { task: string; session: string; path: string }>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly dispatch: (e: Event) => void,
    private readonly warn: (m: string) => void,
  ) {}

  /** Reads `path` (a transcript the agent named in a hook payload) after any read already queued. */
  count(task: string, session: string, path: string): Promise<void> {
    this.paths.set(`${task}\u0000${session}`, { task, session, path });
    this.chain = this.chain.then(async () => {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.warn(`reading the transcript of ${task}: ${(e as Error).message}`);
        return;
      }
      const usage: TokenUsage = usageFromTranscript(text);
      const key = `${task}\u0000${session}`;
      const sig = JSON.stringify(usage);
      if (this.last.get(key) === sig) return;
      this.last.set(key, sig);
      this.dispatch({ type: 'TokensCounted', task, session, usage });
    });
    return this.chain;
  }

  /**
   * Claude may write a turn's last message to its transcript after the Stop hook fired: the run reads every
   * transcript once more before its report, so the last task's last turn counts too.
   */
  recountAll(): Promise<void> {
    for (const { task, session, path } of [...this.paths.values()]) void this.count(task, session, path);
    return this.chain;
  }
}
