/**
 * The real Codex and Gemini CLIs in a private tmux (120x32), each with its own throwaway HOME (not under /tmp:
 * codex refuses helper binaries there), against fake model APIs on 127.0.0.1. Shows that the screen readers
 * recognise the first-run screens, and that the profiles' argv (src/core/agent/profiles-codex-gemini.ts) get
 * one task done and resume it. Skipped when the CLIs are not installed, unless CI=true or MSTUI_REAL_AGENTS=1.
 */

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { codexDetector, codexReader } from '../../src/core/agent/codex.js';
import { type Dialog, type DialogKind, keysToPick, PICK, type ScreenReader } from '../../src/core/agent/dialogs.js';
import { geminiDetector, geminiReader } from '../../src/core/agent/gemini.js';
import { CODEX_PROFILE, GEMINI_PROFILE } from '../../src/core/agent/profiles-codex-gemini.js';
import { fillArgv } from '../../src/core/config.js';
import { type FakeGemini, startFakeGemini } from '../fakes/gemini-api.js';
import { type FakeOpenAi, startFakeOpenAi } from '../fakes/openai-api.js';
import { agentCliBin, missingAgentCliMessage, REAL_AGENTS_REQUIRED } from '../helpers/agent-clis.js';
import { git } from '../helpers/repo.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.js';
import { waitFor } from '../helpers/wait-for.js';

const CODEX = agentCliBin('codex');
const GEMINI = agentCliBin('gemini');
const START_MS = 60_000;
const TEST_MS = 150_000;

let cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** A throwaway HOME with a git repo in it; removed after the test. */
function sandbox(name: string): { home: string; repo: string } {
  const base = join(homedir(), '.cache/mstui-test-homes');
  mkdirSync(base, { recursive: true });
  const home = realpathSync(mkdtempSync(join(base, `${name}-`)));
  cleanups.push(() => rmSync(home, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }));
  const repo = join(home, 'repo');
  mkdirSync(repo);
  git(repo, 'init', '-q');
  git(repo, 'commit', '-q', '--allow-empty', '-m', 'init');
  return { home, repo };
}

/**
 * Gemini 0.61 outlives its pty (a closed terminal does not stop it), so the pane's process group is killed before
 * a respawn and in teardown; the pane stays (remain-on-exit) so it can be respawned.
 */
function stopPane(s: TmuxSession): void {
  const pid = Number(
    execFileSync('tmux', ['-L', s.socket, 'display-message', '-p', '-t', 'e2e', '#{pane_pid}'], { encoding: 'utf8' }).trim(),
  );
  try {
    if (pid > 0) process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function tmux(command: string[], cwd: string, env: Record<string, string>): TmuxSession {
  const session = startTmux({ command, cwd, cols: 120, rows: 32, env: { NO_PROXY: '127.0.0.1', no_proxy: '127.0.0.1', ...env } });
  execFileSync('tmux', ['-L', session.socket, 'set-option', '-g', 'remain-on-exit', 'on']);
  cleanups.push(() => {
    try {
      stopPane(session);
    } finally {
      session.kill();
    }
  });
  return session;
}

function respawn(s: TmuxSession, command: string[], cwd: string, env: Record<string, string>): void {
  stopPane(s);
  s.respawn(command, cwd, env);
}

const lines = (s: TmuxSession): string[] => s.capture().split('\n');

/** Polls until `reader` sees a dialog of `kind`; the timeout error shows the screen. */
async function waitForDialog(s: TmuxSession, reader: ScreenReader, kind: DialogKind): Promise<Dialog> {
  const screen = await s.waitForScreen((text) => reader.dialog(text.split('\n'))?.kind === kind, START_MS, `a ${kind} dialog`);
  return reader.dialog(screen.split('\n')) as Dialog;
}

function pick(s: TmuxSession, dialog: Dialog, want: RegExp): void {
  const keys = keysToPick(dialog, want);
  expect(keys, `an option matching ${want} in ${JSON.stringify(dialog.options)}`).not.toBeNull();
  s.type(keys ?? '');
}

/** A program that appends its first argument (or stdin) to `log`, one line per call: notify / hook target. */
function recorder(dir: string, log: string): string {
  const path = join(dir, 'record.sh');
  writeFileSync(path, `#!/bin/sh\nif [ -n "$1" ]; then printf '%s\\n' "$1"; else tr -d '\\n'; echo; fi >> '${log}'\n`);
  chmodSync(path, 0o755);
  return path;
}

const readIf = (path: string): string | null => (existsSync(path) ? readFileSync(path, 'utf8') : null);

const readLog = (log: string): Record<string, unknown>[] =>
  existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>)
    : [];

describe.skipIf(!CODEX && !REAL_AGENTS_REQUIRED)('real codex 0.169 against a fake Responses API', () => {
  const bin = (): string => CODEX ?? expect.fail(missingAgentCliMessage('codex'));
  /** `notify` fills the profile's `-c {notify}`: here a TOML array naming a recorder (mstui passes its own). */
  const argv = (template: string[], prompt: string, notify = 'notify=[]'): string[] => [
    bin(),
    ...fillArgv(template, { prompt, notify }).slice(1),
  ];

  it(
    'a fresh CODEX_HOME opens on the sign-in screen, read as a login dialog',
    async () => {
      const { home, repo } = sandbox('codex');
      mkdirSync(join(home, '.codex')); // codex refuses a CODEX_HOME that does not exist
      const s = tmux(argv(CODEX_PROFILE.command, 'create hello.txt'), repo, { HOME: home, CODEX_HOME: join(home, '.codex') });
      const dialog = await waitForDialog(s, codexReader, 'login');
      expect(dialog.options.map((o) => o.label)).toEqual(['Sign in with ChatGPT', 'Sign in with Device Code', 'Sign in another way']);
      expect(codexDetector.detect(lines(s))).toBe('waiting');
    },
    TEST_MS,
  );

  it(
    'with a custom provider: trust dialog, one task writes a file, notify (from -c) fires, resume --last keeps the thread',
    async () => {
      const { home, repo } = sandbox('codex');
      const fake: FakeOpenAi = await startFakeOpenAi();
      cleanups.push(() => fake.close());
      const log = join(home, 'notify.log');
      const codexHome = join(home, '.codex');
      mkdirSync(codexHome);
      const config = [
        'model = "gpt-fake"',
        'model_provider = "mstuifake"',
        '[model_providers.mstuifake]',
        'name = "mstui fake"',
        `base_url = "${fake.url}"`,
        'env_key = "MSTUI_FAKE_OPENAI_KEY"',
        'wire_api = "responses"',
      ];
      writeFileSync(join(codexHome, 'config.toml'), `${config.join('\n')}\n`);
      const env = { HOME: home, CODEX_HOME: codexHome, MSTUI_FAKE_OPENAI_KEY: 'sk-mstui-fake' };
      const notify = `notify=[${JSON.stringify(recorder(home, log))}]`;
      const s = tmux(argv(CODEX_PROFILE.command, 'create hello.txt containing hi', notify), repo, env);

      const trust = await waitForDialog(s, codexReader, 'trust');
      expect(trust.title).toBe(`Trust this folder? ${repo}`);
      pick(s, trust, /^Trust and continue$/);

      await waitFor(
        () => readIf(join(repo, 'hello.txt')) === 'hi\n',
        START_MS,
        () => `hello.txt written; screen:\n${s.capture()}`,
      );
      const turn = await waitFor(
        () => readLog(log).find((e) => (e['input-messages'] as string[])?.[0] === 'create hello.txt containing hi'),
        START_MS,
        'notify',
      );
      expect(turn).toMatchObject({ type: 'agent-turn-complete', cwd: repo, 'last-assistant-message': 'Wrote the file.' });
      await s.waitForScreen((t) => codexDetector.detect(t.split('\n')) === 'idle', START_MS, 'idle');

      respawn(s, argv(CODEX_PROFILE.resume ?? [], 'and now stop', notify), repo, env);
      const again = await waitFor(
        () => readLog(log).find((e) => (e['input-messages'] as string[])?.includes('and now stop')),
        START_MS,
        () => s.capture(),
      );
      expect(again['thread-id']).toBe(turn['thread-id']);
      expect(again['input-messages']).toEqual(['create hello.txt containing hi', 'and now stop']);
    },
    TEST_MS,
  );
});

describe.skipIf(!GEMINI && !REAL_AGENTS_REQUIRED)('real gemini 0.61 against a fake Gemini API', () => {
  const bin = (): string => GEMINI ?? expect.fail(missingAgentCliMessage('gemini'));
  const argv = (template: string[], values: Record<string, string>): string[] => [bin(), ...fillArgv(template, values).slice(1)];

  it(
    'a fresh HOME opens on the trust dialog (PICK.yes trusts), then the auth choice, read as login',
    async () => {
      const { home, repo } = sandbox('gemini');
      const s = tmux(argv(GEMINI_PROFILE.command, { sessionId: randomUUID(), prompt: 'create hello.txt' }), repo, { HOME: home });
      const trust = await waitForDialog(s, geminiReader, 'trust');
      expect(trust.options[0]).toEqual({ index: 0, label: 'Trust folder (repo)', selected: true });
      expect(geminiDetector.detect(lines(s))).toBe('trust-dialog');
      pick(s, trust, PICK.yes);
      const login = await waitForDialog(s, geminiReader, 'login');
      expect(login.options.map((o) => o.label)).toEqual(['Sign in with Google', 'Use Gemini API Key', 'Vertex AI']);
      expect(JSON.parse(readFileSync(join(home, '.gemini/trustedFolders.json'), 'utf8'))).toEqual({ [repo]: 'TRUST_FOLDER' });
    },
    TEST_MS,
  );

  it(
    'with an auth type set: one task writes a file after "Allow once", hooks fire, --resume keeps the session',
    async () => {
      const { home, repo } = sandbox('gemini');
      const fake: FakeGemini = await startFakeGemini();
      cleanups.push(() => fake.close());
      const log = join(home, 'hooks.log');
      const hook = { hooks: [{ type: 'command', command: recorder(home, log) }] };
      const settings = {
        security: { auth: { selectedType: 'gemini-api-key' } },
        hooks: { SessionStart: [hook], BeforeAgent: [hook], AfterAgent: [hook] },
      };
      const settingsPath = join(home, 'system-settings.json');
      writeFileSync(settingsPath, JSON.stringify(settings));
      mkdirSync(join(home, '.gemini'));
      writeFileSync(join(home, '.gemini/trustedFolders.json'), JSON.stringify({ [repo]: 'TRUST_FOLDER' }));
      const env = {
        HOME: home,
        GEMINI_API_KEY: 'fake-key',
        GOOGLE_GEMINI_BASE_URL: fake.url,
        GEMINI_CLI_SYSTEM_SETTINGS_PATH: settingsPath,
      };
      const sessionId = randomUUID();
      const s = tmux(argv(GEMINI_PROFILE.command, { sessionId, prompt: 'create hello.txt containing hi' }), repo, env);

      const permission = await waitForDialog(s, geminiReader, 'permission');
      expect(permission.title).toBe('Apply this change? WriteFile Writing to hello.txt');
      pick(s, permission, PICK.yes);
      await waitFor(
        () => readIf(join(repo, 'hello.txt')) === 'hi\n',
        START_MS,
        () => `hello.txt written; screen:\n${s.capture()}`,
      );
      const done = await waitFor(() => readLog(log).find((e) => e.hook_event_name === 'AfterAgent'), START_MS, 'AfterAgent');
      expect(done).toMatchObject({ session_id: sessionId, prompt: 'create hello.txt containing hi', prompt_response: 'Wrote the file.' });
      await s.waitForScreen((t) => geminiDetector.detect(t.split('\n')) === 'idle', START_MS, 'idle');

      respawn(s, argv(GEMINI_PROFILE.resume ?? [], { sessionId, prompt: 'and now stop' }), repo, env);
      const again = await waitFor(
        () => readLog(log).find((e) => e.hook_event_name === 'AfterAgent' && e.prompt === 'and now stop'),
        START_MS,
        () => s.capture(),
      );
      expect(again.session_id).toBe(sessionId);
      const last = fake.requests.filter((r) => r.n !== undefined).at(-1)?.body as { contents: unknown[] };
      expect(JSON.stringify(last.contents)).toContain('create hello.txt containing hi');
    },
    TEST_MS,
  );
});
