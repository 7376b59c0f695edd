/** Claude Code hook payloads → scheduler events. Pure. */
import type { Event } from '../scheduler/types.js';

export interface HookRecord {
  hook_event_name?: unknown;
  session_id?: unknown;
  transcript_path?: unknown;
  tool_name?: unknown;
  tool_input?: unknown;
  notification_type?: unknown;
  message?: unknown;
  error?: unknown;
  last_assistant_message?: unknown;
}

/** Hook events mstui subscribes to through `--settings`. */
export const HOOK_EVENTS = [
  'SessionStart',
  'UserPromptSubmit',
  'PermissionRequest',
  'PreToolUse',
  'Notification',
  'Stop',
  'StopFailure',
  'SessionEnd',
] as const;

/** Tools whose PreToolUse means "waiting for the user's answer". */
export const ASKING_TOOLS = 'AskUserQuestion|ExitPlanMode';
const ASKING = new Set(ASKING_TOOLS.split('|'));

/**
 * Claude Code 2.1.x `Notification.notification_type` values and what each means for a task. Keyed on the
 * type, never the message. `permission_prompt` comes ~6 s after PermissionRequest (same dialog: one
 * question); `agent_needs_input` is the auto-mode fallback dialog, which fires no PermissionRequest;
 * `idle_prompt` comes ~60 s after a turn ended (a missed Stop is caught here).
 */
export const NOTIFICATION_MEANING: Record<string, 'permission' | 'input' | 'idle' | 'ignore'> = {
  permission_prompt: 'permission',
  agent_needs_input: 'permission',
  elicitation_dialog: 'input',
  idle_prompt: 'idle',
  auth_success: 'ignore',
};

/**
 * StopFailure `error` values that mean something to the scheduler; others end the turn like a Stop. 2.1.328
 * reports repeated 529s as `server_error` ("Repeated 529 Overloaded errors"): a temporary outage, backed off
 * like `overloaded`.
 */
export const API_ERRORS: Record<string, 'rate_limit' | 'overloaded' | 'authentication_failed'> = {
  rate_limit: 'rate_limit',
  overloaded: 'overloaded',
  server_error: 'overloaded',
  authentication_failed: 'authentication_failed',
};

/** The most of an agent's last message an AgentIdle event carries (it is stored with every event). */
export const MESSAGE_MAX = 4000;

/** A turn ended: `message` is the agent's last message, when the payload has one (kept for the findings check). */
export function turnEnded(task: string, message: unknown): Event {
  return typeof message === 'string' && message.trim() !== ''
    ? { type: 'AgentIdle', task, message: message.slice(0, MESSAGE_MAX) }
    : { type: 'AgentIdle', task };
}

export function eventFromHook(task: string, r: HookRecord, nowMs = 0): Event | null {
  switch (r.hook_event_name) {
    case 'SessionStart':
    case 'UserPromptSubmit':
      return { type: 'AgentBusy', task };
    case 'PermissionRequest':
      return { type: 'AgentWaiting', task, detail: describeTool(r) };
    case 'PreToolUse':
      // Only the asking tools are subscribed (matcher); any other tool use is work, not a wait.
      return ASKING.has(String(r.tool_name))
        ? { type: 'AgentDialog', task, dialog: 'input', detail: `${String(r.tool_name)} asks a question` }
        : null;
    case 'Notification':
      return fromNotification(task, r);
    case 'Stop':
      return turnEnded(task, r.last_assistant_message);
    case 'StopFailure': {
      const error = API_ERRORS[typeof r.error === 'string' ? r.error : ''];
      if (!error) return { type: 'AgentIdle', task };
      const message = typeof r.last_assistant_message === 'string' ? r.last_assistant_message.slice(0, 200) : '';
      return { type: 'AgentApiError', task, error, resetAtMs: resetTime(r), atMs: nowMs, message };
    }
    default:
      return null;
  }
}

function fromNotification(task: string, r: HookRecord): Event | null {
  const meaning = NOTIFICATION_MEANING[String(r.notification_type)] ?? 'ignore';
  const message = typeof r.message === 'string' ? r.message.slice(0, 160) : '';
  switch (meaning) {
    case 'permission':
      return { type: 'AgentWaiting', task, detail: message || 'the agent needs permission' };
    case 'input':
      return { type: 'AgentDialog', task, dialog: 'input', detail: message || 'the agent asks a question' };
    case 'idle':
      return { type: 'AgentIdle', task };
    default:
      return null;
  }
}

/** A reset time, when the payload carries one (seconds or milliseconds since the epoch, or an ISO date). */
function resetTime(r: HookRecord): number | null {
  const raw = (r as Record<string, unknown>).reset_at ?? (r as Record<string, unknown>).resets_at;
  if (typeof raw === 'number' && raw > 0) return raw < 1e12 ? raw * 1000 : raw;
  if (typeof raw === 'string') {
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

function describeTool(r: HookRecord): string {
  const tool = String(r.tool_name ?? 'a tool');
  const input = r.tool_input as { command?: unknown; file_path?: unknown } | undefined;
  const what = input?.command ?? input?.file_path;
  return typeof what === 'string' ? `${tool}: ${what.slice(0, 120)}` : tool;
}

/** Settings JSON injected with `--settings`: every hook appends its stdin as one line to `command`. */
export function hookSettings(command: string): string {
  const hooks: Record<string, unknown> = {};
  for (const e of HOOK_EVENTS) {
    const entry = { type: 'command', command, timeout: 10 };
    hooks[e] = [e === 'PreToolUse' ? { matcher: ASKING_TOOLS, hooks: [entry] } : { hooks: [entry] }];
  }
  return JSON.stringify({ hooks });
}
