/**
 * An in-memory Git port: branches are lists of commits (subject + the files it wrote), worktrees a map from path
 * to branch with uncommitted edits on top. Enough history to exercise gates, updates and merges: a commit is "in"
 * a branch when its id is in the branch's list. Calls are recorded in order; a call can be answered once by the
 * test instead (a conflict, an error) or held at its start until the test releases it.
 */
import { join } from 'node:path';
import type { BranchStatus, MergeResult, PlanFiles, SquashResult, UpdateResult, Worktree } from '../../src/ports.js';
import { type Deferred, deferred } from './fake-clock.js';
import type { Commit, GitCall, GitOp, MemoryGit, Tree } from './fake-git-types.js';

export type { Commit, GitCall, GitOp, Hold, MemoryGit } from './fake-git-types.js';

export function memoryGit(opts: { repo: string; branch?: string; files?: Record<string, string> }): MemoryGit {
  const { repo } = opts;
  let n = 0;
  const newId = () => `c${String(++n).padStart(3, '0')}`;
  const branches = new Map<string, Commit[]>([[opts.branch ?? 'main', [{ id: newId(), subject: 'init', files: opts.files ?? {} }]]]);
  const trees = new Map<string, Tree>([[repo, { branch: opts.branch ?? 'main', edits: new Map(), status: [] }]]);
  const calls: GitCall[] = [];
  /** A task branch made with `track`: the branch it tracks (its upstream). */
  const upstreams = new Map<string, string>();
  const once = new Map<GitOp, { worktree: string | undefined; answer: (args: unknown[]) => unknown }[]>();
  const holds = new Map<GitOp, { reached: Deferred<unknown[]>; released: Deferred<void> }[]>();

  const tree = (path: string): Tree => {
    const t = trees.get(path);
    if (!t) throw new Error(`memoryGit: no worktree at ${path} (worktrees: ${[...trees.keys()].join(', ')})`);
    return t;
  };
  const headBranch = (cwd: string): string => {
    const b = tree(cwd).branch;
    if (b === null) throw new Error(`memoryGit: ${cwd} is detached`);
    return b;
  };
  /** The commits `ref` names (oldest first), or null. */
  const resolve = (cwd: string, ref: string): Commit[] | null => {
    const name = ref.replace(/\^\{commit\}$/, '').replace(/^refs\/(heads|remotes)\//, '');
    if (name.endsWith('^')) {
      const child = resolve(cwd, name.slice(0, -1));
      return child && child.length > 1 ? child.slice(0, -1) : null;
    }
    if (name === 'HEAD') return branches.get(headBranch(cwd)) ?? null;
    const b = branches.get(name);
    if (b) return b;
    for (const list of branches.values()) {
      const at = list.findIndex((c) => c.id === name);
      if (at !== -1) return list.slice(0, at + 1);
    }
    return null;
  };
  const must = (cwd: string, ref: string): Commit[] => {
    const r = resolve(cwd, ref);
    if (!r) throw new Error(`memoryGit: unknown revision ${ref}`);
    return r;
  };
  const notIn = (a: Commit[], b: Commit[]) => {
    const ids = new Set(b.map((c) => c.id));
    return a.filter((c) => !ids.has(c.id));
  };
  const content = (commits: Commit[], path: string): string | null => {
    for (let i = commits.length - 1; i >= 0; i--) {
      if (commits[i]?.removed?.includes(path)) return null;
      const text = commits[i]?.files[path];
      if (text !== undefined) return text;
    }
    return null;
  };
  const commit = (branchOrWorktree: string, subject: string, files: Record<string, string> = {}): string => {
    const t = trees.get(branchOrWorktree);
    const name = t ? headBranch(branchOrWorktree) : branchOrWorktree;
    const list = branches.get(name);
    if (!list) throw new Error(`memoryGit: no branch ${name}`);
    const id = newId();
    list.push({ id, subject, files: { ...files } });
    if (t)
      for (const path of Object.keys(files)) {
        t.edits.delete(path);
        t.status = t.status.filter((l) => l.slice(3) !== path);
      }
    return id;
  };
  const scripted = (op: GitOp, args: unknown[]): Promise<unknown> | null => {
    const list = once.get(op) ?? [];
    const at = list.findIndex((s) => s.worktree === undefined || s.worktree === args[0]);
    const s = list.splice(at, at === -1 ? 0 : 1)[0];
    return s ? Promise.resolve().then(() => s.answer(args)) : null;
  };
  /** Records the call, waits while held, answers with a scripted answer or the model. */
  const call = <T>(op: GitOp, args: unknown[], model: () => T | Promise<T>): Promise<T> => {
    calls.push({ op, args });
    const held = holds.get(op)?.shift();
    held?.reached.resolve(args);
    const start = held ? held.released.promise : Promise.resolve();
    return start.then(() => (scripted(op, args) as Promise<T> | null) ?? model());
  };
  const script = (op: GitOp, answer: (args: unknown[]) => unknown, worktree?: string) =>
    void once.set(op, [...(once.get(op) ?? []), { worktree, answer }]);
  const updateModel = (worktree: string, onto: string, mode: 'rebase' | 'merge'): UpdateResult => {
    const name = headBranch(worktree);
    const mine = must(worktree, 'HEAD');
    const tip = must(worktree, onto);
    const missing = notIn(tip, mine);
    if (missing.length === 0) return { ok: true, changed: false };
    const own = notIn(mine, tip);
    branches.set(
      name,
      mode === 'rebase'
        ? [...tip, ...own.map((c) => ({ ...c, id: newId() }))]
        : [...mine, ...missing, { id: newId(), subject: `Merge ${onto}`, files: {} }],
    );
    return { ok: true, changed: true };
  };

  const files: PlanFiles = {
    async read(path) {
      // The innermost worktree holding the path (task worktrees live inside the repository's folder).
      const wt = [...trees.keys()].filter((w) => path.startsWith(`${w}/`)).sort((a, b) => b.length - a.length)[0];
      const t = wt === undefined ? undefined : trees.get(wt);
      if (wt === undefined || !t) return null;
      const rel = path.slice(wt.length + 1);
      return t.edits.get(rel) ?? (t.branch === null ? null : content(branches.get(t.branch) ?? [], rel));
    },
    list: async () => [],
    exists: async (path) => (await files.read(path)) !== null,
    isDirectory: async () => false,
  };

  const git: MemoryGit = {
    repo,
    calls,
    files,
    ops: (...only) => calls.map((c) => c.op).filter((op) => only.length === 0 || only.includes(op)),
    commit,
    edit(worktree, path, text, status = ` M ${path}`) {
      const t = tree(worktree);
      t.edits.set(path, text);
      if (!t.status.includes(status)) t.status.push(status);
    },
    branch: (b, from) => void branches.set(b, [...must(repo, from)]),
    log: (ref) => must(repo, ref).map((c) => c.subject),
    conflict: (op, conflicted, worktree) => script(op, () => ({ ok: false, files: conflicted }), worktree),
    fail: (op, error) =>
      script(op, () => {
        throw error;
      }),
    hold(op) {
      const h = { reached: deferred<unknown[]>(), released: deferred<void>() };
      holds.set(op, [...(holds.get(op) ?? []), h]);
      return { reached: h.reached.promise, release: () => h.released.resolve() };
    },

    root: (cwd) => call('root', [cwd], () => repo),
    commonDir: (r) => call('commonDir', [r], () => join(repo, '.git')),
    currentBranch: (cwd) => call('currentBranch', [cwd], () => headBranch(cwd)),
    branchExists: (cwd, b) => call('branchExists', [cwd, b], () => branches.has(b)),
    branches: (cwd, prefix) => call('branches', [cwd, prefix], () => [...branches.keys()].filter((b) => b.startsWith(prefix)).sort()),
    revParse: (cwd, ref, o) => call('revParse', [cwd, ref, o], () => resolve(cwd, ref)?.at(-1)?.id ?? null),
    changes: (cwd, o) => call('changes', [cwd, o], () => tree(cwd).status.filter((l) => !(o?.trackedOnly && l.startsWith('??')))),
    branchStatus: (cwd) =>
      call('branchStatus', [cwd], (): BranchStatus => {
        const t = tree(cwd);
        const head = t.branch === null ? null : (branches.get(t.branch) ?? null);
        const upstream = (t.branch !== null && upstreams.get(t.branch)) || null;
        const up = upstream === null ? null : must(cwd, upstream);
        const [ahead, behind] = head && up ? [notIn(head, up).length, notIn(up, head).length] : [null, null];
        return { oid: head?.at(-1)?.id ?? null, branch: t.branch, upstream, ahead, behind, changes: [...t.status] };
      }),
    commitsAhead: (cwd, base, ref = 'HEAD') => call('commitsAhead', [cwd, base, ref], () => notIn(must(cwd, ref), must(cwd, base)).length),
    fileDiffers: (cwd, ref, path) =>
      call('fileDiffers', [cwd, ref, path], () => (tree(cwd).edits.get(path) ?? null) !== content(must(cwd, ref), path)),
    subjectsMatching: (cwd, ref, fixed) =>
      call('subjectsMatching', [cwd, ref, fixed], () =>
        must(cwd, ref)
          .map((c) => c.subject)
          .filter((s) => s.includes(fixed))
          .reverse(),
      ),
    // `A...B`: a patch header for each file B's own commits wrote.
    diff: (cwd, range) =>
      call('diff', [cwd, range], () => {
        const [a = '', b = 'HEAD'] = range.split('...');
        const paths = [...new Set(notIn(must(cwd, b || 'HEAD'), must(cwd, a)).flatMap((c) => Object.keys(c.files)))];
        return paths.map((p) => `diff --git a/${p} b/${p}\n--- a/${p}\n+++ b/${p}\n@@ -1 +1 @@\n+changed\n`).join('');
      }),
    changedFiles: (cwd, range) =>
      call('changedFiles', [cwd, range], () => {
        const [a = '', b = 'HEAD'] = range.split('...');
        return [...new Set(notIn(must(cwd, b || 'HEAD'), must(cwd, a)).flatMap((c) => Object.keys(c.files)))];
      }),
    worktrees: (r) =>
      call('worktrees', [r], (): Worktree[] => [...trees].map(([path, t]) => ({ path, branch: t.branch, prunable: false }))),
    worktreePaths: (r) => call('worktreePaths', [r], () => [...trees.keys()]),
    hasWorktree: (path) => call('hasWorktree', [path], () => trees.has(path)),
    ensureWorktree: (r, path, b, from, o) =>
      call('ensureWorktree', [r, path, b, from, ...(o ? [o] : [])], () => {
        if (trees.has(path)) return false;
        const created = !branches.has(b);
        if (created) branches.set(b, [...must(r, from)]);
        if (created && o?.track) upstreams.set(b, from);
        trees.set(path, { branch: b, edits: new Map(), status: [] });
        return created;
      }),
    removeWorktree: (r, path, o) =>
      call('removeWorktree', [r, path, o], () => {
        if (!trees.delete(path)) throw new Error(`memoryGit: ${path} is not a working tree`);
      }),
    removeCleanWorktree: (r, path) =>
      call('removeCleanWorktree', [r, path], () => {
        if (tree(path).status.length > 0) return false;
        return trees.delete(path);
      }),
    resetWorktree: (r, path, b, from, o) =>
      call('resetWorktree', [r, path, b, from, ...(o ? [o] : [])], () => {
        branches.set(b, [...must(r, from)]);
        if (o?.track) upstreams.set(b, from);
        trees.set(path, { branch: b, edits: new Map(), status: [] });
      }),
    pruneWorktrees: (r) => call('pruneWorktrees', [r], () => {}),
    deleteBranch: (r, b) =>
      call('deleteBranch', [r, b], () => {
        if (!branches.delete(b)) throw new Error(`memoryGit: branch ${b} not found`);
      }),
    mergeBase: (cwd, a, b) =>
      call('mergeBase', [cwd, a, b], () => {
        const ids = new Set(must(cwd, b).map((c) => c.id));
        return must(cwd, a).findLast((c) => ids.has(c.id))?.id ?? null;
      }),
    fileAtMergeBase: (cwd, ref, path, current) =>
      call('fileAtMergeBase', [cwd, ref, path, current], () => {
        const ids = new Set(must(cwd, 'HEAD').map((c) => c.id));
        const base = must(cwd, ref).findLastIndex((c) => ids.has(c.id));
        return base === -1 ? null : content(must(cwd, ref).slice(0, base + 1), path);
      }),
    showFile: (cwd, ref, path) => call('showFile', [cwd, ref, path], () => content(resolve(cwd, ref) ?? [], path)),
    squashMerge: (worktree, b, message) =>
      call('squashMerge', [worktree, b, message], (): MergeResult => {
        const target = must(worktree, 'HEAD');
        const own = notIn(must(worktree, b), target);
        if (own.length === 0) return { ok: true, commit: target.at(-1)?.id ?? '' };
        return { ok: true, commit: commit(headBranch(worktree), message, Object.assign({}, ...own.map((c) => c.files))) };
      }),
    squashMergeIfCurrent: (worktree, _onto, b, message) =>
      call('squashMergeIfCurrent', [worktree, _onto, b, message], (): SquashResult | null => {
        const target = must(worktree, 'HEAD');
        const own = notIn(must(worktree, b), target);
        if (notIn(target, must(worktree, b)).length > 0 || own.length === 0) return null;
        return { commit: commit(headBranch(worktree), message, Object.assign({}, ...own.map((c) => c.files))), commits: own.length };
      }),
    commitWithSubject: (cwd, ref, subject) =>
      call('commitWithSubject', [cwd, ref, subject], () => must(cwd, ref).findLast((c) => c.subject === subject)?.id ?? null),
    update: (worktree, onto, mode) => call('update', [worktree, onto, mode], () => updateModel(worktree, onto, mode)),
    mergeKeepingConflicts: (worktree, onto) => call('mergeKeepingConflicts', [worktree, onto], () => updateModel(worktree, onto, 'merge')),
    fastForward: (worktree, ref) =>
      call('fastForward', [worktree, ref], () => {
        const target = must(worktree, ref);
        if (notIn(must(worktree, 'HEAD'), target).length > 0) throw new Error(`memoryGit: ${ref} is not a fast-forward`);
        branches.set(headBranch(worktree), [...target]);
      }),
    remoteUrl: (cwd, remote) => call('remoteUrl', [cwd, remote], () => (remote === 'origin' ? 'https://example.invalid/repo.git' : null)),
    fetch: (cwd, remote) => call('fetch', [cwd, remote], () => {}),
    push: (cwd, remote, refspec, o) =>
      call('push', [cwd, remote, refspec, o], () => {
        const [src = refspec, dst = src] = refspec.split(':');
        branches.set(`${remote}/${dst}`, [...must(cwd, src)]);
      }),
    deleteRemoteBranch: (cwd, remote, b) => call('deleteRemoteBranch', [cwd, remote, b], () => branches.delete(`${remote}/${b}`)),
    commitFiles: (worktree, changed, message) =>
      call('commitFiles', [worktree, changed, message], () => {
        const head = must(worktree, 'HEAD');
        const writes = changed.filter((f) => f.text !== null && f.text !== content(head, f.path));
        const removed = changed.filter((f) => f.text === null && content(head, f.path) !== null).map((f) => f.path);
        if (writes.length === 0 && removed.length === 0) return null;
        const id = commit(worktree, message, Object.fromEntries(writes.map((f) => [f.path, f.text as string])));
        const made = branches.get(headBranch(worktree))?.at(-1);
        if (made && removed.length > 0) made.removed = removed;
        return id;
      }),
  };
  return git;
}
