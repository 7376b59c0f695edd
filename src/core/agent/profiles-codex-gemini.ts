/**
 * Agent profiles for Codex CLI and Gemini CLI, checked against `--help` of the pinned versions
 * (test/fixtures/<cli>/help.txt) and against the real binaries: the argv and first-run screens in
 * test/e2e/real-codex-gemini.test.ts, and whole `mstui run`s (task done, handoff written, merged) in
 * test/e2e/real/codex-gemini-run.test.ts (both skipped without the CLIs, failing under CI).
 * Placeholders as in config.ts: {prompt} {sessionId} {settings} {notify} {taskId} {worktree}.
 * State: each CLI's own completion signal (Codex notify, Gemini hooks) into the task's hook file; the screen is
 * still read for dialogs (trust, sign-in, permission) and quiet screens.
 */
import type { AgentProfile } from './profile.js';

export const CODEX_PROFILE: AgentProfile = {
  // `codex [OPTIONS] [PROMPT]`: the interactive TUI, with PROMPT submitted as the first turn. No flag fixes the
  // session id (there is no --session-id); the id is the `thread-id` in the notify payload.
  // `--no-daemon`: run the app server inside this process. Without it Codex starts a shared background server
  // (`codex app-server`, detached, per CODEX_HOME) that outlives the TUI and mstui's pty.
  // `-c {notify}`: `notify=[…]` (TOML), a program Codex runs with one JSON argument after each finished turn; mstui's
  // appends it to the task's hook file (src/engine/agent-hooks.ts). On the command line, so the user's config.toml
  // is not touched (a notify there is overridden for this session).
  command: ['codex', '--no-daemon', '-c', '{notify}', '{prompt}'],
  // `codex resume --last [PROMPT]`: the most recent interactive session *of the current directory* (the picker
  // filters by cwd unless --all), i.e. this task's worktree; history kept, PROMPT submitted as the next turn.
  // `codex resume <SESSION_ID> [PROMPT]` works too once mstui records the thread id.
  resume: ['codex', 'resume', '--no-daemon', '-c', '{notify}', '--last', '{prompt}'],
  // notify `agent-turn-complete` of the task's thread = turn ended (the title-generation thread's is skipped).
  // There is no busy or waiting signal: busy comes from mstui sending the prompt, waiting from the screen.
  hooks: 'codex',
};

export const GEMINI_PROFILE: AgentProfile = {
  // `--session-id <id>`: start a new session with this id ([A-Za-z0-9_-]; a UUID is fine; an existing id is an error).
  // `-i/--prompt-interactive <prompt>`: run the prompt, then stay interactive (a bare positional query does the same).
  command: ['gemini', '--session-id', '{sessionId}', '-i', '{prompt}'],
  // `-r/--resume <id>`: "latest", an index, or a session UUID; history kept. `-i` submits the next prompt.
  resume: ['gemini', '--resume', '{sessionId}', '-i', '{prompt}'],
  // Claude-like command hooks (SessionStart, BeforeAgent = busy; AfterAgent = turn ended; Notification
  // "ToolPermission" = waiting) in a per-task settings file, given as the system settings file: nothing is written
  // into the repo or ~/.gemini. mstui copies the system settings it replaces into it (src/engine/agent-hooks.ts).
  hooks: 'gemini',
  env: { GEMINI_CLI_SYSTEM_SETTINGS_PATH: '{settings}' },
};

export interface AgentNotes {
  version: string;
  status: 'verified' | 'experimental';
  /** What test/e2e/real-codex-gemini.test.ts and test/e2e/real/codex-gemini-run.test.ts show on the real binary against a fake model API. */
  verified: string[];
  /** What mstui does not know or do yet for this CLI (the first line is `mstui doctor`'s). */
  missing: string[];
}

export const CODEX_GEMINI_NOTES: Record<'codex' | 'gemini', AgentNotes> = {
  codex: {
    version: '0.169.0',
    status: 'verified',
    verified: [
      '`--no-daemon` keeps the app server in the TUI process: nothing outlives the pty (without it a detached `codex app-server` stays)',
      'a fresh CODEX_HOME opens on "Welcome to Codex … Sign in with ChatGPT", read as a login dialog',
      'with a custom model provider in config.toml (wire_api = "responses", env_key) there is no sign-in screen',
      'an untrusted folder shows "Trust this folder? … 1. Trust and continue", read as a trust dialog; picking it runs the prompt',
      '`codex {prompt}` completes one turn that writes a file (exec_command tool) against a fake Responses API',
      'notify runs once per finished turn with {"type":"agent-turn-complete","thread-id",…,"last-assistant-message"}',
      '`codex resume --last {prompt}` in the same directory continues the same thread with its history',
      'an escalated command shows "Would you like to run the following command? … 1. Yes, proceed (y)", read as permission',
      "`-c notify=[…]` on the command line works as in config.toml; mstui reads the task thread's agent-turn-complete as the turn end",
      'notify also fires for the title-generation thread (first, quoting the whole prompt): not taken as the turn end (fixtures)',
      '`mstui run --headless --yes` with a trusted repo: the escalated command approved by its text, the task committed, gated, merged',
      "a turn that ends without the handoff gets mstui's follow-up prompt typed into the TUI; the next turn writes it",
      'an untrusted worktree: the trust dialog is a question, never answered by --yes (headless exit 3)',
    ],
    missing: [
      'only the turn end is signalled (notify): busy is assumed after a prompt, waiting comes from the screen; Codex hooks.json not used',
      'sign-in is not bypassable without a custom provider: with OpenAI itself a human must run `codex login` first',
      'no --session-id, and no prompt signal to tell a prompted session: after a restart mstui starts a new session (not --last)',
      'CODEX_HOME must exist (codex exits with "CODEX_HOME points to … but that path does not exist")',
    ],
  },
  gemini: {
    version: '0.61.0',
    status: 'verified',
    verified: [
      'a fresh HOME opens on "Do you trust the files in this folder? ● 1. Trust folder (…)", read as a trust dialog; PICK.yes picks it',
      'without security.auth.selectedType the next screen is "How would you like to authenticate…", read as login; the -i prompt is lost',
      'with selectedType "gemini-api-key" + GEMINI_API_KEY + GOOGLE_GEMINI_BASE_URL it talks to a fake Gemini API',
      '`gemini --session-id {id} -i {prompt}` completes one turn that writes a file (write_file, "Apply this change?" → Allow once)',
      'hooks from GEMINI_CLI_SYSTEM_SETTINGS_PATH fire SessionStart, BeforeAgent, AfterAgent with session_id = the given id',
      '`gemini --resume {id} -i {prompt}` continues the same session with its history',
      "mstui's per-task settings file (GEMINI_CLI_SYSTEM_SETTINGS_PATH): SessionStart/BeforeAgent = busy, AfterAgent = turn end, Notification ToolPermission = waiting",
      '`mstui run --headless --yes` with a trusted repo: the shell permission approved by its text, the task committed, gated, merged',
      'an untrusted repo: the trust dialog is a question, never answered by --yes (headless exit 3)',
    ],
    missing: [
      'a follow-up prompt typed by mstui is not submitted: Gemini takes an Enter within 30 ms of the paste as a newline',
      'after a restart mstui starts a new session (--resume is only used once a UserPromptSubmit line names the session)',
      'the settings file replaces the system settings (copied into it when plain JSON; with comments they are dropped, with a warning)',
      'the user must have chosen an auth method once (settings.json security.auth.selectedType) or the first prompt is lost',
      'trust is per folder (trustedFolders.json); --skip-trust would trust for the session without asking: not used',
      "gemini keeps running when its terminal closes: stopping it means killing the pty's process group",
      'not run: trusting the folder from the dialog *and* doing the task in one start (Gemini restarts itself after the trust choice)',
    ],
  },
};
