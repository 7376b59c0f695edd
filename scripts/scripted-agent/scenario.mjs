/** Scenario file (env SCRIPTED_AGENT_SCENARIO): `{"default":{...},"tasks":{"1.2":{...}}}`, task merged over default. */
import { readFileSync } from 'node:fs';

export const DEFAULTS = Object.freeze({
  durationMs: 1500,
  followUpMs: 300,
  printBytesPerSec: 2000,
  askPermission: false,
  permissionCommand: 'npm test',
  exitCode: null,
  exitImmediately: false,
  skipHandoff: false,
  leaveUncommitted: false,
  failTests: false,
  file: null,
  stallMs: 0,
  hang: false,
  trustDialog: false,
  promptBoxWhileWorking: true,
  permissionNotifyMs: 6000,
  idleNotifyMs: 60000,
  /** A "CI failed" follow-up changes nothing (the check stays red). */
  ignoreCiFailure: false,
  /** In auto mode (no --permission-mode), the permission step shows the gateway fallback: "Enter to stay", then "❯ No / Yes". */
  autoFallback: false,
  /** With ANTHROPIC_API_KEY set and not yet approved: "Detected a custom API key … ❯ No (recommended)" at start-up. */
  apiKeyDialog: false,
  /** `{ error: 'rate_limit' | 'authentication_failed' | 'server_error', times: N, afterMs }`: the first N turns fail. */
  apiError: null,
  /** `message.usage` of every assistant message in the transcript (unset fields: DEFAULT_USAGE of transcript.mjs). */
  usage: null,
  /**
   * The last assistant message of a task's turns (screen, transcript, Stop's `last_assistant_message`) instead of the
   * summary of what the turn did: a string for every turn, or a list (the task's turn n says entry n, the last one
   * repeats). The work is done all the same: e.g. "This was already implemented; nothing to do." for a finding.
   */
  finalMessage: null,
  /**
   * Files the task's turns write (and commit), by turn: entry n is the task's turn n's `{ "path/in/worktree": "text" }`
   * (0: its first turn; turns past the list write none). E.g. the kiro workflow's design.md, spec.md, tasks.md.
   */
  writeFiles: null,
});

/** The files the task's turn `n` writes (`[path, text]` pairs). */
export function filesFor(sc, n) {
  const list = Array.isArray(sc.writeFiles) ? sc.writeFiles : [];
  const at = list[n];
  return at && typeof at === 'object' ? Object.entries(at).filter(([, text]) => typeof text === 'string') : [];
}

/** The scenario's final message for the task's turn `n` (0: its first), or null to keep the turn's own summary. */
export function finalMessageFor(sc, n) {
  const m = sc.finalMessage;
  if (typeof m === 'string') return m;
  if (!Array.isArray(m) || m.length === 0) return null;
  const at = m[Math.min(n, m.length - 1)];
  return typeof at === 'string' ? at : null;
}

/** Read on every turn, so a test may rewrite the file between turns. Throws on an unreadable or invalid file. */
export function loadScenario(taskId, env = process.env) {
  const file = env.SCRIPTED_AGENT_SCENARIO;
  if (!file) return { ...DEFAULTS };
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  const base = raw && typeof raw.default === 'object' ? raw.default : {};
  const tasks = raw && typeof raw.tasks === 'object' && raw.tasks ? raw.tasks : {};
  const own = taskId != null && typeof tasks[taskId] === 'object' ? tasks[taskId] : {};
  return { ...DEFAULTS, ...base, ...own };
}
