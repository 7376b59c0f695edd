/**
 * Running the real `claude` binary offline: a throwaway HOME whose `~/.claude.json` pre-answers the first-run
 * dialogs, and the environment that points it at a fake Messages API (test/fakes/anthropic-api.ts).
 * Never use the developer's own HOME: every run gets its own.
 */
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Any string works against the fake; Claude remembers an approved key by its last 20 characters. */
export const FAKE_API_KEY = 'sk-ant-api03-mstui-fake-key-0123456789abcdefghij';

export interface ClaudeHomeOptions {
  /** Pre-accept the workspace-trust dialog for this folder (a repo root covers its subfolders). */
  trustRoot?: string;
  /** Pre-approve this API key for the "Detected a custom API key" dialog. */
  approveKey?: string;
  /** Skip the first-run onboarding (and its connectivity check to the real service). Default true. */
  onboarded?: boolean;
}

export interface ClaudeHome {
  dir: string;
  cleanup(): void;
}

/** The `~/.claude.json` for `claudeHome`. */
export function claudeConfig(opts: ClaudeHomeOptions = {}): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (opts.onboarded ?? true) {
    config.hasCompletedOnboarding = true;
    config.lastOnboardingVersion = '2.1.328';
  }
  if (opts.trustRoot) {
    config.projects = { [opts.trustRoot]: { hasTrustDialogAccepted: true, allowedTools: [] } };
  }
  if (opts.approveKey) {
    config.customApiKeyResponses = { approved: [opts.approveKey.slice(-20)], rejected: [] };
  }
  return config;
}

export function claudeHome(opts: ClaudeHomeOptions = {}): ClaudeHome {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'mstui-claude-home-')));
  writeFileSync(join(dir, '.claude.json'), `${JSON.stringify(claudeConfig(opts), null, 2)}\n`);
  return {
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Variables that must not leak from the test's own environment into the agent. */
const STRIPPED = ['TMUX', 'TMUX_PANE', 'CI', 'CONTINUOUS_INTEGRATION', 'CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT', 'ANTHROPIC_AUTH_TOKEN'];

/**
 * Environment for a real `claude` against `apiUrl`. `apiKey` undefined → FAKE_API_KEY; null → no key at all
 * (to see the "missing API key" screen). Retries are capped so a 429/529 turns into StopFailure quickly.
 */
export function claudeEnv(
  home: string,
  apiUrl: string,
  apiKey: string | null = FAKE_API_KEY,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of STRIPPED) delete env[name];
  for (const name of Object.keys(env)) if (name.startsWith('ANTHROPIC_') || name.startsWith('CLAUDE_')) delete env[name];
  Object.assign(env, {
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    TERM: 'xterm-256color',
    ANTHROPIC_BASE_URL: apiUrl,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_MAX_RETRIES: '1',
    CLAUDE_CODE_DISABLE_ALTERNATE_SCREEN: '1',
    NO_PROXY: '127.0.0.1,localhost',
  });
  if (apiKey !== null) env.ANTHROPIC_API_KEY = apiKey;
  return env;
}

/** `claudeEnv` as KEY=VALUE pairs for `env -i`-style argv (tmux panes), only the variables it sets. */
export function claudeEnvVars(home: string, apiUrl: string, apiKey: string | null = FAKE_API_KEY): Record<string, string> {
  const env = claudeEnv(home, apiUrl, apiKey, { PATH: process.env.PATH ?? '/usr/bin:/bin' });
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}
