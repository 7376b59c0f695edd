/** `mstui attach <task>` and `mstui status`: clients of the running mstui's control socket. */
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { type ClientMessage, lines, probe, type ServerMessage } from '../adapters/control-socket.js';
import { createGit } from '../adapters/git.js';
import { createRunner } from '../adapters/runner.js';
import { formatTokens } from '../core/scheduler/agent-events.js';
import { holdText, NO_TOKENS, usageTotal } from '../core/tokens-view.js';
import { layoutFor } from '../engine/layout.js';
import { DEFAULT_DETACH_KEY } from './attach.js';
import { ATTACH_BANNER_MS, hideBanner, showBanner, withBanner } from './attach-banner.js';
import { type StatusReport, tmuxSegment } from './control.js';
import { UsageError } from './errors.js';
import { mstuiRoot } from './repo-root.js';

/** The running mstui's socket: found from the checkout or from inside any of its task worktrees. */
async function socketPath(): Promise<string> {
  const found = socketFromFiles(process.cwd(), process.env);
  if (found !== null) return found;
  const repo = await mstuiRoot(createGit(createRunner()), process.cwd());
  return layoutFor(repo, 'x').socket;
}

/**
 * The socket without starting git (tmux runs `mstui status --tmux` every 15 s): the nearest folder holding `.git` is
 * git's top level; inside `<checkout>/.worktrees/<name>`, the checkout's socket when there is one. Null when git's
 * own search is needed (no `.git` above `cwd`, or GIT_DIR, GIT_WORK_TREE or GIT_CEILING_DIRECTORIES set).
 */
export function socketFromFiles(cwd: string, env: NodeJS.ProcessEnv): string | null {
  if (env.GIT_DIR || env.GIT_WORK_TREE || env.GIT_CEILING_DIRECTORIES) return null;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) {
      const parent = dirname(dir);
      const owner = layoutFor(dirname(parent), 'x').socket;
      return basename(parent) === '.worktrees' && existsSync(owner) ? owner : layoutFor(dir, 'x').socket;
    }
    if (dirname(dir) === dir) return null;
  }
}

/** A message to mstui; dropped once the connection is gone (a key typed as mstui quits). */
function send(socket: ReturnType<typeof connect>, m: ClientMessage): void {
  if (socket.writable) socket.write(`${JSON.stringify(m)}\n`);
}

export async function statusCommand(opts: { json?: boolean; tmux?: boolean }): Promise<number> {
  const path = await socketPath();
  if (!(await probe(path))) {
    if (opts.tmux) return 0; // an empty segment: nothing runs here
    throw new UsageError('no mstui is running in this repository (start one with `mstui run <plan>`)');
  }
  const report = await new Promise<StatusReport>((resolve, reject) => {
    const s = connect(path);
    s.once('error', reject);
    lines<ServerMessage>(s, (m) => {
      if (m.op === 'status') resolve(m.status as StatusReport);
    });
    s.once('connect', () => send(s, { op: 'status' }));
  });
  if (opts.tmux) process.stdout.write(`${tmuxSegment(report)}\n`);
  else if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else process.stdout.write(`${statusText(report).join('\n')}\n`);
  return 0;
}

/** ` · 15.2k tokens`, or nothing before any were counted (or from an mstui that does not count them). */
const tokensNote = (u: StatusReport['tokens'] | undefined, sep: string): string => {
  const n = usageTotal(u ?? NO_TOKENS);
  return n > 0 ? `${sep}${formatTokens(n)} tokens` : '';
};

/** `mstui status` without --json: the counts (tokens, the API hold), then a line per task. `timeZone` for tests. */
export function statusText(report: StatusReport, timeZone?: string): string[] {
  const c = report.counts;
  const hold = report.apiHold ? ` · ${holdText(report.apiHold, timeZone)}` : '';
  const out = [
    `${report.milestone}: ${c.merged}/${c.total} merged · ${c.running} running · ${c.waiting} waiting · ${c.failed} failed${report.paused ? ' · PAUSED' : ''}${tokensNote(report.tokens, ' · ')}${hold}`,
  ];
  for (const t of report.tasks)
    out.push(
      `  ${t.id.padEnd(8)} ${t.status.padEnd(15)} ${t.title}${t.phase ? `  (${t.phase})` : ''}${tokensNote(t.tokens, '  ')}${t.question ? `  ⚠ ${t.question}` : ''}`,
    );
  return out;
}

/**
 * `mstui attach <task>`: the terminal goes to the agent through the running mstui, with the same status line as a
 * local attach. Ctrl-] detaches. When the agent ends, the window says so and waits for a key (a `t` window would
 * otherwise vanish without a word); mstui and its run go on either way.
 */
export async function attachCommand(task: string): Promise<number> {
  const path = await socketPath();
  if (!(await probe(path))) throw new UsageError('no mstui is running in this repository (start one with `mstui run <plan>`)');
  const { Screen } = await import('../adapters/pty.js');
  const { stdin, stdout } = process;
  return new Promise((resolve) => {
    const s = connect(path);
    let raw = false;
    let done = false;
    let holding = false;
    let bannerUp = true;
    let banner: NodeJS.Timeout | undefined;
    // A copy of the agent's screen, to put its bottom row back when the status line goes.
    let screen: InstanceType<typeof Screen> | undefined;
    const finish = (code: number, message?: string) => {
      if (done) return;
      done = true;
      clearTimeout(banner);
      if (raw && stdin.isTTY) stdin.setRawMode(false);
      stdin.pause();
      s.destroy();
      screen?.dispose();
      if (message) process.stderr.write(`\r\nmstui: ${message}\r\n`);
      resolve(code);
    };
    /** The agent ended: say so and keep the window until a key (only a terminal can press one). */
    const ended = (reason: string) => {
      if (!raw || !stdin.isTTY) return finish(0, reason);
      clearTimeout(banner);
      s.destroy();
      holding = true;
      process.stderr.write(`\u001b[0m\u001b[?25h\r\nmstui: ${reason} · press any key to close\r\n`);
    };
    s.on('error', (e) => finish(1, e.message));
    lines<ServerMessage>(s, (m) => {
      if (done || holding) return;
      if (m.op === 'error') finish(2, m.message);
      else if (m.op === 'exit') ended(m.reason);
      else if (m.op === 'screen') {
        const cols = stdout.columns || 120;
        const rows = stdout.rows || 32;
        screen = new Screen(cols, rows, 0);
        screen.write(m.lines.join('\r\n'));
        stdout.write(`\u001b[2J\u001b[H${m.lines.join('\r\n')}${showBanner(task, cols, rows)}`);
        banner = setTimeout(() => {
          bannerUp = false;
          void screen?.flushed().then(() => {
            if (done || holding || !screen) return;
            const shown = screen.ansiLines();
            stdout.write(hideBanner(shown[shown.length - 1] ?? '', screen.rows));
          });
        }, ATTACH_BANNER_MS);
        if (stdin.isTTY) stdin.setRawMode(true);
        raw = true;
        stdin.resume();
        stdin.on('data', (chunk: Buffer) => {
          if (holding) return finish(0);
          const text = chunk.toString();
          const at = text.indexOf(DEFAULT_DETACH_KEY);
          const before = at < 0 ? text : text.slice(0, at);
          if (before) send(s, { op: 'input', data: Buffer.from(before).toString('base64') });
          if (at >= 0) finish(0);
        });
        stdout.on('resize', () => {
          if (done || holding) return;
          screen?.resize(stdout.columns, stdout.rows);
          send(s, { op: 'resize', cols: stdout.columns, rows: stdout.rows });
        });
      } else if (m.op === 'output') {
        const text = Buffer.from(m.data, 'base64').toString();
        screen?.write(text);
        // While the status line is up, it is drawn again after each of the agent's redraws.
        stdout.write(screen ? withBanner(text, bannerUp, task, screen.cols, screen.rows) : text);
      }
    });
    s.once('connect', () => send(s, { op: 'attach', task, cols: stdout.columns || 0, rows: stdout.rows || 0 }));
    // mstui went away (it quit, or was stopped); after a detach or an error this does nothing.
    s.once('close', () => {
      if (!holding) finish(0, 'mstui closed the connection');
    });
  });
}
