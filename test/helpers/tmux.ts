/**
 * A private tmux server for end-to-end tests: one session of a fixed size running a command, keys in
 * (`send-keys`), screen out (`capture-pane -p`), and polling waits instead of sleeps. `kill()` in teardown.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { type Describe, waitFor } from './wait-for.js';

export interface TmuxOptions {
  /** argv run in the pane (tmux execs it directly, no shell quoting). */
  command: readonly string[];
  cwd: string;
  cols?: number;
  rows?: number;
  /** Extra environment for the pane. CI, CONTINUOUS_INTEGRATION, CLAUDECODE and TMUX* are always removed. */
  env?: Record<string, string>;
}

export interface TmuxSession {
  /** The private server's socket name (`tmux -L <socket>`). */
  readonly socket: string;
  /** tmux key names: 'Enter', 'C-]', 'j'… */
  sendKeys(...keys: string[]): void;
  /** Literal text (`send-keys -l`). */
  type(text: string): void;
  /** The visible screen, one string, lines joined by '\n' (no colours). */
  capture(): string;
  /** Polls the screen until `pred` holds; resolves with that screen. The timeout error shows the last screen. */
  waitForScreen(pred: (screen: string) => boolean, timeoutMs: number, what: string): Promise<string>;
  /** Polls the screen until `re` matches; resolves with the match. */
  waitForText(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Kills the pane's process and runs `command` in the same window (tmux resets the screen). */
  respawn(command: readonly string[], cwd: string, env?: Record<string, string>): void;
  /** Kills the private server (and everything in it). Safe to call twice. */
  kill(): void;
}

const SESSION = 'e2e';

/** The pane's variables; the Ink TUI goes non-interactive when CI or CONTINUOUS_INTEGRATION is set at all. */
function paneEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra, TERM: 'xterm-256color' };
  for (const name of ['CI', 'CONTINUOUS_INTEGRATION', 'CLAUDECODE', 'TMUX', 'TMUX_PANE']) delete env[name];
  return env;
}

/** `env` re-applies the variables inside the pane: tmux sets TERM from its default-terminal option otherwise. */
function wrap(command: readonly string[], env: Record<string, string>): string[] {
  const assignments = Object.entries({ ...env, TERM: 'xterm-256color' }).map(([k, v]) => `${k}=${v}`);
  return ['env', '-u', 'CI', '-u', 'CONTINUOUS_INTEGRATION', '-u', 'CLAUDECODE', ...assignments, ...command];
}

export function startTmux(opts: TmuxOptions): TmuxSession {
  const socket = `mstui-e2e-${randomUUID().slice(0, 8)}`;
  const extra = opts.env ?? {};
  const env = paneEnv(extra);
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { env, encoding: 'utf8' });
  const cols = String(opts.cols ?? 160);
  const rows = String(opts.rows ?? 45);
  tmux('-f', '/dev/null', 'new-session', '-d', '-s', SESSION, '-x', cols, '-y', rows, '-c', opts.cwd, ...wrap(opts.command, extra));
  let alive = true;
  const session: TmuxSession = {
    socket,
    sendKeys: (...keys) => void tmux('send-keys', '-t', SESSION, ...keys),
    type: (text) => void tmux('send-keys', '-t', SESSION, '-l', text),
    capture: () => tmux('capture-pane', '-p', '-t', SESSION),
    async waitForScreen(pred, timeoutMs, what) {
      let last = '';
      const describe: Describe = () => `${what}; the screen was:\n${last}`;
      return waitFor(
        () => {
          last = session.capture();
          return pred(last) ? last : null;
        },
        timeoutMs,
        describe,
      );
    },
    async waitForText(re, timeoutMs = 10_000) {
      const screen = await session.waitForScreen((s) => re.test(s), timeoutMs, `waiting for ${re}`);
      return screen.match(re) as RegExpMatchArray;
    },
    respawn: (command, cwd, more = {}) =>
      void tmux('respawn-pane', '-k', '-t', SESSION, '-c', cwd, ...wrap(command, { ...extra, ...more })),
    kill() {
      if (!alive) return;
      alive = false;
      try {
        // kill-server leaves the socket file behind: remove it too.
        const path = tmux('display-message', '-p', '-t', SESSION, '#{socket_path}').trim();
        tmux('kill-server');
        if (path) rmSync(path, { force: true });
      } catch {
        // already gone
      }
    },
  };
  return session;
}

/** The run screen's header clock ("0:12", "1:02:03", on its third line) in seconds, or -1. */
export function headerClock(screen: string): number {
  const m = /(\d+(?::\d\d)+)(?:\s*·\s*[\d.]+[kM]? tokens)?\s*$/.exec(screen.split('\n')[2] ?? '');
  return m?.[1] ? m[1].split(':').reduce((acc, part) => acc * 60 + Number(part), 0) : -1;
}

/**
 * Presses an answer key on the run screen once its question has been there over a second: the screen holds a key
 * back for a moment after a new question appears (ANSWER_GUARD_MS), and the header clock is the screen's own time.
 */
export async function pressAnswer(t: TmuxSession, key: string): Promise<void> {
  const clock = headerClock(t.capture());
  await t.waitForScreen((s) => headerClock(s) >= clock + 2, 5_000, 'the run clock moving on twice');
  t.sendKeys(key);
}
