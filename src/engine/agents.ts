/** Live agents: one pty + headless screen + log per task. The engine's only window onto agents. */
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { AgentProcess, AgentScreen, PtyFactory } from '../ports.js';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from './layout.js';

export interface LiveAgent {
  task: string;
  proc: AgentProcess;
  screen: AgentScreen;
  log: WriteStream;
  lastOutputMs: number;
  exited: Promise<number>;
  /** Raw output listeners (an attached terminal). */
  taps: Set<(data: string) => void>;
  /** performance.now() of the last output (real time: what a typed prompt's Enter waits on, whatever the clock). */
  lastDataAt: number;
}

/**
 * Between a pasted prompt and its Enter. Gemini CLI 0.61 (without the kitty keyboard protocol) takes an Enter
 * within 30 ms of the previous input as a newline in its composer, so the prompt would never be submitted. 60 ms
 * was not enough on a loaded 2-core machine (the paste itself takes Gemini a while to process).
 */
export const SUBMIT_DELAY_MS = 250;
/**
 * The Enter also waits for the agent to have drawn the paste and gone quiet for SUBMIT_DELAY_MS: on a loaded machine
 * the paste and an Enter sent on a timer could reach Gemini in one read (the Enter then a newline). An agent that
 * never goes quiet (a redrawing spinner) gets its Enter after this long.
 */
export const SUBMIT_MAX_WAIT_MS = 3000;

/** The last screen of an agent that ended, kept for the run screen (plain and with its colours). */
interface EndedScreen {
  plain: string[];
  ansi: string[];
}

export class Agents {
  private readonly live = new Map<string, LiveAgent>();
  /** Tasks whose agent ended: its screen, until it was read into a snapshot. */
  private readonly ended = new Map<string, AgentScreen | EndedScreen>();
  private viewport: { cols: number; rows: number };
  private readonly listeners = new Set<(task: string) => void>();
  private readonly logErrors = new Set<(path: string, error: Error) => void>();
  constructor(
    private readonly pty: PtyFactory,
    private readonly now: () => number,
    cols = 120,
    rows = 32,
  ) {
    this.viewport = { cols, rows };
  }

  /** The size new agents start at (the run screen's pane, or 120×32). */
  get cols(): number {
    return this.viewport.cols;
  }
  get rows(): number {
    return this.viewport.rows;
  }

  /**
   * New agents start at `cols` × `rows`, and live ones are resized to it, except those a user is attached to (their
   * terminal has the attached one's size; the attach restores it when it ends). A pty whose process exited ignores it.
   */
  setViewport(cols: number, rows: number): void {
    const c = Math.floor(cols);
    const r = Math.floor(rows);
    if (!(c > 0 && r > 0) || (c === this.viewport.cols && r === this.viewport.rows)) return;
    this.viewport = { cols: c, rows: r };
    for (const a of this.live.values()) if (a.taps.size === 0) this.fit(a);
  }

  /** Gives an agent the viewport's size (after an attach, say); nothing when it already has it. */
  fit(agent: LiveAgent): void {
    const { cols, rows } = this.viewport;
    if (agent.screen.cols === cols && agent.screen.rows === rows) return;
    agent.proc.resize(cols, rows);
    agent.screen.resize(cols, rows);
  }

  /** The agent's screen rows (with SGR colours when `ansi`): a live agent's, else the last screen of the one that ended. */
  screenOf(task: string, ansi: boolean): string[] | null {
    const live = this.live.get(task);
    if (live) return ansi ? live.screen.ansiLines() : live.screen.lines();
    const last = this.ended.get(task);
    if (!last) return null;
    if ('plain' in last) return ansi ? last.ansi : last.plain;
    return ansi ? last.ansiLines() : last.lines();
  }

  get(task: string): LiveAgent | undefined {
    return this.live.get(task);
  }
  tasks(): string[] {
    return [...this.live.keys()];
  }
  /** Called with the task id whenever an agent prints (the UI redraws from the screen). */
  onOutput(cb: (task: string) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
  /** Called once per agent whose log cannot be written (a full disk): the agent goes on, its log stops. */
  onLogError(cb: (path: string, error: Error) => void): () => void {
    this.logErrors.add(cb);
    return () => this.logErrors.delete(cb);
  }

  start(
    task: string,
    argv: string[],
    cwd: string,
    env: Record<string, string>,
    logPath: string,
    onExit: (code: number) => void,
  ): LiveAgent {
    ensurePrivateDir(dirname(logPath));
    const log = createWriteStream(logPath, { flags: 'a', mode: PRIVATE_FILE_MODE });
    // Unhandled, a write stream's 'error' (ENOSPC, EROFS) would end mstui with a stack trace.
    let logFailed = false;
    log.on('error', (e) => {
      if (logFailed) return;
      logFailed = true;
      for (const l of this.logErrors) l(logPath, e);
    });
    const { cols, rows } = this.viewport;
    const screen = this.pty.screen(cols, rows);
    const proc = this.pty.spawn(argv, { cwd, env, cols, rows });
    this.ended.delete(task);
    let resolveExit: (code: number) => void = () => {};
    const exited = new Promise<number>((r) => {
      resolveExit = r;
    });
    const agent: LiveAgent = { task, proc, screen, log, lastOutputMs: this.now(), exited, taps: new Set(), lastDataAt: performance.now() };
    this.live.set(task, agent);
    proc.onData((d) => {
      agent.lastOutputMs = this.now();
      agent.lastDataAt = performance.now();
      screen.write(d);
      if (!logFailed) log.write(d);
      for (const tap of agent.taps) tap(d);
      for (const l of this.listeners) l(task);
    });
    proc.onExit((code, signal) => {
      const exitCode = signal ? 128 + signal : code;
      if (this.live.get(task) === agent) {
        this.live.delete(task);
        this.keepLastScreen(task, screen);
      }
      if (!logFailed) log.end();
      resolveExit(exitCode);
      onExit(exitCode);
    });
    return agent;
  }

  /** The ended agent's screen stays readable; once its last output is drawn, only its rows are kept. */
  private keepLastScreen(task: string, screen: AgentScreen): void {
    this.ended.set(task, screen);
    void screen.flushed().then(() => {
      if (this.ended.get(task) === screen) this.ended.set(task, { plain: screen.lines(), ansi: screen.ansiLines() });
    });
  }

  /**
   * Types a prompt: bracketed paste keeps a multi-line prompt one message, now; its Enter once the agent drew the paste
   * and was quiet for SUBMIT_DELAY_MS (at most SUBMIT_MAX_WAIT_MS), if the agent is still the same one.
   */
  typePrompt(task: string, prompt: string): boolean {
    const a = this.live.get(task);
    if (!a) return false;
    const pastedAt = performance.now();
    a.proc.write(`\u001b[200~${prompt}\u001b[201~`);
    const submit = () => {
      if (this.live.get(task) !== a) return;
      const now = performance.now();
      const drawn = a.lastDataAt > pastedAt && now - a.lastDataAt >= SUBMIT_DELAY_MS;
      if (drawn || now - pastedAt >= SUBMIT_MAX_WAIT_MS) a.proc.write('\r');
      else setTimeout(submit, 50);
    };
    setTimeout(submit, SUBMIT_DELAY_MS);
    return true;
  }

  send(task: string, data: string): boolean {
    const a = this.live.get(task);
    if (!a) return false;
    a.proc.write(data);
    return true;
  }

  /** SIGTERM, then SIGKILL if it is still there after `graceMs`. Resolves when it exited. */
  async stop(task: string, graceMs = 3000): Promise<void> {
    const a = this.live.get(task);
    if (!a) return;
    a.proc.kill('SIGTERM');
    const timer = setTimeout(() => a.proc.kill('SIGKILL'), graceMs);
    await a.exited;
    clearTimeout(timer);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.tasks().map((t) => this.stop(t)));
  }
}
