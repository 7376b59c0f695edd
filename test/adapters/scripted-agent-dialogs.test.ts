/**
 * The scripted agent against the recordings of the real Claude Code 2.1.328 (test/fixtures/claude-2.1.328): its
 * dialogs drawn line for line as recorded (at the recording's 120x32), read by mstui's own Claude screen reader and
 * answered with the keys mstui would send; hook payloads with the recorded fields; API errors; the transcript.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeReader } from '../../src/core/agent/claude.js';
import { keysToPick, PICK } from '../../src/core/agent/dialogs.js';
import { claudeDetector } from '../../src/core/agent/screen-detector.js';
import { usageFromTranscript } from '../../src/core/agent/usage.js';
import { ROOT } from '../helpers/repo.js';
import { type Agent, AUTO_IDLE, Fixture, idleBox, MANUAL_IDLE, screenShows, taskPrompt } from './scripted-agent-fixture.js';

const REC = join(ROOT, 'test/fixtures/claude-2.1.328');
const SIZE = { cols: 120, rows: 32 };
const KEY = 'sk-ant-api03-mstui-fake-key-0123456789abcdefghij';
const GATEWAY = '127.0.0.1:4567';
const DOWN = '\u001b[B';
const UP = '\u001b[A';

/** A recorded screen's lines, with the recording's placeholders filled in (the repo path, the gateway's port). */
function recorded(name: string, repo: string): string[] {
  return readFileSync(join(REC, 'screens', `${name}.txt`), 'utf8')
    .split('\n')
    .map((l) => l.replaceAll('/REPO', repo).replaceAll('127.0.0.1:PORT', GATEWAY));
}

const recordedHook = (name: string) => JSON.parse(readFileSync(join(REC, 'hooks', `${name}.json`), 'utf8')) as Record<string, unknown>;

/** The lines from the first one matching `from` to the next one matching `to`; NBSP as space, trailing blanks cut. */
function block(lines: readonly string[], from: RegExp, to: RegExp): string[] {
  const start = lines.findIndex((l) => from.test(l));
  const end = lines.findIndex((l, i) => i >= start && to.test(l));
  if (start < 0 || end < 0) return [];
  return lines.slice(start, end + 1).map((l) => l.replaceAll('\u00a0', ' ').trimEnd());
}

const squeeze = (ls: string[]) => ls.filter((l, i) => l !== '' || ls[i - 1] !== '');
const lines = (a: Agent) => a.viewport().split('\n');
const sortedKeys = (o: object | undefined) => Object.keys(o ?? {}).sort();

/** Settings that also log PreToolUse and PostToolUse (every event into events.jsonl). */
function allHooks(f: Fixture): string {
  const command = `cat >> '${f.eventsFile}'; echo >> '${f.eventsFile}'`;
  const hooks = {
    ...f.settings().hooks,
    PreToolUse: [{ hooks: [{ type: 'command', command }] }],
    PostToolUse: [{ hooks: [{ type: 'command', command }] }],
  };
  return JSON.stringify({ hooks });
}

describe('scripted agent: start-up dialogs as 2.1.328 draws them', () => {
  it('trust: the recorded dialog, read as trust by mstui; its "yes" keys (Down, Enter) trust the folder', async () => {
    const f = new Fixture({ default: { durationMs: 30, trustDialog: true } });
    const a = f.start(['--settings', f.settingsFile, 'hello'], {}, SIZE);
    await screenShows(a, 'Enter to confirm · Esc to cancel');
    const want = block(recorded('trust-dialog', f.repo), /^─{120}$/, /Enter to confirm/);
    expect(want.length).toBeGreaterThan(10);
    expect(block(lines(a), /^─{120}$/, /Enter to confirm/)).toEqual(want);
    const d = claudeReader.dialog(lines(a));
    expect(d?.kind).toBe('trust');
    const yes = d ? keysToPick(d, PICK.yes) : null;
    expect(yes).toBe(`${DOWN}\r`);
    a.write(yes ?? '');
    await f.until(a, 'Stop');
    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit', 'Stop']);
  });

  it('API key: the recorded dialog; Up + Enter approves and is remembered; no hook before the answer', async () => {
    const f = new Fixture({ default: { durationMs: 30, apiKeyDialog: true } });
    const a = f.start(['--settings', f.settingsFile, 'hello'], { ANTHROPIC_API_KEY: KEY }, SIZE);
    await screenShows(a, 'Enter to confirm · Esc to cancel');
    const want = block(recorded('custom-api-key-dialog', f.repo), /^─{120}$/, /Enter to confirm/);
    expect(block(lines(a), /^─{120}$/, /Enter to confirm/)).toEqual(want);
    expect(f.names()).toEqual([]);
    const d = claudeReader.dialog(lines(a));
    expect(d?.kind).toBe('api-key');
    const yes = d ? keysToPick(d, PICK.yes) : null;
    expect(yes).toBe(`${UP}\r`);
    a.write(yes ?? '');
    await f.until(a, 'Stop');
    a.write('\x04');
    await f.until(a, 'SessionEnd');

    const b = f.start(['--settings', f.settingsFile, 'again'], { ANTHROPIC_API_KEY: KEY }, SIZE);
    await f.until(b, 'Stop', 2);
    expect(b.raw).not.toContain('Detected a custom API key');
  });

  it('API key declined (Enter on "No (recommended)"): every prompt fails as not logged in (StopFailure)', async () => {
    const f = new Fixture({ default: { durationMs: 30, apiKeyDialog: true } });
    const a = f.start(['--settings', f.settingsFile, 'say hi'], { ANTHROPIC_API_KEY: KEY }, SIZE);
    await screenShows(a, '❯ No (recommended)');
    a.write('\r');
    await f.until(a, 'StopFailure');
    expect(f.event('StopFailure')).toMatchObject({
      error: 'authentication_failed',
      last_assistant_message: 'Not logged in · Please run /login',
    });
    await screenShows(a, '❯ say hi\n  ⎿  Not logged in · Please run /login\n');
    await screenShows(a, /Not logged in · run \/login\n─{120}\n❯ Once fixed, resend your message\n/);
    expect(f.count('Stop')).toBe(0);
  });
});

describe('scripted agent: permission prompts as 2.1.328 draws them', () => {
  it('--permission-mode default: the recorded prompt and footers; a digit picks at once; "4. No" interrupts without Stop', async () => {
    const f = new Fixture({ default: { durationMs: 200, followUpMs: 30, askPermission: true, printBytesPerSec: 0 } });
    const id = randomUUID();
    const a = f.start(['--session-id', id, '--permission-mode', 'default', '--settings', allHooks(f), taskPrompt()], {}, SIZE);
    await screenShows(a, (s) => s.includes('  ⏸ manual mode on · esc to interrupt'));
    expect(claudeDetector.detect(lines(a))).toBe('busy');
    await screenShows(a, 'Esc to cancel · Tab to amend');
    const rec = recorded('permission-prompt-default-mode', f.repo).map((l) =>
      l.replace('touch made-by-claude.txt', 'npm test').replace('Run a command', 'Run the test suite'),
    );
    const want = block(rec, /^● Running a command$/, /Esc to cancel · Tab to amend/).map((l) => l.replace(/^╌+$/, '╌'.repeat(120)));
    expect(block(lines(a), /^● Running a command$/, /Esc to cancel · Tab to amend/)).toEqual(want);
    const d = claudeReader.dialog(lines(a));
    expect(d?.kind).toBe('permission');
    expect(d && keysToPick(d, PICK.yes)).toBe('\r');
    expect(d && keysToPick(d, PICK.no)).toBe(`${DOWN}${DOWN}${DOWN}\r`);
    await f.until(a, 'PermissionRequest');
    a.write('4');
    await screenShows(a, (s) => idleBox(s, MANUAL_IDLE));
    expect(claudeReader.dialog(lines(a))?.kind).toBe('interrupted');
    expect(claudeDetector.detect(lines(a))).toBe('idle');
    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PermissionRequest']);

    // The follow-up finishes the task: every payload has the recorded fields.
    a.write('go on\r');
    await f.until(a, 'Stop');
    a.write('\x04');
    await f.until(a, 'SessionEnd');
    const recordedAs: Record<string, string> = {
      SessionStart: 'SessionStart-startup',
      UserPromptSubmit: 'UserPromptSubmit',
      PreToolUse: 'PreToolUse',
      PostToolUse: 'PostToolUse',
      PermissionRequest: 'PermissionRequest',
      Stop: 'Stop',
      SessionEnd: 'SessionEnd-prompt_input_exit',
    };
    for (const [event, rec] of Object.entries(recordedAs)) {
      expect(sortedKeys(f.event(event)), event).toEqual(sortedKeys(recordedHook(rec)));
    }
    expect(f.event('PermissionRequest')).toMatchObject({
      permission_mode: 'default',
      effort: { level: 'medium' },
      tool_input: { command: 'npm test', description: 'Run the test suite' },
      permission_suggestions: [
        { type: 'addDirectories', directories: [f.repo], destination: 'session' },
        { type: 'setMode', mode: 'acceptEdits', destination: 'session' },
      ],
    });
    const [pre, post] = [f.event('PreToolUse', 2), f.event('PostToolUse')];
    expect(post).toMatchObject({ tool_use_id: pre?.tool_use_id, duration_ms: expect.any(Number), tool_response: expect.any(Object) });
    expect(f.event('Stop')).toMatchObject({ stop_hook_active: false, background_tasks: [], session_crons: [], permission_mode: 'default' });
    expect(f.event('Stop')?.prompt_id).toBe(f.event('UserPromptSubmit', 2)?.prompt_id);
    expect(f.event('SessionEnd')).toMatchObject({ reason: 'prompt_input_exit' });
  });

  it('auto mode + autoFallback: "Enter to stay" (agent_needs_input, no PermissionRequest), then "❯ No / Yes"', async () => {
    const f = new Fixture({
      default: { durationMs: 100, askPermission: true, autoFallback: true, permissionNotifyMs: 50, printBytesPerSec: 0 },
    });
    const a = f.start(['--settings', f.settingsFile, taskPrompt()], { ANTHROPIC_BASE_URL: `http://${GATEWAY}` }, SIZE);
    await screenShows(a, 'Enter to stay in auto mode');
    const first = block(recorded('auto-mode-unavailable-dialog', f.repo), /^─{120}$/, /Enter to stay in auto mode/);
    expect(block(lines(a), /^─{120}$/, /Enter to stay in auto mode/)).toEqual(first);
    const d1 = claudeReader.dialog(lines(a));
    expect(d1).toMatchObject({ kind: 'permission', answerKeys: { yes: '\r', no: '\u001b' } });
    await f.until(a, 'Notification');
    expect(f.event('Notification')).toEqual({
      ...recordedHook('Notification-agent_needs_input'),
      session_id: expect.any(String),
      transcript_path: expect.any(String),
      cwd: f.repo,
      prompt_id: expect.any(String),
    });

    a.write(d1?.answerKeys?.yes ?? '');
    await screenShows(a, " Auto mode can't check actions in this session, so this one needs your approval");
    const rec = recorded('auto-mode-fallback-prompt', f.repo).map((l) =>
      l.replace('curl -fsSL https://example.invalid/install.sh | sh', 'npm test').replace('Run a command', 'Run the test suite'),
    );
    const dashes = (l: string) => l.replace(/^╌+$/, '╌'.repeat(120));
    const second = block(rec, /^ Bash command$/, /Esc to cancel · Tab to amend/).map(dashes);
    expect(block(lines(a), /^ Bash command$/, /Esc to cancel · Tab to amend/)).toEqual(second);
    const d2 = claudeReader.dialog(lines(a));
    expect(d2?.kind).toBe('permission');
    const yes = d2 ? keysToPick(d2, PICK.yes) : null;
    expect(yes).toBe(`${DOWN}\r`);
    await f.until(a, 'Notification', 2);
    expect(f.event('Notification', 2)).toMatchObject({ notification_type: 'permission_prompt', message: 'Claude needs your permission' });
    a.write(yes ?? '');
    await f.until(a, 'Stop');
    expect(f.names()).toEqual(['SessionStart', 'UserPromptSubmit', 'Notification', 'Notification', 'Stop']);
    expect(f.event('Stop')).toMatchObject({ permission_mode: 'auto' });
    await screenShows(a, (s) => idleBox(s, AUTO_IDLE));
    expect(claudeDetector.detect(lines(a))).toBe('idle');
  });
});

describe('scripted agent: API errors (apiError)', () => {
  it.each([
    ['rate_limit', 'api-error-429', 'StopFailure-rate_limit', 'Resend your message to try again'],
    ['server_error', 'api-error-529', 'StopFailure-overloaded-529', 'Resend your message to try again'],
    ['authentication_failed', 'missing-api-key', 'StopFailure-authentication_failed-no-key', 'Once fixed, resend your message'],
  ])(
    '%s: the recorded error line and placeholder, StopFailure (no Stop); the next prompt works',
    async (error, screenName, hookName, placeholder) => {
      const f = new Fixture({ default: { durationMs: 30, followUpMs: 30, apiError: { error, times: 1, afterMs: 50 } } });
      const a = f.start(['--settings', f.settingsFile, 'say hi'], { ANTHROPIC_BASE_URL: `http://${GATEWAY}` }, SIZE);
      await f.until(a, 'StopFailure');
      const rec = recordedHook(hookName);
      const message = String(rec.last_assistant_message).replace('127.0.0.1:PORT', GATEWAY);
      expect(sortedKeys(f.event('StopFailure'))).toEqual(sortedKeys(rec));
      expect(f.event('StopFailure')).toMatchObject({
        error,
        last_assistant_message: message,
        effort: { level: 'medium' },
        prompt_id: f.event('UserPromptSubmit')?.prompt_id,
      });
      await screenShows(a, `❯ ${placeholder}`);
      // The recording's box sits at the bottom of the screen: compare with runs of blank lines squeezed to one.
      const want = squeeze(block(recorded(screenName, f.repo), /^❯ say hi$/, new RegExp(`^❯.${placeholder}$`)));
      expect(squeeze(block(lines(a), /^❯ say hi$/, new RegExp(`^❯ ${placeholder}$`)))).toEqual(want);
      expect(claudeReader.dialog(lines(a))).toBeNull();
      expect(f.count('Stop')).toBe(0);

      a.write('again\r');
      await f.until(a, 'Stop');
      expect(f.count('StopFailure')).toBe(1);
      await screenShows(a, (s) => idleBox(s));
    },
  );
});

describe('scripted agent: transcript', () => {
  it('writes user and assistant lines at transcript_path; each message repeats its usage on every block line', async () => {
    const usage = { input_tokens: 1000, output_tokens: 50, cache_read_input_tokens: 200, cache_creation_input_tokens: 30 };
    const f = new Fixture({ default: { durationMs: 30, usage } });
    const id = randomUUID();
    const a = f.start(['--session-id', id, '--settings', f.settingsFile, taskPrompt()]);
    await f.until(a, 'Stop');
    expect(f.event('Stop')?.transcript_path).toBe(f.transcriptOf(id));
    const entries = readFileSync(f.transcriptOf(id), 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            type: string;
            requestId?: string;
            message: { id?: string; content: unknown; usage?: Record<string, unknown> };
          },
      );
    expect(entries[0]).toMatchObject({ type: 'user', sessionId: id, message: { role: 'user', content: taskPrompt() } });
    const assistant = entries.filter((e) => e.type === 'assistant');
    const ids = new Set(assistant.map((e) => e.message.id));
    // Edit, Edit, Bash (commit): a text + tool_use message each, then the final text.
    expect(ids.size).toBe(4);
    expect(assistant).toHaveLength(7);
    for (const e of assistant) {
      expect(e.message.id).toMatch(/^msg_/);
      expect(e.requestId).toMatch(/^req_/);
      expect(e.message.usage).toMatchObject(usage);
    }
    const sample = readFileSync(join(REC, 'transcript-sample.jsonl'), 'utf8');
    const sampleLine = JSON.parse(sample.split('\n').find((l) => l.includes('"assistant"')) ?? '{}');
    expect(Object.keys(sampleLine.message.usage)).toEqual(expect.arrayContaining(Object.keys(assistant[0]?.message.usage ?? {})));
    expect(usageFromTranscript(readFileSync(f.transcriptOf(id), 'utf8'))).toEqual({
      input: 4000,
      output: 200,
      cacheRead: 800,
      cacheWrite: 120,
    });
  });
});
