/**
 * The screen watchdog: hooks first, the screen second. Every live agent's screen is read on a timer for
 * dialogs (trust, API key, permission, sign-in, interrupted) whatever its hooks say; a screen that has not
 * changed for limits.quietSeconds while the agent is not known to be working becomes a question; agents
 * without hooks also get their busy / idle verdicts from here. Also answers dialogs by their options' text.
 */
import { type Dialog, type DialogKind, keysToPick, PICK, plainText, type ScreenReader } from '../core/agent/dialogs.js';
import { type DebounceState, type Detector, debounce } from '../core/agent/screen-detector.js';
import { QUESTION_OF_DIALOG } from '../core/scheduler/agent-events.js';
import type { Event, RunState } from '../core/scheduler/types.js';

/** What the watchdog needs of the live agents (the engine's Agents; a plain object in tests). */
export interface WatchedAgents {
  tasks(): string[];
  get(task: string): { screen: { lines(): string[] }; lastOutputMs: number } | undefined;
  send(task: string, data: string): boolean;
}

/** A dialog still on screen this long after it was reported (and not answered by a question) is reported again. */
export const DIALOG_REPORT_MS = 3000;
/** How long an answer waits for its dialog to be drawn (a PermissionRequest hook can come before the screen). */
export const ANSWER_WAIT_MS = 3000;
/**
 * A hooked agent's permission dialog is left to its hook this long (PermissionRequest names the tool and its
 * command; the screen only says "Do you want to proceed?"). Auto mode's fallback fires no such hook: after this
 * grace the screen reports it.
 */
export const PERMISSION_GRACE_MS = 1000;
/** Between the keys of one answer: Ink reads one key per input event in some versions. */
export const KEY_GAP_MS = 40;

interface Memo {
  dialogSig: string | null;
  dialogAtMs: number;
  /** When the dialog now on screen was first seen. */
  firstSeenMs: number;
  /** The question's dialog was seen on screen (so its disappearance means it was answered there). */
  seen: boolean;
  quietFor: number | null;
  debounce: DebounceState | null;
}

export interface ScreenWatchOptions {
  agents: WatchedAgents;
  reader: ScreenReader;
  detector: Detector;
  /** Agents without hooks: the screen is the only source of busy / idle. */
  screenOnly: boolean;
  quietMs: number;
  now: () => number;
  state: () => RunState;
  dispatch: (e: Event) => void;
  /** Runs before an idle verdict is dispatched (the handoff check). */
  beforeIdle: (task: string) => Promise<void>;
  sleep: (ms: number) => Promise<void>;
}

const DIALOG_QUESTIONS = new Set(['permission', 'trust', 'api-key', 'login', 'waiting']);

export class ScreenWatch {
  private readonly memo = new Map<string, Memo>();

  constructor(private readonly o: ScreenWatchOptions) {}

  forget(task: string): void {
    this.memo.delete(task);
  }

  tick(): void {
    const { agents, now } = this.o;
    const t = now();
    for (const task of agents.tasks()) {
      const agent = agents.get(task);
      const run = this.o.state().tasks[task];
      if (!agent || !run) continue;
      const m = this.memo.get(task) ?? { dialogSig: null, dialogAtMs: 0, firstSeenMs: 0, seen: false, quietFor: null, debounce: null };
      this.memo.set(task, m);
      const lines = agent.screen.lines();
      const dialog = this.o.reader.dialog(lines);
      if (dialog) {
        const sig = `${dialog.kind}|${dialog.title}|${dialog.options.map((o) => o.label).join('/')}`;
        const asked = run.question?.kind === QUESTION_OF_DIALOG[dialog.kind];
        if (asked) m.seen = true;
        if (sig !== m.dialogSig) {
          m.dialogSig = sig;
          m.firstSeenMs = t;
          m.dialogAtMs = Number.NEGATIVE_INFINITY;
        }
        const graced = dialog.kind !== 'permission' || this.o.screenOnly || t - m.firstSeenMs >= PERMISSION_GRACE_MS;
        if (graced && !asked && t - m.dialogAtMs >= DIALOG_REPORT_MS) {
          m.dialogAtMs = t;
          this.o.dispatch({ type: 'AgentDialog', task, dialog: dialog.kind, detail: describe(dialog) });
        }
        continue;
      }
      // The dialog a question was about is gone (answered in an attached terminal, or by the agent itself).
      if (m.dialogSig !== null && m.seen && run.question && DIALOG_QUESTIONS.has(run.question.kind) && t - agent.lastOutputMs > 500) {
        this.o.dispatch({ type: 'AgentBusy', task });
      }
      if (m.dialogSig !== null) {
        m.dialogSig = null;
        m.seen = false;
      }
      const verdict = this.o.detector.detect(lines);
      // A quiet screen that moved on by itself: the question about it is moot.
      if (run.question?.kind === 'waiting' && m.quietFor !== null && agent.lastOutputMs > m.quietFor && verdict === 'busy') {
        this.o.dispatch({ type: 'AgentBusy', task });
      }
      if (this.o.screenOnly) this.screenVerdict(task, verdict, agent.lastOutputMs, m);
      const quiet = t - agent.lastOutputMs;
      if (run.status === 'running' && !run.question && verdict !== 'busy' && quiet >= this.o.quietMs && m.quietFor !== agent.lastOutputMs) {
        m.quietFor = agent.lastOutputMs;
        const last =
          lines
            .map(plainText)
            .filter((l) => l && !/^[─━-]+$/.test(l))
            .at(-1) ?? '';
        this.o.dispatch({ type: 'AgentQuiet', task, seconds: Math.round(quiet / 1000), lastLine: last.slice(0, 120) });
      }
    }
  }

  private screenVerdict(task: string, verdict: ReturnType<Detector['detect']>, lastOutputMs: number, m: Memo): void {
    const step = debounce(m.debounce, verdict, this.o.now(), lastOutputMs);
    m.debounce = step.state;
    if (step.report === 'busy') this.o.dispatch({ type: 'AgentBusy', task });
    else if (step.report === 'waiting') this.o.dispatch({ type: 'AgentWaiting', task, detail: 'waiting for input (from the screen)' });
    else if (step.report === 'idle') void this.o.beforeIdle(task).then(() => this.o.dispatch({ type: 'AgentIdle', task }));
  }

  /**
   * The agent exited: a sign-in screen it left behind (Claude prints "Unable to connect to Anthropic services" and
   * exits on a first start without onboarding) is the question, not a bare exit code.
   */
  async onExit(task: string, screen: { flushed(): Promise<void>; lines(): string[] }): Promise<void> {
    await screen.flushed();
    const d = this.o.reader.dialog(screen.lines());
    if (d?.kind === 'login') this.o.dispatch({ type: 'AgentDialog', task, dialog: 'login', detail: describe(d) });
  }

  /**
   * Picks the option that says yes / no on the dialog of `kind` now on the task's screen, by its text. Waits up
   * to ANSWER_WAIT_MS for it to be drawn. Returns what happened, for the log.
   */
  async answer(task: string, kind: DialogKind, pick: 'yes' | 'no'): Promise<string> {
    const { agents, now, sleep } = this.o;
    const deadline = now() + ANSWER_WAIT_MS;
    for (;;) {
      const agent = agents.get(task);
      if (!agent) return 'agent gone';
      const d = this.o.reader.dialog(agent.screen.lines());
      if (d && (d.kind === kind || (kind === 'permission' && d.kind === 'permission'))) {
        const keys = d.answerKeys?.[pick] ?? keysToPick(d, PICK[pick]);
        if (keys === null) {
          if (pick === 'no') agents.send(task, '\u001b');
          return pick === 'no' ? 'no option says no: sent Esc' : `no option says ${pick}`;
        }
        for (const k of splitKeys(keys)) {
          agents.send(task, k);
          await sleep(KEY_GAP_MS);
        }
        this.memo.delete(task);
        return `picked ${pick}`;
      }
      if (now() >= deadline) return 'no dialog on screen';
      await sleep(100);
    }
  }
}

/** "\x1b[B\x1b[B\r" → ["\x1b[B", "\x1b[B", "\r"]. */
export function splitKeys(keys: string): string[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: splitting escape sequences is the point
  return keys.match(/\u001b\[[A-D]|[\s\S]/g) ?? [];
}

function describe(d: Dialog): string {
  const options = d.options.map((o) => o.label).join(' / ');
  return `${d.title}${options ? ` [${options}]` : ''}`.slice(0, 200);
}
