/** `mstui clean [--all] [--yes]`: lists, then removes mstui's worktrees (never the checkout, never unasked work). */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { folderSize } from '../adapters/folder-size.js';
import { createGit, type Git } from '../adapters/git.js';
import { createRunner } from '../adapters/runner.js';
import { type CleanCandidate, classifyWorktree, describeClean, planClean, plural } from '../core/clean.js';
import { mib } from '../core/worktree-space.js';
import { layoutFor } from '../engine/layout.js';
import { isAlive } from '../engine/lock.js';
import { loadConfig } from './config-file.js';
import { UsageError } from './errors.js';
import { mstuiRoot } from './repo-root.js';

export interface CleanOptions {
  all?: boolean;
  yes?: boolean;
}

/** Exit code when approval was needed and there was no terminal to ask on (as for `mstui run`). */
export const NEEDS_HUMAN = 3;

export async function cleanCommand(opts: CleanOptions): Promise<number> {
  const cwd = process.cwd();
  const runner = createRunner();
  const git = createGit(runner);
  const sizeOf = folderSize(runner);
  const repo = await mstuiRoot(git, cwd);
  const layout = layoutFor(repo, 'x');
  refuseWhileRunning(layout.lock);
  const deleteBranches = loadConfig(repo).merge.deleteBranches;

  const branches = await git.branches(repo, 'mstui/');
  const milestones = new Set(branches.map((b) => b.slice('mstui/'.length)));
  const { candidates, elsewhere } = await gather(git, repo, layout.worktrees, milestones, layout.db, cwd);
  const plan = planClean(
    candidates,
    !!opts.all,
    branches.filter((b) => !elsewhere.has(b)),
    deleteBranches,
  );
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const listing = describeClean(plan, !!opts.all, deleteBranches, branches.length);
  if (plan.remove.length + plan.askEach.length + plan.branches.length === 0) {
    await git.pruneWorktrees(repo);
    for (const l of listing) out(l);
    out('Nothing to clean.');
    return 0;
  }
  for (const l of listing) out(l);

  const tty = !!process.stdin.isTTY && !!process.stdout.isTTY;
  const count =
    plural(plan.remove.length, 'worktree') + (plan.branches.length ? ` and ${plural(plan.branches.length, 'branch', 'branches')}` : '');
  let approved = !!opts.yes;
  if (!approved && plan.remove.length + plan.branches.length > 0) {
    if (!tty) {
      out(`Nothing removed: pass --yes to remove the ${count} above (there is no terminal to ask on).`);
      for (const c of plan.askEach) out(keptDirty(c));
      return NEEDS_HUMAN;
    }
    approved = await confirm(`Remove the ${count} above? [y/N] `);
  }
  let removed = 0;
  let failed = 0;
  /** KiB the removed worktrees took (measured just before each removal). */
  let freedKiB = 0;
  /** Branches of worktrees that stay (declined, or could not be removed): git cannot delete those. */
  const stays = new Map<string, string>();
  /** One failure (a locked worktree, a file in use) is reported and the rest goes on. */
  const remove = async (c: CleanCandidate, force: boolean, note = '') => {
    try {
      const kib = await sizeOf(c.path);
      await git.removeWorktree(repo, c.path, { force });
      out(`removed .worktrees/${c.name}${note}`);
      removed++;
      freedKiB += kib ?? 0;
    } catch (e) {
      out(`could not remove .worktrees/${c.name}: ${(e as Error).message}`);
      if (c.branch) stays.set(c.branch, c.name);
      failed++;
    }
  };
  if (approved) for (const c of plan.remove) await remove(c, false);
  for (const c of plan.askEach) {
    const files = c.dirty.slice(0, 3).join(', ') + (c.dirty.length > 3 ? ', …' : '');
    const yes = tty && (await confirm(`.worktrees/${c.name} has uncommitted changes (${files}): remove it and lose them? [y/N] `));
    if (!yes) {
      out(keptDirty(c));
      if (c.branch) stays.set(c.branch, c.name);
      continue;
    }
    await remove(c, true, ' (with its uncommitted changes)');
  }
  await git.pruneWorktrees(repo);
  for (const [branch, name] of stays)
    if (approved && plan.branches.includes(branch)) out(`kept branch ${branch}: .worktrees/${name} stays`);
  if (approved)
    failed += await deleteBranchList(
      git,
      repo,
      plan.branches.filter((b) => !stays.has(b)),
      out,
    );
  out(removed === 0 && !approved ? 'Nothing removed.' : `Done: ${plural(removed, 'worktree')} removed, ${mib(freedKiB * 1024)} freed.`);
  return failed > 0 ? 1 : 0;
}

function refuseWhileRunning(lock: string): void {
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
    throw new UsageError(
      `mstui (pid ${pid}) is running in this repository: quit it first, then clean (its agents work in these worktrees)`,
    );
  }
}

const keptDirty = (c: CleanCandidate) =>
  `kept .worktrees/${c.name}: uncommitted changes (${plural(c.dirty.length, 'file')}); commit or stash them, or run mstui clean in a terminal to confirm`;

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** mstui's worktrees: registered, present, directly under `<repo>/.worktrees/` (never the checkout itself). */
async function gather(
  git: Git,
  repo: string,
  root: string,
  milestones: Set<string>,
  db: string,
  cwd: string,
): Promise<{ candidates: CleanCandidate[]; elsewhere: Set<string> }> {
  const entries = await git.worktrees(repo);
  const ours = entries.filter((e) => !e.prunable && e.path !== repo && dirname(e.path) === root && basename(e.path) !== '.mstui');
  // Branches checked out anywhere else (your checkout included) are never deleted.
  const elsewhere = new Set(entries.filter((e) => !ours.includes(e) && e.branch).map((e) => e.branch as string));
  const named = ours.map((e) => ({ ...e, name: basename(e.path), ...classifyWorktree(basename(e.path), milestones) }));
  const merged = await mergedByRuns(db, new Set(named.map((e) => e.milestone)));
  const out: CleanCandidate[] = [];
  for (const { path, name, branch, milestone, task } of named) {
    const dirty = await git.changes(path);
    out.push({
      path,
      name,
      branch,
      milestone,
      task,
      merged: task !== null && (merged.get(milestone)?.has(task) || (await squashedOn(git, repo, `mstui/${milestone}`, task))),
      dirty,
      current: cwd === path || cwd.startsWith(path + sep),
    });
  }
  return { candidates: out, elsewhere };
}

/** `Task <id>: ...` is a commit subject on the integration branch: the task was squash-merged. */
async function squashedOn(git: Git, repo: string, branch: string, task: string): Promise<boolean> {
  if (!(await git.branchExists(repo, branch))) return false;
  const subjects = await git.subjectsMatching(repo, branch, `Task ${task}: `);
  return subjects.some((s) => s.startsWith(`Task ${task}: `));
}

/** Tasks the last run of each of these milestones merged (its snapshot, or a Merged event). */
async function mergedByRuns(db: string, milestones: Iterable<string>): Promise<Map<string, Set<string>>> {
  const found = new Map<string, Set<string>>();
  if (!existsSync(db)) return found;
  const { openStore } = await import('../adapters/store.js');
  const store = openStore(db);
  try {
    for (const milestone of milestones) {
      const run = store.lastRun(milestone);
      if (!run) continue;
      const set = new Set<string>();
      for (const [id, t] of Object.entries(store.snapshot(run.id)?.state.tasks ?? {})) if (t.status === 'merged') set.add(id);
      for (const { event } of store.events(run.id)) if (event.type === 'Merged') set.add(event.task);
      found.set(milestone, set);
    }
  } finally {
    store.close();
  }
  return found;
}

/** Returns how many could not be deleted. */
async function deleteBranchList(git: Git, repo: string, branches: string[], out: (l: string) => void): Promise<number> {
  let failed = 0;
  for (const b of branches) {
    try {
      const tip = await git.revParse(repo, b, { short: true });
      await git.deleteBranch(repo, b);
      out(`deleted branch ${b} (was ${tip})`);
    } catch (e) {
      out(`could not delete branch ${b}: ${(e as Error).message}`);
      failed++;
    }
  }
  return failed;
}
