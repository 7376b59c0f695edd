/** GitHub through `gh` (argv only): pull requests, their checks, failed run logs, squash merges. */
import type { Check } from '../core/checks.js';
import type { PullRequest } from '../core/scheduler/types.js';
import { CommandError, type GitHub, type Runner, type RunResult } from '../ports.js';

export type { Check, ChecksVerdict } from '../core/checks.js';
export { verdictOf } from '../core/checks.js';
export type { GitHub } from '../ports.js';

export class GhError extends Error {
  constructor(
    readonly argv: readonly string[],
    readonly result: RunResult,
  ) {
    super(`gh ${argv.join(' ')} failed (exit ${result.exitCode}): ${(result.stderr || result.stdout).trim().split('\n')[0] ?? ''}`);
    this.name = 'GhError';
  }
}

export interface GitHubOptions {
  /** Waits before each retry of a failed gh call (network or API errors): up to 4 retries. */
  retryDelaysMs: number[];
  sleep: (ms: number) => Promise<void>;
}

/** `gh pr checks` exits 8 while checks are pending and 1 when one failed; both are answers, not errors. */
const CHECK_EXITS = new Set([0, 1, 8]);

export function createGitHub(runner: Runner, opts: GitHubOptions): GitHub {
  const gh = async (cwd: string, args: string[], ok: (r: RunResult) => boolean = (r) => r.exitCode === 0): Promise<RunResult> => {
    let last: RunResult | null = null;
    for (let attempt = 0; attempt <= opts.retryDelaysMs.length; attempt++) {
      if (attempt > 0) await opts.sleep(opts.retryDelaysMs[attempt - 1] ?? 0);
      let r: RunResult;
      try {
        r = await runner.run('gh', args, { cwd, env: { GH_PROMPT_DISABLED: '1', NO_COLOR: '1' }, timeoutMs: 120_000 });
      } catch (e) {
        if (e instanceof CommandError && e.code === 'missing-command') {
          throw new CommandError(
            'missing-command',
            e.argv,
            'gh is not installed or not on PATH: install the GitHub CLI (https://cli.github.com)',
          );
        }
        if (e instanceof CommandError && e.code === 'timeout') {
          last = { exitCode: 124, stdout: '', stderr: e.message };
          continue;
        }
        throw e;
      }
      if (ok(r)) return r;
      last = r;
    }
    throw new GhError(args, last ?? { exitCode: 1, stdout: '', stderr: 'no attempt' });
  };
  const prFrom = (raw: { number?: unknown; url?: unknown }): PullRequest => ({ number: Number(raw.number), url: String(raw.url ?? '') });

  return {
    async findPr(cwd, branch) {
      const r = await gh(cwd, ['pr', 'list', '--head', branch, '--state', 'open', '--json', 'number,url', '--limit', '1']);
      const list = JSON.parse(r.stdout || '[]') as { number: number; url: string }[];
      return list[0] ? prFrom(list[0]) : null;
    },
    async createPr(cwd, pr) {
      const r = await gh(cwd, ['pr', 'create', '--base', pr.base, '--head', pr.head, '--title', pr.title, '--body-file', pr.bodyFile]);
      const url = r.stdout.trim().split('\n').pop() ?? '';
      const n = /\/pull\/(\d+)/.exec(url)?.[1];
      if (!n) throw new GhError(['pr', 'create'], { ...r, stderr: `no pull request URL in the output: ${r.stdout.trim()}` });
      return { number: Number(n), url };
    },
    async checks(cwd, pr) {
      const args = ['pr', 'checks', String(pr), '--json', 'name,state,bucket,link'];
      const r = await gh(cwd, args, (x) => CHECK_EXITS.has(x.exitCode) && (x.stdout.trim().startsWith('[') || /no checks/i.test(x.stderr)));
      if (!r.stdout.trim().startsWith('[')) return null;
      return (JSON.parse(r.stdout) as Check[]).map((c) => ({ name: c.name, bucket: c.bucket, link: c.link }));
    },
    async failedLog(cwd, branch, lines) {
      const list = await gh(cwd, [
        'run',
        'list',
        '--branch',
        branch,
        '--status',
        'failure',
        '--json',
        'databaseId,headSha,workflowName',
        '--limit',
        '1',
      ]);
      const run = (JSON.parse(list.stdout || '[]') as { databaseId: number }[])[0];
      if (!run) return '';
      const log = await gh(cwd, ['run', 'view', String(run.databaseId), '--log-failed']);
      return log.stdout.trimEnd().split('\n').slice(-lines).join('\n');
    },
    async state(cwd, pr) {
      const r = await gh(cwd, ['pr', 'view', String(pr), '--json', 'state']);
      return String((JSON.parse(r.stdout) as { state?: unknown }).state ?? '');
    },
    async merge(cwd, pr) {
      // No --delete-branch: it fails inside worktree setups although the PR merged; the caller deletes the branch.
      await gh(cwd, ['pr', 'merge', String(pr), '--squash']);
    },
  };
}
