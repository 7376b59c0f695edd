/** What `mstui clean` removes and keeps, decided from facts gathered by the CLI. Pure. */

/** One of mstui's worktrees, `<repo>/.worktrees/<name>`. */
export interface CleanCandidate {
  path: string;
  name: string;
  branch: string | null;
  milestone: string;
  /** null: the milestone's integration worktree. */
  task: string | null;
  /** Its squash commit is on the integration branch, or the last run says merged. */
  merged: boolean;
  /** `git status --porcelain` lines: uncommitted changes, untracked files included. */
  dirty: string[];
  /** The user's shell is inside it. */
  current: boolean;
}

export interface CleanPlan {
  /** Removed once approved (--yes, or one question on a terminal). */
  remove: CleanCandidate[];
  /** Removed only when the user says yes to each one, on a terminal. */
  askEach: CleanCandidate[];
  keep: { candidate: CleanCandidate; why: string }[];
  /** Branches deleted with --all when merge.deleteBranches is on. */
  branches: string[];
}

/**
 * Which milestone a worktree name belongs to. Task worktrees are `<milestone>-<task>` and milestone ids may hold
 * `-`, so the longest proper prefix that is a known milestone wins; a name with none is an integration worktree.
 */
export function classifyWorktree(name: string, milestones: ReadonlySet<string>): { milestone: string; task: string | null } {
  for (let at = name.lastIndexOf('-'); at > 0; at = name.lastIndexOf('-', at - 1)) {
    const prefix = name.slice(0, at);
    if (milestones.has(prefix) && at + 1 < name.length) return { milestone: prefix, task: name.slice(at + 1) };
  }
  return { milestone: name, task: null };
}

export function planClean(candidates: CleanCandidate[], all: boolean, branches: string[], deleteBranches: boolean): CleanPlan {
  const plan: CleanPlan = { remove: [], askEach: [], keep: [], branches: [] };
  for (const c of candidates) {
    if (c.current) plan.keep.push({ candidate: c, why: 'your shell is inside it' });
    else if (!all && c.task === null) plan.keep.push({ candidate: c, why: 'the integration worktree (--all removes it)' });
    else if (!all && !c.merged) plan.keep.push({ candidate: c, why: 'not merged (--all removes it)' });
    else if (c.dirty.length > 0) plan.askEach.push(c);
    else plan.remove.push(c);
  }
  if (all && deleteBranches) {
    // A branch stays while a worktree that is not being removed has it checked out.
    const held = new Set(plan.keep.map((k) => k.candidate.branch));
    plan.branches = branches.filter((b) => !held.has(b));
  }
  return plan;
}

const rel = (c: CleanCandidate) => `.worktrees/${c.name}`;
const what = (c: CleanCandidate) => (c.task === null ? 'integration worktree' : c.merged ? 'merged' : 'not merged');

/** The listing printed before anything is removed. */
export function describeClean(plan: CleanPlan, all: boolean, deleteBranches: boolean, branchCount: number): string[] {
  const out: string[] = [];
  const row = (c: CleanCandidate, note: string) => `  ${rel(c).padEnd(28)} ${(c.branch ?? '(detached)').padEnd(24)} ${note}`;
  if (plan.remove.length + plan.askEach.length > 0) {
    out.push('Will remove:');
    for (const c of plan.remove) out.push(row(c, what(c)));
    for (const c of plan.askEach) out.push(row(c, `${what(c)}; uncommitted changes (${plural(c.dirty.length, 'file')}): asks first`));
  }
  if (plan.branches.length > 0) out.push('Will delete branches:', ...plan.branches.map((b) => `  ${b}`));
  if (plan.keep.length > 0) {
    out.push('Keeping:');
    for (const { candidate, why } of plan.keep) out.push(row(candidate, why));
  }
  if (all && !deleteBranches && branchCount > 0) {
    out.push(
      `Branches: keeping ${plural(branchCount, 'mstui/* branch', 'mstui/* branches')} (set "merge": {"deleteBranches": true} in .mstui.json to delete them with --all).`,
    );
  }
  return out;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
