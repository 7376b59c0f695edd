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

export class Agents {
  private readonly live = new Map<string, LiveAgent>();
  private readonly listeners = new Set<(task: string) => void>();
  private readonly logErrors = new Set<(path: string, error: Error) => void>();
  constructor(
    private readonly pty: PtyFactory,
    private readonly now: () => number,
    readonly cols = 120,
    readonly rows = 32,
  ) {}

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
    const screen = this.pty.screen(this.cols, this.rows);
    const proc = this.pty.spawn(argv, { cwd, env, cols: this.cols, rows: this.rows });
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
      if (this.live.get(task) === agent) this.live.delete(task);
      if (!logFailed) log.end();
      resolveExit(exitCode);
      onExit(exitCode);
    });
    return agent;
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
