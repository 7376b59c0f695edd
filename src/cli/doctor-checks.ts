/** The checks of `mstui doctor`, each one line: what was found, or what is wrong and what to do. */
import { existsSync } from 'node:fs';
import { diskUsage } from '../adapters/disk.js';
import { createGit } from '../adapters/git.js';
import { findProgram } from '../adapters/which.js';
import { type Config, parseConfig } from '../core/config.js';
import { ghAuthStatus, remoteUrl } from '../engine/github-preflight.js';
import { layoutFor } from '../engine/layout.js';
import { CommandError, type Runner } from '../ports.js';
import { readConfigFile } from './config-file.js';
import { mstuiRoot } from './repo-root.js';

export type CheckStatus = 'ok' | 'fail' | 'warn';
export interface CheckLine {
  status: CheckStatus;
  text: string;
}

export interface DoctorContext {
  runner: Runner;
  cwd: string;
  env: NodeJS.ProcessEnv;
  nodeVersion: string;
}

export const MIN_NODE: readonly [number, number] = [20, 19];

const ok = (text: string): CheckLine => ({ status: 'ok', text });
const fail = (text: string): CheckLine => ({ status: 'fail', text });
const warn = (text: string): CheckLine => ({ status: 'warn', text });

export function nodeCheck(version: string): CheckLine {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [wantMajor, wantMinor] = MIN_NODE;
  const good = major > wantMajor || (major === wantMajor && minor >= wantMinor);
  return good
    ? ok(`node ${version}`)
    : fail(`node ${version}: mstui needs node >= ${wantMajor}.${wantMinor} — install a newer Node.js (https://nodejs.org)`);
}

/** `<program> <versionArg>`'s first line, or null when the program is not there. */
async function version(runner: Runner, cwd: string, program: string, args: string[]): Promise<string | null> {
  try {
    const r = await runner.run(program, args, { cwd, timeoutMs: 10_000 });
    return (r.stdout || r.stderr).trim().split('\n')[0] ?? '';
  } catch (e) {
    if (e instanceof CommandError && e.code === 'missing-command') return null;
    throw e;
  }
}

export async function gitCheck(ctx: DoctorContext): Promise<CheckLine> {
  const v = await version(ctx.runner, ctx.cwd, 'git', ['--version']);
  return v === null ? fail('git: not found on PATH — install git (https://git-scm.com)') : ok(v);
}

export async function repoCheck(ctx: DoctorContext): Promise<{ line: CheckLine; repo: string | null }> {
  try {
    const repo = await mstuiRoot(createGit(ctx.runner), ctx.cwd);
    return { line: ok(`git repository ${repo}`), repo };
  } catch {
    return {
      line: fail(`not inside a git repository (${ctx.cwd}) — run mstui in the repository the plan belongs to (or \`git init\`)`),
      repo: null,
    };
  }
}

/** Optional, unless mstui is started inside tmux (then `t` and the notifications call it). */
export async function tmuxCheck(ctx: DoctorContext): Promise<CheckLine> {
  const v = await version(ctx.runner, ctx.cwd, 'tmux', ['-V']);
  if (v !== null) return ok(v);
  if (ctx.env.TMUX) return fail('tmux: running inside tmux ($TMUX is set) but tmux is not on PATH — fix PATH or install tmux');
  return warn('tmux: not found (optional: runs work without it; `mstui run` inside tmux is the suggested setup) — install tmux');
}

export function configCheck(repo: string): { line: CheckLine; config: (Config & { profile: Config['agents'][string] }) | null } {
  let text: string | null;
  try {
    text = readConfigFile(repo);
  } catch (e) {
    return { line: fail((e as Error).message), config: null };
  }
  const parsed = parseConfig(text, '.mstui.json');
  if (!parsed.ok) return { line: fail(`${parsed.error} — fix it (see "Configuration" in the README)`), config: null };
  const c = parsed.value;
  const what = `agent ${c.agent}, ci ${c.ci.provider}`;
  return { line: ok(text === null ? `.mstui.json: none, using the defaults (${what})` : `.mstui.json valid (${what})`), config: c };
}

export function agentCheck(ctx: DoctorContext, repo: string, config: Config & { profile: Config['agents'][string] }): CheckLine {
  const program = config.profile.command[0] ?? '';
  const found = findProgram(program, ctx.env.PATH ?? '', repo);
  if (found) return ok(`agent ${config.agent}: ${found}`);
  return fail(
    `agent ${config.agent}: \`${program}\` not found on PATH — install it, or choose another agent in .mstui.json ("agent", "agents.<name>.command")`,
  );
}

/** ci.provider github: gh on PATH, logged in, and the remote. */
export async function githubChecks(ctx: DoctorContext, repo: string, remote: string): Promise<CheckLine[]> {
  const out: CheckLine[] = [];
  const gh = findProgram('gh', ctx.env.PATH ?? '', repo);
  if (gh) {
    out.push(ok(`gh: ${gh}`));
    const auth = await ghAuthStatus(ctx.runner, repo);
    out.push(auth.ok ? ok(`gh auth status: ${auth.detail}`) : fail(auth.message));
  } else {
    out.push(fail('gh: not found on PATH (ci.provider is github) — install the GitHub CLI (https://cli.github.com), then `gh auth login`'));
  }
  const url = await remoteUrl(createGit(ctx.runner), repo, remote);
  out.push(url.ok ? ok(`git remote ${remote}: ${url.detail}`) : fail(url.message));
  return out;
}

/** Used space of the file system holding the repo: the run's own figure (adapters/disk.ts), as `df` counts it. */
export function diskCheck(repo: string, limitPercent: number): CheckLine {
  const percent = diskUsage(repo)?.percent ?? 0;
  const text = `disk: ${percent}% used where the repository is (limit ${limitPercent}%, limits.diskPercent)`;
  return percent < limitPercent ? ok(text) : fail(`${text} — free some space: a run pauses when the disk is this full`);
}

export async function sqliteCheck(repo: string): Promise<CheckLine> {
  const db = layoutFor(repo, 'x').db;
  try {
    const { probeStore } = await import('../adapters/store.js');
    const found = probeStore(existsSync(db) ? db : null);
    return ok(`${found}${existsSync(db) ? ' in .worktrees/.mstui/state.db' : ' (no state.db yet)'}`);
  } catch (e) {
    return fail(`SQLite: ${(e as Error).message.split('\n')[0]} — reinstall mstui's dependencies (\`npm rebuild better-sqlite3\`)`);
  }
}
