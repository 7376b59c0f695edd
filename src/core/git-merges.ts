/**
 * The git adapter's merges (src/adapters/git.ts): squash merges into the integration worktree and a task branch's
 * update, with as few git programs as git's own output allows. No I/O here: the adapter gives its git and file reads.
 */
import { isAbsolute, join } from 'node:path';
import type { BranchStatus } from './git-output.js';

interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}
export type MergeResult = { ok: true; commit: string } | { ok: false; files: string[] };
/** Bringing a branch up to a newer tip: `changed` false when it already contained it. */
export type UpdateResult = { ok: true; changed: boolean } | { ok: false; files: string[] };
/** A squash merge made: its commit, and how many commits the merged branch had over the tip it went on. */
export interface SquashResult {
  commit: string;
  commits: number;
}

/** What the adapter's merges need from it: its git (raw, checked, exit code only), the option prefixes, file reads. */
export interface GitContext {
  /** A file's text, or null when it cannot be read (`EISDIR` for a folder: `isDir`). */
  readText(path: string): { text: string } | { isDir: boolean };
  exists(path: string): boolean;
  run(cwd: string, args: string[]): Promise<RunResult>;
  out(cwd: string, args: string[]): Promise<string>;
  code(cwd: string, args: string[]): Promise<number>;
  /** `-c` identity options when the repository has none. */
  ident(cwd: string): Promise<string[]>;
  /** What `ident` answered, when it was asked already (null before). */
  knownIdent(): string[] | null;
  /** Identity plus the handoff merge driver: the prefix of every merge, squash merge and rebase. */
  merging(cwd: string): Promise<string[]>;
  error(args: string[], exitCode: number, stderr: string): Error;
}

/** Full hashes in git's own messages (`[branch <hash>] subject`, `Updating <a>..<b>`): no second program to read them. */
const FULL_HASHES = ['-c', 'core.abbrev=no'];
const HASH = '[0-9a-f]{40}(?:[0-9a-f]{24})?';

export function createMerges(g: GitContext) {
  /** Where a worktree keeps its rebase state: from its `.git` file (`gitdir: …`), as `git rev-parse --git-path` says. */
  const rebaseDirs = (worktree: string): string[] | null => {
    const dotGit = join(worktree, '.git');
    const read = g.readText(dotGit);
    // A folder (the main checkout): its rebase state is inside it.
    let gitDir = dotGit;
    if ('text' in read) {
      const m = /^gitdir: (.+)$/m.exec(read.text);
      if (!m?.[1]) return null;
      gitDir = isAbsolute(m[1].trim()) ? m[1].trim() : join(worktree, m[1].trim());
    } else if (!read.isDir) return null;
    return [join(gitDir, 'rebase-merge'), join(gitDir, 'rebase-apply')];
  };
  const conflicted = async (worktree: string) =>
    (await g.out(worktree, ['diff', '--name-only', '--diff-filter=U'])).split('\n').filter(Boolean);
  const rebaseDirsOf = new Map<string, string[]>();
  /**
   * A rebase mstui was running when it was killed is still in progress on the next run (git refuses a new one: "a
   * rebase-merge directory already exists"): it is mstui's own (an update never leaves one), so it is aborted, which
   * puts the branch back where it was. A merge in progress is left alone: it may be a conflict an agent is resolving.
   */
  const abortLeftoverRebase = async (worktree: string) => {
    let paths = rebaseDirsOf.get(worktree) ?? rebaseDirs(worktree);
    if (!paths) {
      const text = await g.out(worktree, ['rev-parse', '--git-path', 'rebase-merge', '--git-path', 'rebase-apply']);
      paths = text.split('\n').map((p) => (isAbsolute(p) ? p : join(worktree, p)));
    }
    rebaseDirsOf.set(worktree, paths);
    if (paths.some((p) => g.exists(p))) await g.code(worktree, ['rebase', '--abort']);
  };
  /**
   * Commits what is staged; its hash from commit's own `[branch <hash>]` line. Exit 1 with nothing staged (a squash of
   * work the tip already has) is no commit: HEAD's hash. Only then, or when the line is not there, a second program runs.
   * The identity is asked only when the commit fails (user.useConfigOnly: git refuses rather than make one up), and the
   * commit made again with mstui's when the repository has none, as when it was asked first.
   */
  const commitStaged = async (worktree: string, message: string): Promise<string> => {
    const commit = (ident: string[]) => [...FULL_HASHES, '-c', 'user.useConfigOnly=true', ...ident, 'commit', '--no-verify', '-m', message];
    let args = commit(g.knownIdent() ?? []);
    let r = await g.run(worktree, args);
    if (r.exitCode !== 0 && r.exitCode !== 1 && g.knownIdent() === null && (await g.ident(worktree)).length > 0) {
      args = commit(await g.ident(worktree));
      r = await g.run(worktree, args);
    }
    if (r.exitCode === 1 && (await g.code(worktree, ['diff', '--cached', '--quiet'])) === 0) return g.out(worktree, ['rev-parse', 'HEAD']);
    if (r.exitCode !== 0) throw g.error(args, r.exitCode, r.stderr);
    return new RegExp(`^\\[.* (${HASH})\\]`, 'm').exec(r.stdout)?.[1] ?? g.out(worktree, ['rev-parse', 'HEAD']);
  };
  /** Per task branch, what its last status said while it held its upstream's tip: its commits over it, at its head. */
  const current = new Map<string, { upstream: string; ahead: number }>();

  return {
    /** Remembers a status that saw the branch holding its upstream (the merge's count of commits, without a program). */
    noteStatus(s: BranchStatus): BranchStatus {
      if (s.oid !== null && s.upstream !== null && s.ahead !== null && s.behind === 0)
        current.set(s.oid, { upstream: s.upstream, ahead: s.ahead });
      return s;
    },
    async squashMerge(worktree: string, branch: string, message: string): Promise<MergeResult> {
      const r = await g.run(worktree, [...(await g.merging(worktree)), 'merge', '--squash', branch]);
      if (r.exitCode !== 0) {
        const files = await conflicted(worktree);
        await g.out(worktree, ['reset', '--hard', 'HEAD']);
        if (files.length === 0) throw g.error(['merge', '--squash', branch], r.exitCode, r.stderr || r.stdout);
        return { ok: false, files };
      }
      return { ok: true, commit: await commitStaged(worktree, message) };
    },
    /**
     * `merge --squash --ff-only`: git itself refuses (and touches nothing) unless the branch holds the worktree's HEAD.
     * Its `Updating <tip>..<head>` line names both: the commit count is the one the gates' status saw at that head
     * (the tip only ever gains mstui's own squash commits, which the head cannot hold), else one rev-list.
     */
    async squashMergeIfCurrent(worktree: string, onto: string, branch: string, message: string): Promise<SquashResult | null> {
      // A fast-forward makes no commit (no identity) and merges no file (no merge driver).
      const r = await g.run(worktree, [...FULL_HASHES, 'merge', '--squash', '--ff-only', branch]);
      const m = new RegExp(`(${HASH})\\.\\.(${HASH})`).exec(r.stdout);
      if (r.exitCode !== 0 || !m?.[1] || !m[2]) return null;
      const [tip, head] = [m[1], m[2]];
      const seen = current.get(head);
      const commits = seen?.upstream === onto ? seen.ahead : Number(await g.out(worktree, ['rev-list', '--count', `${tip}..${head}`])) || 0;
      return { commit: await commitStaged(worktree, message), commits };
    },
    async update(worktree: string, onto: string, mode: 'rebase' | 'merge'): Promise<UpdateResult> {
      await abortLeftoverRebase(worktree);
      if ((await g.code(worktree, ['merge-base', '--is-ancestor', onto, 'HEAD'])) === 0) return { ok: true, changed: false };
      const args = mode === 'rebase' ? ['rebase', onto] : ['merge', '--no-edit', onto];
      const r = await g.run(worktree, [...(await g.merging(worktree)), ...args]);
      if (r.exitCode === 0) return { ok: true, changed: true };
      const files = await conflicted(worktree);
      await g.code(worktree, [mode, '--abort']);
      if (files.length === 0) throw g.error(args, r.exitCode, r.stderr || r.stdout);
      return { ok: false, files };
    },
    async mergeKeepingConflicts(worktree: string, onto: string): Promise<UpdateResult> {
      if ((await g.code(worktree, ['merge-base', '--is-ancestor', onto, 'HEAD'])) === 0) return { ok: true, changed: false };
      const r = await g.run(worktree, [...(await g.merging(worktree)), 'merge', '--no-edit', onto]);
      if (r.exitCode === 0) return { ok: true, changed: true };
      const files = await conflicted(worktree);
      if (files.length === 0) throw g.error(['merge', onto], r.exitCode, r.stderr || r.stdout);
      return { ok: false, files };
    },
  };
}
