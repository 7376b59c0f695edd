/**
 * How each agent CLI is told to report its state into the task's hook file (`layout.hooks(task)`, one JSON line
 * per event, read by hook-feed.ts): Claude Code and Gemini CLI get a per-task settings file with command hooks,
 * Codex a `notify` program on its command line. All three append with a shell one-liner (no Node start-up).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { hookCommand, shellQuote } from '../core/agent/hook-command.js';
import { hookSettings } from '../core/agent/hooks.js';
import { geminiHookSettings } from '../core/agent/hooks-codex-gemini.js';
import type { AgentProfile } from '../core/config.js';
import { PRIVATE_FILE_MODE } from './layout.js';

/** Where Gemini CLI reads its system settings when GEMINI_CLI_SYSTEM_SETTINGS_PATH is not set (the file mstui's replaces). */
export function geminiSystemSettingsPath(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return '/Library/Application Support/GeminiCli/settings.json';
  if (platform === 'win32') return 'C:\\ProgramData\\gemini-cli\\settings.json';
  return '/etc/gemini-cli/settings.json';
}

/**
 * Writes `settingsFile` for the profile's hooks: Gemini's hooks (merged into the system settings the variable
 * replaces, so an administrator's settings still apply), else Claude's (as for any profile that may use {settings}).
 * Codex needs no file: its notify program comes from `codexNotifyConfig`.
 */
export function writeAgentHooks(
  profile: AgentProfile,
  settingsFile: string,
  hookFile: string,
  env: NodeJS.ProcessEnv,
  warn: (message: string) => void,
): void {
  const command = hookCommand(hookFile);
  if (profile.hooks !== 'gemini') {
    writeFileSync(settingsFile, hookSettings(command), { mode: PRIVATE_FILE_MODE });
    return;
  }
  const system = env.GEMINI_CLI_SYSTEM_SETTINGS_PATH || geminiSystemSettingsPath();
  let base: Record<string, unknown> = {};
  let text: string | null = null;
  try {
    text = readFileSync(system, 'utf8');
  } catch {
    // no system settings: nothing to keep
  }
  if (text !== null) {
    try {
      base = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      warn(`${system}: not plain JSON (${(e as Error).message}); the agents' settings file replaces it without its settings`);
    }
  }
  writeFileSync(settingsFile, geminiHookSettings(command, base), { mode: PRIVATE_FILE_MODE });
}

/**
 * The `-c` value that makes Codex append each notify payload (its one JSON argument) as a line to `hookFile`:
 * `notify=["sh","-c","printf '%s\n' \"$1\" >> '<file>'","mstui-notify"]`, a TOML array (JSON strings are valid
 * TOML basic strings). One argv element: no shell sees it but the `sh -c` Codex itself starts.
 */
export function codexNotifyConfig(hookFile: string): string {
  const script = `printf '%s\\n' "$1" >> ${shellQuote(hookFile)}`;
  return `notify=${JSON.stringify(['sh', '-c', script, 'mstui-notify'])}`;
}
