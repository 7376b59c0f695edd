/**
 * `.mstui.json`'s `worktree` (files copied or linked into each new worktree, the port block of each task) and `env`.
 * The path rules are pure: no absolute path, no `..`, nothing inside `.git` or `.worktrees`. Whether a path reaches
 * outside the repository through a symlink needs the file system: the run's preflight checks it (confinement.ts).
 */
import { z } from 'zod';

/** Why `rel` may not be copied or linked from the main checkout, or null when it may. */
export function worktreePathProblem(rel: string): string | null {
  if (rel.trim() === '') return 'an empty path';
  if ([...rel].some((c) => (c.codePointAt(0) ?? 0) < 0x20 || c === '\u007f')) return 'a path with control characters';
  if (rel.startsWith('/') || rel.startsWith('\\') || /^[A-Za-z]:/.test(rel)) return 'an absolute path (give it relative to the repository)';
  const parts = rel.split(/[/\\]+/).filter((p) => p !== '' && p !== '.');
  if (parts.length === 0) return 'the repository itself';
  if (parts.includes('..')) return 'a path with `..` (only files inside the repository)';
  if (parts[0] === '.git' || parts[0] === '.worktrees') return `inside ${parts[0]} (mstui's and git's own folders)`;
  return null;
}

/** The normalized form of an accepted path: `./a//b/` → `a/b`. */
export const normalizeWorktreePath = (rel: string): string =>
  rel
    .split(/[/\\]+/)
    .filter((p) => p !== '' && p !== '.')
    .join('/');

const WorktreePath = z.string().transform((rel, ctx) => {
  const problem = worktreePathProblem(rel);
  if (problem) {
    ctx.addIssue({ code: 'custom', message: `${JSON.stringify(rel)} is ${problem}` });
    return z.NEVER;
  }
  return normalizeWorktreePath(rel);
});

export const WorktreeConfig = z
  .strictObject({
    /** Copied from the main checkout into each new worktree (`.env`, local config): files or folders. */
    copy: z.array(WorktreePath).max(100).default([]),
    /** Symlinked from the main checkout into each new worktree (a shared cache folder, opt in). */
    link: z.array(WorktreePath).max(100).default([]),
    /** Task slot k gets ports portBase + portsPerTask × k … (+ portsPerTask − 1); MSTUI_PORT is the first. */
    portBase: z.number().int().min(1024).max(65000).default(41000),
    portsPerTask: z.number().int().min(1).max(1000).default(10),
  })
  .prefault({});
export type WorktreeConfig = z.infer<typeof WorktreeConfig>;

/** `env`: variables every agent, setup and gate command of a task gets (MSTUI_* names are mstui's own). */
export const TaskEnvConfig = z
  .record(z.string(), z.string())
  .superRefine((env, ctx) => {
    for (const key of Object.keys(env)) {
      const message = !/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)
        ? 'not an environment variable name'
        : key.startsWith('MSTUI_')
          ? 'MSTUI_* variables are set by mstui'
          : null;
      if (message) ctx.addIssue({ code: 'custom', path: [key], message });
    }
  })
  .default({});
