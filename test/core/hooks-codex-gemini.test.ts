/**
 * Gemini CLI 0.61 hooks and Codex 0.169 notify → events, on payloads recorded from the real binaries
 * (test/fixtures/gemini-0.61.0/hooks, test/fixtures/codex-0.169.0/notify; temp paths replaced by /home/dev).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  eventFromCodexNotify,
  eventFromGeminiHook,
  GEMINI_HOOK_EVENTS,
  geminiHookSettings,
  isCodexTitleTurn,
} from '../../src/core/agent/hooks-codex-gemini.js';
import { ROOT } from '../helpers/repo.js';

type Payload = Record<string, unknown>;
const fixture = (dir: string, name: string): Payload =>
  JSON.parse(readFileSync(join(ROOT, 'test/fixtures', dir, `${name}.json`), 'utf8')) as Payload;
const gemini = (name: string) => fixture('gemini-0.61.0/hooks', name);
const codex = (name: string) => fixture('codex-0.169.0/notify', name);

describe('Gemini CLI 0.61 hooks', () => {
  it.each([
    ['SessionStart-startup', { type: 'AgentBusy', task: '1.1' }],
    ['BeforeAgent', { type: 'AgentBusy', task: '1.1' }],
    ['AfterAgent', { type: 'AgentIdle', task: '1.1', message: 'Wrote the file.' }],
    ['Notification-ToolPermission', { type: 'AgentWaiting', task: '1.1', detail: 'Tool Confirm Write: hello.txt requires editing' }],
    ['BeforeTool', null],
    ['AfterTool', null],
  ])('%s → %j', (name, event) => {
    expect(eventFromGeminiHook('1.1', gemini(name))).toEqual(event);
  });

  it('a Notification of another type is not a wait; one without a message names the tool from details.title', () => {
    const base = gemini('Notification-ToolPermission');
    expect(eventFromGeminiHook('1.1', { ...base, notification_type: 'Other' })).toBeNull();
    expect(eventFromGeminiHook('1.1', { ...base, message: undefined })).toEqual({
      type: 'AgentWaiting',
      task: '1.1',
      detail: 'Confirm Write: hello.txt',
    });
  });

  it('settings: one command hook per subscribed event, the timeout in milliseconds, other settings and hooks kept', () => {
    const other = { hooks: [{ type: 'command', command: 'audit' }] };
    const base = { general: { vimMode: true }, hooks: { AfterAgent: [other], BeforeTool: [other] } };
    const s = JSON.parse(geminiHookSettings("{ cat; echo; } >> '/h/1.1.jsonl'", base)) as {
      general: unknown;
      hooks: Record<string, unknown[]>;
    };
    expect(s.general).toEqual({ vimMode: true });
    expect(Object.keys(s.hooks).sort()).toEqual([...GEMINI_HOOK_EVENTS, 'BeforeTool'].sort());
    const mine = { hooks: [{ type: 'command', command: "{ cat; echo; } >> '/h/1.1.jsonl'", timeout: 10_000 }] };
    expect(s.hooks.SessionStart).toEqual([mine]);
    expect(s.hooks.AfterAgent).toEqual([other, mine]);
    expect(s.hooks.BeforeTool).toEqual([other]);
  });
});

describe('Codex 0.169 notify', () => {
  it("the task's turn ends: idle", () => {
    const main = codex('agent-turn-complete-main');
    expect(isCodexTitleTurn(main)).toBe(false);
    expect(eventFromCodexNotify('1.1', main)).toEqual({ type: 'AgentIdle', task: '1.1', message: 'Wrote the file.' });
  });

  it('the title-generation turn (another thread, which quotes the whole prompt, Task line included) is not the task ending', () => {
    const title = codex('agent-turn-complete-title');
    const main = codex('agent-turn-complete-main');
    expect(title['thread-id']).not.toBe(main['thread-id']);
    expect(JSON.stringify(title['input-messages'])).toContain('Task: 1.1 — Write alpha');
    expect(isCodexTitleTurn(title)).toBe(true);
    expect(eventFromCodexNotify('1.1', title)).toBeNull();
  });

  it.each([
    ['the title instruction alone', { 'input-messages': ['Generate a concise, single-line task title of at most 9 words'] }, true],
    ['a {"title"} answer with other wording', { 'input-messages': ['Name this chat'], 'last-assistant-message': '{"title":"X"}' }, true],
    ['a JSON answer with more keys', { 'input-messages': ['x'], 'last-assistant-message': '{"title":"X","body":"y"}' }, false],
    ['a text answer starting with a brace', { 'input-messages': ['x'], 'last-assistant-message': '{ not json' }, false],
    ['the title instruction among the user prompts', { 'input-messages': ['do it', 'Generate a concise, single-line task title'] }, false],
  ])('%s: title turn = %s', (_name, record, expected) => {
    expect(isCodexTitleTurn({ type: 'agent-turn-complete', ...record })).toBe(expected);
  });

  it('other notification types are ignored', () => {
    expect(eventFromCodexNotify('1.1', { ...codex('agent-turn-complete-main'), type: 'approval-requested' })).toBeNull();
  });
});
