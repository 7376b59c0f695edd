/** What `ci.provider: github` needs before a run: gh on PATH, logged in, and the remote the PRs go to. */
import { CommandError, type Git, type Runner } from '../ports.js';

export type GithubCheck = { ok: true; detail: string } | { ok: false; missing: 'gh' | 'auth' | 'remote'; message: string };

/** `gh auth status` can go to the network; a hung call should not hang the check. */
export const GH_AUTH_TIMEOUT_MS = 20_000;

export const GH_MISSING =
  'gh (GitHub CLI) is not installed or not on PATH: install it from https://cli.github.com, then run `gh auth login`';

/** `gh auth status`: exit 0 when logged in (to at least one host); the account name when it says. */
export async function ghAuthStatus(runner: Runner, cwd: string): Promise<GithubCheck> {
  try {
    const r = await runner.run('gh', ['auth', 'status'], { cwd, timeoutMs: GH_AUTH_TIMEOUT_MS });
    const text = `${r.stdout}\n${r.stderr}`;
    if (r.exitCode !== 0) {
      const why = r.stderr.trim().split('\n')[0] || `exit code ${r.exitCode}`;
      return { ok: false, missing: 'auth', message: `gh is not logged in (gh auth status: ${why}): run \`gh auth login\`` };
    }
    const account = /Logged in to (\S+) (?:account|as) (\S+)/.exec(text);
    return { ok: true, detail: account ? `logged in to ${account[1]} as ${account[2]}` : 'logged in' };
  } catch (e) {
    if (e instanceof CommandError && e.code === 'missing-command') return { ok: false, missing: 'gh', message: GH_MISSING };
    if (e instanceof CommandError && e.code === 'timeout')
      return {
        ok: false,
        missing: 'auth',
        message: `gh auth status did not answer in ${GH_AUTH_TIMEOUT_MS / 1000} s: check the network, then \`gh auth status\``,
      };
    throw e;
  }
}

/** `git remote get-url <remote>`: the remote task branches are pushed to. */
export async function remoteUrl(git: Pick<Git, 'remoteUrl'>, repo: string, remote: string): Promise<GithubCheck> {
  const url = await git.remoteUrl(repo, remote);
  if (url !== null) return { ok: true, detail: url };
  return {
    ok: false,
    missing: 'remote',
    message: `git remote ${remote} does not exist: add it (\`git remote add ${remote} <url>\`) or set ci.remote in .mstui.json`,
  };
}

/** The first thing missing for GitHub CI, as one line that says what to do, or null when all is there. */
export async function githubPreflight(runner: Runner, git: Pick<Git, 'remoteUrl'>, repo: string, remote: string): Promise<string | null> {
  for (const check of [() => ghAuthStatus(runner, repo), () => remoteUrl(git, repo, remote)]) {
    const r = await check();
    if (!r.ok) return r.message;
  }
  return null;
}
