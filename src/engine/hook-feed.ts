/**
 * Hook files → events: each task's new lines, read from the offset stored with the last event (serialised). The
 * lines are what the profile's `hooks` CLI wrote: Claude Code or Gemini CLI hook payloads, or Codex notify payloads.
 */

import { eventFromHook } from '../core/agent/hooks.js';
import { eventFromCodexNotify, eventFromGeminiHook } from '../core/agent/hooks-codex-gemini.js';
import type { AgentProfile } from '../core/config.js';
import type { Event } from '../core/scheduler/types.js';
import type { HookInbox, Store } from '../ports.js';

export interface HookFeedOptions {
  store: Store;
  inbox: HookInbox;
  runId: number;
  path: (task: string) => string;
  /** Whose payloads the hook files hold (the profile's `hooks`). */
  hooks: AgentProfile['hooks'];
  stopping: () => boolean;
  /** Dispatches the event and records the file offset it came from, atomically. */
  dispatch: (event: Event, hook: { task: string; offset: number }) => void;
  /** Runs before an idle event is dispatched (the handoff check, so "idle" is judged with it). */
  beforeIdle: (task: string) => Promise<void>;
  warn: (message: string) => void;
  /** A hook named the session's transcript at a turn's end: count its tokens. */
  transcript: (task: string, session: string, path: string) => Promise<void>;
  now: () => number;
}

/** Hook events after which the transcript holds a finished turn's usage (Claude Code transcripts only). */
const TURN_ENDS = new Set(['Stop', 'StopFailure', 'SessionEnd']);

type Mapping = (task: string, record: Record<string, unknown>, nowMs: number) => Event | null;

/** Each profile's payloads → events; 'none' writes no hook lines but a profile may still point a CLI at the file. */
export const HOOK_MAPPINGS: Record<AgentProfile['hooks'], Mapping> = {
  claude: eventFromHook,
  gemini: eventFromGeminiHook,
  codex: eventFromCodexNotify,
  none: eventFromHook,
};

export class HookFeed {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly o: HookFeedOptions) {}

  /**
   * The tasks that have a hook file yet (one listing of the hooks folder, not a look per task), to read at the
   * start. A new run of the milestone starts reading each file at its end: the lines there are an earlier run's (the
   * files are per task), and read again they would be this run's events (an old Stop ending a redone task's turn).
   */
  async existing(tasks: readonly string[], newRun = false): Promise<string[]> {
    const { store, runId, inbox } = this.o;
    const sizes = await inbox.sizes(tasks.map((t) => this.o.path(t)));
    const found = tasks.filter((t) => sizes.has(this.o.path(t)));
    for (const task of newRun ? found : []) {
      const size = sizes.get(this.o.path(task)) ?? 0;
      if (size > 0) store.setHookOffset(runId, task, size);
    }
    return found;
  }

  /** Reads what is new in the task's hook file, after any read already queued. */
  pull(task: string): void {
    this.queue = this.queue
      .then(() => this.read(task))
      .catch((e) => this.o.warn(`reading hook events of ${task} failed: ${(e as Error).message}`));
  }

  private async read(task: string): Promise<void> {
    const { store, runId, stopping } = this.o;
    if (stopping()) return;
    const batch = await this.o.inbox.read(this.o.path(task), store.hookOffset(runId, task));
    for (const { record, end } of batch.records) {
      const event = HOOK_MAPPINGS[this.o.hooks](task, record, this.o.now());
      const { transcript_path: path, session_id: session, hook_event_name: name } = record;
      const claude = this.o.hooks === 'claude' || this.o.hooks === 'none';
      if (claude && TURN_ENDS.has(String(name)) && typeof path === 'string' && typeof session === 'string') {
        await this.o.transcript(task, session, path);
      }
      if (event?.type === 'AgentIdle') await this.o.beforeIdle(task);
      if (stopping()) return;
      if (event) this.o.dispatch(event, { task, offset: end });
      else store.setHookOffset(runId, task, end);
    }
  }
}
