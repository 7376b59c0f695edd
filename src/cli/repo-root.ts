/** The user's main checkout, also when mstui is started inside one of its worktrees. */
import type { Git } from '../adapters/git.js';
import { UsageError } from './errors.js';

export async function mainCheckout(git: Git, cwd: string): Promise<string> {
  let list: string;
  try {
    list = await git.out(cwd, ['worktree', 'list', '--porcelain']);
  } catch (e) {
    if ((e as { code?: string }).code === 'missing-command') throw new UsageError((e as Error).message);
    throw new UsageError(`${cwd} is not inside a git repository`);
  }
  const first = list.split('\n').find((l) => l.startsWith('worktree '));
  if (!first) throw new UsageError(`${cwd} is not inside a git repository`);
  return first.slice('worktree '.length);
}
