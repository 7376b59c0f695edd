/**
 * `mstui doctor`'s agent lines: the agent's version, its credentials, and (Claude Code) whether this
 * repository is trusted and onboarding done in `~/.claude.json`. Reads only: that file is the user's and
 * is never changed here (a trust prompt is answered in the agent's own dialog, when mstui asks).
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CODEX_GEMINI_NOTES } from '../core/agent/profiles-codex-gemini.js';
import { screenKind } from '../core/agent/readers.js';
import type { Config } from '../core/config.js';
import { CommandError } from '../ports.js';
import type { CheckLine, DoctorContext } from './doctor-checks.js';

/** What was verified for real in CI for each CLI (docs/AGENTS.md says the same). */
export const AGENT_SUPPORT: Record<string, { status: 'verified' | 'experimental'; missing: string }> = {
  claude: { status: 'verified', missing: '' },
  codex: { status: 'experimental', missing: CODEX_GEMINI_NOTES.codex.missing[0] ?? '' },
  gemini: { status: 'experimental', missing: CODEX_GEMINI_NOTES.gemini.missing[0] ?? '' },
  generic: { status: 'experimental', missing: 'screen reading only' },
};

type Profiled = Config & { profile: Config['agents'][string] };

export async function agentDetailChecks(ctx: DoctorContext, repo: string, config: Profiled): Promise<CheckLine[]> {
  const program = config.profile.command[0] ?? '';
  // Only the CLIs mstui knows are asked for a version (any other program might start working on `--version`).
  const known = ['claude', 'codex', 'gemini'].find((p) => basename(program) === p);
  if (!known) return [];
  const out: CheckLine[] = [];
  const v = await agentVersion(ctx, program);
  if (v) out.push({ status: 'ok', text: `agent version: ${v}` });
  const support = AGENT_SUPPORT[screenKind(config.profile)];
  if (support?.status === 'experimental') out.push({ status: 'warn', text: `agent ${config.agent}: experimental — ${support.missing}` });
  if (known === 'claude' && config.profile.hooks === 'claude') out.push(...claudeChecks(ctx, repo));
  return out;
}

async function agentVersion(ctx: DoctorContext, program: string): Promise<string | null> {
  try {
    const r = await ctx.runner.run(program, ['--version'], { cwd: ctx.cwd, timeoutMs: 10_000, env: { CLAUDECODE: undefined } });
    return r.exitCode === 0 ? ((r.stdout || r.stderr).trim().split('\n')[0] ?? null) : null;
  } catch (e) {
    if (e instanceof CommandError) return null;
    throw e;
  }
}

interface ClaudeJson {
  hasCompletedOnboarding?: unknown;
  oauthAccount?: unknown;
  projects?: Record<string, { hasTrustDialogAccepted?: unknown }>;
}

function readClaudeJson(home: string): ClaudeJson | null {
  try {
    return JSON.parse(readFileSync(join(home, '.claude.json'), 'utf8')) as ClaudeJson;
  } catch {
    return null;
  }
}

function hasFile(path: string): boolean {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Credentials, onboarding and trust, as Claude Code 2.1 keeps them. */
export function claudeChecks(ctx: Pick<DoctorContext, 'env'>, repo: string): CheckLine[] {
  const home = ctx.env.HOME ?? '';
  const cfg = readClaudeJson(home);
  const out: CheckLine[] = [];
  const key = ctx.env.ANTHROPIC_API_KEY ? 'ANTHROPIC_API_KEY' : ctx.env.ANTHROPIC_AUTH_TOKEN ? 'ANTHROPIC_AUTH_TOKEN' : null;
  const cloud = ctx.env.CLAUDE_CODE_USE_BEDROCK || ctx.env.CLAUDE_CODE_USE_VERTEX ? 'Bedrock/Vertex' : null;
  const loggedIn = Boolean(cfg?.oauthAccount) || hasFile(join(home, '.claude', '.credentials.json'));
  if (key || cloud || loggedIn) {
    out.push({ status: 'ok', text: `claude credentials: ${key ?? cloud ?? 'logged in (~/.claude)'}` });
  } else {
    out.push({ status: 'fail', text: 'claude credentials: none — run `claude` once and log in, or set ANTHROPIC_API_KEY' });
  }
  if (cfg?.hasCompletedOnboarding !== true) {
    out.push({
      status: 'warn',
      text: 'claude onboarding not done in ~/.claude.json — run `claude` once in a terminal first (its first start asks to log in)',
    });
  }
  const trusted = cfg?.projects?.[repo]?.hasTrustDialogAccepted === true;
  out.push(
    trusted
      ? { status: 'ok', text: `claude trusts ${repo}` }
      : {
          status: 'warn',
          text: `claude has not been told to trust ${repo} — each task's agent will show its trust dialog and mstui will ask you (y to trust); or run \`claude\` in ${repo} once and choose "Yes, I trust this folder"`,
        },
  );
  return out;
}
