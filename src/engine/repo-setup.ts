/** Checks before a run writes anything, and the one-time git setup mstui needs. */
import { appendFileSync, existsSync, lstatSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { HANDOFF_MERGE_DRIVER } from '../core/handoff-merge.js';
import type { Git } from '../ports.js';

export class PreflightError extends Error {
  readonly exitCode = 2;
}

/** Refuses a dirty checkout and a plan/handoff the base branch does not hold as it is on disk. */
export async function preflight(git: Git, repo: string, base: string, mustBeCommitted: string[]): Promise<void> {
  refuseLinkedStateDirs(repo);
  if ((await git.revParse(repo, base)) === null) {
    if ((await git.revParse(repo, 'HEAD')) === null)
      throw new PreflightError(
        `${repo} has no commits yet, and each task's worktree starts from a commit: commit your files first (git add -A && git commit -m "first commit")`,
      );
    throw new PreflightError(`base branch ${base} does not exist (pass --base BRANCH)`);
  }
  const dirty = (await git.changes(repo, { trackedOnly: true })).join('\n');
  if (dirty !== '') {
    const first = dirty.split('\n').slice(0, 3).join('; ');
    throw new PreflightError(
      `the main checkout has uncommitted changes (${first}); commit or stash them first: task worktrees start from ${base}`,
    );
  }
  for (const rel of mustBeCommitted) {
    if ((await git.showFile(repo, base, rel)) === null) {
      throw new PreflightError(`${rel} is not committed on ${base}; the task worktrees would not contain it. Commit it first.`);
    }
    if (await git.fileDiffers(repo, base, rel)) {
      throw new PreflightError(`${rel} differs from its committed version on ${base}; commit it first.`);
    }
  }
}

/**
 * `.worktrees` (and `.worktrees/.mstui`) must be folders inside the repository: through a symlink, worktrees and state
 * (agents' screens, settings) would land elsewhere, and git's canonical worktree paths would not match mstui's.
 */
export function refuseLinkedStateDirs(repo: string): void {
  for (const rel of ['.worktrees', join('.worktrees', '.mstui')]) {
    const path = join(repo, rel);
    let link = false;
    try {
      link = lstatSync(path).isSymbolicLink();
    } catch {
      continue; // not there yet: mstui creates it as a folder
    }
    if (link) {
      const target = safeRealpath(path);
      throw new PreflightError(
        `${rel} is a symlink${target ? ` (to ${target})` : ''}; mstui keeps worktrees and state inside the repository: replace it with a folder`,
      );
    }
  }
}

function safeRealpath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

/**
 * A pattern without a slash matches at any depth (as in .gitignore), so this also covers `plans/HANDOFF_M1.md`
 * and `.mstui/HANDOFF_M1.md`.
 */
export const HANDOFF_ATTRIBUTE = `HANDOFF_*.md merge=${HANDOFF_MERGE_DRIVER}`;
/** Written by older versions: git's union merge drops lines that parallel sections share. */
const OLD_HANDOFF_ATTRIBUTE = 'HANDOFF_*.md merge=union';

/**
 * `.worktrees/` (and the worktree.copy / worktree.link paths) in .git/info/exclude; handoff files merged section by section (the driver itself is passed to
 * each merge by the git adapter), replacing the union line older versions wrote. Idempotent.
 */
export async function prepareRepo(git: Git, repo: string, placed: readonly string[] = []): Promise<void> {
  const common = await git.commonDir(repo);
  const info = join(isAbsolute(common) ? common : join(repo, common), 'info');
  mkdirSync(info, { recursive: true });
  ensureLine(join(info, 'exclude'), '.worktrees/');
  // What worktree.copy / worktree.link put in each worktree is never the agents' work: anchored and without a trailing
  // slash, so a symlinked folder is excluded too (`node_modules/` in a .gitignore matches folders, not symlinks).
  for (const rel of placed) ensureLine(join(info, 'exclude'), `/${rel}`);
  dropLine(join(info, 'attributes'), OLD_HANDOFF_ATTRIBUTE);
  ensureLine(join(info, 'attributes'), HANDOFF_ATTRIBUTE);
}

function dropLine(file: string, line: string): void {
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  const kept = text.split('\n').filter((l) => l.trimEnd() !== line);
  if (kept.length < text.split('\n').length) writeFileSync(file, kept.join('\n'));
}

function ensureLine(file: string, line: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (text.split('\n').includes(line)) return;
  appendFileSync(file, `${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`);
}
