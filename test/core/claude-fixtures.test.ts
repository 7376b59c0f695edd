/**
 * What mstui reads from the real Claude Code 2.1.328, pinned on what the binary really showed and sent
 * (test/fixtures/claude-2.1.328: screens captured at 120x32, hook payloads with temp paths replaced).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeReader } from '../../src/core/agent/claude.js';
import { keysToPick, PICK } from '../../src/core/agent/dialogs.js';
import { eventFromHook, type HookRecord } from '../../src/core/agent/hooks.js';
import { claudeDetector } from '../../src/core/agent/screen-detector.js';
import { ROOT } from '../helpers/repo.js';

const DIR = join(ROOT, 'test/fixtures/claude-2.1.328');
const screen = (name: string) => readFileSync(join(DIR, 'screens', `${name}.txt`), 'utf8').split('\n');
const hook = (name: string) => JSON.parse(readFileSync(join(DIR, 'hooks', `${name}.json`), 'utf8')) as HookRecord;
const DOWN = '\u001b[B';
const UP = '\u001b[A';

describe('Claude Code 2.1.328 screens', () => {
  it.each([
    // screen, dialog kind, keys for yes, keys for no
    ['trust-dialog', 'trust', `${DOWN}\r`, '\r'],
    ['custom-api-key-dialog', 'api-key', `${UP}\r`, '\r'],
    ['permission-prompt-default-mode', 'permission', '\r', `${DOWN}${DOWN}${DOWN}\r`],
    ['auto-mode-fallback-prompt', 'permission', `${DOWN}\r`, '\r'],
    ['auto-mode-unavailable-dialog', 'permission', '\r', '\u001b'],
    ['unable-to-connect', 'login', null, null],
    ['onboarding-theme', 'login', null, null],
    ['interrupted', 'interrupted', null, null],
    ['permission-denied-no', 'interrupted', null, null],
  ] as const)('%s → %s, answered by option text', (name, kind, yes, no) => {
    const d = claudeReader.dialog(screen(name));
    expect(d?.kind).toBe(kind);
    if (!d || yes === null) return;
    expect(d.answerKeys?.yes ?? keysToPick(d, PICK.yes)).toBe(yes);
    expect(d.answerKeys?.no ?? keysToPick(d, PICK.no)).toBe(no);
  });

  it.each([
    'busy',
    'busy-tool-running',
    'idle-after-turn',
    'api-error-401',
    'api-error-429',
    'api-error-529',
    'api-retrying-429',
    'missing-api-key',
    'after-exit',
  ])('%s: no dialog (hooks say what happened)', (name) => {
    expect(claudeReader.dialog(screen(name))).toBeNull();
  });

  it('busy screens read busy, the idle prompt reads idle', () => {
    expect(claudeDetector.detect(screen('busy'))).toBe('busy');
    expect(claudeDetector.detect(screen('busy-tool-running'))).toBe('busy');
    expect(claudeDetector.detect(screen('idle-after-turn'))).toBe('idle');
  });
});

describe('Claude Code 2.1.328 hook payloads → events', () => {
  it.each([
    ['SessionStart-startup', { type: 'AgentBusy' }],
    ['SessionStart-resume', { type: 'AgentBusy' }],
    ['UserPromptSubmit', { type: 'AgentBusy' }],
    ['PermissionRequest', { type: 'AgentWaiting' }],
    ['Notification-permission_prompt', { type: 'AgentWaiting', detail: 'Claude needs your permission' }],
    ['Notification-permission_prompt-auto-fallback', { type: 'AgentWaiting' }],
    [
      'Notification-agent_needs_input',
      { type: 'AgentWaiting', detail: "Auto mode can't check actions in this session and needs your choice" },
    ],
    ['Notification-idle_prompt', { type: 'AgentIdle' }],
    // The turn's last message rides along, for the unexpected-findings check.
    ['Stop', { type: 'AgentIdle', message: 'Done.' }],
    ['StopFailure-rate_limit', { type: 'AgentApiError', error: 'rate_limit', resetAtMs: null, atMs: 5 }],
    ['StopFailure-rate_limit-after-10-retries', { type: 'AgentApiError', error: 'rate_limit' }],
    ['StopFailure-overloaded-529', { type: 'AgentApiError', error: 'overloaded' }],
    ['StopFailure-authentication_failed', { type: 'AgentApiError', error: 'authentication_failed' }],
    [
      'StopFailure-authentication_failed-no-key',
      { type: 'AgentApiError', error: 'authentication_failed', message: 'Not logged in · Please run /login' },
    ],
  ])('%s', (name, expected) => {
    expect(eventFromHook('1.1', hook(name), 5)).toMatchObject({ task: '1.1', ...expected });
  });

  it.each(['PostToolUse', 'PreToolUse', 'SessionEnd-killed', 'SessionEnd-prompt_input_exit'])('%s: no event', (name) => {
    expect(eventFromHook('1.1', hook(name), 5)).toBeNull();
  });

  it('the permission request names the tool and its command', () => {
    const e = eventFromHook('1.1', hook('PermissionRequest'));
    expect(e?.type === 'AgentWaiting' && e.detail).toMatch(/^Bash: /);
  });
});
