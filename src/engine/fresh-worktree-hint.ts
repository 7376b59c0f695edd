/**
 * A failed gate in a fresh worktree: when the main checkout has dependencies or local files (node_modules, a
 * virtualenv, .env) that the worktree lacks and nothing configured puts there, the failure says what to set.
 */
import { join } from 'node:path';
import type { PlanFiles } from '../ports.js';
import type { WorktreeSetup } from './setup.js';

/** Installed by a setup command (npm ci, uv sync, bundle install), never committed. */
export const DEPENDENCY_DIRS = ['node_modules', '.venv', 'venv', 'vendor/bundle'];
/** Local, uncommitted configuration: copied with worktree.copy. */
export const LOCAL_FILES = ['.env', '.env.local'];

const list = (names: string[]): string => names.join(', ');

export async function freshWorktreeHint(
  files: Pick<PlanFiles, 'exists'>,
  repo: string,
  worktree: string,
  w: Pick<WorktreeSetup, 'setup' | 'copy' | 'link'> | undefined,
): Promise<string | null> {
  const lacks = async (rel: string) => (await files.exists(join(repo, rel))) && !(await files.exists(join(worktree, rel)));
  const placed = new Set([...(w?.copy ?? []), ...(w?.link ?? [])]);
  const deps: string[] = [];
  if (!w?.setup) for (const d of DEPENDENCY_DIRS) if (await lacks(d)) deps.push(d);
  const local: string[] = [];
  for (const f of LOCAL_FILES) if (!placed.has(f) && (await lacks(f))) local.push(f);
  if (deps.length === 0 && local.length === 0) return null;
  const missing = [...deps, ...local];
  const advice = [
    ...(deps.length > 0 ? [`set commands.setup in .mstui.json to install them (e.g. "npm ci")`] : []),
    ...(local.length > 0 ? [`add ${JSON.stringify(local)} to worktree.copy`] : []),
  ];
  const verb = missing.length === 1 ? 'is' : 'are';
  return `${list(missing)} ${verb} in the main checkout but not in this fresh worktree: ${advice.join(', and ')}`;
}
