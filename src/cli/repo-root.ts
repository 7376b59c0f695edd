/**
 * The checkout `mstui run` works from (its `.worktrees/` holds the state): git's top level, or, when that is one
 * of mstui's own worktrees (`<checkout>/.worktrees/<name>`), the checkout it belongs to. Every command finds the
 * repository (its `.worktrees/`, state and control socket) this one way.
 */
import { basename, dirname } from 'node:path';
import type { Git } from '../ports.js';
import { UsageError } from './errors.js';

export async function mstuiRoot(git: Git, cwd: string): Promise<string> {
  let top: string;
  try {
    top = await git.root(cwd);
  } catch (e) {
    if ((e as { code?: string }).code === 'missing-command') throw new UsageError((e as Error).message);
    throw new UsageError(
      `${cwd} is not inside a git repository; mstui runs tasks in git worktrees: run it in your project's repository, or start one with \`git init\` and a first commit`,
    );
  }
  const parent = dirname(top);
  if (basename(parent) !== '.worktrees') return top;
  const owner = dirname(parent);
  return (await git.worktreePaths(top).catch((): string[] => [])).includes(owner) ? owner : top;
}
