/** Claude Code hook payloads → scheduler events. Pure. */
import type { Event } from '../scheduler/types.js';

export interface HookRecord {
  hook_event_name?: unknown;
  session_id?: unknown;
  tool_name?: unknown;
  tool_input?: unknown;
  notification_type?: unknown;
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

export function eventFromHook(task: string, r: HookRecord): Event | null {
  switch (r.hook_event_name) {
    case 'UserPromptSubmit':
      return { type: 'AgentBusy', task };
    case 'PermissionRequest':
      return { type: 'AgentWaiting', task, detail: describeTool(r) };
    case 'PreToolUse':
      return { type: 'AgentWaiting', task, detail: `${String(r.tool_name ?? 'a tool')} wants an answer` };
    case 'Notification':
      return r.notification_type === 'permission_prompt' || r.notification_type === 'elicitation_dialog'
        ? { type: 'AgentWaiting', task, detail: 'waiting for input' }
        : null;
    case 'Stop':
    case 'StopFailure':
      return { type: 'AgentIdle', task };
    default:
      return null;
  }
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
