/**
 * The scripted agent (scripts/scripted-agent.mjs) in a real pty and a headless terminal, inside a temp git repo,
 * with every hook appending its payload to events.jsonl. Shared by the scripted-agent*.test.ts files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pty, { type IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';
import { afterEach } from 'vitest';
import { waitFor } from '../helpers/wait-for.js';

const { Terminal } = xterm;
const SCRIPT = resolve(import.meta.dirname, '../../scripts/scripted-agent.mjs');
const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
const HOOKED = ['SessionStart', 'UserPromptSubmit', 'PermissionRequest', 'Notification', 'Stop', 'StopFailure', 'SessionEnd'];
export const TIMEOUT = 10_000;

export interface HookEvent {
  hook_event_name: string;
  session_id: string;
  transcript_path: string;
  cwd: string;
  [field: string]: unknown;
}

export const taskPrompt = (id = '1.1', title = 'Title') =>
  `You are working on the todo app.\n\nTask: ${id} — ${title}\nHandoff file: HANDOFF.md\n\nCommit your work and append the handoff section.`;

export class Agent {
  readonly term: InstanceType<typeof Terminal>;
  raw = '';
  exit: { exitCode: number; signal?: number | undefined } | null = null;

  constructor(
    readonly pty: IPty,
    cols: number,
    rows: number,
  ) {
    this.term = new Terminal({ cols, rows, allowProposedApi: true });
    pty.onData((d) => {
      this.raw += d;
      this.term.write(d);
    });
    pty.onExit((e) => {
      this.exit = e;
    });
  }

  /** The headless terminal's whole buffer (scrollback + screen), trailing blanks trimmed. */
  screen(): string {
    const b = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < b.length; i++) lines.push(b.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n').replace(/\s+$/, '');
  }

  /** Only the visible rows. */
  viewport(): string {
    const b = this.term.buffer.active;
    const lines: string[] = [];
    for (let i = b.viewportY; i < b.viewportY + this.term.rows; i++) lines.push(b.getLine(i)?.translateToString(true) ?? '');
    return lines.join('\n');
  }

  write(data: string): void {
    this.pty.write(data);
  }
}

const agents: Agent[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const a of agents.splice(0)) {
    if (a.exit) continue;
    a.pty.kill('SIGKILL');
    await waitFor(() => a.exit, TIMEOUT, 'pty exit after SIGKILL');
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export class Fixture {
  readonly dir = realpathSync(mkdtempSync(join(tmpdir(), 'scripted-agent-')));
  readonly repo = join(this.dir, 'repo');
  readonly eventsFile = join(this.dir, 'events.jsonl');
  readonly settingsFile = join(this.dir, 'settings.json');
  readonly scenarioFile = join(this.dir, 'scenario.json');
  readonly logFile = join(this.dir, 'prompts.jsonl');
  /** SCRIPTED_AGENT_TRANSCRIPTS: never the developer's ~/.claude/projects. */
  readonly transcripts = join(this.dir, 'transcripts');

  constructor(scenario: object = { default: { durationMs: 100 } }) {
    dirs.push(this.dir);
    execFileSync('git', ['init', '-q', '-b', 'main', this.repo], { env: this.env() });
    writeFileSync(join(this.repo, 'README.md'), '# test repo\n');
    this.git('add', '-A');
    this.git('-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-q', '-m', 'initial');
    writeFileSync(this.settingsFile, JSON.stringify(this.settings()));
    this.scenario(scenario);
  }

  /** Every hooked event appends its stdin JSON and a newline to events.jsonl. */
  settings(): { hooks: Record<string, unknown> } {
    const command = `cat >> '${this.eventsFile}'; echo >> '${this.eventsFile}'`;
    return { hooks: Object.fromEntries(HOOKED.map((e) => [e, [{ matcher: '', hooks: [{ type: 'command', command, timeout: 10 }] }]])) };
  }

  scenario(s: object): void {
    writeFileSync(this.scenarioFile, JSON.stringify(s));
  }

  env(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'CLAUDECODE' && k !== 'ANTHROPIC_API_KEY') env[k] = v;
    return {
      ...env,
      ...GIT_ENV,
      SCRIPTED_AGENT_SCENARIO: this.scenarioFile,
      SCRIPTED_AGENT_LOG: this.logFile,
      SCRIPTED_AGENT_TRANSCRIPTS: this.transcripts,
    };
  }

  /** Where the agent keeps a session's transcript: <transcripts>/<cwd with non-alphanumerics as ->/<id>.jsonl. */
  transcriptOf(sessionId: string): string {
    return join(this.transcripts, this.repo.replace(/[^a-zA-Z0-9]/g, '-'), `${sessionId}.jsonl`);
  }

  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.repo, env: this.env(), encoding: 'utf8' });
  }

  read(rel: string): string | null {
    const file = join(this.repo, rel);
    return existsSync(file) ? readFileSync(file, 'utf8') : null;
  }

  events(): HookEvent[] {
    if (!existsSync(this.eventsFile)) return [];
    return readFileSync(this.eventsFile, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as HookEvent);
  }

  event(name: string, n = 1): HookEvent | undefined {
    return this.events().filter((e) => e.hook_event_name === name)[n - 1];
  }

  names(): string[] {
    return this.events().map((e) => e.hook_event_name);
  }

  count(name: string): number {
    return this.names().filter((n) => n === name).length;
  }

  subjects(): string[] {
    return this.git('log', '--format=%s').trim().split('\n');
  }

  start(args: string[], extraEnv: Record<string, string> = {}, size = { cols: 100, rows: 30 }): Agent {
    const p = pty.spawn(process.execPath, [SCRIPT, ...args], {
      name: 'xterm-256color',
      cwd: this.repo,
      env: { ...this.env(), ...extraEnv },
      ...size,
    });
    const agent = new Agent(p, size.cols, size.rows);
    agents.push(agent);
    return agent;
  }

  /** Waits for the n-th event of that name; on timeout the error shows the events and the screen. */
  async until(agent: Agent, name: string, n = 1): Promise<void> {
    await waitFor(
      () => this.count(name) >= n,
      TIMEOUT,
      () => `${name} #${n}; events: ${this.names().join(', ')}\n${agent.screen()}`,
    );
  }
}

/** Waits until `agent`'s whole buffer satisfies `cond` (a string: contains it); the error shows the screen. */
export async function screenShows(agent: Agent, cond: string | RegExp | ((s: string) => boolean)): Promise<void> {
  const test = typeof cond === 'string' ? (s: string) => s.includes(cond) : cond instanceof RegExp ? (s: string) => cond.test(s) : cond;
  await waitFor(
    () => test(agent.screen()),
    TIMEOUT,
    () => `${String(cond)}\n${agent.screen()}`,
  );
}

export const AUTO_IDLE = '  ⏵⏵ auto mode on (shift+tab to cycle)';
export const MANUAL_IDLE = '  ⏸ manual mode on · ? for shortcuts';

/** The idle prompt box at the bottom: rule, empty `❯`, rule, then the idle footer of the mode (nothing busy). */
export function idleBox(screen: string, footer = AUTO_IDLE): boolean {
  const [top, prompt, bottom, last] = screen.split('\n').slice(-4);
  const rule = (l?: string) => /^─{50,}$/.test(l ?? '');
  return (
    rule(top) &&
    prompt?.trim() === '❯' &&
    rule(bottom) &&
    last === footer &&
    !screen.split('\n').slice(-8).join('\n').includes('esc to interrupt')
  );
}
