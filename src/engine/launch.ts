/** How an agent is started for a task: session id, prompt, argv and environment. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fillArgv } from '../core/config.js';
import { buildPrompt } from '../core/prompt.js';
import { codexNotifyConfig } from './agent-hooks.js';
import type { EngineSetup } from './setup.js';

/**
 * Variables the agent must not inherit from mstui: a CLAUDECODE from a parent Claude makes a nested claude
 * refuse to start; TMUX / TMUX_PANE describe mstui's terminal, not the agent's pty (Claude prints a tmux tip);
 * COLUMNS / LINES too (the pty has the size of the pane that shows it, and programs trust these over the pty).
 */
export const HIDDEN_ENV: ReadonlySet<string> = new Set(['CLAUDECODE', 'TMUX', 'TMUX_PANE', 'COLUMNS', 'LINES']);

export interface Launch {
  argv: string[];
  env: Record<string, string>;
  sessionId: string;
}

/**
 * `resume` continues the known session with `--resume` when the profile supports it and that
 * session ever received its prompt; otherwise a new session gets the full task prompt (plus the
 * follow-up, if any).
 */
export function agentLaunch(
  setup: EngineSetup,
  task: string,
  knownSession: string | null,
  resume: boolean,
  followUp: string | null,
): Launch {
  const { layout, profile, plan } = setup;
  const t = plan.tasks.find((x) => x.id === task);
  if (!t) throw new Error(`unknown task ${task}`);
  const resuming = resume && knownSession !== null && profile.resume !== undefined && sessionPrompted(layout.hooks(task), knownSession);
  const sessionId = resuming && knownSession ? knownSession : randomUUID();
  const fresh = buildPrompt(
    t,
    {
      milestoneId: plan.milestone.id,
      milestoneTitle: plan.milestone.title,
      planPath: setup.planRel,
      handoffPath: setup.handoffRel,
      branch: layout.taskBranch(task),
      testCommand: setup.testCommand,
    },
    setup.prompts,
  );
  const restart = `mstui restarted. Continue Task ${task}: ${t.title} where you left off; finish it, commit, and write its handoff section.`;
  const head = resuming ? '' : `${fresh}\n\n`;
  const prompt = followUp ? `${head}${fitBytes(followUp, MAX_PROMPT_ARG_BYTES - byteLength(head))}` : resuming ? restart : fresh;
  const values = {
    prompt,
    sessionId,
    settings: layout.settings(task),
    notify: codexNotifyConfig(layout.hooks(task)),
    taskId: task,
    worktree: layout.taskPath(task),
  };
  const argv = fillArgv(resuming && profile.resume ? profile.resume : profile.command, values);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(setup.env)) if (v !== undefined && !HIDDEN_ENV.has(k)) env[k] = v;
  // Profile env values take the same placeholders (Gemini's GEMINI_CLI_SYSTEM_SETTINGS_PATH = {settings}).
  for (const [k, v] of Object.entries(profile.env ?? {})) env[k] = fillArgv([v], values)[0] ?? v;
  // The task's environment (`.mstui.json` env, MSTUI_WORKTREE, MSTUI_PORT), as its setup and gates get it.
  Object.assign(env, setup.taskEnv?.(task) ?? {}, { MSTUI_TASK: task, MSTUI_RUN: String(setup.runId) });
  return { argv, env, sessionId };
}

/**
 * The prompt travels as one argv argument, and Linux refuses an argument over 128 KiB (MAX_ARG_STRLEN) with E2BIG.
 * Task text is capped at 100 KiB when the plan is read; a follow-up (a gate's or CI's output) is cut to fit this.
 */
export const MAX_PROMPT_ARG_BYTES = 120 * 1024;

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** `text` whole when it fits in `max` bytes; else its start and its end (where a log's failure is) with a marker. */
export function fitBytes(text: string, max: number): string {
  const size = byteLength(text);
  if (size <= max) return text;
  const marker = (n: number) => `\n[… ${n} bytes cut by mstui to fit the agent's command line …]\n`;
  const keep = Math.max(0, max - byteLength(marker(size)));
  const buf = Buffer.from(text, 'utf8');
  // Cut on character boundaries: decoding a partial character would add a replacement character.
  const start = buf
    .subarray(0, Math.floor(keep / 3))
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  const end = buf
    .subarray(size - (keep - byteLength(start)))
    .toString('utf8')
    .replace(/^\uFFFD/, '');
  return `${start}${marker(size - byteLength(start) - byteLength(end))}${end}`;
}

/** Did session `sessionId` submit a prompt (a UserPromptSubmit / BeforeAgent line in the task's hook file, read or not)? */
export function sessionPrompted(hookFile: string, sessionId: string): boolean {
  let text: string;
  try {
    text = readFileSync(hookFile, 'utf8');
  } catch {
    return false;
  }
  return text.split('\n').some((line) => {
    if (!line.includes(sessionId)) return false;
    try {
      const r = JSON.parse(line) as { session_id?: unknown; hook_event_name?: unknown };
      // Claude's UserPromptSubmit; Gemini's BeforeAgent is the same moment.
      return r.session_id === sessionId && (r.hook_event_name === 'UserPromptSubmit' || r.hook_event_name === 'BeforeAgent');
    } catch {
      return false;
    }
  });
}
