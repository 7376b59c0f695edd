/** `.mstui.json` at the repo root: agent profiles, commands, policies. Validated with zod. */
import { z } from 'zod';
import { AgentProfile } from './agent/profile.js';
import { CODEX_PROFILE, GEMINI_PROFILE } from './agent/profiles-codex-gemini.js';
import type { Result } from './result.js';
import { err, ok } from './result.js';
import { TaskEnvConfig, WorktreeConfig } from './worktree-config.js';

export { AgentProfile } from './agent/profile.js';

export const Config = z.strictObject({
  agent: z.string().default('claude'),
  agents: z.record(z.string(), AgentProfile).default({}),
  commands: z
    .strictObject({
      test: z.string().optional(),
      quality: z.string().optional(),
      /**
       * Checks the tests a task changed (seed 000 step 2d), after the test and quality commands: run with the changed
       * test files as arguments ("$@") and in MSTUI_CHANGED_TESTS (one per line); skipped when no test file changed.
       */
      testQuality: z.string().optional(),
      /** Local CI (ci.provider local). Unset: the test and quality commands, which the gates ran on the same commit. */
      ci: z.string().optional(),
      /** Run on the integration branch after the last merge of a run. */
      integration: z.string().optional(),
      /** Run in the task's worktree after its branch was brought up to the integration tip, before merging. Unset: test. */
      preMerge: z.string().optional(),
      /** Run once in each new worktree (tasks' and the integration one) before its agent or test starts: `npm ci`. */
      setup: z.string().optional(),
    })
    .default({}),
  ci: z
    .strictObject({
      provider: z.enum(['local', 'github']).default('local'),
      /** What the PR targets: the milestone's integration branch (pushed first) or the base branch. */
      target: z.enum(['integration', 'base']).default('integration'),
      remote: z
        .string()
        .regex(/^[\w.-]+$/, 'a git remote name')
        .default('origin'),
      /** First wait between `gh pr checks` polls; doubles up to pollMaxSeconds. */
      pollSeconds: z.number().positive().max(3600).default(10),
      pollMaxSeconds: z.number().positive().max(3600).default(120),
    })
    .prefault({}),
  merge: z
    .strictObject({
      /** How an in-flight branch gets the new integration tip after a merge. */
      update: z.enum(['rebase', 'merge']).default('rebase'),
      /** Delete merged task branches (local) after cleanup; kept by default. */
      deleteBranches: z.boolean().default(false),
    })
    .prefault({}),
  limits: z
    .strictObject({
      taskMinutes: z.number().positive().default(60),
      stallMinutes: z.number().positive().default(10),
      diskPercent: z.number().min(1).max(100).default(90),
      /** An agent screen unchanged this long, while the agent is not known to be working, becomes a question. */
      quietSeconds: z.number().positive().max(3600).default(30),
      /** Token budgets (input + output + cache read + cache write), per task and per run: crossing one asks. */
      taskTokens: z.number().int().positive().optional(),
      /** After a rate limit without a reset time, or an overloaded API: the first wait before agents are nudged (doubles). */
      apiRetrySeconds: z.number().positive().max(3600).default(60),
      runTokens: z.number().int().positive().optional(),
    })
    .prefault({}),
  worktree: WorktreeConfig,
  env: TaskEnvConfig,
  permissions: z.enum(['ask', 'approve']).default('ask'),
  prompts: z.partialRecord(z.enum(['coding', 'research', 'mixed', 'validation', 'documentation', 'unknown']), z.string()).default({}),
  maxRetries: z.number().int().min(0).max(10).default(3),
  notify: z.boolean().default(true),
});
export type Config = z.infer<typeof Config>;

export const DEFAULT_PROFILES: Record<string, AgentProfile> = {
  /**
   * `--permission-mode default`: Claude Code 2.1's own default, `auto`, checks risky actions on Anthropic's
   * service; behind any gateway or proxy that check is unavailable and every tool use stops on a dialog that
   * fires no PermissionRequest hook. In `default` mode each permission request fires its hook at once, so
   * mstui's `permissions` policy (ask / approve) decides, the same way on every setup.
   */
  claude: {
    command: ['claude', '--permission-mode', 'default', '--session-id', '{sessionId}', '--settings', '{settings}', '{prompt}'],
    resume: ['claude', '--permission-mode', 'default', '--resume', '{sessionId}', '--settings', '{settings}', '{prompt}'],
    hooks: 'claude',
    // The classic renderer (what mstui's screen reading is tested on): newer installs default to a full-screen one.
    env: { CLAUDE_CODE_DISABLE_ALTERNATE_SCREEN: '1' },
  },
  /** Experimental: checked against the real 0.169 / 0.61 CLIs (see docs/AGENTS.md); state from the screen only. */
  codex: CODEX_PROFILE,
  gemini: GEMINI_PROFILE,
};

export function parseConfig(text: string | null, file: string): Result<Config & { profile: AgentProfile }, string> {
  let raw: unknown = {};
  if (text !== null) {
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return err(`${file}: not valid JSON: ${(e as Error).message}`);
    }
  }
  const parsed = Config.safeParse(raw);
  if (!parsed.success) {
    // Every problem at once: fixing a config file one error per run is a slow loop.
    const problems = parsed.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`);
    const head = problems.length > 1 ? `${problems.length} problems: ` : '';
    return err(`${file}: ${head}${problems.join('; ')}`);
  }
  const agents = { ...DEFAULT_PROFILES, ...parsed.data.agents };
  const profile = agents[parsed.data.agent];
  if (!profile)
    return err(`${file}: agent: no profile named ${JSON.stringify(parsed.data.agent)} (known: ${Object.keys(agents).join(', ')})`);
  return ok({ ...parsed.data, agents, profile });
}

/** Fills an argv template; each placeholder stays one argument (no shell, no splitting). */
export function fillArgv(template: readonly string[], values: Record<string, string>): string[] {
  return template.map((a) => a.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m));
}
