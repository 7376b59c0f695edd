/** git through the one runner: argv arrays only. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMerges } from '../core/git-merges.js';
import { oldSideOf, parseStatusV2 } from '../core/git-output.js';
import { HANDOFF_MERGE_DRIVER } from '../core/handoff-merge.js';
import { CommandError, type Git, type Runner, type Worktree } from '../ports.js';

/** How much of git's stderr an error keeps: its last lines (the `fatal:` line comes after git's progress lines). */
export const GIT_STDERR_TAIL_LINES = 20;
export const GIT_STDERR_TAIL_CHARS = 4000;
/** Lines of that tail shown in the one-line message. */
const MESSAGE_TAIL_LINES = 4;

/** The last lines of `text`, at most GIT_STDERR_TAIL_CHARS (cut at the start, where git prints progress). */
export function stderrTail(text: string, lines = GIT_STDERR_TAIL_LINES): string {
  const kept = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l !== '')
    .slice(-lines)
    .join('\n');
  return kept.length > GIT_STDERR_TAIL_CHARS ? `…${kept.slice(-GIT_STDERR_TAIL_CHARS)}` : kept;
}

export class GitError extends Error {
  readonly code = 'git-failed';
  /** The last GIT_STDERR_TAIL_LINES lines of git's stderr (or stdout when stderr was empty). */
  readonly stderr: string;
  constructor(
    readonly argv: readonly string[],
    readonly exitCode: number,
    stderr: string,
    cause?: unknown,
  ) {
    const tail = stderrTail(stderr);
    const shown = tail.split('\n').slice(-MESSAGE_TAIL_LINES).join(' | ');
    super(`git ${argv.join(' ')} failed (exit ${exitCode})${shown === '' ? ' with no output' : `: ${shown}`}`, { cause });
    this.name = 'GitError';
    this.stderr = tail;
  }
}

export type { BranchStatus, Git, MergeResult, UpdateResult, Worktree } from '../ports.js';

/** Used only when the repo has no identity configured, so squash commits never fail on a fresh machine. */
const FALLBACK_IDENTITY = ['-c', 'user.name=mstui', '-c', 'user.email=mstui@localhost'];

export { HANDOFF_MERGE_DRIVER } from '../core/handoff-merge.js';

/**
 * The built merge driver program: beside this module in dist/, else (tests running the .ts sources) the repo's
 * dist/cli/merge-handoff.js. Null when neither is built: git then falls back to its own text merge.
 */
export function handoffDriverScript(): string | null {
  for (const rel of ['../cli/merge-handoff.js', '../../dist/cli/merge-handoff.js']) {
    const path = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(path)) return path;
  }
  return null;
}

/** `-c` options defining the handoff merge driver for one git invocation (git runs a driver's command line with sh). */
export function handoffDriverConfig(script: string | null, node = process.execPath): string[] {
  if (script === null) return [];
  const driver = `${shellQuote(node)} ${shellQuote(script)} %O %A %B`;
  return ['-c', `merge.${HANDOFF_MERGE_DRIVER}.name=mstui handoff sections`, '-c', `merge.${HANDOFF_MERGE_DRIVER}.driver=${driver}`];
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface GitOptions {
  /** The handoff merge driver program; default handoffDriverScript(), looked up at the first merge. */
  handoffDriver?: string | null;
}

export function createGit(runner: Runner, opts: GitOptions = {}): Git {
  let identity: string[] | null = null;
  let driverConfig: string[] | null = null;
  const run = async (cwd: string, args: string[], input?: string) => {
    try {
      const env = { GIT_TERMINAL_PROMPT: '0', GIT_DIR: undefined, GIT_WORK_TREE: undefined };
      return await runner.run('git', args, { cwd, env, ...(input === undefined ? {} : { input }) });
    } catch (e) {
      if (e instanceof CommandError && e.code === 'missing-command')
        throw new CommandError('missing-command', e.argv, 'git is not installed or not on PATH: install git (https://git-scm.com)', e);
      throw e;
    }
  };
  const out = async (cwd: string, args: string[]) => {
    const r = await run(cwd, args);
    if (r.exitCode !== 0) throw new GitError(args, r.exitCode, r.stderr);
    return r.stdout.trim();
  };
  const code = async (cwd: string, args: string[]) => (await run(cwd, args)).exitCode;
  const ident = async (cwd: string) => {
    if (identity === null) {
      // Both settings in one program (exit 1 when neither is set).
      const r = await run(cwd, ['config', '--get-regexp', '^user\\.(name|email)$']);
      const keys = new Set(r.stdout.split('\n').map((l) => l.split(' ')[0]));
      identity = r.exitCode === 0 && keys.has('user.name') && keys.has('user.email') ? [] : FALLBACK_IDENTITY;
    }
    return identity;
  };
  /** Identity plus the handoff merge driver: the prefix of every merge, squash merge and rebase. */
  const merging = async (cwd: string) => {
    driverConfig ??= handoffDriverConfig(opts.handoffDriver === undefined ? handoffDriverScript() : opts.handoffDriver);
    return [...(await ident(cwd)), ...driverConfig];
  };
  const error = (args: string[], exitCode: number, stderr: string) => new GitError(args, exitCode, stderr);
  const readText = (path: string) => {
    try {
      return { text: readFileSync(path, 'utf8') };
    } catch (e) {
      return { isDir: (e as NodeJS.ErrnoException).code === 'EISDIR' };
    }
  };
  const merges = createMerges({ run, out, code, ident, knownIdent: () => identity, merging, error, readText, exists: existsSync });
  const git: Git = {
    root: (cwd) => out(cwd, ['rev-parse', '--show-toplevel']),
    currentBranch: (cwd) => out(cwd, ['symbolic-ref', '--short', 'HEAD']),
    branchExists: async (cwd, branch) => (await code(cwd, ['show-ref', '--verify', '--quiet', `refs/heads/${branch}`])) === 0,
    async revParse(cwd, ref, opts = {}) {
      const r = await run(cwd, ['rev-parse', '--verify', '--quiet', ...(opts.short ? ['--short'] : []), `${ref}^{commit}`]);
      return r.exitCode === 0 ? r.stdout.trim() : null;
    },
    commonDir: (repo) => out(repo, ['rev-parse', '--git-common-dir']),
    async changes(cwd, opts = {}) {
      const text = await out(cwd, ['status', '--porcelain', ...(opts.trackedOnly ? ['--untracked-files=no'] : [])]);
      return text.split('\n').filter(Boolean);
    },
    branchStatus: async (cwd) => merges.noteStatus(parseStatusV2(await out(cwd, ['status', '--porcelain=v2', '--branch']))),
    commitsAhead: async (cwd, base, ref = 'HEAD') => Number(await out(cwd, ['rev-list', '--count', `${base}..${ref}`])) || 0,
    fileDiffers: async (cwd, ref, path) => (await code(cwd, ['diff', '--quiet', ref, '--', path])) !== 0,
    async branches(cwd, prefix) {
      const text = await out(cwd, ['for-each-ref', '--format=%(refname:short)', `refs/heads/${prefix}`]);
      return text.split('\n').filter(Boolean);
    },
    async subjectsMatching(cwd, ref, fixed) {
      return (await out(cwd, ['log', '-F', `--grep=${fixed}`, '--format=%s', ref])).split('\n').filter(Boolean);
    },
    async worktrees(repo) {
      const porcelain = await out(repo, ['worktree', 'list', '--porcelain']);
      return porcelain
        .split('\n\n')
        .filter((block) => block.trim() !== '')
        .map((block): Worktree => {
          const field = (k: string) => block.split('\n').find((l) => l === k || l.startsWith(`${k} `));
          return {
            path: field('worktree')?.slice('worktree '.length) ?? '',
            branch: field('branch')?.slice('branch refs/heads/'.length) ?? null,
            prunable: field('prunable') !== undefined,
          };
        });
    },
    worktreePaths: async (repo) => (await git.worktrees(repo)).map((w) => w.path),
    hasWorktree: async (path) => existsSync(join(path, '.git')),
    removeWorktree: async (repo, path, opts = {}) =>
      void (await out(repo, ['worktree', 'remove', ...(opts.force ? ['--force'] : []), path])),
    async removeCleanWorktree(repo, path) {
      // Without --force git itself refuses a worktree with changes (its own `status --porcelain`): no check before.
      const r = await run(repo, ['worktree', 'remove', path]);
      if (r.exitCode === 0) return true;
      if ((await git.hasWorktree(path)) && (await git.changes(path)).length > 0) return false;
      throw new GitError(['worktree', 'remove', path], r.exitCode, r.stderr);
    },
    async resetWorktree(repo, path, branch, from, opts = {}) {
      if ((await git.worktreePaths(repo)).includes(path) && existsSync(path)) {
        const dirty = await git.changes(path);
        if (dirty.length > 0) throw new Error(`${path} has uncommitted changes (${dirty[0]?.trim()}): commit or remove them first`);
        await out(repo, ['worktree', 'remove', path]);
      }
      await git.pruneWorktrees(repo);
      await out(repo, ['branch', '-f', ...(opts.track ? ['--track'] : []), branch, from]);
      await out(repo, ['worktree', 'add', path, branch]);
    },
    pruneWorktrees: async (repo) => void (await out(repo, ['worktree', 'prune'])),
    deleteBranch: async (repo, branch) => void (await out(repo, ['branch', '-D', branch])),
    fetch: async (cwd, remote) => void (await out(cwd, ['fetch', '--prune', remote])),
    async push(cwd, remote, refspec, opts = {}) {
      await out(cwd, [
        'push',
        ...(opts.forceWithLease ? ['--force-with-lease'] : []),
        ...(opts.setUpstream ? ['-u'] : []),
        remote,
        refspec,
      ]);
    },
    deleteRemoteBranch: async (cwd, remote, branch) => (await code(cwd, ['push', remote, '--delete', branch])) === 0,
    async remoteUrl(cwd, remote) {
      const r = await run(cwd, ['remote', 'get-url', remote]);
      return r.exitCode === 0 ? r.stdout.trim() : null;
    },
    fastForward: async (worktree, ref) => void (await out(worktree, ['merge', '--ff-only', ref])),
    diff: (cwd, range) => out(cwd, ['diff', '--stat', '-p', range]),
    async changedFiles(cwd, range) {
      // -z: names exactly as they are (no C quoting of spaces or UTF-8); d: not the deleted ones.
      const r = await run(cwd, ['diff', '--name-only', '--diff-filter=d', '-z', range]);
      if (r.exitCode !== 0) throw new GitError(['diff', '--name-only', range], r.exitCode, r.stderr);
      return r.stdout.split('\0').filter(Boolean);
    },
    async mergeBase(cwd, a, b) {
      const r = await run(cwd, ['merge-base', a, b]);
      if (r.exitCode === 1) return null;
      if (r.exitCode !== 0) throw new GitError(['merge-base', a, b], r.exitCode, r.stderr);
      return r.stdout.trim();
    },
    async showFile(cwd, ref, path) {
      // `cat-file --batch` says `<spec> missing` for a ref or file that is not there, and fails for a broken
      // repository: one program either way (`show` fails alike for both, and a second program told them apart).
      const spec = `${ref}:${path.split('\\').join('/')}`;
      const r = await run(cwd, ['cat-file', '--batch'], `${spec}\n`);
      if (r.exitCode !== 0) throw new GitError(['cat-file', '--batch', spec], r.exitCode, r.stderr);
      const eol = r.stdout.indexOf('\n');
      const header = r.stdout.slice(0, eol === -1 ? undefined : eol);
      // `<sha> blob <size>`, else `missing`, `ambiguous`, or a folder (a tree): no such file.
      if (eol === -1 || header.split(' ')[1] !== 'blob') return null;
      return r.stdout.slice(eol + 1, -1);
    },
    async ensureWorktree(repo, path, branch, from, opts = {}) {
      if (await git.hasWorktree(path)) return false;
      // A new branch first: git refuses one that exists, and only then is it asked. `--track` (mstui's own task
      // branches only): branch.<b>.merge in the repository's config names the integration branch, for `status --branch`.
      const create = ['worktree', 'add', '-b', branch, ...(opts.track ? ['--track'] : []), path, from];
      let args = create;
      let r = await run(repo, args);
      if (r.exitCode === 0) return true;
      // A folder in the way is refused as it is (git made the new branch before it refused: it exists now).
      const inTheWay = existsSync(path) && (!statSync(path).isDirectory() || readdirSync(path).length > 0);
      if (!inTheWay && (await git.branchExists(repo, branch))) {
        args = ['worktree', 'add', path, branch];
        r = await run(repo, args);
        if (r.exitCode === 0) return false;
      }
      // Deleted by hand but still registered: prune and add again. Any other refusal (a folder in the way) is the error.
      if (!/already registered|missing but locked/.test(r.stderr)) throw new GitError(args, r.exitCode, r.stderr || r.stdout);
      await git.pruneWorktrees(repo);
      await out(repo, args);
      return args === create;
    },
    squashMerge: merges.squashMerge,
    squashMergeIfCurrent: merges.squashMergeIfCurrent,
    update: merges.update,
    mergeKeepingConflicts: merges.mergeKeepingConflicts,
    async fileAtMergeBase(cwd, ref, path, current) {
      // Working tree against the merge base, the whole file as context: its old side is the file at the base.
      const context = `-U${current.split('\n').length + 1}`;
      const args = ['diff', '--no-color', '--no-ext-diff', '--no-textconv', context, '--merge-base', ref, '--', path];
      const r = await run(cwd, args);
      const old = r.exitCode === 0 ? oldSideOf(r.stdout, current) : undefined;
      if (old !== undefined) return old;
      const base = await git.mergeBase(cwd, ref, 'HEAD');
      return base === null ? null : git.showFile(cwd, base, path);
    },
    async commitFiles(worktree, files, message) {
      // A removal of a file git never had is nothing to commit (and `git add` would refuse its path).
      const changes = files.filter((f) => f.text !== null || existsSync(join(worktree, f.path)));
      const paths = changes.map((f) => f.path);
      if (paths.length === 0) return null;
      try {
        for (const f of changes) {
          const abs = join(worktree, f.path);
          if (f.text === null) rmSync(abs, { force: true });
          else {
            mkdirSync(dirname(abs), { recursive: true });
            writeFileSync(abs, f.text);
          }
        }
        await out(worktree, ['add', '-A', '--', ...paths]);
        if ((await code(worktree, ['diff', '--cached', '--quiet', '--', ...paths])) === 0) return null;
        await out(worktree, [...(await ident(worktree)), 'commit', '--no-verify', '-q', '-m', message, '--', ...paths]);
        return await out(worktree, ['rev-parse', 'HEAD']);
      } catch (e) {
        // The integration worktree must stay clean for the next merge: these paths go back to what HEAD has (read
        // with `git show`, which needs no index lock: the failure may have been a held one).
        await code(worktree, ['reset', '-q', 'HEAD', '--', ...paths]);
        for (const p of paths) {
          const head = await run(worktree, ['show', `HEAD:${p}`]);
          if (head.exitCode === 0) writeFileSync(join(worktree, p), head.stdout);
          else rmSync(join(worktree, p), { force: true });
        }
        throw e;
      }
    },
    async commitWithSubject(cwd, ref, subject) {
      const log = await out(cwd, ['log', '--format=%H %s', '-n', '500', ref]);
      for (const line of log.split('\n')) {
        const sp = line.indexOf(' ');
        if (line.slice(sp + 1) === subject) return line.slice(0, sp);
      }
      return null;
    },
  };
  return git;
}
