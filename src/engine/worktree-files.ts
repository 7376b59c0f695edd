/**
 * worktree.copy / worktree.link: files or folders from the main checkout placed in a new worktree (`.env`, local
 * config, a shared cache folder), confined to the repository. A source that is missing is a warning in the task's
 * log, never a failure; a destination that exists (tracked, or placed before) is left as it is.
 */
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { cp, lstat, mkdir, symlink } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { PreflightError } from './repo-setup.js';

/** The real path `rel` (relative to `repo`) resolves to, following symlinks as far as the path exists. */
function resolveExisting(repo: string, rel: string): string {
  let at = join(repo, rel);
  const rest: string[] = [];
  while (!existsSync(at) && dirname(at) !== at) {
    rest.unshift(basename(at));
    at = dirname(at);
  }
  return join(realpathSync(at), ...rest);
}

const inside = (root: string, path: string): boolean => {
  const r = relative(root, path);
  return r === '' || (!r.startsWith(`..${sep}`) && r !== '..' && !r.startsWith(sep));
};

/** Why `rel` leaves the repository (through a symlink), or null when it stays inside. */
export function escapesRepo(repo: string, rel: string): string | null {
  const root = realpathSync(repo);
  let real: string;
  try {
    real = resolveExisting(repo, rel);
  } catch (e) {
    return `cannot be resolved (${(e as Error).message})`;
  }
  if (!inside(root, real)) return `resolves outside the repository, to ${real} (through a symlink)`;
  const top = relative(root, real).split(sep)[0];
  if (top === '.git' || top === '.worktrees') return `resolves inside ${top} (through a symlink)`;
  return null;
}

/** The run's preflight: every copy/link entry stays inside the repository, or one config error (exit 2, nothing written). */
export function checkWorktreePaths(repo: string, w: { copy: readonly string[]; link: readonly string[] }): void {
  for (const key of ['copy', 'link'] as const) {
    for (const rel of w[key]) {
      const problem = escapesRepo(repo, rel);
      if (problem)
        throw new PreflightError(`.mstui.json: worktree.${key}: ${JSON.stringify(rel)} ${problem}; only files inside the repository`);
    }
  }
}

const present = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/** Copies and links the configured paths from `repo` into `worktree`; each thing done or skipped is a line for the log. */
export async function placeWorktreeFiles(
  repo: string,
  worktree: string,
  w: { copy: readonly string[]; link: readonly string[] },
): Promise<string[]> {
  const lines: string[] = [];
  for (const [key, list] of [
    ['copy', w.copy],
    ['link', w.link],
  ] as const) {
    for (const rel of list) {
      const source = join(repo, rel);
      const dest = join(worktree, rel);
      const problem = escapesRepo(repo, rel);
      if (problem) {
        lines.push(`worktree.${key}: ${rel} ${problem}: not placed`);
        continue;
      }
      if (!(await lstat(source).catch(() => null))) {
        lines.push(`warning: worktree.${key}: ${rel} is not in the main checkout (${repo}): nothing to ${key}`);
        continue;
      }
      if (present(dest)) {
        lines.push(`worktree.${key}: ${rel} is already in the worktree: left as it is`);
        continue;
      }
      await mkdir(dirname(dest), { recursive: true });
      if (key === 'copy') await cp(source, dest, { recursive: true, verbatimSymlinks: true, errorOnExist: false, force: false });
      else await symlink(source, dest);
      lines.push(`worktree.${key}: ${rel} ${key === 'copy' ? 'copied' : `linked to ${source}`}`);
    }
  }
  return lines;
}
