/** An agent profile in `.mstui.json`: how to start, resume and watch one agent CLI. Validated with zod. */
import { z } from 'zod';

const Argv = z.array(z.string().min(1)).min(1);

export const AgentProfile = z.strictObject({
  /** argv template; placeholders: {prompt} {sessionId} {settings} {taskId} {worktree} */
  command: Argv,
  /** argv used to continue a session after a restart (defaults to `command`). */
  resume: Argv.optional(),
  /**
   * How the agent reports its state into mstui's per-task hook file. 'claude': Claude Code hooks in {settings}
   * (`--settings`); 'gemini': Gemini CLI hooks in {settings}, named by `env: {GEMINI_CLI_SYSTEM_SETTINGS_PATH:
   * "{settings}"}` (env values take the same placeholders); 'codex': Codex's notify program, `-c {notify}` in the
   * argv; 'none': watch the screen only.
   */
  hooks: z.enum(['claude', 'gemini', 'codex', 'none']).default('claude'),
  /** Which CLI's screens to read for dialogs (trust, sign-in, permission). Unset: guessed from the program name. */
  screen: z.enum(['claude', 'codex', 'gemini', 'generic']).optional(),
  env: z.record(z.string(), z.string()).optional(),
});
export type AgentProfile = z.infer<typeof AgentProfile>;
