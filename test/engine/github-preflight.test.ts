/** githubPreflight over a recording fake runner: the exact argv, and each thing that can be missing. */
import { describe, expect, it } from 'vitest';
import { createGit } from '../../src/adapters/git.js';
import { githubPreflight } from '../../src/engine/github-preflight.js';
import { CommandError, type Runner, type RunResult } from '../../src/ports.js';

type Reply = RunResult | 'missing' | 'timeout';

function fakeRunner(replies: Record<string, Reply>): Runner & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async run(command, args) {
      const key = [command, ...args].join(' ');
      calls.push(key);
      const r = replies[key];
      if (r === undefined) throw new Error(`unexpected command: ${key}`);
      if (r === 'missing') throw new CommandError('missing-command', [command, ...args], `${command} is not installed or not on PATH`);
      if (r === 'timeout') throw new CommandError('timeout', [command, ...args], `${command} timed out`);
      return r;
    },
  };
}

const done = (stdout = '', exitCode = 0, stderr = ''): RunResult => ({ exitCode, stdout, stderr });
const LOGGED_IN = done('github.com\n  ✓ Logged in to github.com account octocat (keyring)\n');

describe('githubPreflight', () => {
  it('all there: null, after `gh auth status` and `git remote get-url <remote>`', async () => {
    const runner = fakeRunner({ 'gh auth status': LOGGED_IN, 'git remote get-url upstream': done('git@github.com:o/r.git\n') });
    expect(await githubPreflight(runner, createGit(runner), '/repo', 'upstream')).toBeNull();
    expect(runner.calls).toEqual(['gh auth status', 'git remote get-url upstream']);
  });

  it.each([
    [
      'gh missing',
      { 'gh auth status': 'missing' },
      /gh \(GitHub CLI\) is not installed or not on PATH: install it from https:\/\/cli\.github\.com/,
    ],
    [
      'not logged in',
      { 'gh auth status': done('', 1, 'You are not logged into any GitHub hosts. To log in, run: gh auth login\n') },
      /^gh is not logged in \(gh auth status: You are not logged into any GitHub hosts.*\): run `gh auth login`$/,
    ],
    ['gh hangs', { 'gh auth status': 'timeout' }, /gh auth status did not answer in 20 s/],
    [
      'no such remote',
      { 'gh auth status': LOGGED_IN, 'git remote get-url origin': done('', 2, "error: No such remote 'origin'\n") },
      /^git remote origin does not exist: add it \(`git remote add origin <url>`\) or set ci\.remote in \.mstui\.json$/,
    ],
  ] as const)('%s: the one missing thing, as a line saying what to do', async (_name, replies, message) => {
    const runner = fakeRunner(replies as Record<string, Reply>);
    expect(await githubPreflight(runner, createGit(runner), '/repo', 'origin')).toMatch(message);
  });
});
