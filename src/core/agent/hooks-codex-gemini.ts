/**
 * Gemini CLI hook payloads and Codex `notify` payloads → scheduler events. Pure. The payloads were recorded from
 * the real binaries (test/fixtures/gemini-0.61.0/hooks, test/fixtures/codex-0.169.0/notify).
 */
import type { Event } from '../scheduler/types.js';
import { turnEnded } from './hooks.js';

type Payload = Record<string, unknown>;

/**
 * Gemini 0.61 hook events mstui subscribes to. Tool hooks (BeforeTool, AfterTool, BeforeModel…) are left out: each
 * hook is a process start, and they say nothing the turn events do not.
 */
export const GEMINI_HOOK_EVENTS = ['SessionStart', 'BeforeAgent', 'AfterAgent', 'Notification'] as const;

/** Gemini's hook timeout is in milliseconds (Claude's in seconds). */
export const GEMINI_HOOK_TIMEOUT_MS = 10_000;

/**
 * Gemini 0.61: SessionStart (`source`: startup|resume) and BeforeAgent (`prompt`) = busy; AfterAgent (`prompt`,
 * `prompt_response`) = the turn ended; Notification `notification_type: "ToolPermission"` (`message`, `details`) =
 * a tool waits for approval. Keyed on the event and the type, never the message.
 */
export function eventFromGeminiHook(task: string, r: Payload): Event | null {
  switch (r.hook_event_name) {
    case 'SessionStart':
    case 'BeforeAgent':
      return { type: 'AgentBusy', task };
    case 'AfterAgent':
      return turnEnded(task, r.prompt_response);
    case 'Notification': {
      if (r.notification_type !== 'ToolPermission') return null;
      const title = (r.details as { title?: unknown } | undefined)?.title;
      const what = typeof r.message === 'string' && r.message ? r.message : typeof title === 'string' ? title : '';
      return { type: 'AgentWaiting', task, detail: what.slice(0, 160) || 'a tool needs permission' };
    }
    default:
      return null;
  }
}

/**
 * The settings file given to Gemini through GEMINI_CLI_SYSTEM_SETTINGS_PATH: `base` (the system settings that file
 * replaces, if any) with one command hook per subscribed event appended to whatever hooks it already had.
 */
export function geminiHookSettings(command: string, base: Payload = {}): string {
  const hooks: Payload = { ...((base.hooks as Payload | undefined) ?? {}) };
  for (const e of GEMINI_HOOK_EVENTS) {
    const had = Array.isArray(hooks[e]) ? (hooks[e] as unknown[]) : [];
    hooks[e] = [...had, { hooks: [{ type: 'command', command, timeout: GEMINI_HOOK_TIMEOUT_MS }] }];
  }
  return JSON.stringify({ ...base, hooks });
}

/**
 * Codex 0.169's title generator: a side thread whose only input is this instruction followed by the user's prompt
 * ("… Do not answer the request.\n\nUser prompt:\n<prompt>"), answered with a `{"title": …}` JSON object.
 */
export const CODEX_TITLE_PROMPT = /^Generate a concise, single-line task title\b/;

/**
 * Is this notify record Codex's own title-generation turn rather than the task's? Its input is the title
 * instruction (which quotes mstui's whole prompt, so "the prompt mentions the task" cannot tell them apart), or its
 * answer is the structured `{"title": "…"}` the title request asks for.
 */
export function isCodexTitleTurn(r: Payload): boolean {
  const inputs = Array.isArray(r['input-messages']) ? (r['input-messages'] as unknown[]) : [];
  if (inputs.length === 1 && typeof inputs[0] === 'string' && CODEX_TITLE_PROMPT.test(inputs[0])) return true;
  const answer = r['last-assistant-message'];
  if (typeof answer !== 'string' || !answer.startsWith('{')) return false;
  try {
    const parsed = JSON.parse(answer) as unknown;
    return typeof parsed === 'object' && parsed !== null && Object.keys(parsed).join() === 'title';
  } catch {
    return false;
  }
}

/**
 * Codex `notify` (one JSON argument per finished turn): `agent-turn-complete` of the task's thread = the turn
 * ended. The title-generation thread's turn (another `thread-id`, often finished first) is not the task's.
 */
export function eventFromCodexNotify(task: string, r: Payload): Event | null {
  if (r.type !== 'agent-turn-complete' || isCodexTitleTurn(r)) return null;
  return turnEnded(task, r['last-assistant-message']);
}
